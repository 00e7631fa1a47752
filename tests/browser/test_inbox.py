"""In a real Chromium: the unit head finds the signing step in his inbox and approves it; the Văn phòng's
review, which any officer may take, is claimed from the queue."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from people.demo import DEMO_PASSWORD
from workflows.casework import services
from workflows.models import Campaign, Case

pytestmark = pytest.mark.browser


def _open_task(case: Case, step: str) -> Task:
    """The case's human task at `step` that is waiting (in a queue or an inbox), or a failure naming what there is."""
    tasks = list(
        Task.objects.filter(process_id=case.pk, status__in=[STATUS.NEW, STATUS.ASSIGNED], flow_task_type="HUMAN")
    )
    found = [t for t in tasks if t.flow_task.name == step]
    assert len(found) == 1, f"bước {step!r} đang chờ: {[t.flow_task.name for t in tasks]}"
    return found[0]


def _qldt_case_at_the_heads_signing_step() -> Case:
    """Open the 2024 registration and send QLDT's draft on, as its clerk would (services, committed:
    the live server's thread reads the same database)."""
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
    case = Case.objects.get(kind=Case.Kind.REGISTRATION, campaign__year=2024, unit__code="QLDT")
    clerk = get_user_model().objects.get(username="qldt.thidua")
    draft = _open_task(case, "draft")
    services.task_claim(task=draft, user=clerk)
    draft.refresh_from_db()
    services.step_complete(
        task=draft,
        user=clerk,
        apply=lambda case, task: None,
        outcome=services.Outcome(action="submitted"),
    )
    return case


def _log_in(page, username):
    from playwright.sync_api import expect

    page.context.clear_cookies()
    page.goto("/tai-khoan/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Xin chào")).to_be_visible()


def test_the_unit_head_finds_the_signing_step_in_his_inbox_and_the_office_claims_the_review(page, demo_live, settings):
    from playwright.sync_api import expect

    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    case = _qldt_case_at_the_heads_signing_step()
    sign = _open_task(case, "sign")
    assert sign.owner.username == "qldt.truongphong", "the unit's one head has it, no claiming"

    _log_in(page, "qldt.truongphong")
    page.goto("/cases/")
    expect(page.get_by_role("heading", name="Việc của tôi", level=2)).to_be_visible()
    row = page.locator(f'[data-testid="task-row"][data-task="{sign.pk}"]')
    expect(row).to_contain_text("Trưởng đơn vị ký duyệt")
    expect(row).to_contain_text("Phòng Quản lý Đầu tư")
    row.get_by_role("link", name="Xử lý").click()
    page.wait_for_url(f"**/cases/ho-so/{case.pk}/buoc/{sign.pk}/")
    expect(page.get_by_role("heading", name="Trưởng đơn vị ký duyệt", level=2)).to_be_visible()
    # Buttons read in sentence case, as written, not in Material's capitals.
    assert page.get_by_test_id("submit").evaluate("e => getComputedStyle(e).textTransform") == "none"
    agree = page.get_by_role("radio", name="Đồng ý")
    expect(agree).to_have_attribute("name", "d-decision")
    expect(agree).to_have_attribute("value", "approve")
    agree.check()
    page.get_by_test_id("submit").click()

    # Back in the inbox, with the step done and no longer listed; one message says so.
    page.wait_for_url(re.compile(r"/cases/$"))
    expect(page.locator(".tdkt-message--success")).to_contain_text("Đã xong bước “Trưởng đơn vị ký duyệt”.")
    expect(page.get_by_text("Đã xong bước “Trưởng đơn vị ký duyệt”.")).to_have_count(1)
    expect(page.get_by_test_id("task-table")).to_be_visible()
    expect(page.locator(f'[data-testid="task-row"][data-task="{sign.pk}"]')).to_have_count(0)

    sign.refresh_from_db()
    assert sign.status == STATUS.DONE
    assert sign.data.get("decision") == "approve"
    review = _open_task(case, "review")
    assert review.owner_id is None, "the Văn phòng's review waits in its queue"
    users = get_user_model().objects
    assert review.flow_task.can_assign(users.get(username="vanphong"), review)
    assert not review.flow_task.can_assign(users.get(username="qldt.truongphong"), review)

    # An officer claims it from the queue, from the menu.
    _log_in(page, "vanphong2")
    page.goto("/cases/")
    page.locator("aside").get_by_role("link", name="Hàng chờ nhận việc").click()
    expect(page).to_have_url(re.compile(r"/cases/hang-cho/$"))
    expect(page.get_by_role("heading", name="Hàng chờ nhận việc", level=2)).to_be_visible()
    row = page.locator(f'[data-testid="task-row"][data-task="{review.pk}"]')
    expect(row).to_contain_text("Văn phòng tiếp nhận")
    row.get_by_test_id("claim").click()
    page.wait_for_url(f"**/cases/ho-so/{case.pk}/buoc/{review.pk}/")
    expect(page.get_by_role("heading", name="Văn phòng tiếp nhận", level=2)).to_be_visible()
    expect(page.locator(".tdkt-message--success")).to_contain_text("Đã nhận việc.")
    review.refresh_from_db()
    assert review.owner.username == "vanphong2"
