"""The Trưởng ban's Quyết định khen thưởng (Mẫu 1.2) generated as .docx from the case: reopened with python-docx,
its words are the database's and its layout is NĐ 30/2020's; only whoever may decide can download it."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

import pytest
from docx.shared import Pt

from people import clock
from people.demo import SECOND_AGENCY
from people.models import Agency, Role, RoleAssignment, Staff
from people.services import delegation_create
from people.tenancy import agency_scope
from tests.desk import Desk, pdf
from tests.documents.docx_reading import all_text as _all_text
from tests.documents.docx_reading import opened as _open
from tests.documents.docx_reading import paragraph as _paragraph
from tests.documents.docx_reading import style as _style
from tests.workflows.cases import nomination_at_council, open_task
from workflows.casework import services
from workflows.documents import layout
from workflows.documents.selectors import authority_name, law_period_on
from workflows.models import AwardTitle, Proposal, TitleRule

pytestmark = pytest.mark.django_db

QUERIES = 25  # 20 today: the session, the user's roles, the case and its step, the agency, one per title
HOSTILE_SCRIPT = "<script>alert('x')</script> Nguyễn Văn Độc"
HOSTILE_FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def at_decision(demo):
    """A dossier of the Phòng Quản lý Đầu tư whose council passed LĐTT, CSTĐCS and TTLĐTT (all the Trưởng ban's to
    decide) and a Bằng khen tỉnh (decided above): the decision step is open."""
    case = nomination_at_council("QLDT", titles=("LDTT", "CSTDCS", "TTLDTT", "BK_TINH"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    return case


def _download(desk: Desk, case, task):
    return desk.client.get(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/du-thao-quyet-dinh.docx")


def test_the_draft_decision_says_what_the_database_holds_in_the_decree_layout(at_decision):
    case = at_decision
    board = Desk("truongban")
    task = board.take(case, "decide")
    page = board.task_page(case, task)
    assert b'data-testid="decision-docx"' in page.content
    assert "Tạo dự thảo quyết định (.docx)" in page.content.decode()

    response = _download(board, case, task)
    document = _open(response)
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="du-thao-quyet-dinh-khen-thuong-qldt-2024.docx"; ')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Dự thảo quyết định khen thưởng QLDT 2024.docx"

    # A4, the decree's margins, Times New Roman; page numbers from page 2 only.
    section = document.sections[0]

    def mm(*lengths):  # Word keeps lengths in twentieths of a point
        return [round(length.mm, 1) for length in lengths]

    assert mm(section.page_width, section.page_height) == [210, 297]
    assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert section.different_first_page_header_footer
    assert " PAGE " in section.header._element.xml
    assert section.first_page_header.paragraphs[0].text == ""

    # The letterhead: names, number and date from the agency's data.
    agency = Agency.objects.get(pk=case.agency_id)
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        agency.governing_body.upper(),
        agency.name.upper(),
        f"Số:       /QĐ-{agency.document_code}",
    ]
    assert _style(_paragraph(left, agency.governing_body.upper())) == {(Pt(13), False, False)}
    assert _style(_paragraph(left, agency.name.upper())) == {(Pt(13), True, False)}
    assert _style(_paragraph(left, "Số:")) == {(Pt(13), False, False)}
    assert _style(_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == {(Pt(13), True, False)}
    assert _style(_paragraph(right, "Độc lập - Tự do - Hạnh phúc")) == {(Pt(14), True, False)}
    # A draft: no number and no date yet (the văn thư gives them on issue), the year written.
    dated = _paragraph(right, f"{agency.place_name}, ngày      tháng      năm {clock.today().year}")
    assert _style(dated) == {(Pt(14), False, True)}
    # The rules under the issuer's name and the motto.
    assert sum("w:pBdr" in p._p.xml for p in left.paragraphs) == 1
    assert sum("w:pBdr" in p._p.xml for p in right.paragraphs) == 1

    # The type name, the authority heading, and căn cứ lines from the rules of the year, in italics.
    text = _all_text(document)
    assert "QUYẾT ĐỊNH\n" in text and "QUYẾT ĐỊNH:" in text
    assert "TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ TỈNH" in text
    period = law_period_on(case.campaign.end_date)
    grounds = [p for p in document.paragraphs if p.text.startswith("Căn cứ")]
    # The law period's formal lines (eligibility.yaml), the Law with its date first.
    assert grounds[0].text == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert period.grounds_lines[0] == "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    for line in period.grounds_lines:
        assert any(p.text == f"Căn cứ {line};" for p in grounds), line
    assert any(p.text.startswith("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023") for p in grounds)
    ldtt = AwardTitle.objects.get(code="LDTT")
    rule = TitleRule.objects.get(title=ldtt, effective_from__lte=case.campaign.end_date, effective_to__gte="2024-12-31")
    assert any(rule.citation.split(";")[0] in p.text and ldtt.name in p.text for p in grounds)
    assert all(_style(p) == {(Pt(14), False, True)} for p in grounds)
    proposed = _paragraph(document, "Theo đề nghị của Chánh Văn phòng Ban")
    assert proposed.text.endswith(".") and _style(proposed) == {(Pt(14), False, True)}

    # Điều 1–3, justified with a first-line indent; "Điều n." in bold.
    for number in (1, 2, 3):
        article = _paragraph(document, f"Điều {number}.")
        assert article.runs[0].font.bold and not article.runs[1].font.bold
        assert article.alignment == 3 and article.paragraph_format.first_line_indent is not None  # JUSTIFY
    assert "1 tập thể" in _paragraph(document, "Điều 1.").text
    assert _paragraph(document, "Điều 3.").text.endswith("./.")

    # Nơi nhận: 12 pt italic bold, the list in 11 pt; the signer from the data.
    recipients, signing = document.tables[1].rows[0].cells
    assert _style(_paragraph(recipients, "Nơi nhận:")) == {(Pt(12), True, True)}
    assert _style(_paragraph(recipients, "- Như Điều 3;")) == {(Pt(11), False, False)}
    head = Staff.objects.get(user__username="truongban")
    assert _style(_paragraph(signing, agency.issuer_title.upper())) == {(Pt(14), True, False)}
    assert _style(_paragraph(signing, head.full_name)) == {(Pt(14), True, False)}

    # Danh sách kèm theo: everyone the council passed for the Trưởng ban, as the database names them; not the Bằng
    # khen tỉnh, decided above.
    annex = _paragraph(document, "DANH SÁCH")
    assert annex.paragraph_format.page_break_before, "the list starts a page of its own"
    assert 'w:type="page"' not in document.element.xml, "no page-break paragraph that could leave a blank page"
    listing = document.tables[2]
    rows = [[cell.text for cell in row.cells] for row in listing.rows]
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức khen thưởng"]
    expected = set()
    for proposal in case.proposals.select_related("staff__unit", "title").filter(title__decided_at="board"):
        if proposal.staff_id:
            person = proposal.staff
            expected.add((person.full_name, person.position, person.unit.name, proposal.title.name))
        else:
            expected.add((case.unit.name, "", case.unit.name, proposal.title.name))
    assert {tuple(row[1:]) for row in rows[1:] if row[0].isdigit()} == expected
    headings = [row[0] for row in rows[1:] if not row[0].isdigit()]
    assert headings[0].startswith("I. Danh hiệu “Lao động tiên tiến” (1 cá nhân)")
    upward = case.proposals.get(title__code="BK_TINH")
    assert upward.staff.full_name not in {row[1] for row in rows}


def test_the_draft_costs_no_query_per_awardee(at_decision, django_assert_max_num_queries):
    """Reads per request and per title, none per awardee: two more people with a title already listed cost nothing."""
    case = at_decision
    board = Desk("truongban")
    task = board.take(case, "decide")
    with django_assert_max_num_queries(QUERIES) as first:
        assert _download(board, case, task).status_code == 200
    listed = set(case.proposals.values_list("staff_id", flat=True))
    ldtt = AwardTitle.objects.get(code="LDTT")
    for person in Staff.objects.filter(unit=case.unit).exclude(pk__in=listed)[:2]:
        Proposal.objects.create(case=case, staff=person, title=ldtt, council_result=Proposal.CouncilResult.PASSED)
    with django_assert_max_num_queries(QUERIES) as second:
        document = _open(_download(board, case, task))
    assert len(document.tables[2].rows) == 1 + 3 + 5
    assert len(second.captured_queries) == len(first.captured_queries)


def test_the_recorded_decision_carries_its_number_date_and_only_those_awarded(at_decision):
    case = at_decision
    board = Desk("truongban")
    task = board.take(case, "decide")
    proposals = {p.title.code: p for p in case.proposals.select_related("staff", "title")}
    response = board.post_step(
        case,
        task,
        {"q-number": "5/QĐ-BQL", "q-date": "03/02/2025", "q-awardees": [proposals["LDTT"].pk, proposals["TTLDTT"].pk]},
        files={"q-file": pdf("qd-5.pdf")},
    )
    assert response.status_code == 302
    document = _open(_download(board, case, task))
    left, right = document.tables[0].rows[0].cells
    assert "Số: 05/QĐ-BQL" in [p.text for p in left.paragraphs]
    assert "Tây Ninh, ngày 03 tháng 02 năm 2025" in [p.text for p in right.paragraphs]
    text = _all_text(document)
    assert "(Kèm theo Quyết định số 05/QĐ-BQL ngày 03/02/2025 của Trưởng ban Quản lý Khu kinh tế tỉnh)" in text
    names = {row.cells[1].text for row in document.tables[2].rows}
    assert proposals["LDTT"].staff.full_name in names
    assert proposals["CSTDCS"].staff.full_name not in names, "not awarded: not in the list"
    assert case.proposals.get(pk=proposals["CSTDCS"].pk).outcome == Proposal.Outcome.NOT_AWARDED


def test_no_one_but_the_decider_gets_the_draft(at_decision):
    case = at_decision
    task = open_task(case, "decide")
    office = Desk("vanphong")
    assert office.task_page(case, task).status_code == 200, "the Văn phòng sees the step"
    assert b'data-testid="decision-docx"' not in office.task_page(case, task).content
    assert _download(office, case, task).status_code == 404
    assert _download(Desk("qldt.truongphong"), case, task).status_code == 404
    assert _download(Desk("khcn.giamdoc"), case, task).status_code == 404, "another agency's head"
    # Another step of the same case is no decision.
    check = case.task_set.filter(flow_task_type="HUMAN", status="DONE").order_by("pk").last()
    assert _download(Desk("truongban"), case, check).status_code == 404


def test_hostile_names_are_written_as_plain_text(at_decision):
    case = at_decision
    proposals = {p.title.code: p for p in case.proposals.select_related("staff")}
    first, second = proposals["LDTT"].staff, proposals["CSTDCS"].staff
    first.full_name = HOSTILE_SCRIPT
    first.save(update_fields=["full_name"])
    second.full_name = HOSTILE_FORMULA
    second.position = "Chuyên viên\x07\x1b chính"  # characters XML cannot hold
    second.save(update_fields=["full_name", "position"])
    board = Desk("truongban")
    task = board.take(case, "decide")
    response = _download(board, case, task)
    document = _open(response)
    rows = {row.cells[1].text: row.cells[2].text for row in document.tables[2].rows}
    assert HOSTILE_SCRIPT in rows
    assert rows[HOSTILE_FORMULA] == "Chuyên viên chính"
    assert b"<script>" not in response.content  # a zip; and in its XML the name is escaped text:
    assert "&lt;script&gt;" in document.tables[2]._tbl.xml


def test_a_deputy_standing_in_for_the_head_signs_kt(at_decision):
    """KT. (ký thay): the deputy holding the head's role by delegation signs for the head, under their own title."""
    case = at_decision
    today = clock.today()
    delegation_create(
        role_assignment=RoleAssignment.objects.get(staff__user__username="truongban", role=Role.BOARD_HEAD),
        delegate=Staff.objects.get(user__username="photruongban"),
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        reason="Đi công tác",
    )
    deputy = Desk("photruongban")
    task = open_task(case, "decide")
    document = _open(_download(deputy, case, task))
    signing = document.tables[1].rows[0].cells[1]
    person = Staff.objects.get(user__username="photruongban")
    agency = Agency.objects.get(pk=case.agency_id)
    lines = [p.text for p in signing.paragraphs if p.text]
    assert lines == [f"KT. {agency.issuer_title.upper()}", person.position.upper(), person.full_name]


