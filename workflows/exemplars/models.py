"""Gương điển hình tiên tiến: a story about an awardee or a model, written by the Văn phòng, published by the
Chánh Văn phòng on the agency's public page, and withdrawn from it when it should no longer be there.

The body is plain text (paragraphs separated by blank lines): it is always shown escaped, never as HTML. The photo
is kept as uploaded only in private storage; what any page shows are the two JPEG copies re-encoded from it
(photos.py), so nothing of the uploaded bytes reaches a visitor.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people import clock
from people.tenancy import AgencyOwned


class Exemplar(AgencyOwned):
    """Gương điển hình tiên tiến — one exemplar story."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Chờ Chánh Văn phòng duyệt")
        PUBLISHED = "published", _("Đã đăng")
        WITHDRAWN = "withdrawn", _("Đã gỡ")

    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=96, editable=False)
    body = models.TextField(_("nội dung"), help_text=_("Văn bản thường; các đoạn cách nhau một dòng trống."))
    year = models.PositiveIntegerField(_("năm"))
    unit = models.ForeignKey(
        "people.OrgUnit",
        verbose_name=_("đơn vị"),
        related_name="exemplars",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    staff = models.ForeignKey(
        "people.Staff",
        verbose_name=_("cá nhân"),
        related_name="exemplars",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    commendation = models.ForeignKey(
        "workflows.Commendation",
        verbose_name=_("khen thưởng làm căn cứ"),
        related_name="exemplars",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    achievement = models.CharField(
        _("thành tích"),
        max_length=255,
        blank=True,
        help_text=_("Khi gương điển hình không gắn với một khen thưởng trong hệ thống."),
    )
    # The upload as it came, private; photo_large and photo_small are re-encoded from it and are all a page shows.
    photo = models.FileField(_("ảnh gốc"), max_length=255, blank=True)
    photo_large = models.FileField(_("ảnh"), max_length=255, blank=True)
    photo_small = models.FileField(_("ảnh thu nhỏ"), max_length=255, blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True)
    photo_height = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người viết"), related_name="+", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=clock.now)
    submitted_at = models.DateTimeField(_("trình duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gỡ"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    withdrawn_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("lý do gỡ"), blank=True)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("gương điển hình tiên tiến")
        verbose_name_plural = _("gương điển hình tiên tiến")
        ordering = ["-published_at", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="one_exemplar_slug_per_agency"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="published_exemplar_has_date"
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "-published_at"], name="exemplar_public_list")]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def basis(self) -> str:
        """What the story rests on, in a line: the award with its decision, else the achievement typed."""
        if self.commendation_id:
            c = self.commendation
            return f"{c.title.name} {c.year} ({c.decision_number}, {c.decision_date:%d/%m/%Y})"
        return self.achievement

    @property
    def subject(self) -> str:
        """Who the story is about: the person, else the unit."""
        if self.staff_id:
            return self.staff.full_name
        if self.unit_id:
            return self.unit.name
        return ""


class ExemplarEvent(AgencyOwned):
    """Nhật ký — who did what to a story, when, with the reason where one is given."""

    agency_from = ("exemplar",)

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo bản thảo")
        EDITED = "edited", _("Sửa")
        SUBMITTED = "submitted", _("Trình duyệt")
        RETURNED = "returned", _("Trả lại để sửa")
        PUBLISHED = "published", _("Duyệt đăng")
        WITHDRAWN = "withdrawn", _("Gỡ khỏi trang công khai")

    exemplar = models.ForeignKey(Exemplar, related_name="events", on_delete=models.CASCADE)
    action = models.CharField(_("việc"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("thời điểm"), default=clock.now)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("nhật ký gương điển hình")
        verbose_name_plural = _("nhật ký gương điển hình")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.exemplar} — {self.get_action_display()}"
