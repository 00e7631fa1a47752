"""Reading a file of units and staff, and working out what importing it would change.

Nothing here writes. `parse_upload` turns an .xlsx or .csv into clean rows and row errors without
touching the database; `plan_build` compares those rows with a snapshot of the database (taken by
`snapshot_load`) and says what would be created, updated, left alone and deactivated. The writes
are `people.services.staff_import_commit`.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import clock, tabular
from .import_jobs import QUERY_CHUNK, chunks
from .models import OrgUnit, Staff, email_normalize
from .office_files import csv_text
from .tabular import (
    Column,
    ImportFileError,
    clean_text,
    day_read,
    errors_sorted,
    fold,
    guide_sheet_add,
    header_find,
    header_key,
    header_lookup,
    header_map,
    join_rows,
    read_table,
    row_values,
    template_list_start,
    too_many_rows,
)


class StaffImportRefused(Exception):
    """The import may not be written: the file has bad rows, or the database changed since the preview."""


COLUMNS: tuple[Column, ...] = (
    Column(
        "staff_code",
        "Mã cán bộ",
        ("Staff code", "Mã CB"),
        True,
        gettext_lazy("Mã duy nhất của mỗi cán bộ, tối đa 32 ký tự. Dùng để nhận ra cán bộ đã có trong hệ thống."),
    ),
    Column("full_name", "Họ và tên", ("Full name", "Họ tên"), True, gettext_lazy("Họ và tên đầy đủ, có dấu.")),
    Column(
        "email",
        "Thư điện tử",
        ("Email", "E-mail"),
        True,
        gettext_lazy("Địa chỉ thư điện tử công vụ; bắt buộc, dùng để gửi thông báo."),
    ),
    Column("position", "Chức vụ", ("Position",), True, gettext_lazy("Chức vụ hoặc chức danh; có thể để trống.")),
    Column(
        "unit_code",
        "Mã đơn vị",
        ("Unit code",),
        True,
        gettext_lazy("Mã đơn vị nơi cán bộ công tác, ví dụ QLDT. Mã chưa có trong hệ thống sẽ tạo đơn vị mới."),
    ),
    Column(
        "unit_name",
        "Tên đơn vị",
        ("Unit name",),
        True,
        gettext_lazy(
            "Tên đầy đủ của đơn vị. Bắt buộc khi mã đơn vị còn mới (để tạo đơn vị); "
            "nếu khác tên đang có thì tên đơn vị được cập nhật; để trống thì giữ tên cũ."
        ),
    ),
    Column(
        "unit_kind",
        "Loại đơn vị",
        ("Unit type", "Unit kind"),
        False,
        gettext_lazy("Văn phòng, Phòng hoặc Đơn vị trực thuộc. Không bắt buộc; đơn vị mới mặc định là Phòng."),
    ),
    Column(
        "category",
        "Đối tượng",
        ("Category",),
        True,
        gettext_lazy("Một trong: Cán bộ, Công chức, Viên chức, Người lao động."),
    ),
    Column("gender", "Giới tính", ("Gender",), False, gettext_lazy("Nam hoặc Nữ; không bắt buộc.")),
    Column(
        "date_of_birth",
        "Ngày sinh",
        ("Date of birth",),
        False,
        gettext_lazy("Theo dạng dd/mm/yyyy, ví dụ 15/03/1985, hoặc ô kiểu ngày của Excel; không bắt buộc."),
    ),
    Column(
        "employed_from",
        "Ngày bắt đầu công tác",
        ("Employed from", "Start date", "Ngày vào làm"),
        False,
        gettext_lazy(
            "Ngày bắt đầu công tác tại cơ quan, theo dạng dd/mm/yyyy, ví dụ 01/08/2010, hoặc ô kiểu ngày của Excel; "
            "dùng để tính thời gian công tác trong năm khi xét danh hiệu; không bắt buộc."
        ),
    ),
)
DATE_FIELDS = ("date_of_birth", "employed_from")
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
HEADERS = {c.field: c.header for c in COLUMNS}

# The words a file may use, in the file's language (Vietnamese), with the codes stored.
CATEGORY_WORDS = {
    Staff.Category.CADRE: "Cán bộ",
    Staff.Category.CIVIL_SERVANT: "Công chức",
    Staff.Category.PUBLIC_EMPLOYEE: "Viên chức",
    Staff.Category.WORKER: "Người lao động",
}
GENDER_WORDS = {Staff.Gender.MALE: "Nam", Staff.Gender.FEMALE: "Nữ"}
KIND_WORDS = {
    OrgUnit.Kind.OFFICE: ("Văn phòng", "Văn phòng Ban"),
    OrgUnit.Kind.DIVISION: ("Phòng", "Phòng chuyên môn"),
    OrgUnit.Kind.SUBORDINATE: ("Đơn vị trực thuộc",),
    OrgUnit.Kind.BOARD: ("Ban Quản lý",),
}
TEMPLATE_KINDS = ("Văn phòng", "Phòng", "Đơn vị trực thuộc")

EXAMPLE_ROW = {
    "staff_code": "CB0001",
    "full_name": "Nguyễn Văn An",
    "email": "nguyenvanan@example.gov.vn",
    "position": "Chuyên viên",
    "unit_code": "KHTC",
    "unit_name": "Phòng Kế hoạch – Tài chính",
    "unit_kind": "Phòng",
    "category": "Công chức",
    "gender": "Nam",
    "date_of_birth": datetime.date(1985, 3, 15),
    "employed_from": datetime.date(2010, 8, 1),
}


def _lookup(words: dict[str, Iterable[str]]) -> dict[str, str]:
    table = {}
    for code, names in words.items():
        for name in (code, *names):
            table[fold(str(name))] = str(code)
    return table


HEADER_LOOKUP = header_lookup(COLUMNS)
CATEGORY_LOOKUP = _lookup({code: (word, Staff.Category(code).label) for code, word in CATEGORY_WORDS.items()})
GENDER_LOOKUP = _lookup({code: (word,) for code, word in GENDER_WORDS.items()})
KIND_LOOKUP = _lookup(KIND_WORDS)


def _choices_text(words) -> str:
    return ", ".join(words)


# Parsing and validating ------------------------------------------------------------------------


@dataclass
class ParsedFile:
    header_row: int
    columns: list[str]  # the fields whose column the file has, in template order
    rows: list[dict]  # one per non-blank data row; "row" is its number in the spreadsheet
    errors: list[dict] = field(default_factory=list)  # {"row", "column", "message"}
    # Cells typed in a legacy font and converted: {"row", "column", "encoding", "before", "after"}
    conversions: list[dict] = field(default_factory=list)


def header_score(cells) -> int:
    """How many of the template's columns a row names: the header row, and the sheet, are the best scores."""
    return len(header_map(cells, HEADER_LOOKUP))


