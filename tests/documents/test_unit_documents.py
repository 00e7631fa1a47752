"""A unit's own papers generated as .docx from its case, through the step pages as the unit's clerk and head: the
Bản đăng ký thi đua, the Biên bản họp bình xét (Mẫu 1.9), the Tờ trình đề nghị khen thưởng (Mẫu 1.4) and a Báo cáo
thành tích skeleton per nominee. Reopened with python-docx, their words and figures are the database's and their
layout is NĐ 30/2020's; each is filed as a draft that the checklist does not count; no one else gets them."""

from __future__ import annotations

import datetime

import pytest
from docx.shared import Pt

from people.models import Agency, OrgUnit, Staff
from tests.desk import Desk, page_text
from tests.documents.docx_reading import all_text as _all_text
from tests.documents.docx_reading import opened as _open
from tests.documents.docx_reading import paragraph as _paragraph
from tests.documents.docx_reading import rows as _rows
from tests.documents.docx_reading import style as _style
from tests.workflows.cases import open_task
from workflows.casework import services
from workflows.documents import engine, unit
from workflows.models import AwardTitle, Campaign, Case, CaseFile, Commendation, Proposal, RegistrationEntry

pytestmark = pytest.mark.django_db

HOSTILE_SCRIPT = "<script>alert('x')</script> Nguyễn Văn Độc"
HOSTILE_FORMULA = "=cmd|' /C calc'!A0"
UNIT_KINDS = [
    unit.REGISTRATION,
    unit.MINUTES,
    unit.SUBMISSION,
    unit.REPORT_INDIVIDUAL,
    unit.REPORT_COLLECTIVE,
]


# --- helpers ------------------------------------------------------------------------------------------------


def _layout_is_the_decree_s(document, case, *, number: str | None, dated: bool = True) -> None:
    """A4, margins 20/20/30/15 mm, Times New Roman 14; the letterhead's lines in their sizes and weights: the
    agency (cơ quan chủ quản) over the unit (cơ quan ban hành), the number when the paper has one."""
    section = document.sections[0]
    assert [round(x.mm, 1) for x in (section.page_width, section.page_height)] == [210, 297]
    assert [round(x.mm, 1) for x in (section.top_margin, section.bottom_margin)] == [20, 20]
    assert [round(x.mm, 1) for x in (section.left_margin, section.right_margin)] == [30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert section.different_first_page_header_footer and " PAGE " in section.header._element.xml
    agency = Agency.objects.get(pk=case.agency_id)
    left, right = document.tables[0].rows[0].cells
    lines = [p.text for p in left.paragraphs if p.text]
    assert lines[:2] == [agency.name.upper(), case.unit.name.upper()]
    assert _style(_paragraph(left, agency.name.upper())) == {(Pt(13), False, False)}
    assert _style(_paragraph(left, case.unit.name.upper())) == {(Pt(13), True, False)}
    if number is None:
        assert len(lines) == 2, "no number on this paper"
    else:
        assert lines[2] == f"Số:       /{number}-{case.unit.code}"
        assert _style(_paragraph(left, "Số:")) == {(Pt(13), False, False)}
    assert _style(_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == {(Pt(13), True, False)}
    assert _style(_paragraph(right, "Độc lập - Tự do - Hạnh phúc")) == {(Pt(14), True, False)}
    place_lines = [p for p in right.paragraphs if p.text.startswith(f"{agency.place_name}, ngày")]
    if dated:
        assert len(place_lines) == 1 and _style(place_lines[0]) == {(Pt(14), False, True)}
    else:
        assert not place_lines, "Mẫu 1.9: the biên bản's time is in its body"


def _draft_filed(case, *, doc_type: str, proposal=None) -> CaseFile:
    filed = case.files.get(doc_type=doc_type, proposal=proposal, generated=True, removed_at__isnull=True)
    assert filed.name.endswith(".docx") and filed.size > 0
    return filed


# --- a nomination drafted through the page ------------------------------------------------------------------


@pytest.fixture
def drafting(demo):
    """The Phòng Quản lý Đầu tư's dossier of 2024 on its drafting step, taken by its clerk, with a meeting and three
    proposals saved through the step form: two people and the unit itself."""
    case = services.case_open(
        kind=Case.Kind.NOMINATION,
        campaign=Campaign.objects.get(year=2024),
        unit=OrgUnit.objects.get(code="QLDT"),
    )
    clerk = Desk("qldt.thidua")
    task = clerk.take(case, "draft")
    people = list(Staff.objects.filter(unit=case.unit).order_by("staff_code"))
    rows = [
        (people[0], "CSTDCS", "htxsnv", "Chủ trì số hoá thủ tục đầu tư\nRút ngắn thời gian thẩm định 30%", "8"),
        (people[3], "LDTT", "httnv", "", "7"),
        (None, "TTLDTT", "", "Hoàn thành 100% chỉ tiêu", "9"),
    ]
    data = {
        "h-meeting_date": "25/11/2024",
        "h-meeting_place": "Phòng họp số 2",
        "h-meeting_chair": "Lê Đức Anh, Trưởng phòng",
        "h-meeting_secretary": "Vũ Thị Thanh Huyền, Chuyên viên",
        "h-attendance_present": "9",
        "h-attendance_total": "10",
        **_proposal_rows(rows),
    }
    response = clerk.post_step(case, task, data, action="save")
    assert response.status_code == 302, page_text(response)[:2000]
    return case, task, clerk


def _proposal_rows(rows):
    data = {"p-TOTAL_FORMS": str(len(rows)), "p-INITIAL_FORMS": "0", "p-MIN_NUM_FORMS": "0", "p-MAX_NUM_FORMS": "1000"}
    for index, (staff, title, rating, achievements, votes) in enumerate(rows):
        data.update(
            {
                f"p-{index}-id": "",
                f"p-{index}-staff": staff.pk if staff else "",
                f"p-{index}-title": AwardTitle.objects.get(code=title).pk,
                f"p-{index}-rating": rating,
                f"p-{index}-achievements": achievements,
                f"p-{index}-meeting_votes": votes,
            }
        )
    return data


def _existing(case, votes: dict | None = None):
    changes = votes or {}
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
                f"p-{index}-meeting_votes": changes.get(p.pk, p.meeting_votes if p.meeting_votes is not None else ""),
            }
        )
    return data


