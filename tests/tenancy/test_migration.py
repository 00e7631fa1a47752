"""Moving an installation from before agencies: every row lands in one agency, made from its Ban Quản lý,
and nothing is lost (people 0009, workflows 0016, notifications 0002)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("people", "0007_unit_holds"),
    ("workflows", "0015_proposal_initiatives"),
    ("notifications", "0001_outbox"),
]
AFTER = [
    ("people", "0009_agencies"),
    ("workflows", "0016_agency_keys"),
    ("notifications", "0002_agency_keys"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_agencies():
    """The schema as it was before agencies; the latest schema again afterwards, whatever the test did."""
    apps = _migrate(BEFORE)
    yield apps
    _latest()


def _rows_before(apps):
    from workflows.flows import RegistrationFlow

    OrgUnit = apps.get_model("people", "OrgUnit")
    Staff = apps.get_model("people", "Staff")
    User = apps.get_model("auth", "User")
    board = OrgUnit.objects.create(
        code="BQL", name="Ban Quản lý Khu kinh tế tỉnh Tây Ninh", short_name="BQL KKT", kind="board"
    )
    office = OrgUnit.objects.create(code="VP", name="Văn phòng Ban", kind="office", parent=board)
    division = OrgUnit.objects.create(code="QLDT", name="Phòng Quản lý Đầu tư", kind="division", parent=board)
    user = User.objects.create(username="vanphong")
    clerk = Staff.objects.create(
        staff_code="VP003", full_name="Phạm Thu Trang", unit=office, category="cong_chuc", user=user
    )
    head = Staff.objects.create(staff_code="QLDT001", full_name="Lê Đức Anh", unit=division, category="cong_chuc")
    apps.get_model("people", "RoleAssignment").objects.create(staff=clerk, role="office_officer", unit=office)
    apps.get_model("people", "CouncilMembership").objects.create(year=2024, staff=head, position="chair")
    apps.get_model("people", "AnnualRating").objects.create(staff=head, year=2023, rating="htxsnv")
    campaign = apps.get_model("workflows", "Campaign").objects.create(
        year=2024,
        name="Phong trào thi đua năm 2024",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    milestone = apps.get_model("workflows", "Milestone").objects.create(
        campaign=campaign, code="DK", kind="registration", label="Đăng ký thi đua", due_date=datetime.date(2024, 1, 10),
        owner="units", recipient="Văn phòng Ban",
    )  # fmt: skip
    case = apps.get_model("workflows", "Case").objects.create(
        flow_class=RegistrationFlow, kind="registration", campaign=campaign, unit=division, milestone=milestone
    )
    apps.get_model("workflows", "CaseEvent").objects.create(case=case, action="opened", created=timezone.now())
    apps.get_model("notifications", "Message").objects.create(
        key="k1", kind="milestone", user=user, to_email="vanphong@example.vn", subject="Nhắc hạn", body_text="…"
    )
    return {"board": board.name}


def test_existing_rows_land_in_one_agency_made_from_the_board(before_agencies):
    named = _rows_before(before_agencies)

    apps = _migrate(AFTER)

    Agency = apps.get_model("people", "Agency")
    agency = Agency.objects.get()
    assert agency.name == named["board"]
    assert agency.short_name == "BQL KKT"
    assert agency.code == "bql"
    counts = {
        ("people", "OrgUnit"): 3,
        ("people", "Staff"): 2,
        ("people", "RoleAssignment"): 1,
        ("people", "CouncilMembership"): 1,
        ("people", "AnnualRating"): 1,
        ("workflows", "Campaign"): 1,
        ("workflows", "Milestone"): 1,
        ("workflows", "Case"): 1,
        ("workflows", "CaseEvent"): 1,
        ("notifications", "Message"): 1,
    }
    for (app_label, name), count in counts.items():
        model = apps.get_model(app_label, name)
        assert model.objects.count() == count, name
        assert set(model.objects.values_list("agency_id", flat=True)) == {agency.pk}, name


def test_an_empty_installation_gets_one_agency_of_the_default_name(before_agencies):
    apps = _migrate(AFTER)

    agency = apps.get_model("people", "Agency").objects.get()
    assert agency.name == "Ban Quản lý Khu kinh tế tỉnh"
    assert agency.issuer_title == "Trưởng ban"


def test_after_the_migration_codes_repeat_across_agencies_but_not_within_one(before_agencies):
    from django.db import IntegrityError, transaction

    _rows_before(before_agencies)
    apps = _migrate(AFTER)
    Agency = apps.get_model("people", "Agency")
    OrgUnit = apps.get_model("people", "OrgUnit")
    first = Agency.objects.get()
    second = Agency.objects.create(code="so-khcn", name="Sở Khoa học và Công nghệ")

    OrgUnit.objects.create(agency=second, code="VP", name="Văn phòng Sở", kind="office")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(agency=first, code="VP", name="Văn phòng thứ hai", kind="office")
