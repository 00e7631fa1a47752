"""The import fed files as real offices make them: cells typed in TCVN3 or VNI fonts, a CSV saved in
Windows-1258, the template's guide sheet moved first and hidden, addresses in capitals."""

import io
import unicodedata

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import importing
from people.models import ImportJob, Staff

from .test_import import HEADERS, commit, demo_rows, errors_of, parse, preview, row, write_xlsx
from .test_import_views import text, upload


@pytest.fixture
def office(demo, login):
    return login("vanphong")


def test_tcvn3_and_vni_cells_are_converted_and_the_preview_says_where_and_from_what(office, tmp_path):
    rows = demo_rows("QHXD")
    rows += [
        row("QHXD006", "NguyÔn V¨n An", "QHXD", position="Chuyªn viªn"),  # TCVN3 (.VnTime)
        row("QHXD007", "Nguyeãn Thò Hoa", "QHXD", position="Phoù tröôûng phoøng", gender="Nữ"),  # VNI
        # TCVN3's ư is U+00AD, a soft hyphen; the words of the lists are recognised once converted
        row("QHXD008", "Tr\u00adêng Thu Hµ", "QHXD", gender="N÷", category="Viªn chøc"),
    ]
    response = upload(office, write_xlsx(tmp_path / "phong-cu.xlsx", rows))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and errors_of(job) == []
    converted = {(c["row"], c["column"]): (c["encoding"], c["after"]) for c in job.preview["converted"]}
    new_rows = {r["staff_code"]: r["row"] for r in job.preview["staff_created"]}
    assert converted == {
        (new_rows["QHXD006"], "Họ và tên"): ("TCVN3 (ABC, .VnTime)", "Nguyễn Văn An"),
        (new_rows["QHXD006"], "Chức vụ"): ("TCVN3 (ABC, .VnTime)", "Chuyên viên"),
        (new_rows["QHXD007"], "Họ và tên"): ("VNI (VNI-Times)", "Nguyễn Thị Hoa"),
        (new_rows["QHXD007"], "Chức vụ"): ("VNI (VNI-Times)", "Phó trưởng phòng"),
        (new_rows["QHXD008"], "Họ và tên"): ("TCVN3 (ABC, .VnTime)", "Trường Thu Hà"),
        (new_rows["QHXD008"], "Đối tượng"): ("TCVN3 (ABC, .VnTime)", "Viên chức"),
        (new_rows["QHXD008"], "Giới tính"): ("TCVN3 (ABC, .VnTime)", "Nữ"),
    }
    page = text(office.get(reverse("people:import_job", kwargs={"pk": job.pk})))
    section = page.split('data-testid="import-converted"')[1].split("</table>")[0]
    assert "NguyÔn V¨n An" in section and "Nguyễn Văn An" in section and "TCVN3 (ABC, .VnTime)" in section
    assert "Nguyeãn Thò Hoa" in section and "Nguyễn Thị Hoa" in section and "VNI (VNI-Times)" in section
    assert f'<td class="tdkt-num">{new_rows["QHXD008"]}</td><td>Họ và tên</td>' in section
    assert "7 ô được gõ bằng phông chữ cũ" in page

    commit(job)
    stored = dict(Staff.objects.filter(unit__code="QHXD").values_list("staff_code", "full_name"))
    assert stored["QHXD006"] == "Nguyễn Văn An" and stored["QHXD007"] == "Nguyễn Thị Hoa"
    assert stored["QHXD008"] == "Trường Thu Hà"
    assert Staff.objects.get(staff_code="QHXD007").position == "Phó trưởng phòng"
    assert Staff.objects.filter(staff_code="QHXD008", gender="nu", category="vien_chuc").exists()
    assert all(unicodedata.is_normalized("NFC", name) for name in stored.values())


def test_unicode_files_show_no_conversion(office, tmp_path):
    upload(office, write_xlsx(tmp_path / "unicode.xlsx", demo_rows("QHXD")))
    job = ImportJob.objects.get()
    assert job.preview["converted"] == [] and job.unchanged_count == len(demo_rows("QHXD"))
    assert 'data-testid="import-converted"' not in text(office.get(reverse("people:import_job", args=[job.pk])))


def test_a_cell_whose_legacy_encoding_cannot_be_decided_rejects_its_row_naming_the_column(demo, tmp_path):
    # "Ph¹m V¨n B×nh" would be TCVN3 for Phạm Văn Bình; with "ì" typed in Unicode it is neither.
    rows = [*demo_rows("QHXD"), row("QHXD006", "Ph¹m V¨n Bìnhh", "QHXD", position="Müller ¸")]
    parsed = parse(write_xlsx(tmp_path / "lan.xlsx", rows))
    number = len(rows) + 1
    assert [(r, c) for r, c, _ in errors_of(parsed)] == [(number, "Họ và tên"), (number, "Chức vụ")]
    assert errors_of(parsed)[1][2].startswith("Không xác định được bảng mã của “Müller ¸”")
    assert parsed.conversions == []
    job = preview(write_xlsx(tmp_path / "lan2.xlsx", rows))
    assert job.error_count == 2 and job.created_count == 0
    assert not Staff.objects.filter(staff_code="QHXD006").exists()


