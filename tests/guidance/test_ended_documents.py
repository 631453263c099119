"""Withdrawn and superseded guidance can still be found: listed under the documents in force with
its reason and replacement, and filtered by status in the read API."""

import re

import pytest

from guidance.models import GuidancePage

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_the_index_lists_ended_documents_below_those_in_force_with_reason_and_replacement(client):
    body = text(client.get("/guidance/"))
    in_force, heading, ended = body.partition('id="no-longer-in-force">No longer in force</h2>')
    assert heading, "the section of documents no longer in force is missing"
    assert 'href="/guidance/mappa-guidance/"' in in_force
    withdrawn = ended[ended.index("/guidance/remote-mappa-meetings/") :]
    assert "Withdrawn</strong>" in withdrawn[:600] and "on 1 April 2022" in withdrawn[:600]
    assert "The temporary arrangements have ended." in withdrawn
    superseded = ended[ended.index("/guidance/mappa-referral-procedure/") :]
    assert "Superseded</strong>" in superseded[:600]
    assert "Referrals now follow the national MAPPA Guidance" in superseded
    assert re.search(
        r'Replaced by <a class="govuk-link" href="/guidance/mappa-guidance/">MAPPA Guidance</a>',
        superseded,
    )


def test_the_ended_section_leaves_out_replacements_the_reader_may_not_read(client, guidance_index):
    replacement = make_document(
        guidance_index, slug="replacement-draft", title="Unpublished replacement"
    )
    ended = make_document(guidance_index, slug="ended-one", title="Ended one")
    publish(ended)
    publish(
        ended,
        status=GuidancePage.SUPERSEDED,
        superseded_by=replacement,
        status_reason="Replaced by a document still in draft.",
    )
    body = text(client.get("/guidance/"))
    assert "Ended one" in body and "Replaced by a document still in draft." in body
    assert "Unpublished replacement" not in body


def test_no_ended_section_when_nothing_has_ended(client, guidance_index):
    GuidancePage.objects.exclude(status=GuidancePage.CURRENT).update(status=GuidancePage.CURRENT)
    assert "No longer in force" not in text(client.get("/guidance/"))


@pytest.mark.parametrize(
    "status, slugs",
    [
        ("current", {"mappa-guidance"}),
        ("withdrawn", {"remote-mappa-meetings"}),
        ("superseded", {"mappa-referral-procedure"}),
    ],
)
def test_the_read_api_filters_guidance_by_status(client, status, slugs):
    response = client.get(
        f"/api/v2/pages/?type=guidance.GuidancePage&status={status}&fields=status"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert {item["meta"]["slug"] for item in items} == slugs
    assert {item["status"] for item in items} == {status}


@pytest.mark.parametrize(
    "query", ["status=retired", "status=", "status=Current", "status=current&status=gone"]
)
def test_an_unknown_status_is_a_400_with_a_message(client, query):
    response = client.get(f"/api/v2/pages/?type=guidance.GuidancePage&{query}")
    assert response.status_code == 400
    assert response.json() == {"message": "status must be one of: current, withdrawn, superseded"}
