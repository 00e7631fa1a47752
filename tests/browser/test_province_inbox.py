"""In a real Chromium: the province's officer finds a dossier the Board sent in the queue, with the unit and the
agency it came from, claims it and reads it; the Board's own officer cannot open it."""

import datetime
import re

import pytest

from people.tenancy import agency_unscoped
from tests.workflows.cases import do, nomination_at_council, user
from workflows import province
from workflows.casework import services
from workflows.models import Case

from .test_inbox import _log_in

pytestmark = pytest.mark.browser


def _sent_to_the_province() -> Case:
    """QLDT's Bằng khen tỉnh, past the Board's council and sent by its Văn phòng (services, committed: the live
    server's thread reads the same database)."""
    case = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    do(
        case,
        "send_upward",
        "vanphong",
        apply=lambda case, task: province.province_case_send(case=case, user=user("vanphong")),
    )
    with agency_unscoped():
        return Case.objects.get(kind=Case.Kind.PROVINCE_NOMINATION, origin=case)


def test_the_province_officer_claims_the_sent_dossier_from_the_queue(page, demo_live, settings):
    from playwright.sync_api import expect

    settings.CLOCK_TODAY = datetime.date(2024, 12, 10)
    province_case = _sent_to_the_province()
    with agency_unscoped():
        check = province_case.task_set.get(flow_task_type="HUMAN", status="NEW")

    _log_in(page, "tinh.chuyenvien")
    page.goto("/cases/")
    page.locator("aside").get_by_role("link", name="Hàng chờ nhận việc").click()
    expect(page).to_have_url(re.compile(r"/cases/hang-cho/$"))
    row = page.locator(f'[data-testid="task-row"][data-task="{check.pk}"]')
    expect(row).to_contain_text("Ban TĐKT tỉnh kiểm tra hồ sơ")
    expect(row).to_contain_text("Phòng Quản lý Đầu tư (BQL KKT)")
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    row.get_by_test_id("claim").click()
    page.wait_for_url(f"**/cases/ho-so/{province_case.pk}/buoc/{check.pk}/")
    expect(page.get_by_role("heading", name="Ban TĐKT tỉnh kiểm tra hồ sơ", level=2)).to_be_visible()
    expect(page.get_by_test_id("sending-agency")).to_contain_text("Ban Quản lý Khu kinh tế tỉnh")
    expect(page.get_by_role("radio", name="Trả lại")).to_be_visible()

    # The Board's officer, who sent it, cannot open the province's case.
    _log_in(page, "vanphong")
    response = page.goto(f"/cases/ho-so/{province_case.pk}/")
    assert response.status == 404
