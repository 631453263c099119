from django.conf import settings
from django.core.management.base import BaseCommand

from training.records import anonymise_expired_records


class Command(BaseCommand):
    help = (
        "Make training attempts and completions older than PORTAL_TRAINING_RETENTION_DAYS "
        "anonymous (a completion still valid waits until it expires). Scheduled daily."
    )

    def handle(self, *args, **options):
        attempts, completions = anonymise_expired_records()
        self.stdout.write(
            f"Made {attempts} attempt(s) and {completions} completion(s) older than "
            f"{settings.PORTAL_TRAINING_RETENTION_DAYS} days anonymous."
        )
