"""Tổng kết, bình xét, đề nghị khen thưởng end to end through the web pages, as people holding only
their own roles: a return for missing documents, the council stage, the Trưởng ban's decision and
the upward step, and the commendation history at the end — for a single agency, with no province on the
installation, whose Văn phòng records the upper level's decision by hand (tests/province has the province's)."""

import datetime
import io

import pytest
from django.core.management import call_command
from viewflow.workflow.models import Task

from people.models import Staff
from people.tenancy import agency_scope_set
from tests.conftest import board_agency
from tests.desk import Desk, page_text, pdf
from workflows.demo import demo_history_load
from workflows.models import AwardTitle, Case, CaseEvent, Commendation, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def single_agency(db):
    """The demo as `load_demo --single-agency` loads it: the Board alone, no province above it."""
    call_command("load_demo", "--no-cases", "--single-agency", stdout=io.StringIO())
    agency_scope_set(board_agency())


def _proposal_rows(rows):
    data = {"p-TOTAL_FORMS": str(len(rows)), "p-INITIAL_FORMS": "0", "p-MIN_NUM_FORMS": "0", "p-MAX_NUM_FORMS": "1000"}
    for index, (staff, title, rating, achievements) in enumerate(rows):
        data.update(
            {
                f"p-{index}-id": "",
                f"p-{index}-staff": staff.pk if staff else "",
                f"p-{index}-title": AwardTitle.objects.get(code=title).pk,
                f"p-{index}-rating": rating,
                f"p-{index}-achievements": achievements,
            }
        )
    return data


def _existing_proposals(case):
    proposals = list(case.proposals.order_by("pk"))
    data = {
        "p-TOTAL_FORMS": str(len(proposals)),
        "p-INITIAL_FORMS": str(len(proposals)),
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
    }
    for index, p in enumerate(proposals):
        data.update(
            {
                f"p-{index}-id": p.pk,
                f"p-{index}-staff": p.staff_id or "",
                f"p-{index}-title": p.title_id,
                f"p-{index}-rating": p.rating,
                f"p-{index}-achievements": p.achievements,
            }
        )
    return data


def _meeting():
    return {"h-meeting_date": "25/11/2024", "h-attendance_present": "9", "h-attendance_total": "10"}


def _attachments(files: list[tuple[str, int | None]]):
    data, uploads = {"att-TOTAL_FORMS": str(len(files))}, {}
    for index, (doc_type, proposal) in enumerate(files):
        data[f"att-{index}-doc_type"] = doc_type
        data[f"att-{index}-proposal"] = proposal or ""
        uploads[f"att-{index}-file"] = pdf(f"{doc_type}-{index}.pdf")
    return data, uploads


