"""Elasticsearch: the index definition, documents and query bodies the portal builds (always), the
fall-back to the database when the cluster cannot be reached (always: a closed local port), and
live tests against a real cluster that run only when ELASTICSEARCH_URL is set.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python -m pytest tests/search -m elasticsearch
"""

import http.client
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from elasticsearch.dsl import Search
from elasticsearch.dsl.response import Response

from django.test import Client, override_settings

from portal.core.models import GlossaryTerm
from search.engines import elastic
from search.engines.database import DatabaseEngine
from search.models import ElasticsearchBacklog, SearchUnit
from search.plan import build_plan
from search.queries import search
from search.vocabulary import Vocabulary, current_vocabulary, glossary_groups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_connection():
    elastic.reset()
    yield
    elastic.reset()


# -- what the portal sends --------------------------------------------------------------------


def test_index_definition_has_our_analysers_and_the_glossary_synonyms():
    rules = Vocabulary.from_groups(glossary_groups()).synonym_rules()
    body = elastic.build_index("mappa-search-test", rules).to_dict()
    analysis = body["settings"]["analysis"]
    synonyms = analysis["filter"]["portal_glossary_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert (
        "RSO, Registered sexual offender, registered sex offender, sex offender register, Category 1"
        in synonyms["synonyms"]
    )
    assert "DTC, Duty to co-operate, duty to cooperate, DTC agency" in synonyms["synonyms"]
    assert "Level 3, L3, level 3 meeting" in synonyms["synonyms"]
    # Synonyms apply at search time, before stemming; hyphenated words also index joined.
    assert analysis["analyzer"]["portal_search"]["filter"] == [
        "lowercase",
        "asciifolding",
        "portal_possessive",
        "portal_glossary_synonyms",
        "portal_english_stemmer",
    ]
    assert "portal_glossary_synonyms" not in analysis["analyzer"]["portal_text"]["filter"]
    assert analysis["analyzer"]["portal_joined"]["char_filter"] == ["portal_hyphen_join"]

    properties = body["mappings"]["properties"]
    for name in ("audience", "kind", "agencies"):
        assert properties[name] == {"type": "keyword"}
    for name in ("title", "heading", "body"):
        assert properties[name]["analyzer"] == "portal_text"
        assert properties[name]["search_analyzer"] == "portal_search"
        assert "copy_to" not in properties[name]  # all_text is written out in each document
    assert properties["all_text"]["fields"]["joined"]["analyzer"] == "portal_joined"
    assert properties["url"] == {"index": False, "type": "keyword"}


def test_query_filters_by_audience_inside_elasticsearch():
    plan = build_plan("DTC housing", current_vocabulary())
    body = elastic.build_search(plan, ["public"], [], [], 1, 10).to_dict()
    assert body["query"]["bool"]["filter"] == [{"terms": {"audience": ["public"]}}]
    # Every clause must match: "DTC" as any member of its glossary group, "housing" as itself,
    # each a phrase in all_text or its hyphen-joined copy, analysed without synonyms.
    dtc, housing = body["query"]["bool"]["must"][0]["bool"]["must"]
    in_all_text, in_joined = dtc["bool"]["should"]
    dtc_phrases = [q["match_phrase"]["all_text"] for q in in_all_text["bool"]["should"]]
    assert {"query": "DTC", "analyzer": "portal_text"} in dtc_phrases
    assert {"query": "Duty to co-operate", "analyzer": "portal_text"} in dtc_phrases
    assert in_joined["bool"]["should"][0] == {
        "match_phrase": {"all_text.joined": {"query": "DTC", "analyzer": "portal_joined"}}
    }
    assert housing["bool"]["should"][0]["bool"]["should"] == [
        {"match_phrase": {"all_text": {"query": "housing", "analyzer": "portal_text"}}}
    ]
    assert "post_filter" not in body
    assert body["track_total_hits"] is True
    assert (body["from"], body["size"]) == (0, 10)

    reader = elastic.build_search(plan, ["public", "practitioners"], [], [], 1, 10).to_dict()
    assert reader["query"]["bool"]["filter"] == [
        {"terms": {"audience": ["public", "practitioners"]}}
    ]

    relaxed = elastic.build_search(plan, ["public"], [], [], 1, 10, relaxed=True).to_dict()
    matches = relaxed["query"]["bool"]["must"][0]["bool"]
    assert matches["minimum_should_match"] == 1 and len(matches["should"]) == 2


