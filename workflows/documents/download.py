"""Sending a generated document to the browser."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ascii_name(name: str) -> str:
    """A file name any browser keeps: Vietnamese letters without their marks, anything else but letters, digits,
    dots and dashes made a dash."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = plain.encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^A-Za-z0-9.]+", "-", plain).strip("-.")
    return plain or "van-ban"


def attachment_header(name: str) -> str:
    """Content-Disposition with an ASCII fallback and the real name as UTF-8 (RFC 6266, RFC 5987)."""
    name = re.sub(r'[\x00-\x1f\x7f"\\/]', "", name) or "van-ban"
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def docx_response(content: bytes, *, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = attachment_header(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
