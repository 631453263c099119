import time

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Page

from portal.core.models import HomePage, StandardPage
from search import bulk, indexing


class Command(BaseCommand):
    help = (
        "Add many generated pages of about 400 words under /bulk-library/, for measuring search "
        "at scale (`make bench` uses 10,000). Not part of the demo; refused in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--words", type=int, default=400)
        parser.add_argument(
            "--no-index", action="store_true", help="Leave indexing to rebuild_search_index"
        )

    def handle(self, *args, count, words, no_index, **options):
        from django.conf import settings

        if not settings.PORTAL_DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("seed_bulk_pages is for development and benchmark databases only.")
        if count < 1 or count > 100_000:
            raise CommandError("--count must be between 1 and 100,000.")
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("Run seed_demo first: the pages go under the home page.")
        parent = StandardPage.objects.child_of(home).filter(slug="bulk-library").first()
        if parent is None:
            parent = StandardPage(
                title="Bulk library",
                slug="bulk-library",
                body=[],
                intro="Generated pages for measuring search at scale.",
            )
            home.add_child(instance=parent)
            parent.save_revision().publish()
        started = time.monotonic()
        existing = Page.objects.child_of(parent).count()
        ids = bulk.create_pages(
            parent, bulk.generated_pages(count, seed=2026 + existing, words=words)
        )
        self.stdout.write(f"Created {len(ids):,} pages in {time.monotonic() - started:.1f} s.")
        if not no_index:
            started = time.monotonic()
            indexing.index_pages(ids)
            self.stdout.write(f"Indexed them in {time.monotonic() - started:.1f} s.")
