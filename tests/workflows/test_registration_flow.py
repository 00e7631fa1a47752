"""Đăng ký thi đua end to end through the web pages, as people holding only their own roles."""

import datetime

import pytest

from people import clock
from people.models import Delegation, Role, RoleAssignment, Staff
from people.services import delegation_create
from tests.desk import Desk, page_text, pdf
from workflows.models import AwardTitle, Case, CaseDocument, CaseEvent

pytestmark = pytest.mark.django_db


def _draft_registration(desk: Desk, case: Case, *, collective="TTLDTT"):
    task = desk.take(case, "draft")
    staff = list(Staff.objects.filter(unit=case.unit, is_active=True))
    ldtt = AwardTitle.objects.get(code="LDTT")
    data = {"r-collective_title": AwardTitle.objects.get(code=collective).pk}
    for person in staff:
        data[f"s-title_{person.pk}"] = ldtt.pk
        data[f"s-initiative_{person.pk}"] = ""
    return desk.post_step(case, task, data)


def test_registration_runs_from_unit_clerk_to_the_board_report_with_a_return_and_a_delegation(demo):
    office = Desk("vanphong")
    assert office.open_stage(2024, "registration").status_code == 302
    cases = {c.unit.code: c for c in Case.objects.filter(kind=Case.Kind.REGISTRATION).select_related("unit")}
    assert len(cases) == 7
    qldt = cases["QLDT"]

    clerk = Desk("qldt.thidua")
    inbox = clerk.rows("inbox")
    assert {row.case.unit.code for row in inbox} == {"QLDT"}, "the unit's one clerk has its draft, and only that"
    assert clerk.rows("queue") == []

    # Draft, with one person registered for CSTĐCS and an initiative.
    task = clerk.take(qldt, "draft")
    staff = list(Staff.objects.filter(unit=qldt.unit, is_active=True).order_by("full_name"))
    cstd = AwardTitle.objects.get(code="CSTDCS")
    data = {"r-collective_title": AwardTitle.objects.get(code="TTLDXS").pk}
    for person in staff:
        data[f"s-title_{person.pk}"] = AwardTitle.objects.get(code="LDTT").pk
        data[f"s-initiative_{person.pk}"] = ""
    data[f"s-title_{staff[0].pk}"] = cstd.pk
    data[f"s-initiative_{staff[0].pk}"] = "Số hoá hồ sơ dự án đầu tư"
    response = clerk.post_step(qldt, task, data, action="save")
    assert response.status_code == 302
    qldt.refresh_from_db()
    assert qldt.collective_title.code == "TTLDXS"
    assert qldt.entries.count() == len(staff)
    assert qldt.entries.get(staff=staff[0]).initiative == "Số hoá hồ sơ dự án đầu tư"
    assert clerk.post_step(qldt, task, data).status_code == 302

    # The head returns it; a return without a reason is refused and changes nothing.
    head = Desk("qldt.truongphong")
    sign = head.take(qldt, "sign")
    response = head.post_step(qldt, sign, {"d-decision": "return", "d-reason": "  "})
    assert response.status_code == 200
    assert "Phải ghi lý do khi trả lại hồ sơ." in page_text(response)
    assert qldt.events.filter(action=CaseEvent.Action.RETURNED).count() == 0
    response = head.post_step(qldt, sign, {"d-decision": "return", "d-reason": "Thiếu sáng kiến của phòng"})
    assert response.status_code == 302
    returned = qldt.events.get(action=CaseEvent.Action.RETURNED)
    assert returned.comment == "Thiếu sáng kiến của phòng"
    assert returned.actor.username == "qldt.truongphong"

    # It comes back to the same clerk's inbox, with the reason on the case page.
    redo = clerk.task_for(qldt, page="inbox", step="draft")
    assert redo is not None
    assert "Thiếu sáng kiến của phòng" in page_text(clerk.client.get(f"/cases/ho-so/{qldt.pk}/"))
    assert clerk.post_step(qldt, redo, data).status_code == 302

    # The head is away: their role is delegated to the deputy, who signs in their place.
    head_role = RoleAssignment.objects.get(staff__user__username="qldt.truongphong", role=Role.UNIT_HEAD)
    deputy_staff = Staff.objects.get(user__username="qldt.phophong")
    today = clock.today()
    delegation_create(
        role_assignment=head_role,
        delegate=deputy_staff,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=5),
        reason="Đi công tác",
    )
    assert Delegation.objects.count() == 1
    deputy = Desk("qldt.phophong")
    assert deputy.task_for(qldt, page="queue", step="sign") is not None, "the head's task is the deputy's to take over"
    assert deputy.decide(qldt, "approve").status_code == 302

    # The Văn phòng accepts.
    assert office.decide(qldt, "approve").status_code == 302
    qldt.refresh_from_db()
    assert qldt.accepted_at is not None and qldt.finished is not None
    approvers = list(qldt.events.filter(action=CaseEvent.Action.APPROVED).values_list("actor__username", flat=True))
    assert approvers == ["qldt.phophong"]

    # The board's consolidated registration refuses to go while units are missing…
    board = Case.objects.get(kind=Case.Kind.REGISTRATION_BOARD)
    report = office.take(board, "report")
    document = {"v-recipient": "Ban Thi đua – Khen thưởng tỉnh", "v-number": "12/BC-BQL", "v-date": "09/01/2024"}
    response = office.post_step(board, report, document, files={"v-file": pdf("dang-ky.pdf")})
    assert response.status_code == 200
    assert "chưa tiếp nhận đủ các đơn vị" in page_text(response)
    assert not CaseDocument.objects.exists()

    # …and goes once every unit is accepted.
    units = {
        "VP": ("vanphong", "chanhvanphong"),
        "QHXD": ("qhxd.thidua", "qhxd.truongphong"),
        "DNLD": ("dnld.thidua", "dnld.truongphong"),
        "TNMT": ("tnmt.thidua", "tnmt.truongphong"),
        "TTDV": ("ttdv.thidua", "ttdv.giamdoc"),
        "BQLDA": ("bqlda.thidua", "bqlda.giamdoc"),
    }
    for code, (clerk_name, head_name) in units.items():
        assert _draft_registration(Desk(clerk_name), cases[code]).status_code == 302
        assert Desk(head_name).decide(cases[code]).status_code == 302
        assert office.decide(cases[code], step="review").status_code == 302
    response = office.post_step(board, report, document, files={"v-file": pdf("dang-ky.pdf")})
    assert response.status_code == 302
    sent = CaseDocument.objects.get(case=board)
    assert (sent.number, sent.date) == ("12/BC-BQL", datetime.date(2024, 1, 9))
    assert sent.kind == CaseDocument.Kind.SENT_UPWARD
    assert sent.file.name == "dang-ky.pdf"
    board.refresh_from_db()
    # The demo's Board answers to the province's programme: its registration now waits in the province's inbox
    # (tests/province/test_reports.py follows it there).
    assert board.finished is None and board.submitted_at is not None
    summary = page_text(office.client.get(f"/cases/ho-so/{board.pk}/"))
    assert "Phòng Quản lý Đầu tư" in summary and "TTLĐXS" in summary
