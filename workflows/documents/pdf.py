"""PDF from the generated .docx, through LibreOffice headless: what is printed is what was generated.

Each conversion runs in a private temporary directory with a LibreOffice user profile of its own, so that two
conversions at once, or a LibreOffice the same account has open, never share a profile (they would hand the work
to one another or fail on its lock). LibreOffice's own temporary files go there too (TMPDIR), and the directory
is removed whatever happens. A conversion that takes too long is stopped with its whole process group
(soffice starts soffice.bin under it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

SOURCE_NAME = "document.docx"
# How long a killed process group may take to disappear before its directory is removed regardless.
REAP_SECONDS = 5.0


class PdfUnavailable(Exception):
    """No PDF this time: LibreOffice is not installed, took too long or failed. The message is for the user."""


def soffice_binary() -> str | None:
    """The LibreOffice program: SOFFICE_PATH when set (and runnable), else soffice or libreoffice on PATH."""
    configured = (getattr(settings, "SOFFICE_PATH", "") or "").strip()
    if configured:
        found = shutil.which(configured)
        return found if found is not None and os.path.isfile(found) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # the group id was reused by someone else's processes
        return True
    return False


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the process and everything it started (they share its process group), then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    deadline = time.monotonic() + REAP_SECONDS
    while not _group_gone(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF LibreOffice makes of `content` (a .docx); raises PdfUnavailable with a message for the user."""
    binary = soffice_binary()
    if binary is None:
        raise PdfUnavailable(
            _(
                "Chưa tạo được bản PDF: máy chủ chưa cài LibreOffice để chuyển văn bản sang PDF. Hãy tải bản Word "
                "(.docx) hoặc báo quản trị hệ thống."
            )
        )
    timeout = settings.DOCUMENT_PDF_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="tdkt-pdf-") as workdir:
        work = Path(workdir)
        source, outdir, scratch = work / SOURCE_NAME, work / "out", work / "tmp"
        outdir.mkdir()
        scratch.mkdir()
        source.write_bytes(content)
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ]
        environment = {**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch)}
        started = time.monotonic()
        try:
            # The program comes from the settings or PATH, the arguments are ours: no user input reaches them.
            process = subprocess.Popen(  # noqa: S603
                command,
                cwd=work,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group, to kill it whole
            )
        except OSError as exc:
            logger.warning("LibreOffice could not be started (%s): %s", binary, exc)
            raise PdfUnavailable(
                _("Chưa tạo được bản PDF: không chạy được LibreOffice trên máy chủ. Hãy tải bản Word (.docx).")
            ) from exc
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(process)
            logger.warning("LibreOffice conversion stopped after %s s", timeout)
            raise PdfUnavailable(
                _(
                    "Chưa tạo được bản PDF: LibreOffice chuyển văn bản quá %(seconds)s giây nên đã bị dừng. Hãy thử "
                    "lại sau hoặc tải bản Word (.docx)."
                )
                % {"seconds": timeout}
            ) from exc
        finally:
            if process.poll() is None:  # an exception other than the timeout, e.g. the request was cancelled
                _kill_group(process)
        result = outdir / source.with_suffix(".pdf").name
        produced = result.read_bytes() if result.is_file() else b""
        if process.returncode != 0 or not produced.startswith(b"%PDF-"):
            # soffice exits 0 even when it could not load the file: the PDF itself is the proof.
            logger.warning(
                "LibreOffice conversion failed (exit %s): %s %s",
                process.returncode,
                stdout.decode(errors="replace")[-500:],
                stderr.decode(errors="replace")[-500:],
            )
            raise PdfUnavailable(
                _(
                    "Chưa tạo được bản PDF: LibreOffice không chuyển được văn bản này. Hãy tải bản Word (.docx) "
                    "hoặc báo quản trị hệ thống."
                )
            )
        logger.info("PDF of %d bytes in %.2f s", len(produced), time.monotonic() - started)
        return produced
