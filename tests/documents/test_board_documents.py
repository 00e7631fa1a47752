"""The Board's documents upward, generated as .docx by the Văn phòng on the steps that send them: the tờ trình with
its list (send_upward), the consolidated registration and the mid-year report (the Board's report step), the
year-end report (the campaign page). Each reopened with python-docx: its words are the database's, its recipient
the data's, its layout NĐ 30/2020's; the draft is filed in the case; no one but the Văn phòng gets it."""

from __future__ import annotations

import datetime
import io
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.shared import Cm, Pt

from people import clock
from people.demo import SECOND_AGENCY
from people.models import Agency, OrgUnit, Staff
from people.selectors import units_for_emulation
from people.tenancy import agency_scope
from tests.desk import Desk
from tests.documents.docx_reading import all_text as _all_text
from tests.documents.docx_reading import opened as _open
from tests.documents.docx_reading import paragraph as _paragraph
from tests.documents.docx_reading import rows as _rows
from tests.documents.docx_reading import style as _style
from tests.workflows.cases import do, nomination_at_council
from workflows.casework import services
from workflows.casework.selectors import registration_summary
from workflows.documents import board, engine
from workflows.documents.selectors import law_period_on
from workflows.models import AwardTitle, Campaign, Case, CaseFile, Milestone, Proposal, RegistrationEntry

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HOSTILE_SCRIPT = "<script>alert('x')</script> Nguyễn Văn Độc"
HOSTILE_FORMULA = "=cmd|' /C calc'!A0"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


# --- helpers -------------------------------------------------------------------------------------------------


