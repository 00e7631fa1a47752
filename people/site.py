from django.urls import path
from django.utils.translation import gettext_lazy as _

from .ui import LinksApplication, MenuLink
from .views import OrgChartView, StaffDirectoryView


class OrganisationApp(LinksApplication):
    """Tổ chức — units, staff, and (for the office) the import of both."""

    app_name = "people"
    title = _("Tổ chức")
    icon = "account_tree"

    index_path = path("", OrgChartView.as_view(), name="index")
    staff_path = path("can-bo/", StaffDirectoryView.as_view(), name="staff")

    menu_links = (
        MenuLink("index", _("Sơ đồ tổ chức"), "account_tree"),
        MenuLink("staff", _("Danh bạ cán bộ"), "contacts"),
    )
