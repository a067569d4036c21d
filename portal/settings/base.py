"""
Settings shared by every environment.

Every value that differs between deployments comes from the environment (or an
optional `.env` file at the project root); `.env.example` lists them all. The
defaults here are safe: no debug, no secret key, no allowed hosts. `dev.py` and
`test.py` fill in what a developer's machine needs; `production.py` insists on
the rest.
"""

import re
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from portal.observability import sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV", default=True) and (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


# Applications

INSTALLED_APPS = [
    # daphne first, so that `runserver` serves HTTP and websockets.
    "daphne",
    "home",
    "members",
    "courses",
    "notifications",
    "media_library",
    "commerce",
    "chat",
    "community",
    "search",
    "analytics",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "members.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    "django_htmx",
    "phonenumber_field",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    # Operations: request ids (django-guid), Content Security Policy (django-csp).
    "django_guid",
    "csp",
    # The API docs' scripts and styles, served from our static files.
    "ninja",
    "ninja_jwt",
    "ninja_jwt.token_blacklist",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Page cache: invalidated by what public pages show (portal/page_cache/).
    "portal.page_cache",
    # Support pages: the sitemap's XML templates (home/sitemaps.py).
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Operations: first, so that every answer (and every log line) has a
    # request id; then /healthz, answered before the host check and anything else.
    "django_guid.middleware.guid_middleware",
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Security headers on pages (static files, served above, need none).
    "portal.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before anything that answers: preflights get their CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    # Page cache (portal/page_cache/): anonymous visitors' pages answered
    # before the session, auth and CSRF middleware; 304s for what they have.
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.page_cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "members.middleware.PrivateCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "courses.middleware.CourseSubdomainMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.AdminMfaRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Routes to Wagtail's pages from what the process keeps (portal/routes.py).
    "portal.routes.PublishedRoutesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


# Database: SQLite under var/ unless DATABASE_URL points elsewhere.

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a task worker writes; IMMEDIATE
    # transactions avoid "database is locked" when both want to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind pgbouncer in transaction mode (site/README.md, "Database
    # connections"), where a cursor cannot outlive its transaction.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
        "DISABLE_SERVER_SIDE_CURSORS", default=False
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Cache and channel layer: Redis when REDIS_URL is set, process memory otherwise.

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.KeptClientRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    # Chat: Redis pub/sub sends a room's message once to each ASGI process,
    # which hands it to its own sockets, where the list-based layer pushes
    # and pops one Redis entry per socket (bench/chat_fanout.py).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    # Sessions read from Redis, written through to the database: a signed-in
    # page's session costs a cache round trip, not a query, and survives a
    # Redis restart.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# What each process keeps of the published site (courses/published.py), in its
# own memory whatever the default cache is; the oldest go when it is full.
PUBLISHED_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "published",
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}
CACHES["published"] = PUBLISHED_CACHE

# Page cache (portal/page_cache/): how long anonymous visitors' pages are kept
# in the cache above, at most (publishing invalidates them sooner), and what
# each process keeps of the published site (courses/published.py); 0 turns
# both off. Without Redis each process has its own, which another process's
# publishing (a scheduled one, say) cannot reach: this bounds how stale.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)


# Background tasks: stored in the database, run by `manage.py db_worker`.

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# Users and accounts

AUTH_USER_MODEL = "members.User"

