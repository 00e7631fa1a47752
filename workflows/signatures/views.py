"""The case page's signature actions: "Kiểm tra lại chữ ký" and "Ký số" on one PDF (POST only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from ..casework import selectors as case_selectors
from ..casework.access import actor_of
from ..models import CaseFile
from . import services


def _visible_file(request, case_pk, pk) -> CaseFile:
    case = case_selectors.case_visible(actor=actor_of(request.user), pk=case_pk)
    record = CaseFile.objects.filter(pk=pk, case=case, removed_at__isnull=True).first() if case else None
    if record is None:
        raise Http404(_("Không có tài liệu này, hoặc anh/chị không được xem hồ sơ này."))
    return record


class FileSignatureCheckView(View):
    """Check a PDF's signatures again (after the agency's trusted roots changed, or later in the file's life)."""

    def post(self, request, case_pk, pk):
        record = _visible_file(request, case_pk, pk)
        if record.content_type != "application/pdf":
            raise Http404(_("Chỉ kiểm tra chữ ký số của tệp PDF."))
        services.file_signatures_check(record=record)
        messages.success(request, _("Đã kiểm tra lại chữ ký số của “%(name)s”.") % {"name": record.name})
        return redirect("cases:case", pk=record.case_id)


class FileSignView(View):
    """Ký số one PDF of a case (the Trưởng ban; the council's chair on the council's documents)."""

    def post(self, request, case_pk, pk):
        record = _visible_file(request, case_pk, pk)
        try:
            copy = services.case_file_sign(record=record, user=request.user, actor=actor_of(request.user))
        except PermissionDenied:
            raise
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("cases:case", pk=record.case_id)
        messages.success(request, _("Đã ký số; bản đã ký là “%(name)s”.") % {"name": copy.name})
        return redirect("cases:case", pk=record.case_id)
