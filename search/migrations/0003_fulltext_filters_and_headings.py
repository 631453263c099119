"""Version 2 of the full-text index (search/engines/fulltext_schema.py): filter tokens stored with
each unit's text (fts_audience, fts_filters), so searches filter and count by audience, kind and
agency inside the full-text index; a separate index of titles and headings; and on PostgreSQL the
vectors move to the narrow SearchUnit table.

On an existing database the filter tokens are filled from SearchUnit here and the new index is
built from the stored text, so search works straight after `migrate`, with no rebuild needed.
"""

from django.db import migrations, models


def forward(apps, schema_editor):
    from search.engines import fulltext_schema

    connection = schema_editor.connection
    fulltext_schema.drop(connection)  # version 1, before its triggers fire on the updates below
    SearchUnit = apps.get_model("portal_search", "SearchUnit")
    rows = SearchUnit.objects.using(connection.alias).values_list(
        "id", "audience", "kind", "agencies"
    )
    with connection.cursor() as cursor:
        batch = []
        for pk, audience, kind, agencies in rows.iterator(chunk_size=2000):
            batch.append(
                (
                    fulltext_schema.audience_token(audience),
                    fulltext_schema.filter_text(kind, agencies.split()),
                    pk,
                )
            )
            if len(batch) == 2000:
                cursor.executemany(
                    "UPDATE portal_search_searchunittext SET fts_audience = %s, fts_filters = %s WHERE unit_id = %s",
                    batch,
                )
                batch = []
        if batch:
            cursor.executemany(
                "UPDATE portal_search_searchunittext SET fts_audience = %s, fts_filters = %s WHERE unit_id = %s",
                batch,
            )
    fulltext_schema.create(connection, version=2)


def backward(apps, schema_editor):
    from search.engines import fulltext_schema

    fulltext_schema.drop(schema_editor.connection)
    fulltext_schema.create(schema_editor.connection, version=1)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_fulltext_index")]

    operations = [
        migrations.AddField(
            model_name="searchunittext",
            name="fts_audience",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        migrations.AddField(
            model_name="searchunittext",
            name="fts_filters",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(forward, backward),
    ]
