"""The Board's upward proposals in the province's own import templates (CANHAN: individuals, TAPTHE: collectives).

The templates are the province's files, shipped as they are in workflows/data/province_templates/: the export opens
the template, keeps its sheets (DANHSACH, the list; DANHMUC, the catalogue the province's system reads codes from),
its title and header rows untouched, and fills the rows under the header. An award goes into the column the
template's catalogue lists its code under ("Mã danh hiệu thi đua" or "Mã hình thức khen thưởng"); a code the
catalogue does not list goes by the title's kind. Every text cell is stored as text, so a name typed as
"=HYPERLINK(…)" stays a name (people.xlsx_export's rule).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from people.office_files import CSV_FORMULA_STARTS
from people.xlsx_export import DATE_FORMAT

from .casework import services
from .models import AwardTitle, Case, Proposal

TEMPLATES = Path(__file__).resolve().parent / "data" / "province_templates"
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


def upward_proposals(*, case: Case):
    """What the Văn phòng sends upward: the proposals the council passed for titles decided above the Board."""
    return (
        services.proposals_passed(case=case, decided_at=AwardTitle.DecidedAt.UPWARD)
        .select_related("staff__unit", "title", "case__unit", "case__agency")
        .order_by("order", "pk")
    )


def _catalogue(sheet, column: int) -> set[str]:
    return {
        str(v).strip() for (v,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column, values_only=True) if v
    }


def _text(cell, value) -> None:
    cell.value = value
    if isinstance(value, str):
        # openpyxl reads a leading "=" as a formula; "s" keeps it a string, the quote prefix keeps it one in Excel.
        cell.data_type = "s"
        if value.startswith(CSV_FORMULA_STARTS):
            cell.quotePrefix = True


def _individual_row(proposal: Proposal, case: Case) -> list:
    person = proposal.staff
    return [
        person.full_name,
        GENDER_CODES.get(person.gender, ""),
        person.date_of_birth,
        person.position,
        person.unit.name,
        case.agency.name,
        "",  # Địa chỉ / Nơi ở: not kept
        "",  # Mã phân loại cán bộ: the province's own classification, left to the sender
    ]


def _collective_row(proposal: Proposal, case: Case) -> list:
    return [case.unit.name, ""]  # Mã phân loại tập thể: left to the sender


def province_workbook(*, case: Case, form: str) -> bytes:
    """The template `form` ("canhan" / "tapthe") filled with the case's upward proposals of its scope."""
    layout = LAYOUTS[form]
    book = load_workbook(TEMPLATES / layout.filename)
    sheet = book[LIST_SHEET]
    catalogue = book[CATALOGUE_SHEET]
    award_codes = _catalogue(catalogue, CATALOGUE_AWARD_COLUMN)
    title_codes = _catalogue(catalogue, CATALOGUE_TITLE_COLUMN)
    proposals = [p for p in upward_proposals(case=case) if (p.staff_id is not None) == (form == "canhan")]
    for number, proposal in enumerate(proposals, start=1):
        row = FIRST_ROW + number - 1
        values = _individual_row(proposal, case) if form == "canhan" else _collective_row(proposal, case)
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def province_filename(*, case: Case, form: str) -> str:
    return f"{LAYOUTS[form].filename[:-5]} {case.unit.code} {case.campaign.year}.xlsx"
