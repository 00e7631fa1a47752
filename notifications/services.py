"""Writes on the outbox: enqueue a message under its key, send it once, requeue what was not sent,
record delivery events. Nothing here knows about campaigns or flows."""

from __future__ import annotations

import hashlib
import logging
import re
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from people import clock
from people.selectors import staff_of_user
from people.tenancy import agency_of_user, agency_unscoped, current_agency_id
from people.wording import agency_words

from .models import DeliveryEvent, Message, Preference

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


class TransientSendError(Exception):
    """The provider or the network failed in a way that may pass: try again later."""


def preference_of(user) -> Preference:
    preference, _created = Preference.objects.get_or_create(user=user)
    return preference


def address_of(user) -> str:
    staff = staff_of_user(user)
    return (staff.email if staff and staff.email else "") or user.email or ""


def render(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a message from `<template>_subject.txt`, `.txt` and `.html`."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    return subject[:255], render_to_string(f"{template}.txt", context), render_to_string(f"{template}.html", context)


def _send_later(message_id: int) -> None:
    from .tasks import send_message

    try:
        send_message.delay(message_id)
    except Exception:  # the broker is down: the sweep's requeue sends it later
        log.warning("could not enqueue message %s; it stays pending for the next sweep", message_id, exc_info=True)


def message_enqueue(*, key: str, kind: str, user, template: str, context: dict, send: bool = True) -> bool:
    """Write the message once under `key` (a second call with the same key does nothing) and send it after
    the commit. Returns whether a new message was written. Keys are unique across agencies: looked up across
    them; the message belongs to the agency in scope (else its recipient's)."""
    if already_sent_as_message(key):
        return False
    # The mail names the agency's own Văn phòng (people.wording): the one whose work it is, else the recipient's.
    words = agency_words(current_agency_id() or agency_of_user(user))
    subject, text, html = render(template, {"agency_words": words, **context})
    address = address_of(user)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                key=key,
                kind=kind,
                user=user,
                to_email=address or "",
                subject=subject,
                body_text=text,
                body_html=html,
                status=Message.Status.PENDING if address else Message.Status.FAILED,
                error="" if address else "Người nhận chưa có địa chỉ thư điện tử.",
            )
    except IntegrityError:
        return False  # written a moment ago by another sweep
    if address and send:
        transaction.on_commit(lambda: _send_later(message.pk))
    return True