def test_facets_are_aggregations_of_the_audience_filtered_query():
    plan = build_plan("information", current_vocabulary())
    body = elastic.build_search(plan, ["public"], ["agency"], ["housing"], 3, 10).to_dict()
    assert body["post_filter"] == {
        "bool": {"filter": [{"terms": {"kind": ["agency"]}}, {"terms": {"agencies": ["housing"]}}]}
    }
    # Each facet counts with the other facet's filter, never its own, and aggregations apply
    # after the query (so after the audience filter) but before post_filter.
    assert body["aggs"]["kinds"]["filter"] == {"terms": {"agencies": ["housing"]}}
    assert body["aggs"]["kinds"]["aggs"]["values"]["terms"]["field"] == "kind"
    assert body["aggs"]["agencies"]["filter"] == {"terms": {"kind": ["agency"]}}
    assert body["aggs"]["matched"] == {"filter": {"match_all": {}}}
    assert (body["from"], body["size"]) == (20, 10)


def test_highlights_use_markers_that_are_escaped_later():
    body = elastic.build_search(
        build_plan("RSO", current_vocabulary()), ["public"], [], [], 1, 10
    ).to_dict()
    assert body["highlight"]["pre_tags"] == ["\x01"] and body["highlight"]["post_tags"] == ["\x02"]
    assert body["highlight"]["require_field_match"] is False
    assert body["highlight"]["fields"]["body"]["number_of_fragments"] == 1


def test_query_text_is_never_query_syntax():
    plan = build_plan('title:x OR "y" AND (z) {"script": 1}', Vocabulary())
    body = elastic.build_search(plan, ["public"], [], [], 1, 10).to_dict()
    clauses = body["query"]["bool"]["must"][0]["bool"]["must"]
    phrases = [
        c["bool"]["should"][0]["bool"]["should"][0]["match_phrase"]["all_text"]["query"]
        for c in clauses
    ]
    assert phrases == ["title", "x", "y", "z", "script", "1"]  # words only, inside match_phrase

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    assert not {"query_string", "simple_query_string", "script"} & set(keys(body))


def test_deep_pages_stay_inside_the_result_window():
    plan = build_plan("police", Vocabulary())
    body = elastic.build_search(plan, ["public"], [], [], 99_999, 10).to_dict()
    assert body["from"] + body["size"] <= elastic.MAX_RESULT_WINDOW


def test_documents_come_from_the_database_index(police):
    unit = SearchUnit.objects.select_related("text").get(page=police)
    action = next(elastic.document_actions([unit], "mappa-search-x"))
    assert action["_index"] == "mappa-search-x" and action["_id"] == unit.pk
    source = action["_source"]
    assert (source["page_id"], source["audience"], source["kind"]) == (
        police.pk,
        "public",
        "agency",
    )
    assert source["agencies"] == ["police"]
    assert source["url"] == "/agencies/police/"


def test_engine_responses_are_escaped_and_counted():
    raw = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_id": "7",
                    "_score": 1.0,
                    "_source": {
                        "page_id": 3,
                        "anchor": "levels",
                        "title": "About <MAPPA>",
                        "heading": "Levels",
                        "body": "x",
                        "context_label": "",
                        "kind": "page",
                        "url": "/about/#levels",
                        "position": 5,
                    },
                    "highlight": {"body": ["<img src=x onerror=alert(1)> \x01Level\x02 3"]},
                }
            ],
        },
        "aggregations": {
            "matched": {"doc_count": 1},
            "kinds": {"doc_count": 1, "values": {"buckets": [{"key": "page", "doc_count": 1}]}},
            "agencies": {"doc_count": 1, "values": {"buckets": []}},
        },
    }
    response = elastic.parse_response(Response(Search(), raw), 1)
    hit = response.hits[0]
    assert str(hit.snippet) == "&lt;img src=x onerror=alert(1)&gt; <mark>Level</mark> 3"
    assert (hit.page_id, hit.url, response.total, response.kind_counts) == (
        3,
        "/about/#levels",
        1,
        {"page": 1},
    )


