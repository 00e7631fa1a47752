"""The demo year as the demo users would have lived it by 20/06/2024 (the day `make run` pins):
registration done and sent upward in January; the mid-year reports half-way through.

The nomination stage is left for the Văn phòng to open from the "Hồ sơ" page, so the whole year-end
path can be walked by the demo users. Every step goes through the flows' services, as the pages do.
Loading twice changes nothing.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from viewflow.workflow.models import Task

from people.models import Staff
from people.tenancy import agency_scope

from . import province_reports
from .casework import services
from .casework.steps import registration_rows_write
from .initiatives import initiative_record
from .kinds import StepRole, case_kind
from .models import AwardTitle, Campaign, Case, CaseDocument, CaseEvent, Initiative, Milestone
from .services import DATA_DIR, campaign_load

# unit code → (clerk, head), as in people.demo
UNIT_PEOPLE = {
    "VP": ("vanphong", "chanhvanphong"),
    "QLDT": ("qldt.thidua", "qldt.truongphong"),
    "QHXD": ("qhxd.thidua", "qhxd.truongphong"),
    "DNLD": ("dnld.thidua", "dnld.truongphong"),
    "TNMT": ("tnmt.thidua", "tnmt.truongphong"),
    "TTDV": ("ttdv.thidua", "ttdv.giamdoc"),
    "BQLDA": ("bqlda.thidua", "bqlda.giamdoc"),
}
COLLECTIVE = {"QLDT": "TTLDXS", "TNMT": "TTLDXS"}
MIDYEAR_TEXT = (
    "Sáu tháng đầu năm 2024, {unit} hoàn thành các nhiệm vụ trọng tâm theo kế hoạch; 100% cán bộ đăng ký "
    "thi đua; không có cán bộ vi phạm kỷ luật. Phương hướng 6 tháng cuối năm: đẩy mạnh cải cách hành chính."
)


def _user(username):
    return get_user_model().objects.get(username=username)


def _step(case, role, username, *, decision=None, apply=None, action=CaseEvent.Action.SUBMITTED):
    node = case_kind(case.kind).node_name(role)
    task = Task.objects.get(
        process_id=case.pk, status__in=["NEW", "ASSIGNED"], flow_task_type="HUMAN", flow_task__endswith=f".{node}"
    )
    person = _user(username)
    if task.owner_id != person.pk:
        services.task_claim(task=task, user=person)
        task.refresh_from_db()
    services.step_complete(
        task=task,
        user=person,
        apply=apply or (lambda case, task: None),
        outcome=services.Outcome(action=action, decision=decision),
    )


def _registration(case, task):
    staff = list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("staff_code"))
    ldtt, cstdcs = AwardTitle.objects.get(code="LDTT"), AwardTitle.objects.get(code="CSTDCS")
    rows = {person.pk: (ldtt, "") for person in staff}
    if staff:
        rows[staff[0].pk] = (cstdcs, "Cải tiến quy trình tiếp nhận hồ sơ của đơn vị")
    case.collective_title = AwardTitle.objects.get(code=COLLECTIVE.get(case.unit.code, "TTLDTT"))
    case.save(update_fields=["collective_title"])
    registration_rows_write(case=case, rows=rows)


def demo_cases_load() -> int:
    campaign = Campaign.objects.get(year=2024)
    if Case.objects.filter(campaign=campaign).exists():
        return 0
    office = "vanphong"
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.REGISTRATION, actor=_user(office))
    for code, (clerk, head) in UNIT_PEOPLE.items():
        case = Case.objects.get(campaign=campaign, kind=Case.Kind.REGISTRATION, unit__code=code)
        _step(case, StepRole.DRAFT, clerk, apply=_registration)
        _step(case, StepRole.SIGN, head, decision="approve", action=CaseEvent.Action.APPROVED)
        _step(case, StepRole.REVIEW, office, decision="approve", action=CaseEvent.Action.ACCEPTED)
    board = Case.objects.get(campaign=campaign, kind=Case.Kind.REGISTRATION_BOARD)

    def sent(case, task):
        services.document_record(
            case=case,
            kind=CaseDocument.Kind.SENT_UPWARD,
            number="05/BC-BQL",
            date=datetime.date(2024, 1, 9),
            recipient=case.milestone.recipient if case.milestone else "",
            file=None,
            user=_user(office),
        )
        if province_reports.province_report_awaited(case=case):  # as the step's own handler does
            province_reports.province_report_send(case=case, user=_user(office))

    _step(board, StepRole.REPORT, office, apply=sent, action=CaseEvent.Action.SENT)
    sent_up = Case._base_manager.filter(origin=board, kind=Case.Kind.PROVINCE_REGISTRATION).first()
    if sent_up is not None:  # with a province above the Board, its Ban TĐKT received the registration in January
        with agency_scope(sent_up.agency):
            _step(sent_up, StepRole.REVIEW, "tinh.chuyenvien", decision="approve", action=CaseEvent.Action.ACCEPTED)

    # Mid-year, as of 20/06: four units accepted, one waiting for the Văn phòng, one for its head,
    # and QLDT's report still to be written by its clerk.
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.MIDYEAR, actor=_user(office))
    for code, (clerk, head) in UNIT_PEOPLE.items():
        if code == "QLDT":
            continue
        case = Case.objects.get(campaign=campaign, kind=Case.Kind.MIDYEAR, unit__code=code)

        def report(case, task):
            case.report_text = MIDYEAR_TEXT.format(unit=case.unit.name)
            case.save(update_fields=["report_text"])

        _step(case, StepRole.DRAFT, clerk, apply=report)
        if code == "DNLD":
            continue  # waiting for its head
        _step(case, StepRole.SIGN, head, decision="approve", action=CaseEvent.Action.APPROVED)
        if code == "QHXD":
            continue  # waiting for the Văn phòng
        _step(case, StepRole.REVIEW, office, decision="approve", action=CaseEvent.Action.ACCEPTED)
    return Case.objects.filter(campaign=campaign).count()


# The commendation history of 2022 and 2023, so that chains over years show in the demo (README, "Demo
# accounts"). Staff code → the individual titles (and awards) of each year.
HISTORY_FILE = "lich-su-khen-thuong-2022-2023 (trình diễn).xlsx"
BOARD_ISSUER = "Trưởng ban Ban Quản lý Khu kinh tế tỉnh"
HISTORY_DECISIONS = {
    2022: ("15/QĐ-BQL", datetime.date(2023, 1, 12)),
    2023: ("18/QĐ-BQL", datetime.date(2024, 1, 16)),
}
HISTORY_PEOPLE = {
    # two years of CSTĐCS in a row: a CSTĐCS in 2024 makes three, the chain for CSTĐ tỉnh
    "QLDT001": {2022: ["CSTDCS", "LDTT"], 2023: ["CSTDCS", "LDTT"]},
    "VP003": {2022: ["CSTDCS", "LDTT"], 2023: ["CSTDCS", "LDTT"]},
    # two years of CSTĐCS, and a Bằng khen of the province for 2023
    "TNMT001": {2022: ["CSTDCS", "LDTT"], 2023: ["CSTDCS", "LDTT", "BK_TINH"]},
    # a gap year: CSTĐCS in 2022, only LĐTT in 2023, so the chain starts again
    "QLDT002": {2022: ["CSTDCS", "LDTT"], 2023: ["LDTT"]},
    # one year of CSTĐCS (2023): a 2024 CSTĐCS makes two in a row
    "QHXD002": {2022: ["LDTT"], 2023: ["CSTDCS", "LDTT"]},
    # no title in 2022 (on leave without pay), LĐTT in 2023
    "DNLD005": {2023: ["LDTT"]},
    # joined in 2023
    "TTDV006": {2023: ["LDTT"]},
}
HISTORY_UNITS = {
    # two years of TLĐXS in a row
    "QLDT": {2022: ["TTLDXS"], 2023: ["TTLDXS"]},
    "TNMT": {2022: ["TTLDTT"], 2023: ["TTLDXS"]},
    # a gap year
    "QHXD": {2022: ["TTLDTT"]},
}
PROVINCE_DECISION = ("312/QĐ-UBND", datetime.date(2024, 3, 5), "Chủ tịch UBND tỉnh")


def _history_workbook() -> bytes:
    from openpyxl import Workbook

    from .history import importing

    workbook = Workbook()
    for index, scope in enumerate((importing.INDIVIDUAL, importing.COLLECTIVE)):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = importing.SHEET_TITLES[scope]
        sheet.append([importing.COLUMN_BY_FIELD[f].header for f in importing.SHEET_FIELDS[scope]])
    people, units = workbook.worksheets
    for person in Staff.objects.filter(is_active=True).order_by("staff_code"):
        years = HISTORY_PEOPLE.get(person.staff_code, {2022: ["LDTT"], 2023: ["LDTT"]})
        for year, codes in sorted(years.items()):
            for code in codes:
                number, date, issuer = (
                    PROVINCE_DECISION if code == "BK_TINH" else (*HISTORY_DECISIONS[year], BOARD_ISSUER)
                )
                people.append([person.staff_code, person.full_name, code, year, number, date, issuer])
    for code, years in HISTORY_UNITS.items():
        for year, titles in sorted(years.items()):
            for title in titles:
                number, date = HISTORY_DECISIONS[year]
                units.append([code, "", title, year, number, date, BOARD_ISSUER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def demo_history_load() -> int:
    """The 2022–2023 history, written through the history import as a Văn phòng officer would; once."""
    from .history import importing
    from .history.models import CommendationImportJob
    from .history.services import history_import_run

    if CommendationImportJob.objects.filter(
        original_filename=HISTORY_FILE, status=CommendationImportJob.Status.DONE
    ).exists():
        return 0
    parsed = importing.parse_upload(io.BytesIO(_history_workbook()), HISTORY_FILE)
    job = history_import_run(parsed=parsed, filename=HISTORY_FILE, actor=_user("vanphong"))
    if job.status != CommendationImportJob.Status.DONE:
        errors = job.error_message or "; ".join(e["message"] for e in (job.preview or {}).get("errors", [])[:5])
        raise RuntimeError(f"Không nạp được lịch sử khen thưởng trình diễn: {errors}")
    return job.created_count


# Sáng kiến recognised in the demo's past years, for the titles that rest on them (CSTĐCS, CSTĐ tỉnh).
INITIATIVES = [
    # author, name, level, year, decision number, decision date
    (
        "QLDT003",
        "Quy trình tiếp nhận và trả kết quả hồ sơ đầu tư trực tuyến tại Ban Quản lý",
        Initiative.Level.TINH_BO,
        2023,
        "1875/QĐ-UBND",
        datetime.date(2023, 11, 20),
    ),
    (
        "TNMT002",
        "Bản đồ số giám sát xả thải của doanh nghiệp trong khu công nghiệp",
        Initiative.Level.CO_SO,
        2024,
        "58/QĐ-BQL",
        datetime.date(2024, 5, 15),
    ),
]


def demo_initiatives_load() -> int:
    """The demo's recognised initiatives (keyed on author, name and year: loading twice changes nothing)."""
    for code, name, level, year, number, day in INITIATIVES:
        initiative_record(
            staff=Staff.objects.get(staff_code=code),
            name=name,
            level=level,
            year=year,
            decision_number=number,
            decision_date=day,
        )
    return len(INITIATIVES)


