"""An approved report scheduled for a date and time: until then nothing of it can be read on any
path (page, CSV, PDF, API, search, sitemap, feeds, the index and other reports' comparisons);
the scheduler publishes it at its time with nobody present, and then everything shows it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

from portal.core.models import ScheduledJobRun
from portal.reports.models import AnnualReportPage
from tests.conftest import login_verified, user
from tests.factories import figure, national
from tests.sign_off import approve, submit

from .conftest import edit_form

pytestmark = pytest.mark.django_db

WORD = "Quillwort"  # in the scheduled report's foreword only


def read_paths(client, report, later):
    """What each read path shows of the report: {path: True if the report is visible}."""
    url = f"/annual-reports/{report.slug}/"
    api = client.get("/api/v2/pages/?type=reports.AnnualReportPage&limit=50").json()
    search_api = client.get(f"/api/v2/search/?q={WORD}").json()
    sitemap = client.get("/sitemap.xml").content.decode()
    index = client.get("/annual-reports/").content.decode()
    later_page = client.get(later.url).content.decode()
    return {
        "page": client.get(url).status_code == 200,
        "csv": client.get(f"{url}data.csv").status_code == 200,
        "pdf": client.get(f"{url}pdf/").status_code == 200,
        "api listing": any(item["id"] == report.pk for item in api["items"]),
        "api detail": client.get(f"/api/v2/pages/{report.pk}/").status_code == 200,
        "search page": f'href="{url}#' in client.get(f"/search/?q={WORD}").content.decode(),
        "search api": search_api["total"] > 0,
        "sitemap": url in "".join(ET.fromstring(sitemap).itertext()),
        "reports feed": report.title in client.get("/annual-reports/feed/").content.decode(),
        "index": report.title in index or "2022/23 612" in index.replace("\n", " "),
        "later report's comparison": "Up 2% on 2022/23" in later_page,
    }


def test_a_scheduled_report_is_invisible_everywhere_until_the_scheduler_publishes_it(
    client, make_report, django_capture_on_commit_callbacks
):
    # Publishing indexes for search after the transaction commits: let those callbacks run.
    with django_capture_on_commit_callbacks(execute=True):
        later = make_report(2023, [figure("category_1", 624), national("category_1", 70052)])
        report = make_report(
            2022,
            [figure("category_1", 612), national("category_1", 68357)],
            published=False,
            chair_foreword=f"<p>{WORD}: a word that appears nowhere else.</p>",
        )
    go_live = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)

    login_verified(client, user("editor"))
    data = edit_form(client, report)
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, report, data).status_code == 302
        assert approve(client, report, comment="Publish on the day").status_code == 302

    page = AnnualReportPage.objects.get(pk=report.pk)
    assert not page.live
    assert page.scheduled_revision.approved_go_live_at == go_live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.schedule").exists()

    for persona in ("anonymous", "practitioner", "approver"):
        client.logout()
        if persona != "anonymous":
            login_verified(client, user(persona))
        seen = read_paths(client, page, later)
        assert not any(seen.values()), (persona, {k: v for k, v in seen.items() if v})
        assert report.title not in client.get("/guidance/updates.atom").content.decode()
    client.logout()

    ScheduledJobRun.objects.all().delete()
    with time_machine.travel(go_live - datetime.timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduler", "--once", verbosity=0)
    assert not AnnualReportPage.objects.get(pk=report.pk).live, "not a minute early"

    ScheduledJobRun.objects.all().delete()
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduler", "--once", verbosity=0)
    page = AnnualReportPage.objects.get(pk=report.pk)
    assert page.live
    entry = PageLogEntry.objects.get(page=page, action="wagtail.publish.scheduled")
    assert entry.user is None, "published with nobody present"

    seen = read_paths(client, page, later)
    assert all(seen.values()), {k: v for k, v in seen.items() if not v}
    assert report.title not in client.get("/guidance/updates.atom").content.decode()


def test_the_demo_has_a_report_waiting_for_its_scheduled_time(client):
    scheduled = AnnualReportPage.objects.get(slug="dorset-2020-21")
    assert not scheduled.live
    assert scheduled.scheduled_revision.approved_go_live_at > timezone.now()
    assert client.get("/annual-reports/dorset-2020-21/").status_code == 404
    login_verified(client, user("editor"))
    audit = client.get(reverse("reports_audit", args=[scheduled.pk])).content.decode()
    assert "Scheduled" in audit and "scheduled to go live" in audit
