"""Reads on the outbox: the messages the Văn phòng's outbox page lists, and its export."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Message

BOUNCED = "bounced"  # the outbox's status filter also offers "bị trả về", a delivery state rather than a status


def outbox_messages(*, status: str = "", kind: str = "", query: str = "") -> QuerySet[Message]:
    """Hộp thư đi — every message of the agency, newest first, with the page's filters."""
    outbox = Message.objects.select_related("user")
    if status in Message.Status.values:
        outbox = outbox.filter(status=status)
    if status == BOUNCED:
        outbox = outbox.filter(delivery=Message.Delivery.BOUNCED)
    if kind:
        outbox = outbox.filter(kind=kind)
    if query:
        outbox = outbox.filter(Q(to_email__icontains=query) | Q(subject__icontains=query))
    return outbox.order_by("-created", "-pk")
