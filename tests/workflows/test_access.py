"""Who reaches which case, task and file: each role × each kind of page and file, own unit vs another unit, in
both agencies of the demo (the Board and its Sở Khoa học và Công nghệ). Each role of the Sở has inside the Sở
exactly the rights its counterpart at the Board has inside the Board; outside what a person may see — and every
object of the other agency is outside — every URL answers 404 (it does not even confirm the object exists), never
403 and never 500.

The two agencies' demo and their cases are built once for the module (inside one transaction that is rolled back
at its end); each test runs in its own savepoint on top, so what a test changes is gone for the next."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from viewflow.workflow.models import Task

from notifications.models import Message
from notifications.services import preference_of
from people.demo import SECOND_AGENCY
from people.models import Agency, ImportJob, OrgUnit, Staff
from people.tenancy import agency_scope
from tests.conftest import board_agency, load_demo_now
from tests.desk import PDF_BYTES, Desk
from workflows.casework import services
from workflows.council import services as council_services
from workflows.council.models import Ballot
from workflows.history.models import CommendationImportJob
from workflows.models import Campaign, Case, CaseFile, Milestone

from .cases import do, nomination_at_council, open_task, user

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Side:
    """One agency's cast: unit A (registration with a file, and a nomination at the council), unit B
    (registration with a file, and a nomination in a council session), unit C (a nomination still in the
    unit); its Văn phòng and its leader."""

    unit_a: str
    unit_b: str
    unit_c: str
    office: str
    chief: str
    leader: str


SIDES = {
    "board": Side("QLDT", "QHXD", "TNMT", "vanphong", "chanhvanphong", "truongban"),
    "so": Side("QLKH", "KHTC", "QLCN", "khcn.vanphong", "khcn.chanhvanphong", "khcn.giamdoc"),
}
CLERKS = {
    "QLDT": "qldt.thidua",
    "QHXD": "qhxd.thidua",
    "QLKH": "khcn.qlkh.thidua",
    "KHTC": "khcn.khtc.thidua",
}

# Board role → which of its agency's cases they may open:
#                    unit A  unit B  agency's  A's nomination   C's nomination
#                    reg.    reg.    reg.      at the council   in the unit
MATRIX = {
    "qldt.thidua": (200, 404, 404, 200, 404),
    "qldt.truongphong": (200, 404, 404, 200, 404),  # QLDT's head is also a council member
    "qhxd.thidua": (404, 200, 404, 404, 404),
    "tnmt.thidua": (404, 404, 404, 404, 200),
    "tnmt.truongphong": (404, 404, 404, 200, 200),  # council member: nominations at the council only
    "vanphong": (200, 200, 200, 200, 200),
    "chanhvanphong": (200, 200, 200, 200, 200),
    "truongban": (200, 200, 200, 200, 200),
    "photruongban": (200, 200, 200, 200, 200),
}
CASE_KEYS = ("reg_a", "reg_b", "reg_agency", "council_case", "nomination_c")
# The same role in the Sở (its deputy director has no login in the demo).
TWIN = {
    "qldt.thidua": "khcn.qlkh.thidua",
    "qldt.truongphong": "khcn.qlkh.truongphong",
    "qhxd.thidua": "khcn.khtc.thidua",
    "tnmt.thidua": "khcn.qlcn.thidua",
    "tnmt.truongphong": "khcn.qlcn.truongphong",
    "vanphong": "khcn.vanphong",
    "chanhvanphong": "khcn.chanhvanphong",
    "truongban": "khcn.giamdoc",
}
ROLES = [("board", name, name) for name in MATRIX] + [("so", twin, name) for name, twin in TWIN.items()]
OTHER = {"board": "so", "so": "board"}


def second_agency() -> Agency:
    return Agency.objects.get(code=SECOND_AGENCY["code"])


def world_build(side: Side) -> dict:
    """In the agency in scope: registration open for every unit, units A's and B's with a file each; A's
    nomination at the council, B's in a council session the Văn phòng opened; C's nomination still in the unit;
    a staff import job, a history import job and a failed mail of the Văn phòng."""
    campaign = Campaign.objects.get(year=2024)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.REGISTRATION)
    files = {}
    for code in (side.unit_a, side.unit_b):
        case = Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code=code)
        clerk = CLERKS[code]

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
    council_case = nomination_at_council(side.unit_a, office=side.office)
    session_case = nomination_at_council(side.unit_b, office=side.office)
    unit_c = OrgUnit.objects.get(code=side.unit_c)
    nomination_c = services.case_open(kind=Case.Kind.NOMINATION, campaign=campaign, unit=unit_c)
    held_at = timezone.now() + datetime.timedelta(days=1)
    session = council_services.session_open(
        campaign=campaign, held_at=held_at, place="Phòng họp số 1", cases=[session_case], actor=user(side.office)
    )
    return {
        "reg_a": Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code=side.unit_a),
        "reg_b": Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code=side.unit_b),
        "reg_agency": Case.objects.get(kind=Case.Kind.REGISTRATION_BOARD),
        "file_a": files[side.unit_a],
        "file_b": files[side.unit_b],
        "council_case": council_case,
        "session_case": session_case,
        "nomination_c": nomination_c,
        "session": session,
        "ballot": Ballot.objects.get(session=session, member__staff__user=user(side.leader)),
        "unit_a": OrgUnit.objects.get(code=side.unit_a),
        "person": Staff.objects.get(user__username=CLERKS[side.unit_a]),
        "job": ImportJob.objects.create(original_filename="can-bo.csv", created_by=user(side.office)),
        "history_job": CommendationImportJob.objects.create(original_filename="lich-su.xlsx"),
        "message": Message.objects.create(
            key=f"test-access-{side.office}",
            kind="task_new",
            user=user(side.office),
            to_email=f"{side.office}@example.vn",
            subject="Thư thử",
            body_text="Thư thử",
            status=Message.Status.FAILED,
        ),
        "agency_id": Campaign.objects.get(year=2024).agency_id,
    }


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    """Both agencies' worlds, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with agency_scope(None):
            load_demo_now()
            built = {}
            for key, agency in (("board", board_agency()), ("so", second_agency())):
                with agency_scope(agency):
                    built[key] = world_build(SIDES[key])
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def world(worlds):
    """The Board's world, and the Board in scope for the test's own reads and writes."""
    with agency_scope(worlds["board"]["agency_id"]):
        yield worlds["board"]


