"""The year's campaign, its milestones and targets, and the rules of the law as dated data."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.managers import ProcessQuerySet
from viewflow.workflow.models import Process

from people import clock
from people.tenancy import AgencyOwned, scoped_manager


class AwardTitle(models.Model):
    """Danh hiệu thi đua / hình thức khen thưởng — an emulation title or form of award."""

    class Scope(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")

    class Kind(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        AWARD = "award", _("Hình thức khen thưởng")

    class DecidedAt(models.TextChoices):
        BOARD = "board", _("Trưởng ban quyết định")
        UPWARD = "upward", _("Cấp trên quyết định")

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("viết tắt"), max_length=32)
    scope = models.CharField(_("đối tượng"), max_length=16, choices=Scope.choices)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    decided_at = models.CharField(_("thẩm quyền quyết định"), max_length=16, choices=DecidedAt.choices)
    catalogue_code = models.CharField(
        _("mã danh mục của hệ thống tỉnh"),
        max_length=32,
        blank=True,
        help_text=_("Mã trong danh mục khen thưởng dùng khi trao đổi tệp với cấp trên."),
    )
    # Among the titles decided upward: those the province's Chủ tịch UBND decides (CSTĐ tỉnh, Bằng khen and Cờ thi đua
    # of the UBND tỉnh, TTLĐXS), which reach the province's Ban TĐKT as a case of its own when the agency sits under a
    # province on the installation; the others (Bằng khen Bộ, Thủ tướng, CSTĐ toàn quốc) are recorded by hand.
    province_decides = models.BooleanField(
        _("cấp tỉnh quyết định"),
        default=False,
        help_text=_("Chủ tịch UBND tỉnh quyết định: hồ sơ được gửi vào hệ thống của Ban Thi đua – Khen thưởng tỉnh."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("danh hiệu / hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu / hình thức khen thưởng")
        ordering = ["scope", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(province_decides=False) | Q(decided_at="upward"), name="province_decides_upward_titles"
            ),
        ]

    def __str__(self):
        return self.name


class TitleRule(models.Model):
    """The rule for one title over a period of law: vote, threshold, dossier, with its citation."""

    title = models.ForeignKey(AwardTitle, verbose_name=_("danh hiệu"), related_name="rules", on_delete=models.CASCADE)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    effective_to = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)
    citation = models.CharField(_("căn cứ"), max_length=255)
    vote_required = models.BooleanField(_("Hội đồng phải bỏ phiếu"), default=False)
    secret_ballot = models.BooleanField(_("bỏ phiếu kín"), default=False)
    approval_threshold_percent = models.DecimalField(
        _("tỷ lệ đồng ý tối thiểu (% tổng số thành viên Hội đồng)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    required_documents = models.JSONField(_("thành phần hồ sơ"), default=list, blank=True)
    criteria = models.TextField(_("tiêu chuẩn"), blank=True)

    class Meta:
        verbose_name = _("quy định theo thời kỳ")
        verbose_name_plural = _("quy định theo thời kỳ")
        ordering = ["title", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["title", "effective_from"], name="one_rule_per_title_and_start"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="rule_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.title.short_name} — {self.citation}"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def clean(self):
        super().clean()
        codes = self.required_documents if isinstance(self.required_documents, list) else None
        if codes is None or not all(isinstance(code, str) for code in codes):
            raise ValidationError({"required_documents": _("Thành phần hồ sơ phải là danh sách mã loại tài liệu.")})
        unknown = set(codes) - set(DocumentKind.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown:
            raise ValidationError(
                {
                    "required_documents": _("Loại tài liệu chưa có trong danh mục: %(codes)s")
                    % {"codes": ", ".join(sorted(unknown))}
                }
            )


class DocumentKindQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None):
        """Kinds that may be chosen on a day: active, and within their dates where the law gives them."""
        kinds = self.filter(active=True)
        if on is not None:
            kinds = kinds.filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
            kinds = kinds.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        return kinds


class DocumentKind(models.Model):
    """Loại tài liệu — what a file in a case is: the dossier documents of the law and the case's other papers.

    The one list of document kinds, loaded from data and editable in the admin: what may be uploaded, whose it
    is (the whole dossier or one nominee) and who supplies it. A case file stores the code."""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    description = models.TextField(_("mô tả theo văn bản quy định"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    per_nominee = models.BooleanField(
        _("của từng người được đề nghị"), default=False, help_text=_("Ví dụ: báo cáo thành tích của mỗi cá nhân.")
    )
    produced_by_council = models.BooleanField(
        _("do Hội đồng TĐKT lập"), default=False, help_text=_("Đơn vị không phải nộp trước khi Hội đồng họp.")
    )
    generated_by_product = models.BooleanField(
        _("do hệ thống tự tạo"), default=False, help_text=_("Hệ thống lập văn bản này; đơn vị không phải nộp.")
    )
    active = models.BooleanField(_("đang dùng"), default=True, help_text=_("Bỏ chọn để không cho tải lên loại này."))
    effective_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    effective_to = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)
    citation = models.CharField(_("căn cứ"), max_length=255, blank=True)

    objects = DocumentKindQuerySet.as_manager()

    class Meta:
        verbose_name = _("loại tài liệu")
        verbose_name_plural = _("loại tài liệu")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="document_kind_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: the catalogue's translation where it has one, else as written."""
        return gettext(self.name) if self.name else self.code

    @property
    def supplied_later(self) -> bool:
        """Not the unit's to supply before the council meets: the council or the product makes it."""
        return self.produced_by_council or self.generated_by_product


