"""The organisation: units, staff, roles, the council and delegations."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import clock
from .tenancy import AgencyOwned


class Agency(models.Model):
    """Cơ quan, đơn vị sử dụng — an agency running its own emulation year on the installation (the Board is one;
    a sở, ban, ngành or district another); a province-kind agency sits above them (the province's Ban Thi đua –
    Khen thưởng), which `parent` points to."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Cơ quan, đơn vị")
        PROVINCE = "province", _("Cấp tỉnh")

    DEFAULT_CODE = "ban-quan-ly"

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("cấp"), max_length=16, choices=Kind.choices, default=Kind.AGENCY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cấp tỉnh quản lý"),
        related_name="agencies",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "province"},
    )
    place_name = models.CharField(
        _("địa danh"), max_length=64, blank=True, help_text=_("Ghi trên văn bản, ví dụ: Tây Ninh.")
    )
    issuer_title = models.CharField(
        _("chức danh người ký quyết định"), max_length=128, blank=True, help_text=_("Ví dụ: Trưởng ban.")
    )
    # What the agency's documents print in their header (NĐ 30/2020 Phụ lục I): the body above it, and the short
    # symbol of its name in document numbers ("05/QĐ-BQL").
    governing_body = models.CharField(
        _("tên cơ quan chủ quản"),
        max_length=255,
        blank=True,
        help_text=_("Ghi ở đầu văn bản, trên tên cơ quan, ví dụ: UBND tỉnh Tây Ninh. Để trống nếu không có."),
    )
    document_code = models.CharField(
        _("ký hiệu cơ quan trên số văn bản"),
        max_length=32,
        blank=True,
        validators=[RegexValidator(r"^[A-ZĐ0-9&-]+$", _("Chỉ gồm chữ in hoa, chữ số, dấu & và dấu -."))],
        help_text=_("Phần sau dấu gạch nối của số văn bản, ví dụ: BQL trong 05/QĐ-BQL."),
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị sử dụng")
        verbose_name_plural = _("cơ quan, đơn vị sử dụng")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="agency_not_its_own_parent"),
        ]

    def __str__(self):
        return self.short_name or self.name

    @staticmethod
    def default_values() -> dict:
        """The installation's agency when nothing else is known (a fresh install, or data from before agencies)."""
        return {
            "name": "Ban Quản lý Khu kinh tế tỉnh",
            "short_name": "Ban Quản lý",
            "kind": Agency.Kind.AGENCY,
            "issuer_title": "Trưởng ban",
        }


class OrgUnit(AgencyOwned):
    """Đơn vị — the Board, its Văn phòng, a phòng or a đơn vị trực thuộc."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Ban Quản lý")
        OFFICE = "office", _("Văn phòng Ban")
        DIVISION = "division", _("Phòng chuyên môn")
        SUBORDINATE = "subordinate", _("Đơn vị trực thuộc")

    code = models.CharField(_("mã đơn vị"), max_length=32)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    agency_from = ("parent",)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="one_unit_code_per_agency"),
            models.UniqueConstraint(fields=["agency"], condition=Q(kind="board"), name="one_board_per_agency"),
        ]

    def __str__(self):
        return self.name

    def get_kind_display(self) -> str:
        """The agency's top unit and its Văn phòng as the agency calls them (people.wording)."""
        from .wording import agency_words

        words = agency_words(self.agency_id)
        if words.own and self.kind == self.Kind.BOARD:
            return words.noun
        if words.own and self.kind == self.Kind.OFFICE:
            return words.office
        return str(self.Kind(self.kind).label)

    @property
    def takes_part_in_emulation(self) -> bool:
        """Phòng and đơn vị trực thuộc register, review and nominate; the Board itself does not."""
        return self.kind in (self.Kind.OFFICE, self.Kind.DIVISION, self.Kind.SUBORDINATE)


def email_normalize(address: str) -> str:
    """An address as stored and compared: people type "LINH@EXAMPLE.COM" and "linh@example.com" for one
    mailbox (domains are case-blind, RFC 5321 §2.4, and no government mail server tells local parts apart)."""
    return (address or "").strip().lower()


