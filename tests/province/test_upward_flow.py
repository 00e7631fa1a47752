"""The province tier end to end through the pages: the Board's Văn phòng sends its CSTĐ tỉnh proposal to the
province, the province's Ban TĐKT returns it once with a reason, the Board sends it again with the missing paper,
the province checks it, its council votes, the Chủ tịch UBND tỉnh decides — and the decision lands in the Board's
case and the person's records by itself. Beside it: who may see a province case, a single agency and the titles
above the province keeping the hand-typed upward step."""

import datetime

import pytest
from viewflow.workflow.models import Task

from people import clock
from people.models import OrgUnit, Staff
from people.tenancy import agency_scope_set, agency_unscoped
from tests.conftest import board_agency
from tests.desk import PDF_BYTES, Desk, page_text, pdf
from tests.workflows.cases import do, user
from workflows.casework import services
from workflows.demo import demo_history_load
from workflows.initiatives import initiative_record
from workflows.models import (
    AwardTitle,
    Campaign,
    Case,
    CaseDocument,
    CaseEvent,
    CaseFile,
    Commendation,
    Initiative,
    Proposal,
)

pytestmark = pytest.mark.django_db

PROVINCE_COUNCIL = ["tinh.chutich", "tinh.giamdocsnv", "tinh.truongban", "tinh.phochutich", "tinh.uyvien"]
HOSTILE = "<script>alert('tra-lai')</script> Thiếu xác nhận sáng kiến cấp tỉnh"


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _dossier(titles: list[tuple[str, str]], *, initiative: Initiative | None = None):
    """Fill the unit's draft as its clerk would: (staff code, title) rows, each with the documents its rule asks the
    unit for (real files, through the file service); the CSTĐ tỉnh row names the initiative, when there is one."""

    def fill(case, task):
        from workflows.selectors import rule_in_force

        case.meeting_date, case.attendance_present, case.attendance_total = datetime.date(2024, 11, 25), 5, 5
        case.save()
        clerk = user("qldt.thidua")
        whole = set()
        for order, (code, title_code) in enumerate(titles):
            title = AwardTitle.objects.get(code=title_code)
            person = Staff.objects.get(staff_code=code)
            proposal = Proposal.objects.create(case=case, staff=person, title=title, rating="htxsnv", order=order)
            if initiative is not None and title_code == "CSTD_TINH":
                proposal.initiatives.add(initiative)
            for doc in rule_in_force(title=title, on=case.campaign.end_date).required_documents:
                if doc in ("ket_qua_bo_phieu", "xac_nhan_sang_kien"):
                    continue  # the council's; the proof of a province-level initiative comes later (the return)
                if doc in ("bao_cao_thanh_tich", "xac_nhan_sang_kien_htxs"):
                    if proposal.files.filter(doc_type=doc).exists():
                        continue
                    services.file_attach(
                        case=case, uploaded=_upload(f"{doc}-{code}.pdf"), doc_type=doc, user=clerk, proposal=proposal
                    )
                else:
                    whole.add(doc)
        for doc in sorted(whole):
            services.file_attach(case=case, uploaded=_upload(f"{doc}.pdf"), doc_type=doc, user=clerk)

    return fill


def _board_case_past_council(titles: list[tuple[str, str]], *, initiative: Initiative | None = None) -> Case:
    """The QLDT dossier, drafted, signed, checked by the Board's Văn phòng and passed by its council (through the
    services: this file is about what comes after)."""
    case = services.case_open(
        kind=Case.Kind.NOMINATION, campaign=Campaign.objects.get(year=2024), unit=OrgUnit.objects.get(code="QLDT")
    )
    do(case, "draft", "qldt.thidua", apply=_dossier(titles, initiative=initiative))
    do(case, "sign", "qldt.truongphong", decision="approve")
    do(case, "check", "vanphong", decision="approve")
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    case.refresh_from_db()
    return case


