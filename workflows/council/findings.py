"""What the council sees beside each vote: the nominee's findings (the rules of the achievement year, with their
citations) and their titles of past years.

The facts of every unit on the agenda are read once (workflows/eligibility_facts.py), whatever the number of
nominees; each dossier is then judged exactly as the Văn phòng's check judges it (the other titles proposed in
the dossier count as this year's: CSTĐCS beside CSTĐ tỉnh is the last link of the chain; the rating written on a
row stands until one is recorded; the initiatives a row names are the ones it relies on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..casework.eligibility import dossier_judge
from ..eligibility_facts import eligibility_facts
from ..eligible.selectors import history_lines
from ..models import Proposal
from ..rules.findings import Finding, FindingsHeld
from ..rules.rulebook import RuleBook
from ..selectors import rulebook_current
from .models import AgendaItem


@dataclass(frozen=True)
class NomineeReview(FindingsHeld):
    findings: tuple[Finding, ...]
    history: tuple[tuple[int, str], ...]  # (year, titles of that year by short name)
    known: bool = True  # False when the nominee's facts could not be read (no longer on the staff)


def agenda_reviews(*, year: int, items: Iterable[AgendaItem], book: RuleBook | None = None) -> dict[int, NomineeReview]:
    """Agenda item id → the nominee's findings and history, for the session's year. `items` come with their
    proposal, its staff and its case (workflows.council.selectors.session_items). Each dossier is judged as the
    Văn phòng's check judges it (workflows.casework.eligibility.dossier_judge), so the two never disagree."""
    items = list(items)
    if not items:
        return {}
    book = book or rulebook_current()
    cases = {item.proposal.case_id: item.proposal.case for item in items}
    dossiers: dict[int, list[Proposal]] = {case_id: [] for case_id in cases}
    rows = Proposal.objects.filter(case_id__in=cases).select_related("title", "staff").prefetch_related("initiatives")
    for proposal in rows.order_by("order", "pk"):
        dossiers[proposal.case_id].append(proposal)
    unit_ids = {case.unit_id for case in cases.values()}
    unit_ids |= {p.staff.unit_id for proposals in dossiers.values() for p in proposals if p.staff_id}
    batch = eligibility_facts(units=unit_ids, year=year)
    judgements = {}
    for case_id, proposals in dossiers.items():
        judgements |= dossier_judge(unit_id=cases[case_id].unit_id, proposals=proposals, batch=batch, book=book)
    reviews = {}
    for item in items:
        proposal = item.proposal
        judgement = judgements.get(proposal.pk)
        if judgement is None:
            reviews[item.pk] = NomineeReview((), (), known=False)
            continue
        subject = batch.people[proposal.staff_id] if proposal.staff_id else batch.units[proposal.case.unit_id]
        reviews[item.pk] = NomineeReview(judgement.findings, history_lines(book=book, subject=subject, year=year))
    return reviews
