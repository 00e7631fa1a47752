"""Two agencies on one installation (the demo's Board and its Sở Khoa học và Công nghệ): nobody of one reaches
anything of the other — pages, files, exports, tasks, council sessions and ballots, import jobs, reminders,
calendar feeds — and what an agency's people write lands in their own agency."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from notifications.models import DigestItem, Message
from people.demo import DEMO_PASSWORD, SECOND_AGENCY
from people.importing import parse_upload
from people.models import Agency, ImportJob, OrgUnit, Staff
from people.services import staff_import_commit, staff_import_enqueue, staff_import_preview
from people.tenancy import agency_scope, agency_unscoped
from tests.conftest import board_agency
from tests.workflows.test_access import SIDES, world_build
from workflows import reminders
from workflows.casework import services
from workflows.casework.access import actor_of
from workflows.casework.selectors import tasks_inbox, tasks_queue
from workflows.models import Campaign, Case

pytestmark = pytest.mark.django_db


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
def both(demo):
    """The Board's cases, files and council session (tests/workflows/test_access.py builds them), and the second
    agency's registration stage open (its people have tasks too). Which URL of one agency answers whom in the
    other is tested there, role by role."""
    with agency_scope(second_agency()):
        services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
    return world_build(SIDES["board"])


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


def test_exports_and_council_lists_hold_the_users_agency_only(both):
    page = login("khcn.chanhvanphong").get("/council/").content.decode()
    assert f"/council/{both['session'].pk}/" not in page
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
