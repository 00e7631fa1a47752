"""The demo organisation: a plausible Economic Zone Management Board, its staff and its 2024 council.

Loaded by `manage.py load_demo` (which `make run` calls); never under production settings.
Every write is keyed on a code, so loading twice changes nothing.
"""

from datetime import date

from django.db import transaction

from .models import Agency, CouncilMembership, Discipline, OrgUnit, QualityRating, Role, Staff
from .records import discipline_record, staff_rating_set, unit_rating_set
from .services import council_seat_set, role_assign, staff_login_ensure, user_sync_groups

DEMO_PASSWORD = "ThiDua@2024"  # noqa: S105 — published in the README, demo only
DEMO_YEAR = 2024

UNITS = [
    # code, name, short name, kind, parent code
    ("BQL", "Ban Quản lý Khu kinh tế tỉnh", "BQL KKT", OrgUnit.Kind.BOARD, None),
    ("VP", "Văn phòng Ban", "Văn phòng", OrgUnit.Kind.OFFICE, "BQL"),
    ("QLDT", "Phòng Quản lý Đầu tư", "P. QLĐT", OrgUnit.Kind.DIVISION, "BQL"),
    ("QHXD", "Phòng Quản lý Quy hoạch và Xây dựng", "P. QH-XD", OrgUnit.Kind.DIVISION, "BQL"),
    ("DNLD", "Phòng Quản lý Doanh nghiệp và Lao động", "P. DN-LĐ", OrgUnit.Kind.DIVISION, "BQL"),
    ("TNMT", "Phòng Quản lý Tài nguyên và Môi trường", "P. TN-MT", OrgUnit.Kind.DIVISION, "BQL"),
    ("TTDV", "Trung tâm Dịch vụ và Khai thác hạ tầng khu kinh tế", "Trung tâm DV", OrgUnit.Kind.SUBORDINATE, "BQL"),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng", "BQLDA", OrgUnit.Kind.SUBORDINATE, "BQL"),
]

C, CC, VC, LD = (
    Staff.Category.CADRE,
    Staff.Category.CIVIL_SERVANT,
    Staff.Category.PUBLIC_EMPLOYEE,
    Staff.Category.WORKER,
)
M, F = Staff.Gender.MALE, Staff.Gender.FEMALE

