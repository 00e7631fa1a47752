from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Phong trào thi đua")

    def ready(self):
        # The flows declare their nodes' permissions; importing them here makes those exist at migrate time.
        from . import flows  # noqa: F401
