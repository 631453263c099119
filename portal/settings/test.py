"""Test overlay: fast hashing, deterministic settings, the demo accounts allowed."""

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
