"""Sending a generated document to the browser."""

from __future__ import annotations

from django.http import HttpResponse

from people.xlsx_export import content_disposition

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def docx_response(content: bytes, *, name: str) -> HttpResponse:
    return _document_response(content, content_type=DOCX, name=name)


def pdf_response(content: bytes, *, name: str) -> HttpResponse:
    return _document_response(content, content_type=PDF, name=name)


def _document_response(content: bytes, *, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def as_requested(request, content: bytes, *, name: str, back: str) -> HttpResponse:
    """The document in the format the button asked for: Word by default, PDF when the form sent `format=pdf` (or the
    link `?format=pdf`), converted from the same .docx. When no PDF can be made, back to `back` with the reason."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .pdf import PdfUnavailable, docx_to_pdf

    wanted = request.POST.get("format") or request.GET.get("format")
    stem = name[: -len(".docx")] if name.endswith(".docx") else name
    if wanted != "pdf":
        return docx_response(content, name=f"{stem}.docx")
    try:
        pdf = docx_to_pdf(content)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return pdf_response(pdf, name=f"{stem}.pdf")
