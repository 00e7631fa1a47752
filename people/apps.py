from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_role_groups(sender, **kwargs):
    from .services import groups_ensure

    groups_ensure()


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Tổ chức và cán bộ")

    def ready(self):
        # Groups need the permissions that migrate creates, so they are made after it.
        post_migrate.connect(_ensure_role_groups, dispatch_uid="people.ensure_role_groups")