# staff code, full name, gender, category, position, unit, login (or ""), roles [(role, unit)]
STAFF = [
    ("BQL001", "Nguyễn Văn Hùng", M, C, "Trưởng ban", "BQL", "truongban", [(Role.BOARD_HEAD, "BQL")]),
    ("BQL002", "Lý Thị Hồng", F, CC, "Phó Trưởng ban", "BQL", "photruongban", [(Role.BOARD_DEPUTY, "BQL")]),
    ("BQL003", "Vàng Seo Lử", M, CC, "Phó Trưởng ban", "BQL", "", [(Role.BOARD_DEPUTY, "BQL")]),
    (
        "VP001",
        "Trần Quốc Bảo",
        M,
        CC,
        "Chánh Văn phòng",
        "VP",
        "chanhvanphong",
        [(Role.OFFICE_CHIEF, "VP"), (Role.UNIT_HEAD, "VP")],
    ),
    ("VP002", "Hoàng Thị Mai", F, CC, "Phó Chánh Văn phòng, Chủ tịch Công đoàn", "VP", "", [(Role.UNIT_DEPUTY, "VP")]),
    (
        "VP003",
        "Phạm Thu Trang",
        F,
        CC,
        "Chuyên viên phụ trách thi đua – khen thưởng",
        "VP",
        "vanphong",
        [(Role.OFFICE_OFFICER, "VP"), (Role.UNIT_CLERK, "VP")],
    ),
    ("VP004", "Đỗ Minh Tuấn", M, CC, "Chuyên viên tổ chức cán bộ", "VP", "vanphong2", [(Role.OFFICE_OFFICER, "VP")]),
    ("VP005", "Nông Thị Lan", F, VC, "Kế toán", "VP", "", []),
    ("VP006", "Lục Văn Thắng", M, LD, "Lái xe", "VP", "", []),
    ("VP007", "Bùi Thị Ngọc", F, CC, "Văn thư", "VP", "", []),
    ("QLDT001", "Lê Đức Anh", M, CC, "Trưởng phòng", "QLDT", "qldt.truongphong", [(Role.UNIT_HEAD, "QLDT")]),
    ("QLDT002", "Ngô Thị Hà", F, CC, "Phó Trưởng phòng", "QLDT", "qldt.phophong", [(Role.UNIT_DEPUTY, "QLDT")]),
    ("QLDT003", "Vũ Thị Thanh Huyền", F, CC, "Chuyên viên", "QLDT", "qldt.thidua", [(Role.UNIT_CLERK, "QLDT")]),
    ("QLDT004", "Đặng Văn Khoa", M, CC, "Chuyên viên", "QLDT", "", []),
    ("QLDT005", "Hà Minh Châu", F, CC, "Chuyên viên", "QLDT", "", []),
    ("QHXD001", "Phan Văn Long", M, CC, "Trưởng phòng", "QHXD", "qhxd.truongphong", [(Role.UNIT_HEAD, "QHXD")]),
    ("QHXD002", "Trịnh Thị Thu", F, CC, "Chuyên viên", "QHXD", "qhxd.thidua", [(Role.UNIT_CLERK, "QHXD")]),
    ("QHXD003", "Cao Văn Sơn", M, CC, "Chuyên viên", "QHXD", "", []),
    ("QHXD004", "Giàng A Páo", M, CC, "Chuyên viên", "QHXD", "", []),
    ("QHXD005", "Lương Thị Duyên", F, CC, "Chuyên viên", "QHXD", "", []),
    ("DNLD001", "Mai Xuân Trường", M, CC, "Trưởng phòng", "DNLD", "dnld.truongphong", [(Role.UNIT_HEAD, "DNLD")]),
    ("DNLD002", "Đinh Thị Phương", F, CC, "Chuyên viên", "DNLD", "dnld.thidua", [(Role.UNIT_CLERK, "DNLD")]),
    ("DNLD003", "Tạ Quang Vinh", M, CC, "Chuyên viên", "DNLD", "", []),
    ("DNLD004", "Sầm Thị Yến", F, CC, "Chuyên viên", "DNLD", "", []),
    ("DNLD005", "Chu Văn Đạt", M, CC, "Chuyên viên", "DNLD", "", []),
    ("TNMT001", "Hoàng Văn Quân", M, CC, "Trưởng phòng", "TNMT", "tnmt.truongphong", [(Role.UNIT_HEAD, "TNMT")]),
    ("TNMT002", "Nguyễn Thị Kim Oanh", F, CC, "Chuyên viên", "TNMT", "tnmt.thidua", [(Role.UNIT_CLERK, "TNMT")]),
    ("TNMT003", "Lò Văn Tiến", M, CC, "Chuyên viên", "TNMT", "", []),
    ("TNMT004", "Triệu Thị Mây", F, CC, "Chuyên viên", "TNMT", "", []),
    ("TTDV001", "Võ Thành Nam", M, VC, "Giám đốc Trung tâm", "TTDV", "ttdv.giamdoc", [(Role.UNIT_HEAD, "TTDV")]),
    ("TTDV002", "Dương Thị Hạnh", F, VC, "Phó Giám đốc Trung tâm", "TTDV", "", [(Role.UNIT_DEPUTY, "TTDV")]),
    ("TTDV003", "Kiều Văn Phúc", M, VC, "Viên chức", "TTDV", "ttdv.thidua", [(Role.UNIT_CLERK, "TTDV")]),
    ("TTDV004", "Hứa Thị Nhung", F, VC, "Viên chức", "TTDV", "", []),
    ("TTDV005", "Mông Văn Dũng", M, LD, "Nhân viên bảo vệ", "TTDV", "", []),
    ("TTDV006", "Phùng Thị Thảo", F, LD, "Nhân viên tạp vụ", "TTDV", "", []),
    ("BQLDA001", "Tống Văn Hải", M, VC, "Giám đốc Ban", "BQLDA", "bqlda.giamdoc", [(Role.UNIT_HEAD, "BQLDA")]),
    ("BQLDA002", "La Thị Bích", F, VC, "Viên chức", "BQLDA", "bqlda.thidua", [(Role.UNIT_CLERK, "BQLDA")]),
    ("BQLDA003", "Âu Văn Thịnh", M, VC, "Viên chức", "BQLDA", "", []),
    ("BQLDA004", "Quan Thị Lụa", F, VC, "Viên chức", "BQLDA", "", []),
    ("BQLDA005", "Sùng A Chứ", M, LD, "Nhân viên kỹ thuật", "BQLDA", "", []),
]

