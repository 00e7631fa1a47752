"""Pages of the import of units and staff: upload, preview, confirm, progress, and the templates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from . import importing
from .forms import StaffImportForm
from .models import ImportJob
from .services import staff_import_enqueue, staff_import_preview

# A preview of thousands of rows would make a page nobody reads; the counts cover the rest.
PREVIEW_LIMIT = 200
RECENT_JOBS = 20
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportAccessMixin(PermissionRequiredMixin):
    """Only the Văn phòng (and superusers) import; to anyone else signed in the import pages do not exist (404,
    the rule for what a person may not see: README, "Who sees what")."""

    permission_required = "people.import_staff"

    def handle_no_permission(self):
        raise Http404


class StaffImportView(ImportAccessMixin, FormView):
    template_name = "people/import_upload.html"
    form_class = StaffImportForm

    def form_valid(self, form):
        job = staff_import_preview(parsed=form.parsed, filename=form.cleaned_data["file"].name, actor=self.request.user)
        return redirect("people:import_job", pk=job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Nhập đơn vị và cán bộ"),
            columns=importing.COLUMNS,
            upload_max_mb=settings.UPLOAD_MAX_MB,
            recent_jobs=ImportJob.objects.select_related("created_by").defer("rows", "preview")[:RECENT_JOBS],
        )
        return context


class ImportJobView(ImportAccessMixin, DetailView):
    template_name = "people/import_job.html"
    model = ImportJob
    context_object_name = "job"

    def get_queryset(self):
        return ImportJob.objects.select_related("created_by", "committed_by").defer("rows")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        preview = job.preview or {}
        sections = {}
        for key in ("staff_created", "staff_updated", "staff_unchanged", "staff_deactivated"):
            entries = preview.get(key, [])
            sections[key] = {"rows": entries[:PREVIEW_LIMIT], "hidden": max(0, len(entries) - PREVIEW_LIMIT)}
        context.update(
            title=_("Lượt nhập dữ liệu"),
            preview=preview,
            sections=sections,
            errors=preview.get("errors", []),
            units_created=preview.get("units_created", []),
            units_updated=preview.get("units_updated", []),
            progress=importing.progress_read(job),
            is_preview=job.status == ImportJob.Status.PREVIEW,
            can_commit=job.status == ImportJob.Status.PREVIEW and not job.error_count,
            refresh=job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING),
            preview_limit=PREVIEW_LIMIT,
        )
        return context


class ImportJobCommitView(ImportAccessMixin, SingleObjectMixin, View):
    """Confirm a preview. The button is disabled when the file has errors; this refuses anyway."""

    http_method_names = ["post"]

    def get_queryset(self):
        # Built per request, so that it is the user's agency's (a class-level queryset would be built unscoped).
        return ImportJob.objects.only("pk")

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            staff_import_enqueue(job=job, actor=request.user)
        except importing.StaffImportRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã xác nhận nhập. Hệ thống đang ghi dữ liệu; trang này tự cập nhật."))
        return redirect("people:import_job", pk=job.pk)


class ImportTemplateXlsxView(ImportAccessMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(importing.template_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo.xlsx"'
        return response


class ImportTemplateCsvView(ImportAccessMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo.csv"'
        return response
