"""Jobs that run on a clock with nobody present: scheduled publishing every minute, and the
daily jobs apps list in settings.PORTAL_SCHEDULE.

`manage.py run_scheduler` runs them; `make run` starts it beside the development server, and a
deployment runs it as one more long-lived process (see the README). Each run is claimed in the
database first, so two schedulers never run the same job twice, and the last run of each job
is on record for monitoring.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.utils import timezone

logger = logging.getLogger("portal.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every: timedelta
    args: tuple = ()


def configured_jobs():
    """settings.PORTAL_SCHEDULE: (name, management command, seconds between runs, *args)."""
    return [
        Job(name, command, timedelta(seconds=seconds), tuple(args))
        for name, command, seconds, *args in settings.PORTAL_SCHEDULE
    ]


def claim(job, now=None):
    """Mark the job as started if it is due; True if this scheduler should run it now."""
    from .models import ScheduledJobRun

    now = now or timezone.now()
    with transaction.atomic():
        run, created = ScheduledJobRun.objects.get_or_create(
            name=job.name, defaults={"started_at": now}
        )
        if created:
            return True
        claimed = ScheduledJobRun.objects.filter(pk=run.pk, started_at__lte=now - job.every).update(
            started_at=now
        )
        return bool(claimed)


def finish(job, ok, now=None):
    from .models import ScheduledJobRun

    ScheduledJobRun.objects.filter(name=job.name).update(
        finished_at=now or timezone.now(), succeeded=ok
    )


def run_due(jobs=None, now=None):
    """Run every job that is due, one after another; returns the names of those run."""
    ran = []
    for job in jobs if jobs is not None else configured_jobs():
        if not claim(job, now):
            continue
        try:
            call_command(job.command, *job.args, verbosity=0)
        except Exception:  # one failing job must not stop the others or the scheduler
            logger.exception("scheduler: %s failed", job.name)
            finish(job, False)
        else:
            finish(job, True)
        ran.append(job.name)
    return ran


def run_forever(tick=30.0, stop=lambda: False):
    """Check for due jobs every `tick` seconds until stop() is true."""
    jobs = configured_jobs()
    logger.info("scheduler: running %s", ", ".join(job.name for job in jobs))
    while not stop():
        close_old_connections()
        run_due(jobs)
        close_old_connections()
        time.sleep(tick)
