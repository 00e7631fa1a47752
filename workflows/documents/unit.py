"""A unit's own papers, written from plain data: its Bản đăng ký thi đua, the Biên bản họp bình xét (NĐ 30/2020
Phụ lục III Mẫu 1.9), its Tờ trình đề nghị khen thưởng (Mẫu 1.4) and a Báo cáo thành tích skeleton per nominee
(the headings of Mẫu 08, individual and collective), for the person to complete.

Nothing here reads the database: `workflows.documents.unit_read` gathers what each says. A figure the product
does not hold is written as a dotted blank ("……") for the hand, never guessed.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from docx.enum.text import WD_ALIGN_PARAGRAPH

from . import engine, layout

BLANK = "……"
BLANK_LINE = "…………………………………………………………………………"  # one line of the body, first-line indent included
REGISTRATION_TYPE = "Bản đăng ký thi đua"
MINUTES_TYPE_CODE = "BB"  # NĐ 30/2020 Phụ lục III, Mục I: "Biên bản"
SUBMISSION_TYPE_CODE = "TTr"  # "Tờ trình"

REGISTRATION_HEADINGS = [
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Danh hiệu thi đua, hình thức khen thưởng đăng ký",
    "Sáng kiến dự kiến",
]
REGISTRATION_WIDTHS_CM = [1.2, 4.2, 3.0, 4.2, 3.9]
VOTE_HEADINGS = ["STT", "Họ và tên", "Chức vụ", "Danh hiệu, hình thức đề nghị", "Số phiếu đồng ý/tổng số", "Tỷ lệ (%)"]
VOTE_WIDTHS_CM = [1.2, 4.0, 2.8, 3.9, 2.6, 2.0]
SUBMISSION_HEADINGS = ["STT", "Họ và tên", "Chức vụ", "Danh hiệu, hình thức đề nghị", "Ghi chú"]
SUBMISSION_WIDTHS_CM = [1.2, 4.4, 3.2, 4.4, 3.3]
HISTORY_HEADINGS = ["Năm", "Danh hiệu thi đua", "Số, ngày, tháng, năm của quyết định; cơ quan ban hành"]
AWARD_HEADINGS = ["Năm", "Hình thức khen thưởng", "Số, ngày, tháng, năm của quyết định; cơ quan ban hành"]
HISTORY_WIDTHS_CM = [2.0, 6.0, 8.5]


def or_blank(value) -> str:
    text = layout.clean(value).strip()
    return text or BLANK


def day_text(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else BLANK


def percent_text(votes: int | None, total: int | None) -> str:
    """ "88,9" — one decimal, rounded half up, a comma as Vietnamese writes it; no figure when either is missing."""
    if votes is None or not total:
        return BLANK
    value = (Decimal(votes) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{value:f}".replace(".", ",")
    return text.removesuffix(",0")


def counts_text(people: int, collectives: int) -> str:
    parts = [f"{people} cá nhân" if people else "", f"{collectives} tập thể" if collectives else ""]
    return " và ".join(part for part in parts if part) or "0 cá nhân"


def title_heading(name: str, is_title: bool) -> str:
    return f"danh hiệu “{name}”" if is_title else name


def head_context(head: layout.Letterhead, *, numbered: bool = True) -> dict:
    """The letterhead's words; a paper the decree gives no number (a registration, a báo cáo thành tích) has none."""
    context = layout.letterhead_context(head)
    if not numbered:
        context["number_line"] = ""
    return context


def _heading(document, text: str, *, space_before: int = 6) -> None:
    layout.paragraph(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_before=space_before)


def _center(document, text: str, *, bold: bool = False, italic: bool = False, space_after: int = 0) -> None:
    layout.paragraph(document, text, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=space_after)


def _addressee(document) -> None:
    _center(document, "Kính gửi: {{ addressee }}", space_after=12)


# --- Bản đăng ký thi đua ----------------------------------------------------------------------------------


def build_registration():
    document = layout.document_new()
    layout.letterhead(document)
    layout.title_block(document, type_name=REGISTRATION_TYPE, summary="{{ trich_yeu }}")
    _addressee(document)
    layout.body(document, "{{ opening }}")
    layout.body(document, "{{ collective_line }}", lead="1.")
    layout.body(document, "{{ individual_line }}", lead="2.")
    layout.body_lines(document, "title_lines")
    layout.loop_table(
        document,
        headings=REGISTRATION_HEADINGS,
        widths_cm=REGISTRATION_WIDTHS_CM,
        loop="r in rows",
        cells=["{{ r.number }}", "{{ r.name }}", "{{ r.position }}", "{{ r.title }}", "{{ r.initiative }}"],
    )
    layout.paragraph(document, "", space_after=6)
    layout.body(document, "{{ pledge }}")
    layout.closing(document)
    return document


