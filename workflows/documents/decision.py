"""Quyết định khen thưởng (NĐ 30/2020 Phụ lục III, Mẫu 1.2) with its Danh sách kèm theo, written from plain data.

Nothing here reads the database: `workflows.documents.selectors.award_decision_read` gathers what the decision
says (names, titles, the rules of the year, the signer), and this module lays it out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from . import engine, layout

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


def context(decision: AwardDecision) -> dict:
    """What the template says, from the decision's data: every wording that varies is here, already punctuated."""
    head = decision.letterhead
    text, lines = article_1(decision)
    articles = [decision.article_2, *decision.extra_articles, decision.article_3]
    day = head.day.strftime("%d/%m/%Y") if isinstance(head.day, datetime.date) else "     /     /        "
    groups = []
    for index, group in enumerate(decision.groups):
        numeral = ROMAN[index] if index < len(ROMAN) else str(index + 1)
        people, collectives = group.counts
        parts = [f"{people} cá nhân" if people else "", f"{collectives} tập thể" if collectives else ""]
        groups.append(
            {
                "heading": f"{numeral}. {group.heading} ({', '.join(p for p in parts if p)})",
                "title": group.title,
                "awardees": [
                    {"number": number, "name": a.name, "position": a.position, "unit": a.unit}
                    for number, a in enumerate(group.awardees, start=1)
                ],
            }
        )
    return {
        "head": layout.letterhead_context(head),
        "trich_yeu": decision.trich_yeu,
        "authority": layout.vn_upper(decision.authority),
        "year": decision.year,
        "grounds": layout.grounds_lines(decision.grounds),
        "article_1": text,
        "article_1_lines": lines,
        "articles": [{"lead": f"Điều {n}.", "text": a} for n, a in enumerate(articles, start=2)],
        "end": layout.closing_context(decision.closing),
        "annex_line": f"(Kèm theo Quyết định số {head.number} ngày {day} của {decision.authority})",
        "groups": groups,
    }


def build_template():
    """The default template: Mẫu 1.2 with the Danh sách on a page of its own."""
    document = layout.document_new()
    layout.letterhead(document)
    layout.title_block(document, type_name="Quyết định")
    center = WD_ALIGN_PARAGRAPH.CENTER
    layout.paragraph(document, "{{ authority }}", bold=True, align=center, space_before=6, space_after=12)
    layout.grounds(document)
    layout.paragraph(document, "QUYẾT ĐỊNH:", bold=True, align=center, space_before=6, space_after=6)
    layout.body(document, "{{ article_1 }}", lead="Điều 1.")
    layout.body_lines(document, "article_1_lines")
    layout.paragraph(document, "{%p for article in articles %}")
    layout.body(document, "{{ article.text }}", lead="{{ article.lead }}")
    layout.paragraph(document, "{%p endfor %}")
    layout.closing(document)
    _annex(document)
    return document


def _annex(document) -> None:
    """Danh sách kèm theo: one table, the awardees grouped by title under a heading row, numbered within each."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    # A new page by the heading's own property: a page-break paragraph would leave a blank page whenever the
    # decision fills page 1 exactly.
    layout.paragraph(document, "DANH SÁCH", bold=True, align=center).paragraph_format.page_break_before = True
    layout.paragraph(document, "cá nhân, tập thể được khen thưởng", bold=True, align=center)
    layout.paragraph(document, "{{ annex_line }}", italic=True, align=center, space_after=12)
    table = document.add_table(rows=7, cols=len(LIST_HEADINGS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout.widths(table, LIST_WIDTHS_CM)
    layout.table_header(table, LIST_HEADINGS)
    rows = table.rows
    _cell_text(rows[1].cells[0], "{%tr for g in groups %}")
    first, *rest = rows[2].cells
    _cell_text(first.merge(rest[-1]), "{{ g.heading }}", bold=True)
    _cell_text(rows[3].cells[0], "{%tr for a in g.awardees %}")
    words = ["{{ a.number }}", "{{ a.name }}", "{{ a.position }}", "{{ a.unit }}", "{{ g.title }}"]
    for index, (cell, word) in enumerate(zip(rows[4].cells, words, strict=True)):
        _cell_text(cell, word, align=WD_ALIGN_PARAGRAPH.CENTER if index == 0 else None)
    _cell_text(rows[5].cells[0], "{%tr endfor %}")
    _cell_text(rows[6].cells[0], "{%tr endfor %}")


def sample() -> dict:
    """A decision of two titles, for the preview and the upload check."""
    head = layout.Letterhead(
        issuer="Ban Quản lý Khu kinh tế tỉnh",
        number=layout.number_text("", type_code=TYPE_CODE, issuer_code="BQL"),
        place="Quảng Ngãi",
        day=None,
        governing_body="Ủy ban nhân dân tỉnh Quảng Ngãi",
        year=2024,
    )
    return context(
        AwardDecision(
            letterhead=head,
            authority="Trưởng ban Quản lý Khu kinh tế tỉnh",
            year=2024,
            grounds=[
                "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
                "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ",
                "Theo đề nghị của Chánh Văn phòng",
            ],
            groups=[
                AwardGroup(
                    title="Lao động tiên tiến",
                    is_title=True,
                    awardees=[
                        Awardee(name="Nguyễn Văn An", position="Chuyên viên", unit="Phòng Quản lý đầu tư"),
                        Awardee(name="Trần Thị Bình", position="Phó Trưởng phòng", unit="Văn phòng"),
                    ],
                ),
                AwardGroup(
                    title="Giấy khen",
                    is_title=False,
                    awardees=[Awardee(name="Văn phòng", position="", unit="Văn phòng", collective=True)],
                ),
            ],
            article_2="Kèm theo danh hiệu thi đua, hình thức khen thưởng … được hưởng tiền thưởng theo quy định.",
            article_3="Chánh Văn phòng, Thủ trưởng các đơn vị và các cá nhân, tập thể có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này./.",
            closing=layout.Closing(
                recipients=["- Như Điều 3;", "- Lưu: VT, VP."],
                signature=layout.Signature(title="Trưởng ban", name="Lê Văn Cường"),
            ),
        )
    )


KIND = engine.register(
    engine.TemplateKind(
        code="quyet_dinh_khen_thuong",
        name=gettext_noop("Quyết định khen thưởng (kèm danh sách)"),
        build=build_template,
        sample=sample,
        doc_type="quyet_dinh",
    )
)


def award_decision_docx(decision: AwardDecision, *, agency_id: int | None = None) -> bytes:
    return engine.render(KIND.code, context(decision), agency_id=agency_id)


def _cell_text(cell, text: str, *, bold: bool = False, align=None) -> None:
    para = cell.paragraphs[0]
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    run.font.size = Pt(layout.SIZE_TABLE)
    if bold:
        run.font.bold = True
