"""The Board's upward proposals in the province's own import templates: CANHAN (individuals), TAPTHE (collectives)
and MauTDKT (the nomination list of both, with its code sheets).

The templates are the province's files, shipped as they are in workflows/data/province_templates/: the export opens
the template, keeps its sheets, its title and header rows untouched, and fills the rows under the header. An award
goes in as its catalogue code (AwardTitle.catalogue_code, the province's catalogue in award-catalogue-from-MauTDKT.csv).
Every text cell is stored as text, so a name typed as "=HYPERLINK(…)" stays a name (people.xlsx_export's rule), and
characters a worksheet cannot hold are left out rather than failing the file.

CANHAN / TAPTHE: DANHSACH is the list, DANHMUC the catalogue the province's system reads codes from; an award goes
into the column the catalogue lists its code under ("Mã danh hiệu thi đua" or "Mã hình thức khen thưởng").

MauTDKT (the current MauTDKT.xlsx, modified 04/10/2023, which the province's system offers for download; the file
named MauTDKT_20231004.xlsx is the earlier version of 29/03/2023): "file nhận" is the list, one row per proposal under
its single header row; its visible columns F–I hold names from the hidden code sheets and its hidden columns R–U the
codes of those names (the template computes them with VLOOKUP; the export writes the codes themselves, so any reader
gets them without recalculating). How the product's data becomes those names is data: workflows/data/
province_codes.yaml. The template's drop-down lists (Excel's extension openpyxl does not read) are put back as
standard list validations over the same ranges.
"""

from __future__ import annotations

import functools
import io
import warnings
import xml.etree.ElementTree as ET  # reads only the templates shipped in the repository
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db.models import QuerySet
from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from viewflow.workflow.status import STATUS

from people.office_files import CSV_FORMULA_STARTS
from people.xlsx_export import DATE_FORMAT, worksheet_text

from .casework import services
from .models import AwardTitle, Campaign, Case, Proposal

TEMPLATES = Path(__file__).resolve().parent / "data" / "province_templates"
CODES_FILE = Path(__file__).resolve().parent / "data" / "province_codes.yaml"
LIST_SHEET = "DANHSACH"
CATALOGUE_SHEET = "DANHMUC"
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
# The catalogue sheet: column B lists the forms of award (hình thức), column F the titles (danh hiệu).
CATALOGUE_AWARD_COLUMN = 2
CATALOGUE_TITLE_COLUMN = 6
GENDER_CODES = {"nam": "NAM", "nu": "NU"}  # as the template's catalogue spells them


@dataclass(frozen=True)
class Layout:
    form: str  # "canhan" / "tapthe"
    filename: str
    scope: str
    award_column: int  # "Mã hình thức khen thưởng"
    title_column: int  # "Mã danh hiệu thi đua (nếu có)"


LAYOUTS = {
    "canhan": Layout("canhan", "CANHAN.xlsx", AwardTitle.Scope.INDIVIDUAL, award_column=10, title_column=11),
    "tapthe": Layout("tapthe", "TAPTHE.xlsx", AwardTitle.Scope.COLLECTIVE, award_column=4, title_column=5),
}

MAUTDKT = "mautdkt"
MAUTDKT_FILENAME = "MauTDKT.xlsx"
MAUTDKT_LIST_SHEET = "file nhận"
MAUTDKT_FIRST_ROW = 2  # under the single header row
FORMS = {"canhan": "CANHAN", "tapthe": "TAPTHE", MAUTDKT: "MauTDKT"}


@dataclass(frozen=True)
class CodedColumn:
    """A MauTDKT column holding a name from a code sheet, and the hidden column holding its code (the template's
    VLOOKUP pairs in row 2: R2 = VLOOKUP(F2, 'phan loai kt'!…), S2 = VLOOKUP(G2, HTKT!…)…)."""

    name_column: int
    code_column: int
    sheet: str


AWARD_CLASS = CodedColumn(6, 18, "phan loai kt")  # F → R: Phân loại khen thưởng (cá nhân / tập thể)
AWARD = CodedColumn(7, 19, "HTKT")  # G → S: Danh hiệu thi đua / Hình thức khen thưởng
NOMINEE_CLASS = CodedColumn(8, 20, "PLDT")  # H → T: Phân loại đối tượng
FIELD = CodedColumn(9, 21, "LVHD")  # I → U: Lĩnh vực hoạt động
CODED_COLUMNS = (AWARD_CLASS, AWARD, NOMINEE_CLASS, FIELD)
AWARD_CLASS_CODES = {AwardTitle.Scope.INDIVIDUAL: "CANHAN", AwardTitle.Scope.COLLECTIVE: "TAPTHE"}


# --- which proposals ---------------------------------------------------------------------------------------------


def upward_proposals(*, case: Case) -> QuerySet[Proposal]:
    """What the Văn phòng sends upward: the proposals the council passed for titles decided above the Board."""
    return (
        services.proposals_passed(case=case, decided_at=AwardTitle.DecidedAt.UPWARD)
        .select_related("staff__unit", "title", "case__unit", "case__agency")
        .order_by("order", "pk")
    )