# -- falling back to the database -------------------------------------------------------------


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_unreachable_elasticsearch_falls_back_to_the_database_quickly(anonymous_request, caplog):
    with override_settings(ELASTICSEARCH_URL=f"http://127.0.0.1:{closed_port()}"):
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="search"):
            results = search(anonymous_request, "RSO")
        first = time.monotonic() - started
        assert results.engine == "database"
        assert "/about/#categories" in [hit.url for hit in results.results]
        assert "Elasticsearch failed" in caplog.text
        assert first < 1.0

        started = time.monotonic()
        again = search(anonymous_request, "L3")  # the cluster is not tried again for a while
        assert again.engine == "database" and time.monotonic() - started < 0.2


def test_changes_wait_in_the_backlog_and_search_stays_on_the_database(
    about, anonymous_request, django_capture_on_commit_callbacks
):
    with override_settings(ELASTICSEARCH_URL=f"http://127.0.0.1:{closed_port()}"):
        with django_capture_on_commit_callbacks(execute=True):
            about.save_revision().publish()
        assert ElasticsearchBacklog.objects.filter(page_id=about.pk).exists()
        elastic.reset()  # even with the cluster "back", a backlog keeps search on the database
        assert elastic.unavailable_reason() == "it has not yet received every change"
        assert search(anonymous_request, "L3").engine == "database"


def test_without_a_url_elasticsearch_is_never_asked(anonymous_request):
    assert search(anonymous_request, "police").engine == "database"
    assert not ElasticsearchBacklog.objects.exists()


# -- live, against a real cluster ---------------------------------------------------------------

LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")
live = pytest.mark.skipif(
    not LIVE_URL, reason="set ELASTICSEARCH_URL to an Elasticsearch 8 cluster to run the live tests"
)


@pytest.fixture
def live_index(settings):
    settings.ELASTICSEARCH_URL = LIVE_URL
    settings.ELASTICSEARCH_INDEX = f"mappa-search-test-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_TIMEOUT = 5.0
    elastic.reset()
    elastic.rebuild()
    yield settings.ELASTICSEARCH_INDEX
    settings.ELASTICSEARCH_URL = LIVE_URL  # a test may have pointed search elsewhere
    elastic.reset()
    delete_indices(settings.ELASTICSEARCH_INDEX)


def indices_of(alias):
    """The concrete indices built for an alias (listing by wildcard is allowed; deleting is not)."""
    client = elastic.indexing_client()
    return sorted(
        client.indices.get(index=f"{alias}-*", ignore_unavailable=True, allow_no_indices=True).body
    )


def delete_indices(alias):
    """Delete by exact name: Elasticsearch 8 refuses wildcard deletes (destructive_requires_name)."""
    client = elastic.indexing_client()
    for name in indices_of(alias):
        client.indices.delete(index=name)


@live
@pytest.mark.elasticsearch
def test_live_index_and_search(live_index, anonymous_request):
    results = search(anonymous_request, "police")
    assert results.engine == "elasticsearch"
    assert results.results[0].url == "/agencies/police/"
    assert "<mark>" in str(results.results[0].snippet)
    assert {f.value for f in results.kind_facets} >= {"agency"}


@live
@pytest.mark.elasticsearch
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("RSO", "/about/#categories"),
        ("duty to cooperate", "/about/#who-takes-part"),
        ("L3", "/about/#levels"),
    ],
)
def test_live_synonyms_from_the_glossary(live_index, search_urls, query, expected):
    assert expected in search_urls(query, kinds=("page", "agency"))[:3]


