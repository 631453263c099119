"""The sitemap lists only what an anonymous visitor may read."""

from django.contrib.auth.models import AnonymousUser

from wagtail.contrib.sitemaps import Sitemap

from .visibility import readable_pages


class PortalSitemap(Sitemap):
    def items(self):
        # Always as anonymous: a sitemap may be cached and shared, so it never lists restricted pages.
        anonymous = type("AnonymousRequest", (), {"user": AnonymousUser()})()
        site = self.get_wagtail_site()
        return (
            readable_pages(anonymous, site.root_page.get_descendants(inclusive=True))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
