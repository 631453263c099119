"""Scheduled jobs run with nobody present, once each, however many schedulers are running."""

import datetime

import pytest
import time_machine

from django.core.management import call_command
from django.utils import timezone

from portal.core import scheduler
from portal.core.models import ScheduledJobRun
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_for_a_time_now_past_goes_live_when_the_scheduler_runs(home):
    page = StandardPageFactory(parent=home, live=False, title="Scheduled notice")
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live, "scheduled, not live"
    ScheduledJobRun.objects.all().delete()
    call_command("run_scheduler", "--once", verbosity=0)
    page.refresh_from_db()
    assert not page.live, "not before its time"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=2)):
        call_command("run_scheduler", "--once", verbosity=0)
    page.refresh_from_db()
    assert page.live
    run = ScheduledJobRun.objects.get(name="publish scheduled pages")
    assert run.succeeded is True and run.finished_at >= run.started_at


def test_a_job_runs_once_per_interval_whichever_scheduler_claims_it(db):
    job = scheduler.Job("test job", "check", datetime.timedelta(minutes=1))
    now = timezone.now()
    assert scheduler.claim(job, now) is True
    assert scheduler.claim(job, now + datetime.timedelta(seconds=30)) is False, "another scheduler"
    assert scheduler.claim(job, now + datetime.timedelta(seconds=61)) is True


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(db):
    jobs = [
        scheduler.Job("broken", "no_such_command", datetime.timedelta(minutes=1)),
        scheduler.Job("fine", "check", datetime.timedelta(minutes=1)),
    ]
    assert scheduler.run_due(jobs) == ["broken", "fine"]
    assert ScheduledJobRun.objects.get(name="broken").succeeded is False
    assert ScheduledJobRun.objects.get(name="fine").succeeded is True
