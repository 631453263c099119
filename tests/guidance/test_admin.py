"""Editors in the Wagtail admin: the change note on publishing, and the review-overdue report."""

import datetime
import re

import pytest

from wagtail.models import WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from guidance.models import GuidancePage, GuidanceVersion
from tests.conftest import login_verified, user
from tests.sign_off import approve, submit

pytestmark = pytest.mark.django_db


def edit_form(page, **changes):
    sections = [
        (
            "section",
            {
                "heading": child.value["heading"],
                "anchor": child.value["anchor"],
                "body": rich_text(child.value["body"].source),
                "callouts": {"count": 0},
                "steps": {"count": 0},
            },
        )
        for child in page.sections
    ]
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "sections": streamfield(sections),
        "change_type": "minor",
        "change_note": "",
        "status": page.status,
        "status_reason": page.status_reason,
        "status_date": "",
        "superseded_by": "",
        "content_owner": page.content_owner_id or "",
        "review_by": page.review_by.isoformat() if page.review_by else "",
    }
    data.update(changes)
    form = nested_form_data(data)
    form["action-submit"] = "submit"
    return form


def test_admin_refuses_to_submit_a_major_change_without_a_note(client, mappa):
    response = submit(client, mappa, edit_form(mappa, change_type="major"))
    assert response.status_code == 200
    assert "A major change needs a change note" in response.content.decode()
    assert GuidanceVersion.objects.for_page(mappa).current().number == "8.0"


