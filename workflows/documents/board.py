"""The Board's documents to the level above (NĐ 30/2020 Phụ lục III), written from plain data:

- Tờ trình đề nghị khen thưởng (Mẫu 1.4) with the list of the proposals sent upward;
- the consolidated registration of the year (a letter "V/v đăng ký thi đua năm …", Mẫu 1.5's header) with the table
  of units × titles and its totals;
- the mid-year and year-end reports (Mẫu 1.4, "BÁO CÁO"): who submitted and when, the figures per title against the
  programme's targets, and the sections the office writes itself ("……").

Nothing here reads the database: `workflows.documents.board_read` gathers the data, this module lays it out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu, Pt

from . import engine, layout

TO_TRINH_TYPE = "TTr"  # NĐ 30/2020 Phụ lục III, Mục I: Tờ trình
REPORT_TYPE = "BC"  # Báo cáo
BLANK = "……………………………………………………………………………………………………………"
BLANK_SHORT = "…………………………"

PROPOSAL_HEADINGS = ["STT", "Họ và tên / Tập thể", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức đề nghị"]
PROPOSAL_WIDTHS_CM = [1.2, 4.2, 3.0, 4.1, 4.0]
SUBMISSION_HEADINGS = ["STT", "Đơn vị", "Hạn gửi", "Ngày gửi", "Tình trạng"]
SUBMISSION_WIDTHS_CM = [1.2, 6.3, 2.6, 2.6, 3.8]
FIGURE_HEADINGS = ["STT", "Danh hiệu, hình thức", "Chỉ tiêu", "Đăng ký", "Đề nghị", "Hội đồng thông qua", "Khen thưởng"]
FIGURE_WIDTHS_CM = [1.2, 4.2, 3.7, 1.8, 1.8, 2.0, 1.8]
# The title columns repeat ({%tc %}): each as wide as "title"; fit_table_grids sets the grid from the cells after.
REGISTRATION_WIDTHS_CM = {"number": 1.2, "unit": 3.6, "tag": 1.3, "title": 1.3, "collective": 2.6}


# --- data ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nominee:
    name: str
    position: str
    unit: str
    title: str


@dataclass(frozen=True)
class UpwardProposal:
    """Tờ trình đề nghị khen thưởng to the level above, with its list."""

    letterhead: layout.Letterhead
    year: int
    addressees: list[str]  # who the tờ trình goes to, each a name ("Ban Thi đua – Khen thưởng tỉnh")
    grounds: list[str]
    issuer: str  # the agency's name as the body names it
    nominees: list[Nominee]
    closing: layout.Closing
    people: int = 0
    collectives: int = 0
    per_title: list[tuple[str, int, int]] = field(default_factory=list)  # title, people, collectives


@dataclass(frozen=True)
class RegistrationRow:
    unit: str
    counts: list[int]  # per title, in the order of RegistrationLetter.titles
    collective: str  # the collective title the unit registers for ("" when none)


@dataclass(frozen=True)
class RegistrationLetter:
    """Bản tổng hợp đăng ký thi đua of the agency, sent to the level above by 10/01."""

    letterhead: layout.Letterhead
    year: int
    addressees: list[str]
    basis: str  # the programme's "Thực hiện …" sentence, as the campaign holds it
    issuer: str
    titles: list[str]  # the individual titles' short names, the table's columns
    rows: list[RegistrationRow]
    totals: list[int]
    collective_totals: list[tuple[str, int]]  # collective title's short name, units registering it
    targets: list[str]  # the programme's targets as worded
    closing: layout.Closing


@dataclass(frozen=True)
class Submission:
    unit: str
    due: str  # dd/mm/yyyy
    sent: str  # dd/mm/yyyy, "" when not yet
    days_late: int | None  # None: not sent; 0: on time; n: n days late


@dataclass(frozen=True)
class TitleFigures:
    title: str
    target: str  # the programme's target for this title, worded ("≥ 10 %"), "" when none
    registered: int
    proposed: int
    passed: int
    awarded: int


@dataclass(frozen=True)
class StageReport:
    """Báo cáo sơ kết 6 tháng / tổng kết năm: the figures the product holds, sections for the office to write."""

    letterhead: layout.Letterhead
    year: int
    midyear: bool
    addressees: list[str]
    issuer: str
    due: str  # the units' deadline, dd/mm/yyyy ("" when the programme has none)
    submissions: list[Submission]
    figures: list[TitleFigures]
    indicators: list[str]  # the programme's key indicators (chỉ tiêu chủ yếu), worded
    closing: layout.Closing


# --- wording -------------------------------------------------------------------------------------------------


def addressee_lines(names: list[str]) -> list[str]:
    """ "Kính gửi: X." for one; "Kính gửi:" then "- X;" … "- Y." for several."""
    names = [layout.clean(n).strip().rstrip(";.") for n in names if layout.clean(n).strip()]
    if not names:
        return ["Kính gửi: ……………………"]
    if len(names) == 1:
        return [f"Kính gửi: {names[0]}."]
    return ["Kính gửi:", *(f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names))]


def _joined(names: list[str]) -> str:
    names = [layout.clean(n).strip().rstrip(";.") for n in names if layout.clean(n).strip()]
    if len(names) <= 1:
        return names[0] if names else "cấp có thẩm quyền"
    return ", ".join(names[:-1]) + " và " + names[-1]


def _count(people: int, collectives: int) -> str:
    parts = [f"{people:02d} cá nhân" if people else "", f"{collectives:02d} tập thể" if collectives else ""]
    return " và ".join(p for p in parts if p) or "0 cá nhân"


def _head(head: layout.Letterhead) -> dict:
    return layout.letterhead_context(head)


def upward_context(doc: UpwardProposal) -> dict:
    to = _joined(doc.addressees)
    lines = []
    for index, (title, people, collectives) in enumerate(doc.per_title):
        end = "." if index == len(doc.per_title) - 1 else ";"
        lines.append(f"- {title}: {_count(people, collectives)}{end}")
    return {
        "head": _head(doc.letterhead),
        "trich_yeu": f"Về việc đề nghị khen thưởng cho cá nhân, tập thể có thành tích năm {doc.year}",
        "addressees": addressee_lines(doc.addressees),
        "grounds": layout.grounds_lines(doc.grounds),
        "intro": (
            f"{doc.issuer} kính trình {to} xem xét, khen thưởng cho {_count(doc.people, doc.collectives)} đã có "
            f"thành tích xuất sắc trong phong trào thi đua năm {doc.year}, cụ thể:"
        ),
        "title_lines": lines,
        "list_heading": "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐỀ NGHỊ KHEN THƯỞNG",
        "nominees": [
            {"number": n, "name": x.name, "position": x.position, "unit": x.unit, "title": x.title}
            for n, x in enumerate(doc.nominees, start=1)
        ],
        "ending": (f"(Có hồ sơ đề nghị khen thưởng kèm theo). {doc.issuer} kính trình {to} xem xét, quyết định./."),
        "end": layout.closing_context(doc.closing),
    }


def registration_context(doc: RegistrationLetter) -> dict:
    to = _joined(doc.addressees)
    registered = sum(doc.totals)
    collectives = "; ".join(f"{name}: {count:02d} đơn vị" for name, count in doc.collective_totals)
    body = [
        f"{doc.issuer} tổng hợp đăng ký thi đua năm {doc.year} của {len(doc.rows):02d} phòng, đơn vị trực thuộc: "
        f"{registered:02d} lượt cá nhân đăng ký danh hiệu thi đua, hình thức khen thưởng"
        + (f"; tập thể đăng ký: {collectives}." if collectives else "."),
    ]
    return {
        "head": _head(doc.letterhead),
        "trich_yeu": f"V/v đăng ký thi đua năm {doc.year}",
        "addressees": addressee_lines(doc.addressees),
        "basis": layout.clean(doc.basis).strip() or BLANK,
        "body": body,
        "titles": list(doc.titles),
        "rows": [
            {"number": n, "unit": r.unit, "counts": list(r.counts), "collective": r.collective or "—"}
            for n, r in enumerate(doc.rows, start=1)
        ],
        "totals": list(doc.totals),
        "collective_total": collectives or "—",
        "targets": [f"- {t}" for t in doc.targets],
        "ending": f"{doc.issuer} kính gửi {to} tổng hợp, theo dõi./.",
        "end": layout.closing_context(doc.closing),
    }


def _status(s: Submission) -> str:
    if s.days_late is None:
        return "Chưa gửi"
    if s.days_late <= 0:
        return "Đúng hạn"
    return f"Trễ {s.days_late} ngày"


def report_context(doc: StageReport) -> dict:
    on_time = sum(1 for s in doc.submissions if s.days_late is not None and s.days_late <= 0)
    late = [s for s in doc.submissions if s.days_late is not None and s.days_late > 0]
    missing = [s for s in doc.submissions if s.days_late is None]
    what = "báo cáo sơ kết 6 tháng" if doc.midyear else "báo cáo tổng kết, hồ sơ đề nghị khen thưởng"
    deadline = f" (hạn {doc.due})" if doc.due else ""
    summary = (
        f"Có {on_time:02d}/{len(doc.submissions):02d} phòng, đơn vị gửi {what} đúng hạn{deadline}; "
        f"{len(late):02d} đơn vị gửi trễ"
        + (f" ({', '.join(f'{s.unit}: {s.days_late} ngày' for s in late)})" if late else "")
        + f"; {len(missing):02d} đơn vị chưa gửi"
        + (f" ({', '.join(s.unit for s in missing)})." if missing else ".")
    )
    period = "6 tháng đầu năm" if doc.midyear else "năm"
    return {
        "head": _head(doc.letterhead),
        "trich_yeu": (
            f"Sơ kết phong trào thi đua 6 tháng đầu năm {doc.year}"
            if doc.midyear
            else f"Tổng kết phong trào thi đua, công tác khen thưởng năm {doc.year}"
        ),
        "addressees": addressee_lines(doc.addressees),
        "intro": f"{doc.issuer} báo cáo kết quả phong trào thi đua {period} {doc.year} như sau:",
        "blank": BLANK,
        "submission_summary": summary,
        "submissions": [
            {"number": n, "unit": s.unit, "due": s.due, "sent": s.sent or "—", "status": _status(s)}
            for n, s in enumerate(doc.submissions, start=1)
        ],
        "figures": [
            {
                "number": n,
                "title": f.title,
                "target": f.target or "—",
                "registered": f.registered,
                "proposed": f.proposed,
                "passed": f.passed,
                "awarded": f.awarded,
            }
            for n, f in enumerate(doc.figures, start=1)
        ],
        "indicators": [f"- {t}: {BLANK_SHORT}" for t in doc.indicators],
        "next_heading": (
            f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM {doc.year}"
            if doc.midyear
            else f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {doc.year + 1}"
        ),
        "end": layout.closing_context(doc.closing),
    }


def fit_table_grids(content: bytes) -> bytes:
    """Once `{%tc %}` has repeated a column, the table's grid (what LibreOffice lays a table out by) no longer
    matches its cells (what Word lays it out by): set the grid again from the first row's cell widths, scaled down
    to the text width when wider, and every cell to its columns' width."""
    document = Document(io.BytesIO(content))
    limit = Cm(layout.TEXT_WIDTH_CM)
    for table in document.tables:
        tbl = table._tbl
        first = tbl.tr_lst[0].tc_lst
        if any(tc.width is None or tc.grid_span != 1 for tc in first):
            continue
        widths = [tc.width for tc in first]
        total = sum(widths)
        if total > limit:
            widths = [int(w * limit / total) for w in widths]
        grid = tbl.tblGrid
        for col in list(grid.gridCol_lst):
            grid.remove(col)
        for width in widths:
            grid.add_gridCol().w = Emu(width)
        for tr in tbl.tr_lst:
            column = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                tc.width = Emu(sum(widths[column : column + span]))
                column += span
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- layout --------------------------------------------------------------------------------------------------


