"""/guidance/updates.atom: one entry per major change to guidance anyone may read."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .serializers import version_html_url
from .versioning import public_major_changes


class GuidanceUpdatesFeed(Feed):
    feed_type = Atom1Feed
    link = "/guidance/"
    author_name = f"{settings.PORTAL_AREA_NAME} MAPPA Strategic Management Board"

    def title(self):
        return f"MAPPA guidance: major changes ({settings.PORTAL_SERVICE_NAME})"

    def subtitle(self):
        return "Each major change to the MAPPA guidance published on the portal, with its change note."

    def get_object(self, request, *args, **kwargs):
        # The feed is built for an anonymous reader whoever asks: it may be cached and shared.
        return request

    def items(self, request):
        versions = list(public_major_changes())
        for version in versions:
            version.feed_url = version_html_url(version, request)
        return versions

    def item_title(self, version):
        return f"{version.page.title}: version {version.number}"

    def item_description(self, version):
        # The summary is type="html": the note is plain text, so escape it as HTML here and let
        # the XML writer escape it again, or a reader would render markup typed into a note.
        return escape(version.change_note)

    def item_link(self, version):
        return version.feed_url

    def item_guid(self, version):
        return version.feed_url

    item_guid_is_permalink = True

    def item_pubdate(self, version):
        return version.published_at

    def item_updateddate(self, version):
        return version.published_at
