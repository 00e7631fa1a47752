"""Who reaches which case, task and file: each role × each kind of page and file, own unit vs another
unit, own agency vs the other agency of the demo. Outside what a person may see, every URL answers 404 (it does
not even confirm the case exists)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.models import Task

from tests.desk import PDF_BYTES, Desk
from workflows.casework import services
from workflows.models import Campaign, Case, CaseFile

from .cases import do, nomination_at_council, open_task, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    """Registration open for every unit, QLDT's and QHXD's with a file each; QLDT's nomination at the
    council, TNMT's nomination still in the unit."""
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
    files = {}
    for code in ("QLDT", "QHXD"):
        case = Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code=code)
        clerk = {"QLDT": "qldt.thidua", "QHXD": "qhxd.thidua"}[code]

        def attach(case, task, clerk=clerk):
            services.file_attach(
                case=case,
                uploaded=SimpleUploadedFile("dang-ky.pdf", PDF_BYTES),
                doc_type="dang_ky",
                user=user(clerk),
                task=task,
            )

        task = open_task(case, "draft")
        services.task_claim(task=task, user=user(clerk))
        services.step_save(task=task, user=user(clerk), apply=attach)
        files[code] = CaseFile.objects.get(case=case)
    council_case = nomination_at_council("QLDT")
    unit_case = services.case_open(
        kind=Case.Kind.NOMINATION,
        campaign=Campaign.objects.get(year=2024),
        unit=Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code="TNMT").unit,
    )
    return {
        "qldt": Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code="QLDT"),
        "qhxd": Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code="QHXD"),
        "board": Case.objects.get(kind=Case.Kind.REGISTRATION_BOARD),
        "qldt_file": files["QLDT"],
        "qhxd_file": files["QHXD"],
        "council_case": council_case,
        "tnmt_nomination": unit_case,
    }


def _status(desk, url):
    return desk.client.get(url).status_code


