"""What the exemplar tests share: stories written through the services as the demo's Văn phòng would, pictures
made on the spot, and the product's own address prefixes (none of which a public page may link to)."""

from __future__ import annotations

import io
import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from people.models import Agency
from people.tenancy import agency_scope
from workflows.exemplars import services
from workflows.exemplars.models import Exemplar

BOARD = Agency.DEFAULT_CODE
SECOND = "so-khcn"
PUBLIC = "/guong-dien-hinh/"

# Every prefix config/urls.py mounts besides the public pages: the viewflow site's applications and the rest.
PRODUCT_PREFIXES = (
    "/home/",
    "/cases/",
    "/council/",
    "/campaign/",
    "/cases/guong-dien-hinh/",
    "/people/",
    "/notifications/",
    "/tai-khoan/",
    "/quan-tri/",
    "/i18n/",
    "/jsi18n/",
    "/lich/",
    "/anymail/",
    "/tep-noi-bo/",
)


def user(username: str):
    return get_user_model().objects.get(username=username)


def png_bytes(size=(640, 480), colour=(20, 90, 160), tail: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue() + tail


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def story(
    *,
    title: str,
    status: str = Exemplar.Status.PUBLISHED,
    body: str = "Một đoạn.\n\nĐoạn thứ hai.",
    year: int = 2024,
    writer: str = "vanphong",
    chief: str = "chanhvanphong",
    agency: str = BOARD,
    photo: bytes | None = None,
) -> Exemplar:
    """A story brought to `status` through the services, in its agency's scope."""
    with agency_scope(Agency.objects.get(code=agency)):
        exemplar = services.exemplar_create(
            user=user(writer),
            data={"title": title, "body": body, "year": year, "achievement": "Lao động tiên tiến năm 2024"},
            photo=upload("anh.png", photo) if photo else None,
        )
        if status == Exemplar.Status.DRAFT:
            return exemplar
        services.exemplar_submit(exemplar=exemplar, user=user(writer))
        if status == Exemplar.Status.SUBMITTED:
            return Exemplar.objects.get(pk=exemplar.pk)
        services.exemplar_approve(exemplar=exemplar, user=user(chief))
        if status == Exemplar.Status.WITHDRAWN:
            services.exemplar_withdraw(exemplar=exemplar, user=user(chief), reason="Thông tin chưa chính xác")
        return Exemplar.objects.get(pk=exemplar.pk)


def links(html: str) -> list[str]:
    """Every address a page refers to (href, src, action)."""
    return re.findall(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", html)