class RuleBasis(models.TextChoices):
    STATED = "stated", _("Có trong văn bản được dẫn")
    INFERRED = "inferred", _("Suy ra, chưa đối chiếu văn bản")


class LawPeriod(models.Model):
    """Thời kỳ áp dụng pháp luật — which framework of law governs achievements of a day (brief §0, §9.3, §9.7).
    Loaded from workflows/data/eligibility.yaml; a period that starts later (a new decree) can be added in the
    admin."""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    effective_to = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)
    citation = models.CharField(_("căn cứ"), max_length=255)
    grounds = models.TextField(
        _("căn cứ ghi trong văn bản"),
        blank=True,
        help_text=_(
            "Mỗi dòng một văn bản, đúng tên gọi đầy đủ, không có chữ “Căn cứ” ở đầu, ví dụ: Luật Thi đua, khen thưởng "
            "ngày 15 tháng 6 năm 2022. Các quyết định khen thưởng do hệ thống lập ghi các dòng này."
        ),
    )
    basis = models.CharField(_("loại căn cứ"), max_length=16, choices=RuleBasis.choices, default=RuleBasis.STATED)
    verified = models.BooleanField(_("đã đối chiếu văn bản"), default=True)
    lower_form_not_prerequisite = models.BooleanField(
        _("không đòi hình thức mức thấp trước"),
        default=False,
        help_text=_("NĐ 152/2025 Đ4 k1: không nhất thiết có hình thức khen thưởng mức thấp mới được khen mức cao."),
    )
    shipped = models.BooleanField(_("có trong tệp dữ liệu"), default=False, editable=False)

    class Meta:
        verbose_name = _("thời kỳ áp dụng pháp luật")
        verbose_name_plural = _("thời kỳ áp dụng pháp luật")
        ordering = ["effective_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="law_period_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def grounds_lines(self) -> list[str]:
        """The instruments as a document cites them: the formal lines where given, else the short name's parts."""
        lines = [line.strip() for line in self.grounds.splitlines() if line.strip()]
        return lines or [part.strip() for part in self.name.split("+") if part.strip()]


class EligibilityRuleQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        return self.filter(effective_from__lte=on).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))


