"""In a real Chromium: a unit head returns the mid-year report with a reason, and the clerk who gets it back
reads, at the top of the step's page, who returned it, when, and why — every round, newest first."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from workflows.casework import services
from workflows.models import Campaign, Case, CaseEvent

from .test_inbox import _log_in, _open_task

pytestmark = pytest.mark.browser


def _send(case: Case, step: str, username: str, *, decision: str | None = None, reason: str = ""):
    """Complete the case's step as `username` would (services, committed for the live server)."""
    user = get_user_model().objects.get(username=username)
    task = _open_task(case, step)
    services.task_claim(task=task, user=user)
    task.refresh_from_db()

    def write(case, task):
        case.report_text = "Sáu tháng đầu năm, phòng hoàn thành 95% kế hoạch."
        case.save(update_fields=["report_text"])

    action = CaseEvent.Action.RETURNED if decision == "return" else CaseEvent.Action.SUBMITTED
    services.step_complete(
        task=task,
        user=user,
        apply=write,
        outcome=services.Outcome(action=action, decision=decision, comment=reason),
    )


def test_a_head_returns_the_midyear_report_with_a_reason_and_the_clerk_reads_it_on_the_task_page(
    page, demo_live, settings
):
    from playwright.sync_api import expect

    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)
    case = Case.objects.get(kind=Case.Kind.MIDYEAR, campaign__year=2024, unit__code="QLDT")
    _send(case, "draft", "qldt.thidua")
    sign = _open_task(case, "sign")
    head = get_user_model().objects.get(username="qldt.truongphong")
    assert sign.owner == head

    # The head returns it from his task page, with a reason.
    _log_in(page, "qldt.truongphong")
    page.goto(f"/cases/ho-so/{case.pk}/buoc/{sign.pk}/")
    expect(page.get_by_test_id("returns")).to_have_count(0)
    page.get_by_role("radio", name="Trả lại").check()
    page.get_by_label("Lý do trả lại").fill("Thiếu số liệu về cải cách hành chính quý II.")
    page.get_by_test_id("submit").click()
    page.wait_for_url("**/cases/")
    returned = case.events.get(action=CaseEvent.Action.RETURNED)

    # The clerk has it back in the inbox; the task page opens with who, when and why.
    draft = _open_task(case, "draft")
    assert draft.owner.username == "qldt.thidua"
    _log_in(page, "qldt.thidua")
    page.goto("/cases/")
    page.locator(f'[data-testid="task-row"][data-task="{draft.pk}"]').get_by_role("link", name="Xử lý").click()
    page.wait_for_url(f"**/cases/ho-so/{case.pk}/buoc/{draft.pk}/")
    notes = page.get_by_test_id("return")
    expect(notes).to_have_count(1)
    expect(notes).to_contain_text(head.get_full_name())
    expect(notes).to_contain_text(timezone.localtime(returned.created).strftime("%d/%m/%Y %H:%M"))
    expect(notes).to_contain_text("Trưởng đơn vị ký duyệt")
    expect(notes).to_contain_text("Thiếu số liệu về cải cách hành chính quý II.")
    box, form = page.get_by_test_id("returns").bounding_box(), page.get_by_test_id("step-form").bounding_box()
    assert box["y"] < form["y"], "the reason comes before the form, at the top of the page"

    # A second round: both reasons, the newest first.
    _send(case, "draft", "qldt.thidua")
    _send(case, "sign", "qldt.truongphong", decision="return", reason="Cần chữ ký số của trưởng phòng.")
    draft = _open_task(case, "draft")
    page.goto(f"/cases/ho-so/{case.pk}/buoc/{draft.pk}/")
    expect(notes).to_have_count(2)
    expect(notes.nth(0)).to_contain_text("Cần chữ ký số của trưởng phòng.")
    expect(notes.nth(1)).to_contain_text("Thiếu số liệu về cải cách hành chính quý II.")
