"""Reading a table out of an uploaded spreadsheet, shared by every import (staff, commendation history, a unit's
registration rows): the file opened safely whatever it claims to be (type sniffed, zip-bomb bounds from
`people.office_files`, hidden sheets passed over), the header row found and matched by name, each data row's cells
taken in with legacy-font text converted, and every problem reported with its row and column in Vietnamese.

Pure reading: nothing here touches the database. What a row means is each import's own (`people.importing`,
`workflows.history.importing`).
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from . import legacy_vn
from .office_files import ArchiveRefused, cell_as_text, sheet_append_text, zip_bounds_check

# A file this long would keep the upload request busy for too long; split it by unit instead.
MAX_DATA_ROWS = 20_000
# Title lines above the header (common in Vietnamese administrative spreadsheets) are skipped.
HEADER_SCAN_ROWS = 10
# Columns past this are never ours; reading them would let a crafted sheet make every row huge.
MAX_COLUMNS = 40


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, empty, or a required column is missing."""


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # as written in the template; the file format is Vietnamese whatever the interface language
    aliases: tuple[str, ...]
    required: bool
    help: str


# The soft hyphen goes too, but only after `legacy_vn.repair` has read it: in TCVN3 it is the letter ư.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"))
_DATE_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def fold(text: str) -> str:
    """Case-, diacritics- and punctuation-blind form used to match headers and words."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def clean_text(value) -> str:
    """A cell as text: NFC (files typed on a Mac arrive decomposed), one space between words."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores a typed 1001 as 1001.0
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = unicodedata.normalize("NFC", str(value)).translate(_ZERO_WIDTH)
    return " ".join(text.split())


def join_rows(numbers: list[int]) -> str:
    texts = [str(n) for n in numbers]
    if len(texts) == 1:
        return texts[0]
    return _("%(first)s và %(last)s") % {"first": ", ".join(texts[:-1]), "last": texts[-1]}


# Reading the file ------------------------------------------------------------------------------


def too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("Tệp có hơn %(limit)s dòng dữ liệu; hãy chia thành nhiều tệp (ví dụ theo đơn vị).")
        % {"limit": f"{MAX_DATA_ROWS:,}".replace(",", ".")}
    )


def _numbered(records: Iterable) -> list[tuple[int, tuple]]:
    """The non-blank records with their row number in the sheet (1-based), read lazily so that a
    file far over the limit is refused without being read to the end."""
    table = []
    for number, cells in enumerate(records, start=1):
        cells = tuple(cells[:MAX_COLUMNS])
        if not any(clean_text(c) for c in cells):
            continue
        table.append((number, cells))
        if len(table) > MAX_DATA_ROWS + HEADER_SCAN_ROWS:
            raise too_many_rows()
    return table


def _visible_sheet(workbook, score) -> object:
    """The sheet to read: among the visible ones (a hidden "Hướng dẫn" sheet moved first is not the list),
    the one whose first rows best match the expected header; the first visible one when nothing scores."""
    visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    candidates = visible or list(workbook.worksheets)
    if len(candidates) == 1 or score is None:
        return candidates[0]
    best, best_score = candidates[0], 0
    for sheet in candidates:
        sheet.reset_dimensions()
        top = sheet.iter_rows(max_row=HEADER_SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True)
        found = max((score(cells) for cells in top), default=0)
        if found > best_score:
            best, best_score = sheet, found
    return best


def _xlsx_sheets(data: bytes, score, *, every: bool) -> list[tuple[str, list[tuple[int, tuple]]]]:
    try:
        zip_bounds_check(data)
    except ArchiveRefused as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        # An uploaded file is untrusted and openpyxl fails on a broken one in many ways (BadZipFile,
        # KeyError for a zip that is not a workbook, XML errors...); each means "not a usable .xlsx".
        raise ImportFileError(
            _("Không đọc được tệp Excel: tệp không phải bảng tính .xlsx hợp lệ hoặc đã bị hỏng.")
        ) from exc
    sheet = None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Tệp Excel không có trang tính nào."))
        sheets = _scored_sheets(workbook, score) if every else [_visible_sheet(workbook, score)]
        tables = []
        for sheet in sheets:
            # Some programs write a wrong sheet size into the file; read what is really there.
            sheet.reset_dimensions()
            tables.append((sheet.title, _numbered(sheet.iter_rows(values_only=True))))
        return tables
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            _("Không đọc được tệp Excel: nội dung trang tính “%(sheet)s” bị hỏng.")
            % {"sheet": (sheet or workbook.worksheets[0]).title}
        ) from exc
    finally:
        workbook.close()


