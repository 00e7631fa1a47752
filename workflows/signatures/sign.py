"""Ký số một tệp PDF — a PAdES signature with a visible stamp in the signing block.

The stamp goes on the last page, lower right, where a Vietnamese administrative document keeps its signing
block (NĐ 30/2020 Phụ lục I: "quyền hạn, chức vụ, họ tên và chữ ký của người có thẩm quyền"). Its box is
`settings.SIGNATURE_STAMP_BOX` (x1, y1, x2, y2 in points from the lower left of the page) when set, else computed
from the last page's size: STAMP_WIDTH × STAMP_HEIGHT points, STAMP_MARGIN points from the right and bottom edges.
"""

from __future__ import annotations

import datetime
import os
import unicodedata
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

STAMP_WIDTH = 230
BLOCK_STAMP_HEIGHT = 52  # pt: three lines of 9 pt and the border, inside the signing block's room
STAMP_HEIGHT = 72
STAMP_MARGIN = 42
FIELD_PREFIX = "ChuKySo"
TIME_FORMAT = "%d/%m/%Y %H:%M"
# Room kept for the signature container: a 4096-bit signature and a chain of four certificates fit with room to
# spare. Fixed, so pyHanko need not sign a dummy first to measure it (each signature opens the key again).
BYTES_RESERVED = 16384


class SigningFailed(Exception):
    """The PDF could not be signed; the message says why, in words for the person signing."""


def ascii_fold(text: str) -> str:
    """Vietnamese without its diacritics ("Nguyễn Văn Hùng" → "Nguyen Van Hung"): the PDF standard fonts have no
    glyphs for ư, ơ, đ or the tone marks, and a stamp reading "Nguy?n" is worse than one without accents."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and (ch.isprintable() or ch == "\n"))


def _font_factory():
    """An embedded OpenType font when fontTools is there (pyHanko's "opentype" extra) and a font file is
    configured; None otherwise (the stamp then uses Courier and folds the diacritics)."""
    path = getattr(settings, "SIGNATURE_STAMP_FONT", "")
    if not path or not Path(path).is_file():
        return None
    try:
        import fontTools  # noqa: F401 — GlyphAccumulatorFactory imports it only when used
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    except ImportError:
        return None
    return GlyphAccumulatorFactory(str(_font_at_1000_units(Path(path))))


_scaled_fonts: dict[tuple[str, int], Path] = {}


def _font_at_1000_units(path: Path) -> Path:
    """The font with 1000 units to the em. pyHanko writes the glyphs' advances into the PDF as they are in the
    font, and a PDF reads them as thousandths of an em: a font drawn on another grid (DejaVu and Liberation use
    2048) would print its letters spread apart. The scaled copy is made once (about 3 s) and kept under VAR_DIR."""
    from fontTools import ttLib

    key = (str(path), path.stat().st_mtime_ns)
    if key in _scaled_fonts:
        return _scaled_fonts[key]
    with ttLib.TTFont(path, lazy=True) as font:
        units = font["head"].unitsPerEm
    if units == 1000:
        _scaled_fonts[key] = path
        return path
    from fontTools.ttLib.scaleUpem import scale_upem

    target = Path(settings.VAR_DIR) / "fonts" / f"{path.stem}-{key[1]}-1000.ttf"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        font = ttLib.TTFont(path)
        scale_upem(font, 1000)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(partial)
        os.replace(partial, target)  # a concurrent signer sees the whole file or none
    _scaled_fonts[key] = target
    return target


def _stamp_box(writer) -> tuple[int, int, int, int]:
    configured = getattr(settings, "SIGNATURE_STAMP_BOX", None)
    if configured:
        return tuple(int(v) for v in configured)
    page, _resources = writer.find_page_for_modification(-1)
    page = page.get_object()
    box = page.get("/CropBox") or page.get("/MediaBox") or [0, 0, 595, 842]
    x0, y0, x1, _y1 = (float(v) for v in box)
    right = int(x1 - STAMP_MARGIN)
    bottom = int(y0 + STAMP_MARGIN)
    left = max(int(x0), right - STAMP_WIDTH)
    return (left, bottom, right, bottom + STAMP_HEIGHT)


def _field_name(reader) -> str:
    taken = {name for name, _value, _ref in _signature_fields(reader)}
    n = 1
    while f"{FIELD_PREFIX}{n}" in taken:
        n += 1
    return f"{FIELD_PREFIX}{n}"


def _signature_fields(reader):
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        return list(enumerate_sig_fields(reader, filled_status=None))
    except Exception:  # a form it cannot walk: a new name is still found by counting up
        return []


def stamp_time(at: datetime.datetime | None = None) -> str:
    return timezone.localtime(at or timezone.now()).strftime(TIME_FORMAT)


def sign_pdf(
    pdf: bytes,
    *,
    signer,
    name: str,
    title: str,
    reason: str = "",
    location: str = "",
    place: tuple[int, tuple[int, int, int, int]] | None = None,
) -> bytes:
    """The PDF with one more signature (an incremental update: earlier signatures stay valid), PAdES baseline B,
    its stamp reading who signed, their title and when (Asia/Ho_Chi_Minh). `signer` is a pyHanko Signer
    (pki.signer_for). `place` is (page index, box in points) for the stamp, e.g. over the document's signing block
    (`signing_block_place`); by default the last page, lower right."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko.stamp import TextStampStyle

    font = _font_factory()
    show = (lambda s: s) if font is not None else ascii_fold
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        if writer.security_handler is not None:
            raise SigningFailed(_("Tệp PDF được đặt mật khẩu hoặc mã hóa, không ký số được."))
        field_name = _field_name(writer.prev)
        on_page, box = place if place is not None else (-1, _stamp_box(writer))
        text_style = TextBoxStyle(font=font, font_size=9) if font is not None else TextBoxStyle(font_size=9)
        style = TextStampStyle(
            stamp_text=show(_("Ký bởi: %(name)s\n%(title)s\nThời gian: %(at)s")),
            text_box_style=text_style,
            border_width=1,
        )
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason or None,
            location=location or None,
            name=name or None,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=on_page, box=box),
        )
        out = pdf_signer.sign_pdf(
            writer,
            bytes_reserved=BYTES_RESERVED,
            appearance_text_params={"name": show(name), "title": show(title), "at": stamp_time()},
        )
    except SigningFailed:
        raise
    except (PdfError, SigningError, ValueError, KeyError, TypeError) as exc:
        raise SigningFailed(_("Không ký số được tệp PDF này: tệp bị hỏng hoặc có cấu trúc không đọc được.")) from exc
    return out.getvalue()


