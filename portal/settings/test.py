"""Test overlay: fast hashing, deterministic settings, the demo accounts allowed."""

import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key-for-the-mappa-portal-suite-0123456789abcdef"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PORTAL_DEMO_ACCOUNTS_ALLOWED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# The browser tests' server runs with DEBUG off (real error pages), so WhiteNoise serves static files.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PORTAL_SERVE_IMAGES = True
# The browser tests' server and seed run in their own processes: mail stays in memory there too.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Each test run keeps anonymous pages in a folder of its own (the browser tests' server gets
# another, through PORTAL_CACHE_DIR in its environment).
if "PORTAL_CACHE_DIR" not in os.environ and "filebased" in CACHES["pages"]["BACKEND"]:  # noqa: F405
    import tempfile
    from pathlib import Path

    PORTAL_CACHE_DIR = Path(tempfile.mkdtemp(prefix="mappa-cache-"))
    CACHES["pages"]["LOCATION"] = str(PORTAL_CACHE_DIR / "pages")  # noqa: F405
