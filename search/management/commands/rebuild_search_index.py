import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.engines import fulltext_schema


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every live page: the database index always, and the "
        "Elasticsearch index too when ELASTICSEARCH_URL is set. Shows a progress bar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=indexing.BATCH_SIZE)

    def handle(self, *args, batch_size, **options):
        self.verbosity = options["verbosity"]
        if fulltext_schema.ensure_fulltext():
            self.stdout.write("  recreated the full-text index tables")
        tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        last = {"tenth": -1, "start": time.monotonic()}

        def progress(done, total):
            if self.verbosity == 0:
                return
            fraction = done / total if total else 1.0
            bar = "#" * int(fraction * 30)
            line = f"  [{bar:<30}] {fraction:4.0%}  {done:,}/{total:,} pages"
            if tty:
                self.stdout.write(f"\r{line}", ending="")
                if done >= total:
                    self.stdout.write("")
            elif int(fraction * 10) != last["tenth"]:  # one line per tenth in logs
                last["tenth"] = int(fraction * 10)
                self.stdout.write(line)
            sys.stdout.flush()

        if self.verbosity:
            self.stdout.write("Rebuilding the search index")
        try:
            pages, units, seconds = indexing.rebuild(progress=progress, batch_size=batch_size)
        except Exception as error:
            from search.engines import elastic

            if isinstance(error, elastic.UNAVAILABLE):
                raise CommandError(
                    f"The database index is rebuilt, but Elasticsearch failed: {error}"
                ) from error
            raise
        if self.verbosity:
            engines = (
                "database and Elasticsearch" if indexing.elasticsearch_enabled() else "database"
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {pages:,} pages as {units:,} search units in {seconds:.1f} s ({engines})."
                )
            )
