"""The full-text index over SearchUnit's analysed columns, made for the database in use.

SQLite: an external-content FTS5 table kept in step by triggers (ranked with bm25()).
PostgreSQL: a generated, weighted tsvector column with a GIN index (ranked with ts_rank_cd()).
The text is analysed in Python before it is stored, so both use plain tokenisation.
"""

from django.db import migrations


def forward(apps, schema_editor):
    from search.engines import fulltext_schema

    fulltext_schema.create(schema_editor.connection)


def backward(apps, schema_editor):
    from search.engines import fulltext_schema

    fulltext_schema.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
