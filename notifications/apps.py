from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox: messages to people, sent once by Celery. It never imports `workflows`."""

    name = "notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        from . import signals  # noqa: F401