def test_a_major_change_signed_off_is_published_with_its_note_as_the_next_version(client, mappa):
    form = edit_form(mappa, change_type="major", change_note="New section on approved premises.")
    response = submit(client, mappa, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert GuidanceVersion.objects.for_page(mappa).current().number == "8.0", (
        "not live before sign-off"
    )
    assert approve(client, mappa).status_code == 302
    version = GuidanceVersion.objects.for_page(mappa).current()
    assert (version.number, version.change_note) == ("9.0", "New section on approved premises.")
    assert version.published_by == user("approver")
    history = client.get("/guidance/mappa-guidance/versions/").content.decode()
    assert "Version 9.0" in history and "New section on approved premises." in history


def test_a_minor_change_without_a_note_is_published_once_signed_off(client, mappa):
    assert submit(client, mappa, edit_form(mappa, intro="A shorter summary.")).status_code == 302
    assert approve(client, mappa).status_code == 302
    assert GuidanceVersion.objects.for_page(mappa).current().number == "8.1"


def test_each_round_of_edits_starts_with_an_empty_change_note(client, mappa):
    login_verified(client, user("editor"))
    body = client.get(f"/admin/pages/{mappa.pk}/edit/").content.decode()
    note = re.search(r'<textarea name="change_note"[^>]*>(.*?)</textarea>', body, re.S)
    assert note is not None and note.group(1).strip() == ""
    # The editor must choose the type of change: neither is ticked, and there is no blank option.
    radios = re.findall(r'<input type="radio" name="change_type"[^>]*>', body)
    assert sorted(re.search(r'value="(\w*)"', r).group(1) for r in radios) == ["major", "minor"]
    assert not any("checked" in r for r in radios)


def test_review_overdue_report_lists_documents_past_their_review_date(client, mappa):
    login_verified(client, user("editor"))
    response = client.get("/admin/reports/guidance-review/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Guidance overdue for review" in body
    assert "MAPPA Guidance" in body and "1 August 2025" in body
    assert "Erin Editor" in body
    assert (
        "Interim arrangements for remote MAPPA meetings" not in body
    )  # withdrawn: nothing to review


def test_review_report_leaves_out_documents_not_yet_due(client, mappa):
    GuidancePage.objects.filter(pk=mappa.pk).update(
        review_by=datetime.date.today() + datetime.timedelta(days=30)
    )
    login_verified(client, user("editor"))
    assert (
        "No guidance is overdue for review."
        in client.get("/admin/reports/guidance-review/").content.decode()
    )


def test_review_report_downloads_as_csv(client):
    login_verified(client, user("editor"))
    response = client.get("/admin/reports/guidance-review/?export=csv")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "MAPPA Guidance" in content and "2025-08-01" in content


def test_reports_appear_in_the_reports_menu(client):
    login_verified(client, user("editor"))
    body = client.get("/admin/").content.decode()
    assert "/admin/reports/guidance-review/" in body and "/admin/reports/guidance-versions/" in body


def test_reports_are_for_editors_only(client):
    login_verified(client, user("practitioner"))
    assert client.get("/admin/reports/guidance-review/").status_code in (302, 403)


def test_editors_can_open_the_forms_for_new_documents_and_briefs(client, guidance_index):
    from guidance.models import BriefingIndexPage

    login_verified(client, user("editor"))
    document_form = client.get(f"/admin/pages/add/guidance/guidancepage/{guidance_index.pk}/")
    assert document_form.status_code == 200
    body = document_form.content.decode()
    assert (
        "About this change" in body
        and "Withdrawn or superseded" in body
        and "Ownership and review" in body
    )
    brief_form = client.get(
        f"/admin/pages/add/guidance/briefingpage/{BriefingIndexPage.objects.get().pk}/"
    )
    assert brief_form.status_code == 200


def test_a_draft_of_a_major_change_may_wait_for_its_note_but_not_be_published(client, mappa):
    login_verified(client, user("approver"))
    draft = edit_form(mappa, change_type="major", intro="Draft summary.")
    del draft["action-submit"]  # "Save draft" (and autosave) accept it without a note yet
    assert client.post(f"/admin/pages/{mappa.pk}/edit/", draft).status_code == 302
    assert (
        GuidancePage.objects.get(pk=mappa.pk).get_latest_revision_as_object().intro
        == "Draft summary."
    )

    # Bulk publishing skips the form; the guard refuses it too (where no sign-off applies,
    # which refuses bulk publishing before anything else).
    WorkflowPage.objects.all().delete()
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={mappa.pk}&next=/admin/pages/", follow=True
    )
    assert "a major change needs a change note" in response.content.decode()
    assert GuidanceVersion.objects.for_page(mappa).current().number == "8.0"
    assert GuidancePage.objects.get(pk=mappa.pk).intro != "Draft summary."


def test_submitting_an_edit_without_choosing_the_type_of_change_is_refused(client, mappa):
    response = submit(client, mappa, edit_form(mappa, change_type="", intro="Edited summary."))
    assert response.status_code == 200
    assert "Choose the type of change" in response.content.decode()
    assert GuidanceVersion.objects.for_page(mappa).current().number == "8.0"


def test_a_draft_may_leave_the_type_of_change_for_later(client, mappa):
    login_verified(client, user("approver"))
    draft = edit_form(mappa, change_type="", intro="Draft without a type.")
    del draft["action-submit"]
    assert client.post(f"/admin/pages/{mappa.pk}/edit/", draft).status_code == 302
    assert (
        GuidancePage.objects.get(pk=mappa.pk).get_latest_revision_as_object().intro
        == "Draft without a type."
    )
    WorkflowPage.objects.all().delete()  # as above: the sign-off would refuse bulk publishing first
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={mappa.pk}&next=/admin/pages/", follow=True
    )
    assert "each edit needs its type of change" in response.content.decode()
    assert GuidanceVersion.objects.for_page(mappa).current().number == "8.0"


def test_a_change_that_cannot_go_live_yet_is_not_offered_for_approval(client, mappa):
    form = edit_form(mappa, change_type="minor", intro="Editor's summary.")
    assert submit(client, mappa, form).status_code == 302
    # An approver reworks it in review and saves a draft that leaves the type of change open.
    login_verified(client, user("approver"))
    draft = edit_form(mappa, change_type="", intro="Approver's summary.")
    del draft["action-submit"]
    assert client.post(f"/admin/pages/{mappa.pk}/edit/", draft).status_code == 302
    client.logout()
    login_verified(client, user("admin"))
    editor_view = client.get(f"/admin/pages/{mappa.pk}/edit/").content.decode()
    assert "This change cannot be approved yet. Choose the type of change" in editor_view
    response = approve(client, mappa, as_user=None)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert GuidanceVersion.objects.for_page(mappa).current().number == "8.0"