def signing_block_place(pdf: bytes, *, name: str) -> tuple[int, tuple[int, int, int, int]] | None:
    """Where the stamp goes on a document the product wrote: over the signer's name in its signing block (the room
    left for the signature and the seal), on the page that holds it; None when the name is not found or poppler's
    pdftotext is not installed (the stamp then goes to the last page, lower right)."""
    import html
    import re
    import shutil
    import subprocess

    binary = shutil.which("pdftotext")
    words = name.split()
    if binary is None or not words:
        return None
    try:
        # A fixed program (poppler found on PATH) with fixed arguments; the PDF goes in on stdin.
        done = subprocess.run(  # noqa: S603
            [binary, "-bbox", "-", "-"], input=pdf, capture_output=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = None
    page_pattern = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
    word_pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    for index, (width, height, body) in enumerate(page_pattern.findall(done.stdout.decode("utf-8", "replace"))):
        page_words = [
            (float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in word_pattern.findall(body)
        ]
        for start in range(len(page_words) - len(words) + 1):
            run = page_words[start : start + len(words)]
            if [w[4] for w in run] == words:
                found = (index, float(width), float(height), run)  # the last occurrence: the signing block's
    if found is None:
        return None
    index, width, height, run = found
    centre = (min(w[0] for w in run) + max(w[2] for w in run)) / 2
    top = min(w[1] for w in run)  # from the top of the page
    left = int(max(STAMP_MARGIN, min(centre - STAMP_WIDTH / 2, width - STAMP_MARGIN - STAMP_WIDTH)))
    # Just above the name, within the room the layout leaves for the signature and the seal (four blank lines of
    # 14 pt): lower than the stamp elsewhere, so that it does not cover the signer's title above.
    bottom = int(height - top + 2)
    bottom = min(bottom, int(height - BLOCK_STAMP_HEIGHT - STAMP_MARGIN))
    return index, (left, bottom, left + STAMP_WIDTH, bottom + BLOCK_STAMP_HEIGHT)
