"""Practitioner profiles, hashed backup codes, the sessions a user holds, and the audit of
every view of restricted material."""

import csv
import uuid
from pathlib import Path

from django_otp.models import Device, ThrottlingMixin

from django.conf import settings
from django.db import models
from django.utils import timezone

AREAS_CSV = Path(__file__).resolve().parent / "data" / "areas.csv"


def _load_areas():
    with AREAS_CSV.open(newline="", encoding="utf-8") as handle:
        return [(row["mappa_area"], row["mappa_area"]) for row in csv.DictReader(handle)]


# The 42 MAPPA areas of England and Wales (one per police force area).
MAPPA_AREAS = _load_areas()


class PractitionerProfile(models.Model):
    """Who a practitioner works for and where: shown on their account page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner_profile"
    )
    agency = models.ForeignKey(
        "agencies.AgencyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The agency this person works for",
    )
    mappa_area = models.CharField("MAPPA area", max_length=60, choices=MAPPA_AREAS, blank=True)

    class Meta:
        verbose_name = "practitioner profile"

    def __str__(self):
        return f"{self.user.get_username()}: {self.agency or 'no agency'}, {self.mappa_area or 'no area'}"


class BackupCodeDevice(ThrottlingMixin, Device):
    """A user's set of one-time backup codes, verified against salted hashes.

    django-otp's StaticDevice keeps its tokens in plain text; these codes are stored only as
    Argon2 hashes (see portal.accounts.otp) so a copy of the database does not reveal them.
    """

    class Meta(Device.Meta):
        verbose_name = "backup code set"

    def verify_token(self, token):
        from .otp import verify_backup_code

        return verify_backup_code(self, token)

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)


class BackupCode(models.Model):
    """One backup code, as a salted hash; deleted when used."""

    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=200)

    def __str__(self):
        return f"backup code {self.pk} of {self.device_id}"


class UserSession(models.Model):
    """A signed-in session, so people can see where they are signed in and end a session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_sessions"
    )
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} since {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def browser(self):
        """'Firefox on Windows' from the user agent: enough to recognise a session."""
        agent = self.user_agent
        browsers = [
            ("Edg/", "Edge"),
            ("OPR/", "Opera"),
            ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"),
            ("Chromium/", "Chromium"),
            ("Safari/", "Safari"),
        ]
        systems = [
            ("iPhone", "iPhone"),
            ("iPad", "iPad"),
            ("Android", "Android"),
            ("Windows", "Windows"),
            ("Mac OS X", "macOS"),
            ("CrOS", "ChromeOS"),
            ("Linux", "Linux"),
        ]
        browser = next((name for key, name in browsers if key in agent), "")
        system = next((name for key, name in systems if key in agent), "")
        if browser and system:
            return f"{browser} on {system}"
        return browser or system or "Unknown browser"


class RestrictedView(models.Model):
    """Who read which restricted page or document, and when. Written once, never edited."""

    # Its id and title columns name pages, but it is a log, not content that uses them: keeping it
    # out of Wagtail's reference index spares every read a second write.
    wagtail_reference_index_ignore = True

    PAGE = "page"
    DOCUMENT = "document"
    API = "api"
    KINDS = [(PAGE, "Page"), (DOCUMENT, "Document"), (API, "Page through the read API")]

    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the record survives the account or the page being deleted.
    username = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=KINDS)
    object_id = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = "view of restricted material"
        verbose_name_plural = "views of restricted material"
        permissions = [("audit_restricted_views", "Can see who viewed restricted material")]

    def __str__(self):
        return f"{self.username} viewed {self.title} at {self.viewed_at:%Y-%m-%d %H:%M}"