def test_a_nomination_goes_from_the_unit_through_the_council_to_the_decision_and_upward(single_agency):
    office = Desk("vanphong")
    assert office.open_stage(2024, "nomination").status_code == 302
    case = Case.objects.get(kind=Case.Kind.NOMINATION, unit__code="QLDT")
    council_member = Desk("tnmt.truongphong")
    assert council_member.client.get(f"/cases/ho-so/{case.pk}/").status_code == 404, "not before the council stage"

    clerk = Desk("qldt.thidua")
    staff = list(Staff.objects.filter(unit=case.unit).order_by("staff_code"))
    # The head (QLDT001) has CSTĐCS in 2022 and 2023 in the demo's history: with a CSTĐCS this year as well, a
    # Bằng khen tỉnh is within the rules, so the dossier can be accepted once its documents are complete.
    demo_history_load()
    head_person, clerk_person = staff[0], staff[2]
    draft = clerk.take(case, "draft")

    # A draft with a collective title on an individual is refused, field by field, and nothing is saved.
    bad = {**_meeting(), **_proposal_rows([(head_person, "TTLDTT", "htxsnv", "")])}
    response = clerk.post_step(case, draft, bad, action="save")
    assert response.status_code == 200
    assert "là danh hiệu tập thể" in page_text(response)
    assert not case.proposals.exists()

    rows = [
        (head_person, "CSTDCS", "htxsnv", "Chủ trì số hoá thủ tục đầu tư"),
        (head_person, "BK_TINH", "htxsnv", "Hai năm liền CSTĐCS"),
        (clerk_person, "LDTT", "httnv", ""),
    ]
    assert clerk.post_step(case, draft, {**_meeting(), **_proposal_rows(rows)}, action="save").status_code == 302
    proposals = {p.title.code: p for p in case.proposals.select_related("title")}
    assert set(proposals) == {"CSTDCS", "BK_TINH", "LDTT"}

    # Documents: the whole dossier's, and one report per nominee — but no proof of initiative yet.
    files = [("to_trinh", None), ("bien_ban_binh_xet", None)] + [
        ("bao_cao_thanh_tich", p.pk) for p in proposals.values()
    ]
    data, uploads = _attachments(files)
    response = clerk.post_step(case, draft, {**_meeting(), **_existing_proposals(case), **data}, files=uploads)
    assert response.status_code == 302, page_text(response)[:2000]
    assert case.files.count() == 5

    head = Desk("qldt.truongphong")
    assert head.decide(case, "approve").status_code == 302

    # The Văn phòng cannot accept a dossier that misses a required document…
    check = office.take(case, "check")
    response = office.post_step(case, check, {"d-decision": "approve"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Hồ sơ còn thiếu" in text and "Xác nhận sáng kiến / hoàn thành xuất sắc nhiệm vụ" in text
    assert Task.objects.get(pk=check.pk).status == "ASSIGNED"
    # …and returns it, saying what is missing.
    response = office.post_step(case, check, {"d-decision": "return", "d-reason": "Thiếu xác nhận sáng kiến"})
    assert response.status_code == 302

    redo = clerk.task_for(case, page="inbox", step="draft")
    assert redo is not None, "the return goes back to the same clerk"
    data, uploads = _attachments([("xac_nhan_sang_kien_htxs", proposals["CSTDCS"].pk)])
    response = clerk.post_step(case, redo, {**_meeting(), **_existing_proposals(case), **data}, files=uploads)
    assert response.status_code == 302
    assert head.decide(case, "approve").status_code == 302
    assert office.decide(case, "approve", step="check").status_code == 302

    case.refresh_from_db()
    assert case.council_at is not None
    page = page_text(office.client.get(f"/cases/ho-so/{case.pk}/"))
    assert "Hồ sơ đang chờ Hội đồng Thi đua – Khen thưởng xét." in page
    assert council_member.client.get(f"/cases/ho-so/{case.pk}/").status_code == 200, "council members see it now"

    # The council's result, from its signed minutes: LĐTT not passed, the rest passed.
    passed = [proposals[code].pk for code in ("CSTDCS", "BK_TINH")]
    response = office.client.post(
        f"/cases/ho-so/{case.pk}/ket-qua-hoi-dong/",
        {"passed": passed, "note": "Biên bản số 05/BB-HĐTĐKT ngày 05/12/2024", "minutes": pdf("bien-ban-hd.pdf")},
    )
    assert response.status_code == 302
    proposals = {p.title.code: p for p in case.proposals.select_related("title")}
    assert proposals["LDTT"].council_result == Proposal.CouncilResult.FAILED
    assert proposals["LDTT"].outcome == Proposal.Outcome.NOT_AWARDED

    # Unit-level titles go to the Trưởng ban; higher awards go to the Văn phòng to send upward.
    board_head = Desk("truongban")
    decide = board_head.take(case, "decide")
    response = board_head.post_step(
        case,
        decide,
        {
            "q-number": "125/QĐ-BQL",
            "q-date": "10/12/2024",
            "q-awardees": [proposals["CSTDCS"].pk],
        },
        files={"q-file": pdf("qd-125.pdf")},
    )
    assert response.status_code == 302
    send = office.take(case, "send_upward")
    response = office.post_step(
        case,
        send,
        {"v-recipient": "Sở Nội vụ tỉnh", "v-number": "88/TTr-BQL", "v-date": "12/12/2024"},
        files={"v-file": pdf("to-trinh.pdf")},
    )
    assert response.status_code == 302
    assert not Case.objects.get(pk=case.pk).finished, "waits for the upward decision"

    result = office.task_for(case, page="inbox", step="upward_result")
    assert result is not None, "the upward decision comes back to whoever sent it"
    response = office.post_step(
        case,
        result,
        {
            "q-decided_by": "Chủ tịch UBND tỉnh",
            "q-number": "2011/QĐ-UBND",
            "q-date": "20/01/2025",
            "q-awardees": [proposals["BK_TINH"].pk],
        },
    )
    assert response.status_code == 302

    case.refresh_from_db()
    assert case.finished is not None
    history = {(c.title.code, c.staff_id, c.unit_id, c.decision_number) for c in Commendation.objects.filter(year=2024)}
    assert history == {
        ("CSTDCS", head_person.pk, None, "125/QĐ-BQL"),
        ("BK_TINH", head_person.pk, None, "2011/QĐ-UBND"),
    }
    actions = list(case.events.values_list("action", flat=True))
    for expected in (CaseEvent.Action.RETURNED, CaseEvent.Action.COUNCIL, CaseEvent.Action.DECIDED):
        assert expected in actions
    assert datetime.date(2024, 12, 10) in case.documents.values_list("date", flat=True)
    assert not Task.objects.filter(process_id=case.pk, status__in=["NEW", "ASSIGNED"]).exists()

    # The history page shows the awards to the unit and to the Văn phòng, not to another unit.
    for username, expected in (("qldt.thidua", True), ("vanphong", True), ("tnmt.thidua", False)):
        page = page_text(Desk(username).client.get("/cases/khen-thuong/"))
        assert ("2011/QĐ-UBND" in page) is expected, username