def _post(desk, case, task, document: str):
    return desk.client.post(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/van-ban-don-vi/{document}.docx")


def _post_report(desk, case, task, proposal):
    return desk.client.post(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/bao-cao-thanh-tich/{proposal.pk}.docx")


def test_the_meeting_and_votes_are_kept_from_the_drafting_step(drafting):
    case, _task, _clerk = drafting
    case.refresh_from_db()
    assert case.meeting_date == datetime.date(2024, 11, 25)
    assert (case.meeting_place, case.meeting_chair, case.meeting_secretary) == (
        "Phòng họp số 2",
        "Lê Đức Anh, Trưởng phòng",
        "Vũ Thị Thanh Huyền, Chuyên viên",
    )
    assert sorted(case.proposals.values_list("meeting_votes", flat=True)) == [7, 8, 9]


def test_votes_above_those_present_or_a_meeting_yet_to_come_are_refused_and_nothing_is_saved(drafting):
    case, task, clerk = drafting
    first = case.proposals.order_by("pk").first()
    meeting = {
        "h-meeting_date": "25/11/2024",
        "h-attendance_present": "9",
        "h-attendance_total": "10",
        "h-meeting_place": "Hội trường",
    }
    response = clerk.post_step(case, task, {**meeting, **_existing(case, {first.pk: "12"})}, action="save")
    assert response.status_code == 200
    text = page_text(response)
    assert f"Số phiếu đồng ý của “{first.staff.full_name}” (12) lớn hơn số người dự họp (9)." in text
    case.refresh_from_db()
    first.refresh_from_db()
    assert first.meeting_votes == 8 and case.meeting_place == "Phòng họp số 2", "nothing half-saved"

    later = {**meeting, "h-meeting_date": "01/01/2999"}
    response = clerk.post_step(case, task, {**later, **_existing(case)}, action="save")
    assert response.status_code == 200
    assert "Ngày họp bình xét 01/01/2999 chưa đến" in page_text(response)
    earlier = {**meeting, "h-meeting_date": "30/12/2023"}
    assert "trước năm 2024" in page_text(clerk.post_step(case, task, {**earlier, **_existing(case)}, action="save"))
    over = {**meeting, "h-attendance_present": "11"}
    assert "Số người dự họp không thể lớn hơn tổng số được triệu tập." in page_text(
        clerk.post_step(case, task, {**over, **_existing(case)}, action="save")
    )
    case.refresh_from_db()
    assert case.meeting_date == datetime.date(2024, 11, 25) and case.attendance_present == 9


def test_the_minutes_record_the_meeting_and_each_nominee_s_votes(drafting):
    case, task, clerk = drafting
    page = clerk.task_page(case, task)
    assert b'data-testid="unit-docx-bien-ban-binh-xet"' in page.content
    assert "Tạo biên bản họp bình xét (.docx)" in page.content.decode()

    document = _open(_post(clerk, case, task, "bien-ban-binh-xet"))
    _layout_is_the_decree_s(document, case, number="BB", dated=False)
    text = _all_text(document)
    assert _style(_paragraph(document, "BIÊN BẢN")) == {(Pt(14), True, False)}
    assert _style(_paragraph(document, "Họp bình xét thi đua, khen thưởng năm 2024")) == {(Pt(14), True, False)}
    assert "QĐ" not in text
    assert "Thời gian: …… giờ ……, ngày 25 tháng 11 năm 2024" in text
    assert "Địa điểm: Phòng họp số 2" in text
    assert "Tổng số người được triệu tập: 10 người; có mặt: 9 người; vắng mặt: 1 người." in text
    assert "Chủ trì: Lê Đức Anh, Trưởng phòng" in text
    assert "Thư ký (người ghi biên bản): Vũ Thị Thanh Huyền, Chuyên viên" in text
    assert "2 cá nhân và 1 tập thể được đề nghị" in text
    assert "điền tay" not in text, "every figure was entered: no note about blanks"

    votes = _rows(document.tables[1])
    assert votes[0] == unit.VOTE_HEADINGS
    case.refresh_from_db()
    expected = []
    for p in case.proposals.select_related("staff", "title").order_by("order", "pk"):
        name = p.staff.full_name if p.staff else case.unit.name
        rate = unit.percent_text(p.meeting_votes, case.attendance_total)
        expected.append((name, p.staff.position if p.staff else "", p.title.name, f"{p.meeting_votes}/10", rate))
    assert [tuple(row[1:]) for row in votes[1:]] == sorted(expected, key=lambda r: r[0] == case.unit.name)
    assert {row[5] for row in votes[1:]} == {"80", "70", "90"}

    # Thư ký and chủ trì side by side, their names as entered, less the position.
    secretary, chair = document.tables[2].rows[0].cells
    assert [p.text for p in secretary.paragraphs if p.text] == ["THƯ KÝ", "(Ký, ghi rõ họ tên)", "Vũ Thị Thanh Huyền"]
    assert [p.text for p in chair.paragraphs if p.text] == ["CHỦ TRÌ", "(Ký, ghi rõ họ tên)", "Lê Đức Anh"]
    assert _style(_paragraph(document, "Nơi nhận:")) == {(Pt(12), True, True)}

    _draft_filed(case, doc_type="bien_ban_binh_xet")


def test_the_minutes_leave_blanks_for_what_was_not_entered(drafting):
    case, task, clerk = drafting
    Case.objects.filter(pk=case.pk).update(attendance_present=None, attendance_total=None, meeting_place="")
    Proposal.objects.filter(case=case).update(meeting_votes=None)
    text = _all_text(_open(_post(clerk, case, task, "bien-ban-binh-xet")))
    assert "Tổng số người được triệu tập: …… người; có mặt: …… người; vắng mặt: …… người." in text
    assert f"Địa điểm: {unit.BLANK_LINE}" in text
    assert "……/……" in text
    assert "do thư ký điền tay" in text
    assert not any(char.isdigit() for char in text.split("cụ thể như sau:")[1].split("(Những")[0].replace("2024", ""))


def test_the_submission_lists_the_nominees_to_the_head_of_the_agency(drafting):
    case, task, clerk = drafting
    document = _open(_post(clerk, case, task, "to-trinh"))
    _layout_is_the_decree_s(document, case, number="TTr")
    text = _all_text(document)
    agency = Agency.objects.get(pk=case.agency_id)
    assert _style(_paragraph(document, "TỜ TRÌNH")) == {(Pt(14), True, False)}
    trich_yeu = "Về việc đề nghị khen thưởng danh hiệu thi đua, hình thức khen thưởng năm 2024"
    assert _style(_paragraph(document, trich_yeu)) == {(Pt(14), True, False)}
    assert "Kính gửi: Trưởng ban Quản lý Khu kinh tế tỉnh" in text
    assert "Căn cứ kết quả họp bình xét thi đua, khen thưởng năm 2024 của Phòng Quản lý Đầu tư ngày 25/11/2024;" in text
    assert "2 cá nhân và 1 tập thể" in text
    request = _paragraph(document, "Phòng Quản lý Đầu tư kính trình")
    assert request.alignment == 3 and request.paragraph_format.first_line_indent is not None  # justified, indented

    listing = _rows(document.tables[1])
    assert listing[0] == ["STT", "Họ và tên", "Chức vụ", "Danh hiệu, hình thức đề nghị", "Ghi chú"]
    expected = set()
    for p in case.proposals.select_related("staff", "title"):
        if p.staff:
            note = f"Xếp loại: {p.get_rating_display()}"
            expected.add((p.staff.full_name, p.staff.position, p.title.name, note))
        else:
            expected.add((case.unit.name, "", p.title.name, ""))
    assert {tuple(row[1:]) for row in listing[1:]} == expected
    assert [row[0] for row in listing[1:]] == ["1", "2", "3"]

    # Signed by the unit's head (Role.UNIT_HEAD), under their own title.
    head = Staff.objects.get(user__username="qldt.truongphong")
    recipients, signing = document.tables[2].rows[0].cells
    assert [p.text for p in signing.paragraphs if p.text] == [head.position.upper(), head.full_name]
    assert _style(_paragraph(recipients, "Nơi nhận:")) == {(Pt(12), True, True)}
    assert _style(_paragraph(recipients, "- Như trên;")) == {(Pt(11), False, False)}
    assert agency.name  # the addressee came from the agency's own row
    _draft_filed(case, doc_type="to_trinh")


def test_an_achievement_report_per_nominee_prefilled_from_the_record(drafting):
    case, task, clerk = drafting
    proposals = {p.title.code: p for p in case.proposals.select_related("staff__unit", "title")}
    person = proposals["CSTDCS"].staff
    person.date_of_birth = datetime.date(1980, 3, 7)
    person.save(update_fields=["date_of_birth"])
    ldtt = AwardTitle.objects.get(code="LDTT")
    Commendation.objects.create(
        staff=person,
        title=ldtt,
        year=2022,
        decision_number="07/QĐ-BQL",
        decision_date=datetime.date(2023, 1, 9),
        decided_by="Trưởng ban Quản lý Khu kinh tế tỉnh",
    )
    page = clerk.task_page(case, task)
    assert f'data-testid="achievement-docx-{proposals["CSTDCS"].pk}"'.encode() in page.content

    document = _open(_post_report(clerk, case, task, proposals["CSTDCS"]))
    _layout_is_the_decree_s(document, case, number=None)
    text = _all_text(document)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ”" in text
    assert f"{person.full_name}, {person.position}, {case.unit.name}" in text
    assert f"- Họ và tên: {person.full_name}" in text
    assert "- Ngày, tháng, năm sinh: 07/03/1980" in text
    assert f"- Chức vụ: {person.position}" in text
    assert f"- Đơn vị công tác: {case.unit.name}" in text
    assert "- Xếp loại chất lượng năm 2024: Hoàn thành xuất sắc nhiệm vụ" in text
    assert "- Quê quán: ……" in text, "what the product does not hold is left for the person"
    for line in ("Chủ trì số hoá thủ tục đầu tư", "Rút ngắn thời gian thẩm định 30%"):
        assert line in [p.text for p in document.paragraphs]
    for heading in ("I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN"):
        assert _style(_paragraph(document, heading)) == {(Pt(14), True, False)}
    history = _rows(document.tables[1])
    assert history[1] == [
        "2022",
        "Lao động tiên tiến",
        "Số 07/QĐ-BQL, ngày 09/01/2023, Trưởng ban Quản lý Khu kinh tế tỉnh",
    ]
    reporter = document.tables[3].rows[0].cells[1]
    assert [p.text for p in reporter.paragraphs if p.text][-1] == person.full_name
    _draft_filed(case, doc_type="bao_cao_thanh_tich", proposal=proposals["CSTDCS"])

    # The unit's own: the collective form.
    collective = _open(_post_report(clerk, case, task, proposals["TTLDTT"]))
    text = _all_text(collective)
    head = Staff.objects.get(user__username="qldt.truongphong")
    members = Staff.objects.filter(unit=case.unit, is_active=True).count()
    assert "ĐỀ NGHỊ TẶNG DANH HIỆU “TẬP THỂ LAO ĐỘNG TIÊN TIẾN”" in text
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in text
    assert f"- Thủ trưởng đơn vị: {head.full_name}, {head.position}" in text
    assert f"- Tổng số cán bộ, công chức, viên chức, người lao động: {members} người" in text
    assert "Hoàn thành 100% chỉ tiêu" in text
    _draft_filed(case, doc_type="bao_cao_thanh_tich", proposal=proposals["TTLDTT"])


def test_drafts_are_filed_and_the_checklist_shows_them_as_drafts_not_present(drafting):
    case, task, clerk = drafting
    for document in ("to-trinh", "bien-ban-binh-xet"):
        assert _post(clerk, case, task, document).status_code == 200
    proposal = case.proposals.filter(staff__isnull=False).order_by("pk").first()
    assert _post_report(clerk, case, task, proposal).status_code == 200
    # Again: the new draft replaces the old one, which is kept as removed.
    assert _post(clerk, case, task, "to-trinh").status_code == 200
    assert case.files.filter(doc_type="to_trinh", generated=True, removed_at__isnull=True).count() == 1
    assert case.files.filter(doc_type="to_trinh", generated=True, removed_at__isnull=False).count() == 1

    page = clerk.task_page(case, task)
    checklist = page.context["checklist"]
    drafted = {(item.code, item.proposal.pk if item.proposal else None) for item in checklist if item.draft}
    assert ("to_trinh", None) in drafted and ("bien_ban_binh_xet", None) in drafted
    assert ("bao_cao_thanh_tich", proposal.pk) in drafted
    assert not any(item.present for item in checklist if item.code in {"to_trinh", "bien_ban_binh_xet"})
    assert b'data-testid="checklist-draft"' in page.content


def test_the_head_generates_them_on_the_signing_step(drafting):
    case, task, clerk = drafting
    assert clerk.post_step(case, task, {**_meeting_kept(case), **_existing(case)}).status_code == 302
    head = Desk("qldt.truongphong")
    sign = head.take(case, "sign")
    assert b'data-testid="unit-docx-to-trinh"' in head.task_page(case, sign).content
    assert _open(_post(head, case, sign, "to-trinh"))
    assert _post(clerk, case, sign, "to-trinh").status_code == 404, "the clerk may not work the signing step"
    assert _post(clerk, case, task, "to-trinh").status_code == 404, "the drafting step is done"


def _meeting_kept(case):
    case.refresh_from_db()
    return {
        "h-meeting_date": case.meeting_date.strftime("%d/%m/%Y"),
        "h-meeting_place": case.meeting_place,
        "h-meeting_chair": case.meeting_chair,
        "h-meeting_secretary": case.meeting_secretary,
        "h-attendance_present": case.attendance_present,
        "h-attendance_total": case.attendance_total,
    }


def test_no_one_outside_the_unit_s_step_gets_them(drafting):
    case, task, _clerk = drafting
    proposal = case.proposals.order_by("pk").first()
    for username in ("qhxd.thidua", "qhxd.truongphong", "khcn.qlkh.thidua"):
        desk = Desk(username)
        assert desk.task_page(case, task).status_code == 404
        assert _post(desk, case, task, "to-trinh").status_code == 404
        assert _post(desk, case, task, "bien-ban-binh-xet").status_code == 404
        assert _post_report(desk, case, task, proposal).status_code == 404
    office = Desk("vanphong")
    assert office.task_page(case, task).status_code == 200, "the Văn phòng sees the step"
    assert b'data-testid="unit-documents"' not in office.task_page(case, task).content
    assert _post(office, case, task, "to-trinh").status_code == 404
    assert not case.files.filter(generated=True).exists()
    clerk = Desk("qldt.thidua")
    assert _post(clerk, case, task, "dang-ky-thi-dua").status_code == 404, "not a registration case"
    assert clerk.client.get(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/van-ban-don-vi/to-trinh.docx").status_code == 405
    stranger = Proposal.objects.create(
        case=services.case_open(
            kind=Case.Kind.NOMINATION, campaign=case.campaign, unit=OrgUnit.objects.get(code="QHXD")
        ),
        staff=Staff.objects.filter(unit__code="QHXD").first(),
        title=AwardTitle.objects.get(code="LDTT"),
        rating="httnv",
    )
    assert _post_report(clerk, case, task, stranger).status_code == 404, "another unit's nominee"


def test_hostile_names_are_written_as_plain_text(drafting):
    case, task, clerk = drafting
    first, second = (p.staff for p in case.proposals.filter(staff__isnull=False).select_related("staff").order_by("pk"))
    first.full_name = HOSTILE_SCRIPT
    first.save(update_fields=["full_name"])
    second.full_name = HOSTILE_FORMULA
    second.position = "Chuyên viên\x07\x1b chính"
    second.save(update_fields=["full_name", "position"])
    Case.objects.filter(pk=case.pk).update(meeting_chair="<b>Chủ trì</b>\x0c, Trưởng phòng")
    response = _post(clerk, case, task, "to-trinh")
    document = _open(response)
    rows = {row[1]: row[2] for row in _rows(document.tables[1])}
    assert rows[HOSTILE_SCRIPT] == first.position
    assert rows[HOSTILE_FORMULA] == "Chuyên viên chính"
    assert "&lt;script&gt;" in document.tables[1]._tbl.xml
    minutes = _open(_post(clerk, case, task, "bien-ban-binh-xet"))
    assert "Chủ trì: <b>Chủ trì</b>, Trưởng phòng" in _all_text(minutes)
    report = _open(_post_report(clerk, case, task, case.proposals.get(staff=first)))
    assert f"- Họ và tên: {HOSTILE_SCRIPT}" in _all_text(report)
    filed = _draft_filed(case, doc_type="bao_cao_thanh_tich", proposal=case.proposals.get(staff=first))
    assert "/" not in filed.name


# --- the registration ---------------------------------------------------------------------------------------


def test_the_registration_says_what_the_unit_registered(demo):
    case = services.case_open(
        kind=Case.Kind.REGISTRATION,
        campaign=Campaign.objects.get(year=2024),
        unit=OrgUnit.objects.get(code="QLDT"),
    )
    clerk = Desk("qldt.thidua")
    task = clerk.take(case, "draft")
    people = list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("full_name"))
    ttldtt = AwardTitle.objects.get(code="TTLDTT")
    data = {"r-collective_title": ttldtt.pk}
    chosen = {people[0]: ("CSTDCS", "Số hoá hồ sơ đầu tư"), people[1]: ("LDTT", "")}
    for person in people:
        code, initiative = chosen.get(person, ("", ""))
        data[f"s-title_{person.pk}"] = AwardTitle.objects.get(code=code).pk if code else ""
        data[f"s-initiative_{person.pk}"] = initiative
    assert clerk.post_step(case, task, data, action="save").status_code == 302
    assert RegistrationEntry.objects.filter(case=case).count() == 2
    page = clerk.task_page(case, task)
    assert b'data-testid="unit-docx-dang-ky-thi-dua"' in page.content
    assert b'data-testid="unit-docx-to-trinh"' not in page.content

    document = _open(_post(clerk, case, task, "dang-ky-thi-dua"))
    _layout_is_the_decree_s(document, case, number=None)
    text = _all_text(document)
    assert _style(_paragraph(document, "BẢN ĐĂNG KÝ THI ĐUA")) == {(Pt(14), True, False)}
    assert "Năm 2024" in text
    assert "Kính gửi: Trưởng ban Quản lý Khu kinh tế tỉnh" in text
    assert f"Danh hiệu thi đua của tập thể: đăng ký danh hiệu “{ttldtt.name}”." in text
    assert "2 cá nhân đăng ký" in text
    listing = _rows(document.tables[1])
    assert listing[0] == unit.REGISTRATION_HEADINGS
    expected = {
        (e.staff.full_name, e.staff.position, e.title.name, e.initiative)
        for e in case.entries.select_related("staff", "title")
    }
    assert {tuple(row[1:]) for row in listing[1:]} == expected
    head = Staff.objects.get(user__username="qldt.truongphong")
    signing = document.tables[2].rows[0].cells[1]
    assert [p.text for p in signing.paragraphs if p.text] == [head.position.upper(), head.full_name]
    _draft_filed(case, doc_type="dang_ky")
    # Another unit's clerk: no such case for them.
    assert _post(Desk("qhxd.thidua"), case, task, "dang-ky-thi-dua").status_code == 404
    assert _post(clerk, case, open_task(case, "draft"), "bien-ban-binh-xet").status_code == 404


# --- the default templates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", UNIT_KINDS, ids=lambda k: k.code)
def test_each_default_template_exists_and_fills_with_its_sample(kind):
    assert kind.path.exists(), f"chạy manage.py build_document_templates: thiếu {kind.path.name}"
    engine.check_template(kind.code, kind.default_bytes())
    assert engine.kind_of(kind.code) is kind


@pytest.mark.parametrize(
    ("votes", "total", "expected"), [(9, 10, "90"), (8, 9, "88,9"), (2, 3, "66,7"), (None, 10, "……"), (5, None, "……")]
)
def test_rates_are_written_as_vietnamese_writes_them(votes, total, expected):
    assert unit.percent_text(votes, total) == expected