AUTHENTICATION_BACKENDS = [
    # Permissions only, in one query; it signs nobody in.
    "members.backends.OneQueryPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lectern] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupProfileForm"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# The login page stays open to a signed-in user, to sign in as someone else.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
# Rate limits per client read the client's address from X-Forwarded-For as
# set by this many proxies in front (none in development).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# allauth's rate limits (kept in the cache), and Lectern's own on emails sent
# to an address a visitor types (course links, "notify me" confirmations):
# per address, and per client so that nobody mails strangers in bulk.
ACCOUNT_RATE_LIMITS = {
    "course_email_to_address": "1/m/key",
    "course_email_from_client": "10/h/ip",
    # Support pages: messages sent through the contact page, per client.
    "contact_message": "5/h/ip",
    # Sign-in and confirmation codes by text message, which cost money.
    "text_message": "10/d/user,30/d/ip",
}

# Profiles: phone numbers are stored in E.164; avatars are re-encoded
# (dropping metadata such as GPS positions) and cropped to a square.
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "E164"
AVATAR_MAX_UPLOAD_SIZE = env.int("AVATAR_MAX_UPLOAD_SIZE", default=2 * 2**20)
AVATAR_MAX_PIXELS = 40_000_000
AVATAR_SIZE = 400

# Two-factor authentication: an authenticator app, with recovery codes as the
# fallback. With ADMIN_MFA_REQUIRED, everyone who can open the Wagtail admin
# (teachers and admins) must enroll first; production turns it on.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Lectern"
# Accept the code of the 30-second step just before or after this one, as
# RFC 6238 advises: a code typed as its step ends still signs the member in.
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {"authenticate": "members.forms.SentCodeAuthenticateForm"}
ADMIN_MFA_REQUIRED = env.bool("ADMIN_MFA_REQUIRED", default=False)

# Text messages, for sign-in codes to a confirmed phone: "console" prints
# them (development); "twilio" sends them through Twilio's API, from
# TWILIO_FROM (a number, or a Messaging Service's MG… id). Without the
# Twilio settings, members are not offered codes by text message.
SMS_PROVIDER = env("SMS_PROVIDER", default="console")
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM = env("TWILIO_FROM", default="")


# Email: EMAIL_URL (smtp://, smtp+tls://, consolemail://, ...); console by default.

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Lectern <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)


# Internationalisation

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True


# Static files and media

STATIC_URL = "/static/"
# collectstatic's output, which the front proxy serves (site/).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
STATICFILES_DIRS = [PROJECT_DIR / "static"]

MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

CLOUDINARY_URL = env("CLOUDINARY_URL", default="")

# Media library files: those of approved public assets under MEDIA_ROOT;
# private and course-only ones outside it, delivered only through a view
# that checks who is asking.
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private-media"
)
# Production topology (site/): once a view has allowed a file, the front proxy
# sends its bytes (X-Accel-Redirect); off, Python streams them (`make run`).
FILES_X_ACCEL_REDIRECT = env.bool("FILES_X_ACCEL_REDIRECT", default=False)

# Wagtail's images and documents (and avatars) go to the default storage,
# which keeps documents, and images used in gated lessons, in the private
# storage and everything else in the public one (see courses/storage.py).
LOCAL_STORAGES = {
    "default": {"BACKEND": "courses.storage.GatedFileStorage"},
    "public_files": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private_files": {"BACKEND": "courses.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "media_library": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "media_library_private": {"BACKEND": "courses.storage.PrivateFileSystemStorage"},
}
STORAGES = {alias: dict(config) for alias, config in LOCAL_STORAGES.items()}
if CLOUDINARY_URL:
    # The SDK reads its credentials from CLOUDINARY_URL itself. The "raw"
    # storage accepts every file type, so Wagtail's images, renditions and
    # documents can all live there (Wagtail makes renditions itself); the
    # private ones are of the "authenticated" type.
    # cloudinary_storage stays out of INSTALLED_APPS: its collectstatic
    # override reads settings that Django 5.1 removed.
    STORAGES["public_files"] = {
        "BACKEND": "cloudinary_storage.storage.RawMediaCloudinaryStorage"
    }
    STORAGES["private_files"] = {
        "BACKEND": "media_library.remote_storage.AuthenticatedRawCloudinaryStorage"
    }
    # Media library: public files as Cloudinary images, videos or raw files;
    # the others of the "authenticated" type, behind signed, expiring URLs.
    STORAGES["media_library"] = {
        "BACKEND": "media_library.remote_storage.CloudinaryLibraryStorage"
    }
    STORAGES["media_library_private"] = {
        "BACKEND": "media_library.remote_storage.AuthenticatedCloudinaryStorage"
    }

