"""The demo's helpdesk and data protection contact (Settings → Portal settings)."""

from wagtail.models import Site

from portal.core.models import Contact, PortalSettings

from .seeding import ensure_object


def seed(context):
    coordination = context["contacts"]["MAPPA co-ordination unit"]
    data_protection = ensure_object(
        Contact,
        {"name": "Data protection officer (example)"},
        organisation="Dorset MAPPA",
        email="data.protection@example.org",
        phone="",
        hours="",
        address="",
    )
    site = Site.objects.get(is_default_site=True)
    portal_settings = PortalSettings.for_site(site)
    ensure_object(
        PortalSettings,
        {"pk": portal_settings.pk},
        helpdesk=coordination,
        data_protection_contact=data_protection,
    )