def test_another_agency_s_decision_is_headed_with_its_own_names(demo):
    """The Sở's decision: its governing body, name, number symbol, place and decider, all from its own row."""
    agency = Agency.objects.get(code=SECOND_AGENCY["code"])
    with agency_scope(agency):
        case = nomination_at_council("QLKH", titles=("LDTT",), office="khcn.vanphong")
        services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
        task = open_task(case, "decide")
        awardee = case.proposals.get().staff.full_name
    director = Desk("khcn.giamdoc")
    director.take(case, "decide")
    document = _open(_download(director, case, task))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        agency.governing_body.upper(),
        agency.name.upper(),
        f"Số:       /QĐ-{agency.document_code}",
    ]
    assert _paragraph(right, f"{agency.place_name}, ngày").runs[0].font.italic
    text = _all_text(document)
    assert "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "Theo đề nghị của Chánh Văn phòng Sở." in text
    assert awardee in {row.cells[1].text for row in document.tables[2].rows}
    assert _download(Desk("truongban"), case, task).status_code == 404, "the Board's head: not his agency's case"


@pytest.mark.parametrize(
    ("number", "expected"),
    [("5/QĐ-BQL", "05/QĐ-BQL"), ("5", "05/QĐ-BQL"), ("125/QĐ-BQL", "125/QĐ-BQL"), ("", "      /QĐ-BQL")],
)
def test_numbers_below_ten_take_a_leading_zero(number, expected):
    assert layout.number_text(number, type_code="QĐ", issuer_code="BQL") == expected


def test_dates_and_authority_read_as_the_decree_writes_them():
    assert layout.date_line("Tây Ninh", datetime.date(2025, 2, 3)) == "Tây Ninh, ngày 03 tháng 02 năm 2025"
    assert layout.date_line("Tây Ninh", datetime.date(2024, 12, 10)) == "Tây Ninh, ngày 10 tháng 12 năm 2024"
    assert layout.date_line("Tây Ninh", None, year=2024) == "Tây Ninh, ngày      tháng      năm 2024"
    assert authority_name(title="Trưởng ban", agency_name="Ban Quản lý Khu kinh tế tỉnh") == (
        "Trưởng ban Quản lý Khu kinh tế tỉnh"
    )
    assert authority_name(title="Giám đốc Sở", agency_name="Sở Khoa học và Công nghệ") == (
        "Giám đốc Sở Khoa học và Công nghệ"
    )