# Media library uploads: the largest file of each kind, the most pixels an
# image may have (against decompression bombs), and how long a signed link
# to a private file on Cloudinary stays valid.
MEDIA_LIBRARY_MAX_UPLOAD_SIZES = {
    "image": env.int("MEDIA_LIBRARY_MAX_IMAGE_SIZE", default=15 * 2**20),
    "video": env.int("MEDIA_LIBRARY_MAX_VIDEO_SIZE", default=500 * 2**20),
    "audio": env.int("MEDIA_LIBRARY_MAX_AUDIO_SIZE", default=100 * 2**20),
    "document": env.int("MEDIA_LIBRARY_MAX_DOCUMENT_SIZE", default=25 * 2**20),
}
MEDIA_LIBRARY_MAX_IMAGE_PIXELS = env.int(
    "MEDIA_LIBRARY_MAX_IMAGE_PIXELS", default=50_000_000
)
MEDIA_LIBRARY_SIGNED_URL_SECONDS = env.int(
    "MEDIA_LIBRARY_SIGNED_URL_SECONDS", default=15 * 60
)

# Reject oversized requests early; uploads have their own limits per kind.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 2**20)
# Wagtail's page editor posts many fields for large StreamFields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


# Wagtail

WAGTAIL_SITE_NAME = "Lectern"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The admin signs in through allauth, so that allauth's rate limits (and MFA)
# guard it too; Wagtail's own password reset is switched off for the same reason.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Email and password change through allauth only, which verifies new
# addresses and asks for the current password.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# No Gravatar: it would send a hash of every user's email to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Search: the database's own full text search (SQLite FTS5, PostgreSQL's
# ranked full text search) unless SEARCH_URL names an Elasticsearch or
# OpenSearch cluster (SEARCH_BACKEND says which: elasticsearch7/8/9,
# opensearch2/3; the matching Python client must be installed). After
# switching, `manage.py update_index` fills the new index.
SEARCH_URL = env("SEARCH_URL", default="")
SEARCH_BACKEND = env("SEARCH_BACKEND", default="elasticsearch8")
SEARCH_BACKENDS = (
    "elasticsearch7",
    "elasticsearch8",
    "elasticsearch9",
    "opensearch2",
    "opensearch3",
)
if SEARCH_URL and SEARCH_BACKEND not in SEARCH_BACKENDS:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, "
        f"not {SEARCH_BACKEND!r}."
    )
WAGTAILSEARCH_BACKENDS = {
    "default": (
        {
            "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
            "URLS": [SEARCH_URL],
            "INDEX_PREFIX": env("SEARCH_INDEX_PREFIX", default="lectern_"),
            "TIMEOUT": env.int("SEARCH_TIMEOUT", default=5),
        }
        if SEARCH_URL
        else {"BACKEND": "wagtail.search.backends.database"}
    ),
}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "vtt",  # lesson videos' caption tracks
    "xlsx",
    "zip",
]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "courses.documents.DocumentForm"
# Documents are always delivered by Wagtail's view, after the course rule.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("WAGTAILDOCS_MAX_UPLOAD_SIZE", default=20 * 2**20)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int(
    "WAGTAILIMAGES_MAX_UPLOAD_SIZE", default=10 * 2**20
)
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Whoever a workflow's task lets approve may publish what they approve.
WAGTAIL_FINISH_WORKFLOW_ACTION = "portal.workflows.publish_approved"
# A caching proxy in front (Varnish, nginx...) that takes PURGE requests:
# published pages, and the pages that list them, are purged from it.
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
    if FRONTEND_CACHE_URL
    else {}
)


# Support pages: where the contact page's messages are emailed (unless the
# page names its own addresses; without either, they are only kept in the
# admin), and a CAPTCHA on it: the dotted path of a form field class that
# checks one (e.g. django-recaptcha's "django_recaptcha.fields.ReCaptchaField",
# installed and configured as its documentation says); none by default.
SUPPORT_EMAIL = env("SUPPORT_EMAIL", default="")
CONTACT_CAPTCHA_FIELD = env("CONTACT_CAPTCHA_FIELD", default="")


