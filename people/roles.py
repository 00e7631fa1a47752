"""Roles map onto Django groups of the same code, each with the permissions its holders need."""

from django.utils.translation import gettext_lazy as _

from .models import Role

COUNCIL_MEMBER = "council_member"

# Group code → the permissions ("app_label.codename") its members get. The flows
# add their own task permissions to these groups when they are declared.
GROUP_PERMISSIONS: dict[str, list[str]] = {
    Role.UNIT_HEAD: ["people.view_staff", "people.view_orgunit"],
    Role.UNIT_DEPUTY: ["people.view_staff", "people.view_orgunit"],
    Role.UNIT_CLERK: ["people.view_staff", "people.view_orgunit"],
    Role.OFFICE_OFFICER: [
        "people.view_staff",
        "people.view_orgunit",
        "people.import_staff",
        "workflows.view_campaign",
        "workflows.change_campaign",
        "workflows.import_commendations",
    ],
    Role.OFFICE_CHIEF: [
        "people.view_staff",
        "people.view_orgunit",
        "people.import_staff",
        "workflows.view_campaign",
        "workflows.change_campaign",
        "workflows.import_commendations",
    ],
    Role.BOARD_HEAD: ["people.view_staff", "people.view_orgunit", "workflows.view_campaign"],
    Role.BOARD_DEPUTY: ["people.view_staff", "people.view_orgunit", "workflows.view_campaign"],
    COUNCIL_MEMBER: ["people.view_staff", "people.view_orgunit", "workflows.view_campaign"],
}

GROUP_LABELS = {**dict(Role.choices), COUNCIL_MEMBER: _("Thành viên Hội đồng TĐKT")}
