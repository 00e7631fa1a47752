"""The council's documents from a closed session (NĐ 30/2020 Phụ lục III, Mẫu 1.9 Biên bản): the Biên bản họp Hội
đồng Thi đua – Khen thưởng and the Biên bản kiểm phiếu.

The letterhead names the council as the issuer under its agency (the agency stands as cơ quan chủ quản). Every
figure is the one the minutes page shows: the tallies and attendance of `workflows.council.selectors`, counted from
the stored ballots; nothing is counted again here. A vote is written as its totals only: who voted how is in neither
document, whatever the ballot (a secret ballot must stay so; NĐ 98/2023 Đ30 k7, NĐ 152/2025 Đ33 k5 ask only for the
result and the share of approvals in the minutes).

`council_record_read` reads the session; `minutes_context` and `count_context` word it; `build_*` lay it out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from . import engine, layout

TYPE_CODE = "BB"  # NĐ 30/2020 Phụ lục III, Mục I: the abbreviation of "Biên bản"
COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng"  # the body the law names (Luật TĐKT 2022 Đ89)
COUNCIL_CODE = "HĐTĐKT"  # the council's symbol in its documents' numbers: "05/BB-HĐTĐKT"
SEATS = {
    "chair": "Chủ tịch Hội đồng",
    "vice_chair": "Phó Chủ tịch Hội đồng",
    "secretary": "Ủy viên thường trực, Thư ký Hội đồng",
    "member": "Ủy viên",
}
COUNT_HEADINGS = [
    "STT",
    "Cá nhân, tập thể được đề nghị",
    "Danh hiệu, hình thức khen thưởng",
    "Phiếu hợp lệ",
    "Đồng ý",
    "Không đồng ý",
    "Tỷ lệ đồng ý (% tổng số thành viên)",
    "Tỷ lệ yêu cầu, căn cứ",
    "Kết quả",
]
COUNT_WIDTHS_CM = [1.2, 3.0, 2.4, 1.5, 1.4, 1.7, 1.7, 1.9, 1.7]
COUNT_SIZE = 11  # nine columns on the line: a size smaller than the decision's list (the decree sets none for a table)


# --- the data ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    name: str
    position: str  # the person's own post, e.g. "Trưởng phòng"
    seat: str  # the council's code: chair, vice_chair, secretary, member
    written: bool = False  # absent, with a written vote counted

    @property
    def line(self) -> str:
        parts = [self.name, self.position, SEATS.get(self.seat, "")]
        return ", ".join(layout.clean(p).strip() for p in parts if layout.clean(p).strip())


@dataclass(frozen=True)
class Nominee:
    name: str
    unit: str
    collective: bool
    title: str
    is_title: bool  # a danh hiệu thi đua (else a hình thức khen thưởng)
    approvals: int
    rejections: int
    not_voted: int
    members: int
    share: Decimal  # approvals, % of all members (the tally's)
    threshold: Decimal
    strictly_above: bool
    citation: str
    passed: bool
    secret: bool

    @property
    def who(self) -> str:
        return f"Tập thể {self.name}" if self.collective else f"{self.name} ({self.unit})"

    @property
    def award(self) -> str:
        return f"danh hiệu “{self.title}”" if self.is_title else f"“{self.title}”"

    @property
    def bar(self) -> str:
        return f"{'>' if self.strictly_above else '≥'} {number(self.threshold)} %"

    @property
    def valid(self) -> int:
        return self.approvals + self.rejections


@dataclass(frozen=True)
class CouncilRecord:
    letterhead: layout.Letterhead
    agency: str
    year: int
    held_at: datetime.datetime
    opened_at: datetime.datetime
    closed_at: datetime.datetime
    place: str
    members: int
    quorum: tuple[int, int]
    chair: Member | None
    secretary: Member | None
    present: list[Member]
    absent: list[Member]
    nominees: list[Nominee]
    units: int
    conclusion: str = ""
    recipients: list[str] = field(default_factory=list)

    @property
    def written(self) -> list[Member]:
        return [m for m in self.absent if m.written]

    @property
    def received(self) -> int:
        return len(self.present) + len(self.written)


# --- wording -----------------------------------------------------------------------------------------------------


def number(value) -> str:
    """ "77,8", "80", "66,67": a Vietnamese decimal comma, no trailing zeros."""
    value = Decimal(value)
    text = f"{value.normalize():f}" if value != value.to_integral_value() else str(int(value))
    return text.replace(".", ",")


def moment(value: datetime.datetime) -> str:
    """ "08 giờ 30 phút, ngày 05/12/2024", in the agency's time zone (Asia/Ho_Chi_Minh)."""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _names(members: list[Member]) -> str:
    return ", ".join(layout.clean(m.name) for m in members)


