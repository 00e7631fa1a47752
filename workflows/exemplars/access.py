"""Who works on exemplar stories inside the product: the Văn phòng writes them (Chuyên viên TĐKT and Chánh Văn
phòng), the Chánh Văn phòng approves publication and withdraws, the Board's leaders read them. Nobody else sees the
pages (404, like a page that does not exist)."""

from __future__ import annotations

from dataclasses import dataclass

from people.models import Role

from ..casework.access import BOARD_ROLES, OFFICE_ROLES, actor_of


@dataclass(frozen=True)
class ExemplarRights:
    may_read: bool
    may_write: bool
    may_approve: bool


def exemplar_rights(user) -> ExemplarRights:
    if not getattr(user, "is_authenticated", False):
        return ExemplarRights(False, False, False)
    actor = actor_of(user)
    roles = actor.roles
    return ExemplarRights(
        may_read=actor.is_office or bool(roles & BOARD_ROLES),
        may_write=actor.is_office,
        may_approve=Role.OFFICE_CHIEF in roles,
    )


def exemplar_reader(user) -> bool:
    """For the menu: whether the exemplars' pages exist for this user (the roles are read once for the menu)."""
    from people.selectors import roles_held_today

    roles = {held.role for held in roles_held_today(user)}
    return bool(roles & (OFFICE_ROLES | BOARD_ROLES))
