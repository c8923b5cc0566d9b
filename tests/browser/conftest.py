"""Browser tests: headless Chromium (Debian's) driven by Playwright against a live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from ..conftest import _missing
from ..demo_data import copy_demo

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# One browser for the package's tests, closed after them: Playwright's event loop keeps
# running in the thread while it is open, and a test of another package run after these in the
# same process (pytest-xdist) may call an async view through `async_to_sync`, which refuses to
# run beside a running loop.
@pytest.fixture(scope="package")
def browser():
    if not shutil.which(CHROMIUM):
        _missing(f"needs Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A page on a 390 px wide phone screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server, transactional_db):
    copy_demo()
    return live_server.url


@pytest.fixture
def screenshot(request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
