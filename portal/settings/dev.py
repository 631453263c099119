"""Development overlay: a throwaway key, the demo accounts, and the portal as users see it.

Error pages are the portal's own, as in production (a visitor never sees a traceback);
PORTAL_DEBUG=1 brings back Django's debug pages for a developer who wants them.
"""

import os

from .base import *  # noqa: F401,F403
from .base import env_list

DEBUG = os.environ.get("PORTAL_DEBUG", "") == "1"
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-for-the-mappa-portal-never-use-in-production"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
INTERNAL_IPS = ["127.0.0.1"]
PORTAL_DEMO_ACCOUNTS_ALLOWED = True
# Without DEBUG the development server serves no static files: WhiteNoise does, from the
# source folders, as in the browser tests. Image files are served too (a proxy does it in
# production); documents never are, only through their permission-checked view.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PORTAL_SERVE_IMAGES = True
# Sign-off notifications (an editor submits, an approver approves) are printed, not sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
