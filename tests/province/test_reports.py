"""The registration (10/01) and mid-year report (30/06) as cases in the province's inbox: the Board's Văn phòng
sends its consolidated registration, the province's Ban TĐKT returns it once with a reason, the Board sends it
again, the province receives it and the Board's case ends. The Sở sees nothing of it; a single agency, or a campaign
not linked to the province's programme, records what it sent as before."""

import io

import pytest
from django.core.management import call_command
from viewflow.workflow.models import Task

from people.models import Agency
from people.tenancy import agency_scope_set, agency_unscoped
from tests.conftest import board_agency
from tests.desk import Desk, page_text, pdf
from tests.workflows.cases import do, user
from workflows.casework import services
from workflows.demo import MIDYEAR_TEXT, UNIT_PEOPLE, _registration
from workflows.models import Campaign, Case, CaseDocument, CaseEvent, CaseFile, Milestone

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('tra-lai')</script> Thiếu chỉ tiêu của Trung tâm Dịch vụ"


def _registrations_accepted() -> Case:
    """Every unit's registration drafted, signed and accepted by the Board's Văn phòng (through the services: this
    file is about what the Văn phòng does next); the Board's consolidated case, waiting for its report."""
    campaign = Campaign.objects.get(year=2024)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.REGISTRATION, actor=user("vanphong"))
    for code, (clerk, head) in UNIT_PEOPLE.items():
        case = Case.objects.get(campaign=campaign, kind=Case.Kind.REGISTRATION, unit__code=code)
        do(case, "draft", clerk, apply=_registration)
        do(case, "sign", head, decision="approve")
        do(case, "review", "vanphong", decision="approve")
    return Case.objects.get(campaign=campaign, kind=Case.Kind.REGISTRATION_BOARD)


def _report(office: Desk, case: Case, number: str = "05/BC-BQL"):
    task = office.take(case, "report")
    data = {"v-recipient": "Ban Thi đua – Khen thưởng tỉnh", "v-number": number, "v-date": "09/01/2024"}
    response = office.post_step(case, task, data, files={"v-file": pdf(f"dang-ky-{number[:2]}.pdf")})
    assert response.status_code == 302, page_text(response)[:3000]


def _province_report(origin: Case) -> Case | None:
    with agency_unscoped():
        return Case.objects.filter(kind=Case.Kind.PROVINCE_REGISTRATION, origin=origin).first()


