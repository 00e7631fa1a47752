import os

import pytest

from tests.conftest import load_demo_now
from tests.services import CHROMIUM, need_chromium

BROWSER_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def demo_live(transactional_db):
    load_demo_now()


@pytest.fixture
def browser(live_server):
    """Debian's Chromium, driven by Playwright (no browser download); `new_page()` opens a page in a context of
    its own (its own cookies: another person at another desk)."""
    need_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        contexts = []

        def new_page():
            context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
            context.set_default_timeout(15_000)
            contexts.append(context)
            return context.new_page()

        yield new_page
        for context in contexts:
            context.close()
        chromium.close()


@pytest.fixture
def page(browser):
    """A Chromium page (Debian's build, driven by Playwright; no browser download)."""
    return browser()
