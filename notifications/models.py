"""The outbox: every message to a person, written once under a unique key and sent once by Celery.

A message's key names what it is about and for which slot (e.g. a milestone, a unit, "7 days before", a
recipient); inserting the same key twice does nothing, which is what makes reminders safe to compute
again and again. Delivery status comes back from the provider's webhooks.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people import clock
from people.tenancy import AgencyOwned, agency_of_user, current_agency_id


class RecipientAgencyOwned(AgencyOwned):
    """Outbox rows belong to the agency in scope when written, else to their recipient's; an account without a
    staff record (a superuser of the installation) gets rows of no agency."""

    class Meta:
        abstract = True

    def agency_fill(self, known: dict | None = None) -> None:
        if self.agency_id is None:
            self.agency_id = current_agency_id() or agency_of_user(self.user)


class Message(RecipientAgencyOwned):
    """Thư — one email to one person, of the agency whose work it is about (none for an installation-wide
    message, e.g. to a superuser without a staff record)."""

    agency = models.ForeignKey(
        "people.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
    )

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không được")

    class Delivery(models.TextChoices):
        UNKNOWN = "", _("Chưa có tin")
        DELIVERED = "delivered", _("Đã đến hộp thư")
        BOUNCED = "bounced", _("Bị trả về")
        COMPLAINED = "complained", _("Bị báo thư rác")
        REJECTED = "rejected", _("Bị từ chối")
        DEFERRED = "deferred", _("Tạm hoãn")

    key = models.CharField(_("khoá"), max_length=255, unique=True)
    kind = models.CharField(_("loại"), max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        related_name="messages",
        null=True,
        on_delete=models.SET_NULL,
    )
    to_email = models.EmailField(_("địa chỉ"))
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING)
    delivery = models.CharField(_("tình trạng nhận"), max_length=12, choices=Delivery.choices, blank=True)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    provider_id = models.CharField(_("mã thư của nhà cung cấp"), max_length=255, blank=True, db_index=True)
    error = models.TextField(_("lỗi"), blank=True)
    created = models.DateTimeField(_("tạo lúc"), default=clock.now)
    # Real time (not the demo's pinned day): what re-sending waits on.
    enqueued_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["status", "created"], name="message_status_created")]

    def __str__(self):
        return f"{self.to_email}: {self.subject}"


class DeliveryEvent(models.Model):
    """One event from the provider's tracking webhook, kept once (de-duplicated by the event's id)."""

    event_key = models.CharField(max_length=255, unique=True)
    message = models.ForeignKey(Message, related_name="events", null=True, on_delete=models.SET_NULL)
    event_type = models.CharField(max_length=32)
    recipient = models.EmailField(blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=clock.now)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.event_type} {self.recipient}"


def _token() -> str:
    return uuid.uuid4().hex


class Preference(models.Model):
    """How a person wants to be told, their private calendar address, and whether their address bounces."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Gửi ngay từng thư")
        DIGEST = "digest", _("Gộp vào một thư mỗi ngày")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="notification_preference", on_delete=models.CASCADE
    )
    reminders = models.CharField(_("nhắc hạn"), max_length=10, choices=Mode.choices, default=Mode.DIGEST)
    tasks = models.CharField(
        _("việc mới, việc bị trả lại"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=_token)
    bounced_at = models.DateTimeField(_("địa chỉ bị trả về lúc"), null=True, blank=True)
    bounce_detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("cách nhận thông báo")
        verbose_name_plural = _("cách nhận thông báo")

    def __str__(self):
        return str(self.user)


class DigestItem(RecipientAgencyOwned):
    """Một mục của thư tổng hợp — a reminder for someone who chose the daily digest; it waits here until the
    day's digest takes it (at most one digest per person per day)."""

    agency = models.ForeignKey(
        "people.Agency", related_name="+", on_delete=models.PROTECT, null=True, blank=True, editable=False
    )

    key = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="digest_items", on_delete=models.CASCADE)
    kind = models.CharField(max_length=32)
    summary = models.CharField(max_length=500)
    link = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=clock.now)
    digest = models.ForeignKey(Message, related_name="items", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["user", "digest"], name="digest_item_pending")]

    def __str__(self):
        return self.summary
