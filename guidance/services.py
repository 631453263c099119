"""Named changes to a guidance document's standing that are not a publication.

reinstate_document() brings a withdrawn or superseded document back into force. Publishing a
major change of a withdrawn document is refused (GuidancePage.publication_problem_fields), so an
old document cannot get a new major version by accident: it is reinstated first, on purpose, with
a reason that stays in its history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from .models import GuidancePage

REINSTATE = "guidance.reinstate"
ENDED_FIELDS = {
    "status": GuidancePage.CURRENT,
    "status_reason": "",
    "status_date": None,
    "superseded_by": None,
}


def may_reinstate(user, page):
    """Reinstating puts a document back in force, so it needs the right to publish it."""
    return page.permissions_for_user(user).can_publish()


@transaction.atomic
def reinstate_document(page, *, by, reason):
    """Put a withdrawn or superseded document back in force, recording who did it and why.

    The live page and its latest revisions say "in force" from now on, so the next edit starts
    from there; the reason goes into the page's history (Wagtail's log, Reports → Site history)
    and onto the public versions page. Returns the log entry."""
    page = GuidancePage.objects.select_for_update().get(pk=page.pk)
    reason = (reason or "").strip()
    if not may_reinstate(by, page):
        raise PermissionDenied("Reinstating a document needs permission to publish it.")
    if page.status == GuidancePage.CURRENT:
        raise ValidationError("This document is already in force: there is nothing to reinstate.")
    if not reason:
        raise ValidationError(
            {"reason": "Say why the document is back in force: readers see the reason."}
        )
    previous = page.status
    GuidancePage.objects.filter(pk=page.pk).update(
        **{("superseded_by_id" if k == "superseded_by" else k): v for k, v in ENDED_FIELDS.items()}
    )
    # The editor's next round of edits starts from the latest revision: it says "in force" too.
    for revision in {r for r in (page.latest_revision, page.live_revision) if r is not None}:
        content = dict(revision.content)
        content.update(
            {
                "status": GuidancePage.CURRENT,
                "status_reason": "",
                "status_date": None,
                "superseded_by": None,
            }
        )
        revision.content = content
        revision.save(update_fields=["content"])
    entry = log(page, REINSTATE, user=by, data={"reason": reason, "previous_status": previous})
    from portal.core.page_cache import invalidate

    transaction.on_commit(lambda: invalidate(f"guidance document {page.pk} reinstated"))
    return entry


def reinstatements(page):
    """The document's reinstatements, newest first: (timestamp, reason) for the versions page."""
    entries = PageLogEntry.objects.filter(page_id=page.pk, action=REINSTATE).order_by("-timestamp")
    return [(entry.timestamp, entry.data.get("reason", "")) for entry in entries]
