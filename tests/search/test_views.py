"""The search page and the search API as a reader meets them: filters with counts, pagination,
editor's picks, a helpful page when nothing matches, and a clear answer to bad input."""

import time

import pytest

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def test_results_page_links_to_sections_and_says_where_they_are_from(client):
    # Among the portal's other pages (the demo's annual reports and modules say "level 3" too).
    html = client.get("/search/", {"q": "L3", "kind": "page"}).content.decode()
    assert 'href="/about/#levels"' in html
    assert "The three levels of management" in html
    assert "Section of About MAPPA" in html
    assert "<mark>Level 3</mark>" in html


def test_rso_results_mark_whole_phrases_never_a_lone_number(client):
    data = client.get("/api/v2/search/", {"q": "RSO"}).json()
    snippets = [hit["snippet"] for hit in data["results"]]
    assert any("<mark>Category 1</mark>" in s for s in snippets)
    assert any("<mark>registered sexual offenders</mark>" in s for s in snippets)
    assert not any("<mark>1</mark>" in s for s in snippets)


def test_home_page_results_say_home_page_not_section_of_the_portal(client, home):
    data = client.get("/api/v2/search/", {"q": "what this portal is for"}).json()
    hit = next(h for h in data["results"] if h["url"].startswith("/#"))
    assert hit["where"] == f"{home.title} home page"
    html = client.get("/search/", {"q": "what this portal is for"}).content.decode()
    assert f"{home.title} home page" in html
    assert f"Section of {home.title}" not in html


def test_filters_are_checkboxes_with_counts_and_narrow_the_results(client):
    data = client.get("/api/v2/search/", {"q": "duty to co-operate"}).json()
    agency_count = next(f["count"] for f in data["facets"]["kind"] if f["value"] == "agency")
    html = client.get("/search/", {"q": "duty to co-operate"}).content.decode()
    assert 'type="checkbox" value="agency"' in html
    assert f'Agencies <span class="app-search-filters__count">({agency_count})</span>' in html

    filtered = client.get("/api/v2/search/", {"q": "duty to co-operate", "kind": "agency"}).json()
    assert filtered["total"] == agency_count
    assert {hit["kind"] for hit in filtered["results"]} == {"agency"}
    # The content-type counts stay as they were, so a reader can widen the search again.
    assert filtered["facets"]["kind"] == [
        {**f, "selected": f["value"] == "agency"} for f in data["facets"]["kind"]
    ]


def test_agency_filter(client):
    data = client.get("/api/v2/search/", {"q": "information", "agency": "housing"}).json()
    assert data["total"] >= 1
    # Among agency pages (the demo's modules and guidance for housing say "information" often).
    agencies = client.get(
        "/api/v2/search/", {"q": "information", "agency": "housing", "kind": "agency"}
    ).json()
    assert "/agencies/housing/" in [hit["url"] for hit in agencies["results"]]
    housing = next(f for f in data["facets"]["agency"] if f["value"] == "housing")
    assert housing == {
        "value": "housing",
        "label": "Local housing authorities",
        "count": data["total"],
        "selected": True,
    }


def test_agency_filters_are_labelled_with_the_agency_page_titles(client, agency_index):
    from portal.agencies.models import AgencyPage

    titles = dict(AgencyPage.objects.live().values_list("slug", "title"))
    data = client.get("/api/v2/search/", {"q": "agency"}).json()
    labels = {f["value"]: f["label"] for f in data["facets"]["agency"]}
    assert labels and labels == {slug: titles[slug] for slug in labels}
    for slug in ("youth-justice", "jobcentre-plus", "registered-social-landlords"):
        assert slug in labels, slug
    html = client.get("/search/", {"q": "agency"}).content.decode()
    assert 'for="agency-jobcentre-plus">Jobcentre Plus (DWP) <span' in html
    assert 'for="agency-youth-justice">Youth offending teams <span' in html
    assert 'for="agency-registered-social-landlords">Registered social landlords <span' in html