def _scored_sheets(workbook, score) -> list:
    """Every visible sheet whose first rows `score` rates above zero; the first visible one when none does."""
    visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    candidates = visible or list(workbook.worksheets)
    chosen = []
    for sheet in candidates:
        sheet.reset_dimensions()
        top = sheet.iter_rows(max_row=HEADER_SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True)
        if max((score(cells) for cells in top), default=0) > 0:
            chosen.append(sheet)
    return chosen or candidates[:1]


def _csv_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Excel's "CSV" on a Vietnamese Windows is Windows-1258: base letters followed by combining tone marks,
    # which every cell's NFC normalisation then composes. (A sheet typed in a legacy font comes out through
    # it too; its cells are converted one by one like those of an .xlsx.)
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "Không đọc được bảng mã của tệp CSV: tệp không phải UTF-8 hay Windows-1258. Hãy lưu lại trong "
                "Excel bằng Lưu thành → “CSV UTF-8”."
            )
        ) from exc


def _csv_rows(data: bytes) -> list[tuple[int, tuple]]:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("Tệp không phải tệp văn bản CSV."))
    text = _csv_text(data)
    # The delimiter is whichever of comma and semicolon the header line uses more: Excel writes
    # semicolons where the decimal separator is a comma, and headers never contain either.
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return _numbered(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("Không đọc được tệp CSV: %(error)s") % {"error": exc}) from exc


def read_table(data: bytes, filename: str, *, score=None) -> list[tuple[int, tuple]]:
    """The non-blank rows, numbered as in the sheet, of a .csv or of an .xlsx's visible sheet that `score`
    (a row's cells → how well they match the expected header) rates best. Which of the two the file is, is
    judged by its content as well as by its name. Cells are returned as read: see `legacy_repair`."""
    return _read(data, filename, score, every=False)[0][1]


def read_sheets(data: bytes, filename: str, *, score) -> list[tuple[str, list[tuple[int, tuple]]]]:
    """Like `read_table`, for a file whose visible sheets each hold a list (e.g. one of individuals and one of
    collectives): (sheet title, numbered rows) for every sheet `score` rates above zero; a .csv is one sheet."""
    return _read(data, filename, score, every=True)


def _read(data: bytes, filename: str, score, *, every: bool) -> list[tuple[str, list[tuple[int, tuple]]]]:
    if not data:
        raise ImportFileError(_("Tệp rỗng: không có dữ liệu nào để nhập."))
    name = (filename or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Đây là tệp Excel 97–2003 (.xls), hệ thống không đọc được. "
                "Hãy mở tệp trong Excel và lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)”."
            )
        )
    if data.startswith(b"%PDF"):
        raise ImportFileError(_("Tệp đã chọn là tệp PDF, không phải bảng tính. Hãy chọn tệp .xlsx hoặc .csv."))
    is_zip = data.startswith(b"PK\x03\x04")
    if extension in ("xlsx", "xlsm") or (extension == "csv" and is_zip):
        if not is_zip or not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportFileError(_("Tệp không phải bảng tính .xlsx hợp lệ (có thể đã bị đổi đuôi hoặc bị hỏng)."))
        return _xlsx_sheets(data, score, every=every)
    if extension == "csv":
        return [("", _csv_rows(data))]
    if extension == "xls":
        raise ImportFileError(
            _("Hệ thống không đọc tệp .xls; hãy lưu lại dưới dạng .xlsx (Sổ làm việc Excel) rồi tải lên.")
        )
    raise ImportFileError(
        _("Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: %(name)s).") % {"name": filename or _("không tên")}
    )


def legacy_repair(value, *, row: int, column: str, conversions: list[dict], errors: list[dict]):
    """A cell's value with text typed in a legacy font (TCVN3, VNI) converted to Unicode. A conversion is
    recorded for the preview; a cell whose encoding cannot be decided is an error on its row and column, so
    that no mojibake is ever stored."""
    if not isinstance(value, str):
        return value
    fixed = legacy_vn.repair(value)
    if fixed.undecided:
        errors.append(
            {
                "row": row,
                "column": column,
                "message": _(
                    "Không xác định được bảng mã của “%(value)s”: chữ có vẻ gõ bằng phông cũ (TCVN3 hoặc VNI) "
                    "nhưng không chuyển được sang Unicode chắc chắn. Hãy chuyển mã bảng tính sang Unicode "
                    "(ví dụ bằng Unikey) hoặc gõ lại ô này."
                )
                % {"value": clean_text(value)[:80]},
            }
        )
    elif fixed.encoding:
        conversions.append(
            {
                "row": row,
                "column": column,
                "encoding": legacy_vn.ENCODING_LABELS[fixed.encoding],
                "before": clean_text(value),
                "after": clean_text(fixed.text),
            }
        )
        return fixed.text
    return value


