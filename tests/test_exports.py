"""Every list page exports what it shows: the rows of the page's own selector for that user and those filters (all
pages of them), as an .xlsx with the page's headers in the reader's language, a bold frozen header row, dates as
dates shown dd/mm/yyyy, and text that never becomes a formula."""

from __future__ import annotations

import datetime
import io
import zipfile
from urllib.parse import unquote

import pytest
from django.conf import settings
from openpyxl import load_workbook

from notifications import services as outbox
from notifications.models import Message
from people import clock
from people.models import OrgUnit, Role, Staff
from people.services import role_assign
from people.tenancy import agency_scope, agency_unscoped
from people.xlsx_export import content_disposition, workbook_bytes
from tests.conftest import board_agency, load_demo_now
from tests.desk import Desk
from tests.factories import StaffFactory
from tests.workflows.cases import COUNCIL_ONLINE, nomination_at_council, open_task, user
from workflows.casework import services
from workflows.council.models import CouncilSession
from workflows.models import AwardTitle, Case, Commendation

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content)).active


def _rows(sheet) -> list[tuple]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]


def _header(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _other_agency_units() -> set[str]:
    with agency_unscoped():
        board = OrgUnit._base_manager.get(code="BQL", kind=OrgUnit.Kind.BOARD).agency_id
        return set(OrgUnit._base_manager.exclude(agency_id=board).values_list("name", flat=True))


# --- the writer -----------------------------------------------------------------------------------------------------


def test_the_writer_freezes_a_bold_header_writes_dates_as_dates_and_fits_the_widths():
    moment = datetime.datetime(2024, 6, 20, 1, 30, tzinfo=datetime.UTC)  # 08:30 in Hà Nội
    content = workbook_bytes(
        title="Hồ sơ",
        headers=("Họ và tên", "Ngày", "Lúc", "Số"),
        rows=[("Nguyễn Thị Minh Khai " * 10, datetime.date(2024, 11, 30), moment, 15)],
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Hồ sơ"
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    assert not sheet["A2"].font.bold
    _name, day, at, number = sheet[2]
    assert day.is_date and day.value == datetime.datetime(2024, 11, 30) and day.number_format == "dd/mm/yyyy"
    assert at.is_date and at.value == datetime.datetime(2024, 6, 20, 8, 30) and at.number_format == "dd/mm/yyyy hh:mm"
    assert number.value == 15 and number.data_type == "n"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] == 60  # capped
    assert 10 <= widths["B"] < 20 and widths["C"] > widths["B"]


def test_text_that_looks_like_a_formula_stays_text():
    hostile = ("=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")')
    content = workbook_bytes(title="x", headers=["a"], rows=[(v,) for v in hostile])
    sheet = load_workbook(io.BytesIO(content)).active
    for cell, value in zip(sheet["A"][1:], hostile, strict=True):
        assert cell.value == value and cell.data_type == "s"
        assert cell.quotePrefix  # Excel's "typed as text" mark: editing the cell does not turn it into a formula
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_control_characters_are_left_out_of_the_text_not_a_failure():
    names = ("Lê\x07 Văn\x1b Chuông", "Trần\x0b Thị\x0c Bé\x01", "Dòng một\nDòng hai\tcột")
    content = workbook_bytes(title="x", headers=["a"], rows=[(v,) for v in names])
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet["A"][1:]] == ["Lê Văn Chuông", "Trần Thị Bé", "Dòng một\nDòng hai\tcột"]
    assert all(c.data_type == "s" for c in sheet["A"][1:])


def test_the_file_name_has_an_ascii_fallback_and_the_vietnamese_name():
    header = content_disposition("Lịch sử khen thưởng 02-12-2026.xlsx")
    assert 'filename="lich-su-khen-thuong-02-12-2026.xlsx"' in header
    assert unquote(header.split("filename*=UTF-8''")[1]) == "Lịch sử khen thưởng 02-12-2026.xlsx"


def test_a_file_name_cannot_break_out_of_its_header():
    header = content_disposition('Tờ "trình"\r\nSet-Cookie: x=1/..\\a.docx')
    assert "\r" not in header and "\n" not in header
    assert header.count('"') == 2  # only the fallback name's own quotes
    assert unquote(header.split("filename*=UTF-8''")[1]) == "Tờ trìnhSet-Cookie: x=1..a.docx"


# --- the pages ------------------------------------------------------------------------------------------------------


