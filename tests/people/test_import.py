"""Import of units and staff from .xlsx/.csv: parsing, every kind of bad row, preview, and the all-or-nothing commit."""

import csv
import datetime
import io
import time
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from people import import_jobs, importing, tabular
from people.importing import COLUMNS, ImportFileError, StaffImportRefused, parse_upload
from people.models import ImportJob, OrgUnit, Staff
from people.selectors import roles_held
from people.services import staff_import_commit, staff_import_enqueue, staff_import_preview

HEADERS = [c.header for c in COLUMNS]
REFERENCE_FILE = Path(__file__).resolve().parents[3] / "shared" / "reference-files" / "import-templates" / "CANHAN.xlsx"
CATEGORY_WORDS = {
    "can_bo": "Cán bộ",
    "cong_chuc": "Công chức",
    "vien_chuc": "Viên chức",
    "nguoi_lao_dong": "Người lao động",
}


# Building files ---------------------------------------------------------------------------------


def row(code, name, unit_code, unit_name="", *, email=None, position="Chuyên viên", kind="", category="Công chức",
        gender="Nam", dob="01/01/1990", start=""):  # fmt: skip
    email = f"{code.lower()}@example.vn" if email is None else email
    return [code, name, email, position, unit_code, unit_name, kind, category, gender, dob, start]


def write_xlsx(path: Path, rows, headers=HEADERS, *, title_rows=()) -> Path:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    for line in title_rows:
        sheet.append(line)
    sheet.append(headers)
    for r in rows:
        sheet.append(r)
    workbook.save(path)
    return path


def write_csv(path: Path, rows, headers=HEADERS, *, delimiter=",", bom=False) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))
    return path


def parse(path: Path):
    with open(path, "rb") as handle:
        return parse_upload(handle, path.name)


def preview(path: Path, actor=None) -> ImportJob:
    return staff_import_preview(parsed=parse(path), filename=path.name, actor=actor)


def commit(job: ImportJob) -> ImportJob:
    """Confirm and run the import as the worker would (the test transaction never fires on_commit)."""
    staff_import_enqueue(job=job)
    return staff_import_commit(job_id=job.pk)


def demo_rows(*unit_codes):
    """The demo staff of the given units exactly as the database holds them."""
    staff = Staff.objects.select_related("unit").filter(is_active=True).order_by("staff_code")
    if unit_codes:
        staff = staff.filter(unit__code__in=unit_codes)
    return [
        row(
            s.staff_code,
            s.full_name,
            s.unit.code,
            s.unit.name,
            email=s.email,
            position=s.position,
            category=CATEGORY_WORDS[s.category],
            gender={"nam": "Nam", "nu": "Nữ", "": ""}[s.gender],
            dob=s.date_of_birth.strftime("%d/%m/%Y") if s.date_of_birth else "",
        )
        for s in staff
    ]


def db_state():
    return (
        list(OrgUnit.objects.order_by("code").values("code", "name", "kind", "parent_id", "is_active")),
        list(Staff.objects.order_by("staff_code").values()),
    )


def errors_of(job_or_parsed):
    errors = job_or_parsed.preview["errors"] if isinstance(job_or_parsed, ImportJob) else job_or_parsed.errors
    return [(e["row"], e["column"], e["message"]) for e in errors]


# Happy paths ------------------------------------------------------------------------------------


