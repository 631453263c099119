"""Versions of guidance documents: numbering, recording, looking up and rebuilding.

Publishing a GuidancePage records a GuidanceVersion (signal_handlers.py calls
record_publication). Numbers are major.minor: the first publication is 1.0, a major change
raises the major number, a minor change adds one to the minor number.
"""

import datetime
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from portal.core.visibility import readable_pages

from .models import MAJOR, GuidancePage, GuidanceVersion

NUMBER = re.compile(r"^(\d{1,4})\.(\d{1,4})$")
FIRST_PUBLISHED_NOTE = "First published."

_historical = ContextVar("guidance_historical_publication", default=None)


def parse_number(text):
    """'4.5' -> (4, 5); ValueError for anything else."""
    match = NUMBER.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a version number like 4.5")
    return int(match.group(1)), int(match.group(2))


def next_number(latest, change_type):
    if latest is None:
        return 1, 0
    if change_type == MAJOR:
        return latest.major + 1, 0
    return latest.major, latest.minor + 1


@contextmanager
def historical_publication(number, published_at):
    """Publish inside this block to record a past version with its real number and date.

    For importing a document's earlier history (the demo seed does); editors never need it.
    """
    token = _historical.set({"number": number, "published_at": published_at})
    try:
        yield
    finally:
        _historical.reset(token)


@transaction.atomic
def record_publication(page, revision, user=None):
    """Record the version a publication makes; once per revision, however often it is published."""
    if revision is not None:
        existing = GuidanceVersion.objects.filter(revision=revision).first()
        if existing is not None:
            return existing
    # Serialise concurrent publications of the same document (a no-op on SQLite).
    list(GuidancePage.objects.select_for_update().filter(pk=page.pk).values_list("pk"))
    latest = GuidanceVersion.objects.for_page(page).current()
    change_type = page.change_type
    note = (page.change_note or "").strip()
    historical = _historical.get()
    if historical:
        major, minor = parse_number(historical["number"])
        if latest is not None and (major, minor) <= (latest.major, latest.minor):
            raise ValueError(f"Version {historical['number']} is not after {latest.number}")
        published_at = historical["published_at"]
    else:
        if latest is None:
            change_type = MAJOR
            note = note or FIRST_PUBLISHED_NOTE
        major, minor = next_number(latest, change_type)
        published_at = page.last_published_at or timezone.now()
    user = user or (revision.user if revision is not None else None)
    # A label names one publication: the same label again is the last one's, left on the page.
    label = (page.version_label or "").strip()
    if latest is not None and label == latest.label:
        label = ""
    return GuidanceVersion.objects.create(
        page=page,
        document_id=page.pk,
        revision=revision,
        sequence=(latest.sequence + 1) if latest else 1,
        major=major,
        minor=minor,
        change_type=change_type,
        change_note=note,
        label=label,
        published_at=published_at,
        published_by=user,
        published_by_name=_display_name(user),
        title=page.title,
        url_path=page.get_url() or "",
        content=revision.content if revision is not None else page.serializable_data(),
    )


def attribute_publication(revision_id, user):
    """Credit the version of a revision to the user who published it (from the audit log)."""
    GuidanceVersion.objects.filter(revision_id=revision_id).update(
        published_by=user, published_by_name=_display_name(user)
    )


def _display_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- reading versions ------------------------------------------------------------------------


def document_dates(page):
    """'Published' and 'Last updated' from the version records: one query, whatever their number."""
    versions = page.versions  # newest first
    if not versions:
        return {
            "current": None,
            "first_published_at": page.first_published_at,
            "last_updated_at": page.last_published_at,
        }
    return {
        "current": versions[0],
        "first_published_at": versions[-1].published_at,
        "last_updated_at": versions[0].published_at,
    }


# What a revision holds about the page as a whole rather than this version of it.
_PAGE_WIDE = {"comments", "wagtail_admin_comments"}


