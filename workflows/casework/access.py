"""Who may see a case and who may act on its tasks: roles per unit from `people`, delegations included.

viewflow knows only permission names; the unit a role applies to is ours to enforce. A task carries the
permission its step needs (`workflows.sign_case`…); a user may act on it when they hold, on that day, a
role that grants the permission — on the case's own unit for unit roles, on every unit for the Văn
phòng's and the Board's roles.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from people import clock
from people.models import CouncilMembership, Role, Staff
from people.selectors import HeldRole, roles_held, staff_of_user

from ..kinds import kinds_seen_by_council

DRAFT = "workflows.draft_case"
SIGN = "workflows.sign_case"
REVIEW = "workflows.review_case"
REPORT = "workflows.report_case"
DECIDE = "workflows.decide_case"

# The step permissions each role grants. Deputies act only through a delegation (ủy quyền) of the
# head's role, so the head's permissions follow the delegation and nothing is granted twice.
ROLE_TASK_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.UNIT_CLERK: frozenset({DRAFT}),
    Role.UNIT_HEAD: frozenset({SIGN}),
    Role.UNIT_DEPUTY: frozenset(),
    Role.OFFICE_OFFICER: frozenset({REVIEW, REPORT}),
    Role.OFFICE_CHIEF: frozenset({REVIEW, REPORT}),
    Role.BOARD_HEAD: frozenset({DECIDE}),
    Role.BOARD_DEPUTY: frozenset(),
}
UNIT_SCOPED_ROLES = frozenset({Role.UNIT_CLERK, Role.UNIT_HEAD, Role.UNIT_DEPUTY})
OFFICE_ROLES = frozenset({Role.OFFICE_OFFICER, Role.OFFICE_CHIEF})
BOARD_ROLES = frozenset({Role.BOARD_HEAD, Role.BOARD_DEPUTY})


@dataclass
class Actor:
    """A user as the flows see them on one day: their roles, the units those roles cover, their council seats."""

    user: object
    held: list[HeldRole]
    council_years: frozenset[int]
    delegator_users: dict[int, int] = field(default_factory=dict)  # delegator's Staff id → their user id
    wide_permissions: set[str] = field(default_factory=set)
    unit_permissions: dict[int, set[str]] = field(default_factory=dict)

    def __post_init__(self):
        for held in self.held:
            perms = ROLE_TASK_PERMISSIONS.get(held.role, frozenset())
            if held.role in UNIT_SCOPED_ROLES:
                self.unit_permissions.setdefault(held.unit_id, set()).update(perms)
            else:
                self.wide_permissions.update(perms)

    @property
    def roles(self) -> set[str]:
        return {h.role for h in self.held}

    @property
    def sees_all(self) -> bool:
        """The Văn phòng and the Board's leaders see every unit's cases."""
        return bool(self.roles & (OFFICE_ROLES | BOARD_ROLES))

    @property
    def is_office(self) -> bool:
        return bool(self.roles & OFFICE_ROLES)

    @property
    def is_office_chief(self) -> bool:
        return Role.OFFICE_CHIEF in self.roles

    @property
    def unit_ids(self) -> set[int]:
        return {h.unit_id for h in self.held if h.role in UNIT_SCOPED_ROLES}

    def permissions_on(self, unit_id: int) -> set[str]:
        return self.wide_permissions | self.unit_permissions.get(unit_id, set())

    def may_act(self, *, permission: str | None, unit_id: int) -> bool:
        return bool(permission) and permission in self.permissions_on(unit_id)

    def _delegated(self):
        for held in self.held:
            user_id = self.delegator_users.get(held.delegated_from) if held.delegated_from else None
            if user_id:
                yield held, user_id, ROLE_TASK_PERMISSIONS.get(held.role, frozenset())

    def may_take_over(self, *, owner_id: int | None, permission: str | None, unit_id: int) -> bool:
        """A delegate (người được ủy quyền) may take over a task already assigned to the person they stand in for."""
        return any(
            owner_id == user_id
            and permission in perms
            and (held.role not in UNIT_SCOPED_ROLES or held.unit_id == unit_id)
            for held, user_id, perms in self._delegated()
        )

    def takeover_q(self) -> Q:
        """Tasks assigned to the people this actor stands in for, that their delegated roles cover."""
        q = Q(pk__in=[])
        for held, user_id, perms in self._delegated():
            part = Q(owner_id=user_id, owner_permission__in=sorted(perms))
            if held.role in UNIT_SCOPED_ROLES:
                part &= Q(process__case__unit_id=held.unit_id)
            q |= part
        return q

    def cases_q(self, prefix: str = "") -> Q:
        """The cases this actor may see, as a filter on Case (or on a relation to it, through `prefix`)."""
        if self.sees_all:
            return Q()
        visible = Q(**{f"{prefix}unit_id__in": sorted(self.unit_ids)})
        if self.council_years:
            # Council members see nomination dossiers from the moment they reach the council.
            visible |= Q(
                **{
                    f"{prefix}kind__in": kinds_seen_by_council(),
                    f"{prefix}campaign__year__in": sorted(self.council_years),
                    f"{prefix}council_at__isnull": False,
                }
            )
        return visible

    def claimable_q(self) -> Q:
        """Tasks (by their permission and the case's unit) this actor's roles may take from the queue."""
        q = Q(owner_permission__in=sorted(self.wide_permissions)) if self.wide_permissions else Q(pk__in=[])
        for unit_id, perms in sorted(self.unit_permissions.items()):
            if perms:
                q |= Q(owner_permission__in=sorted(perms), process__case__unit_id=unit_id)
        return q


def actor_of(user, *, on: datetime.date | None = None) -> Actor:
    """The actor for a user today, computed once per request (cached on the user object)."""
    on = on or clock.today()
    cached = getattr(user, "_tdkt_actor", None)
    if cached is not None and cached[0] == on:
        return cached[1]
    staff = staff_of_user(user)
    held = roles_held(user=user, on=on) if staff else []
    years = (
        frozenset(CouncilMembership.objects.filter(staff=staff).values_list("year", flat=True))
        if staff
        else frozenset()
    )
    delegators = {h.delegated_from for h in held if h.delegated_from}
    delegator_users = (
        dict(Staff.objects.filter(pk__in=delegators, user__isnull=False).values_list("pk", "user_id"))
        if delegators
        else {}
    )
    actor = Actor(user=user, held=held, council_years=years, delegator_users=delegator_users)
    if getattr(user, "is_authenticated", False):
        user._tdkt_actor = (on, actor)
    return actor
