"""Settings for a developer's machine: debug on, a throwaway key, local hosts."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env(
    "SECRET_KEY", default="django-insecure-lectern-development-only-do-not-deploy"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# Page cache off: templates and code change under a developer's hands.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
