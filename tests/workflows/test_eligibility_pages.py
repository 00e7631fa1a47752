"""Eligibility where people see it: the clerk sees each proposal row's findings as the title is chosen and on
the saved row; the Văn phòng cannot accept a dossier with a blocking finding, and accepts a warning only with a
reason, which the case page shows. On the demo with its 2022–2023 commendation history."""

import datetime

import pytest

from people.models import Hold, Staff
from tests.conftest import load_demo_now
from tests.desk import Desk, page_text, pdf
from workflows.casework.eligibility import proposals_judge, row_judge
from workflows.models import AwardTitle, Case, FindingAcknowledgement

pytestmark = pytest.mark.django_db

GAP_CHAIN = "CSTĐ tỉnh năm 2024 cần 3 năm liên tục đạt CSTĐCS đến năm 2024"
CSTD_TINH_CITATION = "Luật TĐKT 2022 Đ22"


@pytest.fixture
def nomination():
    """The demo (with its history) and the 2024 nomination stage open; the QLĐT dossier in its clerk's hands."""
    load_demo_now(cases=True)
    assert Desk("vanphong").open_stage(2024, "nomination").status_code == 302
    return Case.objects.get(kind=Case.Kind.NOMINATION, unit__code="QLDT", campaign__year=2024)


def _staff(code: str) -> Staff:
    return Staff.objects.get(staff_code=code)


def _title(code: str) -> AwardTitle:
    return AwardTitle.objects.get(code=code)


def _findings_url(case, staff, title, rating=""):
    return f"/cases/ho-so/{case.pk}/dieu-kien/?staff={staff.pk if staff else ''}&title={title.pk}&rating={rating}"


def _rows(rows, existing=()):
    """The proposal formset: saved rows (`existing`, unchanged) then new ones (staff, title code, rating)."""
    existing = list(existing)
    data = {
        "p-TOTAL_FORMS": str(len(existing) + len(rows)),
        "p-INITIAL_FORMS": str(len(existing)),
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
        "h-meeting_date": "25/11/2024",
        "h-attendance_present": "9",
        "h-attendance_total": "10",
    }
    for index, proposal in enumerate(existing):
        data.update(
            {
                f"p-{index}-id": proposal.pk,
                f"p-{index}-staff": proposal.staff_id or "",
                f"p-{index}-title": proposal.title_id,
                f"p-{index}-rating": proposal.rating,
                f"p-{index}-achievements": proposal.achievements,
            }
        )
    for offset, (staff, title, rating) in enumerate(rows):
        index = len(existing) + offset
        data.update(
            {
                f"p-{index}-id": "",
                f"p-{index}-staff": staff.pk if staff else "",
                f"p-{index}-title": _title(title).pk,
                f"p-{index}-rating": rating,
                f"p-{index}-achievements": "",
            }
        )
    return data


def _documents(case):
    """Every document the unit must supply: the dossier's own and each nominee's report."""
    files = [("to_trinh", None), ("bien_ban_binh_xet", None)] + [
        ("bao_cao_thanh_tich", p.pk) for p in case.proposals.all()
    ]
    data, uploads = {"att-TOTAL_FORMS": str(len(files))}, {}
    for index, (doc_type, proposal) in enumerate(files):
        data[f"att-{index}-doc_type"] = doc_type
        data[f"att-{index}-proposal"] = proposal or ""
        uploads[f"att-{index}-file"] = pdf(f"{doc_type}-{index}.pdf")
    return data, uploads


def _send(case, rows):
    """The clerk drafts the rows, attaches the documents and sends; the unit's head signs."""
    clerk = Desk("qldt.thidua")
    draft = clerk.take(case, "draft")
    assert clerk.post_step(case, draft, _rows(rows), action="save").status_code == 302
    data, uploads = _documents(case)
    response = clerk.post_step(case, draft, {**_rows([], case.proposals.all()), **data}, files=uploads)
    assert response.status_code == 302, page_text(response)[:2000]
    assert Desk("qldt.truongphong").decide(case, "approve").status_code == 302