def _cell(cell, text: str, *, bold: bool = False, align=None) -> None:
    para = cell.paragraphs[0]
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    run.font.size = Pt(layout.SIZE_TABLE)
    if bold:
        run.font.bold = True


def _list_table(document, headings: list[str], widths_cm: list[float], loop: str, words: list[str]) -> None:
    """A table of one header row and one row per item of `loop` ("x in xs"): `words` are its cells' tags."""
    table = document.add_table(rows=4, cols=len(headings))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout.widths(table, widths_cm)
    layout.table_header(table, headings)
    rows = table.rows
    _cell(rows[1].cells[0], f"{{%tr for {loop} %}}")
    for index, (cell, word) in enumerate(zip(rows[2].cells, words, strict=True)):
        _cell(cell, word, align=WD_ALIGN_PARAGRAPH.CENTER if index == 0 or word.endswith("number }}") else None)
    _cell(rows[3].cells[0], "{%tr endfor %}")


def _addressees(document) -> None:
    layout.paragraph(document, "{%p for line in addressees %}")
    layout.paragraph(document, "{{ line }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
    layout.paragraph(document, "{%p endfor %}")


def _heading(document, text: str) -> None:
    layout.paragraph(
        document, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=layout.FIRST_LINE_INDENT
    )


def _spaced(document) -> None:
    layout.paragraph(document, "", space_after=6)


def build_upward():
    """Mẫu 1.4: Tờ trình, Kính gửi, căn cứ, the proposal and its list, signed by the agency's head."""
    document = layout.document_new()
    layout.letterhead(document)
    layout.title_block(document, type_name="Tờ trình")
    _addressees(document)
    _spaced(document)
    layout.grounds(document)
    layout.body(document, "{{ intro }}")
    layout.body_lines(document, "title_lines")
    layout.paragraph(document, "{{ list_heading }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _list_table(
        document,
        PROPOSAL_HEADINGS,
        PROPOSAL_WIDTHS_CM,
        "x in nominees",
        ["{{ x.number }}", "{{ x.name }}", "{{ x.position }}", "{{ x.unit }}", "{{ x.title }}"],
    )
    _spaced(document)
    layout.body(document, "{{ ending }}")
    layout.closing(document)
    return document


def build_registration():
    """A letter (công văn: Mẫu 1.5's header, the "V/v" under the number) with the units × titles table."""
    document = layout.document_new()
    layout.letterhead(document)
    left = document.tables[-1].rows[0].cells[0]
    layout.paragraph(left, "{{ trich_yeu }}", size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    layout.paragraph(document, "", space_after=6)
    _addressees(document)
    _spaced(document)
    layout.body(document, "{{ basis }}")
    layout.body_lines(document, "body")
    _registration_table(document)
    _spaced(document)
    layout.body(document, "Chỉ tiêu thi đua đăng ký:")
    layout.body_lines(document, "targets")
    layout.body(document, "{{ ending }}")
    layout.closing(document)
    return document


def _registration_table(document) -> None:
    """Units down, the individual titles across (a column each, `{%tc %}`), the collective title last; the totals
    row under them."""
    w = REGISTRATION_WIDTHS_CM
    table = document.add_table(rows=5, cols=6)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout.widths(table, [w["number"], w["unit"], w["tag"], w["title"], w["tag"], w["collective"]])
    center = WD_ALIGN_PARAGRAPH.CENTER
    header = table.rows[0]
    layout.table_header(table, ["STT", "Đơn vị", "", "", "", "Danh hiệu tập thể đăng ký"])
    for cell, word in zip(header.cells[2:5], ["{%tc for t in titles %}", "{{ t }}", "{%tc endfor %}"], strict=True):
        _cell(cell, word, bold=True, align=center)
    rows = table.rows
    _cell(rows[1].cells[0], "{%tr for r in rows %}")
    words = ["{{ r.number }}", "{{ r.unit }}", "{%tc for c in r.counts %}", "{{ c }}", "{%tc endfor %}"]
    for index, (cell, word) in enumerate(zip(rows[2].cells[:5], words, strict=True)):
        _cell(cell, word, align=center if index != 1 else None)
    _cell(rows[2].cells[5], "{{ r.collective }}")
    _cell(rows[3].cells[0], "{%tr endfor %}")
    total = rows[4].cells
    merged = total[0].merge(total[1])
    _cell(merged, "Tổng cộng", bold=True, align=center)
    for cell, word in zip(total[2:5], ["{%tc for c in totals %}", "{{ c }}", "{%tc endfor %}"], strict=True):
        _cell(cell, word, bold=True, align=center)
    _cell(total[5], "{{ collective_total }}", bold=True)


def build_report():
    """Mẫu 1.4 "BÁO CÁO": the figures the product holds, the rest left for the office to write."""
    document = layout.document_new()
    layout.letterhead(document)
    layout.title_block(document, type_name="Báo cáo")
    _addressees(document)
    _spaced(document)
    layout.body(document, "{{ intro }}")
    _heading(document, "I. TÌNH HÌNH TRIỂN KHAI PHONG TRÀO THI ĐUA")
    layout.body(document, "{{ blank }}")
    _heading(document, "II. KẾT QUẢ THỰC HIỆN")
    _heading(document, "1. Các phòng, đơn vị gửi báo cáo")
    layout.body(document, "{{ submission_summary }}")
    _list_table(
        document,
        SUBMISSION_HEADINGS,
        SUBMISSION_WIDTHS_CM,
        "s in submissions",
        ["{{ s.number }}", "{{ s.unit }}", "{{ s.due }}", "{{ s.sent }}", "{{ s.status }}"],
    )
    _spaced(document)
    _heading(document, "2. Kết quả đăng ký, đề nghị và khen thưởng so với chỉ tiêu thi đua")
    _list_table(
        document,
        FIGURE_HEADINGS,
        FIGURE_WIDTHS_CM,
        "f in figures",
        [
            "{{ f.number }}",
            "{{ f.title }}",
            "{{ f.target }}",
            "{{ f.registered }}",
            "{{ f.proposed }}",
            "{{ f.passed }}",
            "{{ f.awarded }}",
        ],
    )
    _spaced(document)
    _heading(document, "3. Các chỉ tiêu chủ yếu")
    layout.body_lines(document, "indicators")
    layout.body(document, "{{ blank }}")
    _heading(document, "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    layout.body(document, "{{ blank }}")
    _heading(document, "{{ next_heading }}")
    layout.body(document, "{{ blank }}")
    _heading(document, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    layout.body(document, "{{ blank }}")
    layout.closing(document)
    return document


# --- samples -------------------------------------------------------------------------------------------------


def _sample_head(type_code: str) -> layout.Letterhead:
    return layout.Letterhead(
        issuer="Ban Quản lý Khu kinh tế tỉnh",
        number=layout.number_text("", type_code=type_code, issuer_code="BQL"),
        place="Quảng Ngãi",
        day=None,
        governing_body="Ủy ban nhân dân tỉnh Quảng Ngãi",
        year=2024,
    )


def _sample_closing() -> layout.Closing:
    return layout.Closing(
        recipients=["- Như trên;", "- Lưu: VT, VP."],
        signature=layout.Signature(title="Trưởng ban", name="Lê Văn Cường"),
    )


def sample_upward() -> dict:
    return upward_context(
        UpwardProposal(
            letterhead=_sample_head(TO_TRINH_TYPE),
            year=2024,
            addressees=["Ban Thi đua – Khen thưởng tỉnh"],
            grounds=[
                "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
                "Căn cứ kết quả họp Hội đồng Thi đua – Khen thưởng Ban Quản lý Khu kinh tế tỉnh",
            ],
            issuer="Ban Quản lý Khu kinh tế tỉnh",
            nominees=[
                Nominee("Nguyễn Văn An", "Chuyên viên", "Phòng Quản lý đầu tư", "Bằng khen của Chủ tịch UBND tỉnh"),
                Nominee("Phòng Quản lý đầu tư", "", "Phòng Quản lý đầu tư", "Tập thể lao động xuất sắc"),
            ],
            closing=_sample_closing(),
            people=1,
            collectives=1,
            per_title=[("Bằng khen của Chủ tịch UBND tỉnh", 1, 0), ("Tập thể lao động xuất sắc", 0, 1)],
        )
    )


def sample_registration() -> dict:
    return registration_context(
        RegistrationLetter(
            letterhead=layout.Letterhead(
                issuer="Ban Quản lý Khu kinh tế tỉnh",
                number=layout.number_text("", type_code="BQL", issuer_code="VP"),
                place="Quảng Ngãi",
                day=None,
                governing_body="Ủy ban nhân dân tỉnh Quảng Ngãi",
                year=2024,
            ),
            year=2024,
            addressees=["Hội đồng Thi đua – Khen thưởng tỉnh"],
            basis="Thực hiện Chương trình thi đua năm 2024 của Ủy ban nhân dân tỉnh.",
            issuer="Ban Quản lý Khu kinh tế tỉnh",
            titles=["LĐTT", "CSTĐCS"],
            rows=[
                RegistrationRow("Văn phòng", [5, 1], "TTLĐXS"),
                RegistrationRow("Phòng Quản lý đầu tư", [4, 1], "TTLĐTT"),
            ],
            totals=[9, 2],
            collective_totals=[("TTLĐTT", 1), ("TTLĐXS", 1)],
            targets=["100% cá nhân đạt danh hiệu Lao động tiên tiến"],
            closing=_sample_closing(),
        )
    )


def _sample_report(midyear: bool) -> dict:
    return report_context(
        StageReport(
            letterhead=_sample_head(REPORT_TYPE),
            year=2024,
            midyear=midyear,
            addressees=["Sở Nội vụ (Ban Thi đua – Khen thưởng)"],
            issuer="Ban Quản lý Khu kinh tế tỉnh",
            due="28/06/2024",
            submissions=[
                Submission("Văn phòng", "28/06/2024", "27/06/2024", 0),
                Submission("Phòng Quản lý đầu tư", "28/06/2024", "01/07/2024", 3),
                Submission("Trung tâm Dịch vụ", "28/06/2024", "", None),
            ],
            figures=[TitleFigures("Lao động tiên tiến", "100 %", 40, 38, 38, 38)],
            indicators=["Thực hành tiết kiệm, chống lãng phí"],
            closing=_sample_closing(),
        )
    )


def sample_midyear() -> dict:
    return _sample_report(True)


def sample_yearend() -> dict:
    return _sample_report(False)


UPWARD = engine.register(
    engine.TemplateKind(
        code="to_trinh_cap_tren",
        name="Tờ trình đề nghị khen thưởng gửi cấp trên (kèm danh sách)",
        build=build_upward,
        sample=sample_upward,
        doc_type="to_trinh",
    )
)
REGISTRATION = engine.register(
    engine.TemplateKind(
        code="dang_ky_thi_dua_tong_hop",
        name="Tổng hợp đăng ký thi đua gửi cấp trên",
        build=build_registration,
        sample=sample_registration,
        doc_type="dang_ky",
    )
)
MIDYEAR = engine.register(
    engine.TemplateKind(
        code="bao_cao_so_ket",
        name="Báo cáo sơ kết phong trào thi đua 6 tháng",
        build=build_report,
        sample=sample_midyear,
        doc_type="bao_cao",
    )
)
YEAREND = engine.register(
    engine.TemplateKind(
        code="bao_cao_tong_ket",
        name="Báo cáo tổng kết phong trào thi đua năm",
        build=build_report,
        sample=sample_yearend,
        doc_type="bao_cao",
    )
)