@live
@pytest.mark.elasticsearch
def test_live_glossary_edit_rebuilds_the_synonyms(
    live_index, search_urls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        term = GlossaryTerm.objects.get(term="SMB")
        term.synonyms += ", zebrafinch"
        term.save()
    assert "/about/#smb" in search_urls("zebrafinch")[:3]


@live
@pytest.mark.elasticsearch
def test_live_privacy(live_index, police, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    from tests.conftest import login_verified, user

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=police, restriction_type=PageViewRestriction.LOGIN)
    assert not ElasticsearchBacklog.objects.exists()  # Elasticsearch has the change
    anonymous = Client().get("/api/v2/search/", {"q": "ViSOR"}).json()
    assert "/agencies/police/" not in [h["url"] for h in anonymous["results"]]
    assert not any(f["value"] == "police" for f in anonymous["facets"]["agency"])
    reader = (
        login_verified(Client(), user("practitioner")).get("/api/v2/search/", {"q": "ViSOR"}).json()
    )
    assert "/agencies/police/" in [h["url"] for h in reader["results"]]


@live
@pytest.mark.elasticsearch
def test_live_fallback_when_the_index_is_missing(live_index, anonymous_request):
    delete_indices(live_index)
    results = search(anonymous_request, "police")
    assert results.engine == "database" and results.results


@live
@pytest.mark.elasticsearch
def test_live_rebuild_builds_a_new_index_and_swaps_the_alias(live_index, anonymous_request):
    client = elastic.indexing_client()
    (first,) = indices_of(live_index)
    assert list(client.indices.get_alias(name=live_index).body) == [first]

    second = elastic.rebuild()
    assert second != first
    assert indices_of(live_index) == [second]  # the old index is gone, by its exact name
    assert list(client.indices.get_alias(name=live_index).body) == [second]
    assert client.count(index=live_index)["count"] == SearchUnit.objects.count()
    results = search(anonymous_request, "police")
    assert results.engine == "elasticsearch" and results.results[0].url == "/agencies/police/"


@live
@pytest.mark.elasticsearch
def test_live_facets_count_the_matches_and_each_applies_the_other_filter(
    live_index, anonymous_request
):
    plan = build_plan("information", current_vocabulary())
    engine = elastic.ElasticsearchEngine()
    everything = engine.search(plan, ["public"], [], [], 1, 10)
    assert everything.engine == "elasticsearch" and everything.total > 10
    assert sum(everything.kind_counts.values()) == everything.total  # each unit has one kind
    assert everything.kind_counts["agency"] >= 10 and everything.agency_counts["housing"] >= 1

    agencies_only = engine.search(plan, ["public"], ["agency"], [], 1, 10)
    assert agencies_only.total == everything.kind_counts["agency"]
    assert {hit.kind for hit in agencies_only.hits} == {"agency"}
    assert agencies_only.kind_counts == everything.kind_counts  # its own filter does not apply

    housing = engine.search(plan, ["public"], [], ["housing"], 1, 10)
    assert housing.total == everything.agency_counts["housing"]
    assert housing.agency_counts == everything.agency_counts
    both = engine.search(plan, ["public"], ["agency"], ["housing"], 1, 10)
    assert both.total == housing.kind_counts["agency"] == agencies_only.agency_counts["housing"]

    # The same counts as the database engine for a word both analyse alike.
    plan = build_plan("ViSOR", current_vocabulary())
    from_es = engine.search(plan, ["public"], [], [], 1, 10)
    from_db = DatabaseEngine().search(plan, ["public"], [], [], 1, 10)
    assert (from_es.total, from_es.kind_counts, from_es.agency_counts) == (
        from_db.total,
        from_db.kind_counts,
        from_db.agency_counts,
    )


@live
@pytest.mark.elasticsearch
def test_live_restricted_units_are_never_returned_or_counted(
    live_index, police, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    plan = build_plan("ViSOR", current_vocabulary())
    engine = elastic.ElasticsearchEngine()
    before = engine.search(plan, ["public"], [], [], 1, 50)
    police_units = {u.pk for u in SearchUnit.objects.filter(page=police)}
    found_on_police = {hit.unit_id for hit in before.hits} & police_units
    assert found_on_police

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=police, restriction_type=PageViewRestriction.LOGIN)
    assert not ElasticsearchBacklog.objects.exists()
    anonymous = engine.search(plan, ["public"], [], [], 1, 50)
    assert not {hit.unit_id for hit in anonymous.hits} & police_units
    assert anonymous.total == before.total - len(found_on_police)
    assert "police" not in anonymous.agency_counts or (
        anonymous.agency_counts["police"] == before.agency_counts["police"] - len(found_on_police)
    )
    assert sum(anonymous.kind_counts.values()) == anonymous.total
    reader = engine.search(plan, ["public", "practitioners"], [], [], 1, 50)
    assert reader.total == before.total and found_on_police <= {hit.unit_id for hit in reader.hits}


@live
@pytest.mark.elasticsearch
def test_live_highlights_come_from_elasticsearch_and_are_escaped(live_index):
    plan = build_plan("information sharing", current_vocabulary())
    response = elastic.ElasticsearchEngine().search(plan, ["public"], [], [], 1, 10)
    marked = [hit for hit in response.hits if hit.snippet is not None]
    assert marked, "Elasticsearch highlighted none of the results"
    for hit in marked:
        html = str(hit.snippet)
        assert "<mark>" in html and html.count("<mark>") == html.count("</mark>")
        assert "\x01" not in html and "\x02" not in html
        inner = html.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in inner  # nothing from the content survives as markup


@live
@pytest.mark.elasticsearch
def test_live_fallback_when_the_cluster_goes_away_mid_run(
    live_index, settings, anonymous_request, caplog
):
    assert search(anonymous_request, "police").engine == "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"  # the cluster is gone
    with caplog.at_level(logging.WARNING, logger="search"):
        results = search(anonymous_request, "police")
    assert results.engine == "database" and results.results[0].url == "/agencies/police/"
    assert "Elasticsearch failed" in caplog.text


def noida_db():
    """The emulator's command, installed with the test extra (next to this Python)."""
    beside = Path(sys.executable).with_name("noida-db")
    return str(beside) if beside.exists() else shutil.which("noida-db")


@pytest.fixture
def own_emulator(tmp_path):
    """A private Elasticsearch emulator process that a test may stop."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            noida_db(),
            "start",
            "--only",
            "elasticsearch",
            "--elasticsearch-port",
            str(port),
            "--data-dir",
            str(tmp_path / "noida"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            stop_emulator(process, port, signal.SIGKILL)
            pytest.fail("the emulator did not start")
        time.sleep(0.2)
    yield process, port
    stop_emulator(process, port, signal.SIGKILL)


def stop_emulator(process, port, how=signal.SIGTERM):
    """Stop the emulator's whole process group (its command runs the server as a child) and
    wait until its port refuses connections."""
    try:
        os.killpg(process.pid, how)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            return
        time.sleep(0.1)
    raise AssertionError(f"the emulator still answers on port {port}")


@live
@pytest.mark.elasticsearch
@pytest.mark.skipif(not noida_db(), reason="noida-db (the test extra) is not installed")
def test_live_fallback_when_the_server_process_stops(
    own_emulator, settings, anonymous_request, caplog
):
    process, port = own_emulator
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.ELASTICSEARCH_INDEX = "mappa-search-stopping"
    settings.ELASTICSEARCH_TIMEOUT = 5.0
    elastic.reset()
    elastic.rebuild()
    assert search(anonymous_request, "L3").engine == "elasticsearch"

    stop_emulator(process, port)  # the real server goes away in the middle of the test
    with caplog.at_level(logging.WARNING, logger="search"):
        started = time.monotonic()
        results = search(anonymous_request, "L3")
    assert results.engine == "database" and time.monotonic() - started < 2.0
    assert "Elasticsearch failed" in caplog.text
    # The same answer as a portal with no Elasticsearch at all.
    settings.ELASTICSEARCH_URL = ""
    elastic.reset()
    without = search(anonymous_request, "L3")
    assert without.engine == "database"
    assert [hit.url for hit in results.results] == [hit.url for hit in without.results] != []
