"""<index>/feed/: an Atom feed with one entry per published annual report, for anyone who
wants to know when a new one goes live (a scheduled report appears when it is published)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from . import statistics as stats


class AnnualReportsFeed(Feed):
    feed_type = Atom1Feed
    author_name = f"{settings.PORTAL_AREA_NAME} MAPPA Strategic Management Board"

    def get_object(self, request, index):
        return request, index

    def title(self, obj):
        return f"{settings.PORTAL_AREA_NAME} MAPPA annual reports ({settings.PORTAL_SERVICE_NAME})"

    def subtitle(self, obj):
        return "Each annual report of the Strategic Management Board when it is published."

    def link(self, obj):
        request, index = obj
        return index.get_url(request)

    def items(self, obj):
        request, index = obj
        # Built as an anonymous reader whoever asks: a feed may be cached and shared.
        anonymous = type("AnonymousRequest", (), {"user": AnonymousUser()})()
        reports = stats.readable_reports(anonymous, index=index)
        self._request = request
        return sorted(reports, key=lambda r: r.first_published_at, reverse=True)[:50]

    def item_title(self, report):
        return report.title

    def item_description(self, report):
        # The summary is HTML: the introduction is plain text, so it is escaped as HTML first.
        return escape(report.intro)

    def item_link(self, report):
        return report.get_url(self._request)

    def item_pubdate(self, report):
        return report.first_published_at

    def item_updateddate(self, report):
        return report.last_published_at
