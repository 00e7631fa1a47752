"""The uploads of commendation history: previewed first, then written in one transaction by a worker."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import ImportJobBase


class CommendationImportJob(ImportJobBase):
    """Lượt nhập lịch sử khen thưởng — one file of past awards, kept from its preview to its commit."""

    class Format(models.TextChoices):
        OURS = "ours", _("Mẫu của hệ thống")
        PROVINCE = "province", _("Mẫu CANHAN / TAPTHE của hệ thống tỉnh")

    file_format = models.CharField(_("mẫu tệp"), max_length=16, choices=Format.choices, default=Format.OURS)
    created_count = models.PositiveIntegerField(_("khen thưởng thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("khen thưởng cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("khen thưởng đã có"), default=0)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("lượt nhập lịch sử khen thưởng")
        verbose_name_plural = _("lượt nhập lịch sử khen thưởng")
        permissions = [("import_commendations", _("Nhập lịch sử khen thưởng từ tệp Excel/CSV"))]
