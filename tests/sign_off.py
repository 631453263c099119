"""Going live through the SMB sign-off in the admin: submit as one person, approve as another."""

from django.urls import reverse

from wagtail.models import Page

from tests.conftest import login_verified, user


def submit(client, page, form, as_user="editor"):
    """POST the edit form with "Submit to SMB sign-off"; returns the response."""
    if as_user:
        client.logout()
        login_verified(client, user(as_user))
    data = {key: value for key, value in form.items() if key != "action-publish"}
    data["action-submit"] = "submit"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def waiting_task(page):
    return Page.objects.get(pk=page.pk).current_workflow_task_state


def approve(client, page, as_user="approver", comment=""):
    """Approve the change waiting on this page; returns the response."""
    if as_user:
        client.logout()
        login_verified(client, user(as_user))
    state = waiting_task(page)
    assert state is not None, "nothing is waiting for sign-off"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
    return client.post(url, {"comment": comment})