def _column_map(header_cells, header_row: int) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        key = header_key(cell, HEADER_LOOKUP)
        if key is None:
            continue  # extra columns are allowed and ignored
        if key in mapping:
            raise ImportFileError(
                _("Cột “%(column)s” xuất hiện hai lần ở dòng tiêu đề (cột %(first)s và cột %(second)s).")
                % {
                    "column": COLUMN_BY_FIELD[key].header,
                    "first": get_column_letter(mapping[key] + 1),
                    "second": get_column_letter(index + 1),
                }
            )
        mapping[key] = index
    missing = [c.header for c in COLUMNS if c.required and c.field not in mapping]
    if missing:
        raise ImportFileError(
            _(
                "Tệp thiếu cột bắt buộc: %(columns)s. Dòng tiêu đề (dòng %(row)s) phải có đủ các cột "
                "như tệp mẫu; hãy tải tệp mẫu để xem."
            )
            % {"columns": ", ".join(f"“{m}”" for m in missing), "row": header_row}
        )
    return mapping


def _date_messages(field_name: str) -> tuple[str, str]:
    """The messages for a bad date and for a date after today, for the column of `field_name`."""
    if field_name == "employed_from":
        return (
            _("Ngày bắt đầu công tác “%(value)s” không hợp lệ; ghi theo dạng dd/mm/yyyy, ví dụ 01/08/2010."),
            _("Ngày bắt đầu công tác %(value)s ở sau ngày hôm nay."),
        )
    return (
        _("Ngày sinh “%(value)s” không hợp lệ; ghi theo dạng dd/mm/yyyy, ví dụ 15/03/1985."),
        _("Ngày sinh %(value)s ở sau ngày hôm nay."),
    )


