"""In a real Chromium, the Văn phòng records a unit's quality ratings and a person's inspection, first in
Vietnamese, then in English: the menu, the sheet, the quota, the link to the person and the record's forms."""

import datetime

import pytest

from people.models import AnnualRating, Hold, OrgUnit, Staff

from .test_inbox import _log_in

pytestmark = pytest.mark.browser


def test_the_office_records_a_rating_and_a_hold_in_vietnamese_and_in_english(page, demo_live, settings):
    from playwright.sync_api import expect

    settings.CLOCK_TODAY = datetime.date(2024, 11, 20)
    qldt = OrgUnit.objects.get(code="QLDT")
    ha, khoa = Staff.objects.get(staff_code="QLDT002"), Staff.objects.get(staff_code="QLDT004")

    _log_in(page, "vanphong")
    page.goto("/cases/")
    page.get_by_role("link", name="Xếp loại chất lượng").click()
    page.wait_for_url("**/cases/xep-loai/")
    page.get_by_test_id("unit-select").select_option(str(qldt.pk))
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", name="Xếp loại chất lượng — Phòng Quản lý Đầu tư — năm 2024")).to_be_visible()
    rating = page.locator(f'select[name="rating_s{ha.pk}"]')
    expect(rating).to_have_value("httnv")
    rating.select_option("htnv")
    page.locator(f'input[name="group_s{ha.pk}"]').fill("Lãnh đạo phòng")
    page.get_by_test_id("save").click()
    expect(
        page.get_by_text("Đã lưu xếp loại năm 2024 của Phòng Quản lý Đầu tư: 0 mới, 1 sửa, 0 bỏ xếp loại.")
    ).to_be_visible()
    # The demo rates two of QLĐT's people HTXSNV beside two HTTNV: the quota is exceeded and said so.
    expect(page.get_by_test_id("quota")).to_contain_text("quá 20%")
    record = AnnualRating.objects.get(staff=ha, year=2024)
    assert (record.rating, record.duty_group, record.recorded_by.username) == ("htnv", "Lãnh đạo phòng", "vanphong")

    page.get_by_test_id(f"line-{khoa.staff_code}").get_by_role("link", name=khoa.full_name).click()
    page.wait_for_url(f"**/cases/can-bo/{khoa.pk}/")
    expect(page.get_by_role("heading", name=f"Hồ sơ cá nhân — {khoa.full_name}")).to_be_visible()
    page.get_by_test_id("open-hold").click()
    add = page.get_by_test_id("add-hold")
    add.locator('select[name="hold-kind"]').select_option("inspection")
    add.locator('input[name="hold-start"]').fill("01/03/2024")
    add.locator('input[name="hold-note"]').fill("Đoàn thanh tra số 5")
    add.get_by_role("button", name="Ghi").click()
    expect(page.get_by_text("Đã ghi thời gian xem xét, thanh tra, khiếu nại.")).to_be_visible()
    hold = Hold.objects.get(staff=khoa)
    row = page.get_by_test_id(f"hold-{hold.pk}")
    expect(row).to_contain_text("Đang thanh tra, kiểm tra")
    expect(row).to_contain_text("chưa kết thúc")

    # In English: the same pages, the same work.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name=f"Personal records — {khoa.full_name}")).to_be_visible()
    row = page.get_by_test_id(f"hold-{hold.pk}")
    expect(row).to_contain_text("Under inspection")
    row.locator(f'input[name="end-{hold.pk}-end"]').fill("15/02/2024")
    row.get_by_role("button", name="Record the conclusion").click()
    expect(page.get_by_test_id(f"hold-{hold.pk}")).to_contain_text("must be on or after the day it began (01/03/2024)")
    page.get_by_test_id(f"hold-{hold.pk}").locator(f'input[name="end-{hold.pk}-end"]').fill("15/05/2024")
    page.get_by_test_id(f"hold-{hold.pk}").get_by_role("button", name="Record the conclusion").click()
    expect(page.get_by_text("Recorded “Under inspection” as concluded on 15/05/2024.")).to_be_visible()
    hold.refresh_from_db()
    assert hold.end == datetime.date(2024, 5, 15)

    page.get_by_role("link", name="The unit's quality ratings").click()
    expect(page.get_by_role("heading", name="Quality ratings — Phòng Quản lý Đầu tư — 2024")).to_be_visible()
    page.locator(f'select[name="rating_s{khoa.pk}"]').select_option("htxsnv")
    page.get_by_role("button", name="Save the ratings").click()
    expect(
        page.get_by_text("Saved the 2024 ratings of Phòng Quản lý Đầu tư: 0 new, 1 changed, 0 cleared.")
    ).to_be_visible()
    expect(page.get_by_test_id("quota")).to_contain_text("more than 20%")
    assert AnnualRating.objects.get(staff=khoa, year=2024).rating == "htxsnv"