class Staff(AgencyOwned):
    """Cán bộ, công chức, viên chức, người lao động of the Board."""

    class Category(models.TextChoices):
        CADRE = "can_bo", _("Cán bộ")
        CIVIL_SERVANT = "cong_chuc", _("Công chức")
        PUBLIC_EMPLOYEE = "vien_chuc", _("Viên chức")
        WORKER = "nguoi_lao_dong", _("Người lao động")

    class Gender(models.TextChoices):
        MALE = "nam", _("Nam")
        FEMALE = "nu", _("Nữ")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        related_name="staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    staff_code = models.CharField(_("mã cán bộ"), max_length=32)
    full_name = models.CharField(_("họ và tên"), max_length=255)
    email = models.EmailField(_("thư điện tử"), blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), related_name="staff", on_delete=models.PROTECT)
    category = models.CharField(_("đối tượng"), max_length=16, choices=Category.choices)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    # From when the person works here: the time worked in a year is counted from it (eligibility's time_worked).
    employed_from = models.DateField(_("ngày bắt đầu công tác"), null=True, blank=True)
    is_active = models.BooleanField(_("đang công tác"), default=True)

    agency_from = ("unit",)

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["unit__order", "full_name"]
        permissions = [("import_staff", _("Nhập đơn vị và cán bộ từ tệp Excel/CSV"))]
        indexes = [models.Index(fields=["unit", "is_active"])]
        constraints = [models.UniqueConstraint(fields=["agency", "staff_code"], name="one_staff_code_per_agency")]

    def __str__(self):
        return self.full_name


class Role(models.TextChoices):
    """The roles the flows act on; each maps to a Django group of the same code."""

    UNIT_HEAD = "unit_head", _("Trưởng đơn vị")
    UNIT_DEPUTY = "unit_deputy", _("Phó trưởng đơn vị")
    UNIT_CLERK = "unit_clerk", _("Cán bộ phụ trách thi đua của đơn vị")
    OFFICE_OFFICER = "office_officer", _("Chuyên viên TĐKT Văn phòng")
    OFFICE_CHIEF = "office_chief", _("Chánh Văn phòng")
    BOARD_HEAD = "board_head", _("Trưởng ban")
    BOARD_DEPUTY = "board_deputy", _("Phó Trưởng ban")


# Roles held within one unit; the others are held for the whole Board.
UNIT_ROLES = (Role.UNIT_HEAD, Role.UNIT_DEPUTY, Role.UNIT_CLERK)


class RoleAssignment(AgencyOwned):
    """Who holds which role, and in which unit."""

    agency_from = ("staff", "unit")

    staff = models.ForeignKey(Staff, verbose_name=_("cán bộ"), related_name="roles", on_delete=models.CASCADE)
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), related_name="role_assignments", on_delete=models.PROTECT
    )
    is_active = models.BooleanField(_("đang giữ"), default=True)

    class Meta:
        verbose_name = _("phân vai trò")
        verbose_name_plural = _("phân vai trò")
        constraints = [
            models.UniqueConstraint(fields=["staff", "role", "unit"], name="one_role_per_unit"),
        ]
        indexes = [models.Index(fields=["role", "unit", "is_active"])]

    def __str__(self):
        return f"{self.staff} — {self.get_role_display()} ({self.unit})"

    def get_role_display(self) -> str:
        """The role as the agency calls it (a Sở's head is its "Giám đốc Sở"; people.wording)."""
        from .wording import agency_words, role_label

        return role_label(self.role, agency_words(self.agency_id))


class CouncilMembership(AgencyOwned):
    """Thành viên Hội đồng Thi đua – Khen thưởng of one year (each agency has its own council)."""

    agency_from = ("staff",)

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch Hội đồng")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
        SECRETARY = "secretary", _("Ủy viên thường trực / thư ký")
        MEMBER = "member", _("Ủy viên")

    year = models.PositiveIntegerField(_("năm"))
    staff = models.ForeignKey(
        Staff, verbose_name=_("cán bộ"), related_name="council_memberships", on_delete=models.PROTECT
    )
    position = models.CharField(_("chức danh trong Hội đồng"), max_length=16, choices=Position.choices)

    class Meta:
        verbose_name = _("thành viên Hội đồng TĐKT")
        verbose_name_plural = _("thành viên Hội đồng TĐKT")
        ordering = ["year", "position", "staff__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "staff"], name="one_seat_per_year"),
            models.UniqueConstraint(
                fields=["agency", "year"], condition=Q(position="chair"), name="one_chair_per_agency_and_year"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.staff} — {self.get_position_display()}"


class Delegation(AgencyOwned):
    """Ủy quyền — a role handed to another person for a date range (e.g. while on leave)."""

    agency_from = ("role_assignment",)

    role_assignment = models.ForeignKey(
        RoleAssignment,
        verbose_name=_("vai trò được ủy quyền"),
        related_name="delegations",
        on_delete=models.CASCADE,
    )
    delegate = models.ForeignKey(
        Staff, verbose_name=_("người được ủy quyền"), related_name="delegations_received", on_delete=models.PROTECT
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến hết ngày"))
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="delegation_dates_in_order"),
        ]
        indexes = [models.Index(fields=["delegate", "start_date", "end_date"])]

    def __str__(self):
        return f"{self.role_assignment} → {self.delegate} ({self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.")})
        if self.role_assignment_id and self.delegate_id and self.role_assignment.staff_id == self.delegate_id:
            raise ValidationError({"delegate": _("Không thể ủy quyền cho chính người giữ vai trò.")})


