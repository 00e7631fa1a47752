"""The Board's upward proposals in the province's import templates (CANHAN, TAPTHE, MauTDKT), for one dossier and for
the whole Board's year: reopened with openpyxl against the province's own files, the sheets and header cells are the
template's, one row per proposal under them with the name, unit, category and catalogue code; hostile names stay
text; only the Văn phòng of the agency gets the file."""

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

# openpyxl warns, on reading MauTDKT, of the drop-down lists it cannot read (the export puts them back).
pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")]

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
        for form in ("canhan", "tapthe", "mautdkt"):
            assert _get(Desk(username), case, form).status_code == 404, (username, form)
    office = Desk("vanphong")
    assert _get(office, case, "other").status_code == 404, "no such template"

    task = open_task(case, "send_upward")
    link = f"/cases/ho-so/{case.pk}/mau-tinh/canhan.xlsx"
    page = office.client.get(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/").content.decode()
    assert f"/cases/ho-so/{case.pk}/mau-tinh/mautdkt.xlsx" in page
    assert "Tải danh sách theo mẫu của tỉnh (CANHAN / TAPTHE / MauTDKT)" in page and link in page
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


# --- MauTDKT: the province's nomination list ----------------------------------------------------------------------

MAUTDKT_SHEETS = ["file nhận", "HTKT", "PLDT", "LVHD", "phan loai kt", "Hướng dẫn"]
CODE_SHEETS = ["HTKT", "PLDT", "LVHD", "phan loai kt"]
# The template's drop-down lists (Excel's x14 extension in sheet1.xml of MauTDKT.xlsx), as Excel shows them.
MAUTDKT_LISTS = {
    ("HTKT!$A$38:$A$65", "G1 G249:G1048576"),
    ("'phan loai kt'!$A$2:$A$4", "F1:F1048576"),
    ("LVHD!$A$2:$A$25", "I1:I1048576"),
    ("HTKT!$A$2:$A$300", "G2:G248"),
    ("PLDT!$A$2:$A$100", "H1:H1048576"),
}
LEADER_BELOW_AGENCY = "Các cấp lãnh đạo từ phó phòng trở lên"
DIRECT_WORKER = "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu"


def _codes(template, sheet: str) -> dict:
    """A code sheet of the province's template as {name: code}: what its VLOOKUP columns R–U compute."""
    return {name: code for name, code in template[sheet].iter_rows(min_row=2, max_col=2, values_only=True) if name}


def _mautdkt_rows(book) -> list[tuple]:
    sheet = book["file nhận"]
    return [row for row in sheet.iter_rows(min_row=2, max_col=21, values_only=True) if row[2] not in (None, "")]


def _hidden_columns(sheet) -> set[int]:
    return {i for d in sheet.column_dimensions.values() if d.hidden for i in range(d.min, d.max + 1)}


def _assert_same_mautdkt_frame(book, template):
    assert book.sheetnames == template.sheetnames == MAUTDKT_SHEETS
    assert [s.sheet_state for s in book.worksheets] == [s.sheet_state for s in template.worksheets]
    got, want = book["file nhận"], template["file nhận"]
    assert got.max_column == want.max_column == 21
    for column in range(1, want.max_column + 1):
        assert got.cell(1, column).value == want.cell(1, column).value, f"header cell {column} is the template's"
    assert _hidden_columns(got) == _hidden_columns(want) == {18, 19, 20, 21}, "the code columns R–U stay hidden"
    for name in [*CODE_SHEETS, "Hướng dẫn"]:
        assert list(book[name].iter_rows(values_only=True)) == list(template[name].iter_rows(values_only=True)), name


def test_the_shipped_mautdkt_is_the_province_s_current_file():
    """MauTDKT.xlsx (modified 04/10/2023, with the PLDT code 1686211958 added in 2023) is the version in use; the file
    named MauTDKT_20231004.xlsx is the earlier one (modified 29/03/2023)."""
    if not (REFERENCE / "MauTDKT.xlsx").exists():
        pytest.skip("the province's reference files are not on this machine")
    assert (SHIPPED / "MauTDKT.xlsx").read_bytes() == (REFERENCE / "MauTDKT.xlsx").read_bytes()
    current, earlier = load_workbook(REFERENCE / "MauTDKT.xlsx"), load_workbook(REFERENCE / "MauTDKT_20231004.xlsx")
    assert current.properties.modified > earlier.properties.modified
    assert 1686211958 in _codes(current, "PLDT").values()
    assert 1686211958 not in _codes(earlier, "PLDT").values()


def test_the_case_s_proposals_fill_the_mautdkt_list_under_its_own_header(at_send_upward):
    case = at_send_upward
    proposals = {p.title.code: p for p in case.proposals.select_related("staff__unit", "title")}
    bk, cstd, unit_title = proposals["BK_TINH"], proposals["CSTD_TINH"], proposals["TTLDXS"]
    Staff.objects.filter(pk=bk.staff_id).update(gender=Staff.Gender.FEMALE, position="Phó Trưởng phòng")
    Staff.objects.filter(pk=cstd.staff_id).update(gender="", position="Chuyên viên")
    response = _get(Desk("vanphong"), case, "mautdkt")
    assert "MauTDKT%20QLDT%202024.xlsx" in response["Content-Disposition"]
    book, template = _open(response), _template("MauTDKT.xlsx")
    _assert_same_mautdkt_frame(book, template)

    rows = _mautdkt_rows(book)
    assert len(rows) == 3, "two individuals and the unit, under the header; the LĐTT is the Trưởng ban's"
    assert [row[0] for row in rows] == [1, 2, 3]
    by_name = {row[2]: row for row in rows}
    agency = case.agency.name
    bk_row = by_name[bk.staff.full_name]
    assert bk_row[1:5] == ("Bà", bk.staff.full_name, "Phó Trưởng phòng", f"{bk.staff.unit.name}, {agency}")
    assert bk_row[5:9] == (
        "Khen thưởng cá nhân",
        "Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể trung ương",
        LEADER_BELOW_AGENCY,
        None,
    )
    assert bk_row[17:21] == ("CANHAN", AwardTitle.objects.get(code="BK_TINH").catalogue_code, 1660638930, None)
    cstd_row = by_name[cstd.staff.full_name]
    assert cstd_row[1] is None, "no gender recorded: no Ông/Bà guessed"
    assert cstd_row[6] == "Chiến sĩ thi đua cấp Bộ, ngành, tỉnh, đoàn thể trung ương"
    assert cstd_row[7] == DIRECT_WORKER
    assert cstd_row[17:20] == ("CANHAN", "1647508703", 1660638976)
    unit_row = by_name[case.unit.name]
    assert unit_row[1] is None and unit_row[3] in (None, "")
    assert unit_row[4] == agency
    assert unit_row[5:8] == ("Khen thưởng tập thể", "Tập thể lao động xuất sắc", "Cơ quan Hành chính")
    assert unit_row[17:20] == ("TAPTHE", unit_title.title.catalogue_code, 1668477383)

    # Each code is the one the template's own lookup (R–U: VLOOKUP of F–I in its code sheets) gives the name beside it.
    lookups = {5: "phan loai kt", 6: "HTKT", 7: "PLDT", 8: "LVHD"}
    for row in rows:
        for column, sheet in lookups.items():
            if row[column] is not None:
                assert _codes(template, sheet)[row[column]] == row[column + 12], (row[2], sheet)
    sheet = book["file nhận"]
    assert sheet["R5"].value == template["file nhận"]["R5"].value, "the rows below the list are the template's"


def test_mautdkt_keeps_the_template_s_drop_down_lists(at_send_upward):
    book = _open(_get(Desk("vanphong"), at_send_upward, "mautdkt"))
    lists = {(rule.formula1, str(rule.sqref)) for rule in book["file nhận"].data_validations.dataValidation}
    assert lists == MAUTDKT_LISTS
    assert all(rule.type == "list" for rule in book["file nhận"].data_validations.dataValidation)


def test_every_name_the_codes_file_gives_is_in_the_template(demo):
    from workflows.province_export import province_codes

    template = _template("MauTDKT.xlsx")
    codes = province_codes()
    categories = _codes(template, "PLDT")
    rules = codes["individual_category"]
    for name in [r["category"] for r in rules["rules"]] + [rules["otherwise"], *codes["collective_category"].values()]:
        assert name in categories, name
    assert set(codes["form_of_address"]) == set(Staff.Gender.values)
    for name in (codes.get("activity_field") or {}).values():
        assert name in _codes(template, "LVHD"), name
    catalogue = {str(code) for code in _codes(template, "HTKT").values()}
    upward = AwardTitle.objects.filter(decided_at=AwardTitle.DecidedAt.UPWARD)
    assert upward and all(title.catalogue_code in catalogue for title in upward)


@pytest.mark.parametrize(
    ("position", "unit_kind", "category"),
    [
        ("Trưởng ban", "board", "Lãnh đạo cấp vụ, sở, ngành và tương đương"),
        ("Giám đốc Sở", "board", "Lãnh đạo cấp vụ, sở, ngành và tương đương"),
        ("Phó Chánh Văn phòng, Chủ tịch Công đoàn", "office", LEADER_BELOW_AGENCY),
        ("trưởng phòng", "division", LEADER_BELOW_AGENCY),
        ("Giám đốc Trung tâm", "subordinate", LEADER_BELOW_AGENCY),
        ("Chuyên viên phụ trách thi đua – khen thưởng", "office", DIRECT_WORKER),
        ("Viên chức", "subordinate", DIRECT_WORKER),
        ("  ", "division", ""),
    ],
)
def test_a_person_s_category_follows_the_position_and_unit(position, unit_kind, category):
    from workflows.province_export import individual_category

    assert individual_category(position=position, unit_kind=unit_kind) == category


def test_hostile_names_stay_text_in_mautdkt_and_canhan(at_send_upward):
    case = at_send_upward
    people = [p.staff for p in case.proposals.filter(staff__isnull=False, title__decided_at="upward").order_by("pk")]
    Staff.objects.filter(pk=people[0].pk).update(full_name=HOSTILE_FORMULA, position="+SUM(1,2)")
    Staff.objects.filter(pk=people[1].pk).update(full_name="Lê\x07 Văn\x1b Chuông\x0c", position="@cmd|' /C calc'!A0")
    office = Desk("vanphong")
    book = _open(_get(office, case, "mautdkt"))
    sheet = book["file nhận"]
    names = {sheet.cell(row, 3).value: row for row in (2, 3, 4)}
    assert HOSTILE_FORMULA in names and "Lê Văn Chuông" in names, "control characters left out, the name kept"
    for row in names.values():
        for column in range(1, 22):
            cell = sheet.cell(row, column)
            assert cell.data_type != "f", f"{cell.coordinate} is no formula"
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.coordinate
    formula_row = names[HOSTILE_FORMULA]
    assert sheet.cell(formula_row, 3).quotePrefix and sheet.cell(formula_row, 4).quotePrefix
    assert sheet.cell(formula_row, 4).value == "+SUM(1,2)"

    canhan = _open(_get(office, case, "canhan"))["DANHSACH"]
    assert {canhan.cell(row, 2).value for row in (4, 5)} == {HOSTILE_FORMULA, "Lê Văn Chuông"}


def test_another_agency_s_office_gets_no_mautdkt_of_the_board(at_send_upward):
    case = at_send_upward
    assert _get(Desk("khcn.vanphong"), case, "mautdkt").status_code == 404
    assert _get(Desk("vanphong"), case, "mautdkt").status_code == 200


# --- the whole Board: every dossier's upward proposals of the year ------------------------------------------------


@pytest.fixture
def two_dossiers(at_send_upward):
    """The QLĐT dossier above, and the TN-MT dossier whose council passed a Bằng khen tỉnh and failed a TTLĐXS."""
    other = nomination_at_council("TNMT", titles=("BK_TINH", "TTLDXS"))
    results = {p.pk: (p.title.code == "BK_TINH", "") for p in other.proposals.select_related("title")}
    services.council_result_record(case=other, results=results)
    return at_send_upward, other


def _board_get(desk: Desk, form: str, year: int = 2024):
    return desk.client.get(f"/campaign/{year}/mau-tinh/{form}.xlsx")


def test_the_whole_board_s_upward_proposals_in_one_file(two_dossiers):
    qldt, tnmt = two_dossiers
    office = Desk("vanphong")
    response = _board_get(office, "mautdkt")
    assert "MauTDKT%20BQL%202024.xlsx" in response["Content-Disposition"]
    book = _open(response)
    _assert_same_mautdkt_frame(book, _template("MauTDKT.xlsx"))
    rows = _mautdkt_rows(book)
    passed_upward = [
        p
        for case in (qldt, tnmt)
        for p in case.proposals.filter(council_result="passed", title__decided_at="upward").select_related("title")
    ]
    expected = sorted(
        (p.staff.full_name if p.staff else p.case.unit.name, p.title.catalogue_code) for p in passed_upward
    )
    assert sorted((row[2], row[18]) for row in rows) == expected
    assert len(rows) == 4, "QLĐT: two individuals and the unit; TN-MT: the Bằng khen (its TTLĐXS failed)"
    assert [row[0] for row in rows] == [1, 2, 3, 4]

    canhan = _rows(_open(_board_get(office, "canhan"))["DANHSACH"])
    assert len(canhan) == 3
    tapthe = _rows(_open(_board_get(office, "tapthe"))["DANHSACH"])
    assert [row[1] for row in tapthe] == [qldt.unit.name]


def test_only_the_office_gets_the_whole_board_s_file_and_sees_its_links(two_dossiers):
    qldt, _tnmt = two_dossiers
    for username in ("qldt.thidua", "tnmt.truongphong", "truongban", "photruongban"):
        for form in ("canhan", "tapthe", "mautdkt"):
            assert _board_get(Desk(username), form).status_code == 404, (username, form)
    office = Desk("vanphong")
    assert _board_get(office, "other").status_code == 404
    assert _board_get(office, "mautdkt", year=2031).status_code == 404, "no programme that year"
    # Another agency's Văn phòng reads its own programme of 2024, where nothing goes upward: no file, no Board names.
    assert _board_get(Desk("khcn.vanphong"), "mautdkt").status_code == 404

    link = "/campaign/2024/mau-tinh/mautdkt.xlsx"
    assert link in office.client.get("/campaign/2024/").content.decode()
    assert link in office.client.get(f"/cases/ho-so/{qldt.pk}/").content.decode()
    assert link not in Desk("truongban").client.get("/campaign/2024/").content.decode()


def test_a_year_with_nothing_upward_has_no_whole_board_file(demo):
    case = nomination_at_council("QLDT", titles=("LDTT",))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    office = Desk("vanphong")
    assert _board_get(office, "mautdkt").status_code == 404
    assert "mau-tinh" not in office.client.get("/campaign/2024/").content.decode()
