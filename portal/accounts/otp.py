"""Second factors: authenticator (TOTP) devices, their QR codes, and hashed backup codes.

Views never verify a code themselves: they call verify_code(), which only ever tries the one
device the form named, and only if that device belongs to the user.
"""

import re
import secrets
from base64 import b32encode
from binascii import unhexlify

import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django_otp import verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import BackupCode, BackupCodeDevice

TOTP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper and typed by hand.
BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
BACKUP_CODE_LENGTH = 10  # 31**10: about 49 bits from the operating system's CSPRNG

TOTP_PATTERN = re.compile(r"[0-9]{6}")
BACKUP_PATTERN = re.compile(r"[a-z2-9]{10}")

# Backup codes are random (no dictionary to try), so Argon2id at OWASP's minimum cost is
# enough; it keeps checking ten codes under a third of a second.
_backup_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def totp_tolerance():
    return getattr(settings, "PORTAL_TOTP_TOLERANCE", 1)


# -- authenticator (TOTP) -------------------------------------------------------------------


def confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_totp(user, device_id=None):
    """The unconfirmed authenticator being set up: the same key on every reload of the page."""
    devices = TOTPDevice.objects.filter(user=user, confirmed=False)
    if device_id is not None:
        return devices.filter(pk=device_id).first()
    device = devices.order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user,
            name=TOTP_NAME,
            confirmed=False,
            tolerance=totp_tolerance(),
            digits=6,
            step=30,
        )
    return device


def base32_key(device):
    return b32encode(unhexlify(device.key.encode())).decode("ascii").rstrip("=")


def grouped_key(device):
    """The key in groups of four characters, easier to copy by hand (each group is kept on one
    line by the template, so the key never wraps in the middle of a group)."""
    key = base32_key(device)
    return [key[i : i + 4] for i in range(0, len(key), 4)]


def qr_svg(device):
    """An inline SVG QR code of the otpauth:// URL, generated here: no external service."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#0b0c0c", light="#ffffff", omitsize=False
    )
    label = escape("QR code to scan with your authenticator app")
    return mark_safe(
        svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    )


@transaction.atomic
def confirm_totp(user, device):
    """Make a verified new authenticator the user's only one."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = TOTP_NAME
    device.save(update_fields=["confirmed", "name"])
    return device


# -- codes -----------------------------------------------------------------------------------


def normalise_totp(value):
    """Six ASCII digits, or None. Spaces are allowed; other digits (such as '١') are not."""
    if not value or len(value) > 100:
        return None
    value = value.replace(" ", "").strip()
    return value if TOTP_PATTERN.fullmatch(value) else None


def normalise_backup(value):
    if not value or len(value) > 100:
        return None
    value = value.replace(" ", "").replace("-", "").strip().lower()
    return value if BACKUP_PATTERN.fullmatch(value) else None


class CodeResult:
    """What happened to a code: accepted (device set), wrong, or refused while throttled."""

    def __init__(self, device=None, throttled_until=None):
        self.device = device
        self.throttled_until = throttled_until

    @property
    def ok(self):
        return self.device is not None

    @property
    def wait_seconds(self):
        if self.throttled_until is None:
            return 0
        return max(1, int((self.throttled_until - timezone.now()).total_seconds() + 0.999))


def user_devices(user):
    """The user's confirmed second-factor devices, by persistent id."""
    devices = {}
    for model in (TOTPDevice, BackupCodeDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            devices[device.persistent_id] = device
    return devices


def verify_code(user, device, token):
    """Check a code against exactly one device of this user; throttled per device.

    The device is locked for the check (select_for_update on PostgreSQL), so two requests
    with the same code cannot both succeed.
    """
    if device is None or device.user_id != user.pk:
        return CodeResult()
    allowed, data = device.verify_is_allowed()
    if not allowed:
        if data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            return CodeResult(throttled_until=data.get("locked_until"))
        return CodeResult()
    verified = verify_token(user, device.persistent_id, token)
    return CodeResult(device=verified)


def verify_new_totp(device, token):
    """Check a code against an authenticator that is still being set up."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, data = locked.verify_is_allowed()
        if not allowed:
            return CodeResult(throttled_until=(data or {}).get("locked_until"))
        return CodeResult(device=locked if locked.verify_token(token) else None)


# -- backup codes ----------------------------------------------------------------------------


def _new_code():
    return "".join(secrets.choice(BACKUP_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))


def display_code(code):
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def new_backup_codes(user):
    """Replace the user's backup codes with ten new ones; returns them for showing once."""
    device, _ = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_NAME, "confirmed": True}
    )
    device.codes.all().delete()
    device.throttle_reset()
    codes = [_new_code() for _ in range(BACKUP_CODE_COUNT)]
    BackupCode.objects.bulk_create(
        [BackupCode(device=device, code_hash=_backup_hasher.hash(code)) for code in codes]
    )
    return [display_code(code) for code in codes]


def backup_codes_left(user):
    return BackupCode.objects.filter(device__user=user).count()


def verify_backup_code(device, token):
    """Called by BackupCodeDevice.verify_token inside django-otp's locked transaction."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return False
    code = normalise_backup(token)
    match = None
    if code is not None:
        for stored in device.codes.select_for_update():
            try:
                if _backup_hasher.verify(stored.code_hash, code):
                    match = stored
                    break
            except (VerificationError, InvalidHashError):
                continue
    if match is None:
        device.throttle_increment(commit=True)
        return False
    match.delete()
    device.throttle_reset(commit=True)
    return True
