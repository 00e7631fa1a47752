"""Celery tasks of the outbox: thin wrappers that take ids and call one service."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(bind=True, name="notifications.send_message", max_retries=8)
def send_message(self, message_id: int) -> str:
    try:
        return services.message_send(message_id=message_id)
    except services.TransientSendError as exc:
        # Back off: 10 s, 20 s, 40 s … (MAIL_RETRY_SECONDS) up to 10 minutes; the message stays pending meanwhile.
        countdown = min(600, settings.MAIL_RETRY_SECONDS * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="notifications.ping")
def ping() -> str:
    """Does nothing: a health check of the queue, and the baseline of the reminders benchmark."""
    return "pong"
