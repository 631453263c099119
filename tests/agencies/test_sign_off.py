"""An SMB editor submits a change; an SMB approver signs it off and it goes live."""

import pytest

from django.urls import reverse

from wagtail.models import Page, Workflow

from portal.agencies.models import AgencyPage

from ..conftest import login_verified, user
from .test_admin_editing import edit_form

pytestmark = pytest.mark.django_db


def test_the_whole_site_uses_the_smb_sign_off(home, police):
    workflow = police.get_workflow()
    assert workflow.name == "SMB sign-off"
    assert [t.specific.groups.get().name for t in workflow.tasks] == ["SMB approvers"]
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_editor_submits_and_approver_signs_off(client, police):
    login_verified(client, user("editor"))
    data = edit_form(police, intro="Police public protection units lead on RSOs.")
    data["action-submit"] = "submit"
    assert client.post(f"/admin/pages/{police.pk}/edit/", data).status_code == 302
    page = Page.objects.get(pk=police.pk).specific
    state = page.current_workflow_task_state
    assert state is not None, "the change is waiting for sign-off"
    assert (
        AgencyPage.objects.get(pk=police.pk).intro != "Police public protection units lead on RSOs."
    )

    client.logout()
    login_verified(client, user("approver"))
    dashboard = client.get("/admin/").content.decode()
    assert "Police" in dashboard, "the approver sees the change waiting on the dashboard"
    approve = reverse("wagtailadmin_pages:workflow_action", args=(police.pk, "approve", state.pk))
    assert client.post(approve, {"comment": "Agreed at the SMB meeting"}).status_code == 302
    assert (
        AgencyPage.objects.get(pk=police.pk).intro == "Police public protection units lead on RSOs."
    )
    assert (
        "Police public protection units lead on RSOs."
        in client.get("/agencies/police/").content.decode()
    )
