"""Hội đồng Thi đua – Khen thưởng: its sessions, the agenda of nominees, one ballot per member.

Nothing here stores a count: every tally is computed from the stored votes when it is read, so the
minutes and the database always agree.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people import clock
from people.tenancy import AgencyOwned


class CouncilSession(AgencyOwned):
    """Phiên họp Hội đồng TĐKT — one sitting of the year's council, with its agenda and ballots."""

    agency_from = ("campaign",)

    class Status(models.TextChoices):
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")

    campaign = models.ForeignKey(
        "workflows.Campaign", verbose_name=_("phong trào"), related_name="council_sessions", on_delete=models.PROTECT
    )
    held_at = models.DateTimeField(_("thời gian họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN)
    quorum_numerator = models.PositiveSmallIntegerField(_("số có mặt tối thiểu: tử số"))
    quorum_denominator = models.PositiveSmallIntegerField(_("số có mặt tối thiểu: mẫu số"))
    majority_percent = models.DecimalField(
        _("đa số theo Quy chế (% tổng số thành viên, phải vượt quá)"), max_digits=5, decimal_places=2
    )
    conclusion = models.TextField(_("kết luận"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    opened_at = models.DateTimeField(default=clock.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng TĐKT")
        verbose_name_plural = _("phiên họp Hội đồng TĐKT")
        ordering = ["-held_at", "-pk"]

    def __str__(self):
        return f"{self.campaign.year} — {self.held_at:%d/%m/%Y}"


class AgendaItem(AgencyOwned):
    """One nominee for one title on a session's agenda, with the rule the vote is judged by (copied when the
    item is added, so a later change of the data does not change a vote already held)."""

    agency_from = ("session",)

    session = models.ForeignKey(CouncilSession, related_name="items", on_delete=models.CASCADE)
    proposal = models.OneToOneField(
        "workflows.Proposal", verbose_name=_("đề nghị"), related_name="agenda_item", on_delete=models.PROTECT
    )
    threshold_percent = models.DecimalField(_("tỷ lệ đồng ý"), max_digits=5, decimal_places=2)
    strictly_above = models.BooleanField(_("phải vượt quá tỷ lệ"), default=False)
    secret = models.BooleanField(_("bỏ phiếu kín"), default=True)
    citation = models.CharField(_("căn cứ"), max_length=255)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mục biểu quyết")
        verbose_name_plural = _("chương trình họp")
        ordering = ["order", "pk"]

    def __str__(self):
        return str(self.proposal)


class Ballot(AgencyOwned):
    """Phiếu biểu quyết — one member's ballot covering every item on the agenda; submitted once."""

    agency_from = ("session",)

    class Status(models.TextChoices):
        PENDING = "pending", _("Chưa bỏ phiếu")
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã bỏ phiếu")

    class Method(models.TextChoices):
        ONLINE = "online", _("Trực tiếp trên hệ thống")
        WRITTEN = "written", _("Bằng văn bản (vắng mặt)")

    session = models.ForeignKey(CouncilSession, related_name="ballots", on_delete=models.CASCADE)
    member = models.ForeignKey(
        "people.CouncilMembership", verbose_name=_("thành viên"), related_name="ballots", on_delete=models.PROTECT
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    method = models.CharField(_("hình thức"), max_length=8, choices=Method.choices, blank=True)
    submitted_at = models.DateTimeField(_("bỏ phiếu lúc"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    paper = models.FileField(_("phiếu giấy đã ký"), max_length=255, blank=True)
    paper_name = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        ordering = ["member__position", "member__staff__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_ballot_per_member_and_session"),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False), name="submitted_ballot_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.member.staff} — {self.get_status_display()}"

    @property
    def present(self) -> bool:
        """A member who voted on the system attended; a written vote is an absent member's."""
        return self.status == self.Status.SUBMITTED and self.method == self.Method.ONLINE


class Vote(AgencyOwned):
    """One member's vote on one agenda item."""

    agency_from = ("ballot",)

    ballot = models.ForeignKey(Ballot, related_name="votes", on_delete=models.CASCADE)
    item = models.ForeignKey(AgendaItem, related_name="votes", on_delete=models.CASCADE)
    approve = models.BooleanField(_("đồng ý"), null=True)
    comment = models.CharField(_("ý kiến"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phiếu cho một đề nghị")
        verbose_name_plural = _("phiếu cho từng đề nghị")
        constraints = [models.UniqueConstraint(fields=["ballot", "item"], name="one_vote_per_member_and_item")]

    def __str__(self):
        return f"{self.item} — {self.approve}"


class SessionEvent(AgencyOwned):
    """Nhật ký phiên họp — opening, additions, written votes, closing, reopening: who and when."""

    agency_from = ("session",)

    class Action(models.TextChoices):
        OPENED = "opened", _("Mở phiên họp")
        ITEMS_ADDED = "items_added", _("Bổ sung hồ sơ vào chương trình")
        WRITTEN_VOTE = "written_vote", _("Nhập phiếu bằng văn bản")
        CLOSED = "closed", _("Kết thúc phiên họp")
        REOPENED = "reopened", _("Mở lại phiên họp")

    session = models.ForeignKey(CouncilSession, related_name="events", on_delete=models.CASCADE)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=16, choices=Action.choices)
    comment = models.TextField(blank=True)
    # Counts kept as data and worded when shown, in the reader's language; `comment` is names or a reason.
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return self.get_action_display()

    @property
    def text(self) -> str:
        if self.data.get("what") == "opened":
            return _("%(cases)s hồ sơ, %(items)s đề nghị, %(members)s thành viên.") % self.data
        return self.comment