def _parse_date(value, today: datetime.date, field_name: str = "date_of_birth") -> tuple[str, str | None]:
    """(ISO date or "", error message or None)."""
    invalid, future = _date_messages(field_name)
    day, text = day_read(value)
    if day is None and not text:
        return "", None
    if day is None or day.year < 1900:
        return "", invalid % {"value": text or day.strftime("%d/%m/%Y")}
    if day > today:
        return "", future % {"value": day.strftime("%d/%m/%Y")}
    return day.isoformat(), None


def _too_long(column: str, value: str, limit: int) -> str | None:
    if len(value) > limit:
        return _("%(column)s dài quá %(limit)s ký tự.") % {"column": column, "limit": limit}
    return None


def _parse_row(number: int, get, today: datetime.date) -> tuple[dict, list[dict]]:
    errors: list[dict] = []

    def error(field_name: str, message: str | None):
        if message:
            errors.append({"row": number, "column": COLUMN_BY_FIELD[field_name].header, "message": message})

    staff_meta, unit_meta = Staff._meta, OrgUnit._meta
    row = {"row": number}
    row["staff_code"] = code = clean_text(get("staff_code"))
    if not code:
        error("staff_code", _("Thiếu mã cán bộ."))
    error("staff_code", _too_long("Mã cán bộ", code, staff_meta.get_field("staff_code").max_length))

    row["full_name"] = name = clean_text(get("full_name"))
    if not name:
        error("full_name", _("Thiếu họ và tên."))
    error("full_name", _too_long("Họ và tên", name, staff_meta.get_field("full_name").max_length))

    # One address whatever its case: "LINH@EXAMPLE.COM" and "linh@example.com" are one person.
    row["email"] = email = email_normalize(clean_text(get("email")))
    if not email:
        error("email", _("Thiếu thư điện tử."))
    else:
        try:
            validate_email(email)
            if len(email) > staff_meta.get_field("email").max_length:
                raise ValidationError("too long")
        except ValidationError:
            error("email", _("Thư điện tử “%(value)s” không hợp lệ.") % {"value": email})

    row["position"] = position = clean_text(get("position"))
    error("position", _too_long("Chức vụ", position, staff_meta.get_field("position").max_length))

    row["unit_code"] = unit_code = clean_text(get("unit_code"))
    if not unit_code:
        error("unit_code", _("Thiếu mã đơn vị."))
    error("unit_code", _too_long("Mã đơn vị", unit_code, unit_meta.get_field("code").max_length))
    row["unit_name"] = unit_name = clean_text(get("unit_name"))
    error("unit_name", _too_long("Tên đơn vị", unit_name, unit_meta.get_field("name").max_length))

    raw_kind = clean_text(get("unit_kind"))
    row["unit_kind"] = KIND_LOOKUP.get(fold(raw_kind), "") if raw_kind else ""
    if raw_kind and not row["unit_kind"]:
        error(
            "unit_kind",
            _("Loại đơn vị “%(value)s” không hợp lệ; ghi một trong: %(choices)s.")
            % {"value": raw_kind, "choices": _choices_text(TEMPLATE_KINDS)},
        )

    raw_category = clean_text(get("category"))
    row["category"] = CATEGORY_LOOKUP.get(fold(raw_category), "")
    if not raw_category:
        error(
            "category",
            _("Thiếu đối tượng; ghi một trong: %(choices)s.") % {"choices": _choices_text(CATEGORY_WORDS.values())},
        )
    elif not row["category"]:
        error(
            "category",
            _("Đối tượng “%(value)s” không hợp lệ; ghi một trong: %(choices)s.")
            % {"value": raw_category, "choices": _choices_text(CATEGORY_WORDS.values())},
        )

    raw_gender = clean_text(get("gender"))
    row["gender"] = GENDER_LOOKUP.get(fold(raw_gender), "") if raw_gender else ""
    if raw_gender and not row["gender"]:
        error(
            "gender", _("Giới tính “%(value)s” không hợp lệ; ghi Nam hoặc Nữ, hoặc để trống.") % {"value": raw_gender}
        )

    for field_name in DATE_FIELDS:
        row[field_name], message = _parse_date(get(field_name), today, field_name)
        error(field_name, message)
    if row["date_of_birth"] and row["employed_from"] and row["employed_from"] < row["date_of_birth"]:
        error("employed_from", _("Ngày bắt đầu công tác ở trước ngày sinh."))
    return row, errors


