from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from portal.core.setup import setup_portal


class Command(BaseCommand):
    help = (
        "Build the demo MAPPA portal: pages, snippets, glossary and demo accounts. "
        "Idempotent: a second run changes nothing. Refused under production settings."
    )

    def handle(self, *args, **options):
        if not settings.PORTAL_DEMO_ACCOUNTS_ALLOWED:
            raise CommandError(
                "seed_demo creates demo accounts with published passwords and is refused under "
                "these settings. Use portal.settings.dev for a demonstration portal."
            )
        context = {}
        with transaction.atomic():
            # The demo builds on what every deployment has; a database never migrated with
            # the set-up (or changed by hand since) gets it first.
            setup_portal()
            for path in settings.PORTAL_DEMO_SEEDERS:
                import_string(path)(context)
                self.stdout.write(f"  seeded {path.rsplit('.', 1)[0]}")
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
