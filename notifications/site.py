from django.urls import path
from django.utils.translation import gettext_lazy as _

from people.models import Role
from people.selectors import user_has_role
from people.ui import LinksApplication, MenuLink

from .views import OutboxView, PreferenceView, ResendView


class NotificationsApp(LinksApplication):
    """Thông báo — my notification settings and calendar; the outbox for the Văn phòng."""

    app_name = "notifications"
    title = _("Thông báo")
    icon = "notifications"

    index_path = path("", PreferenceView.as_view(), name="index")
    outbox_path = path("hop-thu-di/", OutboxView.as_view(), name="outbox")
    outbox_xlsx_path = path("hop-thu-di.xlsx", OutboxView.as_view(export=True), name="outbox_xlsx")
    resend_path = path("hop-thu-di/<int:pk>/gui-lai/", ResendView.as_view(), name="resend")

    menu_links = (
        MenuLink("index", _("Cách nhận thông báo"), "tune"),
        MenuLink(
            "outbox",
            _("Hộp thư đi"),
            "outbox",
            visible=lambda u: user_has_role(user=u, roles=(Role.OFFICE_OFFICER, Role.OFFICE_CHIEF)),
        ),
    )
