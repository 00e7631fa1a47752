"""Reading a file of past commendations and working out what importing it would change.

Two layouts are read: the product's own template (a sheet of individuals keyed by staff code, a sheet of
collectives keyed by unit code) and the province's CANHAN / TAPTHE lists (title lines above the header, the
award and title as catalogue codes), to which the columns of the history (staff or unit code, year, decision)
are added on the right. The file machinery — type sniffing, zip-bomb bounds, hidden sheets, header matching,
legacy fonts — is every import's (`people.tabular`); nothing here writes. The writes are in
`workflows.history.services`.
"""

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from people import clock, tabular
from people.import_jobs import QUERY_CHUNK, chunks
from people.models import OrgUnit, Staff
from people.office_files import sheet_append_text
from people.tabular import (
    Column,
    ImportFileError,
    clean_text,
    day_read,
    errors_sorted,
    fold,
    guide_sheet_add,
    header_find,
    header_lookup,
    header_map,
    join_rows,
    read_sheets,
    row_values,
    template_list_start,
    template_styles,
)

from ..models import AwardTitle, Commendation

INDIVIDUAL, COLLECTIVE = AwardTitle.Scope.INDIVIDUAL, AwardTitle.Scope.COLLECTIVE
# Awards of the Resistance wars aside, nothing in a TĐKT history predates the first emulation law.
EARLIEST_YEAR = 1945


class HistoryImportRefused(Exception):
    """The history may not be written: the file has bad rows, or the database changed since the preview."""