def test_the_case_list_exports_its_rows_with_its_unit_filter(demo):
    office = Desk("vanphong")
    office.open_stage(2024, Case.Kind.REGISTRATION)
    office.open_stage(2024, Case.Kind.MIDYEAR)
    unit = OrgUnit.objects.get(code="QLDT")
    page = office.client.get("/cases/ho-so/", {"don_vi": unit.pk, "nam": 2024})
    assert 'data-testid="export-xlsx"' in page.content.decode()
    shown = [(c.get_kind_display(), c.unit.name, c.campaign.year) for c in page.context["cases"]]
    sheet = _sheet(office.client.get("/cases/ho-so.xlsx", {"don_vi": unit.pk, "nam": 2024}))
    assert _header(sheet) == ["Hồ sơ", "Đơn vị", "Năm", "Hạn", "Tình trạng"]  # no sending agency: an agency's own
    rows = _rows(sheet)
    assert [(r[0], r[1], r[2]) for r in rows] == shown and len(rows) == 2
    assert {r[1] for r in rows} == {unit.name}
    due = sheet["D2"]
    assert due.is_date and due.number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A2" and all(c.font.bold for c in sheet[1])

    everything = _rows(_sheet(office.client.get("/cases/ho-so.xlsx")))
    assert len(everything) == Case.objects.count() > 2
    assert not {r[1] for r in everything} & _other_agency_units()


def test_a_unit_clerk_exports_only_the_cases_of_the_units_they_cover(demo):
    Desk("vanphong").open_stage(2024, Case.Kind.REGISTRATION)
    clerk = Desk("qldt.thidua")
    rows = _rows(_sheet(clerk.client.get("/cases/ho-so.xlsx")))
    assert [r[1] for r in rows] == [OrgUnit.objects.get(code="QLDT").name]


def test_the_queue_inbox_and_archive_export_the_rows_of_the_page(demo):
    # A second clerk on the unit, so that its draft waits in the queue to be claimed.
    role_assign(staff=Staff.objects.get(user__username="qhxd.thidua"), role=Role.UNIT_CLERK, unit=_unit("QLDT"))
    Desk("vanphong").open_stage(2024, Case.Kind.REGISTRATION)
    clerk = Desk("qldt.thidua")
    queue = clerk.rows("queue")
    assert queue
    page = clerk.client.get("/cases/hang-cho/")
    assert "/cases/hang-cho.xlsx" in page.content.decode()
    sheet = _sheet(clerk.client.get("/cases/hang-cho.xlsx"))
    assert _header(sheet) == ["Hồ sơ", "Đơn vị", "Bước", "Năm", "Hạn", "Tạo lúc"]
    assert [(r[0], r[1], r[2]) for r in _rows(sheet)] == [
        (row.case.get_kind_display(), row.case.unit.name, row.stage) for row in queue
    ]
    created = sheet["F2"]
    assert created.is_date and created.number_format == "dd/mm/yyyy hh:mm"

    clerk.take(queue[0].case)
    inbox = _rows(_sheet(clerk.client.get("/cases/viec-cua-toi.xlsx")))
    assert [r[1] for r in inbox] == [row.case.unit.name for row in clerk.rows("inbox")] != []
    # A filter the inbox does not match leaves the export empty too (the header stays).
    empty = _sheet(clerk.client.get("/cases/viec-cua-toi.xlsx", {"nam": 1999}))
    assert _rows(empty) == [] and _header(empty)[0] == "Hồ sơ"
    task = open_task(queue[0].case, "draft")
    services.step_complete(
        task=task, user=user("qldt.thidua"), apply=lambda c, t: None, outcome=services.Outcome(action="submitted")
    )
    archive = _sheet(clerk.client.get("/cases/da-xu-ly.xlsx"))
    assert _header(archive)[-1] == "Xong lúc"
    assert [r[1] for r in _rows(archive)] == [row.case.unit.name for row in clerk.rows("archive")] != []
    finished = archive["F2"]
    assert finished.is_date and finished.number_format == "dd/mm/yyyy hh:mm"


def test_the_provinces_case_list_export_names_the_agency_each_case_came_from(db):
    load_demo_now(cases=True)  # the Board's registration is in the province's hands
    province = Desk("tinh.chuyenvien")
    sheet = _sheet(province.client.get("/cases/ho-so.xlsx"))
    assert _header(sheet) == ["Hồ sơ", "Đơn vị", "Cơ quan gửi", "Năm", "Hạn", "Tình trạng"]
    assert [(r[0], r[2]) for r in _rows(sheet)] == [("Đăng ký thi đua gửi cấp tỉnh", str(board_agency()))]


