"""The uploads of commendation history: previewed first, then written in one transaction by a worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people import clock
from people.models import ImportJob


class CommendationImportJob(models.Model):
    """Lượt nhập lịch sử khen thưởng — one file of past awards, kept from its preview to its commit."""

    # The states of the staff import, so that its progress machinery (people.importing) serves both.
    Status = ImportJob.Status

    class Format(models.TextChoices):
        OURS = "ours", _("Mẫu của hệ thống")
        PROVINCE = "province", _("Mẫu CANHAN / TAPTHE của hệ thống tỉnh")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
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
    file_format = models.CharField(_("mẫu tệp"), max_length=16, choices=Format.choices, default=Format.OURS)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PREVIEW)
    rows = models.JSONField(_("các dòng dữ liệu"), default=list)
    preview = models.JSONField(_("kết quả xem trước"), default=dict)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    created_count = models.PositiveIntegerField(_("khen thưởng thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("khen thưởng cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("khen thưởng đã có"), default=0)
    error_message = models.TextField(_("thông báo lỗi"), blank=True)
    queued_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    started_at = models.DateTimeField(_("thời điểm bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập lịch sử khen thưởng")
        verbose_name_plural = _("lượt nhập lịch sử khen thưởng")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_commendations", _("Nhập lịch sử khen thưởng từ tệp Excel/CSV"))]

    def __str__(self):
        return self.original_filename

    @property
    def uploader_name(self) -> str:
        return _person_name(self.created_by)

    @property
    def committer_name(self) -> str:
        return _person_name(self.committed_by)


def _person_name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username
