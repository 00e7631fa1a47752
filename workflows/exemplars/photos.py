"""The photo of an exemplar story: checked like every upload (files.validate_upload: the content decides, not the
name), then only JPEG or PNG, then opened with Pillow with a bound on its size in pixels read from the header
before anything is decoded (a small file can claim a huge picture: a decompression bomb), and re-encoded to two
clean JPEG copies without EXIF (the camera's location and serial number stay out of a public page). The copies are
what the pages serve; the upload itself is kept privately as it came.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from people import clock

from .. import files as filetypes

# A 40-megapixel camera's photo fits; anything claiming more is refused before it is decoded.
MAX_PIXELS = 40_000_000
LARGE_SIDE = 1200
SMALL_SIDE = 400
JPEG_QUALITY = 85


@dataclass(frozen=True)
class PreparedPhoto:
    kind: filetypes.FileKind
    large: bytes
    small: bytes
    width: int
    height: int


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _flat_rgb(image: Image.Image) -> Image.Image:
    """RGB on a white ground: a transparent PNG becomes what people see on a white page."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        ground = Image.new("RGB", rgba.size, (255, 255, 255))
        ground.paste(rgba, mask=rgba.getchannel("A"))
        return ground
    return image.convert("RGB")


def _jpeg(image: Image.Image, side: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # A fresh image written with no exif/icc/comment arguments: nothing of the upload's metadata is carried.
    copy.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), copy.width, copy.height


def photo_prepare(uploaded) -> PreparedPhoto:
    """Judge an uploaded photo and make its two public copies; a Vietnamese ValidationError naming the file when
    it is not a usable JPEG or PNG photo. Nothing is written anywhere."""
    name = filetypes.display_name(getattr(uploaded, "name", ""))
    kind = filetypes.validate_upload(uploaded)
    if kind not in (filetypes.JPEG, filetypes.PNG):
        raise _refuse(
            _("Tệp “%(name)s” không phải là ảnh JPG hoặc PNG: ảnh của gương điển hình chỉ nhận hai định dạng này.")
            % {"name": name},
            "not_photo",
        )
    uploaded.seek(0)
    broken = _("Tệp “%(name)s” không mở được như một ảnh (tệp hỏng hoặc không đầy đủ).") % {"name": name}
    try:
        # Pillow's own bound (Image.MAX_IMAGE_PIXELS) only warns below twice its value; ours, lower, refuses first.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", Image.DecompressionBombWarning)
            with Image.open(uploaded) as opened:
                if opened.format not in ("JPEG", "PNG"):
                    raise _refuse(broken, "broken_photo")
                width, height = opened.size
                if width <= 0 or height <= 0:
                    raise _refuse(broken, "broken_photo")
                if width * height > MAX_PIXELS:
                    raise _refuse(
                        _(
                            "Ảnh “%(name)s” có kích thước %(width)s × %(height)s điểm ảnh, vượt giới hạn "
                            "%(limit)s triệu điểm ảnh: hãy thu nhỏ ảnh rồi tải lên lại."
                        )
                        % {"name": name, "width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
                        "photo_too_big",
                    )
                if any(issubclass(w.category, Image.DecompressionBombWarning) for w in caught):
                    raise Image.DecompressionBombError(f"{width}x{height}")
                opened.load()
                image = _flat_rgb(ImageOps.exif_transpose(opened))
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise _refuse(
            _("Ảnh “%(name)s” quá lớn để mở an toàn: hãy thu nhỏ ảnh rồi tải lên lại.") % {"name": name},
            "photo_too_big",
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise _refuse(broken, "broken_photo") from exc
    large, large_w, large_h = _jpeg(image, LARGE_SIDE)
    small, _w, _h = _jpeg(image, SMALL_SIDE)
    return PreparedPhoto(kind=kind, large=large, small=small, width=large_w, height=large_h)


def photo_names(kind: filetypes.FileKind) -> tuple[str, str, str]:
    """Unguessable storage names for the upload and its two copies, each random on its own (knowing one tells
    nothing of the others)."""
    folder = f"guong-dien-hinh/{clock.today():%Y/%m}"
    return (
        f"{folder}/{uuid.uuid4().hex}{kind.extension}",
        f"{folder}/{uuid.uuid4().hex}.jpg",
        f"{folder}/{uuid.uuid4().hex}.jpg",
    )