class EligibilityRule(models.Model):
    """Quy định xét điều kiện — one checkable condition of the law for a title (or every title of its scope),
    dated and cited. Loaded from workflows/data/eligibility.yaml and editable in the admin; the judging functions
    (workflows/rules/eligibility.py) read what `kind` says from `params`. A shipped rule is closed (effective_to),
    never deleted: a dossier of its years is still judged by it."""

    class Scope(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        GROUP = "group", _("Cả nhóm (tỷ lệ, chỉ tiêu)")

    class Kind(models.TextChoices):
        RATING_GATE = "rating_gate", _("Xếp loại tối thiểu")
        MEETS_TITLE = "meets_title", _("Đạt tiêu chuẩn danh hiệu khác cùng năm")
        EXCELLENCE = "excellence", _("HTXSNV hoặc sáng kiến / đề tài trong năm")
        CHAIN = "chain", _("Chuỗi năm liên tục")
        MEMBERS_TITLE_SHARE = "members_title_share", _("Tỷ lệ thành viên đạt danh hiệu")
        MEMBERS_RATING_SHARE = "members_rating_share", _("Tỷ lệ thành viên theo xếp loại")
        MEMBERS_DISCIPLINE = "members_discipline", _("Không có thành viên bị kỷ luật từ mức")
        HOLD_PENDING = "hold_pending", _("Đang bị xem xét kỷ luật, thanh tra, khiếu nại")
        DISCIPLINE_SERVED = "discipline_served", _("Tính thành tích từ khi hết thời hạn kỷ luật")
        TIME_WORKED = "time_worked", _("Thời gian công tác trong năm")
        INITIATIVE_ONCE = "initiative_once", _("Một sáng kiến chỉ tính một lần")
        RATING_QUOTA = "rating_quota", _("Tỷ lệ xếp loại HTXSNV")
        TITLE_SHARE = "title_share", _("Tỷ lệ, chỉ tiêu danh hiệu của chương trình")

    class Severity(models.TextChoices):
        BLOCKS = "blocks", _("Chặn (không tiếp nhận được)")
        WARNS = "warns", _("Cảnh báo (ghi nhận kèm lý do)")

    code = models.CharField(
        _("mã quy định"),
        max_length=64,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_.\-]+$", _("Mã chỉ gồm chữ không dấu, số và các dấu . _ -"))],
        help_text=_("Ví dụ: CSTD_TINH.chain.2027 (danh hiệu.loại.năm bắt đầu)."),
    )
    title = models.CharField(
        _("danh hiệu"), max_length=32, blank=True, help_text=_("Để trống: áp dụng cho mọi danh hiệu của phạm vi.")
    )
    scope = models.CharField(_("phạm vi"), max_length=16, choices=Scope.choices)
    kind = models.CharField(_("loại quy định"), max_length=32, choices=Kind.choices)
    params = models.JSONField(
        _("tham số"),
        default=dict,
        blank=True,
        help_text=_('Những gì loại quy định cần, ví dụ {"min_rating": "httnv"}.'),
    )
    effective_from = models.DateField(_("áp dụng từ ngày"))
    effective_to = models.DateField(
        _("áp dụng đến hết ngày"), null=True, blank=True, help_text=_("Điền để cho quy định hết hiệu lực.")
    )
    citation = models.CharField(_("căn cứ"), max_length=255)
    basis = models.CharField(_("loại căn cứ"), max_length=16, choices=RuleBasis.choices)
    severity = models.CharField(_("mức độ"), max_length=16, choices=Severity.choices)
    applies_to = models.JSONField(
        _("áp dụng cho loại cán bộ"),
        default=list,
        blank=True,
        help_text=_('Để trống: mọi người; hoặc danh sách như ["vien_chuc"].'),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    shipped = models.BooleanField(_("có trong tệp dữ liệu"), default=False, editable=False)
    changed_at = models.DateTimeField(_("sửa lần cuối trong trang quản trị"), null=True, blank=True, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
    )

    objects = EligibilityRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy định xét điều kiện")
        verbose_name_plural = _("quy định xét điều kiện")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="eligibility_rule_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.code


def default_reminder_days() -> list[int]:
    return [14, 7, 3, 1, 0]


DEFAULT_STEP_DAYS = 3


class Campaign(AgencyOwned):
    """Phong trào thi đua năm N — the year's emulation programme."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ACTIVE = "active", _("Đang triển khai")
        CLOSED = "closed", _("Đã tổng kết")

    year = models.PositiveIntegerField(_("năm"))
    name = models.CharField(_("tên chương trình"), max_length=500)
    theme = models.CharField(_("chủ đề"), max_length=500, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    basis = models.TextField(_("căn cứ"), blank=True)
    signed_by = models.CharField(_("người ký"), max_length=255, blank=True)
    # Quy chế hoạt động của Hội đồng TĐKT: quorum and the default majority, both on total membership.
    # Quorum as a fraction (default 2/3), so that exactly two thirds counts.
    council_quorum_numerator = models.PositiveSmallIntegerField(_("số có mặt tối thiểu: tử số"), default=2)
    council_quorum_denominator = models.PositiveSmallIntegerField(_("số có mặt tối thiểu: mẫu số"), default=3)
    # Nhắc hạn: days before each milestone, the hour, and the escalation after it; allowed days per step.
    reminder_days_before = models.JSONField(_("nhắc trước hạn (ngày)"), default=default_reminder_days)
    reminder_hour = models.PositiveSmallIntegerField(_("giờ gửi nhắc"), default=8)
    escalation_every_days = models.PositiveSmallIntegerField(_("báo quá hạn mỗi (ngày)"), default=3)
    escalation_times = models.PositiveSmallIntegerField(_("số lần báo quá hạn"), default=3)
    step_allowed_days = models.JSONField(
        _("số ngày làm việc cho mỗi bước"),
        default=dict,
        blank=True,
        help_text=_('Theo tên bước, ví dụ {"sign": 2}; bước không ghi được 3 ngày làm việc.'),
    )
    council_majority_percent = models.DecimalField(
        _("đa số theo Quy chế (% tổng số thành viên, phải vượt quá)"), max_digits=5, decimal_places=2, default=50
    )
    # The province's programme this agency's campaign answers to (Chương trình thi đua của UBND tỉnh); a row of the
    # province agency, read across agencies only by workflows.province.
    province_campaign = models.ForeignKey(
        "self",
        verbose_name=_("chương trình thi đua của tỉnh"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_campaign_per_agency_and_year"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="campaign_dates_in_order"),
            models.CheckConstraint(
                condition=Q(council_quorum_denominator__gte=1)
                & Q(council_quorum_numerator__lte=models.F("council_quorum_denominator")),
                name="council_quorum_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=Q(council_majority_percent__gte=0) & Q(council_majority_percent__lte=100),
                name="council_majority_is_a_percentage",
            ),
        ]

    def __str__(self):
        return self.name


class Milestone(AgencyOwned):
    """Mốc thời hạn — a deadline of the programme and who owes it to whom."""

    agency_from = ("campaign",)

    class Owner(models.TextChoices):
        UNITS = "units", _("Các phòng, đơn vị trực thuộc → Văn phòng Ban")
        OFFICE = "office", _("Văn phòng Ban → cấp trên")
        # A province's programme: what the agencies under it owe the province (workflows.province_reports).
        AGENCIES = "agencies", _("Các cơ quan, đơn vị → Ban Thi đua – Khen thưởng tỉnh")

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Đăng ký thi đua")
        MIDYEAR = "midyear", _("Sơ kết 6 tháng")
        YEAREND = "yearend", _("Tổng kết, bình xét, đề nghị khen thưởng")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), related_name="milestones", on_delete=models.CASCADE
    )
    code = models.CharField(_("mã"), max_length=32)
    kind = models.CharField(_("nội dung"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("tên mốc"), max_length=255)
    due_date = models.DateField(_("hạn"))
    owner = models.CharField(_("bên phải nộp"), max_length=16, choices=Owner.choices)
    recipient = models.CharField(_("nơi nhận"), max_length=255)
    description = models.TextField(_("yêu cầu"), blank=True)

    class Meta:
        verbose_name = _("mốc thời hạn")
        verbose_name_plural = _("mốc thời hạn")
        ordering = ["due_date", "owner"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="one_milestone_code_per_campaign")]

    def __str__(self):
        return f"{self.label} ({self.due_date:%d/%m/%Y})"

    def get_owner_display(self) -> str:
        """Who owes whom, naming the agency's own Văn phòng (people.wording)."""
        from people.wording import agency_words

        words = agency_words(self.agency_id)
        if words.own and self.owner == self.Owner.UNITS:
            return gettext("Các phòng, đơn vị trực thuộc → %(office)s") % {"office": words.office}
        if words.own and self.owner == self.Owner.OFFICE:
            return gettext("%(office)s → cấp trên") % {"office": words.office}
        return str(self.Owner(self.owner).label)


class Target(AgencyOwned):
    """Chỉ tiêu thi đua — a target of the programme (a share or count of a title, or a key indicator)."""

    agency_from = ("campaign",)

    class Scope(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        AGENCY = "agency", _("Cơ quan")

    class Measure(models.TextChoices):
        PERCENT = "percent", _("Tỷ lệ (%)")
        COUNT = "count", _("Số lượng")
        INDICATOR = "indicator", _("Chỉ tiêu chủ yếu")

    class Base(models.TextChoices):
        ALL_STAFF = "all_staff", _("trên tổng số cá nhân")
        ALL_UNITS = "all_units", _("trên tổng số phòng, đơn vị trực thuộc")
        TITLE_ACHIEVERS = "title_achievers", _("trên số đạt danh hiệu gốc")
        NONE = "none", _("không áp dụng")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), related_name="targets", on_delete=models.CASCADE
    )
    code = models.CharField(_("mã"), max_length=32)
    scope = models.CharField(_("đối tượng"), max_length=16, choices=Scope.choices)
    measure = models.CharField(_("cách đo"), max_length=16, choices=Measure.choices)
    title = models.ForeignKey(
        AwardTitle, verbose_name=_("danh hiệu"), related_name="targets", on_delete=models.PROTECT, null=True, blank=True
    )
    value = models.DecimalField(_("mức"), max_digits=7, decimal_places=2, null=True, blank=True)
    at_least = models.BooleanField(
        _("trở lên"), default=False, help_text=_("Đạt mức này trở lên (≥) thay vì đúng mức.")
    )
    base = models.CharField(_("cơ sở tính"), max_length=16, choices=Base.choices, default=Base.NONE)
    base_title = models.ForeignKey(
        AwardTitle,
        verbose_name=_("danh hiệu gốc"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Ví dụ: 15% CSTĐCS tính trên số cá nhân đạt LĐTT."),
    )
    label = models.CharField(_("nội dung chỉ tiêu"), max_length=500)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu thi đua")
        verbose_name_plural = _("chỉ tiêu thi đua")
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="one_target_code_per_campaign")]

    def __str__(self):
        return self.label