# Courses: members who joined this many days ago without enrolling get one reminder.
ENROLLMENT_REMINDER_DAYS = env.int("ENROLLMENT_REMINDER_DAYS", default=7)
# With a domain set, <course-slug>.<domain> redirects to the course's page.
COURSE_SUBDOMAIN_DOMAIN = env("COURSE_SUBDOMAIN_DOMAIN", default="")


# Payments. Stripe: Checkout and signed webhooks; card payments are off
# without a secret key. M-Pesa (Daraja): STK push in KES; off without a
# consumer key. Donations: a custom amount within limits, from any country
# but the excluded ones (ISO codes).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
MPESA_ENVIRONMENT = env("MPESA_ENVIRONMENT", default="sandbox")
MPESA_CONSUMER_KEY = env("MPESA_CONSUMER_KEY", default="")
MPESA_CONSUMER_SECRET = env("MPESA_CONSUMER_SECRET", default="")
MPESA_SHORTCODE = env("MPESA_SHORTCODE", default="174379")
MPESA_PASSKEY = env("MPESA_PASSKEY", default="")
# Where Safaricom reaches the callback; the site's own address by default.
MPESA_CALLBACK_BASE_URL = env("MPESA_CALLBACK_BASE_URL", default="")
# A payment whose callback has not come after this long is asked about.
MPESA_SETTLE_AFTER_SECONDS = env.int("MPESA_SETTLE_AFTER_SECONDS", default=120)
DONATION_CURRENCY = env("DONATION_CURRENCY", default="USD")
DONATION_MIN_AMOUNT = env("DONATION_MIN_AMOUNT", default="1")
DONATION_MAX_AMOUNT = env("DONATION_MAX_AMOUNT", default="1000")
MPESA_DONATION_MIN_AMOUNT = env.int("MPESA_DONATION_MIN_AMOUNT", default=10)
MPESA_DONATION_MAX_AMOUNT = env.int("MPESA_DONATION_MAX_AMOUNT", default=150_000)
DONATION_EXCLUDED_COUNTRIES = env.list("DONATION_EXCLUDED_COUNTRIES", default=[])


# Chat: how many messages a member may send in a room per window of seconds.
CHAT_RATE_LIMIT_COUNT = env.int("CHAT_RATE_LIMIT_COUNT", default=10)
CHAT_RATE_LIMIT_SECONDS = env.int("CHAT_RATE_LIMIT_SECONDS", default=10)


# Community: how many posts, comments and likes a member may make per window
# of seconds ("count/seconds"), and how many of a member's first posts wait
# for a moderator's approval (0: none wait).
def env_rate(name: str, default: str) -> str:
    """A "count/seconds" rate from the environment, refused at start-up if not."""
    rate = env(name, default=default)
    if not re.fullmatch(r"\d+/[1-9]\d*", rate):
        raise ImproperlyConfigured(
            f'{name} is "count/seconds", such as "{default}", not "{rate}".'
        )
    return rate


COMMUNITY_POST_RATE = env_rate("COMMUNITY_POST_RATE", default="5/600")
COMMUNITY_COMMENT_RATE = env_rate("COMMUNITY_COMMENT_RATE", default="20/600")
COMMUNITY_LIKE_RATE = env_rate("COMMUNITY_LIKE_RATE", default="60/60")
COMMUNITY_REVIEW_RATE = env_rate("COMMUNITY_REVIEW_RATE", default="10/600")
# How many coupon codes a member may try at checkout, so that codes cannot
# be guessed.
COMMERCE_COUPON_RATE = env_rate("COMMERCE_COUPON_RATE", default="10/3600")
COMMUNITY_HOLD_FIRST_POSTS = env.int("COMMUNITY_HOLD_FIRST_POSTS", default=0)
# How much of a course (percent of its lessons to complete) a student has
# done before they may rate and review it.
REVIEW_MIN_PROGRESS = env.int("REVIEW_MIN_PROGRESS", default=50)


# The REST API (/api/v1/, portal/api.py): JWT access tokens are short-lived;
# refresh tokens rotate, and the old one is blacklisted, as on log-out.

