"""Writes to the organisation. Each runs in a transaction and is safe to call twice."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import clock
from .models import CouncilMembership, Delegation, OrgUnit, RoleAssignment, Staff
from .roles import COUNCIL_MEMBER, GROUP_PERMISSIONS


def groups_ensure() -> None:
    """Create one group per role with its permissions; permissions not yet created are skipped."""
    for code, perm_names in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=code)
        perms = []
        for name in perm_names:
            app_label, codename = name.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.add(*perms)


@transaction.atomic
def user_sync_groups(*, user) -> None:
    """Make the user's role groups match their active roles and this year's council seat."""
    try:
        staff = user.staff
    except Staff.DoesNotExist:
        staff = None
    wanted: set[str] = set()
    if staff is not None and staff.is_active:
        wanted |= set(RoleAssignment.objects.filter(staff=staff, is_active=True).values_list("role", flat=True))
        if CouncilMembership.objects.filter(staff=staff, year=clock.today().year).exists():
            wanted.add(COUNCIL_MEMBER)
    managed = Group.objects.filter(name__in=GROUP_PERMISSIONS.keys())
    user.groups.remove(*[g for g in managed if g.name not in wanted])
    user.groups.add(*[g for g in managed if g.name in wanted])


@transaction.atomic
def staff_login_ensure(*, staff: Staff, username: str, password: str | None = None):
    """Give the staff member a login (once); the password is set only when the account is new."""
    User = get_user_model()
    if staff.user_id:
        return staff.user
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": staff.email, "first_name": staff.full_name[:150]},
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    staff.user = user
    staff.save(update_fields=["user"])
    return user


@transaction.atomic
def role_assign(*, staff: Staff, role: str, unit: OrgUnit) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(staff=staff, role=role, unit=unit)
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
    if staff.user_id:
        user_sync_groups(user=staff.user)
    return assignment


@transaction.atomic
def council_seat_set(*, year: int, staff: Staff, position: str) -> CouncilMembership:
    membership, _ = CouncilMembership.objects.update_or_create(year=year, staff=staff, defaults={"position": position})
    if staff.user_id:
        user_sync_groups(user=staff.user)
    return membership


@transaction.atomic
def delegation_create(*, role_assignment: RoleAssignment, delegate: Staff, start_date, end_date, reason="", actor=None):
    delegation = Delegation(
        role_assignment=role_assignment,
        delegate=delegate,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        created_by=actor,
    )
    delegation.full_clean()
    delegation.save()
    return delegation