class ImportJobBase(AgencyOwned):
    """What every import job holds (staff, commendation history): who uploaded and confirmed it, the parsed rows
    and their preview, progress, and its times; previewed first, then written in one transaction by a worker
    (people.import_jobs)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Đang xem trước")
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Thất bại")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Every time of the job comes from the clock seam, so a demo pinned to another day shows that day.
    created_at = models.DateTimeField(_("thời điểm tải lên"), default=clock.now, editable=False)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận nhập"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    original_filename = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PREVIEW)
    rows = models.JSONField(_("các dòng dữ liệu"), default=list)
    # What the preview showed, kept so the page and the commit agree.
    preview = models.JSONField(_("kết quả xem trước"), default=dict)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    error_message = models.TextField(_("thông báo lỗi"), blank=True)
    queued_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    started_at = models.DateTimeField(_("thời điểm bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.original_filename

    @property
    def uploader_name(self) -> str:
        return _person_name(self.created_by)

    @property
    def committer_name(self) -> str:
        return _person_name(self.committed_by)


class ImportJob(ImportJobBase):
    """One upload of units and staff: previewed first, then written in a single transaction by a worker."""

    # Which optional columns the file had: a column left out of the file leaves that field alone.
    columns = models.JSONField(_("các cột có trong tệp"), default=list)
    created_count = models.PositiveIntegerField(_("cán bộ thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cán bộ cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("cán bộ không đổi"), default=0)
    deactivated_count = models.PositiveIntegerField(_("cán bộ thôi công tác"), default=0)
    units_created_count = models.PositiveIntegerField(_("đơn vị thêm mới"), default=0)
    units_updated_count = models.PositiveIntegerField(_("đơn vị cập nhật"), default=0)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")


def _person_name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username


# ---------------------------------------------------------------------------
# Staff records the eligibility rules read (workflows/rules/facts.py)
# ---------------------------------------------------------------------------


class QualityRating(models.TextChoices):
    """Mức xếp loại chất lượng — the same codes as workflows.models.Rating (NĐ 90/2020, NĐ 48/2023); kept here
    because people never imports workflows."""

    HTXSNV = "htxsnv", _("Hoàn thành xuất sắc nhiệm vụ")
    HTTNV = "httnv", _("Hoàn thành tốt nhiệm vụ")
    HTNV = "htnv", _("Hoàn thành nhiệm vụ")
    KHTNV = "khtnv", _("Không hoàn thành nhiệm vụ")


class AnnualRating(AgencyOwned):
    """Xếp loại chất lượng hằng năm — a staff member's rating for a year, or the unit's own (one of the two)."""

    agency_from = ("staff", "unit")

    staff = models.ForeignKey(
        Staff,
        verbose_name=_("cán bộ"),
        related_name="annual_ratings",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("tập thể"),
        related_name="annual_ratings",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    year = models.PositiveIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=8, choices=QualityRating.choices)
    # Nhóm chức trách tương đồng: the HTXSNV share is counted within one group of a unit (brief §9.4).
    duty_group = models.CharField(_("nhóm chức trách"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("xếp loại chất lượng hằng năm")
        verbose_name_plural = _("xếp loại chất lượng hằng năm")
        ordering = ["-year", "unit__code", "staff__staff_code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(staff__isnull=False) & Q(unit__isnull=True))
                | (Q(staff__isnull=True) & Q(unit__isnull=False)),
                name="rating_of_person_or_unit",
            ),
            models.UniqueConstraint(
                fields=["staff", "year"], condition=Q(staff__isnull=False), name="one_rating_a_year"
            ),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(unit__isnull=False), name="one_unit_rating_a_year"
            ),
        ]
        indexes = [models.Index(fields=["year", "staff"]), models.Index(fields=["year", "unit"])]

    def __str__(self):
        return f"{self.staff or self.unit} — {self.year}: {self.get_rating_display()}"


def _person_or_unit() -> Q:
    """Exactly one of staff and unit: a record is about a person, or about a collective (the unit itself)."""
    return (Q(staff__isnull=False) & Q(unit__isnull=True)) | (Q(staff__isnull=True) & Q(unit__isnull=False))


class Hold(AgencyOwned):
    """Thời gian đang xem xét kỷ luật, thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo — about a person or about
    a collective (the unit itself); while open, that person or collective is not commended (NĐ 152/2025 Đ4 k4)."""

    agency_from = ("staff", "unit")

    class Kind(models.TextChoices):
        DISCIPLINE_REVIEW = "discipline_review", _("Đang xem xét thi hành kỷ luật")
        INSPECTION = "inspection", _("Đang thanh tra, kiểm tra")
        COMPLAINT = "complaint", _("Đang giải quyết khiếu nại, tố cáo")

    staff = models.ForeignKey(
        Staff, verbose_name=_("cán bộ"), related_name="holds", on_delete=models.CASCADE, null=True, blank=True
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("tập thể"),
        related_name="holds",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Chọn cán bộ hoặc tập thể (đơn vị), không chọn cả hai."),
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("kết thúc ngày"), null=True, blank=True, help_text=_("Để trống khi chưa có kết luận."))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thời gian xem xét, thanh tra, khiếu nại")
        verbose_name_plural = _("thời gian xem xét, thanh tra, khiếu nại")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="hold_dates_in_order"
            ),
            models.CheckConstraint(
                condition=_person_or_unit(),
                name="hold_of_person_or_unit",
                violation_error_message=_("Chọn đúng một trong hai: cán bộ hoặc tập thể (đơn vị)."),
            ),
        ]

    def __str__(self):
        return f"{self.staff or self.unit} — {self.get_kind_display()} ({self.start:%d/%m/%Y})"


class Discipline(AgencyOwned):
    """Kỷ luật — a discipline decided against a staff member or a collective (the unit itself) and the period it
    is served (thời gian thi hành kỷ luật); achievements count only from its end (NĐ 152/2025 Đ4 k4). Levels as in
    eligibility.yaml."""

    agency_from = ("staff", "unit")

    class Level(models.TextChoices):
        REPRIMAND = "khien_trach", _("Khiển trách")
        WARNING = "canh_cao", _("Cảnh cáo")
        SALARY_DOWNGRADE = "ha_bac_luong", _("Hạ bậc lương")
        DEMOTION = "giang_chuc", _("Giáng chức")
        DISMISSAL_FROM_POST = "cach_chuc", _("Cách chức")
        DISMISSAL = "buoc_thoi_viec", _("Buộc thôi việc")

    staff = models.ForeignKey(
        Staff, verbose_name=_("cán bộ"), related_name="disciplines", on_delete=models.CASCADE, null=True, blank=True
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("tập thể"),
        related_name="disciplines",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Chọn cán bộ hoặc tập thể (đơn vị), không chọn cả hai."),
    )
    level = models.CharField(_("hình thức kỷ luật"), max_length=16, choices=Level.choices)
    start = models.DateField(_("thi hành từ ngày"))
    end = models.DateField(_("thi hành đến hết ngày"))
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="discipline_dates_in_order"),
            models.CheckConstraint(
                condition=_person_or_unit(),
                name="discipline_of_person_or_unit",
                violation_error_message=_("Chọn đúng một trong hai: cán bộ hoặc tập thể (đơn vị)."),
            ),
        ]

    def __str__(self):
        who = self.staff or self.unit
        return f"{who} — {self.get_level_display()} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"


class Leave(AgencyOwned):
    """Thời gian nghỉ — time away from work; nghỉ thai sản counts as time worked (NĐ 152/2025 Đ4 k5)."""

    agency_from = ("staff",)

    class Kind(models.TextChoices):
        MATERNITY = "maternity", _("Nghỉ thai sản")
        SICK = "sick", _("Nghỉ ốm dài ngày")
        UNPAID = "unpaid", _("Nghỉ không lương")
        STUDY = "study", _("Đi học tập trung")
        OTHER = "other", _("Nghỉ khác")

    staff = models.ForeignKey(Staff, verbose_name=_("cán bộ"), related_name="leaves", on_delete=models.CASCADE)
    kind = models.CharField(_("loại nghỉ"), max_length=16, choices=Kind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến hết ngày"))

    class Meta:
        verbose_name = _("thời gian nghỉ")
        verbose_name_plural = _("thời gian nghỉ")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="leave_dates_in_order"),
        ]

    def __str__(self):
        return f"{self.staff} — {self.get_kind_display()} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"