@pytest.fixture
def head_with_initiative(demo):
    """Lê Đức Anh (QLDT001): CSTĐCS in 2022 and 2023 (the demo's history) and a province-level initiative in 2024,
    so that CSTĐCS this year makes the chain CSTĐ tỉnh rests on (Luật TĐKT 2022 Đ22)."""
    demo_history_load()
    head = Staff.objects.get(staff_code="QLDT001")
    initiative = initiative_record(
        staff=head,
        name="Số hoá quy trình cấp giấy chứng nhận đăng ký đầu tư",
        level=Initiative.Level.TINH_BO,
        year=2024,
        decision_number="1502/QĐ-UBND",
        decision_date=datetime.date(2024, 9, 12),
    )
    return head, initiative


def _province_case(origin: Case) -> Case:
    with agency_unscoped():
        return Case.objects.get(kind=Case.Kind.PROVINCE_NOMINATION, origin=origin)


def _send(office: Desk, case: Case, *, files: list[tuple[str, int | None]] = ()):
    task = office.take(case, "send_upward")
    page = office.task_page(case, task)
    data = {"v-recipient": "Ban Thi đua – Khen thưởng tỉnh", "v-number": "95/TTr-BQL", "v-date": "12/12/2024"}
    uploads = {"v-file": pdf("to-trinh-tinh.pdf")}
    data["att-TOTAL_FORMS"] = str(max(3, len(files)))
    for index, (doc_type, proposal) in enumerate(files):
        data[f"att-{index}-doc_type"] = doc_type
        data[f"att-{index}-proposal"] = proposal or ""
        uploads[f"att-{index}-file"] = pdf(f"{doc_type}-{index}.pdf")
    response = office.post_step(case, task, data, files=uploads)
    assert response.status_code == 302, page_text(response)[:3000]
    return page


def _ballot(desk: Desk, session, choice: str = "yes"):
    form = desk.client.get(f"/council/{session.pk}/phieu/").context["form"]
    data = {"action": "submit"}
    for item, _vote, _comment in form.rows():
        data[f"vote_{item.pk}"] = choice
        data[f"comment_{item.pk}"] = ""
    return desk.client.post(f"/council/{session.pk}/phieu/", data)


def _acknowledged(desk: Desk, case: Case, task) -> dict:
    """The check step's warnings, each accepted with a reason (as the officer writes them)."""
    form = desk.task_page(case, task).context["step_forms"]["acknowledgements"]
    return {form.add_prefix(name): "Đã đối chiếu hồ sơ gốc" for name in form.fields}


