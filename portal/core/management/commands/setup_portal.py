from django.core.management.base import BaseCommand

from portal.core.setup import setup_portal


class Command(BaseCommand):
    help = (
        "Set up what every deployment needs: the home page and empty sections, the portal's "
        "groups and permissions, and the SMB sign-off workflow. Idempotent; also runs after "
        "every migrate."
    )

    def handle(self, *args, **options):
        report = setup_portal()
        for change in report.changes:
            self.stdout.write(f"  {change}")
        for note in report.notes:
            self.stderr.write(self.style.WARNING(note))
        self.stdout.write(self.style.SUCCESS("The portal is set up."))