def test_a_clerk_proposing_someone_with_a_gap_year_for_cstd_tinh_sees_why_before_sending(nomination):
    case, gap = nomination, _staff("QLDT002")  # CSTĐCS in 2022, only LĐTT in 2023
    clerk = Desk("qldt.thidua")
    draft = clerk.take(case, "draft")

    # As the title is chosen on a new row, before anything is saved.
    response = clerk.client.get(_findings_url(case, gap, _title("CSTD_TINH"), "htxsnv"))
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "tdkt-finding--blocks" in fragment
    assert GAP_CHAIN in fragment and "còn thiếu: 2023, 2024" in fragment
    assert CSTD_TINH_CITATION in fragment
    assert not case.proposals.exists()

    # Without JS: after "Lưu nháp", the saved row shows the same finding; it does not stop the clerk.
    response = clerk.post_step(case, draft, _rows([(gap, "CSTD_TINH", "htxsnv")]), action="save")
    assert response.status_code == 302
    text = page_text(clerk.task_page(case, draft))
    assert GAP_CHAIN in text and CSTD_TINH_CITATION in text


def test_the_office_cannot_accept_a_proposal_the_rules_block_and_the_message_names_nominee_and_rule(nomination):
    case, gap = nomination, _staff("QLDT002")
    _send(case, [(gap, "CSTD_TINH", "htxsnv")])
    office = Desk("vanphong")
    check = office.take(case, "check")
    page = page_text(office.task_page(case, check))
    assert GAP_CHAIN in page, "the check step lists every finding per nominee"

    response = office.post_step(case, check, {"d-decision": "approve"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Có người chưa đủ điều kiện theo quy định" in text
    assert f"{gap.full_name} — CSTĐ tỉnh: {GAP_CHAIN}" in text and CSTD_TINH_CITATION in text
    case.refresh_from_db()
    assert case.accepted_at is None and case.council_at is None

    # Returning it needs no acknowledgement.
    response = office.post_step(case, check, {"d-decision": "return", "d-reason": "Chưa đủ 3 năm CSTĐCS liên tục"})
    assert response.status_code == 302


def test_a_warning_is_accepted_only_with_a_reason_which_the_case_page_shows(nomination):
    case, person = nomination, _staff("QLDT001")
    # An inspection still open on the day the dossier is examined: NĐ 152/2025 Đ4 k4 (a warning in the data).
    Hold.objects.create(staff=person, kind=Hold.Kind.INSPECTION, start=datetime.date(2024, 10, 1))
    _send(case, [(person, "LDTT", "httnv")])
    proposal = case.proposals.get()
    judgement = proposals_judge(case=case)[proposal.pk]
    assert judgement.findings and not judgement.blocked, "a warning-only dossier"
    office = Desk("vanphong")
    check = office.take(case, "check")

    response = office.post_step(case, check, {"d-decision": "approve"})
    assert response.status_code == 200
    assert "Mỗi cảnh báo cần ghi lý do chấp nhận" in page_text(response)
    assert not FindingAcknowledgement.objects.exists()

    reasons = {
        f"w-ack_{proposal.pk}_{finding.code}": "Đã có kết luận thanh tra không vi phạm"
        for finding in judgement.warnings
    }
    response = office.post_step(case, check, {"d-decision": "approve", **reasons})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.council_at is not None, "accepted: the dossier goes on to the council"
    ack = FindingAcknowledgement.objects.get(case=case, proposal=proposal, code="held")
    assert ack.reason == "Đã có kết luận thanh tra không vi phạm" and ack.by.username == "vanphong"
    assert ack.finding["severity"] == "warns" and ack.finding["citation"]
    page = page_text(office.client.get(f"/cases/ho-so/{case.pk}/"))
    assert "Cảnh báo về điều kiện đã được chấp nhận" in page
    assert "Đã có kết luận thanh tra không vi phạm" in page and "thanh tra, kiểm tra" in page


def test_someone_who_qualifies_shows_no_blocking_finding(nomination):
    case, person = nomination, _staff("QLDT001")
    clerk = Desk("qldt.thidua")
    clerk.take(case, "draft")
    response = clerk.client.get(_findings_url(case, person, _title("LDTT"), "httnv"))
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "tdkt-finding--blocks" not in fragment
    assert "Không thấy vướng mắc về điều kiện" in fragment
    # QLDT001 has CSTĐCS in 2022 and 2023: with this year's CSTĐCS in the dossier, Bằng khen tỉnh is open.
    judgement = row_judge(case=case, staff=person, title=_title("BK_TINH"), rating="htxsnv")
    assert judgement.blocked
    _rows_saved = clerk.post_step(case, clerk.take(case, "draft"), _rows([(person, "CSTDCS", "htxsnv")]), "save")
    assert _rows_saved.status_code == 302
    assert not row_judge(case=case, staff=person, title=_title("BK_TINH"), rating="htxsnv").blocked


def test_the_findings_fragment_is_404_outside_what_the_user_may_see(nomination):
    case = nomination
    url = _findings_url(case, _staff("QLDT002"), _title("CSTD_TINH"))
    assert Desk("tnmt.thidua").client.get(url).status_code == 404, "another unit's clerk"
    other_unit_person = Staff.objects.exclude(unit=case.unit).filter(is_active=True).first()
    clerk = Desk("qldt.thidua")
    assert clerk.client.get(_findings_url(case, other_unit_person, _title("LDTT"))).status_code == 404
    assert clerk.client.get(f"/cases/ho-so/{case.pk}/dieu-kien/?title=x&staff=").status_code == 200


def test_the_findings_read_in_english_on_an_english_page(nomination):
    case = nomination
    clerk = Desk("qldt.thidua")
    assert clerk.client.post("/i18n/setlang/", {"language": "en", "next": "/home/"}).status_code == 302
    fragment = clerk.client.get(_findings_url(case, _staff("QLDT002"), _title("CSTD_TINH"))).content.decode()
    assert "requires 3 consecutive years of" in fragment and "Not eligible yet:" in fragment
    assert CSTD_TINH_CITATION in fragment
    assert "cần 3 năm liên tục" not in fragment


def test_a_dossier_is_judged_in_a_bounded_number_of_queries(nomination, django_assert_max_num_queries):
    case = nomination
    clerk = Desk("qldt.thidua")
    people = list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("staff_code"))
    rows = [(person, "LDTT", "httnv") for person in people] + [(people[0], "CSTDCS", "htxsnv"), (None, "TTLDTT", "")]
    assert clerk.post_step(case, clerk.take(case, "draft"), _rows(rows), action="save").status_code == 302
    assert case.proposals.count() == len(rows)
    with django_assert_max_num_queries(14):
        judgements = proposals_judge(case=case)
    assert set(judgements) == set(case.proposals.values_list("pk", flat=True))
    unit_row = case.proposals.get(staff__isnull=True)
    assert not judgements[unit_row.pk].blocked, "the members proposed for LĐTT count for the unit's TTLĐTT"


def _page_check(clerk, case, title, rows, staff=None, extra=""):
    """The live check of a row as the page asks it (tdkt.js): `rows`, the other rows on the form."""
    query = ".".join(f"{person.pk if person else ''}-{code.pk}" for person, code in rows)
    url = f"/cases/ho-so/{case.pk}/dieu-kien/?staff={staff.pk if staff else ''}&title={title.pk}&rows={query}{extra}"
    return clerk.client.get(url)


def test_the_units_ttldtt_counts_the_rows_on_the_page_and_cstdcs_as_ldtt_luat_2022_d28_k1c(nomination):
    """Luật TĐKT 2022 Đ28 k1 điểm c: at least 70 % of the members LĐTT. Counted on the rows the clerk sees, saved
    or not; a member proposed for CSTĐCS meets LĐTT's standard the same year (Đ23 k1), so counts as LĐTT."""
    case = nomination
    clerk = Desk("qldt.thidua")
    clerk.take(case, "draft")
    people = list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("staff_code"))
    assert len(people) == 5
    ldtt, cstdcs, ttldtt = _title("LDTT"), _title("CSTDCS"), _title("TTLDTT")

    three = _page_check(clerk, case, ttldtt, [(person, ldtt) for person in people[:3]]).content.decode()
    assert 'data-code="members_title_short"' in three
    assert "TTLĐTT cần ít nhất 70% thành viên đạt LĐTT; có 3/5." in three
    assert "Luật TĐKT 2022 Đ28 k1 điểm c" in three
    four = _page_check(clerk, case, ttldtt, [*((p, ldtt) for p in people[:3]), (people[3], cstdcs)])
    assert 'data-code="members_title_short"' not in four.content.decode(), "CSTĐCS counts as LĐTT"
    assert not case.proposals.exists(), "nothing was saved"