def _lines(members: list[Member], *, suffix=lambda m: "") -> list[str]:
    out = []
    for index, member in enumerate(members):
        end = "." if index == len(members) - 1 else ";"
        out.append(f"- {member.line}{suffix(member)}{end}")
    return out


def _signers(record: CouncilRecord) -> dict:
    return {
        "secretary": record.secretary.name if record.secretary else "",
        "chair": record.chair.name if record.chair else "",
    }


def _head(record: CouncilRecord) -> dict:
    return layout.letterhead_context(record.letterhead)


def _result_word(nominee: Nominee) -> str:
    return "Thông qua" if nominee.passed else "Không thông qua"


def minutes_context(record: CouncilRecord) -> dict:
    """Biên bản họp: time, place, who attended and who did not, each nominee's vote against its bar, the end."""
    present, members = len(record.present), record.members
    numerator, denominator = record.quorum
    items = []
    for index, nominee in enumerate(record.nominees, start=1):
        secret = "; bỏ phiếu kín" if nominee.secret else ""
        items.append(
            {
                "number": f"{index}.",
                "text": (
                    f"{nominee.who}, đề nghị {nominee.award}: {nominee.approvals}/{nominee.members} thành viên đồng ý "
                    f"({number(nominee.share)} % tổng số thành viên), {nominee.rejections} không đồng ý, "
                    f"{nominee.not_voted} không bỏ phiếu; tỷ lệ yêu cầu {nominee.bar} tổng số thành viên "
                    f"({nominee.citation}){secret}. Kết quả: {_result_word(nominee).lower()}."
                ),
            }
        )
    passed = sum(1 for n in record.nominees if n.passed)
    total = len(record.nominees)
    result = f"Hội đồng thông qua {passed}/{total} đề nghị"
    result += f"; {total - passed} đề nghị không đạt tỷ lệ phiếu đồng ý theo quy định." if passed < total else "."
    absent_line = ""
    if record.absent:
        absent_line = f"Vắng mặt: {len(record.absent)}/{members} thành viên, gồm:"
    conclusion = [line.strip() for line in layout.clean(record.conclusion).splitlines() if line.strip()]
    written = record.written
    return {
        "head": _head(record),
        "trich_yeu": (f"Họp {COUNCIL_NAME} {record.agency} xét đề nghị khen thưởng năm {record.year}"),
        "year": record.year,
        "started": moment(record.held_at),
        "place": record.place,
        "attendance_line": f"{present}/{members} thành viên Hội đồng có mặt, gồm:",
        "present": _lines(record.present),
        "absent_line": absent_line,
        "absent": _lines(
            record.absent,
            suffix=lambda m: " (có phiếu bằng văn bản)" if m.written else " (không có phiếu)",
        ),
        "chair": record.chair.line if record.chair else "",
        "secretary": record.secretary.line if record.secretary else "",
        "opening": (
            f"{COUNCIL_NAME} xem xét {total} đề nghị khen thưởng năm {record.year} của {record.units} đơn vị. "
            f"Số thành viên có mặt: {present}/{members}, đạt tỷ lệ tối thiểu {numerator}/{denominator} tổng số thành "
            "viên theo Quy chế hoạt động của Hội đồng. Tỷ lệ đồng ý của mỗi đề nghị được tính trên tổng số thành "
            "viên Hội đồng, kể cả thành viên vắng mặt."
        ),
        "written_line": (
            f"Phiếu bằng văn bản của {len(written)} thành viên vắng mặt được tính vào kết quả: {_names(written)}."
            if written
            else ""
        ),
        "items": items,
        "result_line": result,
        "conclusion": conclusion,
        "ending": f"Cuộc họp kết thúc vào hồi {moment(record.closed_at)}./.",
        "sign": _signers(record),
        "recipients": list(record.recipients),
    }


