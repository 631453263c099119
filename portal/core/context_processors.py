from django.conf import settings


def portal(request):
    """Service name and navigation for the GOV.UK header on every page."""
    from .navigation import primary_navigation

    return {
        "service_name": settings.PORTAL_SERVICE_NAME,
        "area_name": settings.PORTAL_AREA_NAME,
        "primary_navigation": primary_navigation(request),
    }
