"""
Settings for benchmarks: production's, with the bench-only URLs (a trivial
view to compare pages with), a count of queries per request and plain HTTP
on loopback.

The benchmark gives production what it insists on through the environment
(SECRET_KEY, ALLOWED_HOSTS, REDIS_URL, EMAIL_URL); CACHE_KEY_PREFIX keeps
each run's cache apart from earlier runs on the same Redis database.
"""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import CACHES, MIDDLEWARE, STORAGES, env

ROOT_URLCONF = "bench.urls"

# Queries per request (bench/pages.py): first, to see every request.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

# No TLS in front of the server on loopback.
SECURE_SSL_REDIRECT = False

# Static URLs without collectstatic's manifest, which a scratch run has not
# built; a manifest lookup is a dictionary lookup, nothing a page's cost shows.
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", default="")
