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
