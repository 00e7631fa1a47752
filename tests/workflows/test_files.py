"""Uploads are judged by their content, not their name; oversize, empty and odd names get clear messages."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.services import need
from workflows.files import display_name, sniff, storage_name, validate_upload

SHARED = Path(__file__).resolve().parents[3] / "shared" / "reference-files"

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def upload(name: str, data: bytes):
    return SimpleUploadedFile(name, data)


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def shared_file(relative: str) -> bytes:
    path = SHARED / relative
    need(path.exists(), f"tệp mẫu {path}")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("to-trinh.pdf", PDF_BYTES, "pdf"),
        ("anh.png", PNG_BYTES, "png"),
        ("anh.jpg", JPEG_BYTES, "jpg"),
        ("danh-sach.xlsx", None, "xlsx"),
    ],
)
def test_allowed_kinds_are_recognised_by_content(name, data, kind):
    assert validate_upload(upload(name, data if data is not None else xlsx_bytes())).code == kind


def test_real_word_files_from_a_provincial_system_are_recognised():
    assert (
        validate_upload(upload("mau08.doc", shared_file("word/Mau08_BaoCaoThanhTich_DeNghiTangThuong.doc"))).code
        == "doc"
    )
    docx = shared_file("word/BieuMau01_TongHop_KhenThuong_NhaNuoc_Tinh_Quy_2022.docx")
    assert validate_upload(upload("bieu-mau.docx", docx)).code == "docx"
    assert validate_upload(upload("mau.xlsx", shared_file("import-templates/CANHAN.xlsx"))).code == "xlsx"


def test_a_renamed_file_is_judged_by_its_content():
    # An Excel workbook renamed .pdf is an Excel workbook: stored with the extension of what it is.
    assert validate_upload(upload("bao-cao.pdf", xlsx_bytes())).code == "xlsx"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),  # a Windows program renamed .pdf
        ("ghi-chu.pdf", "Đây là văn bản thường".encode()),
        ("nen.zip.pdf", b"PK\x03\x04" + b"\x00" * 50),  # a broken or non-Office zip
        ("trang.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_disallowed_content_is_refused_naming_the_file(name, data):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, data))
    assert error.value.code == "bad_type"
    assert f"Tệp “{name}” không phải là tài liệu được chấp nhận" in error.value.messages[0]


def test_a_zip_that_is_not_an_office_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "x")
    assert sniff(io.BytesIO(buffer.getvalue())) is None


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="rỗng"):
        validate_upload(upload("trong.pdf", b""))


def test_an_oversize_file_is_refused_naming_the_limit(settings):
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError, match="vượt giới hạn 1 MB"):
        validate_upload(upload("lon.pdf", PDF_BYTES + b"0" * (1024 * 1024)))


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\ke toan\\Tờ trình số 15.pdf", "Tờ trình số 15.pdf"),
        ("bad\x00name\x1b.pdf", "badname.pdf"),
        ("...", "tep-dinh-kem"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_odd_names_are_kept_only_for_display_and_made_safe(given, shown):
    assert display_name(given) == shown


def test_stored_names_are_unguessable_and_take_the_content_extension():
    kind = validate_upload(upload("bao-cao.pdf", xlsx_bytes()))
    first, second = storage_name(kind), storage_name(kind)
    assert first != second
    assert first.endswith(".xlsx") and "bao-cao" not in first
    assert len(Path(first).stem) == 32
