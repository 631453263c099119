"""The one way in: password, then a second factor, and only then django.contrib.auth.login().

Between the two steps the session is anonymous. It holds only the user's id, when the password
step passed, where to go next and how many codes were wrong: never the password or anything
derived from it.
"""

import functools
import logging
import time

import django_otp
from django_otp.middleware import is_verified

from django.contrib.auth import get_user_model, login
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from . import sessions

PENDING = "accounts.pending"
REAUTH_AT = "accounts.reauth_at"
NEW_TOTP = "accounts.new_totp"
NOTICE = "accounts.notice"
BACKEND = "django.contrib.auth.backends.ModelBackend"
# Seconds allowed between the password step and the code step.
LOGIN_TIMEOUT = 300
# Wrong codes in one sign-in before the password must be entered again.
MAX_CODE_FAILURES = 5
# Seconds a fresh password and code stay good for changing two-factor settings.
REAUTH_WINDOW = 300
DEFAULT_NEXT = reverse_lazy("accounts:account")

log = logging.getLogger("portal.accounts")


def safe_next(request, url, default=DEFAULT_NEXT):
    """Only ever redirect to a path on this site."""
    if (
        url
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and url.startswith("/")
        and not url.startswith("//")
    ):
        return url
    return str(default)


def begin(request, user, next_url):
    """The password was right: remember who is signing in, in a new anonymous session key."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "since": time.time(),
        "next": safe_next(request, next_url),
        "failures": 0,
    }


def cancel(request):
    request.session.pop(PENDING, None)


def pending_user(request):
    """The user half-way through signing in, or None (none, timed out, or deactivated)."""
    data = request.session.get(PENDING)
    if not isinstance(data, dict):
        return None
    if time.time() - data.get("since", 0) > LOGIN_TIMEOUT:
        cancel(request)
        return None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        cancel(request)
    return user


def code_failed(request, user):
    """Count a wrong code; after too many, the sign-in starts again from the password."""
    data = request.session.get(PENDING) or {}
    data["failures"] = data.get("failures", 0) + 1
    request.session[PENDING] = data
    log.warning("Wrong second-factor code for user id %s", user.pk)
    if data["failures"] >= MAX_CODE_FAILURES:
        cancel(request)
        return True
    return False


def complete(request, user, device):
    """Both factors passed: log in (new session key), bind the device, start the clocks."""
    data = request.session.get(PENDING) or {}
    next_url = data.get("next") or str(DEFAULT_NEXT)
    cancel(request)
    login(request, user, backend=BACKEND)  # cycles the session key
    django_otp.login(request, device)
    # Pages rendered by this same request (the backup codes) see a verified user.
    request.user.is_verified = functools.partial(is_verified, request.user)
    sessions.touch(request, user)  # the session clocks were started by the login signal
    log.info("User id %s signed in with %s", user.pk, type(device).__name__)
    return next_url


def mark_reauthenticated(request):
    request.session[REAUTH_AT] = time.time()


def recently_reauthenticated(request):
    at = request.session.get(REAUTH_AT)
    return isinstance(at, (int, float)) and time.time() - at <= REAUTH_WINDOW


def clear_reauthentication(request):
    request.session.pop(REAUTH_AT, None)
    request.session.pop(NEW_TOTP, None)