def _cross_row_errors(rows: list[dict]) -> list[dict]:
    """Problems only visible across rows: a staff code twice, one unit code given two names or kinds."""
    errors = []
    by_code: dict[str, list[int]] = {}
    for row in rows:
        if row["staff_code"]:
            by_code.setdefault(row["staff_code"], []).append(row["row"])
    for code, numbers in by_code.items():
        if len(numbers) > 1:
            message = _("Mã cán bộ “%(code)s” bị trùng trong tệp: có ở dòng %(rows)s.") % {
                "code": code,
                "rows": join_rows(numbers),
            }
            errors += [{"row": n, "column": COLUMN_BY_FIELD["staff_code"].header, "message": message} for n in numbers]

    for key in ("unit_name", "unit_kind"):
        first: dict[str, tuple[int, str]] = {}
        for row in rows:
            code, value = row["unit_code"], row[key]
            if not code or not value:
                continue
            if code not in first:
                first[code] = (row["row"], value)
            elif first[code][1] != value:
                shown = (lambda v: KIND_WORDS[v][0]) if key == "unit_kind" else (lambda v: v)
                errors.append(
                    {
                        "row": row["row"],
                        "column": COLUMN_BY_FIELD[key].header,
                        "message": _(
                            "Đơn vị “%(code)s” được ghi khác nhau trong tệp: dòng %(first_row)s ghi “%(first)s”, "
                            "dòng này ghi “%(value)s”."
                        )
                        % {
                            "code": code,
                            "first_row": first[code][0],
                            "first": shown(first[code][1]),
                            "value": shown(value),
                        },
                    }
                )
    return errors


def parse_upload(fileobj, filename: str, *, today: datetime.date | None = None) -> ParsedFile:
    """Read and check every row of an uploaded file. Raises ImportFileError when the file as a whole is unusable."""
    today = today or clock.today()
    data = fileobj.read()
    table = read_table(data, filename, score=header_score)
    if not table:
        raise ImportFileError(_("Tệp không có dữ liệu: mọi dòng đều trống."))
    header_index = header_find(table, header_score)
    header_row, header_cells = table[header_index]
    mapping = _column_map(header_cells, header_row)
    columns = [c.field for c in COLUMNS if c.field in mapping]

    data_rows = table[header_index + 1 :]
    if len(data_rows) > tabular.MAX_DATA_ROWS:
        raise too_many_rows()
    rows, errors, conversions = [], [], []
    for number, cells in data_rows:
        values = row_values(cells, mapping, row=number, headers=HEADERS, conversions=conversions, errors=errors)
        row, row_errors = _parse_row(number, values.get, today)
        rows.append(row)
        errors += row_errors
    if not rows:
        raise ImportFileError(
            _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề (dòng %(row)s).") % {"row": header_row}
        )
    errors += _cross_row_errors(rows)
    return ParsedFile(
        header_row=header_row,
        columns=columns,
        rows=rows,
        errors=errors_sorted(errors, COLUMNS),
        conversions=conversions,
    )


# Comparing with the database -------------------------------------------------------------------


@dataclass
class Snapshot:
    units: dict[str, OrgUnit]  # every unit, by code
    staff: dict[str, Staff]  # the staff whose code is in the file, by code
    active_in_file_units: list[Staff]  # active staff of the units the file names (who may be deactivated)


def snapshot_load(*, rows: list[dict], lock: bool = False) -> Snapshot:
    """What the database holds about the file's units and staff, in a handful of queries."""
    units_qs, staff_qs = OrgUnit.objects.all(), Staff.objects.all()
    if lock:
        units_qs, staff_qs = units_qs.select_for_update(), staff_qs.select_for_update()
    units = {u.code: u for u in units_qs}
    codes = sorted({r["staff_code"] for r in rows if r["staff_code"]})
    staff: dict[str, Staff] = {}
    for chunk in chunks(codes, QUERY_CHUNK):
        staff.update((s.staff_code, s) for s in staff_qs.filter(staff_code__in=chunk))
    unit_ids = [units[code].pk for code in {r["unit_code"] for r in rows} if code in units]
    active = list(staff_qs.filter(unit_id__in=unit_ids, is_active=True)) if unit_ids else []
    return Snapshot(units=units, staff=staff, active_in_file_units=active)


