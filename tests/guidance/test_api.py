"""The read API: a guidance page's version number and history, and each version's content."""

import pytest

from wagtail.models import PageViewRestriction

from guidance.models import MAJOR, GuidanceVersion
from portal.core.visibility import reader_group_ids
from tests.conftest import login_verified, user

from .conftest import make_document, publish, section

pytestmark = pytest.mark.django_db


def test_pages_api_gives_the_current_version_and_the_version_list(client, mappa):
    response = client.get(f"/api/v2/pages/{mappa.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["type"] == "guidance.GuidancePage"
    assert data["current_version"] == "8.0"
    assert [v["number"] for v in data["versions"]] == [
        "8.0",
        "7.1",
        "7.0",
        "6.0",
        "5.1",
        "5.0",
        "4.5",
    ]
    six = data["versions"][3]
    assert six["change_type"] == "major" and six["published_at"].startswith("2022-09-01")
    assert six["html_url"] == "http://testserver/guidance/mappa-guidance/versions/4/"
    assert six["detail_url"].endswith(f"/api/v2/guidance-versions/{six['id']}/")
    assert data["sections"][0]["value"]["anchor"] == "introduction"


def test_listing_can_ask_for_version_fields(client):
    response = client.get(
        "/api/v2/pages/?type=guidance.GuidancePage&fields=current_version,versions,status"
    )
    assert response.status_code == 200
    items = {
        i["meta"]["slug"] if "slug" in i["meta"] else i["title"]: i
        for i in response.json()["items"]
    }
    assert any(i["current_version"] == "8.0" for i in items.values())
    assert any(i["status"] == "withdrawn" for i in items.values())


def test_a_versions_content_is_reachable_through_the_api(client, mappa):
    first = GuidanceVersion.objects.for_page(mappa).get(sequence=1)
    data = client.get(f"/api/v2/guidance-versions/{first.pk}/").json()
    assert data["number"] == "4.5" and data["title"] == "MAPPA Guidance 2012"
    headings = [s["heading"] for s in data["sections"]]
    assert "Terrorist and domestic extremist offenders" in headings
    categories = next(s for s in data["sections"] if s["anchor"] == "categories")
    assert "Category 3" in categories["body"] and "Category 4" not in categories["body"]
    assert data["document"]["html_url"] == "http://testserver/guidance/mappa-guidance/"


def test_versions_endpoint_lists_and_filters_by_document(client, mappa):
    data = client.get(f"/api/v2/guidance-versions/?document={mappa.pk}&limit=50").json()
    assert data["meta"]["total_count"] == 7
    assert [v["number"] for v in data["items"]] == ["4.5", "5.0", "5.1", "6.0", "7.0", "7.1", "8.0"]


@pytest.mark.parametrize("query", ["document=abc", "limit=500", "offset=-1", "colour=blue"])
def test_versions_endpoint_refuses_bad_parameters_with_400(client, query):
    response = client.get(f"/api/v2/guidance-versions/?{query}")
    assert response.status_code == 400
    assert response.json()["message"]


def test_restricted_documents_versions_are_only_for_verified_readers(client, guidance_index):
    secret = make_document(
        guidance_index, slug="api-restricted", sections=[section("Tactics", "Covert tactics.")]
    )
    publish(secret)
    version = publish(secret, MAJOR, "Tactics updated.")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(*reader_group_ids())  # every group that may read restricted material

    listing = client.get(f"/api/v2/guidance-versions/?document={secret.pk}").json()
    assert listing["meta"]["total_count"] == 0
    assert client.get(f"/api/v2/guidance-versions/{version.pk}/").status_code == 404

    login_verified(client, user("practitioner"))
    assert (
        client.get(f"/api/v2/guidance-versions/{version.pk}/").json()["sections"][0]["text"]
        == "Covert tactics."
    )


def test_versions_of_unpublished_documents_are_not_served(client, guidance_index):
    doc = make_document(guidance_index, slug="api-unpublished")
    version = publish(doc)
    doc.refresh_from_db()
    doc.unpublish()
    assert client.get(f"/api/v2/guidance-versions/{version.pk}/").status_code == 404
