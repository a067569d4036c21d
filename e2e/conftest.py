"""
Browser journeys: Playwright drives the machine's Chromium against Django's
live test server.

They run in a pytest process of their own (`make test` does so). Playwright's
sync API keeps an event loop running in the main thread, which makes Django
keep its database connections per async context: the test database has to be
set up after Playwright starts, so that it lives in the same context as the
tests that use it.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from e2e.accessibility import AccessibilityCheck

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

E2E_DIR = Path(__file__).parent

ACCESSIBILITY = pytest.StashKey[AccessibilityCheck]()
CONTEXTS = pytest.StashKey[list]()
CSP_VIOLATIONS = pytest.StashKey[list]()


def pytest_collection_modifyitems(config, items):
    if any(not item.path.is_relative_to(E2E_DIR) for item in items):
        raise pytest.UsageError("Run the browser tests on their own: pytest e2e")
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def browser() -> Browser:
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # The tests' own database work stays synchronous while Playwright's loop
    # runs, so Django's guard against async misuse is lifted for this process.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def accessibility_check(request, browser: Browser, monkeypatch) -> AccessibilityCheck:
    """
    Every browser context a journey opens has its public pages checked with
    axe, and its console watched for what the Content Security Policy refused.
    """
    check = AccessibilityCheck()
    contexts = []
    csp_violations = []
    new_context = browser.new_context

    def record_csp_violation(message: ConsoleMessage) -> None:
        # Chromium's own console line for each script, style, frame or
        # connection the policy refused (report-only ones included).
        if "Content Security Policy" in message.text:
            csp_violations.append(
                f"{message.page and message.page.url}: {message.text}"
            )

    def new_watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        check.watch(context)
        context.on("console", record_csp_violation)
        contexts.append(context)
        return context

    monkeypatch.setattr(browser, "new_context", new_watched_context)
    request.node.stash[ACCESSIBILITY] = check
    request.node.stash[CONTEXTS] = contexts
    request.node.stash[CSP_VIOLATIONS] = csp_violations
    return check


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A journey that passed fails on the violations its pages had."""
    try:
        yield
        check = item.stash.get(ACCESSIBILITY, None)
        if check is not None:
            check.finish()
            if check.problems:
                pytest.fail(check.report(), pytrace=False)
        if csp_violations := item.stash.get(CSP_VIOLATIONS, []):
            pytest.fail(
                "Content Security Policy violations:\n" + "\n".join(csp_violations),
                pytrace=False,
            )
    finally:
        # A journey that failed otherwise shows them too: they may be why.
        if csp_violations := item.stash.get(CSP_VIOLATIONS, []):
            item.add_report_section("call", "csp", "\n".join(csp_violations))
        # Windows the journey left open must not reach the server (an
        # editor's autosave, its editing session's ping) while the test's
        # database is emptied: on PostgreSQL the two deadlock.
        for context in item.stash.get(CONTEXTS, []):
            context.close()
        wait_for_live_server_requests()


def wait_for_live_server_requests(timeout=15):
    """
    Let the live server finish the requests it is still answering: closing a
    window does not stop a request already sent, and one that writes (an
    autosave indexing its page) deadlocks with the emptying of the database.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        # socketserver's ThreadingMixIn answers each connection in a thread
        # named after its target.
        thread.name.endswith("(process_request_thread)")
        for thread in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture
def page(browser: Browser, live_server, accessibility_check) -> Page:
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    # Assertions wait as long as actions do: on a busy CI machine an autosave
    # or a socket round trip can take longer than Playwright's 5 seconds.
    expect.set_options(timeout=10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """
    The ASGI server of the chat journeys runs in a process of its own, which
    must open the same test database: with SQLite, a file rather than memory.
    On PostgreSQL, the journeys' databases have names of their own, so that
    the journeys can run beside the unit tests on one server (`make test`).
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test["NAME"] = str(Path(tempfile.mkdtemp()) / "e2e.sqlite3")
    else:
        test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_journeys"


@pytest.fixture
def asgi_server(transactional_db, tmp_path) -> str:
    """
    Daphne serving HTTP and websockets from the test database, as in
    development; `live_server` (WSGI) has no websockets.
    """
    from django.db import connection

    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database_url = f"sqlite:///{database['NAME']}"
    else:
        credentials = quote(database["USER"] or "")
        if database["PASSWORD"]:
            credentials += ":" + quote(database["PASSWORD"])
        database_url = (
            f"postgres://{credentials}@{database['HOST'] or 'localhost'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DJANGO_READ_DOT_ENV": "false",
        "DATABASE_URL": database_url,
    }
    log = (tmp_path / "daphne.log").open("w+")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "portal.asgi:application"],
        env=environment,
        cwd=E2E_DIR.parent,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.seek(0)
                raise RuntimeError(log.read()) from None
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    # Browser pages may still hold sockets open, which Daphne waits for.
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log.close()


@pytest.fixture(scope="module", autouse=True)
def _search_index():
    """The journeys keep the search index up to date, as the site does."""