def windows_1258(text: str) -> bytes:
    """How Excel on a Vietnamese Windows saves "CSV": each letter as its base (with â, ơ… precomposed) and the
    tone as a separate combining mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(ch for ch in decomposed if ch in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_a_csv_saved_in_windows_1258_is_decoded_and_normalised(demo, tmp_path):
    rows = [*demo_rows("QHXD"), row("QHXD006", "Nguyễn Thị Phượng", "QHXD", position="Phó Trưởng phòng")]
    lines = [",".join(HEADERS), *(",".join(str(v) for v in r) for r in rows)]
    data = windows_1258("\r\n".join(lines) + "\r\n")
    assert b"\xd2" in data or b"\xf2" in data  # a combining tone mark of Windows-1258 is in the file
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    parsed = importing.parse_upload(io.BytesIO(data), "danh-sach.csv")

    assert parsed.errors == [] and parsed.conversions == []
    new = parsed.rows[-1]
    assert new["full_name"] == "Nguyễn Thị Phượng" and unicodedata.is_normalized("NFC", new["full_name"])
    assert new["position"] == "Phó Trưởng phòng"
    job = preview(write_xlsx(tmp_path / "same.xlsx", rows))
    assert job.unchanged_count == len(rows) - 1  # the existing names read back equal to the database's


def _template_with_guide_first(rows, *, hidden: bool) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(importing.template_xlsx()))
    listing, guide = workbook["Danh sách"], workbook["Hướng dẫn"]
    listing.delete_rows(2)  # the example row
    for values in rows:
        listing.append(values)
    workbook.move_sheet(guide, offset=-1)
    if hidden:
        guide.sheet_state = "hidden"
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "visible"])
def test_the_list_sheet_is_read_when_the_guide_sheet_comes_first(demo, hidden):
    rows = demo_rows("QHXD")
    data = _template_with_guide_first(rows, hidden=hidden)
    assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].title == "Hướng dẫn"

    parsed = importing.parse_upload(io.BytesIO(data), "mau.xlsx")

    assert parsed.errors == []
    assert [r["staff_code"] for r in parsed.rows] == [r[0] for r in rows]


def test_a_hidden_sheet_with_the_header_is_not_read_in_place_of_the_visible_one(demo):
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title = "Cũ"
    hidden.append(HEADERS)
    hidden.append(row("CU001", "Người Cũ", "QHXD"))
    hidden.sheet_state = "hidden"
    visible = workbook.create_sheet("Mới")
    visible.append(HEADERS)
    visible.append(row("QHXD009", "Người Mới", "QHXD"))
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = importing.parse_upload(io.BytesIO(buffer.getvalue()), "hai-trang.xlsx")

    assert [r["staff_code"] for r in parsed.rows] == ["QHXD009"]


def test_addresses_in_capitals_are_the_same_person_and_stored_in_small_letters(demo, tmp_path):
    existing = Staff.objects.get(staff_code="QHXD003")
    rows = demo_rows("QHXD")
    for values in rows:
        values[2] = values[2].upper()
    rows.append(row("QHXD006", "Lê Thị Linh", "QHXD", email="LINH@EXAMPLE.COM"))

    job = preview(write_xlsx(tmp_path / "hoa.xlsx", rows))

    assert errors_of(job) == [] and job.updated_count == 0 and job.created_count == 1
    assert job.unchanged_count == len(rows) - 1  # upper-case addresses of the people already there change nothing
    commit(job)
    assert Staff.objects.get(staff_code="QHXD006").email == "linh@example.com"
    assert Staff.objects.get(pk=existing.pk).email == existing.email


def test_an_address_saved_through_the_admin_is_stored_in_small_letters(demo, admin_client):
    staff = Staff.objects.get(staff_code="QHXD003")
    url = reverse("admin:people_staff_change", args=[staff.pk])
    page = admin_client.get(url).context
    form = page["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["email"] = "Cao.Son@Example.VN"
    for inline in page["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{formset.prefix}-{index}-{name}"] = value
    response = admin_client.post(url, data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.email == "cao.son@example.vn"


def test_the_migration_lower_cases_addresses_already_stored(demo):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("people.migrations.0003_email_lowercase")
    Staff.objects.filter(staff_code="QHXD003").update(email="  Cao.Son@Example.VN ")
    migration.lower_emails(apps, None)
    assert Staff.objects.get(staff_code="QHXD003").email == "cao.son@example.vn"


def test_the_registration_excel_converts_a_legacy_initiative(demo):
    from workflows.casework import registration_excel

    staff = list(Staff.objects.filter(unit__code="QHXD").order_by("staff_code"))
    workbook = openpyxl.Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.active.sheet_state = "hidden"
    sheet = workbook.create_sheet("Đăng ký")
    sheet.append(registration_excel.HEADERS)
    sheet.append([staff[0].staff_code, staff[0].full_name, "", "S¸ng kiÕn qu¶n lý hå s¬"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = registration_excel.parse(SimpleUploadedFile("dk.xlsx", buffer.getvalue()), staff=staff)

    assert parsed.errors == []
    assert parsed.rows == {staff[0].pk: (None, "Sáng kiến quản lý hồ sơ")}
    assert [(c["row"], c["column"], c["encoding"]) for c in parsed.conversions] == [(2, "D", "TCVN3 (ABC, .VnTime)")]
