"""Bad input gets a clear answer: every query parameter of the read API and of the public routes,
sent the values people and scripts get wrong, answers 4xx with a message, never a 500.

One table: each endpoint with each malformed value. API errors are JSON with a "message";
pages are the portal's 400 or 404 page with a sentence saying what was wrong."""

import json

import pytest

from django.test import Client
from django.urls import reverse

from tests.conftest import login_verified, user

pytestmark = pytest.mark.django_db

# Values that pass a careless check: Unicode digits that str.isdigit() accepts but int() or the
# database refuses, signs, huge numbers, impossible dates, NUL, very long text.
NUMBERS = ["abc", "-1", "²", "١٢", "１２", "99999999999999999999", "1.5", "1e3", "0x10", " ", "%00"]
DATES = [
    "yesterday",
    "2020-02-30",
    "2023-13-01",
    "2023-00-10",
    "١٢٣٤-٠١-٠١",
    "99999-01-01",
    "13-09-2023",
]

API_PARAMETERS = {
    "/api/v2/pages/": ["limit", "offset", "child_of", "descendant_of", "ancestor_of", "id"],
    "/api/v2/documents/": ["limit", "offset", "id"],
    "/api/v2/images/": ["limit", "offset", "id"],
    "/api/v2/guidance-versions/": ["limit", "offset", "document"],
    "/api/v2/search/": ["limit", "page"],
}
API_NAMES = [
    ("/api/v2/pages/", {"fields": "no_such_field"}),
    ("/api/v2/pages/", {"order": "no_such_field"}),
    ("/api/v2/pages/", {"type": "nosuch.Model"}),
    ("/api/v2/pages/", {"no_such_parameter": "1"}),
    ("/api/v2/documents/", {"order": "-no_such_field"}),
    ("/api/v2/images/", {"fields": "file,no_such_field"}),
    ("/api/v2/guidance-versions/", {"no_such_parameter": "1"}),
    ("/api/v2/search/", {"q": "risk", "kind": "nosuch"}),
    ("/api/v2/search/", {"q": "risk", "agency": "no-such-agency"}),
    ("/api/v2/search/", {"q": "risk", "offset": "10"}),
]


def api_cases():
    for endpoint, names in API_PARAMETERS.items():
        for name in names:
            for value in NUMBERS:
                params = {name: value}
                if endpoint == "/api/v2/search/":
                    if name == "limit" and not value.strip():
                        continue  # a blank limit means the default there (tested below)
                    params["q"] = "risk"
                yield pytest.param(endpoint, params, id=f"{endpoint}?{name}={value!r}")
    for endpoint, params in API_NAMES:
        yield pytest.param(endpoint, params, id=f"{endpoint}?{'&'.join(params)}")
    for path in (
        "/api/v2/pages/abc/",
        "/api/v2/pages/²/",
        "/api/v2/pages/find/?id=abc",
        "/api/v2/nothing-here/",
    ):
        yield pytest.param(path, {}, id=path)


@pytest.mark.parametrize(("endpoint", "params"), list(api_cases()))
def test_the_read_api_answers_bad_parameters_with_a_json_message(client, endpoint, params):
    response = client.get(endpoint, params)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    message = json.loads(response.content)["message"]
    assert len(message) > 10, message


def page_cases():
    mappa = "/guidance/mappa-guidance/"
    for value in NUMBERS:
        yield pytest.param(
            f"{mappa}versions/compare/", {"from": value, "to": "2"}, id=f"compare-from={value!r}"
        )
        yield pytest.param(
            f"{mappa}versions/compare/", {"from": "1", "to": value}, id=f"compare-to={value!r}"
        )
        yield pytest.param("/search/", {"q": "risk", "page": value}, id=f"search-page={value!r}")
    for value in DATES:
        yield pytest.param(f"{mappa}as-of/{value}/", {}, id=f"as-of/{value}")
    yield pytest.param(f"{mappa}versions/999/", {}, id="unknown-version")
    yield pytest.param(f"{mappa}versions/3/compare/3/", {}, id="compare-with-itself")
    yield pytest.param(f"{mappa}versions/4/compare/2/", {}, id="compare-reversed")
    yield pytest.param(f"{mappa}versions/1/compare/999/", {}, id="compare-unknown")
    yield pytest.param(f"{mappa}as-of/1999-01-01/", {}, id="as-of-before-the-first-version")
    yield pytest.param(f"{mappa}as-of/2999-01-01/", {}, id="as-of-the-future")
    yield pytest.param("/guidance/no-such-document/", {}, id="unknown-document")


@pytest.mark.parametrize(("path", "params"), list(page_cases()))
def test_public_routes_answer_bad_input_with_a_page_that_says_what_was_wrong(client, path, params):
    response = client.get(path, params)
    assert response.status_code in (400, 404), (response.status_code, response.content[:300])
    html = response.content.decode()
    assert 'class="govuk-heading-xl"' in html, "the portal's own error page"
    assert "Traceback" not in html


def test_a_blank_limit_in_the_search_api_means_the_default(client):
    data = client.get("/api/v2/search/", {"q": "risk", "limit": " "}).json()
    assert data["page"] == 1 and data["per_page"] == 10


def test_search_queries_that_look_like_syntax_are_plain_words(client):
    for query in ['"unbalanced', "title:(a OR", "*:*", '{"query": 1}', "a" * 5000, "risk\x00level"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query


# -- the admin's forms ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    return login_verified(client, user("admin"))


@pytest.mark.parametrize("destination", ["abc", "²", "", "99999999", "-3"])
def test_copying_to_a_tampered_destination_is_a_form_error(admin_client, police, destination):
    url = reverse("wagtailadmin_pages:copy", args=[police.pk])
    response = admin_client.post(
        url, {"new_title": "Copy", "new_slug": "copy", "new_parent_page": destination}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "the destination given is not a page" in admin_client.get(url).content.decode()


@pytest.mark.parametrize("ids", ["abc", "²", "1&id=x"])
@pytest.mark.parametrize(
    "action", [("wagtailcore", "page", "delete"), ("wagtaildocs", "document", "delete")]
)
def test_bulk_actions_on_tampered_ids_are_a_400(admin_client, ids, action):
    response = admin_client.get(f"{reverse('wagtail_bulk_action', args=action)}?id={ids}")
    assert response.status_code == 400
    assert "were not understood" in response.content.decode()


def test_a_form_missing_its_parts_is_a_400(admin_client, police):
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[police.pk]), {"title": "Police"}
    )
    assert response.status_code == 400
    assert "The form was missing some of its parts" in response.content.decode()


def test_api_errors_are_json_with_debug_off(settings):
    settings.DEBUG = False
    response = Client().get("/api/v2/pages/", {"limit": "²"})
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