def test_the_staff_directory_exports_its_filter_and_never_another_agencys_people(demo):
    office = Desk("vanphong")
    unit = OrgUnit.objects.get(code="QLDT")
    sheet = _sheet(office.client.get("/people/can-bo.xlsx", {"unit": "QLDT"}))
    assert _header(sheet) == ["Họ và tên", "Mã cán bộ", "Chức vụ", "Đơn vị", "Đối tượng", "Thư điện tử", "Vai trò"]
    rows = _rows(sheet)
    expected = list(Staff.objects.filter(unit=unit, is_active=True).order_by("full_name"))
    assert [r[1] for r in rows] == [s.staff_code for s in expected] != []
    assert {r[3] for r in rows} == {unit.name}

    everyone = _rows(_sheet(office.client.get("/people/can-bo.xlsx")))
    assert len(everyone) == Staff.objects.filter(is_active=True).count()
    with agency_unscoped():
        others = set(Staff._base_manager.exclude(agency_id=unit.agency_id).values_list("staff_code", flat=True))
    assert others and not {r[1] for r in everyone} & others


def test_a_staff_name_typed_as_a_formula_is_exported_as_text(demo):
    hostile = "=cmd|' /C calc'!A0"
    StaffFactory(full_name=hostile, unit=OrgUnit.objects.get(code="QLDT"))
    response = Desk("vanphong").client.get("/people/can-bo.xlsx", {"q": "calc"})
    sheet = _sheet(response)
    (row,) = list(sheet.iter_rows(min_row=2))
    assert row[0].value == hostile and row[0].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def _award(unit_code: str, year: int) -> Commendation:
    return Commendation.objects.create(
        staff=Staff.objects.filter(unit__code=unit_code).order_by("staff_code").first(),
        title=AwardTitle.objects.get(code="CSTDCS"),
        year=year,
        decision_number=f"20/QĐ-BQL-{year}",
        decision_date=datetime.date(year + 1, 1, 16),
        decided_by="Trưởng ban",
    )


def test_the_commendation_history_exports_its_year_and_the_units_a_person_covers(demo):
    qldt, tnmt, older = _award("QLDT", 2023), _award("TNMT", 2023), _award("QLDT", 2022)
    office = Desk("vanphong")
    sheet = _sheet(office.client.get("/cases/khen-thuong.xlsx", {"nam": 2023}))
    rows = _rows(sheet)
    assert sorted(r[1] for r in rows) == sorted([qldt.staff.full_name, tnmt.staff.full_name])
    assert {r[0] for r in rows} == {2023} and {r[4] for r in rows} == {"20/QĐ-BQL-2023"}
    decided = sheet["F2"]
    assert decided.is_date and decided.value == datetime.datetime(2024, 1, 16)
    assert decided.number_format == "dd/mm/yyyy"
    clerk = _rows(_sheet(Desk("qldt.thidua").client.get("/cases/khen-thuong.xlsx")))
    assert sorted(r[0] for r in clerk) == [2022, 2023] and {r[1] for r in clerk} == {older.staff.full_name}
    response = office.client.get("/cases/khen-thuong.xlsx")
    assert (
        "filename*=UTF-8''L%E1%BB%8Bch%20s%E1%BB%AD%20khen%20th%C6%B0%E1%BB%9Fng%20" in response["Content-Disposition"]
    )


def test_the_headers_follow_the_readers_language(demo):
    office = Desk("vanphong")
    office.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sheet = _sheet(office.client.get("/people/can-bo.xlsx"))
    assert _header(sheet)[:2] == ["Full name", "Staff code"]
    response = office.client.get("/cases/ho-so.xlsx")
    cases = _sheet(response)
    assert _header(cases)[:2] == ["Cases", "Unit"] and cases.title == "Cases"
    assert "filename*=UTF-8''Cases%20" in response["Content-Disposition"]
    assert "Export to Excel" in office.client.get("/people/can-bo/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/cases/ho-so.xlsx",
        "/cases/viec-cua-toi.xlsx",
        "/cases/hang-cho.xlsx",
        "/cases/da-xu-ly.xlsx",
        "/cases/khen-thuong.xlsx",
        "/people/can-bo.xlsx",
        "/notifications/hop-thu-di.xlsx",
        "/council/1/ket-qua.xlsx",
    ],
)
def test_an_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]


def _outbox_message(username: str, key: str, subject: str) -> Message:
    outbox.message_enqueue(
        key=key,
        kind="milestone",
        user=user(username),
        template="notifications/email/task_new",
        context={"person": "X", "step": "Lập báo cáo", "case": "Sơ kết", "unit": "P. QLĐT", "link": "http://x/"},
        send=False,
    )
    Message.objects.filter(key=key).update(subject=subject)
    return Message.objects.get(key=key)


