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
def page(live_server):
    """A Chromium page (Debian's build, driven by Playwright; no browser download)."""
    need_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()
