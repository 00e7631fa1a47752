"""Reads about signatures: which of a case's PDFs a person may sign."""

from __future__ import annotations

from people.models import CouncilMembership, Role
from people.selectors import staff_of_user

from .. import files as filetypes


def council_kinds_signable(*, actor, case) -> set[str] | None:
    """The document kinds this actor may sign on the case: None for every kind (the agency's head), the council's
    kinds for the chair of the case's year, an empty set for anyone else."""
    if Role.BOARD_HEAD in actor.roles:
        return None
    staff = staff_of_user(actor.user)
    if staff is None:
        return set()
    from ..models import DocumentKind

    chair = CouncilMembership.objects.filter(
        staff=staff, year=case.campaign.year, position=CouncilMembership.Position.CHAIR
    ).exists()
    if not chair:
        return set()
    return set(DocumentKind.objects.filter(produced_by_council=True).values_list("code", flat=True))


def _signable(record, kinds: set[str] | None) -> bool:
    if record.content_type != filetypes.PDF.content_type or record.removed_at is not None:
        return False
    return kinds is None or record.doc_type in kinds


def may_sign(*, actor, record) -> bool:
    """Who may sign a case's PDF: whoever holds the agency's head role on the day (the Trưởng ban, or the person it
    is delegated to), and the council's chair of the case's year on the documents the council produces."""
    return _signable(record, council_kinds_signable(actor=actor, case=record.case))


def files_signable(*, actor, case, files) -> set[int]:
    """The ids of the files on the case page this actor may sign (two queries at most, whatever the count)."""
    kinds = council_kinds_signable(actor=actor, case=case)
    if kinds is not None and not kinds:
        return set()
    return {f.pk for f in files if _signable(f, kinds)}