# ---------------------------------------------------------------------------
# Cases: what the flows carry
# ---------------------------------------------------------------------------


class Rating(models.TextChoices):
    """Xếp loại chất lượng hằng năm — the annual rating of a civil servant (NĐ 90/2020, NĐ 48/2023)."""

    HTXSNV = "htxsnv", _("Hoàn thành xuất sắc nhiệm vụ")
    HTTNV = "httnv", _("Hoàn thành tốt nhiệm vụ")
    HTNV = "htnv", _("Hoàn thành nhiệm vụ")
    KHTNV = "khtnv", _("Không hoàn thành nhiệm vụ")


class DocumentCode:
    """The codes of the document kinds the product itself files or defaults to. The kinds, their names and
    flags are data (DocumentKind, loaded from award_titles.yaml); these are only the codes code must name."""

    BAO_CAO_THANH_TICH = "bao_cao_thanh_tich"
    KET_QUA_BO_PHIEU = "ket_qua_bo_phieu"
    BAO_CAO = "bao_cao"
    VAN_BAN_GUI = "van_ban_gui"
    QUYET_DINH = "quyet_dinh"
    KHAC = "khac"


def case_kind_label(kind: str, agency_id: int | None = None) -> str:
    """A kind of case as the agency calls it (people.wording): the Sở's consolidated registration is "Tổng hợp
    đăng ký thi đua của Sở"; today's label wherever the agency's words are the Board's."""
    from people.wording import agency_words

    if kind in (Case.Kind.REGISTRATION_BOARD, Case.Kind.MIDYEAR_BOARD):
        words = agency_words(agency_id)
        if words.own:
            if kind == Case.Kind.REGISTRATION_BOARD:
                return gettext("Tổng hợp đăng ký thi đua của %(agency)s") % {"agency": words.noun}
            return gettext("Báo cáo sơ kết 6 tháng của %(agency)s") % {"agency": words.noun}
    return str(Case.Kind(kind).label)


BOARD_DECISION_STEP = "board_decision"


