"""/guidance/updates.atom: valid Atom, one entry per public major change, nothing restricted."""

import xml.etree.ElementTree as ET

import pytest

from wagtail.models import PageViewRestriction

from guidance.models import MAJOR, MINOR, GuidancePage, GuidanceVersion
from portal.core.visibility import reader_group_ids
from tests.conftest import login_verified, user

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/guidance/updates.atom"


def entries(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    return root.findall(f"{ATOM}entry")


def test_feed_is_valid_atom_with_one_entry_per_public_major_change(client, mappa):
    found = entries(client)
    majors = GuidanceVersion.objects.majors().filter(page__live=True).count()
    ended = GuidancePage.objects.live().exclude(status=GuidancePage.CURRENT).count()
    assert len(found) == majors + ended
    titles = [e.find(f"{ATOM}title").text for e in found]
    assert titles[0] == "MAPPA Guidance: updated August 2024"
    assert "MAPPA Guidance: dated May 2022, published 1 September 2022" in titles
    assert not any(t.endswith(("24 November 2021", "13 September 2023")) for t in titles), (
        "minor changes are not in the feed"
    )
    for entry in found:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
    six = next(e for e in found if e.find(f"{ATOM}title").text.endswith("1 September 2022"))
    assert "dated May 2022" in six.find(f"{ATOM}summary").text
    assert (
        six.find(f"{ATOM}link").get("href")
        == "http://testserver/guidance/mappa-guidance/versions/4/"
    )


def test_feed_links_lead_to_the_versions(client):
    for entry in entries(client)[:3]:
        href = entry.find(f"{ATOM}link").get("href").replace("http://testserver", "")
        assert client.get(href).status_code == 200


def test_withdrawn_and_superseded_documents_are_announced_with_their_earlier_major_entries(client):
    by_title = {e.find(f"{ATOM}title").text: e for e in entries(client)}
    withdrawn = by_title["Interim arrangements for remote MAPPA meetings: withdrawn"]
    assert "The temporary arrangements have ended." in withdrawn.find(f"{ATOM}summary").text
    assert (
        withdrawn.find(f"{ATOM}link").get("href")
        == "http://testserver/guidance/remote-mappa-meetings/"
    )
    assert withdrawn.find(f"{ATOM}updated").text.startswith("2022-04-01")
    superseded = by_title["Dorset MAPPA referral procedure: superseded by MAPPA Guidance"]
    summary = superseded.find(f"{ATOM}summary").text
    assert "Read MAPPA Guidance instead: http://testserver/guidance/mappa-guidance/" in summary
    assert "Interim arrangements for remote MAPPA meetings: version 1.0" in by_title
    assert "Dorset MAPPA referral procedure: version 1.0" in by_title
    ids = [e.find(f"{ATOM}id").text for e in by_title.values()]
    assert len(ids) == len(set(ids))


def test_restricted_withdrawn_guidance_is_never_announced(client, guidance_index):
    secret = make_document(
        guidance_index, slug="restricted-withdrawn", title="Restricted withdrawn guidance"
    )
    publish(secret)
    publish(
        secret,
        MINOR,
        "",
        status=GuidancePage.WITHDRAWN,
        status_reason="Secret reason for withdrawal.",
    )
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(*reader_group_ids())
    login_verified(client, user("practitioner"))
    body = client.get(FEED).content.decode()
    assert "Restricted withdrawn guidance" not in body and "Secret reason" not in body


def test_restricted_guidance_never_appears_even_for_a_verified_reader(client, guidance_index):
    secret = make_document(
        guidance_index, slug="restricted-guidance", title="Restricted practitioner guidance"
    )
    publish(secret)
    publish(secret, MAJOR, "Secret change note about a named offender.")
    publish(secret, MINOR, "A minor tidy-up.")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(*reader_group_ids())  # every group that may read restricted material

    assert "Secret change note" not in client.get(FEED).content.decode()
    login_verified(client, user("practitioner"))
    assert client.get("/guidance/restricted-guidance/").status_code == 200  # they may read it
    body = client.get(FEED).content.decode()
    assert "Restricted practitioner guidance" not in body and "Secret change note" not in body


def test_markup_in_a_change_note_reaches_feed_readers_as_text_not_html(client, guidance_index):
    doc = make_document(guidance_index, slug="markup-note", title="Guidance with markup in a note")
    publish(doc)
    publish(doc, MAJOR, "Use <script>alert(1)</script> & <b>bold</b> carefully.")
    entry = next(
        e for e in entries(client) if e.find(f"{ATOM}title").text.startswith("Guidance with markup")
    )
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # What a feed reader renders as HTML: the escaped note, which displays the characters.
    assert (
        summary.text
        == "Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; carefully."
    )
    assert "<script>" not in summary.text