def test_an_xlsx_is_previewed_then_committed(demo, tmp_path):
    rows = demo_rows("QLDT")
    rows[3][3] = "Phó Trưởng phòng"  # QLDT004 is promoted
    rows[4][4:6] = ["KHTC", ""]  # QLDT005 moves to the new unit
    rows += [
        row("QLDT006", "Lê Thị Hoa", "QLDT", gender="Nữ", dob=datetime.datetime(1992, 5, 17)),
        row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng Kế hoạch – Tài chính", category="Viên chức"),
        row("KHTC002", "Phạm Thị Cúc", "KHTC", category="Người lao động", gender="Nữ", dob=""),
    ]
    before = Staff.objects.exclude(unit__code="QLDT").order_by("pk").values_list("pk", "is_active")
    before = list(before)

    job = preview(write_xlsx(tmp_path / "qldt.xlsx", rows))

    assert job.status == ImportJob.Status.PREVIEW and errors_of(job) == []
    assert (job.created_count, job.updated_count, job.unchanged_count, job.deactivated_count) == (3, 2, 3, 0)
    assert (job.units_created_count, job.units_updated_count) == (1, 0)
    assert [u["changes"] for u in job.preview["staff_updated"]] == [
        [{"field": "Chức vụ", "old": "Chuyên viên", "new": "Phó Trưởng phòng"}],
        [{"field": "Đơn vị", "old": "Phòng Quản lý Đầu tư (QLDT)", "new": "Phòng Kế hoạch – Tài chính (KHTC)"}],
    ]
    assert not Staff.objects.filter(staff_code="QLDT006").exists(), "the preview writes nothing"

    job = commit(job)

    assert job.status == ImportJob.Status.DONE, job.error_message
    assert (job.created_count, job.updated_count, job.processed_rows, job.total_rows) == (3, 2, 8, 8)
    unit = OrgUnit.objects.get(code="KHTC")
    assert (unit.name, unit.kind, unit.parent.code) == ("Phòng Kế hoạch – Tài chính", "division", "BQL")
    hoa = Staff.objects.get(staff_code="QLDT006")
    assert (hoa.unit.code, hoa.gender, hoa.date_of_birth, hoa.category) == (
        "QLDT",
        "nu",
        datetime.date(1992, 5, 17),
        "cong_chuc",
    )
    assert Staff.objects.get(staff_code="KHTC002").category == "nguoi_lao_dong"
    assert Staff.objects.get(staff_code="QLDT004").position == "Phó Trưởng phòng"
    assert Staff.objects.get(staff_code="QLDT005").unit == unit
    assert (
        list(Staff.objects.exclude(unit__code__in=["QLDT", "KHTC"]).order_by("pk").values_list("pk", "is_active"))
        == before
    )


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_a_csv_is_read_with_or_without_bom_and_with_comma_or_semicolon(demo, tmp_path, delimiter, bom):
    rows = [
        row("TNMT001", "Hoàng Văn Quân", "TNMT", position="Trưởng phòng, Ủy viên Hội đồng"),  # a comma inside a field
        row("TNMT010", "Đoàn Thị Xuân", "TNMT", "Phòng Quản lý Tài nguyên và Môi trường", gender="Nữ", dob="5/9/1988"),
    ]
    job = preview(write_csv(tmp_path / "tnmt.csv", rows, delimiter=delimiter, bom=bom))

    assert errors_of(job) == []
    assert (job.created_count, job.updated_count, job.deactivated_count) == (1, 1, 3)
    job = commit(job)
    assert job.status == ImportJob.Status.DONE, job.error_message
    xuan = Staff.objects.get(staff_code="TNMT010")
    assert (xuan.full_name, xuan.date_of_birth) == ("Đoàn Thị Xuân", datetime.date(1988, 9, 5))
    assert Staff.objects.get(staff_code="TNMT001").position == "Trưởng phòng, Ủy viên Hội đồng"
    assert Staff.objects.filter(unit__code="TNMT", is_active=True).count() == 2


def test_headers_and_words_are_matched_ignoring_case_diacritics_spaces_and_english(db, tmp_path):
    headers = ["  MA CAN BO ", "họ  và  TÊN", "EMAIL", "Position", "unit code", "TÊN ĐƠN VỊ", "loai don vi",
               "Category", "gender", "Date of birth", "Ghi chú"]  # fmt: skip
    rows = [
        [
            "A1",
            "Nguyễn  Văn   A",
            "a1@example.vn",
            "",
            "P1",
            "Phòng Một",
            "phong",
            "CÔNG CHỨC",
            "NỮ",
            "01/02/1990",
            "x",
        ],
        ["A2", "Trần Văn B", "a2@example.vn", "", "P1", "", "", "vien chuc", "nam", "", ""],
        ["A3", "Lê Văn C", "a3@example.vn", "", "P2", "Văn phòng Ban", "VĂN PHÒNG", "nguoi_lao_dong", "", "", ""],
        ["A4", "Đỗ Thị D", "a4@example.vn", "", "P3", "Trung tâm", "Đơn vị trực thuộc", "Cán Bộ", "Nu", "", ""],
    ]
    parsed = parse(write_xlsx(tmp_path / "aliases.xlsx", rows, headers))

    assert parsed.errors == []
    assert [r["category"] for r in parsed.rows] == ["cong_chuc", "vien_chuc", "nguoi_lao_dong", "can_bo"]
    assert [r["gender"] for r in parsed.rows] == ["nu", "nam", "", "nu"]
    assert [r["unit_kind"] for r in parsed.rows] == ["division", "", "office", "subordinate"]
    assert parsed.rows[0]["full_name"] == "Nguyễn Văn A"