@dataclass
class Plan:
    unit_creates: list[dict] = field(default_factory=list)  # {"code", "name", "kind"}
    unit_updates: list[dict] = field(default_factory=list)  # {"code", "values", "changes"}
    staff_creates: list[dict] = field(default_factory=list)  # {"row", "staff_code", "values", "show"}
    staff_updates: list[dict] = field(default_factory=list)  # {"row", "staff_code", "values", "changes", "show"}
    staff_unchanged: list[dict] = field(default_factory=list)  # {"row", "staff_code", "show"}
    staff_deactivations: list[dict] = field(default_factory=list)  # {"staff_code", "pk", "user_id", "show"}
    errors: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "created_count": len(self.staff_creates),
            "updated_count": len(self.staff_updates),
            "unchanged_count": len(self.staff_unchanged),
            "deactivated_count": len(self.staff_deactivations),
            "units_created_count": len(self.unit_creates),
            "units_updated_count": len(self.unit_updates),
            "error_count": len(self.errors),
        }

    def as_json(self) -> dict:
        """What the preview page shows; the commit keeps only the staff codes it deactivates from it."""
        return {
            "units_created": self.unit_creates,
            "units_updated": [{"code": u["code"], "changes": u["changes"]} for u in self.unit_updates],
            "staff_created": [{"row": s["row"], **s["show"]} for s in self.staff_creates],
            "staff_updated": [{"row": s["row"], **s["show"], "changes": s["changes"]} for s in self.staff_updates],
            "staff_unchanged": [{"row": s["row"], **s["show"]} for s in self.staff_unchanged],
            "staff_deactivated": [s["show"] for s in self.staff_deactivations],
            "errors": self.errors,
            "counts": self.counts(),
        }


STAFF_FIELDS = (
    "full_name",
    "email",
    "position",
    "unit",
    "category",
    "gender",
    "date_of_birth",
    "employed_from",
    "is_active",
)
# Optional columns: left out of the file, they leave the field alone.
OPTIONAL_FIELDS = ("gender", "date_of_birth", "employed_from")
# Labels of the preview's changes; they live in stored JSON, so they are rendered when the plan is made.
FIELD_LABELS = {
    "full_name": gettext_lazy("Họ và tên"),
    "email": gettext_lazy("Thư điện tử"),
    "position": gettext_lazy("Chức vụ"),
    "unit": gettext_lazy("Đơn vị"),
    "category": gettext_lazy("Đối tượng"),
    "gender": gettext_lazy("Giới tính"),
    "date_of_birth": gettext_lazy("Ngày sinh"),
    "employed_from": gettext_lazy("Ngày bắt đầu công tác"),
    "is_active": gettext_lazy("Trạng thái"),
    "name": gettext_lazy("Tên đơn vị"),
    "kind": gettext_lazy("Loại đơn vị"),
}


def _show(field_name: str, value, unit_names: dict[str, str]) -> str:
    if field_name == "unit":
        return f"{unit_names.get(value, value)} ({value})"
    if field_name == "category":
        return str(Staff.Category(value).label) if value else "—"
    if field_name == "gender":
        return str(Staff.Gender(value).label) if value else "—"
    if field_name == "kind":
        return str(OrgUnit.Kind(value).label)
    if field_name in DATE_FIELDS:
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y") if value else "—"
    if field_name == "is_active":
        return _("Đang công tác") if value else _("Thôi công tác")
    return value or "—"