def campaign_upward_proposals(*, campaign: Campaign) -> QuerySet[Proposal]:
    """The whole Board's upward proposals of a year (the Văn phòng's consolidated sending): of every nomination
    dossier of the campaign, those the council passed for titles decided by the province or above, unit by unit."""
    return (
        Proposal.objects.filter(
            case__campaign=campaign,
            case__kind=Case.Kind.NOMINATION,
            council_result=Proposal.CouncilResult.PASSED,
            title__decided_at=AwardTitle.DecidedAt.UPWARD,
        )
        .exclude(case__status=STATUS.CANCELED)
        .select_related("staff__unit", "title", "case__unit", "case__agency")
        .order_by("case__unit__order", "case__unit__code", "case_id", "order", "pk")
    )


# --- cells ---------------------------------------------------------------------------------------------------------


def _text(cell, value) -> None:
    if isinstance(value, str):
        value = worksheet_text(value)
    cell.value = value
    if isinstance(value, str):
        # openpyxl reads a leading "=" as a formula; "s" keeps it a string, the quote prefix keeps it one in Excel.
        cell.data_type = "s"
        if value.startswith(CSV_FORMULA_STARTS):
            cell.quotePrefix = True


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- CANHAN / TAPTHE -----------------------------------------------------------------------------------------------


def _catalogue(sheet, column: int) -> set[str]:
    return {
        str(v).strip() for (v,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column, values_only=True) if v
    }


def _individual_row(proposal: Proposal) -> list:
    person = proposal.staff
    return [
        person.full_name,
        GENDER_CODES.get(person.gender, ""),
        person.date_of_birth,
        person.position,
        person.unit.name,
        proposal.case.agency.name,
        "",  # Địa chỉ / Nơi ở: not kept
        "",  # Mã phân loại cán bộ: the province's own classification, left to the sender
    ]


def _collective_row(proposal: Proposal) -> list:
    return [proposal.case.unit.name, ""]  # Mã phân loại tập thể: left to the sender


def _layout_workbook(proposals: Iterable[Proposal], layout: Layout) -> bytes:
    book = load_workbook(TEMPLATES / layout.filename)
    sheet = book[LIST_SHEET]
    catalogue = book[CATALOGUE_SHEET]
    award_codes = _catalogue(catalogue, CATALOGUE_AWARD_COLUMN)
    title_codes = _catalogue(catalogue, CATALOGUE_TITLE_COLUMN)
    individual = layout.scope == AwardTitle.Scope.INDIVIDUAL
    chosen = [p for p in proposals if (p.staff_id is not None) == individual]
    for number, proposal in enumerate(chosen, start=1):
        row = FIRST_ROW + number - 1
        values = _individual_row(proposal) if individual else _collective_row(proposal)
        sheet.cell(row, 1).value = number
        for offset, value in enumerate(values, start=2):
            cell = sheet.cell(row, offset)
            _text(cell, value)
            if value is not None and not isinstance(value, str):
                cell.number_format = DATE_FORMAT
        code = proposal.title.catalogue_code
        if code in title_codes:
            column = layout.title_column
        elif code in award_codes:
            column = layout.award_column
        else:
            column = layout.title_column if proposal.title.kind == AwardTitle.Kind.TITLE else layout.award_column
        _text(sheet.cell(row, column), code)
    return _save(book)


# --- MauTDKT -------------------------------------------------------------------------------------------------------


@functools.cache
def province_codes() -> dict:
    """workflows/data/province_codes.yaml: how the product's data becomes the names of MauTDKT's code sheets."""
    with CODES_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def code_sheet(book, title: str) -> dict[str, object]:
    """A code sheet of MauTDKT as {name: code}, the code as the sheet holds it (text or number)."""
    return {
        str(name).strip(): code
        for name, code, *_rest in book[title].iter_rows(min_row=2, max_col=2, values_only=True)
        if name and code not in (None, "")
    }


def individual_category(*, position: str, unit_kind: str) -> str:
    """Phân loại đối tượng of a person (a PLDT name), by the rules of province_codes.yaml; "" when the position is
    not recorded."""
    position = (position or "").strip().casefold()
    if not position:
        return ""
    rules = province_codes()["individual_category"]
    for rule in rules["rules"]:
        starts = tuple(start.casefold() for start in rule["position_starts"])
        if unit_kind in rule["unit_kinds"] and position.startswith(starts):
            return rule["category"]
    return rules["otherwise"]


def _workplace(proposal: Proposal) -> str:
    """Đơn vị công tác: the person's unit and agency ("Phòng Quản lý Đầu tư, Ban Quản lý Khu kinh tế tỉnh"); for a
    collective, the body it belongs to (the agency, or for the agency itself the body above it), as the province's
    filled lists do."""
    agency = proposal.case.agency
    if proposal.staff_id is None:
        unit = proposal.case.unit
        return agency.governing_body if unit.kind == unit.Kind.BOARD else agency.name
    unit_name = proposal.staff.unit.name
    return agency.name if unit_name == agency.name else f"{unit_name}, {agency.name}"


