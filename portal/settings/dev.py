"""Development overlay: debug pages, a throwaway key, the demo accounts."""

from .base import *  # noqa: F401,F403
from .base import env_list

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-for-the-mappa-portal-never-use-in-production"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
INTERNAL_IPS = ["127.0.0.1"]
PORTAL_DEMO_ACCOUNTS_ALLOWED = True
