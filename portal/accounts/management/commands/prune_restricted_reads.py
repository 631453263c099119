from django.conf import settings
from django.core.management.base import BaseCommand

from portal.accounts.audit import prune_restricted_reads


class Command(BaseCommand):
    help = (
        "Delete records of reads of restricted material older than "
        "PORTAL_RESTRICTED_READ_RETENTION_DAYS (run daily by the scheduler)."
    )

    def handle(self, *args, **options):
        deleted = prune_restricted_reads(settings.PORTAL_RESTRICTED_READ_RETENTION_DAYS)
        self.stdout.write(f"Deleted {deleted} records of restricted reads.")
