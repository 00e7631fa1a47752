"""What the signatures of a case's PDF files were found to be, and the roots each agency trusts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people import clock
from people.tenancy import AgencyOwned


class TrustedCertificate(AgencyOwned):
    """Chứng thư gốc tin cậy — a certificate authority whose signers the agency trusts (the government's special
    purpose CA for its own documents; the demo CA in the demo). Only CA certificates are accepted."""

    name = models.CharField(_("tên"), max_length=255)
    der = models.BinaryField(_("chứng thư (DER)"), editable=False)
    subject = models.CharField(_("chủ thể"), max_length=500, editable=False)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, editable=False)
    not_after = models.DateTimeField(_("hết hạn"), editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    added_at = models.DateTimeField(_("thêm lúc"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("chứng thư gốc tin cậy")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fingerprint"], name="one_trusted_certificate_per_agency"),
        ]

    def __str__(self):
        return self.name


class FileSignature(AgencyOwned):
    """Kết quả kiểm tra chữ ký số — one signature found on a case's PDF (or one line saying it has none, or that
    it could not be read), as checked at `checked_at`. A new check replaces the file's earlier lines."""

    agency_from = ("file",)

    class Status(models.TextChoices):
        SIGNED = "signed", _("Đã ký số")
        UNSIGNED = "unsigned", _("Chưa ký số")
        UNREADABLE = "unreadable", _("Không đọc được chữ ký")

    file = models.ForeignKey("workflows.CaseFile", related_name="signatures", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    status = models.CharField(_("kết quả"), max_length=16, choices=Status.choices)
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    intact = models.BooleanField(_("còn nguyên vẹn"), default=False)
    covers_whole = models.BooleanField(_("không có gì thêm sau khi ký"), default=False)
    modified_after = models.BooleanField(_("bị sửa sau khi ký"), default=False)
    trusted = models.BooleanField(_("chứng thư tin cậy"), default=False)
    self_signed = models.BooleanField(_("tự ký"), default=False)
    error = models.CharField(_("lỗi"), max_length=32, blank=True)
    checked_at = models.DateTimeField(_("kiểm tra lúc"), default=clock.now)

    class Meta:
        verbose_name = _("chữ ký số của tài liệu")
        verbose_name_plural = _("chữ ký số của tài liệu")
        ordering = ["file_id", "position", "pk"]

    def __str__(self):
        return f"{self.file_id}: {self.get_status_display()} {self.signer_name}".strip()

    @property
    def integrity_label(self) -> str:
        if self.intact and not self.modified_after:
            return gettext("còn nguyên vẹn")
        return gettext("đã bị sửa sau khi ký")

    @property
    def trust_label(self) -> str:
        if self.self_signed:
            return gettext("tự ký")
        return gettext("chứng thư tin cậy") if self.trusted else gettext("chứng thư không tin cậy")

    @property
    def error_label(self) -> str:
        if self.error == "encrypted":
            return gettext("Tệp PDF được mã hóa: không đọc được chữ ký")
        return gettext("Không đọc được chữ ký (tệp PDF bị hỏng hoặc có cấu trúc lạ)")

    @property
    def sound(self) -> bool:
        """Signed, unchanged since, by a trusted certificate."""
        return self.status == self.Status.SIGNED and self.intact and not self.modified_after and self.trusted
