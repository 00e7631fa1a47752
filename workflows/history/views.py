"""Pages of the commendation history import: upload, preview, confirm, progress, and the template."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from people.importing import progress_read

from . import importing
from .forms import HistoryImportForm
from .models import CommendationImportJob
from .services import history_import_enqueue, history_import_preview

PREVIEW_LIMIT = 200
RECENT_JOBS = 20
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class HistoryImportAccessMixin(PermissionRequiredMixin):
    """Only the Văn phòng (and superusers) import the history; to anyone else the pages do not exist (404,
    README "Who sees what")."""

    permission_required = "workflows.import_commendations"

    def handle_no_permission(self):
        raise Http404


class HistoryImportView(HistoryImportAccessMixin, FormView):
    template_name = "workflows/history/upload.html"
    form_class = HistoryImportForm

    def form_valid(self, form):
        job = history_import_preview(
            parsed=form.parsed, filename=form.cleaned_data["file"].name, actor=self.request.user
        )
        return redirect("cases:history_job", pk=job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            columns=importing.COLUMNS,
            upload_max_mb=settings.UPLOAD_MAX_MB,
            recent_jobs=CommendationImportJob.objects.select_related("created_by").defer("rows", "preview")[
                :RECENT_JOBS
            ],
        )
        return context


class HistoryImportJobView(HistoryImportAccessMixin, DetailView):
    template_name = "workflows/history/job.html"
    context_object_name = "job"

    def get_queryset(self):
        return CommendationImportJob.objects.select_related("created_by", "committed_by").defer("rows")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        preview = job.preview or {}
        sections = {}
        for key in ("created", "updated", "unchanged"):
            entries = preview.get(key, [])
            sections[key] = {"rows": entries[:PREVIEW_LIMIT], "hidden": max(0, len(entries) - PREVIEW_LIMIT)}
        status = CommendationImportJob.Status
        context.update(
            preview=preview,
            sections=sections,
            errors=preview.get("errors", []),
            progress=progress_read(job),
            is_preview=job.status == status.PREVIEW,
            can_commit=job.status == status.PREVIEW and not job.error_count,
            refresh=job.status in (status.QUEUED, status.RUNNING),
            preview_limit=PREVIEW_LIMIT,
        )
        return context


class HistoryImportCommitView(HistoryImportAccessMixin, SingleObjectMixin, View):
    """Confirm a preview. The button is disabled when the file has errors; this refuses anyway."""

    http_method_names = ["post"]

    def get_queryset(self):
        # Built per request, so that it is the user's agency's (a class-level queryset would be built unscoped).
        return CommendationImportJob.objects.only("pk")

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            history_import_enqueue(job=job, actor=request.user)
        except importing.HistoryImportRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã xác nhận nhập. Hệ thống đang ghi dữ liệu; trang này tự cập nhật."))
        return redirect("cases:history_job", pk=job.pk)


class HistoryTemplateView(HistoryImportAccessMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(importing.template_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-lich-su-khen-thuong.xlsx"'
        return response