def count_context(record: CouncilRecord) -> dict:
    """Biên bản kiểm phiếu: how many ballots went out and came back, and each nominee's totals and share."""
    received = record.received
    # A ballot is sent only complete (every nominee answered), so one received is valid unless a nominee's count
    # says otherwise: the fewest valid votes any nominee had is the number of wholly valid ballots.
    valid = min((n.valid for n in record.nominees), default=received)
    secret = [n for n in record.nominees if n.secret]
    if len(secret) == len(record.nominees):
        method = "bỏ phiếu kín"
    elif not secret:
        method = "biểu quyết bằng phiếu"
    else:
        method = (
            f"bỏ phiếu kín đối với {len(secret)}/{len(record.nominees)} đề nghị, "
            "biểu quyết bằng phiếu đối với các đề nghị còn lại"
        )
    counts = [
        f"Tổng số thành viên Hội đồng: {record.members}.",
        f"Số phiếu phát ra: {record.members} (mỗi thành viên một phiếu).",
        (
            f"Số phiếu thu về: {received}, gồm {len(record.present)} phiếu của thành viên dự họp và "
            f"{len(record.written)} phiếu bằng văn bản của thành viên vắng mặt."
        ),
        f"Số phiếu không thu về (thành viên không bỏ phiếu): {record.members - received}.",
        f"Số phiếu hợp lệ: {valid}; số phiếu không hợp lệ: {received - valid}.",
    ]
    rows = [
        {
            "number": index,
            "who": nominee.who,
            "title": nominee.title,
            "valid": nominee.valid,
            "approvals": nominee.approvals,
            "rejections": nominee.rejections,
            "share": f"{number(nominee.share)} %",
            "bar": f"{nominee.bar} ({nominee.citation})",
            "result": _result_word(nominee),
        }
        for index, nominee in enumerate(record.nominees, start=1)
    ]
    chair = f"Chủ tịch Hội đồng {record.chair.name}" if record.chair else "Chủ tọa phiên họp"
    counter = f"Thư ký Hội đồng {record.secretary.name}" if record.secretary else "Thư ký phiên họp"
    written = record.written
    return {
        "head": _head(record),
        "trich_yeu": f"Kiểm phiếu biểu quyết xét đề nghị khen thưởng năm {record.year}",
        "year": record.year,
        "voting": f"từ {moment(record.opened_at)} đến {moment(record.closed_at)}",
        "place": record.place,
        "counter": (
            f"{counter}, dưới sự chủ trì của {chair}. Phiếu biểu quyết trên hệ thống được tổng hợp từ các phiếu đã "
            "gửi; phiếu bằng văn bản của thành viên vắng mặt do thư ký nhập, kèm bản chụp phiếu đã ký"
        ),
        "method": method,
        "counts": counts,
        "rows": rows,
        "secrecy": (
            "Biên bản ghi tổng số phiếu của từng đề nghị; ý kiến của từng thành viên không được ghi. Tỷ lệ đồng ý "
            f"được tính trên tổng số {record.members} thành viên Hội đồng."
        ),
        "written_line": (f"Thành viên vắng mặt có phiếu bằng văn bản: {_names(written)}." if written else ""),
        "ending": f"Việc kiểm phiếu kết thúc vào hồi {moment(record.closed_at)}./.",
        "sign": _signers(record),
        "recipients": list(record.recipients),
    }


# --- the layout (Mẫu 1.9) ----------------------------------------------------------------------------------------


def _heading(document, text: str) -> None:
    layout.paragraph(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_before=6, space_after=6)