def test_pagination_keeps_the_query_and_filters(client):
    first = client.get("/search/", {"q": "agency", "kind": "agency"})
    html = first.content.decode()
    assert 'rel="next"' in html
    assert "?q=agency&amp;kind=agency&amp;page=2" in html
    second = client.get("/api/v2/search/", {"q": "agency", "kind": "agency", "page": 2}).json()
    one = client.get("/api/v2/search/", {"q": "agency", "kind": "agency"}).json()
    assert second["page"] == 2 and second["results"]
    assert not {h["url"] for h in one["results"]} & {h["url"] for h in second["results"]}


def test_no_results_page_suggests_what_to_try(client):
    html = client.get("/search/", {"q": "mosov", "kind": "agency"}).content.decode()
    assert "There are no matching results" in html
    assert "removing the filters" in html and 'href="?q=mosov"' in html
    assert "MOSOVO" in html and 'href="?q=PPU%20/%20MOSOVO"' in html  # a related glossary term
    assert 'href="/glossary/"' in html


def test_editors_picks_come_first_and_only_when_readable(client, about, police):
    html = client.get("/search/", {"q": "MAPPA"}).content.decode()
    assert html.index("Recommended") < html.index('id="results-heading"')
    assert 'href="/about/"' in html[html.index("Recommended") : html.index('id="results-heading"')]

    query = Query.objects.get(query_string="mappa")
    SearchPromotion.objects.create(query=query, page=police, description="Police picks")
    PageViewRestriction.objects.create(page=police, restriction_type=PageViewRestriction.LOGIN)
    from portal.core.visibility import refresh_audiences

    refresh_audiences(police)
    assert "Police picks" not in client.get("/search/", {"q": "MAPPA"}).content.decode()


def test_markup_in_the_query_is_shown_as_text(client):
    response = client.get("/search/", {"q": '<script>alert(1)</script> "><img src=x>'})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 10_000},
        {"q": "level 3 " * 2_000},
        {"q": "duty\x00to co-operate"},
        {"q": "\u0000\u0001\u007f"},
        {"q": "Ymdrin â gwybodaeth – 情報共有 – ✓ 🙂"},
        {"q": '" OR 1=1 --'},
        {"q": 'title:police AND NEAR(a b) NOT ^x* "unterminated'},
        {"q": "'; DROP TABLE portal_search_searchunit; --"},
        {"q": "police", "page": "99999"},
        {"q": "police", "kind": ["page"] * 500},
        {"q": ["a", "b"]},
    ],
    ids=[
        "empty",
        "spaces",
        "10k-chars",
        "long-words",
        "nul",
        "controls",
        "unicode",
        "sql",
        "fts-syntax",
        "drop-table",
        "page-99999",
        "many-filters",
        "two-q",
    ],
)
def test_odd_input_gets_a_normal_page_quickly(client, params):
    for path in ("/search/", "/api/v2/search/"):
        started = time.monotonic()
        response = client.get(path, params)
        assert response.status_code == 200, (path, params)
        assert time.monotonic() - started < 1.0


def test_the_page_quietly_ignores_unknown_filters_and_parameters(client):
    params = {"q": "police", "kind": "nonsense", "agency": "../../etc", "utm_source": "mail"}
    assert client.get("/search/", params).status_code == 200


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"kind": "nonsense"}, "Unknown kind 'nonsense'. Known kinds: guidance, brief, agency"),
        ({"kind": ["agency", "bogus"]}, "Unknown kind 'bogus'"),
        ({"agency": "../../etc"}, "Unknown agency '../../etc'"),
        ({"agency": "no-such-agency"}, "Unknown agency 'no-such-agency'"),
        ({"offset": "10"}, "Use page (and limit) instead of offset"),
        ({"colour": "red"}, "Unknown parameter 'colour'. The search API accepts only q, kind"),
        ({"limit": "0"}, "limit must be a whole number from 1 to 50"),
        ({"limit": "51"}, "limit must be a whole number from 1 to 50"),
        ({"limit": "9" * 400}, "limit must be a whole number from 1 to 50"),
        ({"limit": "ten"}, "limit must be a whole number from 1 to 50"),
    ],
)
def test_the_api_refuses_unknown_parameters_and_filter_values_clearly(client, params, says):
    response = client.get("/api/v2/search/", {"q": "police", **params})
    assert response.status_code == 400
    assert says in response.json()["message"]


