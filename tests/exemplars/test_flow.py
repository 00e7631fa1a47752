"""The Văn phòng writes a story, submits it, the Chánh Văn phòng approves it and it is on the public page; a
returned story goes back with the reason; a withdrawn one is gone from the public page. Each step says who and
when. Nobody else writes or approves (404), and the service refuses them too."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from people.models import OrgUnit, Staff
from tests.desk import Desk, page_text
from workflows.exemplars import services
from workflows.exemplars.models import Exemplar, ExemplarEvent
from workflows.exemplars.services import slug_vi

from .support import BOARD, PUBLIC, png_bytes, story, upload, user

pytestmark = pytest.mark.django_db

DESK_NEW = "/cases/guong-dien-hinh/viet-moi/"


def _form(title="Gương sáng Đỗ Thị Hà", **extra):
    data = {
        "title": title,
        "body": "Đoạn một.\n\nĐoạn hai.",
        "year": "2024",
        "unit": "",
        "staff": "",
        "commendation": "",
        "achievement": "Chiến sĩ thi đua cơ sở năm 2024",
    }
    data.update(extra)
    return data


def _act(desk, exemplar, action, reason=""):
    return desk.client.post(f"/cases/guong-dien-hinh/{exemplar.pk}/", {"action": action, "reason": reason})


def test_drafted_submitted_approved_then_public_and_withdrawn_then_gone(demo):
    office = Desk("vanphong")
    response = office.client.post(DESK_NEW, {**_form(), "photo": upload("ha.png", png_bytes())})
    assert response.status_code == 302
    exemplar = Exemplar.objects.get(title="Gương sáng Đỗ Thị Hà")
    assert exemplar.status == Exemplar.Status.DRAFT
    assert exemplar.slug == "guong-sang-do-thi-ha"
    assert exemplar.written_by == user("vanphong")
    visitor = Client()
    assert visitor.get(f"{PUBLIC}{BOARD}/{exemplar.slug}/").status_code == 404

    assert _act(office, exemplar, "submit").status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.SUBMITTED
    # The writer cannot publish their own story: the page does not offer it and refuses it.
    assert "exemplar-approve" not in office.client.get(f"/cases/guong-dien-hinh/{exemplar.pk}/").content.decode()
    assert _act(office, exemplar, "approve").status_code == 404
    assert Exemplar.objects.get(pk=exemplar.pk).status == Exemplar.Status.SUBMITTED

    chief = Desk("chanhvanphong")
    assert _act(chief, exemplar, "approve").status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.PUBLISHED
    assert exemplar.approved_by == user("chanhvanphong") and exemplar.published_at is not None
    public = visitor.get(f"{PUBLIC}{BOARD}/{exemplar.slug}/")
    assert public.status_code == 200 and "Đoạn hai." in page_text(public)
    assert exemplar.title in page_text(visitor.get(f"{PUBLIC}{BOARD}/"))
    # Approving twice changes nothing.
    assert _act(chief, exemplar, "approve").status_code == 302
    assert ExemplarEvent.objects.filter(exemplar=exemplar, action=ExemplarEvent.Action.PUBLISHED).count() == 1

    # Withdrawing needs a reason.
    refused = _act(chief, exemplar, "withdraw", "")
    assert refused.status_code == 200 and "Hãy ghi lý do." in page_text(refused)
    assert Exemplar.objects.get(pk=exemplar.pk).status == Exemplar.Status.PUBLISHED
    assert _act(chief, exemplar, "withdraw", "Cá nhân đề nghị gỡ").status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.WITHDRAWN
    assert exemplar.withdrawn_by == user("chanhvanphong") and exemplar.withdrawn_reason == "Cá nhân đề nghị gỡ"
    assert visitor.get(f"{PUBLIC}{BOARD}/{exemplar.slug}/").status_code == 404
    assert visitor.get(f"{PUBLIC}{BOARD}/{exemplar.slug}/anh.jpg").status_code == 404
    assert exemplar.title not in page_text(visitor.get(f"{PUBLIC}{BOARD}/"))
    assert exemplar.title not in visitor.get(f"{PUBLIC}{BOARD}/atom.xml").content.decode()

    log = list(exemplar.events.values_list("action", "actor__username", "note"))
    assert log == [
        ("created", "vanphong", ""),
        ("submitted", "vanphong", ""),
        ("published", "chanhvanphong", ""),
        ("withdrawn", "chanhvanphong", "Cá nhân đề nghị gỡ"),
    ]
    assert "Cá nhân đề nghị gỡ" in page_text(chief.client.get(f"/cases/guong-dien-hinh/{exemplar.pk}/"))


def test_a_returned_story_goes_back_to_the_office_with_the_reason(demo):
    exemplar = story(title="Gương cần sửa", status=Exemplar.Status.SUBMITTED)
    chief = Desk("chanhvanphong")
    assert _act(chief, exemplar, "return", "Bổ sung số quyết định").status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.DRAFT and exemplar.returned_reason == "Bổ sung số quyết định"
    office = Desk("vanphong")
    assert "Bổ sung số quyết định" in page_text(office.client.get(f"/cases/guong-dien-hinh/{exemplar.pk}/sua/"))
    response = office.client.post(f"/cases/guong-dien-hinh/{exemplar.pk}/sua/", _form(title="Gương đã sửa"))
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.title == "Gương đã sửa" and exemplar.slug == "guong-da-sua"
    # A submitted story is not edited behind the approver's back.
    services.exemplar_submit(exemplar=exemplar, user=user("vanphong"))
    assert office.client.get(f"/cases/guong-dien-hinh/{exemplar.pk}/sua/").status_code == 404


def test_a_unit_user_can_neither_write_nor_approve(demo):
    exemplar = story(title="Gương chờ duyệt", status=Exemplar.Status.SUBMITTED)
    clerk = Desk("qldt.thidua")
    assert clerk.client.get("/cases/guong-dien-hinh/").status_code == 404
    assert clerk.client.get(DESK_NEW).status_code == 404
    assert clerk.client.post(DESK_NEW, _form(title="Bài của đơn vị")).status_code == 404
    assert clerk.client.get(f"/cases/guong-dien-hinh/{exemplar.pk}/").status_code == 404
    assert _act(clerk, exemplar, "approve").status_code == 404
    assert not Exemplar.objects.filter(title="Bài của đơn vị").exists()
    assert Exemplar.objects.get(pk=exemplar.pk).status == Exemplar.Status.SUBMITTED
    assert "/cases/guong-dien-hinh/" not in clerk.client.get("/home/").content.decode(), "no menu link either"
    with pytest.raises(PermissionDenied):
        services.exemplar_approve(exemplar=exemplar, user=user("qldt.thidua"))
    with pytest.raises(PermissionDenied):
        services.exemplar_create(user=user("qldt.thidua"), data={"title": "x", "body": "y", "year": 2024})
    # The Board's head reads the stories but writes none.
    head = Desk("truongban")
    assert head.client.get(f"/cases/guong-dien-hinh/{exemplar.pk}/").status_code == 200
    assert head.client.get(DESK_NEW).status_code == 404


def test_another_agencys_office_does_not_see_our_stories(demo):
    exemplar = story(title="Gương của Ban", status=Exemplar.Status.DRAFT)
    other = Desk("khcn.vanphong")
    assert other.client.get(f"/cases/guong-dien-hinh/{exemplar.pk}/").status_code == 404
    assert exemplar.title not in page_text(other.client.get("/cases/guong-dien-hinh/"))


def test_vietnamese_titles_make_readable_unique_addresses(demo):
    assert slug_vi("Gương sáng Đỗ Thị Hà – Phòng QLĐT") == "guong-sang-do-thi-ha-phong-qldt"
    first = story(title="Gương sáng")
    second = story(title="Gương sáng")
    assert (first.slug, second.slug) == ("guong-sang", "guong-sang-2")
    assert story(title="Nhúng").slug == "nhung-2", "a story never takes the embed's address"


def test_a_story_needs_its_basis_and_the_form_says_which_field(demo):
    office = Desk("vanphong")
    response = office.client.post(DESK_NEW, _form(achievement="", title=""))
    assert response.status_code == 200
    text = page_text(response)
    assert "Chưa nhập “Tiêu đề”." in text
    assert "Hãy chọn khen thưởng làm căn cứ hoặc ghi thành tích." in text
    assert not Exemplar.objects.filter(written_by=user("vanphong"), title="").exists()
    # A person and a unit that do not go together.
    huyen = Staff.objects.get(staff_code="QLDT003")
    other_unit = OrgUnit.objects.get(code="TNMT")
    response = office.client.post(DESK_NEW, _form(staff=huyen.pk, unit=other_unit.pk))
    assert response.status_code == 200
    assert "Vũ Thị Thanh Huyền không thuộc đơn vị đã chọn." in page_text(response)
    assert not Exemplar.objects.filter(title="Gương sáng Đỗ Thị Hà").exists()


def test_control_characters_typed_or_pasted_are_dropped_and_paragraphs_kept(demo):
    office = Desk("vanphong")
    title = "Gương\x07 sáng\u202e Hà\x0b"
    body = "Đoạn một.\r\n\r\nĐoạn\x1b[31m hai."
    assert office.client.post(DESK_NEW, _form(title=title, body=body)).status_code == 302
    exemplar = Exemplar.objects.get(written_by=user("vanphong"), title__startswith="Gương")
    assert exemplar.title == "Gương sáng Hà"
    assert exemplar.body == "Đoạn một.\n\nĐoạn[31m hai."