def test_the_boards_cstd_tinh_goes_to_the_province_is_returned_once_and_its_decision_comes_back(
    head_with_initiative, settings
):
    head, initiative = head_with_initiative
    # This year's CSTĐCS is the chain's last link; it and the LĐTT are the Trưởng ban's to decide, on their own branch.
    rows = [("QLDT001", "CSTDCS"), ("QLDT001", "CSTD_TINH"), ("QLDT002", "LDTT")]
    case = _board_case_past_council(rows, initiative=initiative)
    cstd = case.proposals.get(title__code="CSTD_TINH")
    do(case, "decide", "truongban")
    # From here on, any query of agency-owned rows outside a scope raises: every crossing is explicit.
    settings.AGENCY_SCOPE_STRICT = True

    # The Board's Văn phòng sees that the province decides this one, and sends it.
    office = Desk("vanphong")
    page = _send(office, case)
    assert "Ban Thi đua – Khen thưởng tỉnh" in page_text(page)
    assert page.context["to_province"].code == "tinh"
    case.refresh_from_db()
    assert not case.finished
    board_page = office.client.get(f"/cases/ho-so/{case.pk}/")
    assert "Chờ cấp tỉnh" in page_text(board_page) and board_page.context["at_province"]

    province_case = _province_case(case)
    assert province_case.agency.code == "tinh"
    with agency_unscoped():
        copies = list(Proposal.objects.filter(case=province_case))
        assert [(p.origin_id, p.staff_id, p.title.code) for p in copies] == [(cstd.pk, head.pk, "CSTD_TINH")]
        assert {p.agency_id for p in copies} == {province_case.agency_id}
        copied = CaseFile.objects.filter(case=province_case, removed_at__isnull=True)
        assert copied.exists() and {f.agency_id for f in copied} == {province_case.agency_id}
        assert all(f.origin.case_id == case.pk and f.file.name == f.origin.file.name for f in copied)
        assert province_case.campaign.agency_id == province_case.agency_id

    # The province's officer finds it in the queue, sees who sent it, and returns it with a reason.
    officer = Desk("tinh.chuyenvien")
    check = officer.take(province_case, "check")
    page = officer.task_page(province_case, check)
    assert page.status_code == 200
    text = page_text(page)
    assert "Ban Quản lý Khu kinh tế tỉnh" in text and "Lê Đức Anh" in text
    assert "Số hoá quy trình cấp giấy chứng nhận đăng ký đầu tư (2024)" in text, "the initiative the row names"
    response = officer.post_step(province_case, check, {"d-decision": "return", "d-reason": HOSTILE})
    assert response.status_code == 302

    # The Board's Văn phòng gets its step back, with the reason shown as text, never run as a script.
    again = office.task_for(case, page="inbox", step="send_upward")
    assert again is not None, "the return goes back to whoever sent it"
    page = office.task_page(case, again)
    content = page.content.decode()
    assert "&lt;script&gt;alert(" in content and "<script>alert(" not in content
    assert "Thiếu xác nhận sáng kiến cấp tỉnh" in page_text(page)
    case_page = office.client.get(f"/cases/ho-so/{case.pk}/").content.decode()
    assert "&lt;script&gt;alert(" in case_page and "<script>alert(" not in case_page

    # It sends again, with the proof of the province-level initiative; the same province case goes back to the check.
    _send(office, case, files=[("xac_nhan_sang_kien", cstd.pk)])
    assert _province_case(case).pk == province_case.pk
    with agency_unscoped():
        assert CaseFile.objects.filter(case=province_case, doc_type="xac_nhan_sang_kien", removed_at__isnull=True)
    check = officer.task_for(province_case, page="inbox", step="check")
    assert check is not None, "back to the officer who returned it"
    data = {"d-decision": "approve", **_acknowledged(officer, province_case, check)}
    response = officer.post_step(province_case, check, data)
    assert response.status_code == 302, page_text(response)[:3000]

    # The province's council: its standing body opens the session, its five members vote, its chair closes.
    tomorrow = clock.today() + datetime.timedelta(days=1)
    response = officer.client.post(
        "/council/mo-phien-hop/",
        {
            "day": tomorrow.strftime("%d/%m/%Y"),
            "time": "08:30",
            "place": "Phòng họp UBND tỉnh",
            "cases": [province_case.pk],
        },
    )
    assert response.status_code == 302, page_text(response)[:2000]
    from workflows.council.models import CouncilSession

    with agency_unscoped():
        session = CouncilSession.objects.get(items__proposal__case=province_case)
        assert session.agency_id == province_case.agency_id and session.ballots.count() == 5
    for username in ("truongban", "vanphong", "khcn.giamdoc"):
        outsider = Desk(username)
        assert outsider.client.get(f"/council/{session.pk}/").status_code == 404, username
        assert outsider.client.get(f"/council/{session.pk}/phieu/").status_code == 404, username
    # Beside the vote, the members read the nominee's standing under the rules, judged where the facts are kept.
    ballot_page = page_text(Desk("tinh.uyvien").client.get(f"/council/{session.pk}/phieu/"))
    assert "Đủ điều kiện" in ballot_page and "Không đọc được dữ liệu" not in ballot_page
    for username in PROVINCE_COUNCIL:
        assert _ballot(Desk(username), session).status_code == 302, username
    chair = Desk("tinh.chutich")
    assert chair.client.post(f"/council/{session.pk}/", {"action": "close"}).status_code == 302
    minutes = chair.client.get(f"/council/{session.pk}/bien-ban/")
    assert minutes.status_code == 200 and "Lê Đức Anh" in page_text(minutes)

    # The Chủ tịch UBND tỉnh decides, in his inbox.
    decide = chair.task_for(province_case, page="inbox", step="decide")
    assert decide is not None
    with agency_unscoped():
        copy = Proposal.objects.get(case=province_case)
    response = chair.post_step(
        province_case,
        decide,
        {"q-number": "3150/QĐ-UBND", "q-date": "20/01/2025", "q-awardees": [copy.pk]},
        files={"q-file": pdf("qd-3150.pdf")},
    )
    assert response.status_code == 302, page_text(response)[:2000]

    # The Board's case has the outcome, the decision with its file, and has closed by itself.
    agency_scope_set(board_agency())
    case.refresh_from_db()
    assert case.finished is not None and case.status == "DONE"
    assert Proposal.objects.get(pk=cstd.pk).outcome == Proposal.Outcome.AWARDED
    decision = CaseDocument.objects.get(case=case, kind=CaseDocument.Kind.UPWARD_DECISION)
    assert (decision.number, decision.date, decision.recipient) == (
        "3150/QĐ-UBND",
        datetime.date(2025, 1, 20),
        "Chủ tịch UBND tỉnh",
    )
    assert decision.file is not None and decision.file.case_id == case.pk
    assert office.client.get(f"/cases/ho-so/{case.pk}/tep/{decision.file.pk}/").status_code == 200
    assert CaseEvent.objects.filter(case=case, action=CaseEvent.Action.UPWARD_DECIDED).exists()
    award = Commendation.objects.get(proposal=cstd)
    assert (award.staff_id, award.title.code, award.decision_number, award.decided_by) == (
        head.pk,
        "CSTD_TINH",
        "3150/QĐ-UBND",
        "Chủ tịch UBND tỉnh",
    )
    assert not Task.objects.filter(process_id=case.pk, status__in=["NEW", "ASSIGNED"]).exists()
    # The award is in the commendation history the unit and the Văn phòng read; the initiative it rested on is
    # marked as used on the person's records page (Luật TĐKT 2022 Đ5 k2c).
    for username in ("vanphong", "qldt.thidua"):
        history = page_text(Desk(username).client.get("/cases/khen-thuong/?nam=2024"))
        assert "3150/QĐ-UBND" in history and "Lê Đức Anh" in history, username
    assert list(award.initiatives.all()) == [initiative]
    records = office.client.get(f"/cases/can-bo/{head.pk}/")
    assert "đã dùng để khen thưởng" in page_text(records)
    with agency_unscoped():
        assert Case.objects.get(pk=province_case.pk).finished is not None


