"""The at-scale engine: Elasticsearch 8 through elasticsearch.dsl (in the official client).

Chosen when settings.ELASTICSEARCH_URL is set. It mirrors the database index (SearchUnit rows),
analyses text itself (glossary synonyms as a search-time synonym_graph), filters by audience in
the query, counts facets with aggregations and highlights with its own highlighter. Calls use a
short timeout; on any failure the caller answers from the database engine instead.
"""

import logging
import threading
import time

import elastic_transport
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import (
    Document,
    Index,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    char_filter,
    token_filter,
)

from django.conf import settings
from django.utils import timezone

from ..text import MARK_END, MARK_START, marked_to_html
from . import EngineHit, EngineResponse, clamp_page

logger = logging.getLogger("search")

UNAVAILABLE = (elastic_transport.TransportError, ApiError, helpers.BulkIndexError)
MAX_RESULT_WINDOW = 10_000
COOL_DOWN = 30.0  # seconds without trying Elasticsearch after it failed

# -- analysis -----------------------------------------------------------------------------

hyphen_join = char_filter(
    "portal_hyphen_join", "pattern_replace", pattern=r"(?<=\w)[-\u2010\u2011](?=\w)", replacement=""
)
possessive = token_filter("portal_possessive", "stemmer", language="possessive_english")
english_stemmer = token_filter("portal_english_stemmer", "stemmer", language="english")

# Index time: words split at hyphens ("co-operate" -> co, operate), folded and stemmed.
TEXT_ANALYZER, JOINED_ANALYZER = "portal_text", "portal_joined"
text_analyzer = analyzer(
    TEXT_ANALYZER,
    tokenizer="standard",
    filter=["lowercase", "asciifolding", possessive, english_stemmer],
)
# Index time, second copy: hyphenated words joined ("co-operate" -> cooperate).
joined_analyzer = analyzer(
    JOINED_ANALYZER,
    tokenizer="standard",
    char_filter=[hyphen_join],
    filter=["lowercase", "asciifolding", possessive, english_stemmer],
)
SEARCH_ANALYZER = "portal_search"


def synonym_filter(rules):
    return token_filter(
        "portal_glossary_synonyms", "synonym_graph", synonyms=list(rules), lenient=True
    )


def search_analyzer(rules):
    """Search time: the glossary's synonyms expand the query (before stemming), both ways."""
    return analyzer(
        SEARCH_ANALYZER,
        tokenizer="standard",
        filter=["lowercase", "asciifolding", possessive, synonym_filter(rules), english_stemmer],
    )


def _text(**kwargs):
    return Text(analyzer=text_analyzer, search_analyzer=SEARCH_ANALYZER, **kwargs)


class SearchUnitDocument(Document):
    """One search unit (a page or a section), as Elasticsearch stores it.

    `all_text` is written out in each document rather than filled by copy_to: the emulator CI
    runs against ignores copy_to, and an explicit field means the same on every server.
    """

    page_id = Integer()
    position = Integer()
    anchor = Keyword(index=False)
    title = _text()
    heading = _text()
    body = _text()
    context_label = Keyword()
    all_text = _text(
        fields={"joined": Text(analyzer=joined_analyzer, search_analyzer=SEARCH_ANALYZER)}
    )
    kind = Keyword()
    audience = Keyword()
    agencies = Keyword(multi=True)
    url = Keyword(index=False)

    class Index:
        name = "mappa-search"

    @classmethod
    def from_unit(cls, unit):
        """The document for a SearchUnit (with its text) from the database index."""
        text = unit.text
        return cls(
            meta={"id": unit.pk},
            page_id=unit.page_id,
            position=text.position,
            anchor=text.anchor,
            title=text.title,
            heading=text.heading,
            body=text.body,
            context_label=text.context_label,
            all_text=" ".join(
                part for part in (text.title, text.heading, text.body, text.context_label) if part
            ),
            kind=unit.kind,
            audience=unit.audience,
            agencies=unit.agencies.split(),
            url=text.url,
        )


def alias_name():
    return getattr(settings, "ELASTICSEARCH_INDEX", "") or "mappa-search"


def build_index(name, rules):
    """The index definition (settings, analysers with these synonym rules, mappings)."""
    index = Index(name)
    index.settings(number_of_shards=1, max_result_window=MAX_RESULT_WINDOW)
    index.analyzer(search_analyzer(rules))
    index.document(SearchUnitDocument)
    return index


# -- connection ---------------------------------------------------------------------------

_state = {"client": None, "url": None, "down_until": 0.0, "nudged": 0.0}
_lock = threading.Lock()


