"""Search when a word matches more units than the database engine ranks or counts in full: the
heading tier comes first, paging is complete and never repeats, and counts that stopped at the
cap say "more than" on the page and in the API. The engine's limits are lowered here, so a few
dozen real pages stand in for tens of thousands; the database and the queries are the real ones.
"""

import pytest

from django.test import Client

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from portal.core.models import StandardPage
from search import bulk, indexing
from search.engines import database
from search.models import SearchUnit

pytestmark = pytest.mark.django_db

WORD = "zephyrine"
PAGES = 24


@pytest.fixture
def many_matches(home):
    """PAGES pages mentioning WORD in a section's text (two units each: the page and its
    section), three of them with WORD in their section heading."""
    section = StandardPage(title="Scale notes", slug="scale-notes", intro="Notes.", body=[])
    home.add_child(instance=section)
    section.save_revision().publish()
    items = []
    for n in range(PAGES):
        heading = f"The {WORD} rule {n}" if n in (3, 11, 19) else f"Handling case {n}"
        items.append(
            {
                "title": f"Scale note {n}",
                "intro": f"A {WORD} note about case {n}.",
                "body": [
                    ("heading", {"text": heading, "anchor": f"part-{n}"}),
                    ("paragraph", RichText(f"<p>Case {n} follows the {WORD} protocol.</p>")),
                ],
            }
        )
    ids = bulk.create_pages(section, items)
    indexing.index_pages([section.pk, *ids])
    return ids


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(database, "RANK_ALL", 5)
    monkeypatch.setattr(database, "RANK_WINDOW", 6)


def api(client=None, **params):
    response = (client or Client()).get("/api/v2/search/", params)
    assert response.status_code == 200
    return response.json()


def every_result(per_page="5", **params):
    first = api(q=WORD, limit=per_page, **params)
    urls = [hit["url"] for hit in first["results"]]
    for page in range(2, first["pages"] + 1):
        urls += [
            hit["url"] for hit in api(q=WORD, limit=per_page, page=str(page), **params)["results"]
        ]
    return first, urls


def test_heading_matches_come_first_when_there_are_too_many_to_rank(many_matches, small_limits):
    data = api(q=WORD)
    assert data["total"] == 2 * PAGES and not data["total_is_lower_bound"]
    assert [hit["anchor"] for hit in data["results"][:3]] == ["part-3", "part-11", "part-19"]
    assert all(f"<mark>{WORD}</mark>" in hit["snippet"] for hit in data["results"])


def test_paging_through_a_large_result_set_gives_every_match_once(many_matches, small_limits):
    first, urls = every_result()
    expected = set(
        SearchUnit.objects.filter(page_id__in=many_matches).values_list("text__url", flat=True)
    )
    assert len(urls) == len(set(urls)) == first["total"] == len(expected)
    assert set(urls) == expected


def test_filters_and_paging_agree_at_scale(many_matches, small_limits):
    first, urls = every_result(kind="page")
    assert first["facets"]["kind"] == [
        {"value": "page", "label": "Other pages", "count": first["total"], "selected": True}
    ]
    assert len(urls) == len(set(urls)) == first["total"] == 2 * PAGES


def test_counts_above_the_cap_say_more_than(many_matches, small_limits, monkeypatch):
    monkeypatch.setattr(database, "COUNT_CAP", 20)
    data = api(q=WORD)
    assert data["total"] == 20 and data["total_is_lower_bound"] is True
    assert data["pages"] == 2  # only the first 20 can be paged through
    page = next(f for f in data["facets"]["kind"] if f["value"] == "page")
    assert page["count_is_lower_bound"] is True and page["count"] >= 19
    assert "count_is_lower_bound" not in api(q="police")["facets"]["kind"][0]

    html = Client().get("/search/", {"q": WORD}).content.decode()
    assert "More than 20 results" in html
    assert "Only the first 20 results can be shown" in html
    assert f"(more than {page['count']:,})</span>" in html
    _, urls = every_result(per_page="10")
    assert len(urls) == len(set(urls)) == 20


def test_exact_counts_below_the_cap_are_not_marked(client):
    data = api(q="police")
    assert data["total_is_lower_bound"] is False
    html = client.get("/search/", {"q": "police"}).content.decode()
    assert f"{data['total']} results" in html and "More than" not in html


def test_restricted_matches_are_never_counted_or_ranked_at_scale(
    many_matches, small_limits, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(database, "COUNT_CAP", 20)
    restricted = StandardPage.objects.get(slug="scale-notes")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.LOGIN
        )
    data = api(q=WORD)
    assert (
        data["total"] == 0
        and data["results"] == []
        and data["facets"] == {"kind": [], "agency": []}
    )
    assert api(q=f"{WORD} police")["total"] == api(q="police")["total"]
