from django.urls import path
from django.utils.translation import gettext_lazy as _

from .ui import LinksApplication, MenuLink
from .views import OrgChartView, StaffDirectoryView
from .views_import import (
    ImportJobCommitView,
    ImportJobView,
    ImportTemplateCsvView,
    ImportTemplateXlsxView,
    StaffImportView,
)


class OrganisationApp(LinksApplication):
    """Tổ chức — units, staff, and (for the office) the import of both."""

    app_name = "people"
    title = _("Tổ chức")
    icon = "account_tree"

    index_path = path("", OrgChartView.as_view(), name="index")
    staff_path = path("can-bo/", StaffDirectoryView.as_view(), name="staff")
    staff_xlsx_path = path("can-bo.xlsx", StaffDirectoryView.as_view(export=True), name="staff_xlsx")
    import_path = path("nhap-du-lieu/", StaffImportView.as_view(), name="import")
    import_job_path = path("nhap-du-lieu/<int:pk>/", ImportJobView.as_view(), name="import_job")
    import_commit_path = path("nhap-du-lieu/<int:pk>/xac-nhan/", ImportJobCommitView.as_view(), name="import_commit")
    import_template_xlsx_path = path(
        "nhap-du-lieu/mau.xlsx", ImportTemplateXlsxView.as_view(), name="import_template_xlsx"
    )
    import_template_csv_path = path("nhap-du-lieu/mau.csv", ImportTemplateCsvView.as_view(), name="import_template_csv")

    menu_links = (
        MenuLink("index", _("Sơ đồ tổ chức"), "account_tree"),
        MenuLink("staff", _("Danh bạ cán bộ"), "contacts"),
        MenuLink("import", _("Nhập dữ liệu"), "upload_file", visible=lambda u: u.has_perm("people.import_staff")),
    )
