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
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

E2E_DIR = Path(__file__).parent


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


@pytest.fixture
def page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
