"""Settings shared by every environment, driven by environment variables.

Safe defaults give the embedded deployment (SQLite, database search, in-process
tasks). DATABASE_URL, REDIS_URL and ELASTICSEARCH_URL switch on the at-scale services.
"""

import datetime
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # The portal's own apps come first so their templates and commands win.
    "portal.core",
    "portal.agencies",
    "portal.accounts",
    "portal.reports",
    "guidance",
    "training",
    "search",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    # The task tables exist under every settings module, so one database serves them all.
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.core.middleware.AllowedMethodsMiddleware",
    "portal.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.accounts.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Serves kept anonymous responses before anything renders (portal.core.page_cache).
    "portal.core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The request's site from what this process remembers (portal.core.route_cache).
    "portal.core.route_cache.KnownSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every request is verified (both factors) or anonymous; session lifetimes; no-store.
    "portal.accounts.middleware.VerifiedSessionMiddleware",
    # The admin refuses addresses naming restricted material to those who may not read it.
    "portal.accounts.admin_privacy.AdminPrivacyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.core.middleware.IncompleteFormMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out username+address pair before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the two gunicorn workers read while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Writers wait for each other rather than failing at once (the audit, the scheduler).
        "timeout": 20,
    }
    # Connections are kept between requests, as on PostgreSQL: opening one (and its PRAGMAs)
    # for every request cost a measurable share of each page.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "pages" holds whole anonymous responses (portal.core.page_cache) and must be shared by every
# worker process: Redis at scale, a folder of files on the embedded default.
PORTAL_CACHE_DIR = Path(os.environ.get("PORTAL_CACHE_DIR", BASE_DIR / ".cache"))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "mappa",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "mappa-pages",
        },
    }
else:
    CACHES = {
        # Each process's own: Wagtail's site root paths, image renditions, report charts. Bounded
        # in entries (the least recently used go first), so a worker's memory stays flat.
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 300},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(PORTAL_CACHE_DIR / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
PORTAL_PAGE_CACHE = "pages"
PORTAL_PAGE_CACHE_ENABLED = os.environ.get("PORTAL_PAGE_CACHE", "on").lower() != "off"
PORTAL_PAGE_CACHE_SECONDS = 600  # a kept response is dropped after this, whatever happens
PORTAL_PAGE_CACHE_LOCAL_ENTRIES = 500  # the most used, also kept in each process's memory
PORTAL_PAGE_CACHE_LOCAL_BYTES = 8 * 1024 * 1024  # at most this much of them, per process
# Navigation and breadcrumbs worked out in each process, kept until the next change (at most this
# many; portal.core.page_cache.remembered).
PORTAL_REMEMBERED_ENTRIES = 1000
PORTAL_PAGE_CACHE_SKIP = ("/admin/", "/accounts/", "/documents/", "/healthz", "/_util/")
# Public pages tell a reverse proxy or CDN it may keep them this long (Cache-Control s-maxage).
PORTAL_CDN_MAX_AGE = int(os.environ.get("PORTAL_CDN_MAX_AGE", "60"))
# A reverse proxy that accepts HTTP PURGE (Varnish, nginx): pages are purged from it on publish,
# unpublish, move and restriction (wagtail.contrib.frontend_cache).
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# static_build/ holds the compiled GOV.UK Frontend CSS, its JS and assets (see the Makefile).
STATICFILES_DIRS = [BASE_DIR / "static_build"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Development only: the app serves image files under MEDIA_URL (a proxy does in production).
PORTAL_SERVE_IMAGES = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Sessions and security headers that hold everywhere; production.py adds TLS-only ones.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.core.views.csrf_failure"

# Tasks run in-process on the embedded deployment; production.py switches to a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "MAPPA Portal"
# Absolute links in the read API and e-mails. Defaults: the dev server's address, or in
# production the first allowed host over HTTPS (production.py).
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_SEARCH_ENABLED = False

# The read API authenticates by session only: never HTTP Basic.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# E-mail (training reminders, sign-off notifications): printed to the console unless an SMTP
# server is named.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in ("1", "true", "yes")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "MAPPA Portal <no-reply@mappa.example.org>"
)

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Search reads an alias (rebuilds swap it) and gives up after this many seconds, answering from
# the database instead.
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "mappa-search")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "1.0"))

# Only development and test settings may create the demo accounts (their passwords are published).
PORTAL_DEMO_ACCOUNTS_ALLOWED = False
PORTAL_SERVICE_NAME = "MAPPA Portal"
# The date the accessibility statement was last reviewed (YYYY-MM-DD).
PORTAL_ACCESSIBILITY_STATEMENT_DATE = datetime.date.fromisoformat(
    os.environ.get("PORTAL_ACCESSIBILITY_STATEMENT_DATE", "2026-12-01")
)
PORTAL_AREA_NAME = os.environ.get("PORTAL_AREA_NAME", "Dorset")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"portal": {"level": "INFO"}, "search": {"level": "INFO"}},
}

