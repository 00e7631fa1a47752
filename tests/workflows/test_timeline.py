"""The case timeline reads in the reader's language: a step's title and what the system wrote (reassigned
to, claimed on behalf of) follow the reader, whoever acted; a person's own words stay as they wrote them."""

import pytest
from django.utils import translation

from tests.desk import Desk, page_text
from workflows.casework import services
from workflows.models import Campaign, Case, CaseEvent

from .cases import do, open_task, user

pytestmark = pytest.mark.django_db


def _english(desk: Desk) -> Desk:
    desk.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return desk


def test_a_reassignment_and_its_step_read_in_the_readers_language(demo):
    from people.models import OrgUnit

    case = services.case_open(
        kind=Case.Kind.REGISTRATION, campaign=Campaign.objects.get(year=2024), unit=OrgUnit.objects.get(code="QLDT")
    )
    do(case, "draft", "qldt.thidua")
    do(case, "sign", "qldt.truongphong", decision="approve")
    review = open_task(case, "review")
    chief = Desk("chanhvanphong")  # acts in Vietnamese
    assert chief.client.post(f"/cases/viec/{review.pk}/giao-lai/", {"user": user("vanphong2").pk}).status_code == 302
    event = case.events.get(action=CaseEvent.Action.REASSIGNED)
    name = user("vanphong2").get_full_name()
    assert event.comment == f"Giao cho {name}"

    vietnamese = page_text(Desk("vanphong").client.get(f"/cases/ho-so/{case.pk}/"))
    assert f"Giao cho {name}" in vietnamese and "Văn phòng tiếp nhận" in vietnamese
    english = page_text(_english(Desk("vanphong")).client.get(f"/cases/ho-so/{case.pk}/"))
    assert f"Assigned to {name}" in english
    assert f"Giao cho {name}" not in english
    assert "Văn phòng tiếp nhận" not in english, "the step's title follows the reader too"


def test_an_old_line_without_a_note_and_a_persons_words_show_as_written(demo):
    from people.models import OrgUnit

    case = services.case_open(
        kind=Case.Kind.MIDYEAR, campaign=Campaign.objects.get(year=2024), unit=OrgUnit.objects.get(code="QLDT")
    )
    CaseEvent.objects.create(case=case, action=CaseEvent.Action.COMMENTED, comment="Ghi chú cũ", step="Bước cũ")
    english = page_text(_english(Desk("vanphong")).client.get(f"/cases/ho-so/{case.pk}/"))
    assert "Ghi chú cũ" in english and "Bước cũ" in english


def test_the_migration_turns_the_systems_old_lines_into_notes_in_either_language(demo):
    import importlib

    from django.apps import apps

    from people.models import OrgUnit

    migration = importlib.import_module("workflows.migrations.0007_caseevent_system_lines")
    case = services.case_open(
        kind=Case.Kind.MIDYEAR, campaign=Campaign.objects.get(year=2024), unit=OrgUnit.objects.get(code="QLDT")
    )
    made = {
        text: CaseEvent.objects.create(case=case, action=action, comment=text)
        for action, text in [
            (CaseEvent.Action.CLAIMED, "Nhận thay Lê Đức Anh (ủy quyền)"),
            (CaseEvent.Action.REASSIGNED, "Assigned to Phạm Thu Trang"),
            (CaseEvent.Action.RETURNED, "Giao cho bộ phận khác làm lại"),  # a person's words on a return
        ]
    }
    migration.notes_from_old_comments(apps, None)
    for event in made.values():
        event.refresh_from_db()
    assert made["Nhận thay Lê Đức Anh (ủy quyền)"].data == {
        "msgid": "Nhận thay %(name)s (ủy quyền)",
        "params": {"name": "Lê Đức Anh"},
    }
    assert made["Assigned to Phạm Thu Trang"].data == {
        "msgid": "Giao cho %(name)s",
        "params": {"name": "Phạm Thu Trang"},
    }
    with translation.override("vi"):
        assert made["Assigned to Phạm Thu Trang"].text == "Giao cho Phạm Thu Trang"
    with translation.override("en"):
        assert made["Nhận thay Lê Đức Anh (ủy quyền)"].text == "Claimed on behalf of Lê Đức Anh (delegation)"
    assert made["Giao cho bộ phận khác làm lại"].data == {}
