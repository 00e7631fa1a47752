"""A list page as an Excel file: the rows its selector returns, one sheet, written in constant memory.

Every list page's "Xuất Excel" goes through `xlsx_response`: the header row bold and frozen, columns as wide as
their content (capped), dates and datetimes as real Excel dates shown dd/mm/yyyy (datetimes in the project's
time zone, dd/mm/yyyy hh:mm), numbers as numbers, and every text cell stored as text, so that a name typed as
"=HYPERLINK(…)" or "+cmd" is shown, never evaluated (OWASP's CSV/formula-injection advice, here for .xlsx), with the
control characters a worksheet cannot hold left out.
"""

from __future__ import annotations

import datetime
import decimal
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import clock
from .office_files import CSV_FORMULA_STARTS

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Widths are measured on the first rows only, so that a long list is never held in memory to be measured.
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH = 8
MAX_WIDTH = 60
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_TITLE_FORBIDDEN = dict.fromkeys(map(ord, "[]:*?/\\"), " ")


def worksheet_text(value: str) -> str:
    """Text a worksheet can hold: the control characters the format forbids (openpyxl refuses them) are left out,
    so that a name that came in with one is exported readable instead of failing the whole file."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _excel_value(value):
    """What a cell holds: nothing, a number, a naive date/datetime (local time), or text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, datetime.date | int | float | decimal.Decimal):
        return value
    return worksheet_text(str(value))


def _shown_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len("dd/mm/yyyy hh:mm")
    if isinstance(value, datetime.date):
        return len("dd/mm/yyyy")
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _cell(sheet, value, *, bold: Font | None = None) -> WriteOnlyCell:
    value = _excel_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl reads a leading "=" as a formula; "s" stores the string as it is. The quote prefix is Excel's
        # own "this is text" mark (the leading apostrophe), so editing the cell later does not make it a formula.
        cell.data_type = "s"
        if value.startswith(CSV_FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if bold is not None:
        cell.font = bold
    return cell


def sheet_title(title: str) -> str:
    return " ".join(str(title).translate(_SHEET_TITLE_FORBIDDEN).split())[:SHEET_TITLE_MAX] or "Sheet1"


def workbook_write(out, *, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write the sheet to `out` (a file object): a write-only workbook, rows streamed as they come."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(title))
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    widths = [_shown_length(h) for h in headers]
    for row in sample:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _shown_length(_excel_value(value)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, h, bold=bold) for h in headers])
    for row in itertools.chain(sample, rows):
        sheet.append([_cell(sheet, v) for v in row])
    book.save(out)


def workbook_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.BytesIO()
    workbook_write(out, title=title, headers=headers, rows=rows)
    return out.getvalue()


def export_filename(name: str, *, day: datetime.date | None = None) -> str:
    """ "Hồ sơ 02-12-2026.xlsx": the page's name and the day of the export."""
    day = day or clock.today()
    return f"{name} {day:%d-%m-%Y}.xlsx"


def content_disposition(filename: str) -> str:
    """An attachment header every browser reads: an ASCII fallback name and the Vietnamese one (RFC 6266 §4.3);
    used by every download the product writes (exports, generated documents). Control characters, quotes and
    slashes never reach the header."""
    filename = re.sub(r'[\x00-\x1f\x7f"\\/]', "", filename)
    stem, _dot, extension = filename.rpartition(".")
    ascii_stem = slugify(unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))) or "export"
    fallback = f"{ascii_stem}.{extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(*, name: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """The download of a list page: `name` is the page's (translated) name, used for the sheet and the file."""
    response = HttpResponse(workbook_bytes(title=name, headers=headers, rows=rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(export_filename(name))
    return response