def _mautdkt_values(proposal: Proposal, names: dict[str, dict[str, object]]) -> dict[int, object]:
    """One MauTDKT row (column number → value) of a proposal, the coded columns by name (`names`: each code sheet
    as {name: code})."""
    codes = province_codes()
    title = proposal.title
    person = proposal.staff
    if person is not None:
        values = {
            2: codes["form_of_address"].get(person.gender, ""),
            3: person.full_name,
            4: person.position,
            NOMINEE_CLASS.name_column: individual_category(position=person.position, unit_kind=person.unit.kind),
        }
    else:
        unit = proposal.case.unit
        values = {3: unit.name, 4: "", NOMINEE_CLASS.name_column: codes["collective_category"].get(unit.kind, "")}
    values[5] = _workplace(proposal)
    class_names = {code: name for name, code in names[AWARD_CLASS.sheet].items()}
    values[AWARD_CLASS.name_column] = class_names.get(AWARD_CLASS_CODES[title.scope], "")
    award_names = {str(code): name for name, code in names[AWARD.sheet].items()}
    # The catalogue's own wording of the title (what the drop-down offers); the product's name when it has none.
    values[AWARD.name_column] = award_names.get(title.catalogue_code, title.name)
    values[FIELD.name_column] = (codes.get("activity_field") or {}).get(proposal.case.agency.code, "")
    return values


@functools.cache
def _validations_of(path: Path, sheet_index: int) -> tuple[tuple[str, str], ...]:
    """The drop-down lists of a template sheet, as (source range, cells): Excel keeps lists drawn from another sheet
    in an extension openpyxl drops, so they are read from the file itself (sheet N is the workbook's Nth sheet in
    the province's files)."""
    main = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    excel = "http://schemas.microsoft.com/office/excel/2006/main"
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read(f"xl/worksheets/sheet{sheet_index}.xml"))  # noqa: S314 — our template
    found = []
    for rule in root.iter(f"{{{main}}}dataValidation"):
        if rule.get("type") != "list":
            continue
        formula = rule.find(f"{{{main}}}formula1/{{{excel}}}f")
        cells = rule.find(f"{{{excel}}}sqref")
        if formula is not None and cells is not None:
            found.append((formula.text, cells.text))
    return tuple(found)


def _mautdkt_workbook(proposals: Iterable[Proposal]) -> bytes:
    path = TEMPLATES / MAUTDKT_FILENAME
    with warnings.catch_warnings():
        # openpyxl warns that it drops the drop-down lists drawn from other sheets: they are put back just below.
        warnings.filterwarnings("ignore", message="Data Validation extension", category=UserWarning)
        book = load_workbook(path)
    sheet = book[MAUTDKT_LIST_SHEET]
    for source, cells in _validations_of(path, book.sheetnames.index(MAUTDKT_LIST_SHEET) + 1):
        rule = DataValidation(type="list", formula1=source, allow_blank=True)
        rule.showErrorMessage = rule.showInputMessage = True
        rule.sqref = cells
        sheet.add_data_validation(rule)
    names = {column.sheet: code_sheet(book, column.sheet) for column in CODED_COLUMNS}
    for number, proposal in enumerate(proposals, start=1):
        row = MAUTDKT_FIRST_ROW + number - 1
        values = _mautdkt_values(proposal, names)
        sheet.cell(row, 1).value = number
        for column, value in values.items():
            _text(sheet.cell(row, column), value)
        for coded in CODED_COLUMNS:
            # The code as the sheet holds it (PLDT's are numbers, the others text, "0001" keeping its zeros); the
            # award's is the title's catalogue code, listed in HTKT or not.
            code = names[coded.sheet].get(values[coded.name_column])
            if coded is AWARD:
                code = proposal.title.catalogue_code or None
            _text(sheet.cell(row, coded.code_column), code)
    return _save(book)


# --- the files -----------------------------------------------------------------------------------------------------


def province_workbook(*, proposals: Iterable[Proposal], form: str) -> bytes:
    """The template `form` ("canhan" / "tapthe" / "mautdkt") filled with the proposals (CANHAN: the individual ones,
    TAPTHE: the collective ones, MauTDKT: all of them)."""
    proposals = list(proposals)
    if form == MAUTDKT:
        return _mautdkt_workbook(proposals)
    return _layout_workbook(proposals, LAYOUTS[form])


def province_filename(*, case: Case, form: str) -> str:
    return f"{FORMS[form]} {case.unit.code} {case.campaign.year}.xlsx"


def campaign_filename(*, campaign: Campaign, form: str) -> str:
    agency = campaign.agency
    return f"{FORMS[form]} {agency.document_code or agency.code} {campaign.year}.xlsx"
