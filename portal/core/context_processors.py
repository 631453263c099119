from django.conf import settings
from django.utils.functional import SimpleLazyObject


def portal(request):
    """Service name, navigation and the helpdesk for the GOV.UK layout on every page; the
    helpdesk is read only by the pages that name it."""
    from .navigation import primary_navigation

    return {
        "service_name": settings.PORTAL_SERVICE_NAME,
        "area_name": settings.PORTAL_AREA_NAME,
        "primary_navigation": primary_navigation(request),
        "helpdesk": SimpleLazyObject(lambda: helpdesk_for(request)),
    }


def helpdesk_for(request):
    """The Contact chosen as helpdesk in Settings → Portal settings, or None."""
    from .models import PortalSettings

    portal_settings = PortalSettings.for_request(request)
    return portal_settings.helpdesk if portal_settings.helpdesk_id else None