def version_object(page, version):
    """The document exactly as this version was published, rebuilt from the stored revision
    (or from the version's frozen copy once old revisions have been purged), for reading only.

    Wagtail's with_content_json also carries over the page's comments, locale, lock owner and
    latest revision, each a query; a past version shown to readers needs none of them, so only
    the tree position and identity are copied, by id.
    """
    content = version.revision.content if version.revision_id else version.content
    document = page.specific_class.from_serializable_data(
        {name: value for name, value in content.items() if name not in _PAGE_WIDE},
        check_fks=False,
    )
    for name in (
        "id",
        "pk",
        "content_type_id",
        "path",
        "depth",
        "numchild",
        "live",
        "draft_title",
        "has_unpublished_changes",
        "first_published_at",
        "latest_revision_id",
        "locale_id",
        "translation_key",
        "owner_id",
        "locked",
        "locked_at",
        "locked_by_id",
    ):
        setattr(document, name, getattr(page, name))
    # The address is the page's, wherever the document was when this version was published.
    document.url_path = page.url_path
    for cached in ("_cached_parent_obj",):
        if hasattr(page, cached):
            setattr(document, cached, getattr(page, cached))
    return document


def listed_documents(request, index):
    """Documents in force under an index page that this request may read, with their current
    version number and date, in one query."""
    latest = GuidanceVersion.objects.filter(document_id=OuterRef("pk")).order_by("-sequence")
    return (
        readable_pages(request, GuidancePage.objects.child_of(index))
        .filter(status=GuidancePage.CURRENT)
        .annotate(
            version_major=Subquery(latest.values("major")[:1]),
            version_minor=Subquery(latest.values("minor")[:1]),
            current_label=Subquery(latest.values("label")[:1]),
            version_published_at=Subquery(latest.values("published_at")[:1]),
        )
        .only("id", "title", "url_path", "path", "depth", "intro", "status")
        .order_by("title")
    )


def ended_documents(request, index):
    """Withdrawn and superseded documents under an index page that this request may read, most
    recently ended first, each with `replacement`: the document replacing it if this request may
    read that too (else None). Two queries."""
    documents = list(
        readable_pages(request, GuidancePage.objects.child_of(index))
        .exclude(status=GuidancePage.CURRENT)
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "intro",
            "status",
            "status_reason",
            "status_date",
            "superseded_by_id",
        )
        .order_by("-status_date", "title")
    )
    replacement_ids = {d.superseded_by_id for d in documents if d.superseded_by_id}
    replacements = {}
    if replacement_ids:
        replacements = (
            readable_pages(request, GuidancePage.objects.filter(pk__in=replacement_ids))
            .only("id", "title", "url_path", "path", "depth")
            .in_bulk()
        )
    for document in documents:
        document.replacement = replacements.get(document.superseded_by_id)
    return documents


ANONYMOUS = type("AnonymousRequest", (), {"user": AnonymousUser()})()


def public_major_changes(limit=50):
    """Major changes to documents anyone may read, in force or not (subscribers keep the history
    of withdrawn guidance): the Atom feed, always as an anonymous reader because a feed may be
    cached and shared."""
    documents = readable_pages(ANONYMOUS, GuidancePage.objects.all())
    return (
        GuidanceVersion.objects.majors()
        .filter(page__in=documents.values("pk"))
        .select_related("page")
        .defer("content", "page__sections")
        .order_by("-published_at", "-sequence")[:limit]
    )


def public_status_changes(limit=50):
    """Documents anyone may read that have been withdrawn or superseded, with the replacement an
    anonymous reader may follow (or None): the feed tells subscribers guidance has ended."""
    documents = list(
        readable_pages(ANONYMOUS, GuidancePage.objects.exclude(status=GuidancePage.CURRENT))
        .defer("sections")
        .order_by("-status_date", "-last_published_at")[:limit]
    )
    replacement_ids = {d.superseded_by_id for d in documents if d.superseded_by_id}
    replacements = {
        p.pk: p
        for p in readable_pages(
            ANONYMOUS, GuidancePage.objects.filter(pk__in=replacement_ids)
        ).defer("sections")
    }
    changes = []
    for document in documents:
        if document.status_date:
            ended_at = timezone.make_aware(
                datetime.datetime.combine(document.status_date, datetime.time.min)
            )
        else:
            ended_at = document.last_published_at
        changes.append((document, ended_at, replacements.get(document.superseded_by_id)))
    return changes


def parse_as_of_date(text):
    """A YYYY-MM-DD date; ValueError with a reader-facing message otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(
            f"“{text}” is not a date. Write the date as year-month-day, such as 2023-09-13."
        )
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as e:
        raise ValueError(
            f"“{text}” is not a real date. Write the date as year-month-day, such as 2023-09-13."
        ) from e