# The 2024 council: 9 members (an odd number), chaired by the Trưởng ban.
COUNCIL = [
    ("BQL001", CouncilMembership.Position.CHAIR),
    ("BQL002", CouncilMembership.Position.VICE_CHAIR),
    ("VP001", CouncilMembership.Position.SECRETARY),
    ("VP002", CouncilMembership.Position.MEMBER),
    ("QLDT001", CouncilMembership.Position.MEMBER),
    ("QHXD001", CouncilMembership.Position.MEMBER),
    ("DNLD001", CouncilMembership.Position.MEMBER),
    ("TNMT001", CouncilMembership.Position.MEMBER),
    ("TTDV001", CouncilMembership.Position.MEMBER),
]

# Xếp loại chất lượng 2022–2024: HTTNV unless listed here (a unit's head and now and then one chuyên viên excel, as
# in a real board; whether a unit's HTXSNV share is within its quota is for the rules to say, brief §9.4).
RATING_YEARS = (2022, 2023, 2024)
EXCELLENT = {
    2022: {"BQL001", "VP001", "QLDT001", "QHXD001", "DNLD001", "TNMT001", "TTDV001", "BQLDA001"},
    2023: {"BQL001", "VP001", "QLDT001", "QLDT003", "QHXD001", "DNLD001", "TNMT002", "TTDV001", "BQLDA001"},
    2024: {"BQL001", "VP003", "QLDT001", "QLDT003", "QHXD001", "DNLD001", "TNMT002", "TTDV003", "BQLDA001"},
}
MERELY_DONE = {2022: {"VP006"}, 2023: {"TTDV006"}, 2024: {"DNLD005"}}
# The units' own ratings: the two divisions the demo proposes for TTLĐXS excelled; the others did well.
UNITS_EXCELLENT = {"QLDT", "TNMT"}
# One discipline, so the rules have a person whose 2024 achievements do not count (NĐ 152/2025 Đ4 k4).
DISCIPLINE = ("DNLD005", Discipline.Level.REPRIMAND, date(2024, 3, 1), date(2025, 2, 28), "15/QĐ-BQL")

# Accounts listed in the README, one per role.
DEMO_ACCOUNTS = [
    ("qldt.thidua", "Cán bộ phụ trách thi đua của đơn vị (Phòng Quản lý Đầu tư)"),
    ("qldt.truongphong", "Trưởng đơn vị (Phòng Quản lý Đầu tư), Ủy viên Hội đồng"),
    ("vanphong", "Chuyên viên TĐKT Văn phòng Ban"),
    ("chanhvanphong", "Chánh Văn phòng, Ủy viên thường trực Hội đồng"),
    ("tnmt.truongphong", "Ủy viên Hội đồng TĐKT (Trưởng phòng TN-MT)"),
    ("truongban", "Trưởng ban, Chủ tịch Hội đồng TĐKT"),
]


def _organisation_load(*, unit_rows, staff_rows, council, mail_domain: str):
    """Units, staff (with their logins and roles) and the demo year's council of one agency, in the agency in
    scope; loading twice changes nothing. Returns the units and the staff by code."""
    units: dict[str, OrgUnit] = {}
    for order, (code, name, short, kind, parent) in enumerate(unit_rows):
        units[code], _ = OrgUnit.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "parent": units.get(parent), "order": order},
        )
    staff_by_code: dict[str, Staff] = {}
    for code, name, gender, category, position, unit, login, roles in staff_rows:
        staff, _ = Staff.objects.update_or_create(
            staff_code=code,
            defaults={
                "full_name": name,
                "gender": gender,
                "category": category,
                "position": position,
                "unit": units[unit],
                "email": f"{login or code.lower()}@{mail_domain}",
                "is_active": True,
            },
        )
        staff_by_code[code] = staff
        if login:
            staff_login_ensure(staff=staff, username=login, password=DEMO_PASSWORD)
        for role, role_unit in roles:
            role_assign(staff=staff, role=role, unit=units[role_unit])
    for code, position in council:
        council_seat_set(year=DEMO_YEAR, staff=staff_by_code[code], position=position)
    for staff in staff_by_code.values():
        if staff.user_id:
            user_sync_groups(user=staff.user)
    return units, staff_by_code


