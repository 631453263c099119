from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = "Search"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401  (connect receivers, register checks)
