"""In a Chromium set to English: the file button still reads in the page's language (not the browser's
"Choose File / No file chosen"), several files are picked at once, their names shown, and one save files them."""

import datetime
import os

import pytest
from django.contrib.auth import get_user_model

from tests.desk import PDF_BYTES
from tests.services import CHROMIUM, need_chromium
from workflows.casework import services
from workflows.models import Campaign, Case, CaseFile

from .conftest import BROWSER_ARGS
from .test_inbox import _log_in, _open_task

pytestmark = pytest.mark.browser


@pytest.fixture
def english_page(live_server):
    need_chromium()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[*BROWSER_ARGS, "--lang=en-US"])
        context = browser.new_context(locale="en-US", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


def test_an_english_browser_gets_our_file_button_and_saves_several_files_at_once(english_page, demo_live, settings):
    from playwright.sync_api import expect

    page = english_page
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)
    case = Case.objects.get(kind=Case.Kind.MIDYEAR, campaign__year=2024, unit__code="QLDT")
    draft = _open_task(case, "draft")
    assert draft.owner == get_user_model().objects.get(username="qldt.thidua")

    _log_in(page, "qldt.thidua")
    page.goto(f"/cases/ho-so/{case.pk}/buoc/{draft.pk}/")
    choice = page.get_by_test_id("attachments").get_by_test_id("file-choice").first
    expect(choice).to_contain_text("Chọn tệp (một hoặc nhiều)")
    expect(choice).to_contain_text("Chưa chọn tệp nào")

    page.get_by_test_id("attachment-row").first.locator("select").select_option("bao_cao")
    choice.locator("input[type=file]").set_input_files(
        [
            {"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
            {"name": "phu-luc.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
        ]
    )
    expect(choice.get_by_test_id("file-names")).to_have_text("bao-cao.pdf, phu-luc.pdf")

    # A second row, of another type, added on the page.
    page.get_by_test_id("add-attachment-row").click()
    rows = page.get_by_test_id("attachment-row")
    expect(rows).to_have_count(2)
    rows.nth(1).locator("select").select_option("khac")
    rows.nth(1).locator("input[type=file]").set_input_files(
        {"name": "cong-van.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_test_id("save").click()
    page.wait_for_url(f"**/cases/ho-so/{case.pk}/buoc/{draft.pk}/")
    expect(page.get_by_test_id("files")).to_contain_text("phu-luc.pdf")
    stored = sorted(CaseFile.objects.filter(case=case).values_list("name", "doc_type"))
    assert stored == [("bao-cao.pdf", "bao_cao"), ("cong-van.pdf", "khac"), ("phu-luc.pdf", "bao_cao")]
