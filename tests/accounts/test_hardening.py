"""Production hardening: cookies, headers, CSP, password rules and two-factor settings (A22, A23)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from .conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k9$Vw2!pQ7zR4xL0mN8bT6yH3jF5sD1aG-example-production-key-for-checks"
NAMES = [
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "PASSWORD_HASHERS",
    "OTP_TOTP_THROTTLE_FACTOR",
    "OTP_STATIC_THROTTLE_FACTOR",
    "AXES_FAILURE_LIMIT",
    "AXES_LOCKOUT_PARAMETERS",
    "PORTAL_CSP",
    "PORTAL_TRUSTED_PROXY_COUNT",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "REST_FRAMEWORK",
    "WAGTAIL_PRIVATE_PAGE_OPTIONS",
    "WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS",
    "WAGTAILDOCS_SERVE_METHOD",
    "INSTALLED_APPS",
    "MIDDLEWARE",
    "AUTHENTICATION_BACKENDS",
]


@pytest.fixture(scope="module")
def production():
    """The production settings as a deployment would load them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}, default=str))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="mappa.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_host_only_secure_and_http_only(production):
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert (
        production["SESSION_COOKIE_AGE"] == 8 * 3600
        and production["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    )


@pytest.mark.django_db
def test_the_session_cookie_is_sent_with_the_production_attributes(client):
    with override_settings(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-sessionid"):
        sign_in(client, "practitioner")
        cookie = client.cookies["__Host-sessionid"]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
        assert cookie["path"] == "/" and not cookie["domain"]


def test_production_headers_and_two_factor_settings(production):
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert (
        production["OTP_TOTP_THROTTLE_FACTOR"] >= 1
        and production["OTP_STATIC_THROTTLE_FACTOR"] >= 1
    )
    assert production["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert production["AXES_FAILURE_LIMIT"] == 5
    assert production["PORTAL_TRUSTED_PROXY_COUNT"] == 1
    assert "upgrade-insecure-requests" in production["PORTAL_CSP"]
    assert production["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"] == [
        "rest_framework.authentication.SessionAuthentication"
    ]
    assert production["WAGTAIL_PRIVATE_PAGE_OPTIONS"] == {"SHARED_PASSWORD": False}
    assert production["WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS"] == {"SHARED_PASSWORD": False}
    assert production["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    assert "wagtail.api.v3" not in production["INSTALLED_APPS"]
    middleware = production["MIDDLEWARE"]
    assert middleware.index("portal.accounts.middleware.VerifiedSessionMiddleware") == (
        middleware.index("django_otp.middleware.OTPMiddleware") + 1
    )
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert production["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/about/", "/accounts/login/", "/accounts/login/code/", "/glossary/"]
)
def test_every_page_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    )
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_page_has_inline_script_or_style(client):
    import re

    from tests.conftest import login_verified

    from .conftest import user

    login_verified(client, user("practitioner"))
    for path in (
        "/",
        "/practitioners/",
        "/practitioners/level-3-escalation/",
        "/accounts/two-factor/",
        "/accounts/two-factor/backup-codes/",
    ):
        html = client.get(path).content.decode()
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script, (path, script)
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


def test_passwords_short_common_or_numeric_are_refused_long_passphrases_allowed():
    for weak in ("password", "12345678", "qwertyuiop12", "shortpass", "1234567890123"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct horse battery staple " * 3 + "x")  # 100 characters, no rules on mix
    assert "MinimumLengthValidator" in str(settings.AUTH_PASSWORD_VALIDATORS)


def test_the_admin_has_only_the_relaxations_it_needs():
    admin = settings.PORTAL_CSP_ADMIN
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]  # Wagtail widgets; see settings
    assert admin["object-src"] == ["'none'"]
    assert admin["frame-ancestors"] == ["'self'"]  # page previews are framed by the admin itself