def test_the_page_rows_replace_the_saved_ones_in_the_live_check_luat_2022_d28_k1c(nomination):
    """A saved row the clerk has taken off the page (ticked for removal, so not sent) no longer counts; without
    the page's rows (no JS), the saved rows stand for them."""
    case = nomination
    clerk = Desk("qldt.thidua")
    draft = clerk.take(case, "draft")
    people = list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("staff_code"))
    ldtt, ttldtt = _title("LDTT"), _title("TTLDTT")
    rows = [(person, "LDTT", "httnv") for person in people[:4]]
    assert clerk.post_step(case, draft, _rows(rows), action="save").status_code == 302

    saved = clerk.client.get(_findings_url(case, None, ttldtt)).content.decode()
    assert "members_title_short" not in saved, "4 of 5 saved as LĐTT"
    shown = _page_check(clerk, case, ttldtt, [(person, ldtt) for person in people[:3]]).content.decode()
    assert "có 3/5" in shown


def test_hostile_or_malformed_page_rows_are_left_out_without_an_error(nomination):
    case = nomination
    clerk = Desk("qldt.thidua")
    clerk.take(case, "draft")
    people = list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("staff_code"))
    outsider = Staff.objects.exclude(unit=case.unit).filter(is_active=True).first()
    ldtt, ttldtt = _title("LDTT"), _title("TTLDTT")
    hostile = [
        "<script>alert(1)</script>",
        f"{people[0].pk}",
        f"{people[0].pk}-{ldtt.pk}-{ldtt.pk}",
        f"abc-{ldtt.pk}",
        f"{people[1].pk}-x",
        f"99999999999999999999999-{ldtt.pk}",
        f"{people[1].pk}-99999999999999999999999",
        f"{people[2].pk}-999999",
        f"{people[3].pk}-{ldtt.pk}%0A",
        f"{people[3].pk}:{ldtt.pk}",
        f"{outsider.pk}-{ldtt.pk}",
        f"{people[4].pk}-{ttldtt.pk}",  # a person for the unit's title
        f"-{ldtt.pk}",  # the unit for a person's title
        "",
        f"=1+1-{ldtt.pk}",
        f"{people[3].pk}-{ldtt.pk}\u0663",
    ]
    url = f"/cases/ho-so/{case.pk}/dieu-kien/?staff=&title={ttldtt.pk}&rows={'.'.join(hostile)}"
    response = clerk.client.get(url)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "có 0/5" in fragment, "none of those rows counts"
    assert "<script>alert(1)" not in fragment
    many = ".".join([f"{people[0].pk}-{ldtt.pk}"] * 5000)
    response = clerk.client.get(f"/cases/ho-so/{case.pk}/dieu-kien/?staff=&title={ttldtt.pk}&rows={many}")
    assert response.status_code == 200 and "có 1/5" in response.content.decode()
    for other in ("rows=", "rows=...", "rows=%00"):
        response = clerk.client.get(f"/cases/ho-so/{case.pk}/dieu-kien/?staff=&title={ttldtt.pk}&{other}")
        assert response.status_code == 200 and "có 0/5" in response.content.decode()


def test_the_saved_dossier_counts_members_proposed_for_cstdcs_as_ldtt_luat_2022_d28_k1c(nomination):
    """The same rule on the saved dossier (the Văn phòng's check): 3 LĐTT and 1 CSTĐCS of 5 members is 80 %."""
    case = nomination
    clerk = Desk("qldt.thidua")
    people = list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("staff_code"))
    rows = [(p, "LDTT", "httnv") for p in people[:3]] + [(people[3], "CSTDCS", "htxsnv"), (None, "TTLDTT", "")]
    assert clerk.post_step(case, clerk.take(case, "draft"), _rows(rows), action="save").status_code == 302
    unit_row = case.proposals.get(staff__isnull=True)
    judgement = proposals_judge(case=case)[unit_row.pk]
    assert "members_title_short" not in {f.code for f in judgement.findings}
