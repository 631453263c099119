"""The one permission-aware entry point for search: the search page and the API both call
`search()`, and nothing else asks the engines anything on behalf of a reader.

Privacy is built in three times over: the engines filter by the reader's audiences inside the
query (so results, counts and facets never include restricted units), the pages of the
returned results are re-checked against the database (so a page restricted a moment ago, or
while Elasticsearch was down, disappears), and facet labels, promotions and suggestions are
read through the same visibility rules.
"""

import logging
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString

from wagtail.models import Page

from portal.core.models import GlossaryTerm
from portal.core.visibility import readable_audiences, readable_pages

from . import indexing
from .engines.database import DatabaseEngine
from .plan import build_plan, clean_query
from .text import highlight, is_stopword, words
from .units import KIND_LABELS
from .vocabulary import current_vocabulary

logger = logging.getLogger("search")

PER_PAGE = 10
MAX_FILTER_VALUES = 20
MAX_PAGE_DIGITS = 9
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# What /api/v2/search/ understands; anything else is a 400 that lists these, like /api/v2/pages/.
API_PARAMETERS = ("q", "kind", "agency", "page", "limit")
API_LIMIT_MAX = 50  # the same ceiling as the pages API (WAGTAILAPI_LIMIT_MAX)


class SearchInputError(ValueError):
    """A parameter a person can correct; the message says how."""


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple = ()
    agencies: tuple = ()

    @property
    def active(self):
        return bool(self.kinds or self.agencies)


@dataclass(frozen=True)
class SearchParams:
    query: str
    filters: SearchFilters
    page: int
    per_page: int = PER_PAGE