def test_the_outbox_exports_its_filter_for_the_office_only(demo):
    failed = _outbox_message("qldt.thidua", "export:1", '=HYPERLINK("http://x","bấm")')
    Message.objects.filter(pk=failed.pk).update(status=Message.Status.FAILED, error="550 mailbox unavailable")
    _outbox_message("qhxd.thidua", "export:2", "Nhắc hạn sơ kết")
    with agency_unscoped():
        department = Staff._base_manager.get(user__username="khcn.vanphong").agency_id
    with agency_scope(department):
        _outbox_message("khcn.qlkh.thidua", "export:other", "Thư của Sở")
    office = Desk("vanphong")
    assert "/notifications/hop-thu-di.xlsx" in office.client.get("/notifications/hop-thu-di/").content.decode()
    everything = _sheet(office.client.get("/notifications/hop-thu-di.xlsx"))
    assert _header(everything)[:4] == ["Tạo lúc", "Người nhận", "Thư điện tử", "Tiêu đề"]
    assert len(_rows(everything)) == 2
    assert "Thư của Sở" not in {r[3] for r in _rows(everything)}
    assert len(_rows(_sheet(Desk("khcn.vanphong").client.get("/notifications/hop-thu-di.xlsx")))) == 1
    created = everything["A2"]
    assert created.is_date and created.number_format == "dd/mm/yyyy hh:mm"
    sheet = _sheet(office.client.get("/notifications/hop-thu-di.xlsx", {"trang_thai": "failed"}))
    (row,) = list(sheet.iter_rows(min_row=2))
    assert row[2].value == failed.to_email and row[3].value == failed.subject and row[3].data_type == "s"
    assert row[8].value == "550 mailbox unavailable"
    # Not the office: the export does not exist, like the page.
    assert Desk("qldt.thidua").client.get("/notifications/hop-thu-di.xlsx").status_code == 404


def test_the_council_results_export_the_tallies_to_whom_the_session_page_shows_them(demo):
    qldt = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    office = Desk("vanphong")
    day = clock.today() + datetime.timedelta(days=1)
    office.client.post(
        "/council/mo-phien-hop/",
        {"day": day.strftime("%d/%m/%Y"), "time": "08:30", "place": "Phòng họp số 1", "cases": [qldt.pk]},
    )
    session = CouncilSession.objects.get()
    url = f"/council/{session.pk}/ket-qua.xlsx"
    for username in COUNCIL_ONLINE:
        desk = Desk(username)
        form = desk.client.get(f"/council/{session.pk}/phieu/").context["form"]
        data = {"action": "submit"}
        for item, _vote, _comment in form.rows():
            # Two members reject the Bằng khen: 6 of the 8 who vote online approve it, the ninth does not vote.
            rejects = item.proposal.title.code == "BK_TINH" and username in ("qldt.truongphong", "tnmt.truongphong")
            data[f"vote_{item.pk}"] = "no" if rejects else "yes"
            data[f"comment_{item.pk}"] = ""
        desk.client.post(f"/council/{session.pk}/phieu/", data)
    # Before the session closes the tallies are the chair's alone, in the export as on the page.
    assert office.client.get(url).status_code == 404
    chair = Desk("truongban")
    assert _sheet(chair.client.get(url)).max_row == 1 + session.items.count()
    chair.client.post(f"/council/{session.pk}/", {"action": "close"})
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CLOSED
    page = office.client.get(f"/council/{session.pk}/")
    assert f"/council/{session.pk}/ket-qua.xlsx" in page.content.decode()
    sheet = _sheet(office.client.get(url))
    assert _header(sheet)[:4] == ["Cá nhân / tập thể", "Đơn vị", "Danh hiệu / hình thức", "Đồng ý"]
    shown = {t.item.proposal.title.name: t for t in page.context["tallies"]}
    rows = {r[2]: r for r in _rows(sheet)}
    assert set(rows) == set(shown)
    for title, tally in shown.items():
        row = rows[title]
        assert row[3:6] == (tally.approvals, tally.rejections, tally.not_voted)
        assert row[6] == pytest.approx(float(tally.share))
        assert row[7] == ("Đạt" if tally.passed else "Không đạt")
    assert rows[AwardTitle.objects.get(code="BK_TINH").name][3:6] == (6, 2, 1)


def test_an_export_costs_the_same_few_queries_however_long_the_list(demo, django_assert_max_num_queries):
    office = Desk("vanphong")
    office.open_stage(2024, Case.Kind.REGISTRATION)
    with django_assert_max_num_queries(12):
        short = _rows(_sheet(office.client.get("/cases/ho-so.xlsx")))
    office.open_stage(2024, Case.Kind.MIDYEAR)
    office.open_stage(2024, Case.Kind.NOMINATION)
    with django_assert_max_num_queries(12):
        long = _rows(_sheet(office.client.get("/cases/ho-so.xlsx")))
    assert len(long) > 2 * len(short) > 0
    with django_assert_max_num_queries(12):
        _sheet(office.client.get("/people/can-bo.xlsx"))
