"""Settings for the test suite: fast, isolated, no outside services."""

from .base import *  # noqa: F403
from .base import LOCAL_STORAGES, PUBLISHED_CACHE

SECRET_KEY = "django-insecure-lectern-test-suite-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = LOCAL_STORAGES
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "published": PUBLISHED_CACHE,
}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the finders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Page cache off, but in the tests that turn it on (portal/tests/test_page_cache.py).
PAGE_CACHE_SECONDS = 0
