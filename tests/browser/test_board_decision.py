"""In a real Chromium: once the council has passed unit-level titles, the Trưởng ban finds the decision in his
inbox (he alone may take it, so it is his without claiming), signs it to the end, and the awards show in the
commendation history."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from viewflow.workflow.status import STATUS

from people.models import Staff
from tests.desk import PDF_BYTES
from tests.workflows.cases import nomination_at_council
from workflows.casework import services
from workflows.models import Case, CaseDocument, CaseEvent, Commendation, Proposal

from .test_inbox import _log_in, _open_task

pytestmark = pytest.mark.browser

STEP = "Trưởng ban quyết định khen thưởng"


def _qldt_dossier_passed_by_the_council() -> Case:
    """QLDT's nominations (two individual titles and the collective one, all decided by the Trưởng ban) brought
    to the council and all passed (services, committed: the live server's thread reads the same database)."""
    case = nomination_at_council("QLDT", titles=("LDTT", "CSTDCS", "TTLDTT"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    return case


def test_the_board_head_signs_the_decision_from_his_inbox_and_the_awards_enter_the_history(page, demo_live, settings):
    from playwright.sync_api import expect

    settings.CLOCK_TODAY = datetime.date(2024, 12, 10)
    case = _qldt_dossier_passed_by_the_council()
    decide = _open_task(case, "decide")
    board_head = get_user_model().objects.get(username="truongban")
    assert decide.owner == board_head, "he alone may decide, so the step is his from the start"
    assert decide.status == STATUS.ASSIGNED
    proposals = {p.title.code: p for p in case.proposals.select_related("title", "staff")}

    _log_in(page, "truongban")
    page.goto("/cases/")
    expect(page.get_by_role("heading", name="Việc của tôi", level=2)).to_be_visible()
    row = page.locator(f'[data-testid="task-row"][data-task="{decide.pk}"]')
    expect(row).to_contain_text(STEP)
    expect(row).to_contain_text("Phòng Quản lý Đầu tư")

    # Not waiting in the queue for anyone to claim.
    page.goto("/cases/hang-cho/")
    expect(page.get_by_role("heading", name="Hàng chờ nhận việc", level=2)).to_be_visible()
    expect(page.locator(f'[data-testid="task-row"][data-task="{decide.pk}"]')).to_have_count(0)

    # Straight from the inbox to the form: no "Nhận việc" on the way.
    page.goto("/cases/")
    page.locator(f'[data-testid="task-row"][data-task="{decide.pk}"]').get_by_role("link", name="Xử lý").click()
    page.wait_for_url(f"**/cases/ho-so/{case.pk}/buoc/{decide.pk}/")
    expect(page.get_by_role("heading", name=STEP, level=2)).to_be_visible()
    expect(page.get_by_test_id("step-form")).to_be_visible()
    expect(page.get_by_test_id("claim")).to_have_count(0)
    expect(page.get_by_test_id("read-only")).to_have_count(0)

    # Every nominee the council passed is listed, ticked; he leaves out the Chiến sĩ thi đua cơ sở.
    awardees = page.locator('[data-field="q-awardees"]')
    for proposal in proposals.values():
        box = awardees.get_by_label(f"{proposal.nominee_name} — {proposal.title.name}")
        expect(box).to_be_checked()
    cstdcs = proposals["CSTDCS"]
    awardees.get_by_label(f"{cstdcs.nominee_name} — {cstdcs.title.name}").uncheck()

    page.get_by_label("Số quyết định").fill("125/QĐ-BQL")
    page.get_by_label("Ngày quyết định").fill("10/12/2024")
    page.locator('[data-field="q-file"] input[type=file]').set_input_files(
        {"name": "qd-125-bql.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    expect(page.get_by_test_id("submit")).to_have_text("Ký quyết định")
    page.get_by_test_id("submit").click()

    page.wait_for_url(re.compile(r"/cases/$"))
    expect(page.locator(".tdkt-message--success")).to_contain_text(f"Đã xong bước “{STEP}”.")
    expect(page.locator(f'[data-testid="task-row"][data-task="{decide.pk}"]')).to_have_count(0)

    # The database: the step done by him, the decision on file, the case closed, the awards recorded.
    decide.refresh_from_db()
    assert decide.status == STATUS.DONE
    assert decide.owner == board_head
    case.refresh_from_db()
    assert case.finished is not None, "nothing went upward, so the decision ends the case"
    document = case.documents.get(kind=CaseDocument.Kind.BOARD_DECISION)
    assert (document.number, document.date) == ("125/QĐ-BQL", datetime.date(2024, 12, 10))
    assert document.file is not None and document.file.name == "qd-125-bql.pdf"
    assert case.events.filter(action=CaseEvent.Action.DECIDED, actor=board_head).exists()
    qldt_people = set(Staff.objects.filter(unit=case.unit).values_list("pk", flat=True))
    history = {
        (c.title.code, c.staff_id, c.unit_id, c.decision_number, c.decision_date, c.year)
        for c in Commendation.objects.select_related("title")
    }
    assert history == {
        ("LDTT", proposals["LDTT"].staff_id, None, "125/QĐ-BQL", datetime.date(2024, 12, 10), 2024),
        ("TTLDTT", None, case.unit_id, "125/QĐ-BQL", datetime.date(2024, 12, 10), 2024),
    }
    assert proposals["LDTT"].staff_id in qldt_people
    outcomes = dict(case.proposals.values_list("title__code", "outcome"))
    assert outcomes["CSTDCS"] == Proposal.Outcome.NOT_AWARDED
    assert outcomes["LDTT"] == outcomes["TTLDTT"] == Proposal.Outcome.AWARDED

    # And he sees them in the commendation history, reached from the menu.
    page.locator("aside").get_by_role("link", name="Lịch sử khen thưởng").click()
    expect(page).to_have_url(re.compile(r"/cases/khen-thuong/$"))
    table = page.get_by_test_id("commendations")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    person = rows.filter(has_text="Lao động tiên tiến").filter(has_not_text="Tập thể")
    expect(person).to_contain_text(proposals["LDTT"].staff.full_name)
    expect(person).to_contain_text("125/QĐ-BQL, 10/12/2024")
    expect(person).to_contain_text("Trưởng ban")
    collective = rows.filter(has_text="Tập thể lao động tiên tiến")
    expect(collective).to_contain_text("Phòng Quản lý Đầu tư")
    expect(collective).to_contain_text("125/QĐ-BQL, 10/12/2024")
    expect(table).not_to_contain_text("Chiến sĩ thi đua cơ sở")