NINJA_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(
        minutes=env.int("API_ACCESS_TOKEN_MINUTES", default=5)
    ),
    "REFRESH_TOKEN_LIFETIME": timedelta(
        days=env.int("API_REFRESH_TOKEN_DAYS", default=14)
    ),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
}
# Per client address, and per email address where one is given.
API_TOKEN_RATE = env_rate("API_TOKEN_RATE", default="10/60")
API_REGISTER_RATE = env_rate("API_REGISTER_RATE", default="5/3600")

# Browser clients on other origins (a React front end, say) that may call the
# API: none unless listed, such as "https://app.example.org".
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/"
# What such clients may read of a refusal: when to try again, why a token
# was not taken, and the request id to quote when reporting a problem.
CORS_EXPOSE_HEADERS = ["Retry-After", "WWW-Authenticate", "X-Request-ID"]


# Operations: logs, request ids, error reports, health.

# Every request has an id: the front proxy's X-Request-ID when it is a UUID
# (nginx's $request_id, Caddy's {http.request.uuid}), a new one otherwise. It
# is on every log line of the request and in the answer's X-Request-ID.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    # The CORS settings above expose it to the API's browser clients.
    "EXPOSE_HEADER": False,
}

# Logs go to the console, where the process manager collects them: plain
# lines in development, one JSON object a line in production (LOG_FORMAT).
# Server errors are also emailed to ADMINS ("Name <address>, ..."), if any.
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f'LOG_FORMAT is "text" or "json", not "{LOG_FORMAT}".')
ADMINS = [parseaddr(admin) for admin in env.list("ADMINS", default=[])]
if any("@" not in address for _, address in ADMINS):
    raise ImproperlyConfigured('ADMINS lists "Name <address>" or addresses, by commas.')

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        },
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false"],
            "level": "ERROR",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["console", "mail_admins"],
            "level": "INFO",
            "propagate": False,
        },
        # A client's malformed X-Request-ID is replaced, not worth a warning.
        "django_guid": {"level": "ERROR"},
    },
}

# Error reports to Sentry when SENTRY_DSN is set (with the request id as a
# tag, and no personal data).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )


# Security headers. Referrer-Policy: other sites learn only our origin (an
# embedded YouTube player refuses to play without it).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Permissions-Policy: no page of ours uses these powerful features, so no
# script or frame may ask for them. Those an embedded video player uses
# (fullscreen, autoplay, picture-in-picture) keep the browser's defaults.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "browsing-topics", "camera",
        "display-capture", "geolocation", "gyroscope", "hid", "idle-detection",
        "magnetometer", "microphone", "midi", "payment", "serial", "usb",
    )
}  # fmt: skip

# Content Security Policy (django-csp; portal/security.py). Pages run only
# our own scripts: none of the site's templates has an inline script or an
# inline event handler (a third-party template may use a nonce, and such a
# page is then never shared by a cache). Inline styles stay allowed: style
# attributes size avatars and progress bars. Media may come from Cloudinary,
# frames from the video sites lessons embed, and checkout forms lead to
# Stripe. CSP_REPORT_URI receives reports of what was refused. (Lower-case
# names: django-csp takes CSP_* settings for those of its old versions.)
csp_media_origins = ["https://res.cloudinary.com"] if CLOUDINARY_URL else []
csp_frame_origins = env.list(
    "CSP_FRAME_ORIGINS",
    default=[
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
)
csp_report_uri = env("CSP_REPORT_URI", default="")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *csp_media_origins],
        "media-src": [SELF, *csp_media_origins],
        "frame-src": csp_frame_origins or [NONE],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, "https://checkout.stripe.com"],
        "frame-ancestors": [NONE],
        "report-uri": csp_report_uri or None,
    }
}
# The Wagtail admin's templates have inline scripts, its image tools blob:
# previews, its editor shows the page's preview in a frame of its own, and
# its dashboard asks wagtail.org whether a new release is out.
WAGTAIL_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "connect-src": [SELF, "https://releases.wagtail.org"],
    "img-src": [SELF, "data:", "blob:", *csp_media_origins],
    "frame-src": [SELF, *csp_frame_origins],
    "frame-ancestors": [SELF],
}
