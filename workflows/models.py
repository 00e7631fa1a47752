"""The year's campaign, its milestones and targets, and the rules of the law as dated data."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("danh hiệu / hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu / hình thức khen thưởng")
        ordering = ["scope", "order"]

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


class Campaign(models.Model):
    """Phong trào thi đua năm N — the year's emulation programme."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ACTIVE = "active", _("Đang triển khai")
        CLOSED = "closed", _("Đã tổng kết")

    year = models.PositiveIntegerField(_("năm"), unique=True)
    name = models.CharField(_("tên chương trình"), max_length=500)
    theme = models.CharField(_("chủ đề"), max_length=500, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    basis = models.TextField(_("căn cứ"), blank=True)
    signed_by = models.CharField(_("người ký"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="campaign_dates_in_order"),
        ]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """Mốc thời hạn — a deadline of the programme and who owes it to whom."""

    class Owner(models.TextChoices):
        UNITS = "units", _("Các phòng, đơn vị trực thuộc → Văn phòng Ban")
        OFFICE = "office", _("Văn phòng Ban → cấp trên")

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


class Target(models.Model):
    """Chỉ tiêu thi đua — a target of the programme (a share or count of a title, or a key indicator)."""

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
