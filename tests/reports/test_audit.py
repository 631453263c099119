"""The audit trail of each report in the admin, and as CSV: who drafted, submitted, commented,
approved, scheduled and published it, and when; for SMB editors and approvers only."""

import csv
import datetime
import io

import pytest
import time_machine

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.core.models import ScheduledJobRun
from portal.reports.models import AnnualReportPage
from tests.conftest import login_verified, user
from tests.sign_off import approve, submit

from .conftest import edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_off(client, make_report):
    """A report drafted and submitted by editor, sent back once, resubmitted, then approved
    by approver and scheduled for a day later."""
    report = make_report(2019, published=False)
    login_verified(client, user("editor"))
    data = edit_form(client, report)
    assert submit(client, report, data).status_code == 302
    state = AnnualReportPage.objects.get(pk=report.pk).current_workflow_task_state
    client.logout()
    login_verified(client, user("approver"))
    url = reverse("wagtailadmin_pages:workflow_action", args=(report.pk, "reject", state.pk))
    assert client.post(url, {"comment": "Add the source for the rate"}).status_code == 302
    login_verified(client, user("editor"))
    data = edit_form(client, report)
    data.update(
        {  # a comment on the title, with the resubmission
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-0-id": "",
            "comments-0-DELETE": "",
            "comments-0-resolved": "",
            "comments-0-contentpath": "title",
            "comments-0-position": "",
            "comments-0-text": "Rate source added from the Dorset Echo",
            "comments-0-replies-TOTAL_FORMS": "0",
            "comments-0-replies-INITIAL_FORMS": "0",
        }
    )
    go_live = timezone.localtime() + datetime.timedelta(days=1)
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    assert submit(client, report, data).status_code == 302
    assert approve(client, report, comment="Agreed by the board").status_code == 302
    client.logout()
    return AnnualReportPage.objects.get(pk=report.pk)


def test_the_audit_page_says_who_did_what_and_when(client, signed_off):
    login_verified(client, user("approver"))
    response = client.get(reverse("reports_audit", args=[signed_off.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Approved, scheduled to go live" in html
    summary = html.split("<h2>Summary</h2>", 1)[1].split("<h2>", 1)[0]
    for stage, who in [
        ("Drafted", "Erin Editor"),
        ("Submitted", "Erin Editor"),
        ("Approved", "Chris Chair"),
        ("Scheduled", "Chris Chair"),
    ]:
        row = summary.split(f'<th scope="row">{stage}</th>', 1)[1].split("</tr>", 1)[0]
        assert who in row, (stage, row)
    assert "Published</th>\n        <td>Not yet" in summary
    trail = html.split("Everything that happened", 1)[1]
    assert "Changes requested" in trail and "Add the source for the rate" in trail
    assert "Agreed by the board" in trail
    assert "Rate source added from the Dorset Echo" in trail


def test_the_audit_csv_has_the_same_trail(client, signed_off):
    login_verified(client, user("editor"))
    response = client.get(reverse("reports_audit_csv", args=[signed_off.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    stages = [(row["stage"], row["username"]) for row in rows]
    assert stages.index(("Submitted", "editor")) < stages.index(("Changes requested", "approver"))
    assert ("Approved", "approver") in stages and ("Scheduled", "approver") in stages
    approved = next(row for row in rows if row["stage"] == "Approved")
    assert approved["comment"] == "Agreed by the board"
    assert datetime.datetime.fromisoformat(approved["when"]).tzinfo is not None


def test_publication_by_the_scheduler_is_recorded_as_nobody_present(client, signed_off):
    ScheduledJobRun.objects.all().delete()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=5)):
        call_command("run_scheduler", "--once", verbosity=0)
    login_verified(client, user("editor"))
    html = client.get(reverse("reports_audit", args=[signed_off.pk])).content.decode()
    assert "The scheduler (nobody present)" in html
    assert "Now: Live" in html


@pytest.mark.parametrize(
    "persona, status",
    [
        ("editor", 200),
        ("approver", 200),
        ("admin", 200),
        ("practitioner", 403),
        ("lead", 403),
    ],
)
def test_only_smb_editors_and_approvers_see_audit_trails(client, persona, status):
    report = AnnualReportPage.objects.get(slug="dorset-2019-20")
    login_verified(client, user(persona))
    for name, args in [
        ("reports_audit", [report.pk]),
        ("reports_audit_csv", [report.pk]),
        ("reports_audit_index", []),
    ]:
        response = client.get(reverse(name, args=args))
        got = 403 if response.status_code in (302, 403) and status == 403 else response.status_code
        assert got == status, (persona, name, response.status_code)


def test_anonymous_and_password_only_sessions_are_sent_to_sign_in(client):
    report = AnnualReportPage.objects.get(slug="dorset-2019-20")
    response = client.get(reverse("reports_audit", args=[report.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(user("approver"))  # no second factor
    response = client.get(reverse("reports_audit_csv", args=[report.pk]))
    assert response.status_code == 302


def test_the_trail_is_reached_from_the_report_and_the_reports_menu(client):
    report = AnnualReportPage.objects.get(slug="dorset-2021-22")
    login_verified(client, user("editor"))
    audit_url = reverse("reports_audit", args=[report.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[report.pk])).content.decode()
    assert audit_url in edit
    index = client.get(reverse("reports_audit_index")).content.decode()
    assert audit_url in index and "Waiting for SMB sign-off" in index
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reports_audit_index") in dashboard, "in the Reports menu"
    assert client.get(reverse("reports_audit", args=[999999])).status_code == 404


def test_the_demo_reports_have_their_trail(client):
    login_verified(client, user("approver"))
    waiting = AnnualReportPage.objects.get(slug="dorset-2021-22")
    html = client.get(reverse("reports_audit", args=[waiting.pk])).content.decode()
    assert "Waiting for SMB sign-off" in html
    assert "Submitted</th>\n        <td>Erin Editor" in html
    published = AnnualReportPage.objects.get(slug="dorset-2019-20")
    html = client.get(reverse("reports_audit", args=[published.pk])).content.decode()
    assert "Published</th>\n        <td>Chris Chair" in html
