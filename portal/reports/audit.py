"""Who drafted, submitted, commented on, approved, scheduled and published an annual report.

Built from the records Wagtail keeps anyway: the page's log entries (every draft saved, each step
of the SMB sign-off, comments, scheduling and publication) and the sign-off's task states (the
approver's or reviewer's comment). Nothing here is written by the portal itself, so the trail
cannot disagree with what happened.
"""

from dataclasses import dataclass

from django.utils import timezone

from wagtail.models import PageLogEntry, TaskState

# Wagtail's action names, grouped into the stages the SMB asks about.
STAGES = {
    "wagtail.create": "Drafted",
    "wagtail.edit": "Drafted",
    "wagtail.revert": "Drafted",
    "wagtail.rename": "Drafted",
    "wagtail.copy": "Drafted",
    "wagtail.workflow.start": "Submitted",
    "wagtail.workflow.resume": "Submitted",
    "wagtail.workflow.cancel": "Submission withdrawn",
    "wagtail.workflow.approve": "Approved",
    "wagtail.workflow.reject": "Changes requested",
    "wagtail.moderation.approve": "Approved",
    "wagtail.moderation.reject": "Changes requested",
    "wagtail.comments.create": "Commented",
    "wagtail.comments.create_reply": "Commented",
    "wagtail.comments.edit": "Commented",
    "wagtail.comments.edit_reply": "Commented",
    "wagtail.comments.resolve": "Commented",
    "wagtail.comments.delete": "Commented",
    "wagtail.comments.delete_reply": "Commented",
    "wagtail.publish.schedule": "Scheduled",
    "wagtail.schedule.cancel": "Schedule cancelled",
    "wagtail.publish": "Published",
    "wagtail.publish.scheduled": "Published",
    "wagtail.unpublish": "Unpublished",
    "wagtail.unpublish.scheduled": "Unpublished",
}
SCHEDULER = "The scheduler (nobody present)"
SUMMARY_STAGES = ["Drafted", "Submitted", "Commented", "Approved", "Scheduled", "Published"]
CSV_COLUMNS = ["when", "stage", "who", "username", "action", "details", "comment", "revision"]


@dataclass(frozen=True)
class AuditEntry:
    when: object
    stage: str
    who: str
    username: str
    action: str
    details: str
    comment: str
    revision_id: int | None


def _who(entry):
    if entry.user_id:
        return str(entry.user_display_name), entry.user.get_username() if entry.user else ""
    if entry.action in ("wagtail.publish.scheduled", "wagtail.unpublish.scheduled"):
        return SCHEDULER, ""
    return "The system", ""


def audit_trail(page):
    """Every recorded action on the report, oldest first (two queries)."""
    entries = list(
        PageLogEntry.objects.filter(page_id=page.pk)
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    task_comments = dict(
        TaskState.objects.filter(
            workflow_state__base_content_type_id=page.content_type_id,
            workflow_state__object_id=str(page.pk),
        )
        .exclude(comment="")
        .values_list("pk", "comment")
    )
    trail = []
    for entry in entries:
        who, username = _who(entry)
        comment = str(entry.comment or "")
        if not comment and entry.action.startswith("wagtail.workflow."):
            task_state_id = ((entry.data or {}).get("workflow") or {}).get("task_state_id")
            comment = task_comments.get(task_state_id, "")
        trail.append(
            AuditEntry(
                when=entry.timestamp,
                stage=STAGES.get(
                    entry.action, entry.formatter.label if entry.formatter else entry.action
                ),
                who=who,
                username=username,
                action=entry.action,
                details=str(entry.message),
                comment=comment,
                revision_id=entry.revision_id,
            )
        )
    return trail


def summary(trail):
    """For each stage the SMB asks about, who did it and when: [(stage, [(who, when)])]."""
    by_stage = {stage: [] for stage in SUMMARY_STAGES}
    for entry in trail:
        if entry.stage in by_stage:
            seen = by_stage[entry.stage]
            if entry.stage == "Drafted" and any(who == entry.who for who, _ in seen):
                continue  # each author once, at their first draft
            seen.append((entry.who, entry.when))
    return list(by_stage.items())


def status(page):
    """Where the report stands now, in words, for the admin's lists."""
    if page.live:
        return "Live, with changes not yet published" if page.has_unpublished_changes else "Live"
    scheduled = page.scheduled_revision
    if scheduled is not None:
        when = timezone.localtime(scheduled.approved_go_live_at)
        return f"Approved, scheduled to go live {when:%-d %B %Y at %H:%M}"
    if page.workflow_in_progress:
        return "Waiting for SMB sign-off"
    return "Draft"


def csv_rows(trail):
    return [
        {
            "when": timezone.localtime(entry.when).isoformat(timespec="seconds"),
            "stage": entry.stage,
            "who": entry.who,
            "username": entry.username,
            "action": entry.action,
            "details": entry.details,
            "comment": entry.comment,
            "revision": entry.revision_id or "",
        }
        for entry in trail
    ]