def _status(desk, url):
    return desk.client.get(url).status_code


def last_human_task(case) -> Task | None:
    return Task.objects.filter(process_id=case.pk, flow_task_type="HUMAN").order_by("-pk").first()


def object_urls(world) -> dict[str, str]:
    """Every page, file and export that names one of the agency's rows, by what it shows."""
    urls = {}
    for key in CASE_KEYS:
        case = world[key]
        urls[f"case {key}"] = f"/cases/ho-so/{case.pk}/"
        task = last_human_task(case)
        urls[f"task {key}"] = f"/cases/ho-so/{case.pk}/buoc/{task.pk}/"
    for key, case_key in (("file_a", "reg_a"), ("file_b", "reg_b")):
        urls[key] = f"/cases/ho-so/{world[case_key].pk}/tep/{world[key].pk}/"
    council_case, session, ballot = world["council_case"], world["session"], world["ballot"]
    urls |= {
        "case in a session": f"/cases/ho-so/{world['session_case'].pk}/",
        "eligibility of a dossier": f"/cases/ho-so/{council_case.pk}/dieu-kien/",
        "council result": f"/cases/ho-so/{council_case.pk}/ket-qua-hoi-dong/",
        "registration Excel": f"/cases/ho-so/{world['reg_a'].pk}/dang-ky.xlsx",
        "council session": f"/council/{session.pk}/",
        "own ballot": f"/council/{session.pk}/phieu/",
        "written ballot": f"/council/{session.pk}/phieu/{ballot.pk}/van-ban/",
        "ballot scan": f"/council/{session.pk}/phieu/{ballot.pk}/ban-chup/",
        "minutes": f"/council/{session.pk}/bien-ban/",
        "person's records": f"/cases/can-bo/{world['person'].pk}/",
        "who is eligible": f"/cases/du-dieu-kien/?don-vi={world['unit_a'].pk}",
        "ratings": f"/cases/xep-loai/?don-vi={world['unit_a'].pk}",
        "staff import": f"/people/nhap-du-lieu/{world['job'].pk}/",
        "history import": f"/cases/khen-thuong/nhap/{world['history_job'].pk}/",
    }
    return urls