def test_excel_number_and_date_cells_and_decomposed_unicode_are_normalised(db, tmp_path):
    name = "Nguyễn Văn Đạt"
    rows = [[1001, unicodedata.normalize("NFD", name), "dat@example.vn", None, "P1", "Phòng Một", None,
             "Công chức", "Nam", datetime.datetime(1980, 12, 31)]]  # fmt: skip
    parsed = parse(write_xlsx(tmp_path / "cells.xlsx", rows))

    assert parsed.errors == []
    assert parsed.rows[0]["staff_code"] == "1001"
    assert parsed.rows[0]["full_name"] == unicodedata.normalize("NFC", name)
    assert parsed.rows[0]["date_of_birth"] == "1980-12-31"


def test_title_lines_above_the_header_are_skipped_and_row_numbers_stay_those_of_the_sheet(db, tmp_path):
    rows = [row("A1", "Nguyễn Văn A", "P1", "Phòng Một"), row("A2", "", "P1")]
    parsed = parse(write_xlsx(tmp_path / "titled.xlsx", rows, title_rows=[["DANH SÁCH CÁN BỘ"], []]))

    assert parsed.header_row == 3
    assert errors_of(parsed) == [(5, "Họ và tên", "Thiếu họ và tên.")]


# Bad rows: one test per kind, each with its row number, column and message ----------------------

GOOD = [
    row("N001", "Nguyễn Văn Một", "QLDT"),
    row("N002", "Nguyễn Văn Hai", "QLDT"),
]
BAD_ROWS = {
    "missing email": (row("N003", "Bùi Văn Ba", "QLDT", email=""), "Thư điện tử", "Thiếu thư điện tử."),
    "invalid email": (
        row("N003", "Bùi Văn Ba", "QLDT", email="ba@@example"),
        "Thư điện tử",
        "Thư điện tử “ba@@example” không hợp lệ.",
    ),
    "unknown unit code": (
        row("N003", "Bùi Văn Ba", "KHONGCO"),
        "Mã đơn vị",
        "Mã đơn vị “KHONGCO” chưa có trong hệ thống và tệp không ghi “Tên đơn vị” cho mã này, "
        "nên không tạo được đơn vị mới.",
    ),
    "unknown category": (
        row("N003", "Bùi Văn Ba", "QLDT", category="Chuyên gia"),
        "Đối tượng",
        "Đối tượng “Chuyên gia” không hợp lệ; ghi một trong: Cán bộ, Công chức, Viên chức, Người lao động.",
    ),
    "empty name": (row("N003", "  ", "QLDT"), "Họ và tên", "Thiếu họ và tên."),
    "invalid date of birth": (
        row("N003", "Bùi Văn Ba", "QLDT", dob="31/02/1990"),
        "Ngày sinh",
        "Ngày sinh “31/02/1990” không hợp lệ; ghi theo dạng dd/mm/yyyy, ví dụ 15/03/1985.",
    ),
    "date of birth in the future": (
        row("N003", "Bùi Văn Ba", "QLDT", dob="01/01/2999"),
        "Ngày sinh",
        "Ngày sinh 01/01/2999 ở sau ngày hôm nay.",
    ),
    "unknown gender": (
        row("N003", "Bùi Văn Ba", "QLDT", gender="Khác"),
        "Giới tính",
        "Giới tính “Khác” không hợp lệ; ghi Nam hoặc Nữ, hoặc để trống.",
    ),
    "missing staff code": (row("", "Bùi Văn Ba", "QLDT", email="ba@example.vn"), "Mã cán bộ", "Thiếu mã cán bộ."),
    "unknown unit kind": (
        row("N003", "Bùi Văn Ba", "KHTC", "Phòng Kế hoạch", kind="Tổ"),
        "Loại đơn vị",
        "Loại đơn vị “Tổ” không hợp lệ; ghi một trong: Văn phòng, Phòng, Đơn vị trực thuộc.",
    ),
}


