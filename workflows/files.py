"""Uploaded documents: the type is judged by the content, never by the name; stored under unguessable names.

Allowed: PDF, DOCX, XLSX, DOC/XLS (OLE2), JPG, PNG, up to settings.UPLOAD_MAX_MB.
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from people import clock
from people.office_files import ArchiveRefused, zip_bounds_check

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    code: str
    extension: str
    content_type: str


PDF = FileKind("pdf", ".pdf", "application/pdf")
PNG = FileKind("png", ".png", "image/png")
JPEG = FileKind("jpg", ".jpg", "image/jpeg")
DOCX = FileKind("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOC = FileKind("doc", ".doc", "application/msword")
XLS = FileKind("xls", ".xls", "application/vnd.ms-excel")

ALLOWED_LABEL = "PDF, DOCX, XLSX, DOC, XLS, JPG, PNG"


def _zip_kind(fileobj) -> FileKind | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff(fileobj) -> FileKind | None:
    """What the content is, whatever the file is called; None when it is none of the allowed kinds."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(fileobj)
        fileobj.seek(0)
        return kind
    if head.startswith(OLE2_SIGNATURE):
        # Word and Excel 97–2003 share the OLE2 container; the stream names tell them apart.
        data = fileobj.read()
        fileobj.seek(0)
        if "WordDocument".encode("utf-16-le") in data:
            return DOC
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return XLS
    return None


# Extensions a detected kind may keep (Word and Excel files go by two names each).
KEPT_EXTENSIONS = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg", ".jpe"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    DOC: (".doc",),
    XLS: (".xls",),
}


def display_name(name: str, kind: FileKind | None = None) -> str:
    """The original name, kept only for display: no folders, no control characters, bounded length. With the
    detected kind, the extension is the kind's: a PDF uploaded as "poly.html" is handed back as "poly.pdf",
    so the name a browser saves it under never makes it open as something else."""
    base = PurePath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().strip(".")
    if not cleaned:
        cleaned = _("tep-dinh-kem")
    extension = ""
    if kind is not None:
        stem, dot, current = cleaned.rpartition(".")
        if dot and f".{current.lower()}" in KEPT_EXTENSIONS[kind]:
            cleaned, extension = stem, f".{current}"
        elif dot and stem and len(current) <= 10:
            cleaned, extension = stem, kind.extension  # the wrong extension goes: poly.html → poly.pdf
        else:
            extension = kind.extension  # no extension at all: one is added
        cleaned = cleaned.strip().strip(".") or _("tep-dinh-kem")
    limit = 200 - len(extension)
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else cleaned[:limit]
    return cleaned + extension


def validate_upload(uploaded) -> FileKind:
    """Refuse an empty, oversize or disallowed file with a Vietnamese message naming the file and the problem."""
    name = display_name(getattr(uploaded, "name", ""))
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if uploaded.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng (0 byte).") % {"name": name}, code="empty")
    if uploaded.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” có dung lượng %(size).1f MB, vượt giới hạn %(limit)s MB.")
            % {"name": name, "size": uploaded.size / 1024 / 1024, "limit": settings.UPLOAD_MAX_MB},
            code="too_large",
        )
    kind = sniff(uploaded)
    if kind in (DOCX, XLSX):
        # Refused before anything unpacks it: an attachment is opened by people's Office and may be read again.
        try:
            zip_bounds_check(uploaded)
        except ArchiveRefused as exc:
            raise ValidationError(
                _("Tệp “%(name)s”: %(reason)s") % {"name": name, "reason": exc}, code="zip_bomb"
            ) from exc
    if kind is None:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải là tài liệu được chấp nhận (%(allowed)s): "
                "nội dung tệp không khớp định dạng nào."
            )
            % {"name": name, "allowed": ALLOWED_LABEL},
            code="bad_type",
        )
    return kind


def storage_name(kind: FileKind) -> str:
    """An unguessable path under MEDIA_ROOT; the extension comes from the content, not from the upload."""
    today = clock.today()
    return f"tai-lieu/{today:%Y/%m}/{uuid.uuid4().hex}{kind.extension}"
