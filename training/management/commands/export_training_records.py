import csv
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.core.spreadsheets import safe_rows
from training.records import SAR_COLUMNS, subject_access_rows


class Command(BaseCommand):
    help = (
        "Every training attempt and completion that names one person, as CSV, for a subject "
        "access request (to standard output, or --output FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--output", help="Write the CSV to this file instead")

    def handle(self, *args, username, output=None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account with the username {username!r}.")
        rows = subject_access_rows(user)
        handle = open(output, "w", newline="", encoding="utf-8") if output else self.stdout
        try:
            writer = csv.DictWriter(handle, fieldnames=SAR_COLUMNS)
            writer.writeheader()
            writer.writerows(safe_rows(rows))
        finally:
            if output:
                handle.close()
        if output:
            sys.stderr.write(f"Wrote {len(rows)} record(s) for {username} to {output}.\n")
