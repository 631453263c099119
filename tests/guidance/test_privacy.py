"""Restricted guidance and briefs: every route under them is closed to anonymous and
password-only sessions, and open to verified practitioners."""

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from guidance.models import MAJOR, BriefingIndexPage, BriefingPage
from portal.core.visibility import reader_group_ids

from .conftest import make_document, publish, section

pytestmark = pytest.mark.django_db

SECRET = "Covert deployment details for a named offender."
TODAY = timezone.localdate().isoformat()
ROUTES = ["", "versions/", "versions/1/", "versions/1/compare/2/", f"as-of/{TODAY}/"]


def restrict(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(*reader_group_ids())


@pytest.fixture
def restricted_document(guidance_index):
    doc = make_document(
        guidance_index, slug="restricted-tactics", sections=[section("Tactics", "Old tactics.")]
    )
    publish(doc)
    publish(doc, MAJOR, "New tactics.", sections=[section("Tactics", SECRET)])
    restrict(doc)
    return doc


@pytest.fixture
def restricted_brief(db):
    index = BriefingIndexPage.objects.get()
    parts = [
        ("part", {"heading": f"Part {n}", "text": RichText(f"<p>{SECRET}</p>")})
        for n in range(1, 8)
    ]
    brief = BriefingPage(title="Restricted brief", slug="restricted-brief", parts=parts, live=False)
    index.add_child(instance=brief)
    brief.save_revision().publish()
    restrict(brief)
    return brief


@pytest.mark.parametrize("persona", ["anonymous", "password-only:practitioner"])
@pytest.mark.parametrize("route", ROUTES)
def test_unverified_sessions_are_sent_to_sign_in(
    persona_client, restricted_document, persona, route
):
    response = persona_client(persona).get(f"/guidance/restricted-tactics/{route}")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("route", ROUTES)
def test_verified_practitioners_read_every_route(persona_client, restricted_document, route):
    response = persona_client("practitioner").get(f"/guidance/restricted-tactics/{route}")
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "password-only:practitioner"])
def test_restricted_brief_and_its_pdf_are_closed_to_unverified_sessions(
    persona_client, restricted_brief, persona
):
    client = persona_client(persona)
    for path in ("/briefings/restricted-brief/", "/briefings/restricted-brief/pdf/"):
        response = client.get(path)
        assert response.status_code == 302
    assert "Restricted brief" not in client.get("/briefings/").content.decode()
    assert "restricted-brief" not in client.get("/agencies/police/").content.decode()


def test_restricted_guidance_leaves_the_public_listing(client, restricted_document):
    assert "restricted-tactics" not in client.get("/guidance/").content.decode()
