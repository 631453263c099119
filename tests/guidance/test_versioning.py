"""Publishing makes a numbered version with a change note; the history is kept for ever."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import Revision

from guidance.models import MAJOR, MINOR, GuidancePage, GuidanceVersion
from guidance.versioning import parse_number
from tests.conftest import login_verified, user

from .conftest import make_document, numbered_sections, publish, section

pytestmark = pytest.mark.django_db


def test_first_publication_is_version_1_0(guidance_index):
    version = publish(make_document(guidance_index))
    assert (version.number, version.sequence, version.change_type) == ("1.0", 1, MAJOR)
    assert version.change_note == "First published."


def test_minor_changes_add_a_point_and_major_changes_start_a_new_number(guidance_index):
    doc = make_document(guidance_index)
    numbers = [
        publish(doc).number,
        publish(doc, MINOR, "Fixed a broken link.").number,
        publish(doc, MINOR).number,
        publish(doc, MAJOR, "New section on disclosure.").number,
        publish(doc, MINOR, "Typing error.").number,
    ]
    assert numbers == ["1.0", "1.1", "1.2", "2.0", "2.1"]
    assert list(
        GuidanceVersion.objects.for_page(doc).oldest_first().values_list("sequence", flat=True)
    ) == [1, 2, 3, 4, 5]


def test_a_minor_change_may_omit_its_note(guidance_index):
    doc = make_document(guidance_index)
    publish(doc)
    assert publish(doc, MINOR, "").change_note == ""


def test_a_major_change_without_a_note_is_refused(guidance_index):
    doc = make_document(guidance_index)
    publish(doc)
    with pytest.raises(ValidationError) as refused:
        publish(doc, MAJOR, "   ")
    assert "A major change needs a change note" in str(refused.value.message_dict["change_note"])
    assert GuidanceVersion.objects.for_page(doc).count() == 1


def test_publishing_the_same_revision_again_records_no_second_version(guidance_index):
    doc = make_document(guidance_index)
    publish(doc)
    revision = GuidancePage.objects.get(pk=doc.pk).live_revision
    revision.publish()
    assert GuidanceVersion.objects.for_page(doc).count() == 1


def test_version_records_who_published_and_when(guidance_index):
    approver = user("approver")
    before = timezone.now()
    version = publish(make_document(guidance_index), user=approver)
    assert version.published_by == approver
    assert version.published_by_name == "Chris Chair"
    assert version.published_at >= before
    assert version.revision == GuidancePage.objects.get(pk=version.page_id).live_revision


def test_unpublishing_keeps_the_history_and_numbering_carries_on(client, guidance_index):
    doc = make_document(guidance_index, slug="unpublish-me")
    publish(doc)
    publish(doc, MINOR, "Clarified the referral steps.")
    GuidancePage.objects.get(pk=doc.pk).unpublish()

    assert client.get("/guidance/unpublish-me/versions/").status_code == 404
    assert GuidanceVersion.objects.for_page(doc).count() == 2

    assert publish(doc, MINOR, "Back in force.").number == "1.2"
    history = client.get("/guidance/unpublish-me/versions/").content.decode()
    for note in ("First published.", "Clarified the referral steps.", "Back in force."):
        assert note in history


def test_deleting_a_document_keeps_its_versions_for_editors(client, guidance_index):
    doc = make_document(
        guidance_index,
        slug="delete-me",
        title="Guidance that will be deleted",
        sections=[section("Old duty", "Agencies must phone the co-ordinator.")],
    )
    publish(doc)
    publish(
        doc,
        MAJOR,
        "Duty rewritten.",
        sections=[section("Old duty", "Agencies must email the co-ordinator.")],
    )
    GuidancePage.objects.get(pk=doc.pk).delete()

    kept = GuidanceVersion.objects.filter(document_id=doc.pk).order_by("sequence")
    assert [(v.number, v.page_id, v.title) for v in kept] == [
        ("1.0", None, "Guidance that will be deleted"),
        ("2.0", None, "Guidance that will be deleted"),
    ]
    assert kept[0].url_path == "/guidance/delete-me/"
    assert client.get("/guidance/delete-me/").status_code == 404

    # Editors find the deleted document in the version history report and can read each version.
    login_verified(client, user("editor"))
    report = client.get("/admin/reports/guidance-versions/").content.decode()
    assert "Guidance that will be deleted" in report and "Deleted" in report
    archived = client.get(f"/admin/reports/guidance-versions/{kept[0].pk}/").content.decode()
    assert "Agencies must phone the co-ordinator." in archived
    assert "has been deleted" in archived


def test_a_purged_revision_still_renders_from_the_frozen_copy(client, guidance_index):
    doc = make_document(
        guidance_index, slug="purged", sections=[section("Duty", "Version one wording.")]
    )
    first = publish(doc)
    publish(doc, MAJOR, "Reworded.", sections=[section("Duty", "Version two wording.")])
    Revision.objects.filter(pk=first.revision_id).delete()  # what purge_revisions would do
    first.refresh_from_db()
    assert first.revision_id is None
    body = client.get("/guidance/purged/versions/1/").content.decode()
    assert "Version one wording." in body and "Version two wording." not in body


def test_query_api(mappa):
    versions = GuidanceVersion.objects.for_page(mappa)
    assert versions.current().number == "8.0"
    assert versions.by_number("6.0").published_at.date() == datetime.date(2022, 9, 1)
    with pytest.raises(GuidanceVersion.DoesNotExist):
        versions.by_number("nonsense")
    assert [v.number for v in versions.majors().oldest_first()] == [
        "4.5",
        "5.0",
        "6.0",
        "7.0",
        "8.0",
    ]
    assert versions.in_force_on(datetime.date(2023, 9, 12)).number == "7.0"
    assert versions.in_force_on(datetime.date(2023, 9, 13)).number == "7.1"
    assert versions.in_force_on(datetime.date(2019, 6, 30)) is None
    assert versions.published().count() == 7


@pytest.mark.parametrize("text, expected", [("4.5", (4, 5)), ("10.0", (10, 0))])
def test_version_numbers_parse(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["4", "4.5.1", "x.y", "", "-1.0"])
def test_malformed_version_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_anchors_are_set_once_and_survive_renaming_and_reordering(guidance_index):
    doc = make_document(
        guidance_index,
        sections=[
            section("Sharing information", "One."),
            section("Levels of management", "Two."),
        ],
    )
    publish(doc)
    doc = GuidancePage.objects.get(pk=doc.pk)
    assert [a for a, _ in doc.contents] == ["sharing-information", "levels-of-management"]

    # Rename the first section, swap the order and add a copy of the second with its anchor.
    first, second = list(doc.sections)
    first.value["heading"] = "Information sharing between agencies"
    doc.sections = [
        ("section", second.value),
        ("section", first.value),
        section("Levels of management", "A copy.", anchor="levels-of-management"),
    ]
    publish(doc, MINOR, "Reordered.", sections=doc.sections)
    doc = GuidancePage.objects.get(pk=doc.pk)
    assert doc.contents == [
        ("levels-of-management", "Levels of management"),
        ("sharing-information", "Information sharing between agencies"),
        ("levels-of-management-2", "Levels of management"),
    ]


def test_sixty_sections_get_sixty_distinct_anchors(guidance_index):
    doc = make_document(guidance_index, sections=numbered_sections(60))
    publish(doc)
    anchors = [a for a, _ in GuidancePage.objects.get(pk=doc.pk).contents]
    assert len(set(anchors)) == 60