def plan_build(*, rows: list[dict], columns: list[str], errors: list[dict], snapshot: Snapshot) -> Plan:
    """Compare the file with the database. Rows with errors are left out; any error blocks the commit."""
    units = snapshot.units
    unit_code_by_pk = {u.pk: code for code, u in units.items()}
    plan = Plan()
    unit_errors: list[dict] = []

    # The file defines a unit by the first non-empty name and kind given for its code.
    file_units: dict[str, dict] = {}
    for row in rows:
        code = row["unit_code"]
        if not code:
            continue
        entry = file_units.setdefault(code, {"name": "", "kind": "", "rows": [], "kind_rows": []})
        entry["rows"].append(row["row"])
        entry["name"] = entry["name"] or row["unit_name"]
        entry["kind"] = entry["kind"] or row["unit_kind"]
        if row["unit_kind"]:
            entry["kind_rows"].append(row["row"])

    def unit_error(numbers, column, message):
        unit_errors.extend({"row": n, "column": COLUMN_BY_FIELD[column].header, "message": message} for n in numbers)

    board = next((u for u in units.values() if u.kind == OrgUnit.Kind.BOARD), None)
    new_board: str | None = None
    for code, entry in file_units.items():
        unit = units.get(code)
        if unit is None:
            if not entry["name"]:
                unit_error(
                    entry["rows"],
                    "unit_code",
                    _(
                        "Mã đơn vị “%(code)s” chưa có trong hệ thống và tệp không ghi “Tên đơn vị” cho mã này, "
                        "nên không tạo được đơn vị mới."
                    )
                    % {"code": code},
                )
                continue
            kind = entry["kind"] or OrgUnit.Kind.DIVISION
            if kind == OrgUnit.Kind.BOARD:
                existing = board.code if board else new_board
                if existing:
                    unit_error(
                        entry["kind_rows"],
                        "unit_kind",
                        _("Đã có Ban Quản lý (mã “%(code)s”); không tạo thêm Ban Quản lý thứ hai được.")
                        % {"code": existing},
                    )
                    continue
                new_board = code
            plan.unit_creates.append({"code": code, "name": entry["name"], "kind": kind})
            continue
        values, changes = {}, []
        if entry["name"] and entry["name"] != unit.name:
            values["name"] = entry["name"]
            changes.append({"field": str(FIELD_LABELS["name"]), "old": unit.name, "new": entry["name"]})
        if entry["kind"] and entry["kind"] != unit.kind:
            if OrgUnit.Kind.BOARD in (entry["kind"], unit.kind):
                unit_error(
                    entry["kind_rows"],
                    "unit_kind",
                    _("Không đổi được loại của đơn vị “%(code)s” từ “%(old)s” thành “%(new)s”.")
                    % {"code": code, "old": _show("kind", unit.kind, {}), "new": _show("kind", entry["kind"], {})},
                )
            else:
                values["kind"] = entry["kind"]
                changes.append(
                    {
                        "field": str(FIELD_LABELS["kind"]),
                        "old": _show("kind", unit.kind, {}),
                        "new": _show("kind", entry["kind"], {}),
                    }
                )
        if not unit.is_active:
            values["is_active"] = True
            changes.append({"field": _("Hoạt động"), "old": _("Ngừng hoạt động"), "new": _("Đang hoạt động")})
        if values:
            plan.unit_updates.append({"code": code, "values": values, "changes": changes})

    plan.errors = errors_sorted([*errors, *unit_errors], COLUMNS)
    bad_rows = {e["row"] for e in plan.errors}
    unit_names = {code: u.name for code, u in units.items()}
    unit_names.update({u["code"]: u["name"] for u in plan.unit_creates})
    unit_names.update({u["code"]: u["values"]["name"] for u in plan.unit_updates if "name" in u["values"]})
    compared = [f for f in STAFF_FIELDS if f not in OPTIONAL_FIELDS or f in columns]

    for row in rows:
        if row["row"] in bad_rows:
            continue
        values = {
            "full_name": row["full_name"],
            "email": row["email"],
            "position": row["position"],
            "unit": row["unit_code"],
            "category": row["category"],
            "gender": row["gender"],
            "date_of_birth": row["date_of_birth"],
            "employed_from": row["employed_from"],
            "is_active": True,
        }
        values = {k: v for k, v in values.items() if k in compared}
        show = {
            "staff_code": row["staff_code"],
            "full_name": row["full_name"],
            "unit": _show("unit", row["unit_code"], unit_names),
        }
        current = snapshot.staff.get(row["staff_code"])
        if current is None:
            show.update(
                email=row["email"],
                position=row["position"] or "—",
                category=_show("category", row["category"], unit_names),
                gender=_show("gender", row["gender"], unit_names),
                date_of_birth=_show("date_of_birth", row["date_of_birth"], unit_names),
                employed_from=_show("employed_from", row["employed_from"], unit_names),
            )
            plan.staff_creates.append(
                {"row": row["row"], "staff_code": row["staff_code"], "values": values, "show": show}
            )
            continue
        now = {
            "full_name": current.full_name,
            "email": current.email,
            "position": current.position,
            "unit": unit_code_by_pk.get(current.unit_id, ""),
            "category": current.category,
            "gender": current.gender,
            "date_of_birth": current.date_of_birth.isoformat() if current.date_of_birth else "",
            "employed_from": current.employed_from.isoformat() if current.employed_from else "",
            "is_active": current.is_active,
        }
        changed = {k: v for k, v in values.items() if now[k] != v}
        if not changed:
            plan.staff_unchanged.append({"row": row["row"], "staff_code": row["staff_code"], "show": show})
            continue
        changes = [
            {"field": str(FIELD_LABELS[k]), "old": _show(k, now[k], unit_names), "new": _show(k, v, unit_names)}
            for k, v in changed.items()
        ]
        plan.staff_updates.append(
            {"row": row["row"], "staff_code": row["staff_code"], "values": changed, "changes": changes, "show": show}
        )

    # Only staff of the units the file names are deactivated: a file for one phòng says nothing
    # about the others.
    in_file = {r["staff_code"] for r in rows if r["staff_code"]}
    file_unit_codes = set(file_units)
    for staff in sorted(snapshot.active_in_file_units, key=lambda s: (unit_code_by_pk.get(s.unit_id, ""), s.full_name)):
        unit_code = unit_code_by_pk.get(staff.unit_id)
        if unit_code in file_unit_codes and staff.staff_code not in in_file:
            plan.staff_deactivations.append(
                {
                    "staff_code": staff.staff_code,
                    "pk": staff.pk,
                    "user_id": staff.user_id,
                    "show": {
                        "staff_code": staff.staff_code,
                        "full_name": staff.full_name,
                        "position": staff.position or "—",
                        "unit": _show("unit", unit_code, unit_names),
                    },
                }
            )
    return plan