def _assert_decree_layout(document, agency: Agency, number: str) -> None:
    """A4, the decree's margins and font, page numbers from page 2; the letterhead from the agency's data."""
    section = document.sections[0]

    def mm(*lengths):
        return [round(length.mm, 1) for length in lengths]

    assert mm(section.page_width, section.page_height) == [210, 297]
    assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert section.different_first_page_header_footer and " PAGE " in section.header._element.xml
    left, right = document.tables[0].rows[0].cells
    lines = [p.text for p in left.paragraphs if p.text]
    assert lines[:3] == [agency.governing_body.upper(), agency.name.upper(), f"Số:       /{number}"]
    assert _style(_paragraph(left, agency.governing_body.upper())) == {(Pt(13), False, False)}
    assert _style(_paragraph(left, agency.name.upper())) == {(Pt(13), True, False)}
    assert _style(_paragraph(left, "Số:")) == {(Pt(13), False, False)}
    assert _style(_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == {(Pt(13), True, False)}
    assert _style(_paragraph(right, "Độc lập - Tự do - Hạnh phúc")) == {(Pt(14), True, False)}
    dated = _paragraph(right, f"{agency.place_name}, ngày      tháng      năm {clock.today().year}")
    assert _style(dated) == {(Pt(14), False, True)}


def _assert_signed_by_head(document, agency: Agency, head_username: str) -> None:
    recipients, signing = document.tables[-1].rows[0].cells
    assert _style(_paragraph(recipients, "Nơi nhận:")) == {(Pt(12), True, True)}
    assert _style(_paragraph(recipients, "- Như trên;")) == {(Pt(11), False, False)}
    head = Staff.objects.get(user__username=head_username)
    assert [p.text for p in signing.paragraphs if p.text] == [agency.issuer_title.upper(), head.full_name]


def _drafts(case, doc_type: str):
    return CaseFile.objects.filter(case=case, doc_type=doc_type, generated=True, removed_at__isnull=True)


def _button_url(page: str, testid: str) -> str:
    """The action of the form whose button carries `testid`, as the page shows it."""
    marker = f'data-testid="{testid}"'
    assert marker in page, f"không có nút {testid}"
    form = page[: page.index(marker)].rsplit("<form", 1)[1]
    return form.split('action="', 1)[1].split('"', 1)[0]


# --- the tờ trình to the level above ---------------------------------------------------------------------------


@pytest.fixture
def at_send_upward(demo):
    """A dossier of the Phòng Quản lý Đầu tư whose council passed a Bằng khen tỉnh and a CSTĐ tỉnh (the Chủ tịch
    UBND tỉnh's), a Bằng khen of the Bộ (the ministry's), a Tập thể LĐXS (the unit) and an LĐTT (the Trưởng ban's:
    not sent upward)."""
    case = nomination_at_council("QLDT", titles=("BK_TINH", "CSTD_TINH", "BK_BO", "TTLDXS", "LDTT"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    return case


def _to_trinh(desk: Desk, case):
    task = desk.take(case, "send_upward")
    page = desk.task_page(case, task).content.decode()
    return desk.client.post(_button_url(page, "to-trinh")), page, task


def test_the_to_trinh_lists_what_goes_upward_to_whom_the_data_names(at_send_upward):
    case = at_send_upward
    office = Desk("vanphong")
    response, page, task = _to_trinh(office, case)
    assert "Tạo tờ trình (.docx)" in page
    document = _open(response)
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name == "Tờ trình đề nghị khen thưởng QLDT 2024.docx"
    agency = Agency.objects.select_related("parent").get(pk=case.agency_id)
    _assert_decree_layout(document, agency, f"TTr-{agency.document_code}")

    text = _all_text(document)
    assert "TỜ TRÌNH\n" in text
    # Kính gửi: the province above the agency (the Chủ tịch UBND tỉnh's titles) and the ministry the Bằng khen
    # of the Bộ names, both from the data.
    province = agency.parent.name if agency.parent else agency.governing_body
    ministry = AwardTitle.objects.get(code="BK_BO").name.split("Bộ trưởng ")[1]
    assert ministry == "Bộ Kế hoạch và Đầu tư"
    lines = [p.text for p in document.paragraphs if p.text.startswith(("Kính gửi", "- "))]
    assert lines[:3] == ["Kính gửi:", f"- {province};", f"- {ministry}."]
    assert _style(_paragraph(document, "Kính gửi:")) == {(Pt(14), False, False)}
    # Căn cứ lines from the rules of the year, in italics.
    period = law_period_on(case.campaign.end_date)
    grounds = [p for p in document.paragraphs if p.text.startswith("Căn cứ")]
    for line in period.grounds_lines:
        assert any(p.text == f"Căn cứ {line};" for p in grounds), line
    assert grounds[-1].text == f"Căn cứ kết quả xét, đề nghị của Hội đồng Thi đua – Khen thưởng {agency.name}."
    assert all(_style(p) == {(Pt(14), False, True)} for p in grounds)
    intro = _paragraph(document, f"{agency.name} kính trình")
    assert "03 cá nhân và 01 tập thể" in intro.text and intro.alignment == 3  # JUSTIFY

    # The list: every proposal the council passed for a title decided above, as the database names it.
    listing = document.tables[1]
    rows = _rows(listing)
    assert rows[0] == ["STT", "Họ và tên / Tập thể", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức đề nghị"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, len(rows))]
    expected = set()
    for proposal in case.proposals.select_related("staff__unit", "title").filter(title__decided_at="upward"):
        if proposal.staff_id:
            person = proposal.staff
            expected.add((person.full_name, person.position, person.unit.name, proposal.title.name))
        else:
            expected.add((case.unit.name, "", agency.name, proposal.title.name))
    assert {tuple(row[1:]) for row in rows[1:]} == expected and len(rows) == 1 + 4
    ldtt = case.proposals.get(title__code="LDTT")
    assert ldtt.staff.full_name not in {row[1] for row in rows}, "the Trưởng ban's own title is not sent upward"
    assert _style(listing.rows[0].cells[0].paragraphs[0]) == {(Pt(12), True, False)}
    _assert_signed_by_head(document, agency, "truongban")

    # Filed in the case as a draft tờ trình; a second one takes its place.
    assert _drafts(case, "to_trinh").count() == 1
    assert _drafts(case, "to_trinh").get().task_id == task.pk
    assert office.client.post(_button_url(page, "to-trinh")).status_code == 200
    assert _drafts(case, "to_trinh").count() == 1


def test_only_the_office_of_the_agency_gets_the_to_trinh(at_send_upward):
    case = at_send_upward
    office = Desk("vanphong")
    task = office.take(case, "send_upward")
    url = f"/cases/ho-so/{case.pk}/buoc/{task.pk}/van-ban/to-trinh.docx"
    for username in ("qldt.thidua", "qldt.truongphong", "truongban", "khcn.vanphong"):
        assert Desk(username).client.post(url).status_code == 404, username
    assert b'data-testid="to-trinh"' not in Desk("truongban").task_page(case, task).content
    assert office.client.post(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/van-ban/khong-co.docx").status_code == 404
    check = case.task_set.filter(flow_task_type="HUMAN", status="DONE").order_by("pk").last()
    assert office.client.post(f"/cases/ho-so/{case.pk}/buoc/{check.pk}/van-ban/to-trinh.docx").status_code == 404
    assert not _drafts(case, "to_trinh").exists()


def test_hostile_names_in_the_to_trinh_are_plain_text(at_send_upward):
    case = at_send_upward
    proposals = {p.title.code: p for p in case.proposals.select_related("staff")}
    first, second = proposals["BK_TINH"].staff, proposals["CSTD_TINH"].staff
    first.full_name = HOSTILE_SCRIPT
    first.save(update_fields=["full_name"])
    second.full_name = HOSTILE_FORMULA
    second.position = "Chuyên viên\x07\x1b chính"
    second.save(update_fields=["full_name", "position"])
    response, _page, _task = _to_trinh(Desk("vanphong"), case)
    document = _open(response)
    rows = {row[1]: row[2] for row in _rows(document.tables[1])}
    assert HOSTILE_SCRIPT in rows
    assert rows[HOSTILE_FORMULA] == "Chuyên viên chính"
    assert "&lt;script&gt;" in document.tables[1]._tbl.xml


def test_the_so_s_to_trinh_carries_its_own_names(demo):
    agency = Agency.objects.select_related("parent").get(code=SECOND_AGENCY["code"])
    with agency_scope(agency):
        case = nomination_at_council("QLKH", titles=("BK_TINH",), office="khcn.vanphong")
        services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
        nominee = case.proposals.get().staff.full_name
    response, _page, _task = _to_trinh(Desk("khcn.vanphong"), case)
    document = _open(response)
    _assert_decree_layout(document, agency, f"TTr-{agency.document_code}")
    assert agency.document_code == "SKHCN"
    province = agency.parent.name if agency.parent else agency.governing_body
    assert _paragraph(document, "Kính gửi").text == f"Kính gửi: {province}."
    text = _all_text(document)
    assert f"{agency.name} kính trình {province}" in text
    assert "Ban Quản lý Khu kinh tế" not in text
    assert nominee in {row[1] for row in _rows(document.tables[1])}
    with agency_scope(agency):
        _assert_signed_by_head(document, agency, "khcn.giamdoc")
        assert _drafts(case, "to_trinh").count() == 1


# --- the consolidated registration ----------------------------------------------------------------------------


def _register(case: Case, *, codes: list[str], collective: str | None) -> None:
    """Test data: the unit's registration rows as its clerk would have entered them."""
    people = Staff.objects.filter(unit=case.unit, is_active=True).order_by("staff_code")
    for person, code in zip(people, codes, strict=False):
        RegistrationEntry.objects.create(case=case, staff=person, title=AwardTitle.objects.get(code=code))
    if collective:
        case.collective_title = AwardTitle.objects.get(code=collective)
        case.save(update_fields=["collective_title"])


def test_the_consolidated_registration_is_the_summary_of_the_units(demo):
    office = Desk("vanphong")
    assert office.open_stage(2024, "registration").status_code == 302
    cases = {c.unit.code: c for c in Case.objects.filter(kind=Case.Kind.REGISTRATION).select_related("unit")}
    _register(cases["QLDT"], codes=["CSTDCS", "LDTT", "LDTT"], collective="TTLDXS")
    _register(cases["VP"], codes=["LDTT", "LDTT"], collective="TTLDTT")
    cases["DNLD"].unit.name = HOSTILE_FORMULA
    cases["DNLD"].unit.save(update_fields=["name"])
    board_case = Case.objects.get(kind=Case.Kind.REGISTRATION_BOARD)
    task = office.take(board_case, "report")
    page = office.task_page(board_case, task).content.decode()
    assert "Tạo văn bản tổng hợp đăng ký thi đua (.docx)" in page
    response = office.client.post(_button_url(page, "dang-ky-docx"))
    document = _open(response)
    agency = Agency.objects.get(pk=board_case.agency_id)
    _assert_decree_layout(document, agency, f"{agency.document_code}-VP")
    left = document.tables[0].rows[0].cells[0]
    assert _style(_paragraph(left, "V/v đăng ký thi đua năm 2024")) == {(Pt(12), False, False)}
    recipient = Milestone.objects.get(campaign=board_case.campaign, code="REG_UPWARD").recipient
    assert _paragraph(document, "Kính gửi").text == f"Kính gửi: {recipient}."
    assert board_case.campaign.basis in _all_text(document)

    summary = registration_summary(campaign=board_case.campaign)
    rows = _rows(document.tables[1])
    assert rows[0] == ["STT", "Đơn vị", *[t.short_name for t in summary.titles], "Danh hiệu tập thể đăng ký"]
    body = rows[1:-1]
    assert len(body) == len(summary.rows) == 7
    for got, row in zip(body, summary.rows, strict=True):
        collective = row["collective_title"].name if row["collective_title"] else "—"
        assert got[1:] == [row["unit"].name, *[str(c) for c in row["counts"]], collective]
    assert [row[1] for row in body if row[1] == HOSTILE_FORMULA], "a formula-like unit name stays text"
    totals = rows[-1]
    assert totals[0] == "Tổng cộng"
    assert totals[2:-1] == [str(summary.totals[t.pk]) for t in summary.titles]
    ldtt = summary.titles.index(AwardTitle.objects.get(code="LDTT"))
    assert totals[2 + ldtt] == str(RegistrationEntry.objects.filter(title__code="LDTT").count()) == "4"
    assert totals[-1] == "TTLĐTT: 01 đơn vị; TTLĐXS: 01 đơn vị"
    # The repeated title columns: the grid LibreOffice lays out by is the cells' widths, within the text width.
    table = document.tables[1]
    grid = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    assert grid == [cell.width for cell in table.rows[0].cells] == [cell.width for cell in table.rows[1].cells]
    assert sum(grid) <= Cm(16.5) + 1000
    for target in board_case.campaign.targets.all():
        assert f"- {target.label}" in _all_text(document)
    _assert_signed_by_head(document, agency, "truongban")
    assert _drafts(board_case, "dang_ky").count() == 1

    # The unit's people and the Trưởng ban: no such page.
    for username in ("qldt.thidua", "qldt.truongphong", "truongban", "khcn.vanphong"):
        assert Desk(username).client.post(_button_url(page, "dang-ky-docx")).status_code == 404, username


# --- the mid-year and year-end reports --------------------------------------------------------------------------


def _sent(case: Case, day: datetime.date) -> None:
    """Test data: the day the unit sent its case (the draft step stamps it with the clock)."""
    Case.objects.filter(pk=case.pk).update(submitted_at=datetime.datetime(day.year, day.month, day.day, 16, tzinfo=VN))


def test_the_midyear_report_says_who_sent_on_time_late_or_not(demo):
    office = Desk("vanphong")
    assert office.open_stage(2024, "registration").status_code == 302
    assert office.open_stage(2024, "midyear").status_code == 302
    registration = Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code="QLDT")
    _register(registration, codes=["CSTDCS", "LDTT", "LDTT"], collective="TTLDXS")
    cases = {c.unit.code: c for c in Case.objects.filter(kind=Case.Kind.MIDYEAR).select_related("unit")}
    do(cases["QLDT"], "draft", "qldt.thidua")
    due = Milestone.objects.get(code="MID_UNITS").due_date
    _sent(cases["QLDT"], due)
    _sent(cases["VP"], due + datetime.timedelta(days=3))
    board_case = Case.objects.get(kind=Case.Kind.MIDYEAR_BOARD)
    task = office.take(board_case, "report")
    page = office.task_page(board_case, task).content.decode()
    assert "Tạo báo cáo sơ kết 6 tháng (.docx)" in page
    assert 'data-testid="dang-ky-docx"' not in page
    document = _open(office.client.post(_button_url(page, "so-ket-docx")))
    agency = Agency.objects.get(pk=board_case.agency_id)
    _assert_decree_layout(document, agency, f"BC-{agency.document_code}")
    text = _all_text(document)
    assert "BÁO CÁO\nSơ kết phong trào thi đua 6 tháng đầu năm 2024" in text
    recipient = Milestone.objects.get(code="MID_UPWARD").recipient
    assert _paragraph(document, "Kính gửi").text == f"Kính gửi: {recipient}."

    units = list(units_for_emulation().order_by("order", "name"))
    rows = _rows(document.tables[1])
    assert rows[0] == ["STT", "Đơn vị", "Hạn gửi", "Ngày gửi", "Tình trạng"]
    due_text = due.strftime("%d/%m/%Y")
    late_text = (due + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    status = {
        "QLDT": [due_text, "Đúng hạn"],
        "VP": [late_text, "Trễ 3 ngày"],
    }
    assert [row[1] for row in rows[1:]] == [u.name for u in units]
    for unit, row in zip(units, rows[1:], strict=True):
        sent, state = status.get(unit.code, ["—", "Chưa gửi"])
        assert row[2:] == [due_text, sent, state], unit.code
    vp = OrgUnit.objects.get(code="VP").name
    summary = _paragraph(document, "Có 01/07 phòng, đơn vị").text
    assert f"01 đơn vị gửi trễ ({vp}: 3 ngày)" in summary and "05 đơn vị chưa gửi" in summary

    figures = {row[1]: row[2:] for row in _rows(document.tables[2])[1:]}
    ldtt, cstdcs, ttldxs = (AwardTitle.objects.get(code=c) for c in ("LDTT", "CSTDCS", "TTLDXS"))
    assert figures[ldtt.name] == ["100 % trên tổng số cá nhân", "2", "0", "0", "0"]
    assert figures[cstdcs.name] == ["15 % trên số đạt LĐTT", "1", "0", "0", "0"]
    assert figures[ttldxs.name] == ["≥ 10 % trên tổng số phòng, đơn vị trực thuộc", "1", "0", "0", "0"]
    for heading in ("I. TÌNH HÌNH", "III. TỒN TẠI", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024"):
        assert _style(_paragraph(document, heading)) == {(Pt(14), True, False)}
    assert board.BLANK in text
    _assert_signed_by_head(document, agency, "truongban")
    assert _drafts(board_case, "bao_cao").count() == 1
    assert Desk("qldt.thidua").client.post(_button_url(page, "so-ket-docx")).status_code == 404


def test_the_year_end_report_is_the_office_s_on_the_campaign_page(demo):
    case = nomination_at_council("QLDT", titles=("LDTT", "CSTDCS", "BK_TINH"))
    proposals = {p.title.code: p for p in case.proposals.all()}
    services.council_result_record(
        case=case, results={p.pk: (p.title.code != "CSTDCS", "") for p in case.proposals.select_related("title")}
    )
    Proposal.objects.filter(pk=proposals["LDTT"].pk).update(outcome=Proposal.Outcome.AWARDED)
    _sent(case, Milestone.objects.get(code="END_UNITS").due_date + datetime.timedelta(days=2))
    office = Desk("vanphong")
    page = office.client.get("/campaign/2024/").content.decode()
    assert "Tạo báo cáo tổng kết (.docx)" in page
    url = _button_url(page, "yearend-docx")
    assert url == "/campaign/2024/bao-cao-tong-ket.docx"
    assert 'data-testid="yearend-docx"' not in Desk("truongban").client.get("/campaign/2024/").content.decode()
    for username in ("qldt.thidua", "truongban"):
        assert Desk(username).client.post(url).status_code == 404, username
    assert office.client.post("/campaign/1999/bao-cao-tong-ket.docx").status_code == 404

    response = office.client.post(url)
    document = _open(response)
    agency = Agency.objects.get(pk=case.agency_id)
    _assert_decree_layout(document, agency, f"BC-{agency.document_code}")
    assert unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1]) == "Báo cáo tổng kết 2024.docx"
    text = _all_text(document)
    assert "Tổng kết phong trào thi đua, công tác khen thưởng năm 2024" in text
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025" in text
    submitted = {row[1]: row[3:] for row in _rows(document.tables[1])[1:]}
    assert submitted[case.unit.name][1] == "Trễ 2 ngày"
    assert sum(1 for state in submitted.values() if state[1] == "Chưa gửi") == len(submitted) - 1
    figures = {row[1]: row[2:] for row in _rows(document.tables[2])[1:]}
    campaign = Campaign.objects.get(year=2024)
    for code in ("LDTT", "CSTDCS", "BK_TINH"):
        title = AwardTitle.objects.get(code=code)
        mine = Proposal.objects.filter(case__campaign=campaign, title=title)
        assert figures[title.name][2:] == [
            str(mine.count()),
            str(mine.filter(council_result=Proposal.CouncilResult.PASSED).count()),
            str(mine.filter(outcome=Proposal.Outcome.AWARDED).count()),
        ], code
    assert figures[AwardTitle.objects.get(code="LDTT").name][2:] == ["1", "1", "1"]
    assert figures[AwardTitle.objects.get(code="CSTDCS").name][2:] == ["1", "0", "0"]
    indicators = campaign.targets.filter(measure="indicator")
    assert all(f"- {t.label}: {board.BLANK_SHORT}" in text for t in indicators)
    _assert_signed_by_head(document, agency, "truongban")

    # The Sở's Văn phòng: its own year, its own names, none of the Board's units.
    other = Agency.objects.get(code=SECOND_AGENCY["code"])
    theirs = _open(Desk("khcn.vanphong").client.post(url))
    assert theirs.tables[0].rows[0].cells[0].paragraphs[1].text == other.name.upper()
    listed = {row[1] for row in _rows(theirs.tables[1])[1:]}
    with agency_scope(other):
        assert listed == set(units_for_emulation().values_list("name", flat=True))
    assert case.unit.name not in listed


# --- the templates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [board.UPWARD, board.REGISTRATION, board.MIDYEAR, board.YEAREND])
def test_the_default_templates_exist_and_fill_with_their_sample(kind):
    assert engine.kind_of(kind.code) is kind
    engine.check_template(kind.code, kind.default_bytes())
    document = Document(io.BytesIO(engine.render_bytes(kind.default_bytes(), kind.sample())))
    text = _all_text(document)
    assert "{{" not in text and "{%" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