def test_the_boards_registration_reaches_the_provinces_inbox_is_returned_once_resent_and_received(demo, settings):
    board = _registrations_accepted()
    settings.AGENCY_SCOPE_STRICT = True
    office = Desk("vanphong")
    _report(office, board)

    # The Board's case waits for the province instead of ending.
    agency_scope_set(board_agency())
    board.refresh_from_db()
    assert board.finished is None
    page = office.client.get(f"/cases/ho-so/{board.pk}/")
    assert "Chờ cấp tỉnh tiếp nhận" in page_text(page) and page.context["at_province"]

    # The province's case: the province's row, in its programme, with the figures as the Board's page shows them
    # and the sent letter (the same stored file).
    report = _province_report(board)
    assert report is not None
    with agency_unscoped():
        assert report.agency.code == "tinh" and report.campaign.agency_id == report.agency_id
        assert report.milestone is not None and report.milestone.code == "AG_REG"
        text = report.report_text
        assert text.startswith("Tổng hợp đăng ký thi đua của Ban Quản lý Khu kinh tế tỉnh")
        assert "Phòng Quản lý Đầu tư: danh hiệu tập thể TTLĐXS; LĐTT 4, CSTĐCS 1" in text
        assert "Cộng: LĐTT 30, CSTĐCS 7" in text
        copies = list(CaseFile.objects.filter(case=report, removed_at__isnull=True))
        assert len(copies) == 1 and copies[0].agency_id == report.agency_id
        assert copies[0].origin.case_id == board.pk and copies[0].file.name == copies[0].origin.file.name

    # The Sở's people and the Board's own see nothing of the province's case.
    for username in ("khcn.vanphong", "khcn.chanhvanphong", "vanphong"):
        outsider = Desk(username)
        assert outsider.client.get(f"/cases/ho-so/{report.pk}/").status_code == 404, username
        assert outsider.client.get(f"/cases/ho-so/{report.pk}/tep/{copies[0].pk}/").status_code == 404, username
        assert outsider.task_for(report) is None and outsider.task_for(report, page="inbox") is None, username

    # The province's officer finds it in the queue, reads it, and returns it with a reason.
    officer = Desk("tinh.chuyenvien")
    receive = officer.take(report, "receive")
    page = officer.task_page(report, receive)
    assert page.status_code == 200
    text = page_text(page)
    assert "Ban Quản lý Khu kinh tế tỉnh" in text and "Đăng ký thi đua gửi cấp tỉnh" in text
    assert officer.client.get(f"/cases/ho-so/{report.pk}/tep/{copies[0].pk}/").status_code == 200
    case_page = officer.client.get(f"/cases/ho-so/{report.pk}/")
    assert case_page.status_code == 200 and "Cộng: LĐTT 30, CSTĐCS 7" in page_text(case_page)
    response = officer.post_step(report, receive, {"d-decision": "return", "d-reason": HOSTILE})
    assert response.status_code == 302, page_text(response)[:2000]

    # The Board's Văn phòng gets its report step back, the reason shown as text, never run as a script.
    again = office.task_for(board, page="inbox", step="report")
    assert again is not None
    page = office.task_page(board, again)
    content = page.content.decode()
    assert "&lt;script&gt;alert(" in content and "<script>alert(" not in content
    assert "Thiếu chỉ tiêu của Trung tâm Dịch vụ" in page_text(page)
    agency_scope_set(board_agency())
    board.refresh_from_db()
    assert board.finished is None and board.submitted_at is None, "returned: the Board owes it again"

    # It sends again: the same province case goes back to the officer who returned it.
    _report(office, board, number="07/BC-BQL")
    assert _province_report(board).pk == report.pk
    with agency_unscoped():
        assert CaseFile.objects.filter(case=report, removed_at__isnull=True).count() == 2
    receive = officer.task_for(report, page="inbox", step="receive")
    assert receive is not None, "back to the officer who returned it"
    response = officer.post_step(report, receive, {"d-decision": "approve", "d-reason": ""})
    assert response.status_code == 302, page_text(response)[:2000]

    # Received: the province's case and the Board's both end, the Board's as accepted.
    with agency_unscoped():
        report = Case.objects.get(pk=report.pk)
        assert report.finished is not None and report.accepted_at is not None
    agency_scope_set(board_agency())
    board.refresh_from_db()
    assert board.finished is not None and board.accepted_at is not None
    assert not Task.objects.filter(process_id=board.pk, status__in=["NEW", "ASSIGNED"]).exists()
    assert CaseEvent.objects.filter(case=board, action=CaseEvent.Action.ACCEPTED).exists()
    assert list(
        CaseDocument.objects.filter(case=board, kind=CaseDocument.Kind.SENT_UPWARD).values_list("number", flat=True)
    ) == ["05/BC-BQL", "07/BC-BQL"]