# Templates to fill in --------------------------------------------------------------------------


def template_xlsx() -> bytes:
    """The workbook to fill in: the header, one example row, drop-down lists, and a sheet of guidance."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    template_list_start(sheet, [c.header for c in COLUMNS], [EXAMPLE_ROW[c.field] for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(40, len(column.header) + 8))
    sheet.column_dimensions[get_column_letter(2)].width = 28
    sheet.column_dimensions[get_column_letter(3)].width = 32
    sheet.column_dimensions[get_column_letter(6)].width = 36

    last_row = 5001
    for field_name, words, title in (
        ("category", list(CATEGORY_WORDS.values()), _("Đối tượng")),
        ("gender", list(GENDER_WORDS.values()), _("Giới tính")),
        ("unit_kind", list(TEMPLATE_KINDS), _("Loại đơn vị")),
    ):
        letter = get_column_letter([c.field for c in COLUMNS].index(field_name) + 1)
        validation = DataValidation(
            type="list",
            formula1='"{}"'.format(",".join(words)),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error=_("Hãy chọn một giá trị trong danh sách: %(choices)s.") % {"choices": ", ".join(words)},
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)

    guide_lines = (
        _("Dòng 1 của trang “Danh sách” là dòng tiêu đề; mỗi dòng sau là một cán bộ. Xoá dòng ví dụ trước khi nhập."),
        _("Tên cột không phân biệt chữ hoa, chữ thường và dấu; có thể dùng tên tiếng Anh như Email, Staff code."),
        _(
            "Cán bộ đang công tác ở các đơn vị có trong tệp mà không có tên trong tệp sẽ được ghi nhận thôi công tác; "
            "cán bộ của các đơn vị không có trong tệp giữ nguyên."
        ),
        _("Nếu mã cán bộ có số 0 ở đầu, hãy định dạng cột “Mã cán bộ” là Văn bản (Text) trước khi nhập."),
        _("Có thể lưu thành CSV UTF-8 (dấu phẩy hoặc dấu chấm phẩy) thay cho .xlsx."),
        _("Hệ thống cho xem trước mọi thay đổi và các dòng lỗi; chỉ khi tệp không còn lỗi mới nhập được."),
    )
    guide_sheet_add(workbook, COLUMNS, guide_lines, first_width=18)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    """The same header and example row as CSV; the BOM makes Excel open it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_text(c.header) for c in COLUMNS])
    writer.writerow(
        [
            EXAMPLE_ROW[c.field].strftime("%d/%m/%Y") if c.field in DATE_FIELDS else csv_text(EXAMPLE_ROW[c.field])
            for c in COLUMNS
        ]
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
