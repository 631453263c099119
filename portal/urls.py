from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve as static_serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from guidance.feeds import GuidanceUpdatesFeed
from portal.accounts import admin_privacy
from portal.accounts import views as account_views
from portal.api import api_router
from portal.core import route_cache
from portal.core import views as core_views
from portal.core.sitemaps import PortalSitemap
from search import views as search_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"),
    path("glossary/", core_views.glossary, name="glossary"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("contact/", core_views.contact, name="contact"),
    path("guidance/updates.atom", GuidanceUpdatesFeed(), name="guidance_updates_feed"),
    path("accounts/", include("portal.accounts.urls")),
    # Certificates and records; /training/ itself and its modules are Wagtail pages.
    path("training/", include("training.urls")),
    # The only way in is the two-factor sign-in: Wagtail's own login forms lead there.
    path("admin/login/", account_views.redirect_to_portal_login, name="wagtailadmin_login"),
    path("_util/login/", account_views.redirect_to_portal_login, name="wagtailcore_login"),
    # Wagtail's own answers for any page id; ours leave out what the user may not read.
    path("admin/choose-page/chosen-multiple/", admin_privacy.page_chosen_multiple_view),
    path("admin/reports/page-types-usage/", admin_privacy.page_types_usage_view),
    path("admin/reports/page-types-usage/results/", admin_privacy.page_types_usage_results_view),
    path("admin/collections/<int:collection_id>/privacy/", admin_privacy.collection_privacy),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view behind our check, without its shared-password form.
    re_path(r"^documents/(\d+)/(.*)$", account_views.serve_document, name="wagtaildocs_serve"),
    path("search/", search_views.search_page, name="search"),
    path("api/v2/search/", search_views.search_api, name="search_api"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", core_views.api_not_found),
    # A page's data.csv (annual reports): Wagtail's own pattern serves folder-like paths only.
    re_path(r"^((?:[\w\-]+/)+data\.csv)$", route_cache.serve),
    # Wagtail's page serving, without its shared-password form (switched off here: a shared
    # password is one secret for everyone and no second factor).
    re_path(wagtail_urls.serve_pattern, route_cache.serve, name="wagtail_serve"),
]

if settings.PORTAL_SERVE_IMAGES:
    # Image files and renditions only: documents are served by their checked view, never raw.
    urlpatterns.insert(
        0,
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>(?:original_images|images)/.+)$",
            static_serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    )

handler400 = "portal.core.views.bad_request"
handler403 = "portal.core.views.permission_denied"
handler404 = "portal.core.views.page_not_found"
handler500 = "portal.core.views.server_error"
