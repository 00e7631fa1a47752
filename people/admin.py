from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Agency,
    AnnualRating,
    CouncilMembership,
    Delegation,
    Discipline,
    Hold,
    ImportJob,
    Leave,
    OrgUnit,
    RoleAssignment,
    Staff,
    email_normalize,
)
from .tenancy import AgencyUnknown, agency_sole_id, current_agency_id, is_unscoped


class AgencyOwnedAdmin(admin.ModelAdmin):
    """An agency's admin sees and edits its own rows (the scope does it). An administrator of the whole
    installation (no staff record) with several agencies sees each row's agency, and a new row that no parent
    row places (a unit at the top, a campaign) asks which agency it belongs to."""

    def _installation_wide(self) -> bool:
        return (current_agency_id() is None or is_unscoped()) and agency_sole_id() is None

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        return [*shown, "agency"] if self._installation_wide() else shown

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return [*filters, "agency"] if self._installation_wide() else filters

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and self._installation_wide():
            choice = forms.ModelChoiceField(
                queryset=Agency.objects.filter(is_active=True),
                label=_("Cơ quan, đơn vị"),
                required=False,
                help_text=_("Cho dòng không thuộc dòng nào khác (đơn vị cấp trên cùng, phong trào)."),
            )
            kwargs["form"] = type("AgencyChoiceForm", (kwargs.get("form", self.form),), {"agency_choice": choice})
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        chosen = form.cleaned_data.get("agency_choice")
        if obj.agency_id is None:
            try:
                obj.agency_fill()
            except AgencyUnknown:
                if chosen is None:
                    raise
                obj.agency = chosen
        super().save_model(request, obj, form, change)


@admin.register(OrgUnit)
class OrgUnitAdmin(AgencyOwnedAdmin):
    list_display = ["code", "name", "kind", "parent", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


class StaffAdminForm(forms.ModelForm):
    """The admin's form for a staff member (its fields come from the admin): the address saved in lower case."""

    def clean_email(self):
        return email_normalize(self.cleaned_data["email"])


@admin.register(Staff)
class StaffAdmin(AgencyOwnedAdmin):
    form = StaffAdminForm
    list_display = ["staff_code", "full_name", "unit", "position", "category", "employed_from", "email", "is_active"]
    list_filter = ["unit", "category", "is_active"]
    search_fields = ["staff_code", "full_name", "email"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "user"]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AgencyOwnedAdmin):
    list_display = ["staff", "role", "unit", "is_active"]
    list_filter = ["role", "unit", "is_active"]
    search_fields = ["staff__full_name", "staff__staff_code"]
    list_select_related = ["staff", "unit"]
    autocomplete_fields = ["staff", "unit"]


@admin.register(CouncilMembership)
class CouncilMembershipAdmin(AgencyOwnedAdmin):
    list_display = ["year", "staff", "position"]
    list_filter = ["year", "position"]
    list_select_related = ["staff"]
    autocomplete_fields = ["staff"]


@admin.register(Delegation)
class DelegationAdmin(AgencyOwnedAdmin):
    list_display = ["role_assignment", "delegate", "start_date", "end_date", "reason"]
    list_select_related = ["role_assignment__staff", "role_assignment__unit", "delegate"]
    autocomplete_fields = ["role_assignment", "delegate"]
    search_fields = ["delegate__full_name", "role_assignment__staff__full_name"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ImportJob)
class ImportJobAdmin(AgencyOwnedAdmin):
    list_display = ["pk", "original_filename", "status", "created_by", "created_at", "total_rows", "error_count"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AnnualRating)
class AnnualRatingAdmin(AgencyOwnedAdmin):
    list_display = ["year", "staff", "unit", "rating", "duty_group"]
    list_filter = ["year", "rating"]
    search_fields = ["staff__staff_code", "staff__full_name", "unit__code", "unit__name"]
    autocomplete_fields = ["staff", "unit"]
    list_select_related = ["staff", "unit"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Hold)
class HoldAdmin(AgencyOwnedAdmin):
    """About a person or a collective (the unit itself): exactly one of the two (the model's constraint)."""

    list_display = ["staff", "unit", "kind", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["staff__staff_code", "staff__full_name", "unit__code", "unit__name"]
    autocomplete_fields = ["staff", "unit"]
    list_select_related = ["staff", "unit"]


@admin.register(Discipline)
class DisciplineAdmin(AgencyOwnedAdmin):
    """About a person or a collective (the unit itself): exactly one of the two (the model's constraint)."""

    list_display = ["staff", "unit", "level", "start", "end", "decision_number"]
    list_filter = ["level"]
    search_fields = ["staff__staff_code", "staff__full_name", "unit__code", "unit__name", "decision_number"]
    autocomplete_fields = ["staff", "unit"]
    list_select_related = ["staff", "unit"]


@admin.register(Leave)
class LeaveAdmin(AgencyOwnedAdmin):
    list_display = ["staff", "kind", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["staff__staff_code", "staff__full_name"]
    autocomplete_fields = ["staff"]
    list_select_related = ["staff"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Cơ quan, đơn vị sử dụng: each sees and edits only itself unless the account has no staff record."""

    list_display = ["code", "name", "short_name", "kind", "parent", "place_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]

    def get_queryset(self, request):
        agency_id = current_agency_id()
        queryset = super().get_queryset(request)
        return queryset if agency_id is None or is_unscoped() else queryset.filter(pk=agency_id)

    def get_readonly_fields(self, request, obj=None):
        # Where an agency sits (its code, kind, the province above) is the installation's to say.
        if current_agency_id() is None or is_unscoped():
            return super().get_readonly_fields(request, obj)
        return ["code", "kind", "parent", "is_active"]

    def has_add_permission(self, request):
        # Agencies are added by whoever administers the whole installation, not by one of them.
        return (current_agency_id() is None or is_unscoped()) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return (current_agency_id() is None or is_unscoped()) and super().has_delete_permission(request, obj)
