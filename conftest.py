from django.core.cache import cache
from django.db import connections

from wagtail.models import Page, Site

import pytest
from asgiref.sync import sync_to_async

from home.factories import HomePageFactory
from home.models import HomePage


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits and throttles live in the cache; each test starts afresh.
    cache.clear()


@pytest.fixture
async def close_thread_connections():
    """
    For async tests: close the database connection that sync_to_async's
    thread opened, so that the test database can be dropped at the end.
    """
    yield
    await sync_to_async(connections.close_all)()


@pytest.fixture
def home_page(db) -> HomePage:
    """A home page as the root of the default site, as `seed_demo` leaves it."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="lectern")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