def _programme_in_own_words(campaign) -> None:
    """The second agency runs the Board's programme text in its own words: its milestones and targets say
    "Văn phòng Sở" and "trực thuộc Sở" where the Board's say "Văn phòng Ban" (people.wording)."""
    from people.wording import BOARD_WORDS, agency_words

    words = agency_words(campaign.agency_id)
    if not words.own:
        return

    def own(text: str) -> str:
        text = text.replace(BOARD_WORDS.office, words.office)
        for lead in ("trực thuộc", "thuộc"):
            text = text.replace(f"{lead} {BOARD_WORDS.noun} ", f"{lead} {words.noun} ")
        return text

    for milestone in campaign.milestones.all():
        fields = {name: own(getattr(milestone, name)) for name in ("label", "recipient", "description")}
        if any(getattr(milestone, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(milestone, name, value)
            milestone.save(update_fields=list(fields))
    for target in campaign.targets.all():
        if own(target.label) != target.label:
            target.label = own(target.label)
            target.save(update_fields=["label"])


def demo_second_agency_cases_load(*, cases: bool = True) -> int:
    """The second agency's 2024 programme (the same year as the Board's, its own rows), with (`cases`) its
    registration stage opened, so that its people have tasks of their own; call it inside the agency's scope."""
    from people.demo import SECOND_AGENCY

    campaign = campaign_load(path=DATA_DIR / "programme-2024.yaml")
    if campaign.signed_by != SECOND_AGENCY["issuer_title"]:
        campaign.signed_by = SECOND_AGENCY["issuer_title"]
        campaign.save(update_fields=["signed_by"])
    _programme_in_own_words(campaign)
    if not cases or Case.objects.filter(campaign=campaign).exists():
        return 0
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.REGISTRATION, actor=_user("khcn.vanphong"))
    return Case.objects.filter(campaign=campaign).count()


# The province's programme of 2024, which the agencies' campaigns answer to (the seed cites it:
# /work/shared/seed/chuong-trinh-thi-dua-2024.md, "Thực hiện Chương trình số 322/CTr-UBND ngày 26/12/2023").
PROVINCE_CAMPAIGN = {
    "name": (
        "Chương trình phát động phong trào thi đua hoàn thành và hoàn thành vượt mức các chỉ tiêu, nhiệm vụ phát "
        "triển kinh tế - xã hội năm 2024 (Chương trình số 322/CTr-UBND ngày 26/12/2023 của UBND tỉnh)"
    ),
    "theme": "Đoàn kết, đổi mới, sáng tạo, linh hoạt trong thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024",
    "start_date": datetime.date(2024, 1, 1),
    "end_date": datetime.date(2024, 12, 31),
    "status": Campaign.Status.ACTIVE,
    "basis": "Chương trình số 322/CTr-UBND ngày 26/12/2023 của UBND tỉnh.",
    "signed_by": "Chủ tịch UBND tỉnh",
}


# What the agencies under the province owe its Ban TĐKT in 2024 (the dates the agencies' programmes give for what
# they send to the province: registration by 10/01, the mid-year report by 30/06, the year-end dossiers by 30/11).
PROVINCE_MILESTONES = [
    {
        "code": "AG_REG",
        "kind": Milestone.Kind.REGISTRATION,
        "label": "Các cơ quan, đơn vị đăng ký nội dung và chỉ tiêu thi đua với UBND tỉnh, Hội đồng TĐKT tỉnh",
        "due_date": datetime.date(2024, 1, 10),
        "description": "Đăng ký nội dung và các chỉ tiêu thi đua năm 2024, gửi qua Ban Thi đua – Khen thưởng tỉnh.",
    },
    {
        "code": "AG_MID",
        "kind": Milestone.Kind.MIDYEAR,
        "label": "Các cơ quan, đơn vị gửi báo cáo sơ kết 6 tháng",
        "due_date": datetime.date(2024, 6, 30),
        "description": "Báo cáo sơ kết phong trào thi đua 6 tháng đầu năm 2024.",
    },
    {
        "code": "AG_END",
        "kind": Milestone.Kind.YEAREND,
        "label": "Các cơ quan, đơn vị gửi hồ sơ đề nghị khen thưởng cấp tỉnh",
        "due_date": datetime.date(2024, 11, 30),
        "description": "Hồ sơ đề nghị Chiến sĩ thi đua tỉnh, Bằng khen của Chủ tịch UBND tỉnh, Cờ thi đua năm 2024.",
    },
]


def demo_province_campaign_load() -> Campaign:
    """The province's 2024 programme, in the province's scope (call it inside agency_scope); loading twice changes
    nothing."""
    campaign, _created = Campaign.objects.update_or_create(year=2024, defaults=PROVINCE_CAMPAIGN)
    for milestone in PROVINCE_MILESTONES:
        Milestone.objects.update_or_create(
            campaign=campaign,
            code=milestone["code"],
            defaults={
                **milestone,
                "owner": Milestone.Owner.AGENCIES,
                "recipient": "Ban Thi đua – Khen thưởng tỉnh (Sở Nội vụ)",
            },
        )
    return campaign


def demo_campaign_province_link(province_campaign: Campaign) -> None:
    """The agency in scope's 2024 campaign answers to the province's programme."""
    from .province import campaign_province_link

    campaign = Campaign.objects.filter(year=2024).first()
    if campaign is not None:
        campaign_province_link(campaign=campaign, province_campaign=province_campaign)


# Two exemplar stories: one the Chánh Văn phòng has published (on the public page of `make run`), one the Văn phòng
# is still writing. Keyed on the title: loading twice changes nothing.
EXEMPLARS = [
    {
        "title": "Vũ Thị Thanh Huyền: đưa hồ sơ đầu tư lên mạng, doanh nghiệp bớt một chuyến đi",
        "staff": "QLDT003",
        "year": 2023,
        "achievement": (
            "Sáng kiến cấp tỉnh năm 2023: Quy trình tiếp nhận và trả kết quả hồ sơ đầu tư trực tuyến tại Ban Quản lý "
            "(Quyết định số 1875/QĐ-UBND ngày 20/11/2023)"
        ),
        "body": (
            "Chị Vũ Thị Thanh Huyền, chuyên viên Phòng Quản lý Đầu tư, đã xây dựng quy trình tiếp nhận và trả kết quả "
            "hồ sơ đầu tư hoàn toàn trực tuyến.\n\n"
            "Từ khi áp dụng, thời gian giải quyết hồ sơ giảm gần một nửa; doanh nghiệp không phải đến Ban để nộp "
            "hay nhận kết quả. Sáng kiến được Ủy ban nhân dân tỉnh công nhận có phạm vi ảnh hưởng cấp tỉnh.\n\n"
            "Chị là tấm gương về tinh thần đổi mới, phục vụ doanh nghiệp trong phong trào thi đua của Ban."
        ),
        "colour": (183, 28, 28),
        "publish": True,
    },
    {
        "title": "Phòng Tài nguyên và Môi trường: bản đồ số giám sát xả thải",
        "unit": "TNMT",
        "year": 2024,
        "achievement": (
            "Sáng kiến cấp cơ sở năm 2024: Bản đồ số giám sát xả thải của doanh nghiệp trong khu công nghiệp"
        ),
        "body": (
            "Bản thảo. Phòng Tài nguyên và Môi trường xây dựng bản đồ số theo dõi việc xả thải của các doanh nghiệp "
            "trong khu công nghiệp, giúp phát hiện sớm vi phạm."
        ),
        "colour": (46, 125, 50),
        "publish": False,
    },
]


def _demo_photo(colour: tuple[int, int, int]) -> bytes:
    """A small picture drawn here (no file to ship): a band of the colour over a pale ground, and a medal."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), (250, 246, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 960, 160), fill=colour)
    draw.ellipse((380, 220, 580, 420), fill=(249, 168, 37), outline=colour, width=12)
    draw.polygon([(430, 420), (480, 560), (530, 420)], fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_exemplars_load() -> int:
    """The demo's exemplar stories, written, submitted and approved through the services as the Văn phòng and the
    Chánh Văn phòng would."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from people.models import OrgUnit

    from .exemplars import services as exemplar_services
    from .exemplars.models import Exemplar

    added = 0
    writer, chief = _user("vanphong"), _user("chanhvanphong")
    for story in EXEMPLARS:
        if Exemplar.objects.filter(title=story["title"]).exists():
            continue
        staff = Staff.objects.get(staff_code=story["staff"]) if story.get("staff") else None
        unit = OrgUnit.objects.get(code=story["unit"]) if story.get("unit") else (staff.unit if staff else None)
        exemplar = exemplar_services.exemplar_create(
            user=writer,
            data={
                "title": story["title"],
                "body": story["body"],
                "year": story["year"],
                "staff": staff,
                "unit": unit,
                "achievement": story["achievement"],
            },
            photo=SimpleUploadedFile("anh.png", _demo_photo(story["colour"]), content_type="image/png"),
        )
        if story["publish"]:
            exemplar_services.exemplar_submit(exemplar=exemplar, user=writer)
            exemplar_services.exemplar_approve(exemplar=exemplar, user=chief)
        added += 1
    return added