def test_the_boards_midyear_report_goes_to_the_province_with_the_units_reports(demo, settings):
    campaign = Campaign.objects.get(year=2024)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.MIDYEAR, actor=user("vanphong"))

    def write(case, task):
        case.report_text = MIDYEAR_TEXT.format(unit=case.unit.name)
        case.save(update_fields=["report_text"])

    for code, (clerk, head) in UNIT_PEOPLE.items():
        case = Case.objects.get(campaign=campaign, kind=Case.Kind.MIDYEAR, unit__code=code)
        do(case, "draft", clerk, apply=write)
        do(case, "sign", head, decision="approve")
        do(case, "review", "vanphong", decision="approve")
    board = Case.objects.get(campaign=campaign, kind=Case.Kind.MIDYEAR_BOARD)
    _report(Desk("vanphong"), board)
    with agency_unscoped():
        report = Case.objects.get(kind=Case.Kind.PROVINCE_MIDYEAR, origin=board)
        assert report.milestone.code == "AG_MID"
        unit = "Phòng Quản lý Đầu tư"
        assert report.report_text.startswith("Báo cáo sơ kết 6 tháng của Ban Quản lý Khu kinh tế tỉnh")
        assert f"{unit}:\n{MIDYEAR_TEXT.format(unit=unit).strip()}" in report.report_text
    officer = Desk("tinh.chuyenvien")
    receive = officer.take(report, "receive")
    assert officer.post_step(report, receive, {"d-decision": "approve"}).status_code == 302
    agency_scope_set(board_agency())
    board.refresh_from_db()
    assert board.finished is not None


def test_a_campaign_not_linked_to_the_province_records_what_it_sent_as_before(demo):
    board = _registrations_accepted()
    campaign = board.campaign
    campaign.province_campaign = None
    campaign.save(update_fields=["province_campaign"])
    _report(Desk("vanphong"), board)
    board.refresh_from_db()
    assert board.finished is not None and board.accepted_at is not None
    assert _province_report(board) is None


def test_a_single_agency_records_what_it_sent_as_before(db):
    call_command("load_demo", "--no-cases", "--single-agency", stdout=io.StringIO())
    agency_scope_set(board_agency())
    assert not Agency.objects.filter(kind=Agency.Kind.PROVINCE).exists()
    board = _registrations_accepted()
    _report(Desk("vanphong"), board)
    board.refresh_from_db()
    assert board.finished is not None and board.accepted_at is not None
    assert CaseDocument.objects.filter(case=board, kind=CaseDocument.Kind.SENT_UPWARD).count() == 1
    assert _province_report(board) is None


def test_the_year_end_milestone_is_owed_until_the_agencys_dossier_is_in_the_provinces_system(demo):
    """AG_END (30/11): once the Board's dossier for a Bằng khen tỉnh is in the province's system its Văn phòng is no
    longer reminded; the Sở, which sent none, still is, and after the date the province's officers are told."""
    from people.tenancy import agency_scope
    from tests.notifications.conftest import at
    from tests.province.test_upward_flow import _board_case_past_council, _send
    from workflows import reminders
    from workflows.demo import demo_history_load

    with agency_unscoped():
        end = Milestone._base_manager.get(code="AG_END", owner=Milestone.Owner.AGENCIES)

    def owed_end(moment):
        with agency_scope(None):
            return {
                (r.user.username, r.key.split(":")[2])
                for r in reminders.reminders_due(now=moment)
                if r.key.startswith(f"pms:{end.pk}:")
            }

    board_id, so_id = str(board_agency().pk), str(Agency.objects.get(code="so-khcn").pk)
    before = owed_end(at("23/11/2024"))
    assert ("vanphong", board_id) in before and ("khcn.vanphong", so_id) in before
    demo_history_load()
    case = _board_case_past_council([("QLDT001", "CSTDCS"), ("QLDT001", "BK_TINH")])
    do(case, "decide", "truongban")
    _send(Desk("vanphong"), case)
    after = owed_end(at("23/11/2024"))
    assert ("khcn.vanphong", so_id) in after
    assert not {who for who in after if who[1] == board_id}, "the Board's dossier is in the province's system"
    late = owed_end(at("03/12/2024"))
    assert {who for who, _key in late} == {"tinh.chuyenvien", "tinh.chuyenvien2", "tinh.truongban"}
    with agency_scope(None):
        summaries = {
            r.summary for r in reminders.reminders_due(now=at("03/12/2024")) if r.key.startswith(f"pms:{end.pk}:")
        }
    assert len(summaries) == 1
    assert "chưa gửi: Sở Khoa học và Công nghệ." in summaries.pop()