def test_the_api_pages_with_a_limit_of_up_to_50(client):
    small = client.get("/api/v2/search/", {"q": "police", "limit": "3"}).json()
    assert small["per_page"] == 3 and len(small["results"]) == 3
    assert small["pages"] == -(-small["total"] // 3)
    second = client.get("/api/v2/search/", {"q": "police", "limit": "3", "page": "2"}).json()
    assert not {h["url"] for h in small["results"]} & {h["url"] for h in second["results"]}
    big = client.get("/api/v2/search/", {"q": "police", "limit": "50"}).json()
    assert big["per_page"] == 50 and len(big["results"]) == min(50, big["total"])


def test_an_agency_the_reader_may_not_read_is_unknown_to_the_api(client, police):
    assert client.get("/api/v2/search/", {"q": "police", "agency": "police"}).status_code == 200
    PageViewRestriction.objects.create(page=police, restriction_type=PageViewRestriction.LOGIN)
    from portal.core.visibility import refresh_audiences

    refresh_audiences(police)
    response = client.get("/api/v2/search/", {"q": "police", "agency": "police"})
    missing = client.get("/api/v2/search/", {"q": "police", "agency": "no-such-agency"})
    assert response.status_code == missing.status_code == 400
    assert response.json()["message"] == missing.json()["message"].replace(
        "no-such-agency", "police"
    )


@pytest.mark.parametrize("query_string", ["q=%ED%A0%80", "q=%FF%FE", "q=%", "q&q=&page=&kind="])
def test_broken_encodings_get_a_normal_page(client, query_string):
    for path in ("/search/", "/api/v2/search/"):
        assert client.get(f"{path}?{query_string}").status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "9" * 5000, "٣"])
def test_a_bad_page_number_gets_a_400_with_a_message(client, page):
    response = client.get("/search/", {"q": "police", "page": page})
    assert response.status_code == 400
    assert "page number" in response.content.decode()
    api = client.get("/api/v2/search/", {"q": "police", "page": page})
    assert api.status_code == 400 and "page number" in api.json()["message"]


@pytest.mark.parametrize("page", ["99999999999999999999", "9" * 5000])
def test_a_huge_page_number_is_out_of_range_not_a_bad_number(client, page):
    response = client.get("/search/", {"q": "police", "page": page})
    assert response.status_code == 400
    assert "page number is too large" in response.content.decode()
    assert "whole number" not in response.content.decode()
    api = client.get("/api/v2/search/", {"q": "police", "page": page})
    assert api.status_code == 400 and "page number is too large" in api.json()["message"]


def test_a_page_number_with_leading_zeros_is_still_a_page_number(client):
    data = client.get("/api/v2/search/", {"q": "police", "page": "0000000000002"}).json()
    assert data["page"] == 2


def test_a_long_query_is_shortened_and_says_so(client):
    html = client.get("/search/", {"q": "police " * 100}).content.decode()
    assert "first 200 characters" in html
    data = client.get("/api/v2/search/", {"q": "police " * 100}).json()
    assert data["truncated"] and len(data["query"]) <= 200 and data["total"] > 0


def test_page_beyond_the_last_shows_the_last(client):
    data = client.get("/api/v2/search/", {"q": "police", "page": "99999"}).json()
    assert data["page"] == data["pages"] and data["results"]


def test_only_get_and_head_are_allowed(client):
    assert client.post("/api/v2/search/", {"q": "police"}).status_code == 405
    assert client.post("/search/", {"q": "police"}).status_code == 405


@pytest.mark.parametrize("path", ["/search/", "/api/v2/search/"])
def test_head_answers_like_get_for_link_checkers_and_monitors(client, path):
    response = client.head(path, {"q": "x"})
    assert response.status_code == 200
    assert response["Content-Type"] == client.get(path, {"q": "x"})["Content-Type"]


def test_api_json_shape(client):
    data = client.get("/api/v2/search/", {"q": "L3", "kind": "page"}).json()
    assert set(data) >= {"query", "total", "page", "pages", "results", "facets", "promotions"}
    hit = next(h for h in data["results"] if h["url"] == "/about/#levels")
    assert hit["section"] == "The three levels of management"
    assert hit["page_title"] == "About MAPPA" and hit["anchor"] == "levels"
