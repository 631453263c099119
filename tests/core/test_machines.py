"""/healthz, /robots.txt, /sitemap.xml and the read API."""

import base64
import json

import pytest

from wagtail.models import PageViewRestriction

from portal.agencies.models import AgencyPage
from portal.core.models import StandardPage

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_robots_points_at_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Disallow: /practitioners/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.fixture
def restricted_page(home):
    page = StandardPage(title="Level 3 escalation checklist", slug="l3-checklist", body=[])
    home.add_child(instance=page)
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def test_sitemap_lists_public_pages_only(client, restricted_page):
    body = client.get("/sitemap.xml").content.decode()
    assert "/agencies/police/</loc>" in body
    assert "/about/</loc>" in body
    assert "l3-checklist" not in body


def test_api_lists_pages_filtered_by_type(client):
    data = client.get(
        "/api/v2/pages/", {"type": "agencies.AgencyPage", "fields": "kind,key_roles,contact"}
    ).json()
    assert data["meta"]["total_count"] == AgencyPage.objects.live().count()
    police = next(item for item in data["items"] if item["meta"]["slug"] == "police")
    assert police["kind"] == "responsible_authority"
    assert len(police["key_roles"]) == 5
    assert police["contact"]["name"] == "MAPPA co-ordination unit"


def test_api_detail_exposes_meaningful_fields(client, police):
    data = client.get(f"/api/v2/pages/{police.pk}/").json()
    for field in ("title", "intro", "statutory_basis", "key_roles", "contact", "related_links"):
        assert field in data


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": "51"}, "limit cannot be higher than 50"),
        ({"limit": "-1"}, "limit must be a positive integer"),
        ({"type": "nonsense.Page"}, "type doesn't exist"),
        ({"offset": "x"}, "offset must be a positive integer"),
        ({"offset": "9223372036854775808"}, "offset cannot be higher than 1000000"),
        ({"offset": "9" * 30}, "offset cannot be higher than 1000000"),
    ],
    ids=[
        "limit-too-big",
        "limit-negative",
        "bad-type",
        "bad-offset",
        "offset-past-64-bits",
        "offset-huge",
    ],
)
def test_api_bad_parameters_get_a_clear_400(client, query, message):
    response = client.get("/api/v2/pages/", query)
    assert response.status_code == 400
    assert response.json()["message"] == message


def test_api_hides_restricted_pages_from_anonymous(client, restricted_page):
    listing = client.get("/api/v2/pages/", {"limit": 50}).json()
    assert restricted_page.pk not in [item["id"] for item in listing["items"]]
    assert client.get(f"/api/v2/pages/{restricted_page.pk}/").status_code == 404


def test_api_ignores_http_basic_credentials(client, restricted_page):
    credentials = base64.b64encode(b"admin:demo-admin-2026").decode()
    response = client.get(
        f"/api/v2/pages/{restricted_page.pk}/", HTTP_AUTHORIZATION=f"Basic {credentials}"
    )
    assert response.status_code == 404, "HTTP Basic must never authenticate the API"


@pytest.mark.parametrize("endpoint", ["documents", "images"])
def test_api_document_and_image_endpoints_answer(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/")
    assert response.status_code == 200
    assert "total_count" in json.loads(response.content)["meta"]


@pytest.mark.parametrize("endpoint", ["pages", "documents", "images", "guidance-versions"])
def test_every_api_endpoint_refuses_an_offset_too_large_for_the_database(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"offset": "9223372036854775808"})
    assert response.status_code == 400
    assert response.json()["message"] == "offset cannot be higher than 1000000"


@pytest.mark.parametrize("url", ["/healthz", "/robots.txt", "/glossary/"])
def test_head_requests_are_answered_for_monitors_and_link_checkers(client, url):
    assert client.head(url).status_code == 200
