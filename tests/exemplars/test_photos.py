"""A story's photo is checked like every upload and re-encoded: the public page serves a clean JPEG made by the
product, never the uploaded bytes; a bomb, a broken picture or a text file named .jpg is refused with a Vietnamese
message naming the file, and nothing is saved."""

import io
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from tests.desk import Desk, page_text
from workflows.exemplars.models import Exemplar

from .support import BOARD, PUBLIC, png_bytes, upload

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Gương có ảnh",
    "body": "Nội dung giữ nguyên",
    "year": "2024",
    "achievement": "Lao động tiên tiến",
}


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "guong-dien-hinh"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _post(desk, photo):
    return desk.client.post("/cases/guong-dien-hinh/viet-moi/", {**FORM, "photo": photo})


def _publish(exemplar):
    from tests.exemplars.support import user
    from workflows.exemplars import services

    services.exemplar_submit(exemplar=exemplar, user=user("vanphong"))
    services.exemplar_approve(exemplar=exemplar, user=user("chanhvanphong"))
    exemplar.refresh_from_db()
    return exemplar


def test_a_polyglot_png_reaches_visitors_only_as_a_clean_jpeg(demo):
    tail = b"<script>alert(1)</script>" + b"PK\x03\x04" + b"\x00" * 64
    uploaded = png_bytes(size=(2400, 1600), tail=tail)
    office = Desk("vanphong")
    assert _post(office, upload("poly.png", uploaded)).status_code == 302
    exemplar = _publish(Exemplar.objects.get(title="Gương có ảnh"))
    visitor = Client()
    for name, side in (("anh.jpg", 1200), ("anh-nho.jpg", 400)):
        response = visitor.get(f"{PUBLIC}{BOARD}/{exemplar.slug}/{name}")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        served = b"".join(response.streaming_content)
        assert served != uploaded
        assert served.startswith(b"\xff\xd8\xff") and served.endswith(b"\xff\xd9"), "nothing after the JPEG's end"
        assert b"<script" not in served and b"PK\x03\x04" not in served
        with Image.open(io.BytesIO(served)) as image:
            assert image.format == "JPEG"
            assert max(image.size) == side
            assert not image.getexif()
    # The upload is kept as it came, privately, under a name nobody can guess; it is served by no address.
    assert exemplar.photo.read() == uploaded
    assert "poly" not in exemplar.photo.name and len(Path(exemplar.photo.name).stem) == 32


def test_the_cameras_metadata_is_stripped(demo):
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh bí mật"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 45.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 10, 10)).save(out, format="JPEG", exif=exif)
    office = Desk("vanphong")
    assert _post(office, upload("may-anh.jpg", out.getvalue(), "image/jpeg")).status_code == 302
    exemplar = _publish(Exemplar.objects.get(title="Gương có ảnh"))
    served = b"".join(Client().get(f"{PUBLIC}{BOARD}/{exemplar.slug}/anh.jpg").streaming_content)
    assert b"Exif" not in served and "Máy ảnh".encode() not in served


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("that-ra-la-chu.jpg", b"Day la van ban, khong phai anh.\n" * 20, "không phải là tài liệu được chấp nhận"),
        ("hong.jpg", b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x13" * 300, "không mở được như một ảnh"),
        ("tai-lieu.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "không phải là ảnh JPG hoặc PNG"),
        ("rong.png", b"", "rỗng"),
    ],
    ids=["text-named-jpg", "broken-jpeg", "pdf-named-jpg", "empty"],
)
def test_a_bad_photo_is_refused_by_name_and_nothing_is_saved(demo, name, content, message):
    before = _stored_files()
    response = _post(Desk("vanphong"), upload(name, content, "image/jpeg"))
    assert response.status_code == 200
    text = page_text(response)
    assert message in text and name in text
    assert "Nội dung giữ nguyên" in response.content.decode(), "what was typed stays in the form"
    assert not Exemplar.objects.filter(title="Gương có ảnh").exists()
    assert _stored_files() == before


def test_a_decompression_bomb_is_refused_before_it_is_decoded(demo):
    # 100 million pixels in a few kilobytes: a one-bit picture of nothing, compressed.
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")
    bomb = out.getvalue()
    assert len(bomb) < 200_000
    before = _stored_files()
    response = _post(Desk("vanphong"), upload("bom.png", bomb))
    assert response.status_code == 200
    text = page_text(response)
    assert "Ảnh “bom.png” có kích thước 10000 × 10000 điểm ảnh, vượt giới hạn 40 triệu điểm ảnh" in text
    assert not Exemplar.objects.filter(title="Gương có ảnh").exists()
    assert _stored_files() == before


def test_a_new_photo_replaces_the_old_files(demo, django_capture_on_commit_callbacks):
    office = Desk("vanphong")
    _post(office, upload("mot.png", png_bytes()))
    exemplar = Exemplar.objects.get(title="Gương có ảnh")
    old = [exemplar.photo.path, exemplar.photo_large.path, exemplar.photo_small.path]
    with django_capture_on_commit_callbacks(execute=True):
        response = office.client.post(
            f"/cases/guong-dien-hinh/{exemplar.pk}/sua/",
            {**FORM, "photo": upload("hai.png", png_bytes(colour=(1, 2, 3)))},
        )
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.photo.path not in old
    assert not any(Path(p).exists() for p in old)


def test_a_header_claiming_a_giant_picture_is_refused_without_decoding(demo):
    """Far above Pillow's own bound: refused when the header is read, whatever the file holds after it."""
    small = bytearray(png_bytes(size=(4, 4)))
    # IHDR's width and height (bytes 16–24) rewritten to 30000 × 30000, its CRC recomputed.
    small[16:24] = (30_000).to_bytes(4, "big") * 2
    small[29:33] = zlib.crc32(bytes(small[12:29])).to_bytes(4, "big")
    before = _stored_files()
    response = _post(Desk("vanphong"), upload("khong-lo.png", bytes(small)))
    assert response.status_code == 200
    assert "Ảnh “khong-lo.png” quá lớn để mở an toàn" in page_text(response)
    assert not Exemplar.objects.filter(title="Gương có ảnh").exists()
    assert _stored_files() == before
