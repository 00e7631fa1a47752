"""The layout of an administrative document (NĐ 30/2020/NĐ-CP Phụ lục I), built with python-docx.

A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman throughout; the page number centred in
the top margin from page 2 on. The sizes are the decree's table (brief §9.6): Quốc hiệu 13 pt, Tiêu ngữ and the
place-and-date line 14 pt (the decree pairs them 13 + 14), the bodies' names 13 pt, the body 14 pt, "Nơi nhận:"
12 pt italic bold and its list 11 pt. What python-docx cannot say (a paragraph's rule, a PAGE field, the East
Asian font slot) is written in `_oxml_*` below and nowhere else.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5

# Sizes in points (NĐ 30/2020 Phụ lục I, Mục II–V).
SIZE_NATIONAL = 13  # Quốc hiệu
SIZE_MOTTO = 14  # Tiêu ngữ
SIZE_BODY_NAME = 13  # tên cơ quan chủ quản, cơ quan ban hành
SIZE_NUMBER = 13  # "Số: …"
SIZE_PLACE_DATE = 14
SIZE_TEXT = 14  # tên loại, trích yếu, căn cứ, nội dung, chữ ký
SIZE_RECIPIENTS_HEAD = 12
SIZE_RECIPIENTS = 11
SIZE_TABLE = 12  # the Danh sách kèm theo (the decree sets no size for an annex table)
SIZE_PAGE_NUMBER = 14
FIRST_LINE_INDENT = Cm(1.27)
ISSUER_RULE_CM = 2.4  # about 40 % of an issuer's name in 13 pt bold
SUMMARY_RULE_CM = 3.5  # under the trích yếu
LEFT_COLUMN_CM = 6.0  # the letterhead's left column; the right takes the rest, room for the Quốc hiệu on one line

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# XML 1.0 forbids these characters; a name pasted with one would otherwise stop the document being written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(value) -> str:
    """Text as it may stand in a document: anything, shown as itself, less the characters XML cannot hold."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def vn_upper(text: str) -> str:
    return clean(text).upper()


def date_line(place: str, day: datetime.date | None, *, year: int | None = None) -> str:
    """ "Tây Ninh, ngày 05 tháng 02 năm 2025": days below 10 and months 1–2 take a leading 0 (Phụ lục I, Mục II.4).
    An unnumbered draft has no date yet: the văn thư writes it when the document is issued, so the day and month are
    left blank (and the year, when not given)."""
    place = clean(place).strip() or "…………"
    if day is None:
        return f"{place}, ngày      tháng      năm {year or '      '}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_text(number: str, *, type_code: str, issuer_code: str) -> str:
    """The "05/QĐ-BQL" of a document: a recorded number kept as typed, with a leading 0 below 10; a bare number
    gets the type and the issuer's symbol; no number yet leaves its place blank."""
    number = clean(number).strip().replace(" ", "")
    suffix = f"/{type_code}-{issuer_code}" if issuer_code else f"/{type_code}"
    if not number:
        return f"      {suffix}"
    match = re.match(r"^(\d+)(.*)$", number)
    if match is None:
        return number
    digits, rest = match.groups()
    digits = f"{int(digits):02d}"
    return f"{digits}{rest or suffix}"


def number_line(number: str) -> str:
    return f"Số: {number}"


# --- what python-docx does not say: kept here, in one place ------------------------------------------------


