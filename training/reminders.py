"""E-mail reminders: a learner whose pass expires within 30 days, or has expired, is told once
for each (a CompletionReminder row per completion and threshold, unique in the database).

Only the learner's current pass counts (their latest standing completion of the module): a
pass they have since renewed is not reminded about. The reminder row is written before the
e-mail in the same transaction, so two schedulers running at once send one e-mail (the second
waits for the first and then finds the row), and a failed send leaves no row, so the next run
tries again.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse

from . import status as st
from .models import Completion, CompletionReminder

logger = logging.getLogger("portal.training")


def due_completions(today=None):
    """Standing, named completions of active people that run out within 30 days or have run
    out, and are each person's latest pass of that module."""
    today = today or st.today()
    later = Completion.objects.standing().filter(
        user_id=OuterRef("user_id"),
        module_key=OuterRef("module_key"),
        completed_at__gt=OuterRef("completed_at"),
    )
    return (
        Completion.objects.standing()
        .filter(
            user__isnull=False,
            user__is_active=True,
            valid_until__lte=today + datetime.timedelta(days=st.EXPIRING_DAYS),
        )
        .exclude(user__email="")
        .exclude(Exists(later))
        .select_related("user", "module")
        .order_by("valid_until", "pk")
    )


def threshold_for(completion, today):
    return (
        CompletionReminder.EXPIRED
        if completion.valid_until < today
        else CompletionReminder.EXPIRING
    )


def _message(completion, threshold, today):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    module_url = (
        completion.module.get_url()
        if completion.module is not None and completion.module.live
        else None
    )
    context = {
        "completion": completion,
        "name": completion.user.first_name
        or completion.learner_name
        or completion.user.get_username(),
        "expired": threshold == CompletionReminder.EXPIRED,
        "days_left": (completion.valid_until - today).days,
        "module_url": f"{base}{module_url}"
        if module_url and module_url.startswith("/")
        else module_url,
        "my_training_url": f"{base}{reverse('training:my_training')}",
        "service_name": settings.PORTAL_SERVICE_NAME,
    }
    subject = " ".join(render_to_string("training/email/reminder_subject.txt", context).split())
    body = render_to_string("training/email/reminder_body.txt", context)
    return subject, body


def send_reminders(today=None, users=None):
    """Send every reminder that is due (to these users only, if given); returns the number of
    e-mails sent."""
    today = today or st.today()
    sent = 0
    due = due_completions(today)
    if users is not None:
        due = due.filter(user__in=users)
    for completion in due:
        threshold = threshold_for(completion, today)
        if CompletionReminder.objects.filter(completion=completion, threshold=threshold).exists():
            continue
        try:
            with transaction.atomic():
                reminder, created = CompletionReminder.objects.get_or_create(
                    completion=completion, threshold=threshold
                )
                if not created:
                    continue
                subject, body = _message(completion, threshold, today)
                send_mail(subject, body, None, [completion.user.email])
        except IntegrityError:
            continue  # another run recorded it first
        except Exception:  # a mail server failure: no row kept, tried again next run
            logger.exception(
                "Could not send the %s reminder for completion %s", threshold, completion.pk
            )
            continue
        sent += 1
    return sent
