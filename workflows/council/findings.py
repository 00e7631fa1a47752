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
    Văn phòng's check judges it (workflows.casework.eligibility.dossier_judge), so the two never disagree; a province
    case's proposal is judged as its origin, where the facts are (workflows.province.origin_reviews)."""
    items = list(items)
    if not items:
        return {}
    book = book or rulebook_current()
    unknown = NomineeReview((), (), known=False)
    own = [item for item in items if item.proposal.origin_id is None]
    copied = [item for item in items if item.proposal.origin_id is not None]
    reviews = {}
    if own:
        cases = {item.proposal.case_id: item.proposal.case for item in own}
        by_proposal = proposals_reviews(cases=cases, year=year, book=book)
        reviews |= {item.pk: by_proposal.get(item.proposal.pk, unknown) for item in own}
    if copied:
        from ..province import origin_reviews

        by_origin = origin_reviews(proposals=[item.proposal for item in copied], year=year, book=book)
        reviews |= {item.pk: by_origin.get(item.proposal.origin_id, unknown) for item in copied}
    return reviews


def proposals_reviews(*, cases: dict, year: int, book: RuleBook) -> dict[int, NomineeReview]:
    """Proposal id → its review, for every proposal of the given cases (case id → case), judged dossier by dossier
    from the facts of their units read once."""
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
    for proposals in dossiers.values():
        for proposal in proposals:
            judgement = judgements.get(proposal.pk)
            if judgement is None:
                continue
            subject = (
                batch.people[proposal.staff_id] if proposal.staff_id else batch.units[cases[proposal.case_id].unit_id]
            )
            reviews[proposal.pk] = NomineeReview(
                judgement.findings, history_lines(book=book, subject=subject, year=year)
            )
    return reviews