@pytest.mark.parametrize("kind", BAD_ROWS.keys())
def test_each_kind_of_bad_row_is_reported_with_row_column_and_reason_and_blocks_the_commit(demo, tmp_path, kind):
    bad, column, message = BAD_ROWS[kind]
    before = db_state()

    job = preview(write_xlsx(tmp_path / "bad.xlsx", [*GOOD, bad]))

    assert errors_of(job) == [(4, column, message)]
    assert job.error_count == 1 and job.created_count == 2
    with pytest.raises(StaffImportRefused, match="Tệp còn 1 lỗi"):
        staff_import_enqueue(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW
    assert staff_import_commit(job_id=job.pk).status == ImportJob.Status.PREVIEW, "a preview never runs"
    assert db_state() == before


def test_a_staff_code_twice_in_the_file_names_both_rows(demo, tmp_path):
    rows = [*GOOD, row("N003", "Bùi Văn Ba", "QLDT"), row("N001", "Nguyễn Văn Một bis", "QLDT")]

    job = preview(write_csv(tmp_path / "dup.csv", rows))

    message = "Mã cán bộ “N001” bị trùng trong tệp: có ở dòng 2 và 5."
    assert errors_of(job) == [(2, "Mã cán bộ", message), (5, "Mã cán bộ", message)]


def test_every_bad_row_is_listed_not_only_the_first(demo, tmp_path):
    rows = [
        row("N001", "Nguyễn Văn Một", "QLDT", email=""),
        row("N002", "", "QLDT", category="?"),
        row("N003", "Bùi Văn Ba", "QLDT"),
        row("N004", "Hà Văn Bốn", "KHONGCO", dob="1990-01-01"),
    ]
    job = preview(write_xlsx(tmp_path / "many.xlsx", rows))

    assert [(r, c) for r, c, _ in errors_of(job)] == [
        (2, "Thư điện tử"),
        (3, "Họ và tên"),
        (3, "Đối tượng"),
        (5, "Mã đơn vị"),
        (5, "Ngày sinh"),
    ]
    assert job.created_count == 1


def test_one_unit_given_two_names_is_a_bad_row(demo, tmp_path):
    rows = [
        row("N001", "Nguyễn Văn Một", "KHTC", "Phòng Kế hoạch"),
        row("N002", "Lê Văn Hai", "KHTC", "Phòng Tài chính"),
    ]

    job = preview(write_xlsx(tmp_path / "names.xlsx", rows))

    assert errors_of(job) == [
        (
            3,
            "Tên đơn vị",
            "Đơn vị “KHTC” được ghi khác nhau trong tệp: dòng 2 ghi “Phòng Kế hoạch”, dòng này ghi “Phòng Tài chính”.",
        )
    ]


@pytest.mark.parametrize("missing", ["Thư điện tử", "Mã cán bộ", "Đối tượng"])
def test_a_missing_required_column_is_a_whole_file_error_naming_it(db, tmp_path, missing):
    headers = [h for h in HEADERS if h != missing]
    rows = [[v for h, v in zip(HEADERS, row("N001", "Nguyễn Văn Một", "QLDT"), strict=True) if h != missing]]

    with pytest.raises(ImportFileError) as caught:
        parse(write_xlsx(tmp_path / "columns.xlsx", rows, headers))

    assert str(caught.value).startswith(f"Tệp thiếu cột bắt buộc: “{missing}”. Dòng tiêu đề (dòng 1)")


def test_the_reference_file_of_another_system_gets_a_missing_column_message_not_a_crash(db):
    assert REFERENCE_FILE.exists(), REFERENCE_FILE
    with pytest.raises(ImportFileError) as caught:
        parse(REFERENCE_FILE)

    message = str(caught.value)
    assert message.startswith(
        "Tệp thiếu cột bắt buộc: “Mã cán bộ”, “Thư điện tử”, “Mã đơn vị”, “Tên đơn vị”, “Đối tượng”."
    )
    assert "dòng 3" in message  # its header sits under a title line


def _zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bao-cao.xlsx", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "Tệp đã chọn là tệp PDF, không phải bảng tính."),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "Đây là tệp Excel 97–2003 (.xls)"),
        ("cu.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "Đây là tệp Excel 97–2003 (.xls)"),
        ("rong.csv", b"", "Tệp rỗng"),
        ("rong.xlsx", b"", "Tệp rỗng"),
        ("nen.xlsx", _zip_bytes(), "Không đọc được tệp Excel"),
        ("van-ban.xlsx", b"Ma can bo,Ho va ten\n", "Tệp không phải bảng tính .xlsx hợp lệ"),
        ("anh.png", b"\x89PNG\r\n\x1a\n", "Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: anh.png)."),
        ("shift-jis.csv", "社員番号,氏名\n".encode("shift_jis"), "Không đọc được bảng mã của tệp CSV"),
        (
            "tieu-de.csv",
            ",".join(HEADERS).encode() + b"\r\n",
            "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề (dòng 1).",
        ),
    ],
)
def test_a_file_that_is_not_a_usable_spreadsheet_gets_a_clear_message(db, name, data, message):
    with pytest.raises(ImportFileError) as caught:
        parse_upload(io.BytesIO(data), name)
    assert message in str(caught.value)


