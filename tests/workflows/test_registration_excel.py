"""A unit's registration rows filled from its Excel sheet: the sheet the page offers, filled in and sent
back; a bad row is named by row and column and nothing is filled."""

import io
import re
import unicodedata

import pytest
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from tests.desk import Desk, page_text
from tests.people.test_legacy_vn import to_tcvn3, to_vni
from workflows.casework import services
from workflows.models import Campaign, Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo):
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
    case = Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code="QLDT")
    desk = Desk("qldt.thidua")
    return desk, case, desk.take(case, "draft")


def _upload(desk, case, task, book, name="dang-ky.xlsx"):
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = name
    return desk.client.post(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/", {"action": "import", "x-excel": data})


def test_the_offered_sheet_filled_in_fills_the_rows(draft):
    desk, case, task = draft
    response = desk.client.get(f"/cases/ho-so/{case.pk}/dang-ky.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    codes = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert len(codes) == case.unit.staff.filter(is_active=True).count()
    for row in sheet.iter_rows(min_row=2):
        row[2].value = "LĐTT"
    sheet.cell(row=2, column=3, value="CSTĐCS")
    sheet.cell(row=2, column=4, value="Phần mềm theo dõi dự án")
    response = _upload(desk, case, task, book)
    assert response.status_code == 302
    entries = {e.staff.staff_code: (e.title.code, e.initiative) for e in case.entries.select_related("staff", "title")}
    assert entries[codes[0]] == ("CSTDCS", "Phần mềm theo dõi dự án")
    assert {title for title, _ in entries.values()} == {"CSTDCS", "LDTT"}
    assert len(entries) == len(codes)


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_filled(draft):
    desk, case, task = draft
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã cán bộ", "Họ và tên", "Danh hiệu / hình thức đăng ký", "Sáng kiến dự kiến"])
    person = case.unit.staff.first()
    sheet.append([person.staff_code, person.full_name, "LĐTT", ""])
    sheet.append(["KHONGCO", "Người lạ", "LĐTT", ""])
    sheet.append([person.staff_code, person.full_name, "Anh hùng lao động", ""])
    response = _upload(desk, case, task, book)
    assert response.status_code == 200
    text = page_text(response)
    assert "Dòng 3, cột A: Mã cán bộ “KHONGCO” không thuộc đơn vị." in text
    assert "Dòng 4, cột C: Không có danh hiệu cá nhân “Anh hùng lao động”." in text
    assert not case.entries.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_vietnamese(draft):
    desk, case, task = draft
    data = io.BytesIO(b"%PDF-1.4 not a sheet")
    data.name = "dang-ky.xlsx"
    response = desk.client.post(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/", {"action": "import", "x-excel": data})
    assert response.status_code == 200
    assert "Tệp đã chọn là tệp PDF, không phải bảng tính." in page_text(response)
    assert not case.entries.exists()


def _sheet(*rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã cán bộ", "Họ và tên", "Danh hiệu / hình thức đăng ký", "Sáng kiến dự kiến"])
    for row in rows:
        sheet.append(row)
    return book


def test_cells_typed_in_tcvn3_or_vni_are_stored_as_unicode_and_listed_on_the_page_once(draft):
    desk, case, task = draft
    first, second = case.unit.staff.filter(is_active=True).order_by("staff_code")[:2]
    book = _sheet(
        [first.staff_code, to_tcvn3(first.full_name), "LĐTT", to_tcvn3("Cải tiến quy trình tiếp nhận hồ sơ")],
        [second.staff_code, second.full_name, to_tcvn3("Lao động tiên tiến"), to_vni("Phần mềm quản lý văn bản")],
    )

    response = _upload(desk, case, task, book)

    assert response.status_code == 302
    entries = {e.staff_id: (e.title.code, e.initiative) for e in case.entries.select_related("title")}
    assert entries == {
        first.pk: ("LDTT", "Cải tiến quy trình tiếp nhận hồ sơ"),
        second.pk: ("LDTT", "Phần mềm quản lý văn bản"),
    }
    assert all(unicodedata.is_normalized("NFC", initiative) for _, initiative in entries.values())
    page = desk.client.get(response.url)
    listed = page_text(page).split("Ô đã chuyển từ phông chữ cũ sang Unicode")[1]
    assert "4 ô trong tệp Excel được gõ bằng phông chữ cũ (TCVN3 hoặc VNI)" in listed
    table = page.content.decode().split('data-testid="import-converted"')[1].split("</table>")[0]
    cells = [
        [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table)
        if "<td" in row
    ]
    tcvn3, vni = "TCVN3 (ABC, .VnTime)", "VNI (VNI-Times)"
    assert cells == [
        ["2", "B", tcvn3, escape(to_tcvn3(first.full_name)), escape(first.full_name)],
        ["2", "D", tcvn3, escape(to_tcvn3("Cải tiến quy trình tiếp nhận hồ sơ")), "Cải tiến quy trình tiếp nhận hồ sơ"],
        ["3", "C", tcvn3, escape(to_tcvn3("Lao động tiên tiến")), "Lao động tiên tiến"],
        ["3", "D", vni, escape(to_vni("Phần mềm quản lý văn bản")), "Phần mềm quản lý văn bản"],
    ]
    assert "Ô đã chuyển từ phông chữ cũ sang Unicode" not in page_text(desk.client.get(response.url))


def test_a_cell_whose_legacy_font_cannot_be_decided_rejects_its_row_by_column_and_saves_nothing(draft):
    desk, case, task = draft
    first, second = case.unit.staff.filter(is_active=True).order_by("staff_code")[:2]
    book = _sheet(
        [first.staff_code, first.full_name, "LĐTT", to_tcvn3("Cải tiến quy trình")],
        [second.staff_code, second.full_name, "LĐTT", "Müller"],
    )

    response = _upload(desk, case, task, book)

    assert response.status_code == 200
    text = page_text(response)
    assert "Tệp Excel có lỗi, chưa điền dòng nào:" in text
    assert "Dòng 3, cột D: Không xác định được bảng mã của “Müller”" in text
    assert "Ô đã chuyển từ phông chữ cũ sang Unicode" not in text
    assert not case.entries.exists()