COLUMNS: tuple[Column, ...] = (
    Column(
        "staff_code",
        "Mã cán bộ",
        ("Mã CB", "Staff code"),
        True,
        gettext_lazy("Trang Cá nhân: mã cán bộ đã có trong hệ thống. Mã chưa có là lỗi; cán bộ không được tạo mới."),
    ),
    Column(
        "unit_code",
        "Mã đơn vị",
        ("Unit code",),
        True,
        gettext_lazy("Trang Tập thể: mã đơn vị đã có trong hệ thống, ví dụ QLDT."),
    ),
    Column(
        "full_name",
        "Họ và tên",
        ("Họ tên", "Full name"),
        False,
        gettext_lazy("Không bắt buộc; nếu ghi thì phải khớp với tên của mã cán bộ (để phát hiện mã gõ nhầm)."),
    ),
    Column(
        "unit_name",
        "Tên đơn vị / tập thể",
        ("Tên đơn vị", "Tên tập thể", "Unit name"),
        False,
        gettext_lazy("Không bắt buộc; chỉ để người đọc tệp dễ theo dõi."),
    ),
    Column(
        "title",
        "Danh hiệu / hình thức",
        ("Danh hiệu", "Danh hiệu thi đua", "Mã danh hiệu thi đua", "Mã danh hiệu thi đua (nếu có)", "Title"),
        True,
        gettext_lazy(
            "Mã của hệ thống (ví dụ CSTDCS), tên viết tắt (CSTĐCS), tên đầy đủ, hoặc mã danh mục của hệ thống tỉnh "
            "(ví dụ 1647933380). Xem trang “Danh mục”."
        ),
    ),
    Column(
        "award",
        "Mã hình thức khen thưởng",
        ("Hình thức khen thưởng", "Hình thức"),
        False,
        gettext_lazy("Cột của mẫu tỉnh; ghi như cột Danh hiệu. Một dòng có cả hai mã được nhập thành hai khen thưởng."),
    ),
    Column(
        "year", "Năm", ("Năm khen thưởng", "Năm thành tích", "Year"), True, gettext_lazy("Năm thành tích, ví dụ 2023.")
    ),
    Column(
        "decision_number",
        "Số quyết định",
        ("Số QĐ", "Số quyết định khen thưởng", "Decision number"),
        True,
        gettext_lazy("Số, ký hiệu của quyết định, ví dụ 125/QĐ-BQL."),
    ),
    Column(
        "decision_date",
        "Ngày quyết định",
        ("Ngày QĐ", "Ngày ký", "Ngày ký quyết định", "Decision date"),
        True,
        gettext_lazy("Theo dạng dd/mm/yyyy, ví dụ 15/01/2024, hoặc ô kiểu ngày của Excel."),
    ),
    Column(
        "issuer",
        "Cơ quan quyết định",
        ("Cơ quan ban hành", "Cấp khen", "Cấp quyết định", "Issuer"),
        True,
        gettext_lazy("Cơ quan hoặc người có thẩm quyền ra quyết định, ví dụ Trưởng ban Ban Quản lý Khu kinh tế."),
    ),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
HEADERS = {c.field: c.header for c in COLUMNS}
HEADER_LOOKUP = header_lookup(COLUMNS)
HOLDER_FIELDS = ("staff_code", "unit_code", "full_name", "unit_name")
# The columns each sheet of our template has, in order.
SHEET_FIELDS = {
    INDIVIDUAL: ("staff_code", "full_name", "title", "year", "decision_number", "decision_date", "issuer"),
    COLLECTIVE: ("unit_code", "unit_name", "title", "year", "decision_number", "decision_date", "issuer"),
}
SHEET_TITLES = {INDIVIDUAL: "Cá nhân", COLLECTIVE: "Tập thể"}


def header_score(cells) -> int:
    """A row is a header of a history list when it names a holder column and another; the province's code
    sheet (DANHMUC: "Mã số", "Hình thức khen thưởng"...) names no holder and is left out."""
    found = header_map(cells, HEADER_LOOKUP)
    # A single known word is not a header: the template's guide sheet lists the column names one per row.
    return len(found) if len(found) >= 2 and any(f in found for f in HOLDER_FIELDS) else 0


@dataclass
class ParsedFile:
    file_format: str
    rows: list[dict]  # one per commendation to import; "sheet" and "row" say where it was read
    errors: list[dict] = field(default_factory=list)  # {"sheet", "row", "column", "message"}
    conversions: list[dict] = field(default_factory=list)


def _sheet_scope(mapping: dict[str, int], sheet: str, header_row: int) -> str:
    where = (
        _("trang “%(sheet)s”, dòng %(row)s") % {"sheet": sheet, "row": header_row}
        if sheet
        else _("dòng %(row)s") % {"row": header_row}
    )
    if "staff_code" in mapping:
        scope = INDIVIDUAL
    elif "unit_code" in mapping:
        scope = COLLECTIVE
    elif "full_name" in mapping:
        raise ImportFileError(
            _(
                "Danh sách cá nhân (%(where)s) thiếu cột “Mã cán bộ”: cán bộ chỉ được nhận ra bằng mã cán bộ, không "
                "bằng họ tên. Với mẫu CANHAN của tỉnh, hãy thêm ở bên phải các cột “Mã cán bộ”, “Năm”, "
                "“Số quyết định”, “Ngày quyết định”, “Cơ quan quyết định”."
            )
            % {"where": where}
        )
    else:
        raise ImportFileError(
            _(
                "Danh sách tập thể (%(where)s) thiếu cột “Mã đơn vị”. Với mẫu TAPTHE của tỉnh, hãy thêm ở bên phải "
                "các cột “Mã đơn vị”, “Năm”, “Số quyết định”, “Ngày quyết định”, “Cơ quan quyết định”."
            )
            % {"where": where}
        )
    missing = [
        COLUMN_BY_FIELD[f].header for f in ("year", "decision_number", "decision_date", "issuer") if f not in mapping
    ]
    if "title" not in mapping and "award" not in mapping:
        missing.insert(0, COLUMN_BY_FIELD["title"].header)
    if missing:
        raise ImportFileError(
            _("Thiếu cột bắt buộc ở %(where)s: %(columns)s. Hãy tải tệp mẫu để xem các cột.")
            % {"where": where, "columns": ", ".join(f"“{m}”" for m in missing)}
        )
    return scope


def _parse_date(value, year: int | None, today: datetime.date) -> tuple[str, str | None]:
    day, text = day_read(value)
    if day is None and not text:
        return "", _("Thiếu ngày quyết định.")
    if day is None:
        return "", _("Ngày quyết định “%(value)s” không hợp lệ; ghi theo dạng dd/mm/yyyy, ví dụ 15/01/2024.") % {
            "value": text[:40]
        }
    if day > today:
        return "", _("Ngày quyết định %(value)s ở sau ngày hôm nay.") % {"value": day.strftime("%d/%m/%Y")}
    if year and day.year < year:
        return "", _("Ngày quyết định %(value)s ở trước năm thành tích %(year)s.") % {
            "value": day.strftime("%d/%m/%Y"),
            "year": year,
        }
    return day.isoformat(), None


def _parse_year(value, today: datetime.date) -> tuple[int | None, str | None]:
    text = clean_text(value)
    if not text:
        return None, _("Thiếu năm.")
    if not text.isdigit() or not EARLIEST_YEAR <= int(text) <= today.year:
        return None, _("Năm “%(value)s” không hợp lệ; ghi năm có 4 chữ số, từ %(first)s đến %(last)s.") % {
            "value": text[:20],
            "first": EARLIEST_YEAR,
            "last": today.year,
        }
    return int(text), None


class TitleResolver:
    """Finds our title from what a file writes for it: our code, short name, full name or catalogue code."""

    def __init__(self, titles):
        self.table: dict[str, list[AwardTitle]] = defaultdict(list)
        for title in titles:
            for key in {fold(title.code), fold(title.short_name), fold(title.name), fold(title.catalogue_code)}:
                if key and title not in self.table[key]:
                    self.table[key].append(title)

    def resolve(self, value: str, *, scope: str, issuer: str) -> tuple[AwardTitle | None, str | None]:
        found = self.table.get(fold(value), [])
        matching = [t for t in found if t.scope == scope]
        if not matching:
            if found:
                return None, _("“%(value)s” là danh hiệu / hình thức dành cho %(scope)s, không dùng ở trang này.") % {
                    "value": value,
                    "scope": found[0].get_scope_display().lower(),
                }
            return None, _(
                "Không có danh hiệu / hình thức “%(value)s” trong danh mục; xem trang “Danh mục” của tệp mẫu."
            ) % {"value": value[:80]}
        if len(matching) > 1:
            # The province's catalogue has one code for every Bằng khen of a bộ, ngành or tỉnh: the issuer tells.
            words = set(fold(issuer).split())
            by_issuer = [t for t in matching if fold(t.short_name).split()[-1] in words]
            if len(by_issuer) == 1:
                return by_issuer[0], None
            return None, _(
                "Mã “%(value)s” ứng với nhiều danh hiệu / hình thức (%(names)s) và cơ quan quyết định không cho biết "
                "là cái nào; hãy ghi mã của hệ thống (%(codes)s)."
            ) % {
                "value": value,
                "names": ", ".join(t.short_name for t in matching),
                "codes": ", ".join(t.code for t in matching),
            }
        return matching[0], None


def parse_upload(fileobj, filename: str, *, today: datetime.date | None = None) -> ParsedFile:
    """Read and check every row of every list in the file. Raises ImportFileError when the file is unusable."""
    today = today or clock.today()
    data = fileobj.read()
    sheets = read_sheets(data, filename, score=header_score)
    resolver = TitleResolver(AwardTitle.objects.all())
    rows, errors, conversions = [], [], []
    province = False
    total, lists = 0, 0
    for sheet, table in sheets:
        if not table:
            continue
        header_index = header_find(table, header_score)
        header_row, header_cells = table[header_index]
        if not header_score(header_cells):
            continue
        mapping = header_map(header_cells, HEADER_LOOKUP)
        lists += 1
        scope = _sheet_scope(mapping, sheet, header_row)
        province = province or "award" in mapping or sheet.upper() == "DANHSACH"
        data_rows = table[header_index + 1 :]
        total += len(data_rows)
        if total > tabular.MAX_DATA_ROWS:
            raise ImportFileError(
                _("Tệp có hơn %(limit)s dòng dữ liệu; hãy chia thành nhiều tệp (ví dụ theo năm).")
                % {"limit": f"{tabular.MAX_DATA_ROWS:,}".replace(",", ".")}
            )
        for number, cells in data_rows:
            cell_conversions, cell_errors = [], []
            values = row_values(
                cells, mapping, row=number, headers=HEADERS, conversions=cell_conversions, errors=cell_errors
            )
            conversions += [{**entry, "sheet": sheet} for entry in cell_conversions]
            errors += [{**entry, "sheet": sheet} for entry in cell_errors]
            # A province list numbers its rows (STT) and may carry helper rows with only that number.
            if not any(clean_text(values.get(f)) for f in mapping if f not in ("unit_name", "full_name")):
                continue
            parsed, row_errors = _parse_row(sheet, number, scope, values, resolver, today)
            rows += parsed
            errors += row_errors
    if not lists:
        raise ImportFileError(
            _(
                "Không tìm thấy danh sách khen thưởng trong tệp: dòng tiêu đề phải có cột “Mã cán bộ” (hoặc "
                "“Mã đơn vị”) cùng các cột của lịch sử; hãy tải tệp mẫu để xem."
            )
        )
    if not total:
        raise ImportFileError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    errors += _cross_row_errors(rows)
    return ParsedFile(
        file_format="province" if province else "ours",
        rows=rows,
        errors=errors_sorted(errors, COLUMNS),
        conversions=conversions,
    )


def _parse_row(sheet, number, scope, values, resolver, today) -> tuple[list[dict], list[dict]]:
    errors: list[dict] = []

    def error(key: str, message: str | None):
        if message:
            errors.append({"sheet": sheet, "row": number, "column": COLUMN_BY_FIELD[key].header, "message": message})

    holder_field = "staff_code" if scope == INDIVIDUAL else "unit_code"
    holder = clean_text(values.get(holder_field))
    if not holder:
        error(holder_field, _("Thiếu mã cán bộ.") if scope == INDIVIDUAL else _("Thiếu mã đơn vị."))
    name = clean_text(values.get("full_name" if scope == INDIVIDUAL else "unit_name"))
    year, message = _parse_year(values.get("year"), today)
    error("year", message)
    number_text = clean_text(values.get("decision_number"))
    if not number_text:
        error("decision_number", _("Thiếu số quyết định."))
    elif len(number_text) > Commendation._meta.get_field("decision_number").max_length:
        error("decision_number", _("Số quyết định dài quá %(limit)s ký tự.") % {"limit": 64})
    date, message = _parse_date(values.get("decision_date"), year, today)
    error("decision_date", message)
    issuer = clean_text(values.get("issuer"))
    if not issuer:
        error("issuer", _("Thiếu cơ quan quyết định."))
    elif len(issuer) > Commendation._meta.get_field("decided_by").max_length:
        error("issuer", _("Cơ quan quyết định dài quá %(limit)s ký tự.") % {"limit": 255})

    titles: list[AwardTitle] = []
    for key in ("title", "award"):
        text = clean_text(values.get(key))
        if not text:
            continue
        title, message = resolver.resolve(text, scope=scope, issuer=issuer)
        error(key, message)
        if title is not None and title not in titles:
            titles.append(title)
    if not titles and not any(
        e["column"] in (COLUMN_BY_FIELD["title"].header, COLUMN_BY_FIELD["award"].header) for e in errors
    ):
        error("title", _("Thiếu danh hiệu / hình thức khen thưởng."))
    base = {
        "sheet": sheet,
        "row": number,
        "scope": scope,
        "holder": holder,
        "name": name,
        "year": year,
        "number": number_text,
        "date": date,
        "issuer": issuer,
    }
    return [{**base, "title": t.code, "title_kind": t.kind} for t in titles], errors


def _key(row: dict) -> tuple:
    """One title a year for a holder; an award (a Bằng khen may come twice a year) is one per decision."""
    key = (row["scope"], row["holder"], row["title"], row["year"])
    return key if row["title_kind"] == AwardTitle.Kind.TITLE else (*key, fold(row["number"]))


def _cross_row_errors(rows: list[dict]) -> list[dict]:
    errors, first = [], {}
    for row in rows:
        if not row["holder"] or not row["year"]:
            continue
        key = _key(row)
        if key in first:
            where = first[key]
            errors.append(
                {
                    "sheet": row["sheet"],
                    "row": row["row"],
                    "column": COLUMN_BY_FIELD["title"].header,
                    "message": _("Khen thưởng này trùng với dòng %(row)s: %(what)s năm %(year)s của “%(holder)s”.")
                    % {"row": join_rows([where]), "what": row["title"], "year": row["year"], "holder": row["holder"]},
                }
            )
        else:
            first[key] = row["row"]
    return errors


# Comparing with the database -------------------------------------------------------------------


@dataclass
class Snapshot:
    staff: dict[str, Staff]
    units: dict[str, OrgUnit]
    titles: dict[str, AwardTitle]
    existing: dict[tuple, list[Commendation]]  # by (scope, holder pk, title pk, year)


def snapshot_load(*, rows: list[dict], lock: bool = False) -> Snapshot:
    """What the database holds about the file's holders and their awards, in a handful of queries."""
    staff_codes = sorted({r["holder"] for r in rows if r["scope"] == INDIVIDUAL and r["holder"]})
    unit_codes = sorted({r["holder"] for r in rows if r["scope"] == COLLECTIVE and r["holder"]})
    staff: dict[str, Staff] = {}
    for chunk in chunks(staff_codes, QUERY_CHUNK):
        staff.update((s.staff_code, s) for s in Staff.objects.filter(staff_code__in=chunk).select_related("unit"))
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=unit_codes)} if unit_codes else {}
    titles = {t.code: t for t in AwardTitle.objects.all()}
    found = Commendation.objects.none()
    if staff or units:
        found = Commendation.objects.filter(staff_id__in=[s.pk for s in staff.values()]) | Commendation.objects.filter(
            unit_id__in=[u.pk for u in units.values()]
        )
        if lock:
            found = found.select_for_update()
    existing: dict[tuple, list[Commendation]] = defaultdict(list)
    for item in found.order_by("pk"):
        holder = (INDIVIDUAL, item.staff_id) if item.staff_id else (COLLECTIVE, item.unit_id)
        existing[(*holder, item.title_id, item.year)].append(item)
    return Snapshot(staff=staff, units=units, titles=titles, existing=existing)


