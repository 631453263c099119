"""A withdrawn document cannot get a new major version by accident: it is reinstated first, by
someone who may publish it, with a reason that stays in its history."""

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wagtail.models import PageLogEntry

from guidance.models import MAJOR, GuidancePage, GuidanceVersion
from guidance.services import reinstate_document
from tests.conftest import login_verified, user
from tests.sign_off import approve, submit

from .test_admin import edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(db):
    return GuidancePage.objects.get(slug="remote-mappa-meetings")


def reinstate_url(page):
    return reverse("guidance_reinstate", args=[page.pk])


def test_submitting_a_major_change_of_a_withdrawn_document_is_refused(client, withdrawn):
    form = edit_form(withdrawn, change_type="major", change_note="New rules for video meetings.")
    response = submit(client, withdrawn, form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "This document has been withdrawn, so it cannot get a new major version." in body
    assert "reinstate it first" in body
    assert GuidanceVersion.objects.for_page(withdrawn).current().number == "1.1"


def test_a_withdrawn_document_is_not_put_back_in_force_by_editing_its_status(client, withdrawn):
    response = submit(client, withdrawn, edit_form(withdrawn, status="current"))
    assert response.status_code == 200
    assert "comes back into force only by reinstating it" in response.content.decode()
    assert GuidancePage.objects.get(pk=withdrawn.pk).status == GuidancePage.WITHDRAWN


def test_a_minor_correction_of_a_withdrawn_document_may_still_go_through(client, withdrawn):
    response = submit(
        client, withdrawn, edit_form(withdrawn, intro="Temporary arrangements, now ended.")
    )
    assert response.status_code == 302


def test_every_publishing_path_refuses_it_too(withdrawn):
    page = GuidancePage.objects.get(pk=withdrawn.pk)
    page.change_type, page.change_note = MAJOR, "Published from code."
    with pytest.raises(ValidationError, match="withdrawn"):
        page.save_revision().publish()


def test_the_edit_view_offers_reinstating_to_those_who_may_publish(client, withdrawn, mappa):
    login_verified(client, user("approver"))
    body = client.get(reverse("wagtailadmin_pages:edit", args=[withdrawn.pk])).content.decode()
    assert f'href="{reinstate_url(withdrawn)}"' in body and "Reinstate this document" in body
    in_force = client.get(reverse("wagtailadmin_pages:edit", args=[mappa.pk])).content.decode()
    assert "Reinstate this document" not in in_force


def test_editors_without_publish_rights_may_not_reinstate(client, withdrawn):
    login_verified(client, user("editor"))
    assert (
        "Reinstate this document"
        not in client.get(reverse("wagtailadmin_pages:edit", args=[withdrawn.pk])).content.decode()
    )
    assert client.get(reinstate_url(withdrawn)).status_code == 403
    assert client.post(reinstate_url(withdrawn), {"reason": "Wanted back."}).status_code == 403
    assert GuidancePage.objects.get(pk=withdrawn.pk).status == GuidancePage.WITHDRAWN
    with pytest.raises(PermissionDenied):
        reinstate_document(withdrawn, by=user("editor"), reason="Wanted back.")


def test_a_reason_is_required(client, withdrawn):
    login_verified(client, user("approver"))
    form = client.get(reinstate_url(withdrawn))
    assert (
        form.status_code == 200 and "Why is this document back in force?" in form.content.decode()
    )
    response = client.post(reinstate_url(withdrawn), {"reason": "   "})
    assert response.status_code == 400
    assert "Say why the document is back in force" in response.content.decode()
    assert GuidancePage.objects.get(pk=withdrawn.pk).status == GuidancePage.WITHDRAWN


def test_reinstating_puts_it_back_in_force_with_its_reason_in_the_history(client, withdrawn):
    reason = "Remote meetings are allowed again while the meeting rooms are rebuilt."
    login_verified(client, user("approver"))
    response = client.post(reinstate_url(withdrawn), {"reason": reason})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[withdrawn.pk])

    page = GuidancePage.objects.get(pk=withdrawn.pk)
    assert (page.status, page.status_reason, page.status_date) == (GuidancePage.CURRENT, "", None)
    assert page.get_latest_revision_as_object().status == GuidancePage.CURRENT
    entry = PageLogEntry.objects.get(page=page, action="guidance.reinstate")
    assert entry.user == user("approver") and entry.data["reason"] == reason
    assert entry.data["previous_status"] == "withdrawn"

    versions = client.get("/guidance/remote-mappa-meetings/versions/").content.decode()
    assert "Back in force" in versions and reason in versions
    in_force, _, ended = client.get("/guidance/").content.decode().partition("No longer in force")
    assert 'href="/guidance/remote-mappa-meetings/"' in in_force
    assert (
        "This guidance was withdrawn"
        not in client.get("/guidance/remote-mappa-meetings/").content.decode()
    )
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Reinstate" in history


def test_once_reinstated_a_major_change_goes_through_the_sign_off(client, withdrawn):
    reinstate_document(withdrawn, by=user("approver"), reason="Needed again.")
    page = GuidancePage.objects.get(pk=withdrawn.pk)
    form = edit_form(page, change_type="major", change_note="Video meetings for all levels.")
    assert submit(client, page, form).status_code == 302
    assert approve(client, page).status_code == 302
    version = GuidanceVersion.objects.for_page(page).current()
    assert (version.number, version.change_note) == ("2.0", "Video meetings for all levels.")
    assert GuidancePage.objects.get(pk=page.pk).status == GuidancePage.CURRENT


def test_a_document_in_force_has_nothing_to_reinstate(client, mappa):
    login_verified(client, user("approver"))
    response = client.get(reinstate_url(mappa))
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        reinstate_document(mappa, by=user("approver"), reason="Again.")


def test_an_unknown_document_is_a_404(client):
    login_verified(client, user("approver"))
    assert client.get(reverse("guidance_reinstate", args=[999999])).status_code == 404
