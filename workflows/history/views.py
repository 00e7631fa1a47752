"""Pages of the commendation history import: upload, preview, confirm, progress (the pages every import has,
people.views_import), and the template."""

from django.http import HttpResponse
from django.views import View

from people.views_import import XLSX_TYPE, ImportAccessMixin, ImportJobConfirm, ImportJobPage, ImportUploadPage

from . import importing
from .forms import HistoryImportForm
from .models import CommendationImportJob
from .services import history_import_enqueue, history_import_preview


class HistoryImportAccessMixin(ImportAccessMixin):
    """Only the Văn phòng (and superusers) import the history; to anyone else the pages do not exist (404,
    README "Who sees what")."""

    permission_required = "workflows.import_commendations"


class HistoryImportView(HistoryImportAccessMixin, ImportUploadPage):
    template_name = "workflows/history/upload.html"
    form_class = HistoryImportForm
    job_model = CommendationImportJob
    columns = importing.COLUMNS
    preview = staticmethod(history_import_preview)
    job_url = "cases:history_job"


class HistoryImportJobView(HistoryImportAccessMixin, ImportJobPage):
    template_name = "workflows/history/job.html"
    model = CommendationImportJob
    section_keys = ("created", "updated", "unchanged")
    sheets = True
    upload_url = "cases:history_import"
    commit_url = "cases:history_commit"


class HistoryImportCommitView(HistoryImportAccessMixin, ImportJobConfirm):
    model = CommendationImportJob
    enqueue = staticmethod(history_import_enqueue)
    refused = importing.HistoryImportRefused
    job_url = "cases:history_job"


class HistoryTemplateView(HistoryImportAccessMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(importing.template_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-lich-su-khen-thuong.xlsx"'
        return response