def _oxml_font_all_scripts(rpr_owner, name: str) -> None:
    """python-docx sets the Latin font slots only; Vietnamese text can fall into the East Asian or complex-script
    slot in Word, which would then show another font."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _oxml_bottom_rule(paragraph) -> None:
    """A solid rule under the paragraph, as wide as the paragraph between its indents."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")  # eighths of a point: a 0.75 pt line
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    # w:pBdr comes before w:spacing / w:ind / w:jc in the schema's order.
    anchor = next((child for child in ppr if child.tag in {qn("w:spacing"), qn("w:ind"), qn("w:jc")}), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _oxml_page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice put the page's number in it. Each part in a run of its own, as Word
    writes fields."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, shown, end):
        run = paragraph.add_run()
        run.font.size = Pt(SIZE_PAGE_NUMBER)
        run._r.append(element)


def _oxml_no_table_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # Word refuses a table whose properties are out of the schema's order: w:tblBorders before these.
    later = {qn(f"w:{name}") for name in ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")}
    anchor = next((child for child in tbl_pr if child.tag in later), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        tbl_pr.append(borders)


def _oxml_repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _oxml_keep_row_whole(row) -> None:
    """A row that never breaks across pages (w:cantSplit): a signing block stays with its signer's name."""
    tr_pr = row._tr.get_or_add_trPr()
    whole = OxmlElement("w:cantSplit")
    whole.set(qn("w:val"), "true")
    tr_pr.append(whole)


# --- the document -------------------------------------------------------------------------------------------


def document_new() -> Document:
    """An empty A4 document with the decree's margins, Times New Roman 14 pt, and page numbers from page 2."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE_TEXT)
    _oxml_font_all_scripts(normal.element, FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    # Page numbers: centred in the top margin, none on page 1 (Phụ lục I, Mục II.10).
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _oxml_page_field(number)
    return document


def paragraph(
    container,
    text: str = "",
    *,
    size: int = SIZE_TEXT,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.LEFT,
    first_line_indent=None,
    space_before: int = 0,
    space_after: int = 0,
    style=None,
):
    """One paragraph of one run, in the document's font."""
    para = container.add_paragraph(style=style) if style is not None else container.add_paragraph()
    para.alignment = align
    fmt = para.paragraph_format
    if first_line_indent is not None:
        fmt.first_line_indent = first_line_indent
    if space_before:
        fmt.space_before = Pt(space_before)
    if space_after:
        fmt.space_after = Pt(space_after)
    if text:
        run = para.add_run(clean(text))
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
    return para


def rule(container, *, width_cm: float, column_cm: float):
    """A short solid rule, centred in a column `column_cm` wide (under the issuer's name, the motto, the trích yếu)."""
    para = container.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    side = max((column_cm - width_cm) / 2, 0)
    fmt = para.paragraph_format
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.line_spacing = Pt(5)  # exact: the rule sits a little below the line above it
    run = para.add_run()
    run.font.size = Pt(1)
    _oxml_bottom_rule(para)
    return para


def text_width_cm(text: str, size: int, *, bold: bool = False) -> float:
    """About how wide a line of Times New Roman is: enough to size a rule (an average glyph is half an em)."""
    em_cm = size / 72 * 2.54
    return len(text) * em_cm * (0.5 if bold else 0.46)


def widths(table, widths_cm: list[float]) -> None:
    """Column widths both where Word reads them (each cell) and where LibreOffice does (the table's grid)."""
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _cell_clear(cell):
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


@dataclass(frozen=True)
class Letterhead:
    """The two header columns (Phụ lục I, ô 1–4): who issues, under whom, the number, and where and when."""

    issuer: str  # tên cơ quan ban hành
    number: str  # "05/QĐ-BQL"
    place: str
    day: datetime.date | None
    governing_body: str = ""  # tên cơ quan chủ quản; empty when there is none
    year: int | None = None  # the year written on a draft that has no date yet


def letterhead(document) -> None:
    """The two header columns as a template block, filled from `head` (`letterhead_context`). The Quốc hiệu and the
    Tiêu ngữ are the law's words, written here; what names the agency, its number and its date are data."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _oxml_no_table_borders(table)
    right_cm = TEXT_WIDTH_CM - LEFT_COLUMN_CM
    widths(table, [LEFT_COLUMN_CM, right_cm])
    left, right = (_cell_clear(cell) for cell in table.rows[0].cells)
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(left, "{%p if head.governing_body %}")
    paragraph(left, "{{ head.governing_body }}", size=SIZE_BODY_NAME, align=center)
    paragraph(left, "{%p endif %}")
    paragraph(left, "{{ head.issuer }}", size=SIZE_BODY_NAME, bold=True, align=center)
    # The rule under the issuer: a third to a half of the line above it (an issuer's name of about 30 letters).
    rule(left, width_cm=ISSUER_RULE_CM, column_cm=LEFT_COLUMN_CM)
    paragraph(left, "{{ head.number_line }}", size=SIZE_NUMBER, align=center, space_before=6)
    paragraph(right, NATIONAL_NAME, size=SIZE_NATIONAL, bold=True, align=center)
    paragraph(right, MOTTO, size=SIZE_MOTTO, bold=True, align=center)
    # The rule under the motto: as long as the motto.
    rule(right, width_cm=min(text_width_cm(MOTTO, SIZE_MOTTO, bold=True), right_cm), column_cm=right_cm)
    paragraph(right, "{{ head.date_line }}", size=SIZE_PLACE_DATE, italic=True, align=center, space_before=6)


def letterhead_context(head: Letterhead) -> dict:
    return {
        "governing_body": vn_upper(head.governing_body.strip()),
        "issuer": vn_upper(head.issuer),
        "number_line": number_line(head.number),
        "date_line": date_line(head.place, head.day, year=head.year),
    }


def title_block(document, *, type_name: str, summary: str = "{{ trich_yeu }}") -> None:
    """Tên loại and trích yếu, centred and bold, with the rule under the trích yếu."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(document, vn_upper(type_name), bold=True, align=center, space_before=18)
    paragraph(document, summary, bold=True, align=center)
    rule(document, width_cm=SUMMARY_RULE_CM, column_cm=TEXT_WIDTH_CM)


def grounds(document, name: str = "grounds") -> None:
    """Căn cứ lines as a template block: each its own paragraph, in italics (`grounds_lines` punctuates them)."""
    paragraph(document, f"{{%p for line in {name} %}}")
    paragraph(
        document,
        "{{ line }}",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_indent=FIRST_LINE_INDENT,
        space_after=6,
    )
    paragraph(document, "{%p endfor %}")


def grounds_lines(lines: list[str]) -> list[str]:
    """ ";" after each line, "." after the last."""
    out = []
    for index, line in enumerate(lines):
        line = clean(line).strip().rstrip(";.")
        out.append(f"{line}{'.' if index == len(lines) - 1 else ';'}")
    return out


def body(document, text: str, *, lead: str = ""):
    """A paragraph of the body: justified, first line indented, 6 pt after; `lead` ("Điều 1.") in bold."""
    para = paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=FIRST_LINE_INDENT, space_after=6)
    if lead:
        run = para.add_run(clean(lead) + " ")
        run.font.bold = True
        run.font.size = Pt(SIZE_TEXT)
    run = para.add_run(clean(text))
    run.font.size = Pt(SIZE_TEXT)
    return para


def body_lines(document, name: str) -> None:
    """Body paragraphs from a list in the data, one paragraph each."""
    paragraph(document, f"{{%p for line in {name} %}}")
    body(document, "{{ line }}")
    paragraph(document, "{%p endfor %}")


@dataclass(frozen=True)
class Signature:
    """Quyền hạn, chức vụ và họ tên người ký (Phụ lục I, ô 7a–7c): "KT. TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN", or the
    title alone when the head signs for the agency they lead."""

    title: str  # the signer's own title, e.g. "Trưởng ban"
    name: str
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. TRƯỞNG BAN", "Q. …": the line above the title, if any


@dataclass(frozen=True)
class Closing:
    recipients: list[str] = field(default_factory=list)  # "- Như Điều 3;" … "- Lưu: VT, VP."
    signature: Signature | None = None


def closing(document) -> None:
    """Nơi nhận on the left; the signing block on the right: a template block filled from `end`
    (`closing_context`)."""
    table = document.add_table(rows=1, cols=2)
    _oxml_keep_row_whole(table.rows[0])
    table.autofit = False
    _oxml_no_table_borders(table)
    left_cm = 7.5
    widths(table, [left_cm, TEXT_WIDTH_CM - left_cm])
    left, right = (_cell_clear(cell) for cell in table.rows[0].cells)
    paragraph(left, "Nơi nhận:", size=SIZE_RECIPIENTS_HEAD, bold=True, italic=True, space_before=12)
    paragraph(left, "{%p for line in end.recipients %}")
    paragraph(left, "{{ line }}", size=SIZE_RECIPIENTS)
    paragraph(left, "{%p endfor %}")
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(right, "", size=SIZE_RECIPIENTS_HEAD)
    paragraph(right, "{%p if end.authority %}")
    paragraph(right, "{{ end.authority }}", bold=True, align=center)
    paragraph(right, "{%p endif %}")
    paragraph(right, "{{ end.title }}", bold=True, align=center)
    for _blank in range(4):  # room for the signature and the seal
        paragraph(right, "")
    paragraph(right, "{{ end.name }}", bold=True, align=center)


def closing_context(end: Closing) -> dict:
    signature = end.signature
    return {
        "recipients": list(end.recipients),
        "authority": vn_upper(signature.authority.strip()) if signature else "",
        "title": vn_upper(signature.title.strip()) if signature else "",
        "name": signature.name if signature else "",
    }


def table_header(table, headings: list[str], *, size: int = SIZE_TABLE) -> None:
    row = table.rows[0]
    _oxml_repeat_header(row)
    for cell, heading in zip(row.cells, headings, strict=True):
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(clean(heading))
        run.font.bold = True
        run.font.size = Pt(size)


def signatures_side_by_side(document, name: str = "signs") -> None:
    """Two signing blocks on one line (a biên bản's thư ký and chủ trì; a báo cáo thành tích's confirming head and
    the person reporting), filled from `name`: a list of two {title, note, name} (`signature_context`)."""
    table = document.add_table(rows=1, cols=2)
    _oxml_keep_row_whole(table.rows[0])
    table.autofit = False
    _oxml_no_table_borders(table)
    half = TEXT_WIDTH_CM / 2
    widths(table, [half, half])
    center = WD_ALIGN_PARAGRAPH.CENTER
    for index, cell in enumerate(table.rows[0].cells):
        _cell_clear(cell)
        sign = f"{name}[{index}]"
        paragraph(cell, f"{{{{ {sign}.title }}}}", bold=True, align=center, space_before=12)
        paragraph(cell, f"{{{{ {sign}.note }}}}", italic=True, align=center)
        for _blank in range(4):
            paragraph(cell, "")
        paragraph(cell, f"{{{{ {sign}.name }}}}", bold=True, align=center)


def signature_context(*, title: str, name: str, note: str = "") -> dict:
    return {"title": vn_upper(title.strip()), "note": clean(note), "name": clean(name)}


def loop_table(document, *, headings: list[str], widths_cm: list[float], loop: str, cells: list[str]):
    """A bordered table: a header row repeated on each page, then one row per item of `loop` ("r in rows"), its
    cells the given tags (the first, a number, centred)."""
    table = document.add_table(rows=4, cols=len(headings))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths(table, widths_cm)
    table_header(table, headings)
    rows = table.rows
    cell_text(rows[1].cells[0], f"{{%tr for {loop} %}}")
    for index, (cell, word) in enumerate(zip(rows[2].cells, cells, strict=True)):
        cell_text(cell, word, align=WD_ALIGN_PARAGRAPH.CENTER if index == 0 else None)
    cell_text(rows[3].cells[0], "{%tr endfor %}")
    return table


def cell_text(cell, text: str, *, bold: bool = False, align=None, size: int = SIZE_TABLE) -> None:
    para = cell.paragraphs[0]
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