@dataclass
class Plan:
    creates: list[dict] = field(default_factory=list)
    # The preview is kept as JSON and may be read in another language: fields and notes are stored as keys
    # and worded by the page.
    updates: list[dict] = field(default_factory=list)  # with "pk" and "changes" [{"field", "old", "new"}]
    unchanged: list[dict] = field(default_factory=list)  # with "note": "decided" (in the product) or "imported"
    errors: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "created_count": len(self.creates),
            "updated_count": len(self.updates),
            "unchanged_count": len(self.unchanged),
            "error_count": len(self.errors),
        }

    def as_json(self) -> dict:
        return {
            "created": [r["show"] for r in self.creates],
            "updated": [{**r["show"], "changes": r["changes"]} for r in self.updates],
            "unchanged": [{**r["show"], "note": r["note"]} for r in self.unchanged],
            "errors": self.errors,
        }


def plan_build(*, rows: list[dict], errors: list[dict], snapshot: Snapshot) -> Plan:
    """Compare the file with the database. Rows with errors are left out; any error blocks the commit."""
    plan = Plan()
    holder_errors = []
    for row in rows:
        if not row["holder"]:
            continue
        if row["scope"] == INDIVIDUAL:
            person = snapshot.staff.get(row["holder"])
            if person is None:
                holder_errors.append(
                    _row_error(
                        row,
                        "staff_code",
                        _(
                            "Mã cán bộ “%(code)s” không có trong hệ thống. Lịch sử khen thưởng không tạo cán bộ mới: "
                            "hãy nhập cán bộ trước (Tổ chức → Nhập dữ liệu) hoặc sửa mã."
                        )
                        % {"code": row["holder"]},
                    )
                )
            elif row["name"] and fold(row["name"]) != fold(person.full_name):
                holder_errors.append(
                    _row_error(
                        row,
                        "full_name",
                        _("Mã cán bộ “%(code)s” là của “%(known)s”, tệp ghi “%(name)s”: hãy kiểm tra lại mã cán bộ.")
                        % {"code": row["holder"], "known": person.full_name, "name": row["name"]},
                    )
                )
        elif row["holder"] not in snapshot.units:
            holder_errors.append(
                _row_error(
                    row,
                    "unit_code",
                    _("Mã đơn vị “%(code)s” không có trong hệ thống; hãy sửa mã hoặc nhập đơn vị trước.")
                    % {"code": row["holder"]},
                )
            )
        if row["title"] not in snapshot.titles:
            holder_errors.append(
                _row_error(row, "title", _("Danh hiệu “%(code)s” không còn trong danh mục.") % {"code": row["title"]})
            )
    # The same error is reported once, however many commendations its row gave.
    unique = {(e["sheet"], e["row"], e["column"], e["message"]): e for e in [*errors, *holder_errors]}
    plan.errors = errors_sorted(list(unique.values()), COLUMNS)
    bad = {(e.get("sheet", ""), e["row"]) for e in plan.errors}

    for row in rows:
        if (row["sheet"], row["row"]) in bad:
            continue
        title = snapshot.titles[row["title"]]
        holder = snapshot.staff[row["holder"]] if row["scope"] == INDIVIDUAL else snapshot.units[row["holder"]]
        show = {
            "sheet": row["sheet"],
            "row": row["row"],
            "holder": f"{holder.full_name} ({row['holder']})" if row["scope"] == INDIVIDUAL else holder.name,
            "title": title.short_name,
            "year": row["year"],
            "decision": f"{row['number']}, {datetime.date.fromisoformat(row['date']):%d/%m/%Y}",
            "issuer": row["issuer"],
        }
        found = snapshot.existing.get((row["scope"], holder.pk, title.pk, row["year"]), [])
        if title.kind == AwardTitle.Kind.AWARD:
            found = [c for c in found if fold(c.decision_number) == fold(row["number"])]
        current = next((c for c in found if c.source == Commendation.Source.DECIDED), None) or (
            found[0] if found else None
        )
        entry = {"row": row, "show": show}
        if current is None:
            plan.creates.append(entry)
            continue
        if current.source == Commendation.Source.DECIDED:
            # A decision taken in the product is the record; the spreadsheet never overwrites it.
            plan.unchanged.append({**entry, "note": "decided"})
            continue
        new = {"decision_number": row["number"], "decision_date": row["date"], "decided_by": row["issuer"]}
        old = {
            "decision_number": current.decision_number,
            "decision_date": current.decision_date.isoformat(),
            "decided_by": current.decided_by,
        }
        changed = {k: v for k, v in new.items() if old[k] != v}
        if not changed:
            plan.unchanged.append({**entry, "note": "imported"})
            continue

        def shown(key, value):
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y") if key == "decision_date" else value

        plan.updates.append(
            {
                **entry,
                "pk": current.pk,
                "values": changed,
                "changes": [{"field": k, "old": shown(k, old[k]), "new": shown(k, v)} for k, v in changed.items()],
            }
        )
    return plan