# The header row --------------------------------------------------------------------------------


def header_lookup(columns: Iterable[Column]) -> dict[str, str]:
    """Folded header text → field, for a file's header written as in the template or with one of its aliases."""
    return {fold(name): c.field for c in columns for name in (c.header, *c.aliases)}


def header_key(cell, lookup: dict[str, str]) -> str | None:
    if isinstance(cell, str):
        cell = legacy_vn.repair(cell).text  # a header typed in a legacy font is recognised too
    return lookup.get(fold(clean_text(cell)))


def header_map(cells, lookup: dict[str, str]) -> dict[str, int]:
    """Field → position of the first cell of a row naming it; cells naming nothing known are passed over."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell, lookup)
        if key is not None and key not in found:
            found[key] = index
    return found


def header_find(table: list[tuple[int, tuple]], score) -> int:
    """Index in `table` of the row that `score` rates best among the first few sheet rows (title lines above
    the header are common in Vietnamese administrative spreadsheets); ties go to the earliest, and with nothing
    rated at all the first row is the header."""
    best_index, best_count = 0, 0
    for index, (number, cells) in enumerate(table):
        if number > HEADER_SCAN_ROWS:
            break
        count = score(cells)
        if count > best_count:
            best_index, best_count = index, count
    return best_index


# The data rows ---------------------------------------------------------------------------------


def row_values(
    cells, mapping: dict[str, int], *, row: int, headers: dict[str, str], conversions: list[dict], errors: list[dict]
) -> dict:
    """Field → the cell of a data row under that field's column (None past the row's end), with legacy-font text
    converted; a conversion or an undecided cell is recorded under `headers[field]`, the column's header."""
    return {
        key: legacy_repair(
            cells[position] if position < len(cells) else None,
            row=row,
            column=headers[key],
            conversions=conversions,
            errors=errors,
        )
        for key, position in mapping.items()
    }


def day_read(value) -> tuple[datetime.date | None, str]:
    """A date cell: an Excel date, or text as dd/mm/yyyy (also with dots or dashes). Returns the day, or None
    with the cell's text for the message (an empty text when the cell is empty)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    text = clean_text(value)
    match = _DATE_RE.match(text)
    if match:
        try:
            return datetime.date(int(match[3]), int(match[2]), int(match[1])), text
        except ValueError:
            pass
    return None, text


def errors_sorted(errors: list[dict], columns: Iterable[Column]) -> list[dict]:
    """Row errors in the order of the file: by sheet (where a file has several), row, then template column."""
    order = {c.header: i for i, c in enumerate(columns)}
    return sorted(errors, key=lambda e: (e.get("sheet", ""), e["row"], order.get(e["column"], 99)))


# The template's guidance sheet -----------------------------------------------------------------


def template_styles() -> tuple[Font, PatternFill]:
    """The font and fill of a template's header cells."""
    return Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B71C1C")


def template_list_start(sheet, headers: Iterable[str], example: Iterable) -> None:
    """Row 1 of a template's list: the headers; row 2: an example row, its dates shown as dd/mm/yyyy. Every
    text is written as text, never as a formula; the header row stays in view while scrolling."""
    header_font, header_fill = template_styles()
    for position, (header, value) in enumerate(zip(headers, example, strict=True), start=1):
        cell = sheet.cell(row=1, column=position, value=header)
        cell_as_text(cell)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell = sheet.cell(row=2, column=position, value=value)
        cell_as_text(cell)
        if isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"


def guide_sheet_add(workbook: Workbook, columns: Iterable[Column], lines: Iterable[str], *, first_width: int) -> None:
    """The "Hướng dẫn" sheet of a template: each column, whether it is required and how to write it, then
    the general advice `lines`; all of it written as text."""
    header_font, header_fill = template_styles()
    guide = workbook.create_sheet("Hướng dẫn")
    sheet_append_text(guide, [_("Cột"), _("Bắt buộc"), _("Cách ghi")])
    for cell in guide[1]:
        cell.font, cell.fill = header_font, header_fill
    for column in columns:
        sheet_append_text(guide, [column.header, _("Có") if column.required else _("Không"), str(column.help)])
    guide.append([])
    for line in lines:
        sheet_append_text(guide, [line])
    guide.column_dimensions["A"].width = first_width
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