def _loop(document, name: str, *, var: str = "line") -> None:
    layout.paragraph(document, f"{{%p for {var} in {name} %}}")
    layout.body(document, f"{{{{ {var} }}}}")
    layout.paragraph(document, "{%p endfor %}")


def _if_body(document, name: str, text: str | None = None) -> None:
    layout.paragraph(document, f"{{%p if {name} %}}")
    layout.body(document, text or f"{{{{ {name} }}}}")
    layout.paragraph(document, "{%p endif %}")


def signatures(document) -> None:
    """Mẫu 1.9: the secretary on the left, the chair (chủ tọa) on the right, on one row; then Nơi nhận."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    layout._oxml_no_table_borders(table)
    half = layout.TEXT_WIDTH_CM / 2
    layout.widths(table, [half, half])
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, heading, name in zip(
        table.rows[0].cells, ("THƯ KÝ", "CHỦ TỌA"), ("{{ sign.secretary }}", "{{ sign.chair }}"), strict=True
    ):
        first = cell.paragraphs[0]
        first.paragraph_format.space_before = Pt(12)
        first.alignment = center
        run = first.add_run(heading)
        run.font.bold = True
        run.font.size = Pt(layout.SIZE_TEXT)
        for _blank in range(4):  # room for the signature
            layout.paragraph(cell, "")
        layout.paragraph(cell, name, bold=True, align=center)
    layout.paragraph(document, "Nơi nhận:", size=layout.SIZE_RECIPIENTS_HEAD, bold=True, italic=True, space_before=12)
    layout.paragraph(document, "{%p for line in recipients %}")
    layout.paragraph(document, "{{ line }}", size=layout.SIZE_RECIPIENTS)
    layout.paragraph(document, "{%p endfor %}")


def build_minutes():
    document = layout.document_new()
    layout.letterhead(document)
    layout.title_block(document, type_name="Biên bản")
    layout.paragraph(document, "", space_after=6)
    layout.body(document, "{{ started }}.", lead="Thời gian bắt đầu:")
    layout.body(document, "{{ place }}.", lead="Địa điểm:")
    layout.body(document, "{{ attendance_line }}", lead="Thành phần tham dự:")
    _loop(document, "present")
    layout.paragraph(document, "{%p if absent_line %}")
    layout.body(document, "{{ absent_line }}")
    _loop(document, "absent")
    layout.paragraph(document, "{%p endif %}")
    layout.body(document, "{{ chair }}.", lead="Chủ trì (chủ tọa):")
    layout.paragraph(document, "{%p if secretary %}")
    layout.body(document, "{{ secretary }}.", lead="Thư ký (người ghi biên bản):")
    layout.paragraph(document, "{%p endif %}")
    _heading(document, "Nội dung:")
    layout.body(document, "{{ opening }}")
    _if_body(document, "written_line")
    layout.body(document, "Kết quả biểu quyết đối với từng đề nghị:")
    layout.paragraph(document, "{%p for item in items %}")
    layout.body(document, "{{ item.text }}", lead="{{ item.number }}")
    layout.paragraph(document, "{%p endfor %}")
    layout.body(document, "{{ result_line }}")
    layout.paragraph(document, "{%p if conclusion %}")
    _heading(document, "Kết luận của chủ tọa:")
    _loop(document, "conclusion")
    layout.paragraph(document, "{%p endif %}")
    layout.body(document, "{{ ending }}")
    signatures(document)
    return document


def build_count():
    document = layout.document_new()
    layout.letterhead(document)
    layout.title_block(document, type_name="Biên bản")
    layout.paragraph(document, "", space_after=6)
    layout.body(document, "{{ voting }}.", lead="Thời gian nhận phiếu:")
    layout.body(document, "{{ place }}.", lead="Địa điểm:")
    layout.body(document, "{{ counter }}.", lead="Kiểm phiếu:")
    layout.body(document, "{{ method }}.", lead="Hình thức biểu quyết:")
    _heading(document, "I. Số phiếu")
    _loop(document, "counts")
    _heading(document, "II. Kết quả kiểm phiếu đối với từng đề nghị")
    table = document.add_table(rows=4, cols=len(COUNT_HEADINGS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout.widths(table, COUNT_WIDTHS_CM)
    layout.table_header(table, COUNT_HEADINGS, size=COUNT_SIZE)
    _cell(table.rows[1].cells[0], "{%tr for r in rows %}")
    words = [
        "{{ r.number }}",
        "{{ r.who }}",
        "{{ r.title }}",
        "{{ r.valid }}",
        "{{ r.approvals }}",
        "{{ r.rejections }}",
        "{{ r.share }}",
        "{{ r.bar }}",
        "{{ r.result }}",
    ]
    for index, (cell, word) in enumerate(zip(table.rows[2].cells, words, strict=True)):
        _cell(cell, word, align=None if index in (1, 2, 7) else WD_ALIGN_PARAGRAPH.CENTER)
    _cell(table.rows[3].cells[0], "{%tr endfor %}")
    layout.paragraph(document, "", space_after=6)
    layout.body(document, "{{ secrecy }}")
    _if_body(document, "written_line")
    layout.body(document, "{{ ending }}")
    signatures(document)
    return document


def _cell(cell, text: str, *, align=None) -> None:
    para = cell.paragraphs[0]
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    run.font.size = Pt(COUNT_SIZE)


# --- the sample (preview, upload check) --------------------------------------------------------------------------


def sample_record() -> CouncilRecord:
    tz = timezone.get_fixed_timezone(7 * 60)
    members = [
        Member("Lê Văn Cường", "Trưởng ban", "chair"),
        Member("Phạm Thị Dung", "Phó Trưởng ban", "vice_chair"),
        Member("Trần Thị Bình", "Chánh Văn phòng", "secretary"),
        Member("Nguyễn Văn An", "Trưởng phòng", "member"),
    ]
    absent = [Member("Hoàng Thị Mai", "Phó Chánh Văn phòng", "member", written=True)]
    return CouncilRecord(
        letterhead=layout.Letterhead(
            issuer=COUNCIL_NAME,
            number=layout.number_text("", type_code=TYPE_CODE, issuer_code=COUNCIL_CODE),
            place="Quảng Ngãi",
            day=datetime.date(2024, 12, 5),
            governing_body="Ban Quản lý Khu kinh tế tỉnh",
        ),
        agency="Ban Quản lý Khu kinh tế tỉnh",
        year=2024,
        held_at=datetime.datetime(2024, 12, 5, 8, 30, tzinfo=tz),
        opened_at=datetime.datetime(2024, 12, 2, 14, 0, tzinfo=tz),
        closed_at=datetime.datetime(2024, 12, 5, 10, 15, tzinfo=tz),
        place="Phòng họp số 1",
        members=5,
        quorum=(2, 3),
        chair=members[0],
        secretary=members[2],
        present=members,
        absent=absent,
        nominees=[
            Nominee(
                "Nguyễn Văn An",
                "Phòng Quản lý đầu tư",
                False,
                "Chiến sĩ thi đua cơ sở",
                True,
                4,
                1,
                0,
                5,
                Decimal("80.0"),
                Decimal("80"),
                False,
                "NĐ 98/2023 Đ30 k7",
                True,
                True,
            ),
            Nominee(
                "Văn phòng",
                "Văn phòng",
                True,
                "Tập thể lao động tiên tiến",
                True,
                3,
                2,
                0,
                5,
                Decimal("60.0"),
                Decimal("50"),
                True,
                "Quy chế hoạt động của Hội đồng",
                True,
                False,
            ),
        ],
        units=2,
        conclusion="Thống nhất đề nghị Trưởng ban khen thưởng các trường hợp được thông qua.",
        recipients=["- Thành viên Hội đồng;", "- Lưu: VT, VP."],
    )


def sample_minutes() -> dict:
    return minutes_context(sample_record())


def sample_count() -> dict:
    return count_context(sample_record())


MINUTES = engine.register(
    engine.TemplateKind(
        code="bien_ban_hop_hoi_dong",
        name="Biên bản họp Hội đồng Thi đua – Khen thưởng",
        build=build_minutes,
        sample=sample_minutes,
        doc_type="ket_qua_bo_phieu",
    )
)
COUNT = engine.register(
    engine.TemplateKind(
        code="bien_ban_kiem_phieu",
        name="Biên bản kiểm phiếu của Hội đồng Thi đua – Khen thưởng",
        build=build_count,
        sample=sample_count,
        doc_type="ket_qua_bo_phieu",
    )
)


# --- reading a session -------------------------------------------------------------------------------------------


def _member(membership, *, written: bool = False) -> Member:
    staff = membership.staff
    return Member(name=staff.full_name, position=staff.position, seat=membership.position, written=written)


def council_record_read(*, session) -> CouncilRecord:
    """What the closed session's documents say, from the same reads as the minutes page (attendance, tallies)."""
    from people.models import Agency
    from people.selectors import office_unit

    from ..council import selectors as council
    from ..council.models import Ballot
    from ..models import AwardTitle
    from .selectors import agency_governing_body, agency_place

    agency = Agency.objects.select_related("parent").get(pk=session.agency_id)
    # An agency's council sits under the agency; the province's council under the province's governing body
    # (UBND tỉnh) when the province's row names one.
    owner = agency.name
    if agency.kind == Agency.Kind.PROVINCE:
        owner = agency_governing_body(agency).strip() or agency.name
    people = council.minutes_people(session=session)
    attendance = council.attendance(session=session)
    nominees = []
    cases = set()
    for tally in council.tallies(session=session):
        item, proposal = tally.item, tally.item.proposal
        cases.add(proposal.case_id)
        collective = proposal.staff_id is None
        nominees.append(
            Nominee(
                name=proposal.nominee_name,
                unit=proposal.case.unit.name if collective else proposal.staff.unit.name,
                collective=collective,
                title=proposal.title.name,
                is_title=proposal.title.kind == AwardTitle.Kind.TITLE,
                approvals=tally.approvals,
                rejections=tally.rejections,
                not_voted=tally.not_voted,
                members=tally.members,
                share=tally.share,
                threshold=item.threshold_percent,
                strictly_above=item.strictly_above,
                citation=item.citation,
                passed=tally.passed,
                secret=item.secret,
            )
        )
    office = office_unit()
    closed_at = session.closed_at or session.held_at
    written = Ballot.Method.WRITTEN
    return CouncilRecord(
        letterhead=layout.Letterhead(
            issuer=COUNCIL_NAME,
            number=layout.number_text("", type_code=TYPE_CODE, issuer_code=COUNCIL_CODE),
            place=agency_place(agency),
            day=timezone.localdate(closed_at),
            governing_body=owner,
        ),
        agency=owner,
        year=session.campaign.year,
        held_at=session.held_at,
        opened_at=session.opened_at,
        closed_at=closed_at,
        place=session.place,
        members=attendance.members,
        quorum=(session.quorum_numerator, session.quorum_denominator),
        chair=_member(people.chair) if people.chair else None,
        secretary=_member(people.secretary) if people.secretary else None,
        present=[_member(b.member) for b in people.present],
        absent=[
            _member(b.member, written=b.method == written and b.status == Ballot.Status.SUBMITTED)
            for b in people.absent
        ],
        nominees=nominees,
        units=len(cases),
        conclusion=session.conclusion,
        recipients=["- Thành viên Hội đồng;", f"- Lưu: VT, {office.code}." if office is not None else "- Lưu: VT."],
    )


def file_names(session) -> dict[str, str]:
    """The name each document is filed and downloaded under: the same for a session each time it is written."""
    day = f"{timezone.localdate(session.held_at):%d-%m-%Y}"
    return {
        MINUTES.code: f"Biên bản họp Hội đồng TĐKT {day}.docx",
        COUNT.code: f"Biên bản kiểm phiếu Hội đồng TĐKT {day}.docx",
    }


def council_docx(*, code: str, record: CouncilRecord, agency_id: int | None) -> bytes:
    build = {MINUTES.code: minutes_context, COUNT.code: count_context}[code]
    return engine.render(code, build(record), agency_id=agency_id)
