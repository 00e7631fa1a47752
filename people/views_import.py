"""Pages of the imports: the pages every import has (upload, the job's preview and progress, confirm), and the
import of units and staff, with its templates. The commendation history's pages (workflows.history.views) are
the same pages with its own parts."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from . import importing
from .forms import StaffImportForm
from .import_jobs import progress_read
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


class ImportUploadPage(FormView):
    """An import's upload page: the form, the template's columns and the recent jobs. A readable file is kept as
    a job to preview (`preview`, the import's service) and its page (`job_url`) shown."""

    job_model = None
    columns = ()
    preview = None
    job_url = ""

    def form_valid(self, form):
        job = self.preview(parsed=form.parsed, filename=form.cleaned_data["file"].name, actor=self.request.user)
        return redirect(self.job_url, pk=job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            columns=self.columns,
            upload_max_mb=settings.UPLOAD_MAX_MB,
            job_url=self.job_url,
            recent_jobs=self.job_model.objects.select_related("created_by").defer("rows", "preview")[:RECENT_JOBS],
        )
        return context


class ImportJobPage(DetailView):
    """A job's page (templates/tdkt/import_job.html): its preview — the first rows of each of `section_keys` and
    the row errors — then its progress and outcome. `upload_url` and `commit_url` name the import's pages;
    `sheets`: the import reads several lists from a file, and its errors name the sheet."""

    context_object_name = "job"
    section_keys = ()
    sheets = False
    upload_url = ""
    commit_url = ""

    def get_queryset(self):
        return self.model.objects.select_related("created_by", "committed_by").defer("rows")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        status = self.model.Status
        preview = job.preview or {}
        sections = {}
        for key in self.section_keys:
            entries = preview.get(key, [])
            sections[key] = {"rows": entries[:PREVIEW_LIMIT], "hidden": max(0, len(entries) - PREVIEW_LIMIT)}
        context.update(
            preview=preview,
            sections=sections,
            errors=preview.get("errors", []),
            progress=progress_read(job),
            is_preview=job.status == status.PREVIEW,
            can_commit=job.status == status.PREVIEW and not job.error_count,
            refresh=job.status in (status.QUEUED, status.RUNNING),
            preview_limit=PREVIEW_LIMIT,
            sheets=self.sheets,
            upload_url=reverse(self.upload_url),
            commit_url=reverse(self.commit_url, kwargs={"pk": job.pk}),
        )
        return context


class ImportJobConfirm(SingleObjectMixin, View):
    """Confirm a preview with the import's `enqueue` service. The button is disabled when the file has errors;
    this refuses anyway, with the import's `refused` message."""

    http_method_names = ["post"]
    enqueue = None
    refused = Exception
    job_url = ""

    def get_queryset(self):
        # Built per request, so that it is the user's agency's (a class-level queryset would be built unscoped).
        return self.model.objects.only("pk")

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            self.enqueue(job=job, actor=request.user)
        except self.refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã xác nhận nhập. Hệ thống đang ghi dữ liệu; trang này tự cập nhật."))
        return redirect(self.job_url, pk=job.pk)


# The import of units and staff -----------------------------------------------------------------


class StaffImportView(ImportAccessMixin, ImportUploadPage):
    template_name = "people/import_upload.html"
    form_class = StaffImportForm
    job_model = ImportJob
    columns = importing.COLUMNS
    preview = staticmethod(staff_import_preview)
    job_url = "people:import_job"


class ImportJobView(ImportAccessMixin, ImportJobPage):
    template_name = "people/import_job.html"
    model = ImportJob
    section_keys = ("staff_created", "staff_updated", "staff_unchanged", "staff_deactivated")
    upload_url = "people:import"
    commit_url = "people:import_commit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            units_created=context["preview"].get("units_created", []),
            units_updated=context["preview"].get("units_updated", []),
        )
        return context


class ImportJobCommitView(ImportAccessMixin, ImportJobConfirm):
    model = ImportJob
    enqueue = staticmethod(staff_import_enqueue)
    refused = importing.StaffImportRefused
    job_url = "people:import_job"


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
