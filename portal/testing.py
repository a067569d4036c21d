"""
What the test suite's conftest.py uses to run faster.

Test databases are cloned from one migrated template. Migrating an empty
database takes about 45 seconds, and `make test` made one for each
pytest-xdist worker of each pytest run. The first process to need one now
migrates a template under a lock; every test database is then a copy of it
(PostgreSQL's CREATE DATABASE ... TEMPLATE, SQLite's backup into memory or a
copied file), which takes about a second. The template is kept (var/ for
SQLite, test_<name>_template on PostgreSQL) while nothing that shapes it
changes: the apps' code and migrations, the installed packages.
"""

import fcntl
import hashlib
import shutil
import sqlite3
import sys
from contextlib import closing, contextmanager
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.backends.base.creation import BaseDatabaseCreation
from django.db.models.signals import post_delete, post_save

from modelsearch import index
from modelsearch.signal_handlers import (
    post_delete_signal_handler,
    post_save_signal_handler,
)

TEMPLATE_DIR = settings.BASE_DIR / "var" / "test-databases"

create_test_db = BaseDatabaseCreation.create_test_db


def template_digest(vendor: str) -> str:
    """What the migrated template depends on: a change makes a new one."""
    digest = hashlib.sha256(vendor.encode())
    digest.update(repr(settings.INSTALLED_APPS).encode())
    digest.update(repr(settings.MIGRATION_MODULES).encode())
    digest.update(settings.LANGUAGE_CODE.encode())
    for distribution in sorted(
        f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()
    ):
        digest.update(distribution.encode())
    # The project's apps' code, whose data migrations and post_migrate
    # handlers may use it (the packages' versions stand for theirs).
    for app in apps.get_app_configs():
        app_path = Path(app.path)
        if not app_path.is_relative_to(settings.BASE_DIR) or app_path.is_relative_to(
            sys.prefix
        ):
            continue
        for path in sorted(app_path.rglob("*.py")):
            if "tests" not in path.relative_to(app_path).parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def create_test_db_from_template(
    self: BaseDatabaseCreation,
    verbosity=1,
    autoclobber=False,
    serialize=True,
    keepdb=False,
):
    """`create_test_db`, copying a migrated template instead of migrating."""
    vendor = self.connection.vendor
    # Kept databases (--reuse-db) and ones made without migrations
    # (--nomigrations) are Django's own business.
    migrates = self.connection.settings_dict["TEST"].get("MIGRATE", True) and (
        isinstance(settings.MIGRATION_MODULES, dict)
    )
    if keepdb or not migrates or vendor not in {"postgresql", "sqlite"}:
        return create_test_db(self, verbosity, autoclobber, serialize, keepdb)
    test_name = self._get_test_db_name()
    digest = template_digest(vendor)
    if vendor == "postgresql":
        clone_postgresql_template(self, test_name, digest, verbosity)
    else:
        clone_sqlite_template(self, test_name, digest, verbosity)
    if serialize:
        self.connection._test_serialized_contents = self.serialize_db_to_string()
    self.connection.ensure_connection()
    return test_name


def migrate_template(self: BaseDatabaseCreation, name: str, verbosity: int) -> None:
    """Django's own creation and migration, into the template `name`."""
    test_settings = self.connection.settings_dict["TEST"]
    test_name = test_settings.get("NAME")
    test_settings["NAME"] = name
    try:
        create_test_db(self, verbosity, autoclobber=True, serialize=False)
    finally:
        test_settings["NAME"] = test_name
    self.connection.close()


def use_database(self: BaseDatabaseCreation, name: str) -> None:
    self.connection.close()
    settings.DATABASES[self.connection.alias]["NAME"] = name
    self.connection.settings_dict["NAME"] = name


def clone_postgresql_template(self, test_name: str, digest: str, verbosity: int):
    template = f"test_{self.connection.settings_dict['NAME']}_template"[:63]
    quote = self.connection.ops.quote_name
    with self._nodb_cursor() as cursor:
        # One process at a time migrates or copies, across pytest runs.
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                " WHERE datname = %s",
                [template],
            )
            found = cursor.fetchone()
            if found is None or found[0] != digest:
                migrate_template(self, template, verbosity)
                cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS %s", [digest])
            elif verbosity >= 1:
                self.log(f"Copying the test database from {template}...")
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            cursor.execute(
                f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}"
            )
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
    use_database(self, test_name)


@contextmanager
def template_lock():
    TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
    with (TEMPLATE_DIR / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def clone_sqlite_template(self, test_name: str, digest: str, verbosity: int):
    template = TEMPLATE_DIR / f"sqlite-{digest}.sqlite3"
    with template_lock():
        if not template.exists():
            for stale in TEMPLATE_DIR.glob("sqlite-*"):
                stale.unlink()
            # Migrated under another name: a run stopped halfway leaves no
            # template behind.
            partial = template.with_suffix(".partial")
            migrate_template(self, str(partial), verbosity)
            partial.rename(template)
        elif verbosity >= 1:
            self.log(f"Copying the test database from {template}...")
        if self.is_in_memory_db(test_name):
            use_database(self, test_name)
            # The connection keeps the in-memory database alive.
            self.connection.connect()
            with closing(sqlite3.connect(template)) as source:
                source.backup(self.connection.connection)
        else:
            shutil.copyfile(template, test_name)
            use_database(self, test_name)


def connect_search_index_updates(connect: bool) -> None:
    """Connect, or disconnect, the search index's updates on save and delete."""
    for model in index.get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        for signal, handler in (
            (post_save, post_save_signal_handler),
            (post_delete, post_delete_signal_handler),
        ):
            if connect:
                signal.connect(handler, sender=model)
            else:
                signal.disconnect(handler, sender=model)