def _row_error(row: dict, key: str, message: str) -> dict:
    return {"sheet": row["sheet"], "row": row["row"], "column": COLUMN_BY_FIELD[key].header, "message": message}


# The template to fill in -----------------------------------------------------------------------

EXAMPLES = {
    INDIVIDUAL: {
        "staff_code": "CB0001",
        "full_name": "Nguyễn Văn An",
        "title": "CSTDCS",
        "year": 2023,
        "decision_number": "12/QĐ-BQL",
        "decision_date": datetime.date(2024, 1, 15),
        "issuer": "Trưởng ban Ban Quản lý Khu kinh tế",
    },
    COLLECTIVE: {
        "unit_code": "QLDT",
        "unit_name": "Phòng Quản lý Đầu tư",
        "title": "TTLDXS",
        "year": 2023,
        "decision_number": "13/QĐ-BQL",
        "decision_date": datetime.date(2024, 1, 15),
        "issuer": "Trưởng ban Ban Quản lý Khu kinh tế",
    },
}


def template_xlsx() -> bytes:
    """The workbook to fill in: a sheet of individuals, one of collectives, the catalogue, and guidance. Every
    text (the catalogue's names come from the admin) is written as text, never as a formula."""
    workbook = Workbook()
    header_font, header_fill = template_styles()
    for index, scope in enumerate((INDIVIDUAL, COLLECTIVE)):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = SHEET_TITLES[scope]
        fields = SHEET_FIELDS[scope]
        template_list_start(
            sheet, [COLUMN_BY_FIELD[key].header for key in fields], [EXAMPLES[scope][key] for key in fields]
        )
        for position in range(1, len(fields) + 1):
            sheet.column_dimensions[get_column_letter(position)].width = 22 if position > 2 else 18
        sheet.column_dimensions["B"].width = 30
        sheet.column_dimensions["G"].width = 40

    catalogue = workbook.create_sheet("Danh mục")
    sheet_append_text(catalogue, [_("Mã"), _("Viết tắt"), _("Tên"), _("Đối tượng"), _("Mã danh mục của tỉnh")])
    for cell in catalogue[1]:
        cell.font, cell.fill = header_font, header_fill
    for title in AwardTitle.objects.order_by("scope", "order"):
        sheet_append_text(
            catalogue,
            [title.code, title.short_name, title.name, str(title.get_scope_display()), title.catalogue_code],
        )
    for letter, width in zip("ABCDE", (16, 18, 60, 12, 22), strict=True):
        catalogue.column_dimensions[letter].width = width

    guide_lines = (
        _("Mỗi dòng là một khen thưởng đã nhận. Xoá dòng ví dụ trước khi nhập."),
        _("Cán bộ được nhận ra bằng mã cán bộ, đơn vị bằng mã đơn vị; mã chưa có trong hệ thống là lỗi."),
        _(
            "Cũng nhận mẫu CANHAN / TAPTHE của hệ thống tỉnh (mã danh mục ở cột “Mã hình thức khen thưởng”, "
            "“Mã danh hiệu thi đua”), với các cột Mã cán bộ (hoặc Mã đơn vị), Năm, Số quyết định, Ngày quyết định, "
            "Cơ quan quyết định thêm ở bên phải."
        ),
        _("Nhập lại cùng một tệp không thay đổi gì; khen thưởng đã quyết định trong hệ thống không bị ghi đè."),
        _("Hệ thống cho xem trước mọi khen thưởng và các dòng lỗi; chỉ khi tệp không còn lỗi mới nhập được."),
    )
    guide_sheet_add(workbook, COLUMNS, guide_lines, first_width=24)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