@transaction.atomic
def demo_organisation_load() -> dict[str, int]:
    units, staff_by_code = _organisation_load(
        unit_rows=UNITS, staff_rows=STAFF, council=COUNCIL, mail_domain="bqlkkt.example.vn"
    )
    _demo_records_load(units, staff_by_code)
    return {"units": len(units), "staff": len(staff_by_code), "council": len(COUNCIL)}


def _demo_records_load(units: dict[str, OrgUnit], staff_by_code: dict[str, Staff]) -> None:
    """The staff records the eligibility rules read: three years of ratings and one discipline."""
    for year in RATING_YEARS:
        for code, staff in staff_by_code.items():
            if code in EXCELLENT[year]:
                rating = QualityRating.HTXSNV
            elif code in MERELY_DONE[year]:
                rating = QualityRating.HTNV
            else:
                rating = QualityRating.HTTNV
            staff_rating_set(staff=staff, year=year, rating=rating)
        for code, unit in units.items():
            if unit.takes_part_in_emulation:
                excellent = code in UNITS_EXCELLENT
                unit_rating_set(unit=unit, year=year, rating=QualityRating.HTXSNV if excellent else QualityRating.HTTNV)
    code, level, start, end, number = DISCIPLINE
    discipline_record(staff=staff_by_code[code], level=level, start=start, end=end, decision_number=number)


# ---------------------------------------------------------------------------
# A second agency beside the Board, so that isolation is visible: a Sở with its Văn phòng and three phòng.
# Its unit codes repeat the Board's ("VP") on purpose: codes are unique within an agency only.
# ---------------------------------------------------------------------------

BOARD_AGENCY = {
    "code": Agency.DEFAULT_CODE,
    "name": "Ban Quản lý Khu kinh tế tỉnh",
    "short_name": "BQL KKT",
    "place_name": "Tây Ninh",
    "issuer_title": "Trưởng ban",
    "governing_body": "UBND tỉnh Tây Ninh",
    "document_code": "BQL",
}
SECOND_AGENCY = {
    "code": "so-khcn",
    "name": "Sở Khoa học và Công nghệ",
    "short_name": "Sở KH&CN",
    "place_name": "Tây Ninh",
    "issuer_title": "Giám đốc Sở",
    "governing_body": "UBND tỉnh Tây Ninh",
    "document_code": "SKHCN",
}
SECOND_UNITS = [
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", OrgUnit.Kind.BOARD, None),
    ("VP", "Văn phòng Sở", "Văn phòng", OrgUnit.Kind.OFFICE, "SKHCN"),
    ("QLKH", "Phòng Quản lý Khoa học", "P. QLKH", OrgUnit.Kind.DIVISION, "SKHCN"),
    ("QLCN", "Phòng Quản lý Công nghệ và Đổi mới sáng tạo", "P. QLCN", OrgUnit.Kind.DIVISION, "SKHCN"),
    ("KHTC", "Phòng Kế hoạch – Tài chính", "P. KH-TC", OrgUnit.Kind.DIVISION, "SKHCN"),
]
SECOND_STAFF = [
    ("SKH001", "Trương Minh Đức", M, C, "Giám đốc Sở", "SKHCN", "khcn.giamdoc", [(Role.BOARD_HEAD, "SKHCN")]),
    ("SKH002", "Lâm Thị Ngọc Anh", F, CC, "Phó Giám đốc Sở", "SKHCN", "", [(Role.BOARD_DEPUTY, "SKHCN")]),
    (
        "SKH003",
        "Huỳnh Văn Tài",
        M,
        CC,
        "Chánh Văn phòng Sở",
        "VP",
        "khcn.chanhvanphong",
        [(Role.OFFICE_CHIEF, "VP"), (Role.UNIT_HEAD, "VP")],
    ),
    (
        "SKH004",
        "Đoàn Thị Kim Liên",
        F,
        CC,
        "Chuyên viên phụ trách thi đua – khen thưởng",
        "VP",
        "khcn.vanphong",
        [(Role.OFFICE_OFFICER, "VP"), (Role.UNIT_CLERK, "VP")],
    ),
    ("SKH005", "Nguyễn Hoàng Phúc", M, CC, "Trưởng phòng", "QLKH", "khcn.qlkh.truongphong", [(Role.UNIT_HEAD, "QLKH")]),
    ("SKH006", "Phạm Thị Diệu", F, CC, "Chuyên viên", "QLKH", "khcn.qlkh.thidua", [(Role.UNIT_CLERK, "QLKH")]),
    ("SKH007", "Trần Văn Lộc", M, CC, "Chuyên viên", "QLKH", "", []),
    ("SKH008", "Võ Thị Thu Sương", F, CC, "Trưởng phòng", "QLCN", "khcn.qlcn.truongphong", [(Role.UNIT_HEAD, "QLCN")]),
    ("SKH009", "Lê Quang Huy", M, CC, "Chuyên viên", "QLCN", "khcn.qlcn.thidua", [(Role.UNIT_CLERK, "QLCN")]),
    ("SKH010", "Dương Văn Nghĩa", M, CC, "Trưởng phòng", "KHTC", "khcn.khtc.truongphong", [(Role.UNIT_HEAD, "KHTC")]),
    ("SKH011", "Châu Thị Mỹ", F, CC, "Kế toán", "KHTC", "khcn.khtc.thidua", [(Role.UNIT_CLERK, "KHTC")]),
]
SECOND_COUNCIL = [
    ("SKH001", CouncilMembership.Position.CHAIR),
    ("SKH002", CouncilMembership.Position.VICE_CHAIR),
    ("SKH003", CouncilMembership.Position.SECRETARY),
    ("SKH005", CouncilMembership.Position.MEMBER),
    ("SKH008", CouncilMembership.Position.MEMBER),
]
SECOND_ACCOUNTS = [
    ("khcn.qlkh.thidua", "Cán bộ phụ trách thi đua của đơn vị (Phòng Quản lý Khoa học)"),
    ("khcn.qlkh.truongphong", "Trưởng đơn vị (Phòng Quản lý Khoa học), Ủy viên Hội đồng"),
    ("khcn.vanphong", "Chuyên viên TĐKT Văn phòng Sở"),
    ("khcn.chanhvanphong", "Chánh Văn phòng Sở, Ủy viên thường trực Hội đồng"),
    ("khcn.giamdoc", "Giám đốc Sở, Chủ tịch Hội đồng TĐKT"),
]


