"""Thin views for the machine endpoints, the glossary and the error pages."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import GlossaryTerm


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
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /practitioners/",
        "Disallow: /api/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
            "breadcrumbs": [{"title": "Home", "url": "/"}],
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