@dataclass
class Hit:
    title: str
    heading: str
    url: str
    kind: str
    kind_label: str
    context: str
    snippet: SafeString
    page_id: int
    anchor: str

    @property
    def is_section(self):
        return bool(self.anchor)

    @property
    def where(self):
        """The line under a result saying where it is: a section names its page, except on
        the home page, whose title (the portal's name) would read as "Section of the portal"."""
        if not self.heading:
            return self.context
        if self.url.split("#", 1)[0] == "/":
            return f"{self.title} home page"
        return f"Section of {self.context or self.title}"

    def as_dict(self):
        return {
            "title": self.heading or self.title,
            "page_title": self.title,
            "section": self.heading or None,
            "url": self.url,
            "anchor": self.anchor or None,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "context": self.context,
            "where": self.where,
            "snippet": str(self.snippet),
            "page_id": self.page_id,
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    count_is_lower_bound: bool = False  # there are more than `count`

    @property
    def count_text(self):
        return f"{self.count:,}"

    def as_dict(self):
        """count_is_lower_bound is there, true, only on a count that stopped at the cap."""
        out = {"value": self.value, "label": self.label, "count": self.count}
        if self.count_is_lower_bound:
            out["count_is_lower_bound"] = True
        return out | {"selected": self.selected}


@dataclass
class SearchResults:
    query: str = ""
    truncated: bool = False
    filters: SearchFilters = field(default_factory=SearchFilters)
    results: list = field(default_factory=list)
    total: int = 0
    total_is_lower_bound: bool = False  # there are more than `total`; only `total` can be paged
    page_number: int = 1
    per_page: int = PER_PAGE
    kind_facets: list = field(default_factory=list)
    agency_facets: list = field(default_factory=list)
    promotions: list = field(default_factory=list)
    related_terms: list = field(default_factory=list)
    relaxed: bool = False
    engine: str = ""

    @property
    def total_text(self):
        return f"{self.total:,}"

    @property
    def page_count(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def first_number(self):
        return (self.page_number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_number(self):
        return self.first_number + len(self.results) - 1 if self.results else 0

    def as_dict(self):
        return {
            "query": self.query,
            "truncated": self.truncated,
            "total": self.total,
            "total_is_lower_bound": self.total_is_lower_bound,
            "page": self.page_number,
            "pages": self.page_count,
            "per_page": self.per_page,
            "relaxed": self.relaxed,
            "filters": {"kind": list(self.filters.kinds), "agency": list(self.filters.agencies)},
            "promotions": self.promotions,
            "results": [hit.as_dict() for hit in self.results],
            "facets": {
                "kind": [f.as_dict() for f in self.kind_facets],
                "agency": [f.as_dict() for f in self.agency_facets],
            },
            "related_terms": [
                {"term": t.term, "meaning": t.meaning, "url": f"{reverse('glossary')}#{t.anchor}"}
                for t in self.related_terms
            ],
        }


def parse_params(params):
    """SearchParams from a GET QueryDict; unknown filter values are dropped, a page number that
    is not a whole number of at least 1, or is absurdly large, is refused with a message."""
    query = params.get("q", "")
    raw_page = (params.get("page") or "1").strip()
    if not raw_page.isascii() or not raw_page.isdigit():
        raise SearchInputError("The page number must be a whole number, such as 2.")
    if len(raw_page.lstrip("0")) > MAX_PAGE_DIGITS:
        raise SearchInputError(
            "The page number is too large: there are not that many pages of results. "
            "Choose a page from 1 to the number of pages shown."
        )
    page = int(raw_page)
    if page < 1:
        raise SearchInputError("The page number must be 1 or more.")
    kinds = tuple(
        dict.fromkeys(k for k in params.getlist("kind")[:MAX_FILTER_VALUES] if k in KIND_LABELS)
    )
    agencies = tuple(
        dict.fromkeys(a for a in params.getlist("agency")[:MAX_FILTER_VALUES] if SLUG_RE.match(a))
    )
    return SearchParams(query, SearchFilters(kinds, agencies), page)


def _quoted(values, most=5):
    shown = [repr(v[:40]) for v in values[:most]]
    return ", ".join(shown) + (" and more" if len(values) > most else "")


def parse_api_params(request):
    """SearchParams for the JSON API, which is strict where the page is forgiving: an unknown
    parameter, kind or agency, or a limit outside 1 to 50, is a 400 that says what is accepted.
    An agency the reader may not read is as unknown as one that does not exist."""
    params = request.GET
    unknown = [name for name in params if name not in API_PARAMETERS]
    if unknown:
        hint = " Use page (and limit) instead of offset." if "offset" in unknown else ""
        raise SearchInputError(
            f"Unknown parameter {_quoted(unknown)}. The search API accepts only "
            f"q, kind, agency, page and limit (1 to {API_LIMIT_MAX} results a page).{hint}"
        )
    parsed = parse_params(params)
    kinds = [k for k in params.getlist("kind") if k and k not in KIND_LABELS]
    if kinds:
        raise SearchInputError(
            f"Unknown kind {_quoted(kinds)}. Known kinds: {', '.join(KIND_LABELS)}."
        )
    wanted = [a for a in params.getlist("agency") if a]
    if wanted:
        from portal.agencies.models import AgencyPage

        known = set(
            readable_pages(
                request, AgencyPage.objects.filter(slug__in=wanted[:MAX_FILTER_VALUES])
            ).values_list("slug", flat=True)
        )
        missing = [a for a in wanted if a not in known]
        if missing:
            raise SearchInputError(
                f"Unknown agency {_quoted(missing)}. Use the slug of an agency page, "
                "as listed in facets.agency, such as 'police'."
            )
    per_page = PER_PAGE
    raw_limit = (params.get("limit") or "").strip()
    if raw_limit:
        digits = raw_limit.lstrip("0")
        valid = raw_limit.isascii() and raw_limit.isdigit() and len(digits) <= 3
        if not valid or not 1 <= int(digits or "0") <= API_LIMIT_MAX:
            raise SearchInputError(
                f"limit must be a whole number from 1 to {API_LIMIT_MAX}, the results on each page."
            )
        per_page = int(digits)
    return SearchParams(parsed.query, parsed.filters, parsed.page, per_page)


def run_engine(plan, audiences, filters, page_number, per_page):
    """Ask Elasticsearch when it is configured, current and answering; else the database."""
    args = (plan, audiences, filters.kinds, filters.agencies, page_number, per_page)
    if indexing.elasticsearch_enabled():
        from .engines import elastic

        reason = elastic.unavailable_reason()
        if reason is None:
            try:
                return elastic.ElasticsearchEngine().search(*args)
            except elastic.UNAVAILABLE as error:
                elastic.mark_down(error)
                logger.warning("search: answering from the database because Elasticsearch failed")
        else:
            logger.info("search: answering from the database because Elasticsearch %s", reason)
    return DatabaseEngine().search(*args)


def search(request, query, filters=None, page_number=1, per_page=PER_PAGE):
    """Results, facet counts and total for what this request may read."""
    filters = filters or SearchFilters()
    query, truncated = clean_query(query)
    results = SearchResults(query=query, truncated=truncated, filters=filters, per_page=per_page)
    if not query:
        return results
    audiences = readable_audiences(request)
    plan = build_plan(query, current_vocabulary())
    if page_number == 1:
        results.promotions = promotions(request, query)
    if plan.empty:
        results.related_terms = related_terms(query)
        return results
    response = run_engine(plan, audiences, filters, page_number, per_page)
    results.engine = response.engine
    results.total = response.total
    results.total_is_lower_bound = response.total_is_lower_bound
    results.page_number = response.page_number
    results.relaxed = response.relaxed

    page_ids = {hit.page_id for hit in response.hits}
    readable = (
        set(
            readable_pages(request, Page.objects.filter(pk__in=page_ids)).values_list(
                "pk", flat=True
            )
        )
        if page_ids
        else set()
    )
    for hit in response.hits:
        if hit.page_id not in readable:
            logger.warning("search: dropped unit of page %s the reader may not read", hit.page_id)
            continue
        results.results.append(
            Hit(
                title=hit.title,
                heading=hit.heading,
                url=hit.url,
                kind=hit.kind,
                kind_label=KIND_LABELS.get(hit.kind, KIND_LABELS["page"]),
                context=hit.context_label,
                snippet=hit.snippet or highlight(hit.body, plan.phrases),
                page_id=hit.page_id,
                anchor=hit.anchor,
            )
        )
    cap = response.count_cap
    results.kind_facets = [
        facet_value(kind, label, response.kind_counts.get(kind, 0), kind in filters.kinds, cap)
        if kind not in response.lower_bound_kinds
        else FacetValue(kind, label, response.kind_counts[kind], kind in filters.kinds, True)
        for kind, label in KIND_LABELS.items()
        if response.kind_counts.get(kind) or kind in filters.kinds
    ]
    results.agency_facets = agency_facets(request, response.agency_counts, filters.agencies, cap)
    if not results.total:
        results.related_terms = related_terms(query)
    return results


def facet_value(value, label, count, selected, cap=None):
    """A filter option; an engine's count above its cap is shown as "more than" the cap."""
    if cap is not None and count > cap:
        return FacetValue(value, label, cap, selected, count_is_lower_bound=True)
    return FacetValue(value, label, count, selected)


def agency_facets(request, counts, selected, cap=None):
    """Agency filter options, labelled with the titles of agency pages this reader may read:
    the title is what a reader recognises from the agency page; the short name is for tags."""
    from portal.agencies.models import AgencyPage

    slugs = set(counts) | set(selected)
    if not slugs:
        return []
    agencies = readable_pages(request, AgencyPage.objects.filter(slug__in=slugs)).order_by("path")
    return [
        facet_value(a.slug, a.title, counts.get(a.slug, 0), a.slug in selected, cap)
        for a in agencies.only("slug", "title", "path")
        if counts.get(a.slug) or a.slug in selected
    ]


def promotions(request, query):
    """Editor's picks for exactly this query, limited to pages the reader may read."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    if not picks:
        return []
    page_ids = {p.page_id for p in picks if p.page_id}
    readable = set(
        readable_pages(request, Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True)
    )
    roots = indexing.root_paths()
    out = []
    for pick in picks:
        if pick.page_id:
            url = indexing.page_url(pick.page.url_path, roots) if pick.page_id in readable else None
            if url is None:
                continue
            out.append({"title": pick.page.title, "url": url, "description": pick.description})
        elif pick.external_link_url:
            out.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return out


def related_terms(query, limit=5):
    """Glossary terms that share a word with the query, to suggest when nothing was found."""
    significant = [w for w in words(query) if len(w) > 1 and not is_stopword(w)][:8]
    if not significant:
        return []
    condition = Q()
    for word in significant:
        condition |= Q(term__icontains=word) | Q(synonyms__icontains=word)
    return list(GlossaryTerm.objects.filter(condition).order_by("term")[:limit])