def registration_context(
    *,
    head: layout.Letterhead,
    year: int,
    unit: str,
    addressee: str,
    campaign: str,
    collective_title: str,
    rows: list[dict],
    closing: layout.Closing,
) -> dict:
    """`rows`: {name, position, title, initiative} per person registered, in the order listed."""
    by_title: dict[str, int] = {}
    for row in rows:
        by_title[row["title"]] = by_title.get(row["title"], 0) + 1
    lines = [
        f"- {title}: {count} cá nhân{'.' if index == len(by_title) - 1 else ';'}"
        for index, (title, count) in enumerate(by_title.items())
    ]
    return {
        "head": head_context(head, numbered=False),
        "trich_yeu": f"Năm {year}",
        "addressee": addressee,
        "opening": (
            f"Thực hiện {campaign.strip() or f'phong trào thi đua năm {year}'}, {unit} đăng ký danh hiệu thi đua, "
            f"hình thức khen thưởng năm {year} như sau:"
        ),
        "collective_line": (
            f"Danh hiệu thi đua của tập thể: đăng ký danh hiệu “{collective_title}”."
            if collective_title
            else "Danh hiệu thi đua của tập thể: không đăng ký."
        ),
        "individual_line": (
            f"Danh hiệu thi đua, hình thức khen thưởng của cá nhân: {len(rows)} cá nhân đăng ký, gồm:"
            if rows
            else "Danh hiệu thi đua, hình thức khen thưởng của cá nhân: không có cá nhân đăng ký."
        ),
        "title_lines": lines,
        "rows": [
            {
                "number": number,
                "name": row["name"],
                "position": row["position"],
                "title": row["title"],
                "initiative": row["initiative"],
            }
            for number, row in enumerate(rows, start=1)
        ],
        "pledge": (
            f"{unit} cam kết tổ chức thực hiện tốt phong trào thi đua, phấn đấu hoàn thành các danh hiệu thi đua, "
            "hình thức khen thưởng đã đăng ký./."
        ),
        "end": layout.closing_context(closing),
    }


def registration_sample() -> dict:
    return registration_context(
        head=_sample_head(numbered=False),
        year=2024,
        unit="Phòng Quản lý Đầu tư",
        addressee="Trưởng ban Quản lý Khu kinh tế tỉnh",
        campaign="Phong trào thi đua năm 2024",
        collective_title="Tập thể lao động tiên tiến",
        rows=[
            {"name": "Nguyễn Văn An", "position": "Chuyên viên", "title": "Lao động tiên tiến", "initiative": ""},
            {
                "name": "Trần Thị Bình",
                "position": "Phó Trưởng phòng",
                "title": "Chiến sĩ thi đua cơ sở",
                "initiative": "Số hóa hồ sơ đầu tư",
            },
        ],
        closing=_sample_closing(),
    )


# --- Biên bản họp bình xét ------------------------------------------------------------------------------------


def build_minutes():
    document = layout.document_new()
    _minutes_letterhead(document)
    layout.title_block(document, type_name="Biên bản", summary="{{ trich_yeu }}")
    layout.paragraph(document, "", space_after=6)
    for lead, name in (
        ("Thời gian:", "time_line"),
        ("Địa điểm:", "place_line"),
        ("Thành phần tham dự:", "attendance_line"),
        ("Chủ trì:", "chair_line"),
        ("Thư ký (người ghi biên bản):", "secretary_line"),
    ):
        layout.body(document, f"{{{{ {name} }}}}", lead=lead)
    _heading(document, "Nội dung cuộc họp:")
    layout.body(document, "{{ content }}")
    layout.body(document, "{{ result_line }}")
    layout.loop_table(
        document,
        headings=VOTE_HEADINGS,
        widths_cm=VOTE_WIDTHS_CM,
        loop="r in rows",
        cells=["{{ r.number }}", "{{ r.name }}", "{{ r.position }}", "{{ r.title }}", "{{ r.votes }}", "{{ r.rate }}"],
    )
    layout.paragraph(document, "", space_after=6)
    layout.paragraph(document, "{%p if blanks_note %}")
    layout.body(document, "{{ blanks_note }}")
    layout.paragraph(document, "{%p endif %}")
    layout.body(document, "{{ ending }}")
    layout.signatures_side_by_side(document)
    layout.paragraph(document, "Nơi nhận:", size=layout.SIZE_RECIPIENTS_HEAD, bold=True, italic=True, space_before=12)
    layout.paragraph(document, "{%p for line in recipients %}")
    layout.paragraph(document, "{{ line }}", size=layout.SIZE_RECIPIENTS)
    layout.paragraph(document, "{%p endfor %}")
    return document


