"""In a real Chromium, two people at two desks of one installation: a clerk of the Sở Khoa học và Công nghệ and
a clerk of the Board. Each reads their own agency's name in the header and their own unit's work in their inbox;
the other agency's case, opened by its address, is the not-found page, in Vietnamese and in English."""

import datetime

import pytest

from people.demo import DEMO_PASSWORD, SECOND_AGENCY
from people.models import Agency
from people.tenancy import agency_scope
from tests.conftest import board_agency
from workflows.casework import services
from workflows.models import Campaign, Case

pytestmark = pytest.mark.browser


def _registration_open(agency, unit_code: str) -> Case:
    """The 2024 registration open for every unit of the agency (services, committed: the live server reads it);
    returns the unit's case."""
    with agency_scope(agency):
        services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
        return Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code=unit_code)


def _log_in(page, username):
    from playwright.sync_api import expect

    page.goto("/tai-khoan/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Xin chào")).to_be_visible()


def test_a_so_clerk_and_a_board_clerk_side_by_side_see_their_own_agency_and_not_the_others_case(
    browser, demo_live, settings
):
    from playwright.sync_api import expect

    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    second = Agency.objects.get(code=SECOND_AGENCY["code"])
    so_case = _registration_open(second, "QLKH")
    board_case = _registration_open(board_agency(), "QLDT")
    so_desk, board_desk = browser(), browser()
    _log_in(so_desk, "khcn.qlkh.thidua")
    _log_in(board_desk, "qldt.thidua")

    # Each header names the person's own agency.
    expect(so_desk.get_by_test_id("agency-name")).to_have_text("Sở KH&CN")
    expect(board_desk.get_by_test_id("agency-name")).to_have_text("BQL KKT")

    # Each inbox holds the person's own unit's registration, nothing of the other agency.
    for desk, own, other in (
        (so_desk, "Phòng Quản lý Khoa học", "Phòng Quản lý Đầu tư"),
        (board_desk, "Phòng Quản lý Đầu tư", "Phòng Quản lý Khoa học"),
    ):
        desk.goto("/cases/")
        inbox = desk.locator("main")
        expect(inbox).to_contain_text(own)
        expect(inbox).to_contain_text("Đăng ký thi đua")
        assert other not in inbox.inner_text()

    # Each opens their own case; the other agency's, by its address, does not exist for them.
    so_desk.goto(f"/cases/ho-so/{so_case.pk}/")
    expect(so_desk.locator("main")).to_contain_text("Phòng Quản lý Khoa học")
    response = so_desk.goto(f"/cases/ho-so/{board_case.pk}/")
    assert response.status == 404
    expect(so_desk.get_by_test_id("error-404")).to_contain_text("Không tìm thấy trang")
    assert "Phòng Quản lý Đầu tư" not in so_desk.inner_text("body")

    # The Board's clerk, in English, meets the Sở's case the same way.
    board_desk.get_by_role("button", name="English").click()
    expect(board_desk.locator("html")).to_have_attribute("lang", "en")
    expect(board_desk.get_by_test_id("agency-name")).to_have_text("BQL KKT")
    response = board_desk.goto(f"/cases/ho-so/{so_case.pk}/")
    assert response.status == 404
    expect(board_desk.get_by_test_id("error-404")).to_contain_text("Page not found")
    assert "Phòng Quản lý Khoa học" not in board_desk.inner_text("body")
    # …and the Sở's clerk still reads Vietnamese: the language is each person's own.
    so_desk.reload()
    expect(so_desk.get_by_test_id("error-404")).to_contain_text("Không tìm thấy trang")