def step_title(node, agency_id: int | None = None) -> str:
    """A step's title as the agency calls it: the Sở's "Giám đốc Sở quyết định khen thưởng"; today's title
    wherever the agency's words are the Board's (people.wording)."""
    from people.wording import agency_words

    if node is None:
        return ""
    if getattr(node, "handler", None) == BOARD_DECISION_STEP:
        words = agency_words(agency_id)
        if words.own:
            return gettext("%(head)s quyết định khen thưởng") % {"head": words.head}
    return str(node.task_title or "")


class Case(AgencyOwned, Process):
    """Hồ sơ — one run of a flow: a unit's registration, mid-year report or nomination dossier,
    or the Văn phòng's consolidated report of the Board. It is viewflow's process row, extended."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Đăng ký thi đua")
        REGISTRATION_BOARD = "registration_board", _("Tổng hợp đăng ký thi đua của Ban")
        MIDYEAR = "midyear", _("Báo cáo sơ kết 6 tháng")
        MIDYEAR_BOARD = "midyear_board", _("Báo cáo sơ kết 6 tháng của Ban")
        NOMINATION = "nomination", _("Hồ sơ đề nghị khen thưởng")
        PROVINCE_NOMINATION = "province_nomination", _("Hồ sơ đề nghị cấp tỉnh")
        PROVINCE_REGISTRATION = "province_registration", _("Đăng ký thi đua gửi cấp tỉnh")
        PROVINCE_MIDYEAR = "province_midyear", _("Báo cáo sơ kết 6 tháng gửi cấp tỉnh")

    kind = models.CharField(_("loại hồ sơ"), max_length=24, choices=Kind.choices)
    campaign = models.ForeignKey(Campaign, verbose_name=_("phong trào"), related_name="cases", on_delete=models.PROTECT)
    unit = models.ForeignKey("people.OrgUnit", verbose_name=_("đơn vị"), related_name="cases", on_delete=models.PROTECT)
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("mốc thời hạn"),
        related_name="cases",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    submitted_at = models.DateTimeField(_("đơn vị gửi lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("Văn phòng tiếp nhận lúc"), null=True, blank=True)
    council_at = models.DateTimeField(_("chuyển Hội đồng lúc"), null=True, blank=True)

    # Đăng ký thi đua: the collective title the unit aims for.
    collective_title = models.ForeignKey(
        AwardTitle,
        verbose_name=_("danh hiệu tập thể đăng ký"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # Sơ kết / tổng hợp: the report's text.
    report_text = models.TextField(_("nội dung báo cáo"), blank=True)
    # Tổng kết, bình xét: the unit's meeting.
    meeting_date = models.DateField(_("ngày họp bình xét"), null=True, blank=True)
    attendance_present = models.PositiveIntegerField(_("số người dự họp"), null=True, blank=True)
    attendance_total = models.PositiveIntegerField(_("tổng số người được triệu tập"), null=True, blank=True)
    meeting_place = models.CharField(_("địa điểm họp bình xét"), max_length=255, blank=True)
    meeting_chair = models.CharField(_("người chủ trì cuộc họp"), max_length=255, blank=True)
    meeting_secretary = models.CharField(_("thư ký cuộc họp"), max_length=255, blank=True)
    # A province case: the agency's case it was sent from (a dossier or a report; a row of another agency, read
    # across agencies only by workflows.province and workflows.province_reports).
    origin = models.ForeignKey(
        "self",
        verbose_name=_("hồ sơ của cơ quan gửi"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
    )

    agency_from = ("campaign", "unit")

    # viewflow's process queryset, scoped to the agency in scope.
    objects = scoped_manager(ProcessQuerySet)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "kind"], name="one_case_per_unit_kind_campaign"),
        ]
        indexes = [models.Index(fields=["campaign", "kind", "unit"], name="case_campaign_kind_unit")]
        permissions = [
            ("draft_case", _("Lập hồ sơ của đơn vị")),
            ("sign_case", _("Ký duyệt hồ sơ của đơn vị")),
            ("review_case", _("Kiểm tra, tiếp nhận hồ sơ của các đơn vị")),
            ("report_case", _("Tổng hợp và gửi cấp trên")),
            ("decide_case", _("Quyết định khen thưởng")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.unit} — {self.campaign.year}"

    def get_kind_display(self) -> str:
        """The kind as the agency calls it: a Sở's consolidated case is "… của Sở", not "… của Ban"."""
        return case_kind_label(self.kind, self.agency_id)

    @property
    def is_board_level(self) -> bool:
        from .kinds import case_kind

        return case_kind(self.kind).is_board_level