def _minutes_letterhead(document) -> None:
    """Mẫu 1.9: the two header columns with the number, and no place-and-date line (the time is in the body)."""
    layout.letterhead(document)
    right = document.tables[-1].rows[0].cells[1]
    dated = right.paragraphs[-1]
    dated._p.getparent().remove(dated._p)


def minutes_context(
    *,
    head: layout.Letterhead,
    year: int,
    unit: str,
    meeting_date: datetime.date | None,
    place: str,
    chair: str,
    secretary: str,
    present: int | None,
    total: int | None,
    nominees: list[dict],
    recipients: list[str],
) -> dict:
    """`nominees`: {name, position, title, votes} in the order of the dossier; votes None when not entered."""
    when = (
        f"…… giờ ……, ngày {meeting_date.day:02d} tháng {meeting_date.month:02d} năm {meeting_date.year}"
        if meeting_date
        else "…… giờ ……, ngày …… tháng …… năm ……"
    )
    attendance = (
        f"Tổng số người được triệu tập: {or_count(total)} người; có mặt: {or_count(present)} người; "
        f"vắng mặt: {or_count(total - present if present is not None and total is not None else None)} người."
    )
    missing = (
        present is None
        or total is None
        or meeting_date is None
        or not place.strip()
        or not chair.strip()
        or not secretary.strip()
        or any(n["votes"] is None for n in nominees)
    )
    return {
        "head": head_context(head),
        "trich_yeu": f"Họp bình xét thi đua, khen thưởng năm {year}",
        "time_line": when,
        "place_line": or_blank(place) if place.strip() else BLANK_LINE,
        "attendance_line": attendance,
        "chair_line": or_blank(chair) if chair.strip() else BLANK_LINE,
        "secretary_line": or_blank(secretary) if secretary.strip() else BLANK_LINE,
        "content": (
            f"Cuộc họp bình xét danh hiệu thi đua, hình thức khen thưởng năm {year} của {unit}. Sau khi nghe báo cáo "
            "thành tích của các cá nhân, tập thể và thảo luận, cuộc họp đã biểu quyết từng trường hợp được đề nghị."
        ),
        "result_line": (
            f"Kết quả biểu quyết (tỷ lệ tính trên tổng số {or_count(total)} người được triệu tập): "
            f"{counts_text(*_counts(nominees))} được đề nghị, cụ thể như sau:"
        ),
        "rows": [
            {
                "number": number,
                "name": n["name"],
                "position": n["position"],
                "title": n["title"],
                "votes": f"{or_count(n['votes'])}/{or_count(total)}",
                "rate": percent_text(n["votes"], total),
            }
            for number, n in enumerate(nominees, start=1)
        ],
        "blanks_note": (
            "(Những chỗ để trống “……” là số liệu chưa được ghi trên hệ thống, do thư ký điền tay theo diễn biến "
            "cuộc họp.)"
            if missing
            else ""
        ),
        "ending": (
            "Cuộc họp kết thúc vào …… giờ …… cùng ngày; biên bản đã được đọc lại cho những người dự họp nghe và "
            "thống nhất thông qua./."
        ),
        "signs": [
            layout.signature_context(title="Thư ký", note="(Ký, ghi rõ họ tên)", name=signer_name(secretary)),
            layout.signature_context(title="Chủ trì", note="(Ký, ghi rõ họ tên)", name=signer_name(chair)),
        ],
        "recipients": list(recipients),
    }


def signer_name(entered: str) -> str:
    """The name under a signature: what was entered as "Họ tên, chức vụ", less the position."""
    return layout.clean(entered).split(",")[0].strip()


def or_count(value: int | None) -> str:
    return BLANK if value is None else str(value)