def test_when_the_provinces_council_passes_none_the_agencys_case_learns_it_and_closes(demo):
    demo_history_load()
    case = _board_case_past_council([("QLDT001", "CSTDCS"), ("QLDT001", "BK_TINH")])
    bk = case.proposals.get(title__code="BK_TINH")
    do(case, "decide", "truongban")
    office = Desk("vanphong")
    _send(office, case)
    province_case = _province_case(case)
    officer = Desk("tinh.chuyenvien")
    check = officer.take(province_case, "check")
    response = officer.post_step(
        province_case, check, {"d-decision": "approve", **_acknowledged(officer, province_case, check)}
    )
    assert response.status_code == 302, page_text(response)[:2000]
    tomorrow = clock.today() + datetime.timedelta(days=1)
    officer.client.post(
        "/council/mo-phien-hop/",
        {"day": tomorrow.strftime("%d/%m/%Y"), "time": "14:00", "place": "UBND tỉnh", "cases": [province_case.pk]},
    )
    from workflows.council.models import CouncilSession

    with agency_unscoped():
        session = CouncilSession.objects.get(items__proposal__case=province_case)
    for username in PROVINCE_COUNCIL:
        assert _ballot(Desk(username), session, "no").status_code == 302, username
    assert Desk("tinh.chutich").client.post(f"/council/{session.pk}/", {"action": "close"}).status_code == 302

    agency_scope_set(board_agency())
    case.refresh_from_db()
    assert case.finished is not None, "nothing left to decide: the case closes by itself"
    assert Proposal.objects.get(pk=bk.pk).outcome == Proposal.Outcome.NOT_AWARDED
    assert not Commendation.objects.filter(proposal=bk).exists()
    line = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.UPWARD_DECIDED).get()
    assert "không thông qua" in line.text
    assert Desk("tinh.chutich").task_for(province_case, page="inbox", step="decide") is None
