"""Version labels: each publication is named as the source names it ("MAPPA Guidance 2012 version
4.5", "updated 13 September 2023"), while the portal's own sequence number stays the address."""

import pytest

from guidance.models import MAJOR, MINOR

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db

DOC = "/guidance/mappa-guidance/"


def text(response):
    return response.content.decode()


def test_the_page_header_names_the_current_version_by_its_label(client):
    body = text(client.get(DOC))
    assert '<span class="govuk-caption-l">Guidance, updated August 2024</span>' in body
    assert "version 8.0" not in body


def test_the_versions_list_and_compare_form_show_the_labels(client):
    body = text(client.get(DOC + "versions/"))
    assert 'href="/guidance/mappa-guidance/versions/6/">Updated 13 September 2023</a>' in body
    assert 'href="/guidance/mappa-guidance/versions/1/">MAPPA Guidance 2012 version 4.5</a>' in body
    assert ">Updated 13 September 2023 (13 Sep 2023)</option>" in body


def test_a_version_page_and_a_comparison_name_versions_by_label(client):
    body = text(client.get(DOC + "versions/6/"))
    assert "<title>MAPPA Guidance, updated 13 September 2023" in body
    assert "Updated 13 September 2023 (minor change)" in body
    compare = text(client.get(DOC + "versions/5/compare/6/"))
    assert "What changed between updated March 2023 and updated 13 September 2023" in compare


def test_the_api_gives_each_versions_label_number_and_name(client, mappa):
    data = client.get(f"/api/v2/pages/{mappa.pk}/").json()
    latest, first = data["versions"][0], data["versions"][-1]
    assert (latest["label"], latest["number"], latest["sequence"]) == (
        "updated August 2024",
        "8.0",
        7,
    )
    assert first["name"] == "MAPPA Guidance 2012 version 4.5"
    listed = client.get(f"/api/v2/guidance-versions/?document={mappa.pk}").json()["items"]
    assert listed[5]["label"] == "updated 13 September 2023"


@pytest.mark.parametrize(
    "slug, sequence",
    [
        ("updated-13-september-2023", 6),
        ("mappa-guidance-2012-version-45", 1),
        ("dated-may-2022-published-1-september-2022", 4),
    ],
)
def test_a_label_address_redirects_to_the_numbered_address(client, slug, sequence):
    response = client.get(f"{DOC}versions/{slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"{DOC}versions/{sequence}/"
    assert client.get(response["Location"]).status_code == 200


def test_an_unknown_label_is_a_404_and_numbers_and_compare_keep_their_routes(client):
    assert client.get(DOC + "versions/updated-1-january-1999/").status_code == 404
    assert client.get(DOC + "versions/6/").status_code == 200
    assert client.get(DOC + "versions/compare/?from=1&to=2").status_code == 302


def test_without_a_label_readers_see_the_portals_number(client, guidance_index):
    doc = make_document(guidance_index, slug="unlabelled")
    publish(doc)
    publish(doc, MINOR, "Links fixed.")
    body = text(client.get("/guidance/unlabelled/"))
    assert "Guidance, version 1.1" in body
    assert ">Version 1.0</a>" in text(client.get("/guidance/unlabelled/versions/"))


def test_the_label_is_taken_at_publication_and_not_carried_to_the_next_version(guidance_index):
    doc = make_document(guidance_index, slug="labelled")
    first = publish(doc, version_label="updated 2 March 2026")
    second = publish(doc, MAJOR, "New referral route.")
    third = publish(doc, MINOR, "", version_label="updated 9 March 2026")
    assert [first.label, second.label, third.label] == [
        "updated 2 March 2026",
        "",
        "updated 9 March 2026",
    ]
    assert second.name == "version 2.0" and third.name == "updated 9 March 2026"


def test_the_editor_names_the_version_under_about_this_change(client, guidance_index):
    from tests.conftest import login_verified, user

    doc = make_document(guidance_index, slug="form-label")
    publish(doc, version_label="updated 2 March 2026")
    login_verified(client, user("editor"))
    form = text(client.get(f"/admin/pages/{doc.pk}/edit/"))
    assert 'name="version_label"' in form
    # Each round of edits starts without the last publication's label.
    assert 'value="updated 2 March 2026"' not in form