def object_posts(world) -> dict[str, str]:
    """Every action on one of the agency's rows."""
    task = open_task(world["nomination_c"], "draft")
    session, ballot = world["session"], world["ballot"]
    return {
        "claim": f"/cases/viec/{task.pk}/nhan/",
        "hand back": f"/cases/viec/{task.pk}/tra-ve/",
        "reassign": f"/cases/viec/{task.pk}/giao-lai/",
        "step": f"/cases/ho-so/{world['nomination_c'].pk}/buoc/{task.pk}/",
        "council result": f"/cases/ho-so/{world['council_case'].pk}/ket-qua-hoi-dong/",
        "council session": f"/council/{session.pk}/",
        "own ballot": f"/council/{session.pk}/phieu/",
        "written ballot": f"/council/{session.pk}/phieu/{ballot.pk}/van-ban/",
        "person's records": f"/cases/can-bo/{world['person'].pk}/",
        "ratings": f"/cases/xep-loai/?don-vi={world['unit_a'].pk}",
        "staff import commit": f"/people/nhap-du-lieu/{world['job'].pk}/xac-nhan/",
        "history import commit": f"/cases/khen-thuong/nhap/{world['history_job'].pk}/xac-nhan/",
        "resend a mail": f"/notifications/hop-thu-di/{world['message'].pk}/gui-lai/",
    }


def answers_of(username: str, world: dict) -> dict[str, int]:
    """What each object page of the agency answers the person; a file they may have comes as a PDF download."""
    desk = Desk(username)
    answers = {}
    for what, url in object_urls(world).items():
        response = desk.client.get(url)
        answers[what] = response.status_code
        if what.startswith("file") and response.status_code == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF"), (username, what)
            assert "attachment" in response["Content-Disposition"], (username, what)
    # A file is not reachable under another case's URL either.
    for key, other in (("file_a", "reg_b"), ("file_b", "reg_a")):
        assert _status(desk, f"/cases/ho-so/{world[other].pk}/tep/{world[key].pk}/") == 404, (username, key)
    return answers


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_each_role_sees_exactly_its_cases_tasks_and_files_and_the_sos_the_same_in_the_so(worlds, role):
    """The Board's role in the Board, then its counterpart in the Sở: the cases, their tasks and files as the
    matrix says, and on every other object page of their own agency the same answer as each other — only 200
    (or a redirect where the page sends the person on) or 404."""
    answers = {}
    for agency, username in (("board", role), ("so", TWIN.get(role))):
        if username is None:
            continue
        answers[agency] = got = answers_of(username, worlds[agency])
        expected = dict(zip(CASE_KEYS, MATRIX[role], strict=True))
        for key, status in expected.items():
            assert got[f"case {key}"] == status, (username, key)
            assert got[f"task {key}"] == status, (username, key, "task")
        assert got["file_a"] == expected["reg_a"] and got["file_b"] == expected["reg_b"], username
        assert set(got.values()) <= {200, 302, 404}, (username, got)
    if "so" in answers:
        assert answers["so"] == answers["board"], role


