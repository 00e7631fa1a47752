"""The Board's upward proposals in the province's import templates (CANHAN, TAPTHE): reopened with openpyxl against
the province's own files, the sheets and header cells are the template's, one row per proposal under them with the
name, unit and catalogue code; hostile names stay text; only the Văn phòng of the case's agency gets the file."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from people.models import Staff
from tests.desk import Desk
from tests.workflows.cases import nomination_at_council, open_task
from workflows.casework import services
from workflows.models import AwardTitle

pytestmark = pytest.mark.django_db

REFERENCE = Path("/work/shared/reference-files/import-templates")
SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "data" / "province_templates"
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example","Bấm vào")'
HOSTILE_SCRIPT = "<script>alert('x')</script> Trần Thị Độc"


def _template(name: str):
    """The province's file: the reference copy when it is on this machine, else the copy the repository ships."""
    path = REFERENCE / name if (REFERENCE / name).exists() else SHIPPED / name
    return load_workbook(path)


@pytest.fixture
def at_send_upward(demo):
    """A dossier of the Phòng Quản lý Đầu tư whose council passed a Bằng khen tỉnh and a CSTĐ tỉnh (individuals,
    decided above the Board), a Tập thể LĐXS (the unit, decided above) and an LĐTT (the Trưởng ban's: not sent)."""
    case = nomination_at_council("QLDT", titles=("BK_TINH", "CSTD_TINH", "TTLDXS", "LDTT"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    return case


def _get(desk: Desk, case, form: str):
    return desk.client.get(f"/cases/ho-so/{case.pk}/mau-tinh/{form}.xlsx")


def _open(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet, first=4):
    return [row for row in sheet.iter_rows(min_row=first, values_only=True) if any(v not in (None, "") for v in row)]


def _assert_same_frame(book, template):
    assert book.sheetnames == template.sheetnames == ["DANHSACH", "DANHMUC"]
    for row in (1, 2, 3):
        got = [c.value for c in book["DANHSACH"][row]]
        assert got == [c.value for c in template["DANHSACH"][row]], f"row {row} of the list is the template's"
    for got_row, want_row in zip(
        book["DANHMUC"].iter_rows(values_only=True), template["DANHMUC"].iter_rows(values_only=True), strict=True
    ):
        assert got_row == want_row, "the catalogue sheet is the template's"


def test_individuals_fill_the_canhan_template_under_its_own_header(at_send_upward):
    case = at_send_upward
    proposals = {p.title.code: p for p in case.proposals.select_related("staff__unit", "title")}
    Staff.objects.filter(pk=proposals["BK_TINH"].staff_id).update(
        gender=Staff.Gender.FEMALE, date_of_birth=datetime.date(1985, 3, 7), position="Chuyên viên"
    )
    book = _open(_get(Desk("vanphong"), case, "canhan"))
    _assert_same_frame(book, _template("CANHAN.xlsx"))

    rows = _rows(book["DANHSACH"])
    assert len(rows) == 2, "the two individual upward proposals; the LĐTT is the Trưởng ban's and is not sent"
    by_name = {row[1]: row for row in rows}
    bk, cstd = proposals["BK_TINH"], proposals["CSTD_TINH"]
    bk_row = by_name[bk.staff.full_name]
    assert bk_row[0] in (1, 2)
    assert bk_row[2] == "NU"
    assert bk_row[3] == datetime.datetime(1985, 3, 7)
    assert bk_row[4] == "Chuyên viên"
    assert bk_row[5] == bk.staff.unit.name
    assert bk_row[6] == case.agency.name
    # Bằng khen: a form of award (column J); CSTĐ tỉnh: a title (column K) — as the template's catalogue lists them.
    assert bk_row[9] == AwardTitle.objects.get(code="BK_TINH").catalogue_code == "1650360491"
    assert bk_row[10] in (None, "")
    cstd_row = by_name[cstd.staff.full_name]
    assert cstd_row[10] == AwardTitle.objects.get(code="CSTD_TINH").catalogue_code == "1647508703"
    assert cstd_row[9] in (None, "")
    sheet = book["DANHSACH"]
    (bk_line,) = [r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 2).value == bk.staff.full_name]
    assert sheet.cell(bk_line, 4).number_format == "dd/mm/yyyy", "the birth date is a date, shown dd/mm/yyyy"


def test_collectives_fill_the_tapthe_template(at_send_upward):
    case = at_send_upward
    book = _open(_get(Desk("vanphong"), case, "tapthe"))
    _assert_same_frame(book, _template("TAPTHE.xlsx"))
    rows = _rows(book["DANHSACH"])
    assert len(rows) == 1
    number, name, _category, form_code, title_code = rows[0][:5]
    assert (number, name) == (1, case.unit.name)
    assert title_code == AwardTitle.objects.get(code="TTLDXS").catalogue_code == "1647933151"
    assert form_code in (None, "")


def test_every_title_sent_upward_has_its_catalogue_code(demo):
    codes = {row.code: row.catalogue_code for row in AwardTitle.objects.filter(decided_at="upward")}
    assert codes and all(codes.values()), codes


def test_hostile_names_come_out_as_text(at_send_upward):
    case = at_send_upward
    people = [p.staff for p in case.proposals.filter(staff__isnull=False, title__decided_at="upward").order_by("pk")]
    Staff.objects.filter(pk=people[0].pk).update(full_name=HOSTILE_FORMULA)
    Staff.objects.filter(pk=people[1].pk).update(full_name=HOSTILE_SCRIPT, position="+SUM(1,2)")
    response = _get(Desk("vanphong"), case, "canhan")
    book = _open(response)
    sheet = book["DANHSACH"]
    cells = {sheet.cell(row, 2).value: sheet.cell(row, 2) for row in (4, 5)}
    assert set(cells) == {HOSTILE_FORMULA, HOSTILE_SCRIPT}
    assert all(cell.data_type == "s" for cell in cells.values()), "stored as strings, never formulas"
    assert cells[HOSTILE_FORMULA].quotePrefix, "Excel's own text mark, so editing the cell keeps it text"
    assert b"<f>" not in _sheet_xml(response.content), "no formula anywhere in the list"


def _sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_only_the_office_gets_the_file_and_sees_the_links(at_send_upward):
    case = at_send_upward
    for username in ("qldt.thidua", "qldt.truongphong", "truongban", "khcn.vanphong", "khcn.giamdoc"):
        assert _get(Desk(username), case, "canhan").status_code == 404, username
        assert _get(Desk(username), case, "tapthe").status_code == 404, username
    office = Desk("vanphong")
    assert _get(office, case, "other").status_code == 404, "no such template"

    task = open_task(case, "send_upward")
    link = f"/cases/ho-so/{case.pk}/mau-tinh/canhan.xlsx"
    page = office.client.get(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/").content.decode()
    assert "Tải danh sách theo mẫu của tỉnh (CANHAN / TAPTHE)" in page and link in page
    assert link in office.client.get(f"/cases/ho-so/{case.pk}/").content.decode()
    assert link not in Desk("truongban").client.get(f"/cases/ho-so/{case.pk}/").content.decode()


def test_a_case_with_nothing_sent_upward_has_no_file(demo):
    case = nomination_at_council("QLDT", titles=("LDTT",))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    assert _get(Desk("vanphong"), case, "canhan").status_code == 404
    assert "mau-tinh" not in Desk("vanphong").client.get(f"/cases/ho-so/{case.pk}/").content.decode()


@pytest.mark.parametrize("name", ["CANHAN.xlsx", "TAPTHE.xlsx"])
def test_the_shipped_templates_are_the_province_s_files(name):
    if not (REFERENCE / name).exists():
        pytest.skip("the province's reference files are not on this machine")
    assert (SHIPPED / name).read_bytes() == (REFERENCE / name).read_bytes()
