"""
Settings for a deployed site.

Refuses to start without SECRET_KEY, ALLOWED_HOSTS, REDIS_URL (the channel
layer and cache must be shared between processes) and EMAIL_URL, and passes
`manage.py check --deploy` with no warnings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    LOGGING,
    MPESA_CONSUMER_KEY,
    MPESA_CONSUMER_SECRET,
    MPESA_PASSKEY,
    REDIS_URL,
    STORAGES,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_FROM,
    env,
)

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names.")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "Set REDIS_URL: the cache and the chat channel layer must be shared "
        "between processes in production."
    )

# Payments are optional, but half a configuration would take money and
# never confirm it.
if STRIPE_SECRET_KEY and not STRIPE_WEBHOOK_SECRET:
    raise ImproperlyConfigured(
        "Set STRIPE_WEBHOOK_SECRET: payments are confirmed by signed webhooks."
    )
if MPESA_CONSUMER_KEY and not (MPESA_CONSUMER_SECRET and MPESA_PASSKEY):
    raise ImproperlyConfigured("Set MPESA_CONSUMER_SECRET and MPESA_PASSKEY too.")
MPESA_ENVIRONMENT = env("MPESA_ENVIRONMENT", default="production")

TWILIO_SETTINGS = {
    "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
    "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
    "TWILIO_FROM": TWILIO_FROM,
}
# Sign-in codes go by text message only through a real provider: printed to
# the log, anyone reading it could sign in.
SMS_PROVIDER = env("SMS_PROVIDER", default="twilio")
if SMS_PROVIDER != "twilio":
    raise ImproperlyConfigured("SMS_PROVIDER must be twilio in production.")
if any(TWILIO_SETTINGS.values()) and not all(TWILIO_SETTINGS.values()):
    missing = ", ".join(name for name, value in TWILIO_SETTINGS.items() if not value)
    raise ImproperlyConfigured(f"Set {missing} too, or none of the Twilio settings.")

# Sign-up, verification and password reset depend on mail reaching people.
vars().update(env.email_url("EMAIL_URL"))

if "*" in ALLOWED_HOSTS[0]:
    WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
else:
    WAGTAILADMIN_BASE_URL = env(
        "WAGTAILADMIN_BASE_URL", default=f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
    )

ADMIN_MFA_REQUIRED = env.bool("ADMIN_MFA_REQUIRED", default=True)

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# The site runs behind a proxy (see site/), whose X-Forwarded-For names
# the client that rate limits count.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

# HTTPS everywhere. Behind a proxy that terminates TLS, it must set
# X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Operations: logs are one JSON object a line, unless LOG_FORMAT says otherwise.
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")