@pytest.mark.parametrize(("agency", "username", "role"), ROLES, ids=[r[1] for r in ROLES])
def test_every_url_of_the_other_agency_is_not_found(worlds, agency, username, role):
    """Pages, tasks, files, council sessions and ballots, exports, records and eligibility pages, import jobs,
    the outbox: of the other agency, none exists for this person, whatever they may do in their own."""
    desk = Desk(username)
    theirs = worlds[OTHER[agency]]
    owner = open_task(theirs["nomination_c"], "draft").owner_id
    for what, url in object_urls(theirs).items():
        response = desk.client.get(url)
        assert response.status_code == 404, (username, what, url, response.status_code)
    for what, url in object_posts(theirs).items():
        data = {"user": user(username).pk, "action": "submit", "don-vi": theirs["unit_a"].pk}
        response = desk.client.post(url, data)
        assert response.status_code == 404, (username, what, url, response.status_code)
    # Nothing of theirs changed: the task is still unclaimed, the mail still failed.
    # Nor in a bulk claim from the queue.
    task = open_task(theirs["nomination_c"], "draft")
    desk.client.post("/cases/hang-cho/nhan/", {"task": [task.pk]})
    assert open_task(theirs["nomination_c"], "draft").owner_id == owner
    assert Message._base_manager.get(pk=theirs["message"].pk).status == Message.Status.FAILED


@pytest.mark.parametrize("agency", ["board", "so"])
def test_the_office_reaches_its_own_agencys_rows(worlds, agency):
    """The counterpart of the 404s above: the same URLs answer the agency's own Văn phòng chief."""
    desk = Desk(SIDES[agency].chief)
    skip = {"own ballot", "written ballot", "ballot scan", "minutes"}  # a member's own; the minutes come at closing
    for what, url in object_urls(worlds[agency]).items():
        if what in skip:
            continue
        response = desk.client.get(url)
        assert response.status_code == 200, (agency, what, url, response.status_code)


@pytest.mark.parametrize("agency", ["board", "so"])
def test_a_calendar_feed_names_its_owners_agency_only(worlds, agency, settings):
    """The feed is reached by its secret address, with no session: it lists its owner's agency's cases and
    milestones only."""
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    office = SIDES[agency].office
    feed = Client().get(f"/lich/{preference_of(user(office)).calendar_token}.ics")
    assert feed.status_code == 200
    text = feed.content.decode().replace("\r\n ", "")
    own, theirs = worlds[agency], worlds[OTHER[agency]]
    assert any(f"/cases/ho-so/{own[key].pk}/" in text for key in CASE_KEYS)
    assert not any(f"/cases/ho-so/{theirs[key].pk}/" in text for key in CASE_KEYS)
    milestones = {
        side: {
            f"UID:milestone-{pk}@tdkt"
            for pk in Milestone._base_manager.filter(agency_id=worlds[side]["agency_id"]).values_list("pk", flat=True)
        }
        for side in (agency, OTHER[agency])
    }
    assert any(uid in text for uid in milestones[agency])
    assert not any(uid in text for uid in milestones[OTHER[agency]])
    assert Client().get("/lich/khong-co-ma-nay.ics").status_code == 404


@pytest.mark.parametrize("agency", ["board", "so"])
def test_an_agencys_administrator_meets_the_other_agencys_rows_as_rows_that_do_not_exist(worlds, agency):
    """The admin answers another agency's row exactly as it answers an id no row has (Django's admin sends
    both back to its index with the same "does not exist" note), and its lists hold none of them."""
    admin_user = user(SIDES[agency].chief)
    admin_user.is_staff = True
    admin_user.save()
    admin_user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_orgunit", "view_staff", "view_case", "view_councilsession", "view_process", "view_task"]
        )
    )
    client = Client()
    client.force_login(admin_user)
    theirs = worlds[OTHER[agency]]
    rows = {
        "people/staff": theirs["person"].pk,
        "people/orgunit": theirs["unit_a"].pk,
        "workflows/case": theirs["reg_a"].pk,
        "workflows/councilsession": theirs["session"].pk,
        # viewflow's own tables, shared by every agency: a process is its case, a task its case's.
        "viewflow/process": theirs["reg_a"].pk,
        "viewflow/task": last_human_task(theirs["reg_a"]).pk,
    }
    for path, pk in rows.items():
        missing = client.get(f"/quan-tri/{path}/999999999/change/", follow=True)
        response = client.get(f"/quan-tri/{path}/{pk}/change/", follow=True)
        assert response.status_code == missing.status_code == 200, path
        assert response.redirect_chain == [("/quan-tri/", 302)], path
        notes = [str(m) for m in response.context["messages"]]
        assert notes == [n.replace("999999999", str(pk)) for n in [str(m) for m in missing.context["messages"]]]
        listing = client.get(f"/quan-tri/{path}/")
        assert listing.status_code == 200, path
        assert f"/quan-tri/{path}/{pk}/change/" not in listing.content.decode(), path
    # Their own processes and tasks they do see.
    own = worlds[agency]["reg_a"]
    assert client.get(f"/quan-tri/viewflow/process/{own.pk}/change/").status_code == 200
    assert client.get(f"/quan-tri/viewflow/task/{last_human_task(own).pk}/change/").status_code == 200


