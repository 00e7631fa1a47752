"""What the council sees beside each vote: the nominee's findings (the rules of the achievement year, with their
citations) and their titles of past years.

The facts of every unit on the agenda are read once (workflows/eligibility_facts.py), whatever the number of
nominees; each proposal is judged with the other titles proposed for the same nominee in the same dossier (this
year's CSTĐCS is the last link of the chain to CSTĐ tỉnh).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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
        judgement = judge(book=book, subject=subject, proposal=facts.Proposal(code, year, also, (), today))
        reviews[item.pk] = NomineeReview(judgement.findings, history_lines(book=book, subject=subject, year=year))
    return reviews
