"""In a real Chromium: the Văn phòng officer logs in and sees the 2024 campaign and its next milestone."""

import datetime

import pytest

pytestmark = pytest.mark.browser


def test_office_officer_logs_in_and_sees_the_2024_campaign_and_next_milestone(page, demo_live, settings):
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    page.goto("/")
    assert page.title().startswith("Đăng nhập")
    # Buttons read as written (sentence case), on the login screen as on every other page.
    for name in ("Đăng nhập", "English"):
        button = page.get_by_role("button", name=name)
        assert button.evaluate("e => getComputedStyle(e).textTransform") == "none", name
    page.locator("input[name=username]").fill("vanphong")
    page.locator("input[name=password]").fill("ThiDua@2024")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Xin chào").wait_for()
    assert page.url.endswith("/home/")
    assert "Xin chào, Phạm Thu Trang" in page.inner_text("body")
    next_card = page.get_by_test_id("next-milestone")
    assert "28/06/2024" in next_card.inner_text()
    assert "còn 8 ngày" in next_card.inner_text()

    page.get_by_role("link", name="Xem chương trình thi đua năm 2024").click()
    page.wait_for_url("**/campaign/2024/")
    body = page.inner_text("body")
    assert "Phong trào thi đua năm 2024" in body
    assert "Đoàn kết, đổi mới, sáng tạo, linh hoạt" in body
    assert "Mốc tiếp theo: 28/06/2024" in page.get_by_test_id("milestones").inner_text()
    # The Material frame's menu is in Vietnamese too.
    assert "Phong trào thi đua" in page.inner_text("aside")
    page.screenshot(path=str(settings.VAR_DIR / "browser-campaign.png"), full_page=True)


def test_a_wrong_password_shows_the_vietnamese_message_in_the_browser(page, demo_live):
    page.goto("/tai-khoan/login/")
    page.locator("input[name=username]").fill("vanphong")
    page.locator("input[name=password]").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "phân biệt chữ hoa và chữ thường" in page.get_by_role("alert").inner_text()
