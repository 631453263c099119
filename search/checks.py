"""System checks: the full-text index exists for this database, and Elasticsearch settings
make sense."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder


@register(Tags.database)
def fulltext_index_check(app_configs, databases=None, **kwargs):
    """Run with `manage.py check --database default`: FTS5 present and the index complete."""
    if not databases or "default" not in databases:
        return []
    from .engines import fulltext_schema

    errors = []
    if connection.vendor == "sqlite" and not fulltext_schema.sqlite_has_fts5(connection):
        errors.append(Error(fulltext_schema.NO_FTS5, id="portal_search.E001"))
        return errors
    try:
        applied = MigrationRecorder(connection).applied_migrations()
        if ("portal_search", fulltext_schema.MIGRATION) not in applied:
            return []  # not migrated yet: migrate creates it
        missing = fulltext_schema.missing_parts(connection)
    except DatabaseError:
        return []
    if missing:
        errors.append(
            Error(
                f"The search index is missing {', '.join(missing)}.",
                hint="Run `manage.py rebuild_search_index`, which recreates it.",
                id="portal_search.E002",
            )
        )
    return errors


@register()
def elasticsearch_settings_check(app_configs, **kwargs):
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if url and not url.startswith(("http://", "https://")):
        return [
            Warning(
                "ELASTICSEARCH_URL should start with http:// or https://.",
                id="portal_search.W001",
            )
        ]
    return []
