from django.core.management.base import BaseCommand

from portal.core import scheduler


class Command(BaseCommand):
    help = (
        "Run scheduled jobs (scheduled publishing every minute, and the daily jobs in "
        "PORTAL_SCHEDULE) until stopped. --once runs what is due and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run the jobs that are due, then exit"
        )
        parser.add_argument("--tick", type=float, default=30.0, help="Seconds between checks")

    def handle(self, *args, **options):
        if options["once"]:
            ran = scheduler.run_due()
            self.stdout.write(f"Ran: {', '.join(ran) or 'nothing was due'}")
            return
        try:
            scheduler.run_forever(tick=options["tick"])
        except KeyboardInterrupt:
            pass