def get_client():
    url = settings.ELASTICSEARCH_URL
    with _lock:
        if _state["client"] is None or _state["url"] != url:
            _state["client"] = Elasticsearch(
                url,
                request_timeout=float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 1.0)),
                max_retries=0,
                retry_on_timeout=False,
            )
            _state["url"] = url
        return _state["client"]


def indexing_client():
    return get_client().options(
        request_timeout=float(getattr(settings, "ELASTICSEARCH_INDEX_TIMEOUT", 30.0))
    )


def mark_down(error):
    """Stop trying Elasticsearch for a while: a dead cluster must not slow every search."""
    _state["down_until"] = time.monotonic() + COOL_DOWN
    logger.warning("search: Elasticsearch failed (%s: %s)", type(error).__name__, error)


def reset():
    _state.update(client=None, url=None, down_until=0.0, nudged=0.0)


def unavailable_reason():
    """Why searches should not ask Elasticsearch now, or None if they may."""
    from ..models import ElasticsearchBacklog

    if time.monotonic() < _state["down_until"]:
        return "it failed less than a minute ago"
    if ElasticsearchBacklog.objects.exists():
        _nudge_sync()
        return "it has not yet received every change"
    return None


def _nudge_sync():
    # At most once a minute per process, ask for the backlog to be sent again.
    now = time.monotonic()
    if now - _state["nudged"] < 60:
        return
    _state["nudged"] = now
    from ..tasks import sync_elasticsearch_task

    sync_elasticsearch_task.enqueue()


# -- queries ------------------------------------------------------------------------------


def _phrases(field, clause, analyzer, boost=None):
    """Any of a clause's alternatives as a phrase in one field (a bool of match_phrase)."""
    options = {"analyzer": analyzer} | ({"boost": boost} if boost else {})
    return Q(
        "bool",
        should=[Q("match_phrase", **{field: {"query": s} | options}) for s in clause.surfaces],
        minimum_should_match=1,
    )


