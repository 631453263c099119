from django.core.management.base import BaseCommand

from training.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail learners whose training pass expires within 30 days or has expired: once per "
        "pass and threshold. Scheduled daily (PORTAL_SCHEDULE)."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} training reminder{'s' if sent != 1 else ''}.")
