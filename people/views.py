"""Pages about the organisation: the org chart and the staff directory."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from .models import OrgUnit, Role, RoleAssignment
from .selectors import org_tree, records_scope, staff_directory
from .xlsx_export import xlsx_response


class OrgChartView(TemplateView):
    template_name = "people/org_chart.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(
            OrgUnit.objects.annotate(n=Count("staff", filter=Q(staff__is_active=True))).values_list("pk", "n")
        )
        heads = {}
        for ra in RoleAssignment.objects.filter(is_active=True, role=Role.UNIT_HEAD).select_related("staff"):
            heads.setdefault(ra.unit_id, []).append(ra.staff)
        context["rows"] = [
            {"unit": unit, "depth": depth, "staff_count": counts.get(unit.pk, 0), "heads": heads.get(unit.pk, [])}
            for unit, depth in org_tree()
        ]
        return context


class StaffDirectoryView(ListView):
    template_name = "people/staff_directory.html"
    paginate_by = 50
    context_object_name = "staff_list"
    export = False  # the same list, every page of it, as an Excel file

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        staff = self.get_queryset()
        return xlsx_response(
            name=str(_("Danh bạ cán bộ")),
            headers=[
                str(h)
                for h in (
                    _("Họ và tên"),
                    _("Mã cán bộ"),
                    _("Chức vụ"),
                    _("Đơn vị"),
                    _("Đối tượng"),
                    _("Thư điện tử"),
                    _("Vai trò"),
                )
            ],
            rows=(
                (
                    s.full_name,
                    s.staff_code,
                    s.position,
                    s.unit.name if s.unit else "",
                    s.get_category_display(),
                    s.email,
                    "; ".join(r.get_role_display() for r in s.active_roles),
                )
                for s in staff.iterator(chunk_size=500)
            ),
        )

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()
        self.unit = None
        unit_code = self.request.GET.get("unit", "")
        if unit_code:
            self.unit = OrgUnit.objects.filter(code=unit_code).first()
        return staff_directory(query=self.query, unit=self.unit).prefetch_related(
            Prefetch("roles", queryset=RoleAssignment.objects.filter(is_active=True), to_attr="active_roles")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = records_scope(user=self.request.user)
        for staff in context["staff_list"]:
            staff.records_link = scope.sees(staff.unit_id)  # the personal records page, for who may read it
        context.update(
            query=self.query,
            unit=self.unit,
            units=OrgUnit.objects.filter(is_active=True).order_by("order", "name"),
            unknown_unit=bool(self.request.GET.get("unit")) and self.unit is None,
            title=_("Danh bạ cán bộ"),
        )
        return context
