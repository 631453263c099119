"""Thin views for the machine endpoints, the glossary and the error pages."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.models import PageViewRestriction

from .models import GlossaryTerm
from .navigation import home_crumb


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def robots_txt(request):
    """Keeps crawlers to the public pages; restricted pages are never in the sitemap and answer
    crawlers with the sign-in anyway."""
    disallowed = [
        _first_segment(reverse(name))
        for name in ("wagtailadmin_home", "accounts:login", "wagtailapi:pages:listing", "search")
    ]
    # The tops of restricted sections (what is under them is restricted too).
    for restriction in PageViewRestriction.objects.select_related("page").order_by("page__path"):
        url = restriction.page.get_url(request)
        if url and url not in disallowed:
            disallowed.append(url)
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _first_segment(path):
    """'/accounts/login/' -> '/accounts/': the section an address belongs to."""
    return "/" + path.strip("/").split("/")[0] + "/"


@require_safe
def glossary(request):
    terms = list(GlossaryTerm.objects.all())
    letters = sorted({t.term[0].upper() for t in terms if t.term})
    return render(
        request,
        "core/glossary.html",
        {
            "terms": terms,
            "letters": letters,
            "breadcrumbs": [home_crumb()],
        },
    )


@require_safe
def api_not_found(request, path=""):
    """Addresses under /api/ that no endpoint answers: JSON, like every other API reply."""
    return JsonResponse(
        {
            "message": "There is nothing at this address in the read API. The endpoints are "
            "/api/v2/pages/, /api/v2/documents/, /api/v2/images/, /api/v2/search/ and "
            "/api/v2/guidance-versions/."
        },
        status=404,
    )


# -- the pages every public service has (linked from every page's footer) ----------------------


def _trust_page(request, template, **context):
    from .models import PortalSettings

    portal_settings = PortalSettings.for_request(request)
    return render(
        request,
        f"core/trust/{template}.html",
        {
            "breadcrumbs": [home_crumb()],
            "data_protection_contact": portal_settings.data_protection_contact,
            **context,
        },
    )


@require_safe
def accessibility(request):
    return _trust_page(
        request, "accessibility", statement_date=settings.PORTAL_ACCESSIBILITY_STATEMENT_DATE
    )


@require_safe
def privacy(request):
    """The privacy notice: its retention periods are the settings the clean-up jobs use."""
    return _trust_page(
        request,
        "privacy",
        sign_in_days=settings.PORTAL_SIGN_IN_LOG_RETENTION_DAYS,
        restricted_read_days=settings.PORTAL_RESTRICTED_READ_RETENTION_DAYS,
        training_days=getattr(settings, "PORTAL_TRAINING_RETENTION_DAYS", None),
    )


@require_safe
def cookies(request):
    """The cookies the portal sets, named as the settings name them."""
    return _trust_page(
        request,
        "cookies",
        session_cookie=settings.SESSION_COOKIE_NAME,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
        session_hours=settings.SESSION_COOKIE_AGE // 3600,
        csrf_days=settings.CSRF_COOKIE_AGE // 86400,
    )


@require_safe
def contact(request):
    return _trust_page(request, "contact")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its security token: usually a page left open too long, or cookies off."""
    return render(
        request,
        "403.html",
        {
            "title": "Your form could not be sent",
            "message": "This can happen if the page was open for a long time, or if your browser "
            "blocks cookies from this site.",
            "retry": "Go back, reload the page and try again.",
        },
        status=403,
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: the failure may be the database the session lives in.
    from django.conf import settings
    from django.template import loader

    body = loader.render_to_string(
        "500.html",
        {"service_name": settings.PORTAL_SERVICE_NAME, "area_name": settings.PORTAL_AREA_NAME},
    )
    return HttpResponse(body, status=500)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)