class RegistrationEntry(AgencyOwned):
    """Một dòng đăng ký — what one staff member registers for in their unit's registration."""

    agency_from = ("case",)

    case = models.ForeignKey(Case, related_name="entries", on_delete=models.CASCADE)
    staff = models.ForeignKey("people.Staff", verbose_name=_("cán bộ"), related_name="+", on_delete=models.PROTECT)
    title = models.ForeignKey(
        AwardTitle, verbose_name=_("danh hiệu / hình thức đăng ký"), related_name="+", on_delete=models.PROTECT
    )
    initiative = models.CharField(_("sáng kiến dự kiến"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("dòng đăng ký")
        verbose_name_plural = _("các dòng đăng ký")
        ordering = ["staff__full_name"]
        constraints = [models.UniqueConstraint(fields=["case", "staff"], name="one_registration_row_per_staff")]

    def __str__(self):
        return f"{self.staff} — {self.title.short_name}"


class Proposal(AgencyOwned):
    """Đề nghị — one nominee (a person, or the unit itself) for one title in a nomination dossier."""

    agency_from = ("case",)

    class CouncilResult(models.TextChoices):
        PENDING = "pending", _("Chưa xét")
        PASSED = "passed", _("Hội đồng thông qua")
        FAILED = "failed", _("Hội đồng không thông qua")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chưa quyết định")
        AWARDED = "awarded", _("Được khen thưởng")
        NOT_AWARDED = "not_awarded", _("Không được khen thưởng")

    case = models.ForeignKey(Case, related_name="proposals", on_delete=models.CASCADE)
    staff = models.ForeignKey(
        "people.Staff",
        verbose_name=_("cá nhân"),
        related_name="proposals",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Để trống khi đề nghị cho tập thể đơn vị."),
    )
    title = models.ForeignKey(
        AwardTitle, verbose_name=_("danh hiệu / hình thức"), related_name="+", on_delete=models.PROTECT
    )
    rating = models.CharField(_("xếp loại năm"), max_length=8, choices=Rating.choices, blank=True)
    achievements = models.TextField(_("thành tích, minh chứng"), blank=True)
    # Số phiếu đồng ý at the unit's own bình xét meeting (out of those present, Case.attendance_present).
    meeting_votes = models.PositiveIntegerField(_("số phiếu đồng ý khi bình xét"), null=True, blank=True)
    # The nominee's recognised initiatives the dossier relies on (CSTĐCS, CSTĐ tỉnh, Bằng khen); the rules judge
    # these when named, and an award carries them into the history (Luật TĐKT 2022 Đ5 k2c: used once).
    initiatives = models.ManyToManyField(
        "Initiative", verbose_name=_("sáng kiến, đề tài dùng để xét"), related_name="proposals", blank=True
    )
    council_result = models.CharField(
        _("kết quả Hội đồng"), max_length=8, choices=CouncilResult.choices, default=CouncilResult.PENDING
    )
    council_note = models.CharField(_("ghi chú của Hội đồng"), max_length=500, blank=True)
    # The vote as figures (approvals, members, threshold, citation…), written when a session closes and put into
    # words only when shown, in the reader's language (workflows.council.results).
    council_figures = models.JSONField(_("số liệu biểu quyết của Hội đồng"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả khen thưởng"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    order = models.PositiveIntegerField(default=0)
    # On a province case: the agency's proposal this one copies (the province decides on the copy; the outcome goes
    # back to the origin through workflows.province).
    origin = models.ForeignKey(
        "self", verbose_name=_("đề nghị gốc"), related_name="+", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "staff", "title"],
                condition=Q(staff__isnull=False),
                name="one_proposal_per_person_title",
            ),
            models.UniqueConstraint(
                fields=["case", "title"], condition=Q(staff__isnull=True), name="one_proposal_per_unit_title"
            ),
        ]

    def __str__(self):
        return f"{self.nominee_name} — {self.title.short_name}"

    @property
    def nominee_name(self) -> str:
        return self.staff.full_name if self.staff_id else str(self.case.unit)

    @property
    def council_summary(self) -> str:
        """The council's figures in the reader's language, then any note written with the result."""
        from .council.results import figures_text

        parts = [figures_text(self.council_figures) if self.council_figures else "", self.council_note]
        return "; ".join(part for part in parts if part)


class CaseFile(AgencyOwned):
    """Tài liệu — a file attached to a case, typed, optionally about one nominee, under an unguessable name."""

    agency_from = ("case",)

    case = models.ForeignKey(Case, related_name="files", on_delete=models.CASCADE)
    task = models.ForeignKey("viewflow.Task", related_name="+", null=True, blank=True, on_delete=models.SET_NULL)
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("của người được đề nghị"),
        related_name="files",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    # The code of a DocumentKind (kept as text, so that files stay readable whatever happens to the list).
    doc_type = models.CharField(_("loại tài liệu"), max_length=32)
    name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=128)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=clock.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    # A draft the product wrote from the data (a tờ trình, a biên bản, a quyết định): filed under its kind so that
    # it can be found, but never taken for the signed document (the checklist wants an upload for that).
    generated = models.BooleanField(_("dự thảo do hệ thống tạo"), default=False)
    # On a province case: the agency's file row this one copies (the same stored file).
    origin = models.ForeignKey(
        "self", related_name="+", null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.doc_type and not DocumentKind.objects.filter(code=self.doc_type).exists():
            raise ValidationError(
                {"doc_type": _("Loại tài liệu “%(code)s” không có trong danh mục.") % {"code": self.doc_type}}
            )

    @property
    def doc_type_label(self) -> str:
        """The kind's name in the reader's language (read with the file by `kind_name`, else looked up)."""
        name = getattr(self, "kind_name", None)
        if name is None:
            kind = DocumentKind.objects.filter(code=self.doc_type).first()
            return kind.label if kind else self.doc_type
        return gettext(name) if name else self.doc_type


class CaseEvent(AgencyOwned):
    """Nhật ký — one line of a case's timeline: who did what, when, with the reason or comment."""

    agency_from = ("case",)

    class Action(models.TextChoices):
        OPENED = "opened", _("Mở hồ sơ")
        SAVED = "saved", _("Lưu nháp")
        SUBMITTED = "submitted", _("Gửi")
        APPROVED = "approved", _("Đồng ý, ký duyệt")
        RETURNED = "returned", _("Trả lại")
        ACCEPTED = "accepted", _("Tiếp nhận")
        COUNCIL = "council", _("Kết quả Hội đồng")
        DECIDED = "decided", _("Quyết định khen thưởng")
        SENT = "sent", _("Gửi cấp trên")
        UPWARD_DECIDED = "upward_decided", _("Ghi nhận quyết định của cấp trên")
        CLAIMED = "claimed", _("Nhận việc")
        UNASSIGNED = "unassigned", _("Trả việc về hàng chờ")
        REASSIGNED = "reassigned", _("Giao lại việc")
        FILE_ADDED = "file_added", _("Đính kèm tài liệu")
        FILE_REMOVED = "file_removed", _("Gỡ tài liệu")
        FILE_SIGNED = "file_signed", _("Ký số tài liệu")
        COMMENTED = "commented", _("Ý kiến")
        CLOSED = "closed", _("Kết thúc")

    case = models.ForeignKey(Case, related_name="events", on_delete=models.CASCADE)
    task = models.ForeignKey("viewflow.Task", related_name="+", null=True, blank=True, on_delete=models.SET_NULL)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    action = models.CharField(_("việc"), max_length=16, choices=Action.choices)
    step = models.CharField(_("bước"), max_length=255, blank=True)
    comment = models.TextField(_("lý do / ý kiến"), blank=True)
    # What the system said, kept as data and put into words only when shown, in the reader's language: either
    # a catalogue message and its parameters ({"msgid": "Giao cho %(name)s", "params": {"name": "…"}}) or the
    # council's figures ({"what": "council_result", …}, worded by council.results). `comment` holds a person's
    # words; for a system line it keeps the text as first written, for whatever reads the column directly.
    data = models.JSONField(_("số liệu"), default=dict, blank=True)
    created = models.DateTimeField(_("lúc"), default=clock.now)

    class Meta:
        verbose_name = _("nhật ký hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created:%d/%m/%Y %H:%M})"

    @property
    def text(self) -> str:
        """The line's detail in the reader's language when the system wrote it (from `data`); a person's words,
        and lines written before the data existed, as written."""
        if not isinstance(self.data, dict) or not self.data:
            return self.comment
        if self.data.get("msgid"):
            try:
                return gettext(self.data["msgid"]) % self.data.get("params", {})
            except (KeyError, TypeError, ValueError):
                return self.comment
        from .council.results import event_text

        return event_text(self.data, comment=self.comment)

    @property
    def step_title(self) -> str:
        """The step's title in the reader's language, read from the flow; the stored text (in the language of
        whoever acted) only when the task is gone."""
        node = self.task.flow_task if self.task_id and self.task is not None else None
        return step_title(node, self.agency_id) if node is not None else self.step


class CaseDocument(AgencyOwned):
    """Văn bản — a document the case produced: sent upward, the Trưởng ban's decision, or the upward decision."""

    agency_from = ("case",)

    class Kind(models.TextChoices):
        SENT_UPWARD = "sent_upward", _("Văn bản gửi cấp trên")
        BOARD_DECISION = "board_decision", _("Quyết định của Trưởng ban")
        UPWARD_DECISION = "upward_decision", _("Quyết định của cấp trên")
        PROVINCE_DECISION = "province", _("Quyết định của Chủ tịch UBND tỉnh")

    case = models.ForeignKey(Case, related_name="documents", on_delete=models.CASCADE)
    kind = models.CharField(_("loại văn bản"), max_length=16, choices=Kind.choices)
    recipient = models.CharField(_("nơi nhận / cơ quan quyết định"), max_length=255, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=64)
    date = models.DateField(_("ngày"))
    file = models.ForeignKey(CaseFile, verbose_name=_("tệp"), null=True, blank=True, on_delete=models.SET_NULL)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def get_kind_display(self) -> str:
        """The agency's decision is its own decider's ("Quyết định của Giám đốc Sở"; people.wording)."""
        from people.wording import agency_words

        if self.kind == self.Kind.BOARD_DECISION:
            words = agency_words(self.agency_id)
            if words.own:
                return gettext("Quyết định của %(head)s") % {"head": words.head}
        return str(self.Kind(self.kind).label)


def _template_storage_name(instance, filename) -> str:
    return f"mau-van-ban/{instance.kind}/{uuid.uuid4().hex}.docx"


class DocumentTemplate(AgencyOwned):
    """Mẫu văn bản — an agency's own wording of a generated document (a .docx with merge fields). Each upload is a
    new version; at most one is in use per kind, and going back is choosing an earlier one (or none: the product's
    default)."""

    kind = models.CharField(_("loại văn bản"), max_length=64)
    version = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp mẫu"), max_length=255, upload_to=_template_storage_name)
    name = models.CharField(_("tên tệp"), max_length=255)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    active = models.BooleanField(_("đang dùng"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=clock.now)

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "version"], name="document_template_version_unique"),
            models.UniqueConstraint(
                fields=["agency", "kind"], condition=Q(active=True), name="document_template_one_active"
            ),
        ]

    def __str__(self):
        return f"{self.kind} v{self.version}"

    @property
    def kind_label(self) -> str:
        from .documents.engine import kind_of

        try:
            return gettext(kind_of(self.kind).name)
        except KeyError:
            return self.kind


class Commendation(AgencyOwned):
    """Lịch sử khen thưởng — one award a person or a unit received, with the decision that gave it."""

    agency_from = ("staff", "unit")

    class Source(models.TextChoices):
        DECIDED = "decided", _("Quyết định trong hệ thống")
        IMPORTED = "imported", _("Nhập từ tệp lịch sử")

    staff = models.ForeignKey(
        "people.Staff",
        verbose_name=_("cá nhân"),
        related_name="commendations",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    unit = models.ForeignKey(
        "people.OrgUnit",
        verbose_name=_("tập thể"),
        related_name="commendations",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    title = models.ForeignKey(
        AwardTitle, verbose_name=_("danh hiệu / hình thức"), related_name="+", on_delete=models.PROTECT
    )
    year = models.PositiveIntegerField(_("năm"))
    proposal = models.OneToOneField(
        Proposal, related_name="commendation", null=True, blank=True, on_delete=models.SET_NULL
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định"))
    decided_by = models.CharField(_("cơ quan quyết định"), max_length=255)
    # Past years come from spreadsheets (workflows.history); a re-import finds its own rows by these.
    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices, default=Source.DECIDED)
    import_job = models.ForeignKey(
        "workflows.CommendationImportJob",
        verbose_name=_("lượt nhập"),
        related_name="commendations",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["-year", "title__order"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(staff__isnull=False) & Q(unit__isnull=True))
                | (Q(staff__isnull=True) & Q(unit__isnull=False)),
                name="commendation_of_person_or_unit",
            ),
        ]

    def __str__(self):
        return f"{self.title.short_name} {self.year}"


class Initiative(AgencyOwned):
    """Sáng kiến được công nhận, đề tài / công trình khoa học được nghiệm thu — what CSTĐCS, CSTĐ tỉnh and Bằng
    khen rest on (Luật TĐKT 2022 Đ21–Đ23, Đ74). An initiative carries one title of a level only (Đ5 k2c):
    `carried` lists the commendations it has already been used for."""

    agency_from = ("staff",)

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("Sáng kiến")
        SCIENCE = "science", _("Đề tài, công trình khoa học")

    class Level(models.TextChoices):
        CO_SO = "co_so", _("Cấp cơ sở")
        TINH_BO = "tinh_bo", _("Cấp tỉnh, bộ")
        TOAN_QUOC = "toan_quoc", _("Toàn quốc")

    staff = models.ForeignKey(
        "people.Staff", verbose_name=_("tác giả"), related_name="initiatives", on_delete=models.PROTECT
    )
    name = models.CharField(_("tên sáng kiến / đề tài"), max_length=500)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.INITIATIVE)
    level = models.CharField(_("phạm vi ảnh hưởng"), max_length=16, choices=Level.choices)
    year = models.PositiveIntegerField(_("năm công nhận"))
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định công nhận"))
    carried = models.ManyToManyField(
        Commendation, verbose_name=_("đã dùng để khen thưởng"), related_name="initiatives", blank=True
    )

    class Meta:
        verbose_name = _("sáng kiến, đề tài khoa học")
        verbose_name_plural = _("sáng kiến, đề tài khoa học")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "name", "year"], name="one_initiative_name_per_author_year"),
        ]
        indexes = [models.Index(fields=["staff", "year"])]

    def __str__(self):
        return f"{self.name} ({self.year})"


