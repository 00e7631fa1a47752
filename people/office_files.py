"""Office files from and to people outside the code: bounds on what an uploaded .xlsx/.docx may unpack to,
and writing text into spreadsheets so that no cell ever becomes a formula.

Used by the staff import, the registration Excel, case attachments and every export.
"""

import io
import zipfile
from collections.abc import Iterable

from django.utils.translation import gettext as _

# An honest workbook or document unpacks to a few times its size (images barely shrink, XML some 5–20×);
# a zip bomb unpacks to hundreds of times. The upload limit is on the packed size, so these bound the rest.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_RATIO = 200
# Small members (styles, relationships) may compress very well without being worth refusing.
RATIO_FLOOR_BYTES = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive would unpack to more than a real office file ever does; the message says so in Vietnamese."""


def zip_bounds_check(source: bytes | io.IOBase) -> None:
    """Refuse a zip (an .xlsx or .docx) whose unpacked size, number of members or packing ratio is out of
    bounds, reading only its central directory. The sizes read there are the ones Python's zipfile then
    enforces while unpacking (a member longer than it declares fails its check instead of growing), so a
    file that lies about them cannot unpack to more than this allows."""
    fileobj = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    position = fileobj.tell()
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # not a zip at all: the reader that follows says what is wrong with it
    finally:
        fileobj.seek(position)
    if len(members) > MAX_MEMBERS:
        raise ArchiveRefused(
            _("Tệp có %(count)s thành phần nén bên trong, nhiều bất thường (tối đa %(limit)s); tệp bị từ chối.")
            % {"count": f"{len(members):,}".replace(",", "."), "limit": f"{MAX_MEMBERS:,}".replace(",", ".")}
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ArchiveRefused(
            _(
                "Tệp khi giải nén chiếm %(size)s MB, vượt giới hạn %(limit)s MB (tệp nén bất thường, "
                "có thể là “bom nén”); tệp bị từ chối. Hãy lưu lại tệp từ Excel/Word hoặc chia nhỏ."
            )
            % {"size": unpacked // (1024 * 1024), "limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ArchiveRefused(
                _(
                    "Thành phần “%(name)s” trong tệp nén tới %(ratio)s lần (giới hạn %(limit)s lần), "
                    "bất thường với tệp Office (có thể là “bom nén”); tệp bị từ chối."
                )
                % {
                    "name": member.filename[:80],
                    "ratio": member.file_size // max(member.compress_size, 1),
                    "limit": MAX_RATIO,
                }
            )


def sheet_append_text(sheet, values: Iterable) -> None:
    """Append a row in which every string is stored as text: a name typed as "=HYPERLINK(…)" stays a name
    in the file we hand out and is never evaluated by the spreadsheet that opens it."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell_as_text(cell)


def cell_as_text(cell) -> None:
    # openpyxl turns any string starting with "=" into a formula on assignment; "s" stores it as a string.
    if isinstance(cell.value, str):
        cell.data_type = "s"


CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value) -> str:
    """A value for a CSV cell that a spreadsheet will show and not compute (OWASP's CSV-injection advice:
    a leading apostrophe before =, +, -, @, tab or carriage return)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text