def _counts(nominees: list[dict]) -> tuple[int, int]:
    collectives = sum(1 for n in nominees if n.get("collective"))
    return len(nominees) - collectives, collectives


def minutes_sample() -> dict:
    return minutes_context(
        head=_sample_head(type_code=MINUTES_TYPE_CODE),
        year=2024,
        unit="Phòng Quản lý Đầu tư",
        meeting_date=datetime.date(2024, 11, 25),
        place="Phòng họp số 2, Ban Quản lý Khu kinh tế tỉnh",
        chair="Lê Đức Anh, Trưởng phòng",
        secretary="Vũ Thị Thanh Huyền, Chuyên viên",
        present=9,
        total=10,
        nominees=[
            {"name": "Nguyễn Văn An", "position": "Chuyên viên", "title": "Lao động tiên tiến", "votes": 9},
            {
                "name": "Phòng Quản lý Đầu tư",
                "position": "",
                "title": "Tập thể lao động tiên tiến",
                "votes": None,
                "collective": True,
            },
        ],
        recipients=["- Văn phòng Ban (để tổng hợp);", "- Lưu: QLDT."],
    )


# --- Tờ trình đề nghị khen thưởng ---------------------------------------------------------------------------


def build_submission():
    document = layout.document_new()
    layout.letterhead(document)
    layout.title_block(document, type_name="Tờ trình")
    _addressee(document)
    layout.body(document, "{{ basis }}")
    layout.body(document, "{{ request }}")
    layout.body_lines(document, "title_lines")
    layout.body(document, "{{ list_line }}")
    layout.loop_table(
        document,
        headings=SUBMISSION_HEADINGS,
        widths_cm=SUBMISSION_WIDTHS_CM,
        loop="r in rows",
        cells=["{{ r.number }}", "{{ r.name }}", "{{ r.position }}", "{{ r.title }}", "{{ r.note }}"],
    )
    layout.paragraph(document, "", space_after=6)
    layout.body(document, "{{ ending }}")
    layout.closing(document)
    return document


def submission_context(
    *,
    head: layout.Letterhead,
    year: int,
    unit: str,
    addressee: str,
    meeting_date: datetime.date | None,
    nominees: list[dict],
    closing: layout.Closing,
) -> dict:
    """`nominees`: {name, position, title, is_title, note, collective} in the order of the dossier."""
    groups: dict[tuple[str, bool], list[int]] = {}
    for n in nominees:
        key = (n["title"], n["is_title"])
        counts = groups.setdefault(key, [0, 0])
        counts[1 if n.get("collective") else 0] += 1
    lines = [
        f"- {title_heading(title, is_title)[0].upper()}{title_heading(title, is_title)[1:]}: "
        f"{counts_text(*counts)}{'.' if index == len(groups) - 1 else ';'}"
        for index, ((title, is_title), counts) in enumerate(groups.items())
    ]
    meeting = f"ngày {meeting_date.strftime('%d/%m/%Y')}" if meeting_date else "ngày …… /…… /……"
    return {
        "head": head_context(head),
        "trich_yeu": f"Về việc đề nghị khen thưởng danh hiệu thi đua, hình thức khen thưởng năm {year}",
        "addressee": addressee,
        "basis": (f"Căn cứ kết quả họp bình xét thi đua, khen thưởng năm {year} của {unit} {meeting};"),
        "request": (
            f"{unit} kính trình {addressee} xem xét, khen thưởng cho {counts_text(*_counts(nominees))} đã có thành "
            f"tích trong phong trào thi đua năm {year}, gồm:"
        ),
        "title_lines": lines,
        "list_line": "Danh sách cụ thể như sau:",
        "rows": [
            {"number": number, "name": n["name"], "position": n["position"], "title": n["title"], "note": n["note"]}
            for number, n in enumerate(nominees, start=1)
        ],
        "ending": f"{unit} kính trình {addressee} xem xét, quyết định./.",
        "end": layout.closing_context(closing),
    }