def _message_id_header(message: Message) -> str:
    """A Message-ID fixed by the key: if a message ever went out twice, the copies would say so."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(message.key.encode()).hexdigest()[:32]}@{domain}>"


def _sender(message: Message) -> str:
    """The installation's sender address, under the name of the message's agency's Văn phòng where that agency
    has words of its own (a Sở's mail comes from "Văn phòng Sở"); otherwise DEFAULT_FROM_EMAIL as configured."""
    words = agency_words(message.agency_id)
    if not words.own:
        return settings.DEFAULT_FROM_EMAIL
    name = " ".join(re.sub(r'[<>",;:@\\]', " ", words.office).split())  # a display name, never a second address
    return f"{name} <{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}>"


def _is_permanent(exc: Exception) -> bool:
    from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused

    if isinstance(exc, (AnymailRecipientsRefused, AnymailInvalidAddress, smtplib.SMTPRecipientsRefused)):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    if isinstance(exc, AnymailAPIError):
        status = getattr(exc, "status_code", None)
        return status is not None and 400 <= status < 500 and status != 429
    return False


def already_sent_as_message(key: str) -> bool:
    with agency_unscoped():
        return Message.objects.filter(key=key).exists()


# The sender and the webhooks work on the whole outbox, every agency's messages alike.
@agency_unscoped()
def message_send(*, message_id: int) -> str:
    """Claim the message (pending → sending, in one UPDATE), send it, record the result. Safe to call twice:
    a message that is already sent, or being sent by someone else, is left alone."""
    claimed = Message.objects.filter(pk=message_id, status=Message.Status.PENDING).update(
        status=Message.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    message = Message.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=_sender(message),
        to=[message.to_email],
        headers={"Message-ID": _message_id_header(message)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        email.send()
    except (smtplib.SMTPException, OSError, Exception) as exc:  # judged just below
        permanent = _is_permanent(exc) or message.attempts >= MAX_ATTEMPTS
        Message.objects.filter(pk=message_id).update(
            status=Message.Status.FAILED if permanent else Message.Status.PENDING, error=str(exc)[:2000]
        )
        if permanent:
            return "failed"
        raise TransientSendError(str(exc)) from exc
    status = getattr(email, "anymail_status", None)
    provider_id = (status.message_id if status is not None else None) or _message_id_header(message)
    # When it was sent is shown beside when it was written, so both come from the clock seam (the demo's pinned
    # day); the claim and requeue times above stay real, since they measure how long a worker has had it.
    Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
        status=Message.Status.SENT, sent_at=clock.now(), provider_id=str(provider_id)[:255], error=""
    )
    return "sent"


@agency_unscoped()
def messages_requeue(*, pending_for: int = 60, sending_for: int = 600) -> int:
    """Send again what is still unsent: pending for a while (its task was lost, e.g. Redis was flushed), or
    claimed long ago by a worker that died. Sending is idempotent, so a message is never sent twice by this."""
    now = timezone.now()
    stale = Message.objects.filter(
        status=Message.Status.SENDING, claimed_at__lt=now - timezone.timedelta(seconds=sending_for)
    )
    stale.update(status=Message.Status.PENDING)
    waiting = Message.objects.filter(status=Message.Status.PENDING).filter(
        Q(claimed_at__isnull=True, enqueued_at__lt=now - timezone.timedelta(seconds=pending_for))
        | Q(claimed_at__lt=now - timezone.timedelta(seconds=pending_for))
    )
    ids = list(waiting.values_list("pk", flat=True)[:5000])
    for pk in ids:
        _send_later(pk)
    return len(ids)


def message_resend(*, message: Message) -> bool:
    """The Văn phòng sends a failed message again (after the address was corrected, say)."""
    address = address_of(message.user) if message.user else message.to_email
    updated = Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.PENDING, error="", to_email=address or message.to_email, attempts=0
    )
    if updated:
        transaction.on_commit(lambda: _send_later(message.pk))
    return bool(updated)


DELIVERY_OF_EVENT = {
    "delivered": Message.Delivery.DELIVERED,
    "bounced": Message.Delivery.BOUNCED,
    "complained": Message.Delivery.COMPLAINED,
    "rejected": Message.Delivery.REJECTED,
    "deferred": Message.Delivery.DEFERRED,
}


@agency_unscoped()
def delivery_event_record(*, esp_name: str, event) -> bool:
    """Apply one anymail tracking event (once: a repeated event id is ignored). A bounce or a complaint
    flags the person's address."""
    event_type = str(event.event_type)
    base = event.event_id or f"{event.message_id}:{event_type}:{event.timestamp and event.timestamp.isoformat()}"
    key = f"{esp_name}:{base}"[:255]
    message = Message.objects.filter(provider_id=event.message_id).first() if event.message_id else None
    try:
        with transaction.atomic():
            DeliveryEvent.objects.create(
                event_key=key,
                message=message,
                event_type=event_type,
                recipient=event.recipient or "",
                occurred_at=event.timestamp,
                detail=(event.mta_response or event.description or "")[:2000],
            )
    except IntegrityError:
        return False
    delivery = DELIVERY_OF_EVENT.get(event_type)
    if message is not None and delivery:
        Message.objects.filter(pk=message.pk).update(delivery=delivery)
    if event_type in ("bounced", "complained", "rejected") and message is not None and message.user_id:
        preference = preference_of(message.user)
        preference.bounced_at = clock.now()
        preference.bounce_detail = (event.mta_response or event.description or event_type)[:500]
        preference.save(update_fields=["bounced_at", "bounce_detail"])
    return True


@agency_unscoped()
def keys_sent(keys) -> set[str]:
    """Which of these reminder keys went out already (as messages or digest items), in a few queries."""
    from .models import DigestItem

    keys, found = list(keys), set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found.update(Message.objects.filter(key__in=chunk).values_list("key", flat=True))
        found.update(DigestItem.objects.filter(key__in=chunk).values_list("key", flat=True))
    return found


@agency_unscoped()
def already_sent(key: str) -> bool:
    """Whether a reminder with this key went out already, as a message of its own or in a digest."""
    from .models import DigestItem

    return Message.objects.filter(key=key).exists() or DigestItem.objects.filter(key=key).exists()


def digest_item_add(*, key: str, user, kind: str, summary: str, link: str = "") -> bool:
    """Keep a reminder for the person's next daily digest (once per key)."""
    from .models import DigestItem

    if already_sent(key):
        return False
    try:
        with transaction.atomic():
            DigestItem.objects.create(key=key, user=user, kind=kind, summary=summary[:500], link=link[:500])
    except IntegrityError:
        return False
    return True


def digest_pending_users():
    from django.contrib.auth import get_user_model

    from .models import DigestItem

    ids = DigestItem.objects.filter(digest__isnull=True).values_list("user_id", flat=True).distinct()
    return get_user_model().objects.filter(pk__in=ids)


def digest_send(*, user, day, template: str, context: dict) -> bool:
    """The day's one digest for a person: every reminder waiting for them, plus what the caller adds to the
    context (their pending tasks, the coming milestones). A second digest the same day is not written."""
    from .models import DigestItem

    key = f"digest:{user.pk}:{day:%Y-%m-%d}"
    with transaction.atomic():
        items = list(DigestItem.objects.select_for_update().filter(user=user, digest__isnull=True).order_by("created"))
        if not items or Message.objects.filter(key=key).exists():
            return False
        created = message_enqueue(
            key=key, kind="digest", user=user, template=template, context={**context, "items": items}
        )
        if created:
            message = Message.objects.get(key=key)
            DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(digest=message)
        return created


def calendar_token_renew(*, preference: Preference) -> Preference:
    """A new private calendar address; the old one stops working at once."""
    from .models import _token

    preference.calendar_token = _token()
    preference.save(update_fields=["calendar_token"])
    return preference
