"""Filling a unit's registration rows from an Excel file, and the file it is filled from."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from people.models import Staff
from people.office_files import sheet_append_text
from people.tabular import ImportFileError, fold, legacy_repair, read_table

from ..models import AwardTitle

HEADERS = ("Mã cán bộ", "Họ và tên", "Danh hiệu / hình thức đăng ký", "Sáng kiến dự kiến")
COLUMN_LETTERS = "ABCD"


@dataclass
class ParsedRegistration:
    rows: dict[int, tuple[AwardTitle | None, str]] = field(default_factory=dict)  # staff id → (title, initiative)
    errors: list[dict] = field(default_factory=list)  # {"row", "column", "message"}
    # Cells typed in a legacy font (TCVN3, VNI) and converted: {"row", "column", "encoding", "before", "after"}
    conversions: list[dict] = field(default_factory=list)


def _header_score(cells) -> int:
    texts = [fold("" if c is None else str(c)) for c in cells[: len(HEADERS)]]
    return sum(text == fold(header) for text, header in zip(texts, HEADERS, strict=False))


def individual_titles():
    return AwardTitle.objects.filter(scope=AwardTitle.Scope.INDIVIDUAL).order_by("order")


def parse(uploaded, *, staff: list[Staff]) -> ParsedRegistration:
    """Read the rows; every problem is reported with its row, column and a Vietnamese reason."""
    try:
        table = read_table(uploaded.read(), uploaded.name, score=_header_score)
    except ImportFileError as exc:
        return ParsedRegistration(errors=[{"row": "", "column": "", "message": str(exc)}])
    titles = {}
    for title in individual_titles():
        for word in (title.code, title.short_name, title.name):
            titles[fold(word)] = title
    by_code = {s.staff_code.upper(): s for s in staff}
    result = ParsedRegistration()
    header_found = False
    for number, cells in table:
        if header_found:
            cells = [
                legacy_repair(c, row=number, column=letter, conversions=result.conversions, errors=result.errors)
                for c, letter in zip(cells, COLUMN_LETTERS, strict=False)
            ]
        cells = [("" if c is None else " ".join(str(c).split())) for c in (*cells, "", "", "", "")][:4]
        if not header_found:
            if fold(cells[0]) == fold(HEADERS[0]):
                header_found = True
            continue
        code, _name, title_text, initiative = cells
        if not code and not title_text:
            continue
        person = by_code.get(code.upper())
        if person is None:
            result.errors.append(
                {
                    "row": number,
                    "column": "A",
                    "message": _("Mã cán bộ “%(code)s” không thuộc đơn vị.") % {"code": code},
                }
            )
            continue
        title = None
        if title_text:
            title = titles.get(fold(title_text))
            if title is None:
                result.errors.append(
                    {
                        "row": number,
                        "column": "C",
                        "message": _("Không có danh hiệu cá nhân “%(title)s”.") % {"title": title_text},
                    }
                )
                continue
        if len(initiative) > 500:
            result.errors.append({"row": number, "column": "D", "message": _("Dài quá 500 ký tự.")})
            continue
        result.rows[person.pk] = (title, initiative)
    if not header_found:
        result.errors.append({"row": "", "column": "", "message": _("Không tìm thấy dòng tiêu đề có cột “Mã cán bộ”.")})
    return result


def template(*, staff: list[Staff], current: dict[int, tuple[str, str]]) -> bytes:
    """The unit's staff, one per row, with a dropdown of titles; what is already registered is filled in."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Đăng ký"
    sheet_append_text(sheet, HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for person in staff:
        title, initiative = current.get(person.pk, ("", ""))
        # A name or an initiative typed as "=HYPERLINK(…)" is written as text, never as a live formula.
        sheet_append_text(sheet, (person.staff_code, person.full_name, title, initiative))
    names = ",".join(t.short_name for t in individual_titles())
    validation = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
    sheet.add_data_validation(validation)
    validation.add(f"C2:C{max(len(staff) + 1, 2)}")
    for letter, width in zip(COLUMN_LETTERS, (14, 30, 28, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
