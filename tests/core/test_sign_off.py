"""The SMB sign-off through the admin, as the demo accounts: nobody publishes without another
person's approval, and nobody approves their own change."""

import pytest

from django.urls import reverse

from wagtail.models import Page, PageLogEntry

from portal.agencies.models import AgencyPage
from tests.agencies.test_admin_editing import edit_form
from tests.conftest import login_verified, user
from tests.sign_off import approve, submit, waiting_task

pytestmark = pytest.mark.django_db

EDIT = "wagtailadmin_pages:edit"


def live_intro(page):
    return AgencyPage.objects.get(pk=page.pk).intro


def refused(response):
    """The admin answers a refused workflow action by returning to the dashboard with a message."""
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def publish_directly(client, page, **changes):
    data = edit_form(page, **changes)
    data["action-publish"] = "publish"
    return client.post(reverse(EDIT, args=[page.pk]), data)


def test_an_editor_has_no_publish_button_and_a_crafted_publish_only_saves_a_draft(client, police):
    login_verified(client, user("editor"))
    page = client.get(reverse(EDIT, args=[police.pk])).content.decode()
    assert 'name="action-publish"' not in page
    assert 'name="action-submit"' in page
    assert publish_directly(client, police, intro="Editor tried to publish.").status_code == 302
    assert live_intro(police) != "Editor tried to publish."
    assert (
        Page.objects.get(pk=police.pk).get_latest_revision_as_object().intro
        == "Editor tried to publish."
    )


@pytest.mark.parametrize("persona", ["approver", "admin"])
def test_a_plain_publish_cannot_skip_the_sign_off(client, police, persona):
    login_verified(client, user(persona))
    page = client.get(reverse(EDIT, args=[police.pk])).content.decode()
    assert 'name="action-publish"' not in page, "the Publish button is not offered"
    response = publish_directly(client, police, intro="Published without sign-off.")
    assert response.status_code == 302 and response["Location"] == reverse(EDIT, args=[police.pk])
    assert live_intro(police) != "Published without sign-off."
    message = client.get(response["Location"]).content.decode()
    assert "go live only after SMB sign-off" in message
    draft = Page.objects.get(pk=police.pk).get_latest_revision_as_object()
    assert draft.intro == "Published without sign-off.", "the edit is kept as a draft"


def test_editor_submits_an_approver_signs_off_and_the_log_says_who(client, police):
    assert (
        submit(client, police, edit_form(police, intro="Agreed at the SMB meeting.")).status_code
        == 302
    )
    assert live_intro(police) != "Agreed at the SMB meeting."
    assert approve(client, police, comment="Agreed by the board").status_code == 302
    assert live_intro(police) == "Agreed at the SMB meeting."
    actions = dict(
        PageLogEntry.objects.filter(page=police)
        .values_list("action", "user__username")
        .order_by("timestamp")
    )
    assert actions["wagtail.workflow.start"] == "editor"
    assert actions["wagtail.workflow.approve"] == "approver"
    assert actions["wagtail.publish"] == "approver"


def test_an_approver_cannot_approve_their_own_submission(client, police):
    assert (
        submit(
            client, police, edit_form(police, intro="The chair's own change."), as_user="approver"
        ).status_code
        == 302
    )
    state = waiting_task(police)
    editor_view = client.get(reverse(EDIT, args=[police.pk])).content.decode()
    assert "You cannot approve this change because you submitted it" in editor_view
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(police.pk, "approve", state.pk)
    )
    assert approve_url not in editor_view, "no Approve button"
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert approve_url not in dashboard, "not listed as awaiting the submitter's own review"
    refused(client.post(approve_url, {"comment": ""}))
    assert live_intro(police) != "The chair's own change."
    # Another approver (here the administrator) may sign it off.
    assert approve(client, police, as_user="admin").status_code == 302
    assert live_intro(police) == "The chair's own change."


def test_the_administrator_cannot_approve_their_own_change_either(client, police):
    assert (
        submit(
            client, police, edit_form(police, intro="Admin's own change."), as_user="admin"
        ).status_code
        == 302
    )
    refused(approve(client, police, as_user="admin"))
    assert live_intro(police) != "Admin's own change."


def test_an_approver_who_edits_a_change_in_review_cannot_approve_it(client, police):
    assert submit(client, police, edit_form(police, intro="Editor's wording.")).status_code == 302
    login_verified(client, user("approver"))
    # Approvers may edit a page waiting for them; saving makes the change partly theirs.
    data = edit_form(police, intro="Approver's rewording.")
    assert client.post(reverse(EDIT, args=[police.pk]), data).status_code == 302
    editor_view = client.get(reverse(EDIT, args=[police.pk])).content.decode()
    assert "You cannot approve this change because you submitted it or wrote it" in editor_view
    refused(approve(client, police))
    assert live_intro(police) != "Approver's rewording."
    # The administrator's approval was of the submitted revision; the rewording since then
    # needs an approval of its own before anything goes live.
    assert approve(client, police, as_user="admin").status_code == 302
    assert live_intro(police) != "Approver's rewording."
    assert waiting_task(police).revision.user == user("approver")
    assert approve(client, police, as_user="admin").status_code == 302
    assert live_intro(police) == "Approver's rewording."


def test_an_edit_after_approval_needs_approval_again(client, police, settings):
    assert settings.WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT is True
    assert (
        submit(client, police, edit_form(police, intro="First approved text.")).status_code == 302
    )
    assert approve(client, police).status_code == 302
    assert live_intro(police) == "First approved text."
    login_verified(client, user("editor"))
    data = edit_form(AgencyPage.objects.get(pk=police.pk), intro="Changed after approval.")
    assert client.post(reverse(EDIT, args=[police.pk]), data).status_code == 302
    assert live_intro(police) == "First approved text."
    assert waiting_task(police) is None, "a new edit is a draft until it is submitted again"
    assert submit(client, police, data).status_code == 302
    assert approve(client, police).status_code == 302
    assert live_intro(police) == "Changed after approval."


def test_bulk_publishing_is_refused_where_the_sign_off_applies(client, police):
    login_verified(client, user("approver"))
    data = edit_form(police, intro="Bulk published?")
    assert client.post(reverse(EDIT, args=[police.pk]), data).status_code == 302
    response = client.post(
        f"{reverse('wagtail_bulk_action', args=('wagtailcore', 'page', 'publish'))}?id={police.pk}",
        follow=True,
    )
    assert "go live only after SMB sign-off" in response.content.decode()
    assert live_intro(police) != "Bulk published?"


def test_copies_cannot_be_published_straight_away(client, police, agency_index):
    login_verified(client, user("approver"))
    before = Page.objects.count()
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[police.pk]),
        {
            "new_title": "Police copy",
            "new_slug": "police-copy",
            "new_parent_page": agency_index.pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    assert Page.objects.count() == before
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[police.pk]),
        {"new_title": "Police copy", "new_slug": "police-copy", "new_parent_page": agency_index.pk},
    )
    assert Page.objects.count() == before + 1
    assert not Page.objects.get(slug="police-copy").live
