"""Quyết định khen thưởng (NĐ 30/2020 Phụ lục III, Mẫu 1.2) with its Danh sách kèm theo, written from plain data.

Nothing here reads the database: `workflows.documents.selectors.award_decision_read` gathers what the decision
says (names, titles, the rules of the year, the signer), and this module lays it out.
"""

from __future__ import annotations

import copy
import datetime
import io
from dataclasses import dataclass, field

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from . import layout

TYPE_CODE = "QĐ"  # NĐ 30/2020 Phụ lục III, Mục I: the abbreviation of "Quyết định"
LIST_HEADINGS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức khen thưởng"]
LIST_WIDTHS_CM = [1.4, 4.4, 3.0, 4.2, 3.5]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass(frozen=True)
class Awardee:
    name: str
    position: str
    unit: str
    collective: bool = False


@dataclass(frozen=True)
class AwardGroup:
    """Those given one title, in the order of the list."""

    title: str  # "Lao động tiên tiến"
    is_title: bool  # a danh hiệu thi đua (else a hình thức khen thưởng, e.g. Giấy khen)
    awardees: list[Awardee]

    @property
    def heading(self) -> str:
        return f"Danh hiệu “{self.title}”" if self.is_title else self.title

    @property
    def counts(self) -> tuple[int, int]:
        collectives = sum(1 for a in self.awardees if a.collective)
        return len(self.awardees) - collectives, collectives


@dataclass(frozen=True)
class AwardDecision:
    letterhead: layout.Letterhead
    authority: str  # "Trưởng ban Quản lý Khu kinh tế tỉnh": who decides, as the heading names them
    year: int
    grounds: list[str]
    groups: list[AwardGroup]
    article_2: str
    article_3: str
    closing: layout.Closing
    summary: str = ""
    extra_articles: list[str] = field(default_factory=list)

    @property
    def trich_yeu(self) -> str:
        return self.summary or f"Về việc khen thưởng danh hiệu thi đua, hình thức khen thưởng năm {self.year}"

    @property
    def counts(self) -> tuple[int, int]:
        people = sum(g.counts[0] for g in self.groups)
        return people, sum(g.counts[1] for g in self.groups)


def article_1(decision: AwardDecision) -> tuple[str, list[str]]:
    people, collectives = decision.counts
    whom = " và ".join(
        part
        for part in (f"{people} cá nhân" if people else "", f"{collectives} tập thể" if collectives else "")
        if part
    )
    text = (
        f"Tặng danh hiệu thi đua, hình thức khen thưởng cho {whom or '0 cá nhân'} có tên trong Danh sách kèm theo "
        f"Quyết định này, đã có thành tích trong phong trào thi đua năm {decision.year}, gồm:"
    )
    lines = []
    for index, group in enumerate(decision.groups):
        people, collectives = group.counts
        parts = [f"{people} cá nhân" if people else "", f"{collectives} tập thể" if collectives else ""]
        end = "." if index == len(decision.groups) - 1 else ";"
        lines.append(f"- {group.heading}: {', '.join(p for p in parts if p)}{end}")
    return text, lines


def award_decision_docx(decision: AwardDecision) -> bytes:
    document = layout.document_new()
    layout.letterhead(document, decision.letterhead)
    layout.title_block(document, type_name="Quyết định", summary=decision.trich_yeu)
    center = WD_ALIGN_PARAGRAPH.CENTER
    layout.paragraph(
        document, layout.vn_upper(decision.authority), bold=True, align=center, space_before=6, space_after=12
    )
    layout.grounds(document, decision.grounds)
    layout.paragraph(document, "QUYẾT ĐỊNH:", bold=True, align=center, space_before=6, space_after=6)
    text, lines = article_1(decision)
    layout.body(document, text, lead="Điều 1.")
    for line in lines:
        layout.body(document, line)
    articles = [decision.article_2, *decision.extra_articles, decision.article_3]
    for number, article in enumerate(articles, start=2):
        layout.body(document, article, lead=f"Điều {number}.")
    layout.closing(document, decision.closing)
    _annex(document, decision)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _annex(document, decision: AwardDecision) -> None:
    """Danh sách kèm theo: one table, the awardees grouped by title under a heading row, numbered within each."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    head = decision.letterhead
    # A new page by the heading's own property: a page-break paragraph would leave a blank page whenever the
    # decision fills page 1 exactly.
    layout.paragraph(document, "DANH SÁCH", bold=True, align=center).paragraph_format.page_break_before = True
    layout.paragraph(document, "cá nhân, tập thể được khen thưởng", bold=True, align=center)
    day = head.day.strftime("%d/%m/%Y") if isinstance(head.day, datetime.date) else "     /     /        "
    layout.paragraph(
        document,
        f"(Kèm theo Quyết định số {head.number} ngày {day} của {decision.authority})",
        italic=True,
        align=center,
        space_after=12,
    )
    table = document.add_table(rows=3, cols=len(LIST_HEADINGS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout.widths(table, LIST_WIDTHS_CM)
    layout.table_header(table, LIST_HEADINGS)
    # One heading row and one awardee row are laid out with python-docx; every row of the list is a copy of one of
    # them with its words put in (a list of 2,000 names then takes a fraction of the time, bench/decision_docx.py).
    heading_row, awardee_row = table.rows[1], table.rows[2]
    first, *rest = heading_row.cells
    _cell_text(first.merge(rest[-1]), "-", bold=True)
    for index, cell in enumerate(awardee_row.cells):
        _cell_text(cell, "-", align=WD_ALIGN_PARAGRAPH.CENTER if index == 0 else None)
    heading_tr, awardee_tr = heading_row._tr, awardee_row._tr
    tbl = table._tbl
    for index, group in enumerate(decision.groups):
        numeral = ROMAN[index] if index < len(ROMAN) else str(index + 1)
        people, collectives = group.counts
        parts = [f"{people} cá nhân" if people else "", f"{collectives} tập thể" if collectives else ""]
        tbl.append(_row_copy(heading_tr, [f"{numeral}. {group.heading} ({', '.join(p for p in parts if p)})"]))
        for number, awardee in enumerate(group.awardees, start=1):
            words = [str(number), awardee.name, awardee.position, awardee.unit, group.title]
            tbl.append(_row_copy(awardee_tr, words))
    tbl.remove(heading_tr)
    tbl.remove(awardee_tr)


def _cell_text(cell, text: str, *, bold: bool = False, align=None) -> None:
    para = cell.paragraphs[0]
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    run.font.size = Pt(layout.SIZE_TABLE)
    if bold:
        run.font.bold = True


def _row_copy(tr, words: list[str]):
    """A copy of a laid-out row with the text of its cells, in order, replaced by `words`."""
    row = copy.deepcopy(tr)
    for t, text in zip(row.iter(qn("w:t")), words, strict=True):
        t.text = layout.clean(text)
        t.set(qn("xml:space"), "preserve")
    return row