# The demo seed runs these in order; each takes a shared dict of what earlier steps made.
PORTAL_DEMO_SEEDERS = [
    "portal.core.demo.content.seed",
    "portal.core.demo.portal_settings.seed",
    "portal.agencies.demo.seed",
    "portal.core.demo.accounts.seed",
    "portal.accounts.demo.seed",
    "guidance.demo.seed",
    "portal.reports.demo.seed",
    "training.demo.seed",
    # Who took the demo's training modules (after them).
    "training.demo_records.seed",
    "search.demo.seed",
]
# -- Roles, set up by `manage.py setup_portal` (also after every migrate) -----------------------
# The portal's groups by role; a deployment may give them its own names.
PORTAL_GROUPS = {
    "editors": "SMB editors",
    "approvers": "SMB approvers",
    "practitioners": "Practitioners",
    "agency_leads": "Agency leads",
}
# Roles whose members may read restricted practitioner material, once signed in with two factors.
PORTAL_RESTRICTED_READER_ROLES = ["practitioners", "agency_leads", "editors", "approvers"]
PORTAL_SIGN_OFF_WORKFLOW = "SMB sign-off"
PORTAL_SIGN_OFF_TASK = "SMB approver sign-off"
# Approving a change after someone edits it again needs a new approval.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# The sections every deployment has, created empty under the home page:
# (page model, slug, title, introduction).
PORTAL_SECTIONS = [
    (
        "agencies.AgencyIndexPage",
        "agencies",
        "Agencies in MAPPA",
        "The Responsible Authority and the agencies with a duty to co-operate, and what each does.",
    ),
    (
        "guidance.GuidanceIndexPage",
        "guidance",
        "Guidance",
        "The guidance documents in force, each with its full history of versions.",
    ),
    (
        "guidance.BriefingIndexPage",
        "briefings",
        "7-minute learning briefs",
        "Short briefings for team meetings, each readable in under seven minutes.",
    ),
    (
        "reports.AnnualReportIndexPage",
        "annual-reports",
        "Annual reports",
        "The Strategic Management Board's report for each year: its figures, with England and "
        "Wales beside them, and its work.",
    ),
    (
        "training.TrainingIndexPage",
        "training",
        "Training",
        "Short modules for practitioners in every MAPPA agency, each with a knowledge check and a "
        "certificate.",
    ),
]
# Annual report charts are drawn once per published revision and kept this long.
PORTAL_REPORT_CHART_CACHE_SECONDS = 7 * 24 * 3600

# How long the portal keeps personal data it records (the privacy notice states these).
PORTAL_RESTRICTED_READ_RETENTION_DAYS = 2 * 365
PORTAL_SIGN_IN_LOG_RETENTION_DAYS = 90
# Training attempts and completions name their learner for six years, then are made anonymous
# (a completion still valid then stays named until it expires).
PORTAL_TRAINING_RETENTION_DAYS = 6 * 365
# Jobs `manage.py run_scheduler` runs: (name, management command, seconds between runs, *args).
PORTAL_SCHEDULE = [
    ("publish scheduled pages", "publish_scheduled", 60),
    ("forget old restricted reads", "prune_restricted_reads", 24 * 3600),
    # django-axes' records of sign-ins and failed sign-ins.
    (
        "forget old sign-ins",
        "axes_reset_logs",
        24 * 3600,
        "--age",
        str(PORTAL_SIGN_IN_LOG_RETENTION_DAYS),
    ),
    (
        "forget old failed sign-ins",
        "axes_reset_failure_logs",
        24 * 3600,
        "--age",
        str(PORTAL_SIGN_IN_LOG_RETENTION_DAYS),
    ),
    ("remind learners of expiring training", "send_training_reminders", 24 * 3600),
    ("anonymise old training records", "anonymise_training_records", 24 * 3600),
]

# URL names: Django and Wagtail resolve them.
WAGTAIL_FRONTEND_LOGIN_URL = "accounts:login"
LOGIN_URL = "accounts:login"

# -- Two-factor sign-in (portal.accounts); the decisions are explained in the README ----------
WAGTAILADMIN_LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
# No e-mailed password resets: a forgotten password or lost phone goes to the helpdesk.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Shared passwords are weak (one secret for everyone, no second factor): groups or nothing.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# Documents always download (Content-Disposition: attachment), never render on our origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Images are public by design: their form refuses restricted collections. No SVG uploads.
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.accounts.forms.PublicImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# No Gravatar: editors' e-mail hashes are not sent to a third party, and the CSP allows no
# images from other sites.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

SESSION_COOKIE_AGE = 8 * 3600  # the absolute limit; the idle limit is checked by middleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PORTAL_SESSION_IDLE_SECONDS = 30 * 60
PORTAL_SESSION_ABSOLUTE_SECONDS = 8 * 3600

OTP_TOTP_ISSUER = "MAPPA Portal"
OTP_TOTP_THROTTLE_FACTOR = 1  # 1, 2, 4, 8... seconds after each wrong code; never 0
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Time steps either side of now a code may come from (django-otp keeps it per device).
PORTAL_TOTP_TOLERANCE = 1

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "portal.accounts.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "portal.accounts.security.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
# How many reverse proxies we run in front of the app (their X-Forwarded-For entries count).
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy (portal.accounts.middleware): no inline script or style anywhere on
# the public site. The Wagtail admin needs inline styles, data:/blob: images and same-origin
# frames for previews.
PORTAL_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browser features the portal never uses, switched off for every page (Permissions-Policy).
PORTAL_PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
    "browsing-topics",
]
PORTAL_CSP_ADMIN = {
    **PORTAL_CSP,
    # Wagtail 8's admin widgets (date and page choosers, inline panels) start with inline
    # scripts and it has no nonce support: allowed under /admin/ only, for verified editors.
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}
