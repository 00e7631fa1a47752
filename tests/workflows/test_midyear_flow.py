"""Sơ kết 6 tháng end to end through the web pages: unit report → unit head → Văn phòng, a return,
a delegation, and the Board's compiled report recorded as sent to Sở Nội vụ."""

import datetime

import pytest

from people import clock
from people.models import Role, RoleAssignment, Staff
from people.services import delegation_create
from tests.desk import Desk, page_text, pdf
from workflows.models import Case, CaseDocument, CaseEvent, DocumentCode

pytestmark = pytest.mark.django_db

UNITS = {
    "VP": ("vanphong", "chanhvanphong"),
    "QHXD": ("qhxd.thidua", "qhxd.truongphong"),
    "DNLD": ("dnld.thidua", "dnld.truongphong"),
    "TNMT": ("tnmt.thidua", "tnmt.truongphong"),
    "TTDV": ("ttdv.thidua", "ttdv.giamdoc"),
    "BQLDA": ("bqlda.thidua", "bqlda.giamdoc"),
}


def _report(desk: Desk, case: Case, text: str, *, attach: bool = False):
    task = desk.take(case, "draft")
    data, files = {"m-report_text": text}, {}
    if attach:
        data.update({"att-0-doc_type": DocumentCode.BAO_CAO})
        files["att-0-file"] = pdf("bao-cao-so-ket.pdf")
    return desk.post_step(case, task, data, files=files)


def test_the_midyear_report_goes_up_with_a_return_and_a_delegation_and_is_compiled_for_so_noi_vu(demo):
    office = Desk("vanphong")
    assert office.open_stage(2024, "midyear").status_code == 302
    cases = {c.unit.code: c for c in Case.objects.filter(kind=Case.Kind.MIDYEAR).select_related("unit")}
    qldt = cases["QLDT"]
    assert qldt.milestone.due_date == datetime.date(2024, 6, 28)
    board = Case.objects.get(kind=Case.Kind.MIDYEAR_BOARD)
    assert board.milestone.due_date == datetime.date(2024, 6, 30)

    # The head is away before the report arrives: the deputy signs in their place.
    today = clock.today()
    delegation_create(
        role_assignment=RoleAssignment.objects.get(staff__user__username="qldt.truongphong", role=Role.UNIT_HEAD),
        delegate=Staff.objects.get(user__username="qldt.phophong"),
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        reason="Nghỉ phép",
    )
    clerk = Desk("qldt.thidua")
    # An empty report cannot be sent.
    response = _report(clerk, qldt, "   ")
    assert response.status_code == 200
    assert "cần có nội dung hoặc tệp báo cáo" in page_text(response)
    assert _report(clerk, qldt, "Sáu tháng đầu năm phòng đã thẩm định 14 dự án.", attach=True).status_code == 302

    deputy = Desk("qldt.phophong")
    assert deputy.decide(qldt, "approve").status_code == 302
    assert office.decide(qldt, "return", reason="Bổ sung số liệu giải ngân").status_code == 302
    redo = clerk.task_for(qldt, page="inbox", step="draft")
    assert redo is not None
    response = clerk.post_step(qldt, redo, {"m-report_text": "Đã thẩm định 14 dự án; giải ngân đạt 52%."})
    assert response.status_code == 302
    # Still away: the signing comes round to the deputy again, not to the absent head.
    assert Desk("qldt.truongphong").task_for(qldt, page="inbox", step="sign") is None
    assert deputy.decide(qldt, "approve").status_code == 302
    assert office.decide(qldt, "approve", step="review").status_code == 302
    qldt.refresh_from_db()
    assert qldt.accepted_at is not None and qldt.report_text.endswith("giải ngân đạt 52%.")
    assert list(qldt.events.filter(action=CaseEvent.Action.RETURNED).values_list("comment", flat=True)) == [
        "Bổ sung số liệu giải ngân"
    ]

    for code, (clerk_name, head_name) in UNITS.items():
        assert _report(Desk(clerk_name), cases[code], f"Báo cáo sơ kết của {code}.").status_code == 302
        assert Desk(head_name).decide(cases[code]).status_code == 302
        assert office.decide(cases[code], step="review").status_code == 302

    report = office.take(board, "report")
    page = page_text(office.task_page(board, report))
    assert "Đã thẩm định 14 dự án" in page and "Báo cáo sơ kết của TNMT." in page
    response = office.post_step(
        board,
        report,
        {"v-recipient": "Sở Nội vụ tỉnh", "v-number": "45/BC-BQL", "v-date": "30/06/2024"},
        files={"v-file": pdf("bao-cao-so-ket-ban.pdf")},
    )
    assert response.status_code == 302
    sent = CaseDocument.objects.get(case=board)
    assert (sent.recipient, sent.number, sent.date) == ("Sở Nội vụ tỉnh", "45/BC-BQL", datetime.date(2024, 6, 30))
    board.refresh_from_db()
    # The demo's Board answers to the province's programme: its report now waits in the province's inbox
    # (tests/province/test_reports.py follows it there).
    assert board.finished is None and board.submitted_at is not None