def submission_sample() -> dict:
    return submission_context(
        head=_sample_head(type_code=SUBMISSION_TYPE_CODE),
        year=2024,
        unit="Phòng Quản lý Đầu tư",
        addressee="Trưởng ban Quản lý Khu kinh tế tỉnh",
        meeting_date=datetime.date(2024, 11, 25),
        nominees=[
            {
                "name": "Nguyễn Văn An",
                "position": "Chuyên viên",
                "title": "Lao động tiên tiến",
                "is_title": True,
                "note": "Hoàn thành xuất sắc nhiệm vụ",
            },
            {
                "name": "Phòng Quản lý Đầu tư",
                "position": "",
                "title": "Giấy khen",
                "is_title": False,
                "note": "",
                "collective": True,
            },
        ],
        closing=_sample_closing(),
    )


# --- Báo cáo thành tích (cá nhân, tập thể) --------------------------------------------------------------------


def build_achievement_report(*, collective: bool):
    document = layout.document_new()
    layout.letterhead(document)
    center = WD_ALIGN_PARAGRAPH.CENTER
    layout.paragraph(document, "BÁO CÁO THÀNH TÍCH", bold=True, align=center, space_before=18)
    layout.paragraph(document, "{{ proposed_line }}", bold=True, align=center)
    layout.paragraph(document, "{{ year_line }}", bold=True, align=center)
    layout.rule(document, width_cm=layout.SUMMARY_RULE_CM, column_cm=layout.TEXT_WIDTH_CM)
    layout.paragraph(document, "{{ who_line }}", bold=True, align=center, space_before=6, space_after=12)
    _heading(document, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" if collective else "I. SƠ LƯỢC LÝ LỊCH")
    layout.body_lines(document, "profile")
    _heading(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    _heading(document, "1. Chức năng, nhiệm vụ được giao" if collective else "1. Quyền hạn, nhiệm vụ được giao")
    layout.body(document, "{{ duties }}")
    _heading(document, "2. Thành tích đạt được")
    layout.body_lines(document, "achievements")
    _heading(document, "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN")
    _heading(document, "1. Danh hiệu thi đua:")
    layout.loop_table(
        document,
        headings=HISTORY_HEADINGS,
        widths_cm=HISTORY_WIDTHS_CM,
        loop="r in titles_held",
        cells=["{{ r.year }}", "{{ r.title }}", "{{ r.decision }}"],
    )
    _heading(document, "2. Hình thức khen thưởng:")
    layout.loop_table(
        document,
        headings=AWARD_HEADINGS,
        widths_cm=HISTORY_WIDTHS_CM,
        loop="r in awards_held",
        cells=["{{ r.year }}", "{{ r.title }}", "{{ r.decision }}"],
    )
    layout.paragraph(document, "{{ blanks_note }}", italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_before=6)
    layout.signatures_side_by_side(document)
    return document


def achievement_context(
    *,
    head: layout.Letterhead,
    year: int,
    title: str,
    is_title: bool,
    who: str,
    profile: list[tuple[str, str]],
    duties: str,
    achievements: list[str],
    history: list[dict],
    signs: list[dict],
) -> dict:
    """`profile`: (label, value) lines, a value "" written as a blank; `achievements`: lines already entered;
    `history`: {year, title, is_title, decision} of the commendations recorded, oldest first."""

    def held(rows):
        out = [{"year": r["year"], "title": r["title"], "decision": r["decision"]} for r in rows]
        return out or [{"year": "", "title": "", "decision": ""} for _ in range(2)]

    lines = [f"- {label}: {or_blank(value) if str(value).strip() else BLANK}" for label, value in profile]
    return {
        "head": head_context(head, numbered=False),
        "proposed_line": f"ĐỀ NGHỊ TẶNG {layout.vn_upper(title_heading(title, is_title))}",
        "year_line": f"Năm {year}",
        "who_line": who,
        "profile": lines,
        "duties": duties or BLANK_LINE,
        "achievements": [*achievements, BLANK_LINE],
        "titles_held": held([r for r in history if r["is_title"]]),
        "awards_held": held([r for r in history if not r["is_title"]]),
        "blanks_note": (
            "(Bản dự thảo do hệ thống lập từ dữ liệu đã có; những chỗ “……” do người báo cáo bổ sung trước khi ký.)"
        ),
        "signs": signs,
    }


def achievement_individual_sample() -> dict:
    return achievement_context(
        head=_sample_head(numbered=False),
        year=2024,
        title="Lao động tiên tiến",
        is_title=True,
        who="Nguyễn Văn An, Chuyên viên, Phòng Quản lý Đầu tư",
        profile=[
            ("Họ và tên", "Nguyễn Văn An"),
            ("Ngày, tháng, năm sinh", "02/03/1985"),
            ("Giới tính", "Nam"),
            ("Quê quán", ""),
            ("Trình độ chuyên môn, nghiệp vụ", ""),
            ("Chức vụ", "Chuyên viên"),
            ("Đơn vị công tác", "Phòng Quản lý Đầu tư"),
            ("Xếp loại chất lượng năm 2024", "Hoàn thành xuất sắc nhiệm vụ"),
            ("Sáng kiến, đề tài được công nhận", ""),
        ],
        duties="",
        achievements=["Hoàn thành 100% nhiệm vụ thẩm định dự án đúng hạn."],
        history=[
            {"year": 2023, "title": "Lao động tiên tiến", "is_title": True, "decision": "Số 12/QĐ-BQL ngày 05/01/2024"}
        ],
        signs=[
            layout.signature_context(title="Thủ trưởng đơn vị xác nhận", note="(Ký, ghi rõ họ tên)", name="Lê Đức Anh"),
            layout.signature_context(
                title="Người báo cáo thành tích", note="(Ký, ghi rõ họ tên)", name="Nguyễn Văn An"
            ),
        ],
    )


def achievement_collective_sample() -> dict:
    return achievement_context(
        head=_sample_head(numbered=False),
        year=2024,
        title="Tập thể lao động tiên tiến",
        is_title=True,
        who="Phòng Quản lý Đầu tư",
        profile=[
            ("Tên đơn vị", "Phòng Quản lý Đầu tư"),
            ("Thủ trưởng đơn vị", "Lê Đức Anh, Trưởng phòng"),
            ("Tổng số cán bộ, công chức, viên chức, người lao động", "5 người"),
            ("Địa điểm trụ sở, điện thoại", ""),
        ],
        duties="",
        achievements=[],
        history=[],
        signs=[
            layout.signature_context(title="Thủ trưởng đơn vị cấp trên xác nhận", note="(Ký, đóng dấu)", name=""),
            layout.signature_context(title="Thủ trưởng đơn vị", note="(Ký, ghi rõ họ tên)", name="Lê Đức Anh"),
        ],
    )


# --- samples ---------------------------------------------------------------------------------------------------


def _sample_head(*, type_code: str = "", numbered: bool = True) -> layout.Letterhead:
    return layout.Letterhead(
        issuer="Phòng Quản lý Đầu tư",
        number=layout.number_text("", type_code=type_code or SUBMISSION_TYPE_CODE, issuer_code="QLĐT"),
        place="Quảng Ngãi",
        day=None,
        governing_body="Ban Quản lý Khu kinh tế tỉnh",
        year=2024,
    )


def _sample_closing() -> layout.Closing:
    return layout.Closing(
        recipients=["- Như trên;", "- Lưu: QLĐT."],
        signature=layout.Signature(title="Trưởng phòng", name="Lê Đức Anh"),
    )


REGISTRATION = engine.register(
    engine.TemplateKind(
        code="dang_ky_thi_dua_don_vi",
        name="Bản đăng ký thi đua của đơn vị",
        build=build_registration,
        sample=registration_sample,
        doc_type="dang_ky",
    )
)
MINUTES = engine.register(
    engine.TemplateKind(
        code="bien_ban_binh_xet_don_vi",
        name="Biên bản họp bình xét thi đua của đơn vị",
        build=build_minutes,
        sample=minutes_sample,
        doc_type="bien_ban_binh_xet",
    )
)
SUBMISSION = engine.register(
    engine.TemplateKind(
        code="to_trinh_don_vi",
        name="Tờ trình đề nghị khen thưởng của đơn vị",
        build=build_submission,
        sample=submission_sample,
        doc_type="to_trinh",
    )
)
REPORT_INDIVIDUAL = engine.register(
    engine.TemplateKind(
        code="bao_cao_thanh_tich_ca_nhan",
        name="Báo cáo thành tích của cá nhân (dự thảo)",
        build=partial(build_achievement_report, collective=False),
        sample=achievement_individual_sample,
        doc_type="bao_cao_thanh_tich",
    )
)
REPORT_COLLECTIVE = engine.register(
    engine.TemplateKind(
        code="bao_cao_thanh_tich_tap_the",
        name="Báo cáo thành tích của tập thể (dự thảo)",
        build=partial(build_achievement_report, collective=True),
        sample=achievement_collective_sample,
        doc_type="bao_cao_thanh_tich",
    )
)