def test_a_file_over_the_row_limit_is_refused_without_reading_it_to_the_end(db, tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_DATA_ROWS", 3)
    rows = [row(f"A{n}", f"Nguyễn Văn {n}", "P1", "Phòng Một") for n in range(4)]

    with pytest.raises(ImportFileError, match="Tệp có hơn 3 dòng dữ liệu; hãy chia thành nhiều tệp"):
        parse(write_csv(tmp_path / "dai.csv", rows))
    assert len(parse(write_csv(tmp_path / "vua.csv", rows[:3])).rows) == 3


# All or nothing ---------------------------------------------------------------------------------


def test_a_change_in_the_database_after_the_preview_fails_the_import_and_writes_nothing(demo, tmp_path):
    rows = [
        *demo_rows("TNMT")[:2],  # TNMT003 and TNMT004 would be deactivated
        row("TNMT009", "Vi Văn Mới", "TNMT"),
        row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng Kế hoạch – Tài chính"),
    ]
    rows[0][3] = "Trưởng phòng TN-MT"
    for r in rows[:3]:
        r[5] = ""  # the TNMT rows name the unit by code only
    job = preview(write_xlsx(tmp_path / "tnmt.xlsx", rows))
    assert errors_of(job) == [] and (job.created_count, job.updated_count, job.deactivated_count) == (2, 1, 2)
    # Meanwhile someone recodes the unit the file relies on.
    OrgUnit.objects.filter(code="TNMT").update(code="TNMT-MOI")
    before = db_state()

    job = commit(job)

    assert job.status == ImportJob.Status.FAILED
    assert job.error_message.startswith("Dữ liệu trong hệ thống đã thay đổi sau khi xem trước nên tệp không còn hợp lệ")
    assert "dòng 2, cột “Mã đơn vị”: Mã đơn vị “TNMT” chưa có trong hệ thống" in job.error_message
    assert "Không có thay đổi nào được ghi" in job.error_message
    assert db_state() == before


def test_a_row_the_database_rejects_mid_import_rolls_back_everything_already_written(demo, tmp_path, monkeypatch):
    rows = [row("QLDT001", "Lê Đức Anh", "QLDT", "Phòng Quản lý Đầu tư – đổi tên", position="Trưởng phòng")]
    rows += [row(f"KHTC{n:04d}", f"Cán bộ {n}", "KHTC", "Phòng Kế hoạch – Tài chính") for n in range(1, 700)]
    job = preview(write_xlsx(tmp_path / "big.xlsx", rows))
    assert errors_of(job) == [] and job.created_count == 699
    # After the preview another import (or a person) creates a staff member the file also creates,
    # in between the worker's read and its write: the unique staff code makes the database refuse.
    Staff.objects.create(
        staff_code="KHTC0600", full_name="Người khác", unit=OrgUnit.objects.get(code="QLDT"), category="can_bo"
    )
    load = importing.snapshot_load

    def load_missing_the_newcomer(**kwargs):
        snapshot = load(**kwargs)
        snapshot.staff.pop("KHTC0600", None)
        return snapshot

    monkeypatch.setattr(importing, "snapshot_load", load_missing_the_newcomer)
    before = db_state()

    job = commit(job)

    assert job.status == ImportJob.Status.FAILED
    assert job.error_message.startswith("Cơ sở dữ liệu từ chối ghi (")
    assert "Mọi thay đổi của lượt nhập này đã được hoàn tác" in job.error_message
    assert db_state() == before, "the first 500 rows, the new unit and the renamed unit are all rolled back"
    assert not OrgUnit.objects.filter(code="KHTC").exists()
    assert import_jobs.progress_read(job)["processed"] == 0


def test_importing_the_same_file_twice_changes_nothing_the_second_time(demo, tmp_path):
    rows = [
        *demo_rows(),
        row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng Kế hoạch – Tài chính", kind="Phòng", dob="15/03/1985"),
        row("KHTC002", "Phạm Thị Cúc", "KHTC", gender="Nữ", category="Cán bộ", dob=datetime.date(1970, 1, 2)),
    ]
    rows[0][3] = "Trưởng ban Ban Quản lý"
    path = write_xlsx(tmp_path / "all.xlsx", rows)
    first = commit(preview(path))
    assert first.status == ImportJob.Status.DONE and (first.created_count, first.updated_count) == (2, 1)
    after_first = db_state()

    second = preview(path)

    counts = (second.created_count, second.updated_count, second.deactivated_count, second.units_created_count)
    assert counts == (0, 0, 0, 0)
    assert (second.units_updated_count, second.unchanged_count) == (0, len(rows))
    second = commit(second)
    assert second.status == ImportJob.Status.DONE
    assert (second.created_count, second.updated_count, second.deactivated_count) == (0, 0, 0)
    assert db_state() == after_first


def test_running_the_commit_twice_does_the_work_once(demo, tmp_path):
    job = commit(preview(write_xlsx(tmp_path / "one.xlsx", [row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng KH-TC")])))
    state = db_state()

    again = staff_import_commit(job_id=job.pk)
    requeued = staff_import_enqueue(job=job)

    assert again.status == requeued.status == ImportJob.Status.DONE
    assert again.finished_at == job.finished_at
    assert db_state() == state


# Deactivation -----------------------------------------------------------------------------------


def test_only_staff_of_the_units_in_the_file_are_deactivated(demo, tmp_path):
    rows = [r for r in demo_rows("QLDT") if r[0] != "QLDT003"]  # qldt.thidua has left
    others = list(Staff.objects.exclude(unit__code="QLDT").values_list("staff_code", "is_active"))

    job = preview(write_xlsx(tmp_path / "qldt.xlsx", rows))

    assert [s["staff_code"] for s in job.preview["staff_deactivated"]] == ["QLDT003"]
    job = commit(job)
    assert job.deactivated_count == 1
    assert not Staff.objects.get(staff_code="QLDT003").is_active
    assert list(Staff.objects.exclude(unit__code="QLDT").values_list("staff_code", "is_active")) == others
    clerk = get_user_model().objects.get(username="qldt.thidua")
    assert roles_held(user=clerk) == [] and not clerk.groups.exists(), "who leaves loses their role groups"


def test_a_deactivated_staff_member_in_the_file_is_active_again(demo, tmp_path):
    Staff.objects.filter(staff_code="DNLD005").update(is_active=False)
    job = preview(
        write_csv(tmp_path / "dnld.csv", [*demo_rows("DNLD"), row("DNLD005", "Chu Văn Đạt", "DNLD", gender="Nam")])
    )

    [update] = job.preview["staff_updated"]
    assert update["staff_code"] == "DNLD005"
    assert {"field": "Trạng thái", "old": "Thôi công tác", "new": "Đang công tác"} in update["changes"]
    commit(job)
    assert Staff.objects.get(staff_code="DNLD005").is_active


def test_units_are_renamed_and_the_board_cannot_change_kind(demo, tmp_path):
    rows = [
        row("QLDT001", "Lê Đức Anh", "QLDT", "Phòng Quản lý Đầu tư và Hợp tác", kind="Đơn vị trực thuộc"),
        row("BQL001", "Nguyễn Văn Hùng", "BQL", kind="Phòng"),
    ]
    job = preview(write_xlsx(tmp_path / "units.xlsx", rows))

    assert errors_of(job) == [
        (3, "Loại đơn vị", "Không đổi được loại của đơn vị “BQL” từ “Ban Quản lý” thành “Phòng chuyên môn”.")
    ]
    assert job.preview["units_updated"] == [
        {
            "code": "QLDT",
            "changes": [
                {"field": "Tên đơn vị", "old": "Phòng Quản lý Đầu tư", "new": "Phòng Quản lý Đầu tư và Hợp tác"},
                {"field": "Loại đơn vị", "old": "Phòng chuyên môn", "new": "Đơn vị trực thuộc"},
            ],
        }
    ]


def test_optional_columns_left_out_of_the_file_leave_those_fields_alone(demo, tmp_path):
    Staff.objects.filter(staff_code="VP005").update(date_of_birth=datetime.date(1980, 1, 1))
    headers = [*HEADERS[:6], "Đối tượng"]
    rows = [[*r[:6], r[7]] for r in demo_rows("VP")]

    job = commit(preview(write_xlsx(tmp_path / "vp.xlsx", rows, headers)))

    assert job.status == ImportJob.Status.DONE and job.updated_count == 0
    vp005 = Staff.objects.get(staff_code="VP005")
    assert (vp005.date_of_birth, vp005.gender) == (datetime.date(1980, 1, 1), "nu")


# Volume -----------------------------------------------------------------------------------------


def test_five_thousand_rows_preview_and_commit_without_a_query_per_row(demo, tmp_path, django_assert_max_num_queries):
    units = [(f"DV{u:02d}", f"Đơn vị số {u}") for u in range(10)]
    rows = [
        row(f"CB{n:05d}", f"Nguyễn Văn {n}", units[n % 10][0], units[n % 10][1], category="Viên chức", dob="02/03/1991")
        for n in range(5000)
    ]
    path = write_xlsx(tmp_path / "5000.xlsx", rows)
    started = time.perf_counter()

    job = preview(path)
    previewed = time.perf_counter()

    assert job.error_count == 0 and (job.created_count, job.units_created_count, job.total_rows) == (5000, 10, 5000)
    staff_import_enqueue(job=job)
    # Batched writes: SQLite takes about 99 staff per INSERT (Django's bound-parameter cap), so the
    # commit needs roughly 80 queries there and 30 on PostgreSQL, against 5 000+ one row at a time.
    with django_assert_max_num_queries(120):
        job = staff_import_commit(job_id=job.pk)
    committed = time.perf_counter()

    assert job.status == ImportJob.Status.DONE, job.error_message
    assert (job.created_count, job.processed_rows) == (5000, 5000)
    assert Staff.objects.filter(staff_code__startswith="CB", unit__code__startswith="DV").count() == 5000
    assert OrgUnit.objects.filter(code__startswith="DV", parent__code="BQL").count() == 10
    print(f"\n5 000 dòng: xem trước {previewed - started:.2f} s, ghi {committed - previewed:.2f} s")


# Progress and templates -------------------------------------------------------------------------


def test_progress_is_read_from_the_cache_while_running_and_from_the_database_after(demo, tmp_path):
    job = preview(write_xlsx(tmp_path / "p.xlsx", [row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng KH-TC")]))
    job = staff_import_enqueue(job=job)
    assert import_jobs.progress_read(job) == {"status": "queued", "processed": 0, "total": 1, "percent": 0}

    import_jobs.progress_write(job, processed=1, total=2)
    assert import_jobs.progress_read(job)["processed"] == 1
    assert import_jobs.progress_read(job)["percent"] == 50

    job = staff_import_commit(job_id=job.pk)
    assert import_jobs.progress_read(job) == {"status": "done", "processed": 1, "total": 1, "percent": 100}


def test_the_xlsx_template_has_the_headers_an_example_dropdowns_and_a_guide(db, tmp_path):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(importing.template_xlsx())

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["B2"].value == "Nguyễn Văn An"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["H2"] == '"Cán bộ,Công chức,Viên chức,Người lao động"'
    assert lists["I2"] == '"Nam,Nữ"'
    guide = workbook["Hướng dẫn"]
    assert [guide.cell(row=r, column=1).value for r in range(2, 2 + len(HEADERS))] == HEADERS
    # The template itself is a valid file: one example row, no errors.
    parsed = parse(path)
    assert parsed.errors == [] and len(parsed.rows) == 1 and parsed.rows[0]["date_of_birth"] == "1985-03-15"


def test_the_csv_template_is_utf8_with_bom_and_parses(db, tmp_path):
    data = importing.template_csv()
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(HEADERS)
    parsed = parse_upload(io.BytesIO(data), "mau.csv")
    assert parsed.errors == [] and parsed.rows[0]["category"] == "cong_chuc"


# Ngày bắt đầu công tác (the time worked in a year is counted from it) ---------------------------------------


def test_the_start_date_of_work_is_read_in_dd_mm_yyyy_or_as_an_excel_date_and_written(demo, tmp_path):
    rows = [
        row("N001", "Nguyễn Văn Một", "QLDT", start="01/08/2010"),
        row("N002", "Nguyễn Văn Hai", "QLDT", start=datetime.datetime(2025, 6, 2)),
        row("N003", "Bùi Văn Ba", "QLDT"),
    ]
    job = preview(write_xlsx(tmp_path / "start.xlsx", rows))
    assert errors_of(job) == []
    assert [s["employed_from"] for s in job.preview["staff_created"]] == ["01/08/2010", "02/06/2025", "—"]

    commit(job)

    dates = dict(Staff.objects.filter(staff_code__startswith="N00").values_list("staff_code", "employed_from"))
    assert dates == {"N001": datetime.date(2010, 8, 1), "N002": datetime.date(2025, 6, 2), "N003": None}
    # A later file with a new date updates it, and the preview names the change.
    rows[0][-1] = "15/09/2011"
    job = preview(write_xlsx(tmp_path / "again.xlsx", rows))
    assert [u["changes"] for u in job.preview["staff_updated"]] == [
        [{"field": "Ngày bắt đầu công tác", "old": "01/08/2010", "new": "15/09/2011"}]
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2010", "Ngày bắt đầu công tác “31/02/2010” không hợp lệ; ghi theo dạng dd/mm/yyyy, ví dụ 01/08/2010."),
        ("2010-08-01", "Ngày bắt đầu công tác “2010-08-01” không hợp lệ; ghi theo dạng dd/mm/yyyy, ví dụ 01/08/2010."),
        ("=NOW()", "Ngày bắt đầu công tác “=NOW()” không hợp lệ; ghi theo dạng dd/mm/yyyy, ví dụ 01/08/2010."),
        ("01/01/2999", "Ngày bắt đầu công tác 01/01/2999 ở sau ngày hôm nay."),
        ("01/01/1985", "Ngày bắt đầu công tác ở trước ngày sinh."),
    ],
)
def test_a_bad_start_date_of_work_names_its_row_and_column_and_blocks_the_file(demo, tmp_path, value, message):
    before = db_state()
    rows = [*GOOD, row("N003", "Bùi Văn Ba", "QLDT", dob="01/01/1990", start=value)]

    job = preview(write_csv(tmp_path / "bad.csv", rows))  # a CSV keeps "=NOW()" as the text typed

    assert errors_of(job) == [(4, "Ngày bắt đầu công tác", message)]
    with pytest.raises(StaffImportRefused):
        staff_import_enqueue(job=job)
    assert db_state() == before


def test_the_templates_carry_the_start_date_of_work_column(db, tmp_path):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(importing.template_xlsx())
    assert "Ngày bắt đầu công tác" in HEADERS
    assert parse(path).rows[0]["employed_from"] == "2010-08-01"
    assert parse_upload(io.BytesIO(importing.template_csv()), "mau.csv").rows[0]["employed_from"] == "2010-08-01"
