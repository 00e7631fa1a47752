"""What the council sees beside each vote: the nominee's findings (the rules of the achievement year, with their
citations) and their titles of past years.

The facts of every unit on the agenda are read once (workflows/eligibility_facts.py), whatever the number of
nominees; each proposal is judged with the other titles proposed for the same nominee in the same dossier (this
year's CSTĐCS is the last link of the chain to CSTĐ tỉnh), the initiatives it names, and — for the unit itself —
the titles the dossier proposes for its members, as the dossier's own check judges it
(workflows/casework/eligibility.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from people import clock

from ..eligibility_facts import eligibility_facts
from ..eligible.selectors import history_lines
from ..models import Proposal
from ..rules import facts
from ..rules.eligibility import judge
from ..rules.findings import Finding
from ..rules.rulebook import RuleBook
from ..selectors import rulebook_current
from .models import AgendaItem


@dataclass(frozen=True)
class NomineeReview:
    findings: tuple[Finding, ...]
    history: tuple[tuple[int, str], ...]  # (year, titles of that year by short name)
    known: bool = True  # False when the nominee's facts could not be read (no longer on the staff)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.blocks)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.blocks)


def agenda_reviews(*, year: int, items: Iterable[AgendaItem], book: RuleBook | None = None) -> dict[int, NomineeReview]:
    """Agenda item id → the nominee's findings and history, for the session's year. `items` come with their
    proposal, its staff and its case (workflows.council.selectors.session_items)."""
    items = list(items)
    if not items:
        return {}
    book = book or rulebook_current()
    proposals = [item.proposal for item in items]
    unit_ids = {p.case.unit_id for p in proposals} | {p.staff.unit_id for p in proposals if p.staff_id}
    batch = eligibility_facts(units=unit_ids, year=year)
    together: dict[tuple[int, int | None], set[str]] = defaultdict(set)
    for case_id, staff_id, code in Proposal.objects.filter(case_id__in={p.case_id for p in proposals}).values_list(
        "case_id", "staff_id", "title__code"
    ):
        together[(case_id, staff_id)].add(code)
    named: dict[int, list[str]] = defaultdict(list)
    for proposal_id, initiative_id in Proposal.initiatives.through.objects.filter(
        proposal_id__in=[p.pk for p in proposals]
    ).values_list("proposal_id", "initiative_id"):
        named[proposal_id].append(str(initiative_id))
    today = clock.today()
    reviews = {}
    for item in items:
        proposal = item.proposal
        subject = batch.people.get(proposal.staff_id) if proposal.staff_id else batch.units.get(proposal.case.unit_id)
        if subject is None:
            reviews[item.pk] = NomineeReview((), (), known=False)
            continue
        code = proposal.title.code
        also = frozenset(together[(proposal.case_id, proposal.staff_id)] - {code})
        if not proposal.staff_id:
            subject = _members_proposed(book=book, unit=subject, batch=batch, together=together, case=proposal.case_id)
        asked = facts.Proposal(code, year, also, tuple(named.get(proposal.pk, ())), today)
        judgement = judge(book=book, subject=subject, proposal=asked)
        reviews[item.pk] = NomineeReview(judgement.findings, history_lines(book=book, subject=subject, year=year))
    return reviews


def _members_proposed(*, book: RuleBook, unit: facts.UnitFacts, batch, together, case: int) -> facts.UnitFacts:
    """The unit's members with the titles the same dossier proposes for them, and those these imply the same year
    (CSTĐCS: LĐTT's standard), as the dossier's own check counts them (Luật TĐKT 2022 Đ27, Đ28 k1c)."""
    law_day = datetime.date(batch.year, 12, 31)
    by_code = {
        batch.people[staff_id].staff_code: book.titles_implied(codes, on=law_day)
        for (case_id, staff_id), codes in together.items()
        if case_id == case and staff_id in batch.people
    }
    members = tuple(
        replace(member, titles=member.titles | by_code.get(member.staff_code, frozenset())) for member in unit.members
    )
    return replace(unit, members=members)
