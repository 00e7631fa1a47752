"""The demo organisation, roles mapped onto groups, and delegations honoured in their date range."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from people.models import AnnualRating, CouncilMembership, Discipline, OrgUnit, Role, RoleAssignment, Staff
from people.roles import COUNCIL_MEMBER
from people.selectors import role_holders, user_has_role
from people.services import delegation_create
from workflows.eligibility_facts import eligibility_facts
from workflows.models import Initiative

D = datetime.date


def _snapshot():
    User = get_user_model()
    return (
        list(OrgUnit.objects.order_by("pk").values()),
        list(Staff.objects.order_by("pk").values()),
        list(RoleAssignment.objects.order_by("pk").values()),
        list(CouncilMembership.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("username", "password", "email")),
        sorted(User.groups.through.objects.values_list("user_id", "group_id")),
    )


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == before


def test_the_demo_board_has_its_units_staff_and_a_council_chaired_by_the_truong_ban(demo):
    kinds = sorted(OrgUnit.objects.values_list("kind", flat=True))
    assert kinds.count("division") == 4 and kinds.count("subordinate") == 2 and kinds.count("office") == 1
    assert 38 <= Staff.objects.count() <= 45
    council = CouncilMembership.objects.filter(year=2024)
    assert council.count() % 2 == 1
    chair = council.get(position=CouncilMembership.Position.CHAIR).staff
    assert RoleAssignment.objects.filter(staff=chair, role=Role.BOARD_HEAD).exists()


def test_the_demo_is_refused_under_production_settings(db, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Staff.objects.exists()


@pytest.mark.parametrize(
    ("username", "group"),
    [
        ("qldt.thidua", Role.UNIT_CLERK),
        ("qldt.truongphong", Role.UNIT_HEAD),
        ("vanphong", Role.OFFICE_OFFICER),
        ("chanhvanphong", Role.OFFICE_CHIEF),
        ("truongban", Role.BOARD_HEAD),
        ("tnmt.truongphong", COUNCIL_MEMBER),
    ],
)
def test_each_demo_role_is_a_group_with_permissions(demo, settings, username, group):
    settings.CLOCK_TODAY = D(2024, 6, 20)
    user = get_user_model().objects.get(username=username)
    from people.services import user_sync_groups

    user_sync_groups(user=user)
    assert user.groups.filter(name=group).exists()
    assert user.has_perm("people.view_staff")


def test_only_the_office_may_import_staff(demo):
    User = get_user_model()
    assert User.objects.get(username="vanphong").has_perm("people.import_staff")
    assert not User.objects.get(username="qldt.thidua").has_perm("people.import_staff")


def test_a_delegation_gives_the_role_only_within_its_dates(demo):
    head = RoleAssignment.objects.get(staff__staff_code="QLDT001", role=Role.UNIT_HEAD)
    deputy = Staff.objects.get(staff_code="QLDT002")
    delegation_create(
        role_assignment=head, delegate=deputy, start_date=D(2024, 7, 1), end_date=D(2024, 7, 15), reason="Nghỉ phép"
    )
    unit = head.unit
    assert not user_has_role(user=deputy.user, roles=Role.UNIT_HEAD, unit=unit, on=D(2024, 6, 30))
    assert user_has_role(user=deputy.user, roles=Role.UNIT_HEAD, unit=unit, on=D(2024, 7, 1))
    assert user_has_role(user=deputy.user, roles=Role.UNIT_HEAD, unit=unit, on=D(2024, 7, 15))
    assert not user_has_role(user=deputy.user, roles=Role.UNIT_HEAD, unit=unit, on=D(2024, 7, 16))
    # The head keeps the role, and in another unit the deputy has nothing.
    assert user_has_role(user=head.staff.user, roles=Role.UNIT_HEAD, unit=unit, on=D(2024, 7, 5))
    other = OrgUnit.objects.get(code="TNMT")
    assert not user_has_role(user=deputy.user, roles=Role.UNIT_HEAD, unit=other, on=D(2024, 7, 5))
    assert set(role_holders(role=Role.UNIT_HEAD, unit=unit, on=D(2024, 7, 5))) == {head.staff, deputy}
    assert set(role_holders(role=Role.UNIT_HEAD, unit=unit, on=D(2024, 8, 1))) == {head.staff}


def test_a_delegation_with_dates_out_of_order_or_to_oneself_is_refused(demo):
    from django.core.exceptions import ValidationError

    head = RoleAssignment.objects.get(staff__staff_code="QLDT001", role=Role.UNIT_HEAD)
    deputy = Staff.objects.get(staff_code="QLDT002")
    with pytest.raises(ValidationError, match="Ngày kết thúc phải bằng hoặc sau ngày bắt đầu"):
        delegation_create(role_assignment=head, delegate=deputy, start_date=D(2024, 7, 15), end_date=D(2024, 7, 1))
    with pytest.raises(ValidationError, match="chính người giữ vai trò"):
        delegation_create(role_assignment=head, delegate=head.staff, start_date=D(2024, 7, 1), end_date=D(2024, 7, 2))


def test_the_demo_has_three_years_of_ratings_initiatives_and_one_discipline(demo):
    call_command("load_demo", "--no-cases", stdout=io.StringIO())  # a second load adds nothing

    staff_count = Staff.objects.count()
    assert AnnualRating.objects.filter(staff__isnull=False).count() == 3 * staff_count
    assert AnnualRating.objects.filter(unit__code="QLDT", year=2024).get().rating == "htxsnv"
    assert Initiative.objects.count() == 2
    assert Discipline.objects.get().staff.staff_code == "DNLD005"
    batch = eligibility_facts(units=OrgUnit.objects.all(), year=2024)
    author = next(p for p in batch.people.values() if p.staff_code == "QLDT003")
    assert author.ratings == {2023: "htxsnv", 2024: "htxsnv", 2022: "httnv"}
    assert [(i.level, i.year) for i in author.initiatives] == [("tinh_bo", 2023)]
