"""In a real Chromium: the Trưởng ban opens the dashboard from the menu and sees its charts drawn beside their tables,
in Vietnamese and then in English."""

import pytest

from people.demo import DEMO_PASSWORD
from tests.workflows.cases import nomination_at_check

pytestmark = pytest.mark.browser


def test_the_board_head_sees_the_charts_and_their_tables_in_both_languages(page, demo_live):
    from playwright.sync_api import expect

    nomination_at_check("QLDT", titles=("LDTT", "CSTDCS"))
    page.goto("/tai-khoan/login/")
    page.locator("input[name=username]").fill("truongban")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Xin chào")).to_be_visible()

    page.get_by_test_id("dashboard-link").click()
    expect(page.get_by_test_id("targets-table")).to_be_visible()
    expect(page.get_by_text("Số liệu tính đến").first).to_be_visible()
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(3)
    for testid in ("chart-progress", "chart-units", "chart-timeline"):
        chart = page.get_by_test_id(testid)
        expect(chart).to_be_visible()
        assert chart.bounding_box()["height"] > 40, testid  # drawn, not an empty box
        assert chart.get_attribute("aria-label")
    assert page.locator("[data-testid=chart-progress] rect").count() >= 20  # a bar and its track per stage and target
    row = page.get_by_test_id("target-LDTT_ALL")
    expect(row).to_contain_text("%")
    expect(page.get_by_test_id("units-table")).to_contain_text("Phòng Quản lý Đầu tư")

    # A figure leads to the people behind it.
    page.get_by_test_id("fig-LDTT_ALL-proposed").click()
    expect(page.get_by_test_id("drill-count")).to_have_text("2 cá nhân")
    page.get_by_role("link", name="Về bảng điều khiển").click()
    expect(page.get_by_test_id("targets-table")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_text("Figures as of").first).to_be_visible()
    expect(page.get_by_role("heading", name="Targets against reality, by stage")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(3)
    expect(page.get_by_test_id("targets-table")).to_contain_text("Registered")
    assert "Số liệu tính đến" not in page.content()
