"""The search index: one SearchUnit per searchable unit (a page, or a section of one).

A unit is split in two tables on purpose. SearchUnit is narrow (page, audience, kind, agencies):
filtering and counting tens of thousands of matches reads only these small rows, which is what
keeps a search of a common word fast. SearchUnitText holds what is shown and the pre-analysed
`fts_*` text; the full-text index over it is engine-specific (engines/fulltext_schema.py, made by
migration 0003: FTS5 tables on SQLite, tsvector columns of SearchUnit with GIN indexes on
PostgreSQL).
"""

from django.db import models


class SearchUnit(models.Model):
    """Who may find a unit (audience), what it is (kind) and which agencies it concerns."""

    PUBLIC = "public"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_units"
    )
    audience = models.CharField(max_length=20, default=PUBLIC)
    kind = models.CharField(max_length=20)
    # Space-delimited agency slugs with a space either side (" police probation "), so one
    # LIKE '% slug %' filters and one GROUP BY counts without a join table.
    agencies = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["audience", "kind"], name="portal_search_aud_kind")]

    def __str__(self):
        return f"unit {self.pk} of page {self.page_id} ({self.audience})"


class SearchUnitText(models.Model):
    """What a unit says and where it leads; the full-text index reads the `fts_*` columns."""

    unit = models.OneToOneField(
        SearchUnit, on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    anchor = models.CharField(max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=255)
    heading = models.CharField(max_length=255, blank=True)
    context_label = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    # Analysed text (stems separated by spaces).
    fts_title = models.TextField(blank=True)
    fts_heading = models.TextField(blank=True)
    fts_body = models.TextField(blank=True)
    fts_extra = models.TextField(blank=True)
    # Filter tokens (see engines/fulltext_schema.py): the unit's audience, and its kind and
    # agencies. Copies of SearchUnit's columns that the full-text index can filter and count by.
    fts_audience = models.CharField(max_length=80, blank=True, default="")
    fts_filters = models.TextField(blank=True, default="")

    def __str__(self):
        return f"{self.title} #{self.anchor}" if self.anchor else self.title


class ElasticsearchBacklog(models.Model):
    """Pages whose change has not reached Elasticsearch yet.

    While any row exists, searches use the database engine, which is always current, so a page
    restricted or unpublished while Elasticsearch was down can never be found through it.
    """

    page_id = models.IntegerField(primary_key=True)
    queued_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.page_id)