def build_search(plan, audiences, kinds, agencies, page_number, per_page, relaxed=False):
    """The Search for one page of results, facet counts and highlights (no client needed).

    Each clause of the plan must match (any clause, when relaxed), as any of its alternatives
    from the glossary, each a phrase analysed without synonyms. The glossary is expanded here,
    not by the index's synonym_graph, because `match` with operator "and" over a synonym graph
    behaves differently on Elasticsearch and on the emulator CI uses; explicit phrases mean the
    same on both, and the same as on the database engine.
    """
    clauses = [
        Q(
            "bool",
            should=[
                _phrases("all_text", clause, TEXT_ANALYZER),
                _phrases("all_text.joined", clause, JOINED_ANALYZER),
            ],
            minimum_should_match=1,
        )
        for clause in plan.clauses
        if clause.surfaces
    ]
    if relaxed:
        matches = Q("bool", should=clauses, minimum_should_match=1)
    else:
        matches = Q("bool", must=clauses)
    boosts = []
    for clause in plan.clauses:
        if clause.surfaces:
            boosts += [
                _phrases("title", clause, TEXT_ANALYZER, boost=10),
                _phrases("heading", clause, TEXT_ANALYZER, boost=5),
                _phrases("body", clause, TEXT_ANALYZER),
            ]
    text = plan.es_text or plan.text
    boosts.append(
        Q("match_phrase", body={"query": text, "slop": 3, "boost": 2, "analyzer": TEXT_ANALYZER})
    )
    search = Search(index=alias_name()).query(
        Q("bool", must=[matches], should=boosts, filter=[Q("terms", audience=list(audiences))])
    )
    kind_filter = Q("terms", kind=list(kinds)) if kinds else Q("match_all")
    agency_filter = Q("terms", agencies=list(agencies)) if agencies else Q("match_all")
    if kinds or agencies:
        search = search.post_filter(Q("bool", filter=[kind_filter, agency_filter]))
    search.aggs.bucket("matched", "filter", filter=Q("match_all"))
    search.aggs.bucket("kinds", "filter", filter=agency_filter).bucket(
        "values", "terms", field="kind", size=20
    )
    search.aggs.bucket("agencies", "filter", filter=kind_filter).bucket(
        "values", "terms", field="agencies", size=200
    )
    search = search.highlight_options(
        pre_tags=[MARK_START], post_tags=[MARK_END], require_field_match=False
    ).highlight("body", fragment_size=240, number_of_fragments=1, no_match_size=240)
    search = search.sort("_score", "page_id", "position").extra(track_total_hits=True)
    search = search.source(
        [
            "page_id",
            "anchor",
            "title",
            "heading",
            "body",
            "context_label",
            "kind",
            "url",
            "position",
        ]
    )
    last_page = max(1, (MAX_RESULT_WINDOW - per_page) // per_page + 1)
    offset = (min(max(1, page_number), last_page) - 1) * per_page
    return search[offset : offset + per_page]


class ElasticsearchEngine:
    name = "elasticsearch"

    def _execute(self, plan, audiences, kinds, agencies, page_number, per_page, relaxed):
        search = build_search(plan, audiences, kinds, agencies, page_number, per_page, relaxed)
        return search.using(get_client()).execute()

    def search(self, plan, audiences, kinds, agencies, page_number, per_page):
        args = (plan, audiences, kinds, agencies)
        result = self._execute(*args, page_number, per_page, False)
        relaxed = False
        if result.aggregations.matched.doc_count == 0 and len(plan.clauses) > 1:
            result = self._execute(*args, page_number, per_page, True)
            relaxed = result.aggregations.matched.doc_count > 0
        total = result.hits.total.value
        page = clamp_page(page_number, total, per_page)
        page = min(page, max(1, (MAX_RESULT_WINDOW - per_page) // per_page + 1))
        if page != page_number and total:
            result = self._execute(*args, page, per_page, relaxed)
        return parse_response(result, page, relaxed)


def parse_response(result, page_number, relaxed=False):
    """An EngineResponse from an elasticsearch.dsl Response; highlight fragments are escaped
    before our <mark> tags go in, like every snippet."""
    response = EngineResponse(
        engine=ElasticsearchEngine.name,
        total=result.hits.total.value,
        page_number=page_number,
        relaxed=relaxed,
    )
    response.kind_counts = {b.key: b.doc_count for b in result.aggregations.kinds["values"].buckets}
    response.agency_counts = {
        b.key: b.doc_count for b in result.aggregations.agencies["values"].buckets
    }
    for hit in result:
        fragments = getattr(getattr(hit.meta, "highlight", None), "body", None)
        response.hits.append(
            EngineHit(
                unit_id=int(hit.meta.id),
                page_id=int(hit.page_id),
                anchor=getattr(hit, "anchor", "") or "",
                title=getattr(hit, "title", "") or "",
                heading=getattr(hit, "heading", "") or "",
                body=getattr(hit, "body", "") or "",
                context_label=getattr(hit, "context_label", "") or "",
                kind=hit.kind,
                url=hit.url,
                snippet=_snippet(fragments),
            )
        )
    return response


def _snippet(fragments):
    """Elasticsearch's highlight as HTML, or None (the caller highlights the body itself) when
    nothing in the fragment is marked: the match was in the title or heading, or the emulator's
    highlighter missed a phrase (it does for a phrase whose first word recurs later)."""
    if not fragments or MARK_START not in fragments[0]:
        return None
    return marked_to_html(fragments[0])


# -- indexing -----------------------------------------------------------------------------


def document_actions(units, index):
    for unit in units:
        yield SearchUnitDocument.from_unit(unit).to_dict(include_meta=True) | {"_index": index}


def replace_pages(page_ids):
    """Make Elasticsearch hold exactly the database's units for these pages."""
    from ..models import SearchUnit

    client = indexing_client()
    alias = alias_name()
    if not client.indices.exists_alias(name=alias) and not client.indices.exists(index=alias):
        rebuild()
        return
    client.delete_by_query(
        index=alias, query={"terms": {"page_id": list(page_ids)}}, refresh=True, conflicts="proceed"
    )
    units = (
        SearchUnit.objects.filter(page_id__in=page_ids)
        .select_related("text")
        .iterator(chunk_size=1000)
    )
    helpers.bulk(client, document_actions(units, alias), refresh="wait_for")


def rebuild(progress=None):
    """Build a new index from the database units, then point the alias at it in one step."""
    from ..models import ElasticsearchBacklog, SearchUnit
    from ..vocabulary import Vocabulary, glossary_groups

    client = indexing_client()
    alias = alias_name()
    started = timezone.now()
    name = f"{alias}-{time.strftime('%Y%m%d%H%M%S')}-{int(time.time() * 1000) % 1000:03d}"
    rules = Vocabulary.from_groups(glossary_groups()).synonym_rules()
    build_index(name, rules).create(using=client)
    units = SearchUnit.objects.select_related("text").order_by("pk").iterator(chunk_size=2000)
    helpers.bulk(client, document_actions(units, name), chunk_size=1000)
    client.indices.refresh(index=name)
    old = []
    if client.indices.exists_alias(name=alias):
        old = list(client.indices.get_alias(name=alias).body)
    elif client.indices.exists(index=alias):
        client.indices.delete(index=alias)  # a plain index in the alias's place
    actions = [{"add": {"index": name, "alias": alias}}]
    actions += [{"remove": {"index": index, "alias": alias}} for index in old]
    client.indices.update_aliases(actions=actions)
    for index in old:
        client.indices.delete(index=index)
    ElasticsearchBacklog.objects.filter(queued_at__lte=started).delete()
    return name