# user → which of the cases they may open
MATRIX = {
    #                    qldt  qhxd  board council_case tnmt_nomination
    "qldt.thidua": (200, 404, 404, 200, 404),
    "qldt.truongphong": (200, 404, 404, 200, 404),  # QLDT's head is also a council member
    "qhxd.thidua": (404, 200, 404, 404, 404),
    "tnmt.thidua": (404, 404, 404, 404, 200),
    "tnmt.truongphong": (404, 404, 404, 200, 200),  # council member: nominations at the council only
    "vanphong": (200, 200, 200, 200, 200),
    "chanhvanphong": (200, 200, 200, 200, 200),
    "truongban": (200, 200, 200, 200, 200),
    "photruongban": (200, 200, 200, 200, 200),
    # The second agency of the demo (Sở Khoa học và Công nghệ): even its office and its leaders see nothing of the
    # Board's, and a file of the Board's is not theirs under any URL.
    "khcn.vanphong": (404, 404, 404, 404, 404),
    "khcn.chanhvanphong": (404, 404, 404, 404, 404),
    "khcn.giamdoc": (404, 404, 404, 404, 404),
    "khcn.qlkh.thidua": (404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_each_role_sees_exactly_its_cases_tasks_and_files(world, username):
    desk = Desk(username)
    expected = MATRIX[username]
    keys = ("qldt", "qhxd", "board", "council_case", "tnmt_nomination")
    for key, status in zip(keys, expected, strict=True):
        case = world[key]
        assert _status(desk, f"/cases/ho-so/{case.pk}/") == status, (username, key)
        task = Task.objects.filter(process_id=case.pk, flow_task_type="HUMAN").order_by("-pk").first()
        if task is not None:
            task_status = desk.client.get(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/").status_code
            assert task_status == status, (username, key, "task")
    for key, case_key in (("qldt_file", "qldt"), ("qhxd_file", "qhxd")):
        record = world[key]
        status = expected[keys.index(case_key)]
        response = desk.client.get(f"/cases/ho-so/{record.case_id}/tep/{record.pk}/")
        assert response.status_code == status, (username, key)
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF")
            assert "attachment" in response["Content-Disposition"]
        # The file is not reachable under another case's URL either.
        other = world["qhxd" if case_key == "qldt" else "qldt"]
        assert _status(desk, f"/cases/ho-so/{other.pk}/tep/{record.pk}/") == 404


def test_lists_show_only_the_units_a_person_covers(world):
    clerk = Desk("qhxd.thidua")
    assert {row.case.unit.code for row in clerk.rows("inbox")} == {"QHXD"}
    assert {row.case.unit.code for row in Desk("tnmt.thidua").rows("inbox")} == {"TNMT"}
    listed = clerk.client.get("/cases/ho-so/").context["cases"]
    assert {c.unit.code for c in listed} == {"QHXD"}
    office = Desk("vanphong")
    assert len({c.unit.code for c in office.client.get("/cases/ho-so/").context["cases"]}) >= 7


def test_a_person_cannot_claim_or_act_on_a_task_of_another_unit_or_another_role(world):
    qldt_draft = open_task(world["qldt"], "draft")
    # Another unit's clerk: the task does not exist for them.
    other = Desk("qhxd.thidua")
    assert other.client.post(f"/cases/viec/{qldt_draft.pk}/nhan/").status_code == 404
    # The unit's head may see the case but a draft is not theirs to take, even back in the queue.
    tnmt_draft = open_task(world["tnmt_nomination"], "draft")
    assert tnmt_draft.owner == user("tnmt.thidua"), "the unit's one clerk has it in their inbox"
    services.task_unassign(task=tnmt_draft, user=user("tnmt.thidua"))
    head = Desk("tnmt.truongphong")
    response = head.client.post(f"/cases/viec/{tnmt_draft.pk}/nhan/", follow=True)
    assert "không có vai trò để nhận việc này" in response.content.decode()
    tnmt_draft.refresh_from_db()
    assert tnmt_draft.owner_id is None
    # Posting a step's form as someone who does not hold the task changes nothing.
    response = head.post_step(world["tnmt_nomination"], tnmt_draft, {"h-meeting_date": "01/12/2024"}, action="save")
    assert response.status_code == 302
    world["tnmt_nomination"].refresh_from_db()
    assert world["tnmt_nomination"].meeting_date is None


def test_only_the_office_chief_reassigns_and_only_to_someone_who_may_do_the_step(world):
    case = world["qldt"]
    do(case, "draft", "qldt.thidua")
    do(case, "sign", "qldt.truongphong", decision="approve")
    review = open_task(case, "review")
    services.task_claim(task=review, user=user("vanphong"))
    # An officer may not reassign.
    officer = Desk("vanphong2")
    officer.client.post(f"/cases/viec/{review.pk}/giao-lai/", {"user": user("vanphong2").pk})
    review.refresh_from_db()
    assert review.owner == user("vanphong")
    chief = Desk("chanhvanphong")
    # Not to a unit clerk, who cannot review…
    chief.client.post(f"/cases/viec/{review.pk}/giao-lai/", {"user": user("qldt.thidua").pk})
    review.refresh_from_db()
    assert review.owner == user("vanphong")
    # …but to the other officer.
    chief.client.post(f"/cases/viec/{review.pk}/giao-lai/", {"user": user("vanphong2").pk})
    review.refresh_from_db()
    assert review.owner == user("vanphong2")
    assert case.events.filter(action="reassigned").count() == 1


def test_someone_with_no_role_sees_nothing_and_anonymous_is_sent_to_log_in(world, client):
    guest = get_user_model().objects.create_user("khach", password="MatKhau@123")
    assert client.get(f"/cases/ho-so/{world['qldt'].pk}/").status_code == 302
    client.force_login(guest)
    assert client.get(f"/cases/ho-so/{world['qldt'].pk}/").status_code == 404
    assert client.get(f"/cases/ho-so/{world['qldt_file'].case_id}/tep/{world['qldt_file'].pk}/").status_code == 404
    assert client.get("/cases/hang-cho/").context["rows"] == []


def test_only_the_office_opens_a_stage_or_records_the_council_result(world):
    clerk = Desk("qldt.thidua")
    assert clerk.open_stage(2024, "midyear").status_code == 403
    assert not Case.objects.filter(kind=Case.Kind.MIDYEAR).exists()
    council_case = world["council_case"]
    member = Desk("qldt.truongphong")  # a council member who may see the dossier, but is not the Văn phòng
    assert member.client.get(f"/cases/ho-so/{council_case.pk}/ket-qua-hoi-dong/").status_code == 404
    assert member.client.post(f"/cases/ho-so/{council_case.pk}/ket-qua-hoi-dong/").status_code == 404
    page = Desk("vanphong").client.get(f"/cases/ho-so/{council_case.pk}/ket-qua-hoi-dong/")
    assert page.status_code == 200
