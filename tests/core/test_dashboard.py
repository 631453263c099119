"""The admin dashboard of SMB editors and approvers: their drafts, what waits for their
sign-off (never their own changes), and guidance due for review."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from guidance.models import GuidancePage
from tests.agencies.test_admin_editing import edit_form
from tests.conftest import login_verified, user
from tests.sign_off import submit

pytestmark = pytest.mark.django_db


def dashboard(client, username):
    client.logout()
    login_verified(client, user(username))
    return client.get(reverse("wagtailadmin_home")).content.decode()


def panel(html, heading):
    return (
        html.split(f">{heading}<", 1)[1].split("</section>", 1)[0] if f">{heading}<" in html else ""
    )


def test_an_editors_draft_is_on_their_dashboard_until_they_submit_it(client, police):
    login_verified(client, user("editor"))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[police.pk]), edit_form(police, intro="A draft.")
    )
    assert "Police" in panel(dashboard(client, "editor"), "Your drafts")
    assert "Police" not in panel(dashboard(client, "approver"), "Your drafts"), "only the author's"
    submit(client, police, edit_form(police, intro="A draft."))
    assert "Police" not in panel(dashboard(client, "editor"), "Your drafts")


def test_a_submitted_change_waits_for_sign_off_by_others_only(client, police):
    from portal.agencies.models import AgencyPage

    probation = AgencyPage.objects.get(slug="probation")
    submit(client, police, edit_form(police, intro="For another approver."), as_user="approver")
    submit(client, probation, edit_form(probation, intro="For the chair."), as_user="editor")
    mine = panel(dashboard(client, "approver"), "Awaiting your review")
    assert "Probation Service" in mine
    assert f"/admin/pages/workflow/action/{probation.pk}/approve/" in mine, (
        "approve from the dashboard"
    )
    assert "Police" not in mine, "the approver's own submission waits for someone else"
    assert "Police" in panel(dashboard(client, "admin"), "Awaiting your review")


def test_guidance_due_for_review_is_listed_owners_first(client, home):
    today = timezone.localdate()
    GuidancePage.objects.update(review_by=today + datetime.timedelta(days=400))
    mappa = GuidancePage.objects.get(slug="mappa-guidance")
    GuidancePage.objects.filter(pk=mappa.pk).update(review_by=today - datetime.timedelta(days=3))
    html = panel(dashboard(client, "editor"), "Guidance due for review")
    assert mappa.title in html and "Overdue" in html and "You" in html
    GuidancePage.objects.filter(pk=mappa.pk).update(review_by=today + datetime.timedelta(days=90))
    assert "No guidance is due for review" in panel(
        dashboard(client, "editor"), "Guidance due for review"
    )