class FindingAcknowledgement(AgencyOwned):
    """Cảnh báo đã được Văn phòng chấp nhận — a warning the eligibility rules raised about a proposal, accepted at
    the check step with a reason; the finding is kept as it was found (Finding.as_dict), so the case shows what was
    accepted even after the rules or the facts change."""

    agency_from = ("case",)

    case = models.ForeignKey(Case, related_name="acknowledgements", on_delete=models.CASCADE)
    proposal = models.ForeignKey(Proposal, related_name="acknowledgements", on_delete=models.CASCADE)
    code = models.CharField(_("mã kết quả xét"), max_length=64)
    reason = models.TextField(_("lý do chấp nhận"))
    finding = models.JSONField(_("kết quả xét điều kiện"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = _("cảnh báo đã chấp nhận")
        verbose_name_plural = _("cảnh báo đã chấp nhận")
        ordering = ["proposal__order", "proposal_id", "code"]
        constraints = [models.UniqueConstraint(fields=["proposal", "code"], name="one_acknowledgement_per_finding")]

    def __str__(self):
        return f"{self.proposal} — {self.code}"

    @property
    def finding_record(self):
        from .rules.findings import Finding

        return Finding.from_dict(self.finding)


from .council.models import AgendaItem, Ballot, CouncilSession, SessionEvent, Vote  # noqa: E402, F401
from .exemplars.models import Exemplar, ExemplarEvent  # noqa: E402, F401
from .history.models import CommendationImportJob  # noqa: E402, F401
from .signatures.models import FileSignature, TrustedCertificate  # noqa: E402, F401
