"""Which real services this run has, and how a test that needs a missing one behaves.

On a laptop such a test skips, naming what is missing; under CI=true it fails instead.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def need(available: bool, what: str) -> None:
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI thiếu {what}: bài kiểm thử này không được bỏ qua khi CI=true.")
    pytest.skip(f"cần {what}")


def need_postgresql() -> None:
    need(connection.vendor == "postgresql", "PostgreSQL (đặt DATABASE_URL=postgres://...)")


def need_redis() -> None:
    need(bool(settings.REDIS_URL), "Redis (đặt REDIS_URL=redis://...)")


def need_chromium() -> None:
    need(os.path.exists(CHROMIUM), f"Chromium tại {CHROMIUM} (apt-get install chromium)")


def need_libreoffice() -> None:
    """LibreOffice to convert generated documents to PDF, and poppler to read the PDF back."""
    from workflows.documents.pdf import soffice_binary

    missing = [
        what
        for what, found in (
            ("LibreOffice (apt-get install libreoffice-writer-nogui)", soffice_binary()),
            ("poppler-utils: pdftotext, pdfinfo, pdffonts (apt-get install poppler-utils)", shutil.which("pdftotext")),
        )
        if not found
    ]
    need(not missing, " và ".join(missing))
