"""Demo search: editor's picks for common queries, and an index in step with the demo pages.

Publishing indexes pages through the signal handlers; this step only rebuilds the index when it
is out of step with the live pages (a database from before search existed), so a second run of
seed_demo changes nothing.
"""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from portal.core.demo.seeding import ensure_object

from . import indexing
from .models import SearchUnit

PROMOTIONS = [
    (
        "MAPPA",
        "about",
        "What MAPPA is, who takes part, the categories of offender and the levels of management.",
    ),
    (
        "agencies",
        "agency_index",
        "The Responsible Authority and every duty-to-co-operate agency, with their roles.",
    ),
]


def index_in_step():
    roots = indexing.root_paths()
    live = {
        pk
        for pk, url_path in Page.objects.live().filter(depth__gt=1).values_list("pk", "url_path")
        if indexing.page_url(url_path, roots) is not None
    }
    indexed = set(SearchUnit.objects.values_list("page_id", flat=True).distinct())
    return live <= indexed


def seed(context):
    for query_string, key, description in PROMOTIONS:
        page = context.get(key)
        if page is None:
            continue
        query, _ = Query.objects.get_or_create(query_string=normalise_query_string(query_string))
        ensure_object(
            SearchPromotion, {"query": query, "page": page}, description=description, sort_order=0
        )
    if not index_in_step():
        indexing.rebuild()
