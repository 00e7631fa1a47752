"""Delivery events from the provider (django-anymail's tracking webhook) into the outbox."""

from anymail.signals import tracking
from django.dispatch import receiver

from . import services


@receiver(tracking, dispatch_uid="notifications.tracking")
def _tracking(sender, event, esp_name, **kwargs):
    services.delivery_event_record(esp_name=esp_name, event=event)