def test_lists_show_only_the_units_a_person_covers(world):
    clerk = Desk("qhxd.thidua")
    assert {row.case.unit.code for row in clerk.rows("inbox")} == {"QHXD"}
    assert {row.case.unit.code for row in Desk("tnmt.thidua").rows("inbox")} == {"TNMT"}
    listed = clerk.client.get("/cases/ho-so/").context["cases"]
    assert {c.unit.code for c in listed} == {"QHXD"}
    office = Desk("vanphong")
    assert len({c.unit.code for c in office.client.get("/cases/ho-so/").context["cases"]}) >= 7


def test_a_person_cannot_claim_or_act_on_a_task_of_another_unit_or_another_role(world):
    qldt_draft = open_task(world["reg_a"], "draft")
    # Another unit's clerk: the task does not exist for them.
    other = Desk("qhxd.thidua")
    assert other.client.post(f"/cases/viec/{qldt_draft.pk}/nhan/").status_code == 404
    # The unit's head may see the case but a draft is not theirs to take, even back in the queue.
    tnmt_draft = open_task(world["nomination_c"], "draft")
    assert tnmt_draft.owner == user("tnmt.thidua"), "the unit's one clerk has it in their inbox"
    services.task_unassign(task=tnmt_draft, user=user("tnmt.thidua"))
    head = Desk("tnmt.truongphong")
    response = head.client.post(f"/cases/viec/{tnmt_draft.pk}/nhan/", follow=True)
    assert "không có vai trò để nhận việc này" in response.content.decode()
    tnmt_draft.refresh_from_db()
    assert tnmt_draft.owner_id is None
    # Posting a step's form as someone who does not hold the task changes nothing.
    response = head.post_step(world["nomination_c"], tnmt_draft, {"h-meeting_date": "01/12/2024"}, action="save")
    assert response.status_code == 302
    world["nomination_c"].refresh_from_db()
    assert world["nomination_c"].meeting_date is None


def test_only_the_office_chief_reassigns_and_only_to_someone_who_may_do_the_step(world):
    case = world["reg_a"]
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
    # …nor to the other agency's office…
    chief.client.post(f"/cases/viec/{review.pk}/giao-lai/", {"user": user("khcn.vanphong").pk})
    review.refresh_from_db()
    assert review.owner == user("vanphong")
    # …but to the other officer.
    chief.client.post(f"/cases/viec/{review.pk}/giao-lai/", {"user": user("vanphong2").pk})
    review.refresh_from_db()
    assert review.owner == user("vanphong2")
    assert case.events.filter(action="reassigned").count() == 1


def test_someone_with_no_role_sees_nothing_and_anonymous_is_sent_to_log_in(world, client):
    guest = get_user_model().objects.create_user("khach", password="MatKhau@123")
    assert client.get(f"/cases/ho-so/{world['reg_a'].pk}/").status_code == 302
    client.force_login(guest)
    assert client.get(f"/cases/ho-so/{world['reg_a'].pk}/").status_code == 404
    assert client.get(f"/cases/ho-so/{world['file_a'].case_id}/tep/{world['file_a'].pk}/").status_code == 404
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
