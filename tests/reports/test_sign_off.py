"""A report goes live only through the SMB sign-off, in the admin, as the demo accounts:
`editor` drafts and submits and cannot publish; `approver` cannot approve a submission of their
own but approves another's; an edit after approval needs approving again."""

import pytest

from django.urls import reverse

from wagtail.models import PageLogEntry

from portal.reports.models import AnnualReportPage
from tests.conftest import login_verified, user
from tests.sign_off import approve, submit, waiting_task

from .conftest import edit_form, set_figure

pytestmark = pytest.mark.django_db

EDIT = "wagtailadmin_pages:edit"


def live(page):
    return AnnualReportPage.objects.get(pk=page.pk)


def live_category_1(page):
    figure = live(page).figures.filter(scope="area", metric="category_1").first()
    return figure and int(figure.value)


@pytest.fixture
def report(make_report):
    return make_report(2019, published=False, title="Wiltshire MAPPA annual report 2019/20")


def test_editor_drafts_and_submits_and_cannot_publish(client, report):
    login_verified(client, user("editor"))
    html = client.get(reverse(EDIT, args=[report.pk])).content.decode()
    assert 'name="action-publish"' not in html and 'name="action-submit"' in html
    data = edit_form(client, report)
    set_figure(data, "area", "category_1", "845")
    data["action-publish"] = "publish"  # a crafted Publish only saves a draft
    response = client.post(reverse(EDIT, args=[report.pk]), data)
    assert response.status_code == 302
    assert not live(report).live
    assert client.get(report.url or "/annual-reports/wiltshire-2019-20/").status_code == 404
    assert submit(client, report, edit_form(client, report)).status_code == 302
    assert waiting_task(report) is not None
    assert not live(report).live, "submitted is not published"


def test_approver_approves_another_persons_submission_and_it_goes_live(client, report):
    login_verified(client, user("editor"))
    data = edit_form(client, report)
    set_figure(data, "area", "category_1", "845")
    assert submit(client, report, data).status_code == 302
    assert approve(client, report, comment="Agreed at the board meeting").status_code == 302
    page = live(report)
    assert page.live and live_category_1(page) == 845
    html = client.get(page.url).content.decode()
    assert "845" in html
    actions = list(
        PageLogEntry.objects.filter(page=report)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", "editor") in actions
    assert ("wagtail.workflow.approve", "approver") in actions
    assert ("wagtail.publish", "approver") in actions


def test_approver_cannot_approve_their_own_submission(client, report):
    login_verified(client, user("approver"))
    data = edit_form(client, report)
    set_figure(data, "area", "category_1", "777")
    assert submit(client, report, data, as_user="approver").status_code == 302
    state = waiting_task(report)
    html = client.get(reverse(EDIT, args=[report.pk])).content.decode()
    assert "You cannot approve this change because you submitted it" in html
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(report.pk, "approve", state.pk)
    )
    assert approve_url not in html
    response = approve(client, report, as_user="approver")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not live(report).live
    # Another approver (the administrator here) may sign it off.
    assert approve(client, report, as_user="admin").status_code == 302
    assert live(report).live and live_category_1(report) == 777


def test_an_edit_after_approval_needs_approval_again(client, report):
    login_verified(client, user("editor"))
    assert submit(client, report, edit_form(client, report)).status_code == 302
    assert approve(client, report).status_code == 302
    before = live_category_1(report)
    login_verified(client, user("editor"))
    data = edit_form(client, live(report))
    set_figure(data, "area", "category_1", "835")
    assert client.post(reverse(EDIT, args=[report.pk]), data).status_code == 302
    assert live_category_1(report) == before, "a draft until it is signed off"
    assert "835" not in client.get(live(report).url).content.decode()
    assert waiting_task(report) is None
    assert submit(client, report, data).status_code == 302
    assert live_category_1(report) == before
    assert approve(client, report).status_code == 302
    assert live_category_1(report) == 835


def test_a_change_edited_by_the_approver_while_waiting_needs_someone_else(client, report):
    login_verified(client, user("editor"))
    assert submit(client, report, edit_form(client, report)).status_code == 302
    login_verified(client, user("approver"))
    data = edit_form(client, report)
    set_figure(data, "area", "category_1", "555")
    assert client.post(reverse(EDIT, args=[report.pk]), data).status_code == 302
    response = approve(client, report)
    assert response["Location"] == reverse("wagtailadmin_home"), "refused"
    assert not live(report).live


def test_a_report_with_bad_figures_cannot_be_approved(client, report):
    # Saved around the form (as an import might), the revision still cannot go live.
    page = live(report)
    figures = list(page.figures.all())
    next(f for f in figures if f.metric == "category_1").value = 5000  # above the total
    page.figures = figures
    page.save_revision(user=user("editor"), clean=False)
    login_verified(client, user("editor"))
    from wagtail.models import Workflow

    Workflow.objects.get(name="SMB sign-off").start(live(report), user("editor"))
    response = approve(client, report)
    assert response.status_code == 302
    assert not live(report).live
    html = client.get(reverse(EDIT, args=[report.pk])).content.decode()
    assert "This change cannot be approved yet" in html and "add up to 5,350" in html


def test_approver_approves_the_waiting_demo_report_from_its_edit_page(client):
    """The Approve button of the editor's footer posts the whole form: opening the report and
    approving it unchanged is no edit of the approver's own, so the approval goes through."""
    waiting = AnnualReportPage.objects.get(slug="dorset-2021-22")
    before = waiting.revisions.count()
    login_verified(client, user("approver"))
    data = edit_form(client, waiting)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    response = client.post(reverse(EDIT, args=[waiting.pk]), data)
    assert response.status_code == 302
    page = live(waiting)
    assert page.live and page.revisions.count() == before, "no revision of the approver's"
    assert client.get(page.url).status_code == 200
