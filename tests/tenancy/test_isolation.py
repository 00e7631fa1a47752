"""Two agencies on one installation (the demo's Board and its Sở Khoa học và Công nghệ): nobody of one reaches
anything of the other — pages, files, exports, tasks, council sessions and ballots, import jobs, reminders,
calendar feeds — and what an agency's people write lands in their own agency."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from notifications.models import DigestItem, Message
from notifications.services import preference_of
from people.demo import DEMO_PASSWORD, SECOND_AGENCY
from people.importing import parse_upload
from people.models import Agency, ImportJob, OrgUnit, Staff
from people.services import staff_import_commit, staff_import_enqueue, staff_import_preview
from people.tenancy import agency_scope, agency_unscoped
from tests.conftest import board_agency
from tests.desk import Desk
from tests.workflows.test_access import world  # noqa: F401 — the Board's cases and files, a case at the council
from workflows import reminders
from workflows.casework import services
from workflows.casework.access import actor_of
from workflows.casework.selectors import tasks_inbox, tasks_queue
from workflows.council.models import Ballot, CouncilSession
from workflows.history.models import CommendationImportJob
from workflows.models import Campaign, Case

pytestmark = pytest.mark.django_db

SECOND_ROLES = ["khcn.qlkh.thidua", "khcn.qlkh.truongphong", "khcn.vanphong", "khcn.chanhvanphong", "khcn.giamdoc"]


@pytest.fixture(autouse=True)
def _demo_day(settings):
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)


def second_agency() -> Agency:
    return Agency.objects.get(code=SECOND_AGENCY["code"])


def login(username: str) -> Client:
    client = Client()
    assert client.post("/tai-khoan/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302
    return client


def user_agency(user) -> int:
    return Staff._base_manager.get(user=user).agency_id


def csv_upload(lines: list[str], name: str = "can-bo.csv"):
    header = "Mã cán bộ,Họ và tên,Thư điện tử,Chức vụ,Mã đơn vị,Tên đơn vị,Loại đơn vị,Đối tượng,Giới tính,Ngày sinh"
    return parse_upload(io.BytesIO(("\n".join([header, *lines]) + "\n").encode()), name)


@pytest.fixture
def both(world):  # noqa: F811
    """The Board's world, and the second agency's registration stage open (its people have tasks too)."""
    with agency_scope(second_agency()):
        services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
    return world


@pytest.fixture
def board_rows(both):
    """The Board's rows of every kind a URL names: cases, files, an export, a council session and a ballot,
    a staff import job and a history import job."""
    office = Desk("vanphong")
    day = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    data = {"day": day, "time": "08:30", "place": "Phòng họp số 1", "cases": [both["council_case"].pk]}
    assert office.client.post("/council/mo-phien-hop/", data).status_code == 302
    session = CouncilSession.objects.latest("pk")
    ballot = Ballot.objects.filter(session=session).first()
    job = staff_import_preview(
        parsed=csv_upload(["QLDT099,Nguyễn Văn Mới,moi@bqlkkt.example.vn,,QLDT,,,Công chức,Nam,"]), filename="a.csv"
    )
    history_job = CommendationImportJob.objects.create(original_filename="lich-su.xlsx")
    return {**both, "session": session, "ballot": ballot, "job": job, "history_job": history_job}


def board_urls(rows) -> list[str]:
    case, file, session, ballot = rows["qldt"], rows["qldt_file"], rows["session"], rows["ballot"]
    return [
        f"/cases/ho-so/{case.pk}/",
        f"/cases/ho-so/{rows['board'].pk}/",
        f"/cases/ho-so/{rows['council_case'].pk}/",
        f"/cases/ho-so/{rows['council_case'].pk}/dieu-kien/",
        f"/cases/ho-so/{file.case_id}/tep/{file.pk}/",
        f"/cases/ho-so/{case.pk}/dang-ky.xlsx",
        f"/council/{session.pk}/",
        f"/council/{session.pk}/phieu/",
        f"/council/{session.pk}/phieu/{ballot.pk}/van-ban/",
        f"/council/{session.pk}/bien-ban/",
        f"/people/nhap-du-lieu/{rows['job'].pk}/",
        f"/cases/khen-thuong/nhap/{rows['history_job'].pk}/",
    ]


@pytest.mark.parametrize("username", SECOND_ROLES)
def test_nobody_of_the_second_agency_reaches_any_url_of_the_boards_rows(board_rows, username):
    client = login(username)
    for url in board_urls(board_rows):
        assert client.get(url).status_code == 404, url
    task = unclaimed_board_task()
    assert client.post(f"/cases/viec/{task.pk}/nhan/").status_code == 404
    client.post("/cases/hang-cho/nhan/", {"task": [task.pk]})
    task.refresh_from_db()
    assert task.owner_id is None, "a task of the Board was claimed from the other agency"


def test_the_boards_office_reaches_its_own_rows_and_none_of_the_second_agencys(board_rows):
    client = login("chanhvanphong")
    for url in board_urls(board_rows):
        if "/phieu/" in url or "/bien-ban/" in url:
            continue  # ballots are the members' own; the minutes come when the session closes
        assert client.get(url).status_code == 200, url
    with agency_scope(second_agency()):
        theirs = Case.objects.filter(kind=Case.Kind.REGISTRATION).first()
    assert client.get(f"/cases/ho-so/{theirs.pk}/").status_code == 404


def unclaimed_board_task():
    from viewflow.workflow.models import Task

    return Task.objects.filter(
        process__case__agency=board_agency(), status="NEW", flow_task_type="HUMAN", owner__isnull=True
    ).first()


def test_inbox_and_queue_hold_only_the_users_own_agencys_tasks(both):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    second = second_agency()
    for username in ["khcn.vanphong", "khcn.qlkh.thidua", "vanphong", "qldt.thidua"]:
        user = users.get(username=username)
        agency = user_agency(user)
        with agency_scope(agency):
            actor = actor_of(user)
            tasks = list(tasks_inbox(actor=actor)) + list(tasks_queue(actor=actor))
        assert tasks, username
        assert {Case._base_manager.get(pk=t.process_id).agency_id for t in tasks} == {agency}, username
    # Through the pages: the Sở's office queue names the Sở's units and none of the Board's.
    page = login("khcn.vanphong").get("/cases/hang-cho/").content.decode()
    assert "Phòng Quản lý Khoa học" in page and "Phòng Quản lý Đầu tư" not in page
    assert second.pk != board_agency().pk


def test_the_staff_directory_and_org_chart_show_the_users_agency_only(demo):
    client = login("khcn.vanphong")
    page = client.get("/people/can-bo/").content.decode()
    assert "Đoàn Thị Kim Liên" in page and "Vũ Thị Thanh Huyền" not in page
    assert "Không có đơn vị với mã đã chọn" in client.get("/people/can-bo/", {"unit": "QLDT"}).content.decode()
    # Both agencies have a unit coded VP: each sees its own.
    page = client.get("/people/can-bo/", {"unit": "VP"}).content.decode()
    assert "Huỳnh Văn Tài" in page and "Trần Quốc Bảo" not in page
    chart = client.get("/people/").content.decode()
    assert "Phòng Quản lý Khoa học" in chart and "Phòng Quản lý Đầu tư" not in chart


def test_the_reminder_sweep_reminds_each_agencys_people_of_their_own_agencys_work_only(both, settings):
    settings.CLOCK_TODAY = None
    now = timezone.make_aware(datetime.datetime(2024, 6, 21, 8, 5))  # a week before the 28/06 milestone
    with agency_unscoped():
        counts = reminders.reminders_sweep(now=now)
        written = list(Message.objects.select_related("user")) + list(DigestItem.objects.select_related("user"))
    assert counts["messages"] + counts["digest_items"] > 0
    agencies = {row.agency_id for row in written}
    assert agencies == {board_agency().pk, second_agency().pk}, "both agencies' people are reminded"
    for row in written:
        assert row.agency_id == user_agency(row.user), (row.user.username, row.key)
    second_units = set(OrgUnit._base_manager.filter(agency=second_agency()).values_list("name", flat=True))
    for row in written:
        text = getattr(row, "summary", "") or row.body_text
        if row.agency_id == board_agency().pk:
            assert not any(f"{name}." in text or f"{name}," in text for name in second_units - {"Văn phòng Sở"}), text


def test_a_calendar_feed_lists_its_owners_agency_only(both):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    feeds = {}
    for username in ["khcn.vanphong", "vanphong"]:
        token = preference_of(users.get(username=username)).calendar_token
        response = Client().get(f"/lich/{token}.ics")
        assert response.status_code == 200
        feeds[username] = response.content.decode()
    with agency_scope(second_agency()):
        their_milestones = {
            f"milestone-{pk}@tdkt" for pk in Campaign.objects.get().milestones.values_list("pk", flat=True)
        }
        their_cases = {f"/cases/ho-so/{pk}/" for pk in Case.objects.values_list("pk", flat=True)}
    board_cases = {f"/cases/ho-so/{pk}/" for pk in Case.objects.values_list("pk", flat=True)}

    def uids(feed):
        return set(re.findall(r"UID:(milestone-\d+@tdkt)", feed))

    assert uids(feeds["khcn.vanphong"]) and uids(feeds["khcn.vanphong"]) <= their_milestones
    assert not uids(feeds["vanphong"]) & their_milestones
    flat = {name: feed.replace("\r\n ", "") for name, feed in feeds.items()}
    assert any(url in flat["khcn.vanphong"] for url in their_cases)
    assert not any(url in flat["khcn.vanphong"] for url in board_cases)
    assert not any(url in flat["vanphong"] for url in their_cases)


def test_an_import_creates_units_and_staff_in_the_importers_agency(demo):
    """A staff code the Board already uses is a new person in the Sở, not an update of the Board's."""
    with agency_scope(second_agency()):
        parsed = csv_upload(
            [
                "QLDT001,Người Của Sở,nguoi.cua.so@skhcn.example.vn,Chuyên viên,QLKH,,,Công chức,Nam,",
                "SKH100,Phạm Văn Mới,moi@skhcn.example.vn,Chuyên viên,TTDL,Trung tâm Thông tin và Dữ liệu,"
                "Đơn vị trực thuộc,Viên chức,Nam,",
            ]
        )
        job = staff_import_preview(parsed=parsed, filename="so.csv")
        staff_import_enqueue(job=job)
        job = staff_import_commit(job_id=job.pk)
        assert job.status == ImportJob.Status.DONE, job.error_message
    assert job.agency_id == second_agency().pk
    with agency_unscoped():
        theirs = Staff.objects.get(staff_code="QLDT001", agency=second_agency())
        assert theirs.full_name == "Người Của Sở" and theirs.unit.code == "QLKH"
        assert Staff.objects.get(staff_code="QLDT001", agency=board_agency()).full_name == "Lê Đức Anh"
        new_unit = OrgUnit.objects.get(code="TTDL")
        assert new_unit.agency_id == second_agency().pk and new_unit.parent.code == "SKHCN"


def test_exports_and_council_lists_hold_the_users_agency_only(board_rows):
    page = login("khcn.chanhvanphong").get("/council/").content.decode()
    assert f"/council/{board_rows['session'].pk}/" not in page
    outbox = login("khcn.vanphong").get("/notifications/hop-thu-di/")
    assert outbox.status_code == 200
    assert all(m.agency_id == second_agency().pk for m in outbox.context["outbox"])
    commendations = login("khcn.vanphong").get("/cases/khen-thuong/")
    assert commendations.status_code == 200
    assert all(c.agency_id == second_agency().pk for c in commendations.context["page_obj"].object_list)


def test_the_header_names_the_agency_only_when_there_are_several(db, client):
    call_command("load_demo", "--no-cases", "--single-agency", stdout=io.StringIO())
    page = login("vanphong").get("/home/").content.decode()
    assert 'data-testid="agency-name"' not in page
    call_command("load_demo", "--no-cases", stdout=io.StringIO())
    page = login("vanphong").get("/home/").content.decode()
    assert 'data-testid="agency-name"' in page and "BQL KKT" in page
    assert "Sở KH&amp;CN" in login("khcn.vanphong").get("/home/").content.decode()