def demo_agency_ensure(values: dict) -> Agency:
    """The demo's agency with this code, named as the demo names it. The Board's is the installation's own
    agency (made by the migration from the data it found), renamed only when it still has its default code."""
    values = dict(values)
    code = values.pop("code")
    if code == Agency.DEFAULT_CODE:
        board = OrgUnit._base_manager.filter(kind=OrgUnit.Kind.BOARD, code="BQL").select_related("agency").first()
        existing = board.agency if board is not None else Agency.objects.filter(code=code).first()
        if existing is None and not OrgUnit._base_manager.exists():
            existing = Agency.objects.order_by("pk").first()  # a fresh installation: its one agency
        if existing is not None:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            return existing
    agency, _ = Agency.objects.update_or_create(code=code, defaults=values)
    return agency


@transaction.atomic
def demo_second_agency_load() -> dict[str, int]:
    """The second agency's organisation and 2024 council, in its own scope (call it inside agency_scope)."""
    units, staff_by_code = _organisation_load(
        unit_rows=SECOND_UNITS, staff_rows=SECOND_STAFF, council=SECOND_COUNCIL, mail_domain="skhcn.example.vn"
    )
    for year in RATING_YEARS:
        for staff in staff_by_code.values():
            staff_rating_set(staff=staff, year=year, rating=QualityRating.HTTNV)
    return {"units": len(units), "staff": len(staff_by_code), "council": len(SECOND_COUNCIL)}


# ---------------------------------------------------------------------------
# The province above both agencies: its Ban Thi đua – Khen thưởng receives their dossiers for the awards the Chủ tịch
# UBND tỉnh decides, its Hội đồng TĐKT votes, its Chủ tịch decides (workflows.province). Its people hold the same
# roles as an agency's: the Ban TĐKT's officers are its "Văn phòng", the Chủ tịch UBND tỉnh its decider.
# ---------------------------------------------------------------------------

