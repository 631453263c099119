"""/guidance/updates.atom: one entry per major change to guidance anyone may read, and one when
such guidance is withdrawn or superseded."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .serializers import version_html_url
from .versioning import public_major_changes, public_status_changes


class GuidanceUpdatesFeed(Feed):
    feed_type = Atom1Feed
    link = "/guidance/"
    author_name = f"{settings.PORTAL_AREA_NAME} MAPPA Strategic Management Board"

    def title(self):
        return f"MAPPA guidance: major changes ({settings.PORTAL_SERVICE_NAME})"

    def subtitle(self):
        return (
            "Each major change to the MAPPA guidance published on the portal, with its change note, "
            "and each document withdrawn or superseded."
        )

    def get_object(self, request, *args, **kwargs):
        # The feed is built for an anonymous reader whoever asks: it may be cached and shared.
        return request

    def items(self, request):
        entries = [
            FeedEntry(
                title=f"{version.page.title}: {version.name}",
                summary=version.change_note,
                link=version_html_url(version, request),
                updated=version.published_at,
            )
            for version in public_major_changes()
        ]
        for document, ended_at, replacement in public_status_changes():
            entries.append(status_entry(request, document, ended_at, replacement))
        entries.sort(key=lambda entry: entry.updated, reverse=True)
        return entries[:50]

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        # The summary is type="html": the note is plain text, so escape it as HTML here and let
        # the XML writer escape it again, or a reader would render markup typed into a note.
        return escape(entry.summary)

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid or entry.link

    item_guid_is_permalink = True

    def item_pubdate(self, entry):
        return entry.updated

    def item_updateddate(self, entry):
        return entry.updated


@dataclass
class FeedEntry:
    title: str
    summary: str
    link: str
    updated: datetime
    guid: str = ""


def status_entry(request, document, ended_at, replacement):
    """The entry telling subscribers a document was withdrawn or superseded, and what replaces it."""
    link = request.build_absolute_uri(document.get_url(request))
    if document.is_withdrawn:
        title, summary = f"{document.title}: withdrawn", document.status_reason
    else:
        title = f"{document.title}: superseded" + (
            f" by {replacement.title}" if replacement else ""
        )
        summary = document.status_reason
        if replacement:
            summary = f"{summary} Read {replacement.title} instead: {request.build_absolute_uri(replacement.get_url(request))}".strip()
    return FeedEntry(
        title=title,
        summary=summary,
        link=link,
        updated=ended_at,
        guid=f"{link}#{document.status}-{ended_at:%Y-%m-%d}",
    )
