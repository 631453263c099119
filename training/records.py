"""Changing training records, each change through a named function that records who and why.

- `correct_completion`: records are append-only; a correction is a new completion that replaces
  the old one (with a new valid-until date, or withdrawing it), says why and who made it, and is
  also written to Wagtail's log (Reports → Site history).
- `anonymise_expired_records`: after PORTAL_TRAINING_RETENTION_DAYS, attempts and completions
  stop naming anyone.
- `subject_access_rows`: everything held about one person, for a subject access request.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .models import Attempt, Completion, CompletionReminder

CORRECT = "training.correct_training_record"
CORRECTED = "training.completion_corrected"
VOIDED = "training.completion_voided"


def may_correct(user):
    """A verified (two-factor) user who may correct and export training records."""
    from portal.accounts.gate import is_verified

    return is_verified(user) and user.has_perm(CORRECT)


def _may_correct_unverified(user):
    """For commands and services called without a request: the permission alone."""
    return user is not None and user.is_active and user.has_perm(CORRECT)


@transaction.atomic
def correct_completion(completion, *, by, reason, valid_until=None, void=False):
    """A new completion replacing `completion`: the same pass with a corrected valid-until
    date, or (void=True) a record that it is withdrawn. Returns the new completion."""
    if not _may_correct_unverified(by):
        raise PermissionDenied("Only people who may correct training records can do this.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"correction_reason": "Say why the record is corrected."})
    if not void and valid_until is None:
        raise ValidationError(
            {"valid_until": "Give the corrected valid-until date, or withdraw it."}
        )
    if isinstance(valid_until, str):
        valid_until = datetime.date.fromisoformat(valid_until)
    # Lock the record so two corrections of it cannot both succeed (the one-to-one `replaces`
    # refuses the second anyway).
    current = Completion.objects.select_for_update().get(pk=completion.pk)
    if current.anonymised_at is not None:
        # Its person is gone from it after the retention period: a correction would make a
        # valid certificate that names nobody.
        raise ValidationError(
            "This record was anonymised after its retention period: it cannot be corrected."
        )
    if current.void or Completion.objects.filter(replaces=current).exists():
        raise ValidationError("This record has already been corrected: correct the latest one.")
    try:
        with transaction.atomic():
            corrected = _replacement(current, by, reason, valid_until, void)
    except IntegrityError as e:
        # Two corrections of one record at once (SQLite takes no row lock): the other won.
        raise ValidationError(
            "This record has already been corrected: correct the latest one."
        ) from e
    log(
        instance=corrected,
        action=VOIDED if void else CORRECTED,
        user=by,
        title=str(corrected),
        data={
            "replaces": current.pk,
            "reason": reason,
            "valid_until": corrected.valid_until.isoformat(),
            "was_valid_until": current.valid_until.isoformat(),
            "void": void,
        },
    )
    return corrected


def _replacement(current, by, reason, valid_until, void):
    return Completion.objects.create(
        attempt=None,
        user=current.user,
        learner_name=current.learner_name,
        agency=current.agency,
        module=current.module,
        module_key=current.module_key,
        module_title=current.module_title,
        module_version=current.module_version,
        completed_at=current.completed_at,
        valid_until=current.valid_until if valid_until is None else valid_until,
        replaces=current,
        void=void,
        correction_reason=reason,
        recorded_by=by,
    )


def months_later(day, months):
    """The same day of the month `months` later (the month's last day if it has fewer)."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def valid_until_for(completed_at, validity_months):
    """The last day a pass completed at this moment is valid (UK dates)."""
    return months_later(timezone.localdate(completed_at), validity_months)


def retention_cutoff(now=None):
    now = now or timezone.now()
    return now - datetime.timedelta(days=settings.PORTAL_TRAINING_RETENTION_DAYS)


@transaction.atomic
def anonymise_expired_records(now=None):
    """Attempts finished (or, never finished, started) before the retention period, and
    completions completed before it and no longer valid, stop naming anyone. Returns
    (attempts, completions) anonymised. A completion still in force is kept named until it
    expires: it is what the person relies on to show they are trained."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    attempts = (
        Attempt.objects.filter(anonymised_at__isnull=True)
        .annotate(ended=Coalesce("finished_at", "started_at"))
        .filter(ended__lt=cutoff)
    )
    attempt_count = Attempt.objects.filter(pk__in=attempts.values("pk")).update(
        user=None, anonymised_at=now
    )
    completions = Completion.objects.filter(
        anonymised_at__isnull=True,
        completed_at__lt=cutoff,
        valid_until__lt=timezone.localdate(now),
    )
    ids = list(completions.values_list("pk", flat=True))
    completion_count = Completion.objects.filter(pk__in=ids).update(
        user=None, learner_name="", recorded_by=None, anonymised_at=now
    )
    # Corrections in the site history named the learner in their label: not any more.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Completion),
        object_id__in=[str(pk) for pk in ids],
    ).update(label="Anonymised training record")
    return attempt_count, completion_count


SAR_COLUMNS = [
    "record",
    "module",
    "module version",
    "started",
    "finished or completed",
    "score",
    "passed",
    "valid until",
    "certificate code",
    "name on certificate",
    "agency",
    "state",
    "correction reason",
    "corrected by",
]


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def subject_access_rows(user):
    """Every attempt and completion that names this person, oldest first, as CSV rows."""
    rows = []
    for attempt in Attempt.objects.filter(user=user).order_by("started_at", "pk"):
        rows.append(
            {
                "record": "attempt",
                "module": attempt.module_title,
                "module version": attempt.module_version,
                "started": _when(attempt.started_at),
                "finished or completed": _when(attempt.finished_at),
                "score": "" if attempt.score is None else f"{attempt.score} of {attempt.total}",
                "passed": {True: "yes", False: "no", None: ""}[attempt.passed],
                "state": "finished" if attempt.finished_at else "not finished",
            }
        )
    completions = Completion.objects.filter(user=user).select_related("agency", "recorded_by")
    replaced = set(
        Completion.objects.filter(user=user, replaces__isnull=False).values_list(
            "replaces_id", flat=True
        )
    )
    for completion in completions.order_by("completed_at", "pk"):
        if completion.void:
            state = "withdrawn by a correction"
        elif completion.pk in replaced:
            state = "replaced by a correction"
        else:
            state = "standing"
        rows.append(
            {
                "record": "completion" if not completion.replaces_id else "correction",
                "module": completion.module_title,
                "module version": completion.module_version,
                "finished or completed": _when(completion.completed_at),
                "passed": "yes",
                "valid until": completion.valid_until.isoformat(),
                "certificate code": completion.code,
                "name on certificate": completion.learner_name,
                "agency": completion.agency.title if completion.agency else "",
                "state": state,
                "correction reason": completion.correction_reason,
                "corrected by": completion.recorded_by.get_full_name()
                or completion.recorded_by.get_username()
                if completion.recorded_by
                else "",
            }
        )
    for reminder in (
        CompletionReminder.objects.filter(completion__user=user)
        .select_related("completion")
        .order_by("sent_at", "pk")
    ):
        rows.append(
            {
                "record": "reminder e-mailed",
                "module": reminder.completion.module_title,
                "module version": reminder.completion.module_version,
                "finished or completed": _when(reminder.sent_at),
                "valid until": reminder.completion.valid_until.isoformat(),
                "certificate code": reminder.completion.code,
                "state": reminder.get_threshold_display().lower(),
            }
        )
    return [{column: row.get(column, "") for column in SAR_COLUMNS} for row in rows]