PROVINCE_AGENCY = {
    "code": "tinh",
    "name": "Ban Thi đua – Khen thưởng tỉnh",
    "short_name": "Ban TĐKT tỉnh",
    "kind": Agency.Kind.PROVINCE,
    "place_name": "Tây Ninh",
    "issuer_title": "Chủ tịch UBND tỉnh",
    "document_code": "UBND",
}
PROVINCE_UNITS = [
    ("UBND", "Ủy ban nhân dân tỉnh", "UBND tỉnh", OrgUnit.Kind.BOARD, None),
    ("BTDKT", "Ban Thi đua – Khen thưởng (Sở Nội vụ)", "Ban TĐKT", OrgUnit.Kind.OFFICE, "UBND"),
]
PROVINCE_STAFF = [
    ("TINH001", "Phạm Văn Thành", M, C, "Chủ tịch UBND tỉnh", "UBND", "tinh.chutich", [(Role.BOARD_HEAD, "UBND")]),
    (
        "TINH002",
        "Đặng Thị Thu Hà",
        F,
        C,
        "Phó Chủ tịch UBND tỉnh",
        "UBND",
        "tinh.phochutich",
        [(Role.BOARD_DEPUTY, "UBND")],
    ),
    ("TINH003", "Lê Minh Khoa", M, CC, "Giám đốc Sở Nội vụ", "UBND", "tinh.giamdocsnv", []),
    (
        "TINH004",
        "Trần Thị Bích Ngọc",
        F,
        CC,
        "Trưởng ban Ban Thi đua – Khen thưởng",
        "BTDKT",
        "tinh.truongban",
        [(Role.OFFICE_CHIEF, "BTDKT"), (Role.UNIT_HEAD, "BTDKT")],
    ),
    (
        "TINH005",
        "Võ Quốc Huy",
        M,
        CC,
        "Chuyên viên Ban Thi đua – Khen thưởng",
        "BTDKT",
        "tinh.chuyenvien",
        [(Role.OFFICE_OFFICER, "BTDKT"), (Role.UNIT_CLERK, "BTDKT")],
    ),
    (
        "TINH006",
        "Hồ Thị Kim Yến",
        F,
        CC,
        "Chuyên viên Ban Thi đua – Khen thưởng",
        "BTDKT",
        "tinh.chuyenvien2",
        [(Role.OFFICE_OFFICER, "BTDKT")],
    ),
    ("TINH007", "Nguyễn Văn Toàn", M, C, "Chủ tịch Liên đoàn Lao động tỉnh", "UBND", "tinh.uyvien", []),
]
# The province's 2024 council: 5 members (an odd number), chaired by the Chủ tịch UBND tỉnh.
PROVINCE_COUNCIL = [
    ("TINH001", CouncilMembership.Position.CHAIR),
    ("TINH003", CouncilMembership.Position.VICE_CHAIR),
    ("TINH004", CouncilMembership.Position.SECRETARY),
    ("TINH002", CouncilMembership.Position.MEMBER),
    ("TINH007", CouncilMembership.Position.MEMBER),
]
PROVINCE_ACCOUNTS = [
    ("tinh.chuyenvien", "Chuyên viên Ban TĐKT tỉnh (kiểm tra hồ sơ các cơ quan gửi)"),
    ("tinh.truongban", "Trưởng ban Ban TĐKT tỉnh, Thư ký Hội đồng TĐKT tỉnh"),
    ("tinh.giamdocsnv", "Giám đốc Sở Nội vụ, Phó Chủ tịch Hội đồng TĐKT tỉnh"),
    ("tinh.phochutich", "Phó Chủ tịch UBND tỉnh, Ủy viên Hội đồng TĐKT tỉnh"),
    ("tinh.uyvien", "Ủy viên Hội đồng TĐKT tỉnh (Chủ tịch LĐLĐ tỉnh)"),
    ("tinh.chutich", "Chủ tịch UBND tỉnh, Chủ tịch Hội đồng TĐKT tỉnh (quyết định khen thưởng cấp tỉnh)"),
]


@transaction.atomic
def demo_province_load() -> dict[str, int]:
    """The province's Ban TĐKT, its people and its 2024 council, in its own scope (call it inside agency_scope)."""
    units, staff_by_code = _organisation_load(
        unit_rows=PROVINCE_UNITS,
        staff_rows=PROVINCE_STAFF,
        council=PROVINCE_COUNCIL,
        mail_domain="bantdkt-tinh.example.vn",
    )
    return {"units": len(units), "staff": len(staff_by_code), "council": len(PROVINCE_COUNCIL)}


def demo_agencies_under_province(*, province: Agency, agencies: list[Agency]) -> None:
    """The demo's agencies sit under the province: their dossiers for the province's awards go to it."""
    for agency in agencies:
        if agency.parent_id != province.pk:
            agency.parent = province
            agency.save(update_fields=["parent"])
