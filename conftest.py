import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.cache import cache, caches
from django.db import connection, connections
from django.db.backends.base.creation import BaseDatabaseCreation
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

import pytest
from asgiref.sync import sync_to_async

from courses.factories import CourseIndexPageFactory
from courses.published import PUBLISHED_CACHE, forget_generation
from courses.services import course_index_setup
from home.factories import home_page_create
from home.models import HomePage
from members.api_base import RefreshToken
from portal.testing import connect_search_index_updates, create_test_db_from_template


@pytest.fixture(scope="session", autouse=True)
def _test_databases_from_a_template():
    """Test databases are copies of one migrated template (portal/testing.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            BaseDatabaseCreation, "create_test_db", create_test_db_from_template
        )
        yield


@pytest.fixture(scope="module", autouse=True)
def _search_index(request):
    """
    Saving a page or a media item updates the search index, at once in the
    tests: a sixth of the unit tests' time. Modules marked `search_index`
    (those that search) keep the updates, as search/tests and e2e do; the
    others do without.
    """
    if request.node.get_closest_marker("search_index"):
        yield
        return
    connect_search_index_updates(False)
    yield
    connect_search_index_updates(True)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits and throttles live in the cache; each test starts afresh,
    # without what the process kept of the published site before.
    cache.clear()
    caches[PUBLISHED_CACHE].clear()
    forget_generation()


@pytest.fixture
async def close_thread_connections():
    """
    For async tests: close the database connection that sync_to_async's
    thread opened, so that the test database can be dropped at the end.
    """
    yield
    await sync_to_async(connections.close_all)()


def access_token(user) -> str:
    """A fresh JWT access token for `user`, as POST /api/v1/auth/token gives."""
    return str(RefreshToken.for_user(user).access_token)


@pytest.fixture
def api_client(db):
    """
    `api_client(user)`: a test client that sends `user`'s access token with
    every request (`api_client()`: anonymous). JSON bodies:
    `client.post(url, data, content_type="application/json")`.
    """

    def client_for(user=None) -> Client:
        if user is None:
            return Client()
        return Client(headers={"Authorization": f"Bearer {access_token(user)}"})

    return client_for


@pytest.fixture
def course_index(home_page):
    """The site's catalog, set up as the editor's first save leaves it."""
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    return index


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what waits for the transaction's commit, at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def home_page(db) -> HomePage:
    """A home page as the root of the default site, as `seed_demo` leaves it."""
    return home_page_create()


class PurgeRecorder(BaseHTTPRequestHandler):
    """A caching proxy on loopback that records the PURGE requests it gets."""

    purged: list[str]

    def do_PURGE(self) -> None:  # noqa: N802 (the HTTP method's name)
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def migrate():
    """
    Moves the test database to the given migrations (`migrate(targets)`)
    and returns the models as they were there; afterwards the database is
    migrated to the latest state again. Migrating rebuilds tables: tests
    that use it mark django_db(transaction=True, serialized_rollback=True).
    """

    def migrate_to(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate_to
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def frontend_cache(settings):
    """A caching proxy for Wagtail's front-end cache purges; yields the paths purged."""
    PurgeRecorder.purged = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


# Fixtures that open the test database; a test that uses none of them (the
# closure of its fixtures counts) cannot touch it.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark the tests that touch the database (before `-m` selects by marks)."""
    for item in items:
        module = item.getparent(pytest.Module)
        if item.get_closest_marker("search_index") and not (
            module and module.get_closest_marker("search_index")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: mark its whole module search_index "
                "(the module's saves keep the index up to date, or none do)."
            )
        if item.get_closest_marker("django_db") or not DATABASE_FIXTURES.isdisjoint(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.database)


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
