"""Reads about the organisation: who holds which role where, honouring delegations."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from . import clock
from .models import CouncilMembership, Delegation, OrgUnit, Role, RoleAssignment, Staff


@dataclass(frozen=True)
class HeldRole:
    role: str
    unit_id: int
    delegated_from: int | None = None  # the Staff id whose role this is, when held by delegation


def staff_of_user(user) -> Staff | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff
    except Staff.DoesNotExist:
        return None


def roles_held(*, user, on: datetime.date | None = None) -> list[HeldRole]:
    """Every role the user holds on a day: their own, and those delegated to them for that day."""
    staff = staff_of_user(user)
    if staff is None or not staff.is_active:
        return []
    on = on or clock.today()
    own = [
        HeldRole(role=ra.role, unit_id=ra.unit_id) for ra in RoleAssignment.objects.filter(staff=staff, is_active=True)
    ]
    delegated = [
        HeldRole(
            role=d.role_assignment.role, unit_id=d.role_assignment.unit_id, delegated_from=d.role_assignment.staff_id
        )
        for d in Delegation.objects.filter(
            delegate=staff, start_date__lte=on, end_date__gte=on, role_assignment__is_active=True
        ).select_related("role_assignment")
    ]
    return own + delegated


def roles_held_today(user) -> list[HeldRole]:
    """roles_held for today, read once per request: the menu asks it for each entry that depends on the user's
    roles (cached on the user object, as the request's actor is)."""
    today = clock.today()
    cached = getattr(user, "_tdkt_roles_today", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    held = roles_held(user=user, on=today)
    if getattr(user, "is_authenticated", False):
        user._tdkt_roles_today = (today, held)
    return held


def user_has_role(*, user, roles, unit: OrgUnit | int | None = None, on: datetime.date | None = None) -> bool:
    """Whether the user holds one of `roles` (in `unit`, when given) on the day, by delegation or not."""
    roles = {roles} if isinstance(roles, str) else set(roles)
    unit_id = unit.pk if isinstance(unit, OrgUnit) else unit
    return any(
        held.role in roles and (unit_id is None or held.unit_id == unit_id) for held in roles_held(user=user, on=on)
    )


def role_holders(
    *, role: str, unit: OrgUnit | int | None = None, on: datetime.date | None = None, acting: bool = False
) -> QuerySet[Staff]:
    """Staff who can act in `role` on the day: the holders, and whoever they delegated it to.

    With `acting`, only those expected to act that day: a holder who has handed the role to someone for
    the day (ủy quyền while away) is left out, the delegate stands in."""
    on = on or clock.today()
    assignments = RoleAssignment.objects.filter(role=role, is_active=True)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    holders = (
        Staff.objects.filter(is_active=True)
        .filter(
            Q(roles__in=assignments)
            | Q(
                delegations_received__role_assignment__in=assignments,
                delegations_received__start_date__lte=on,
                delegations_received__end_date__gte=on,
            )
        )
        .distinct()
    )
    if acting:
        in_force = Delegation.objects.filter(role_assignment__in=assignments, start_date__lte=on, end_date__gte=on)
        away = assignments.filter(pk__in=in_force.values("role_assignment")).values("staff_id")
        holders = holders.exclude(Q(pk__in=away) & ~Q(pk__in=in_force.values("delegate_id")))
    return holders


def units_for_emulation() -> QuerySet[OrgUnit]:
    """The phòng and đơn vị trực thuộc (and the Văn phòng) that take part in the year's emulation."""
    return OrgUnit.objects.filter(
        is_active=True, kind__in=[OrgUnit.Kind.OFFICE, OrgUnit.Kind.DIVISION, OrgUnit.Kind.SUBORDINATE]
    )


def org_tree() -> list[tuple[OrgUnit, int]]:
    """Units in tree order with their depth, in one query."""
    units = list(OrgUnit.objects.filter(is_active=True).order_by("order", "name"))
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    result: list[tuple[OrgUnit, int]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            result.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return result


def staff_directory(*, query: str = "", unit: OrgUnit | None = None, include_inactive: bool = False) -> QuerySet[Staff]:
    staff = Staff.objects.select_related("unit", "user")
    if not include_inactive:
        staff = staff.filter(is_active=True)
    if unit is not None:
        staff = staff.filter(unit=unit)
    if query:
        staff = staff.filter(
            Q(full_name__icontains=query)
            | Q(staff_code__icontains=query)
            | Q(email__icontains=query)
            | Q(position__icontains=query)
        )
    return staff.order_by("unit__order", "full_name")


def council_of_year(year: int) -> QuerySet[CouncilMembership]:
    return CouncilMembership.objects.filter(year=year).select_related("staff", "staff__unit")


def office_unit() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE, is_active=True).first()


ROLE_LABELS = dict(Role.choices)


# Staff records (ratings, holds, disciplines, leave, initiatives) are the Văn phòng's to keep: it is the Board's
# personnel office, and a rating is the Trưởng ban's decision on the unit head's assessment (NĐ 90/2020 Đ20–Đ21),
# which the office writes down. The Board's leaders read every unit's; a unit's head reads their own unit's.
RECORDS_EDITOR_ROLES = frozenset({Role.OFFICE_OFFICER, Role.OFFICE_CHIEF})
RECORDS_WIDE_ROLES = RECORDS_EDITOR_ROLES | {Role.BOARD_HEAD, Role.BOARD_DEPUTY}


@dataclass(frozen=True)
class RecordsScope:
    """What a user may do with staff records on a day: read every unit's (`all_units`) or those of `unit_ids`,
    and write (`may_edit`)."""

    may_edit: bool
    all_units: bool
    unit_ids: frozenset[int]

    @property
    def sees_any(self) -> bool:
        return self.all_units or bool(self.unit_ids)

    def sees(self, unit_id: int) -> bool:
        return self.all_units or unit_id in self.unit_ids


def records_scope(
    *, user, unit_roles=(Role.UNIT_HEAD,), on: datetime.date | None = None, held: list[HeldRole] | None = None
) -> RecordsScope:
    """The user's scope over staff records; `unit_roles` are the unit roles that read their own unit's (the
    personal records: the head; the rating sheet, which the eligibility page shows anyway: the head and clerk)."""
    held = roles_held(user=user, on=on) if held is None else held
    roles = {h.role for h in held}
    return RecordsScope(
        may_edit=bool(roles & RECORDS_EDITOR_ROLES),
        all_units=bool(roles & RECORDS_WIDE_ROLES),
        unit_ids=frozenset(h.unit_id for h in held if h.role in set(unit_roles)),
    )
