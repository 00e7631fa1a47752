"""Xét điều kiện của hồ sơ đề nghị — every proposal of a nomination dossier judged by the rules of its achievement
year (the campaign's year: a 2024 dossier checked in 2025 keeps 2024's rules), from the facts of the case's unit
read once (workflows.eligibility_facts). The clerk sees the findings row by row as the dossier is drafted; the
Văn phòng's check step is stopped by those that block and asks a reason for each warning it accepts."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from people import clock
from people.models import Staff

from ..eligibility_facts import FactsBatch, eligibility_facts
from ..models import AwardTitle, Case, Proposal
from ..rules import facts
from ..rules.eligibility import Judgement, judge
from ..rules.findings import Finding, FindingsHeld
from ..rules.rulebook import RuleBook
from ..selectors import rulebook_current


@dataclass(frozen=True)
class Row:
    """What one proposal row asks, as the rules need it: the person (None for the unit itself), the title code,
    the rating the unit gives for the year and the initiatives the row names (their ids)."""

    staff_id: int | None
    title: str
    rating: str = ""
    initiatives: tuple[str, ...] = ()


def _row_judge(
    *, row: Row, proposed: dict[int | None, frozenset[str]], batch: FactsBatch, unit_id: int, book: RuleBook
) -> Judgement | None:
    """The one mapping from a row of the dossier to the rules' facts. The rating written on the row stands for the
    year's rating until one is recorded (a unit proposes before its ratings are entered); a recorded one wins. The
    other titles proposed in the dossier count as this year's: for the same person (CSTĐCS beside CSTĐ tỉnh, the
    chain's last link) and, for the unit itself, for its members — with the titles they imply (someone proposed
    for CSTĐCS meets LĐTT's standard the same year, Luật TĐKT 2022 Đ23 k1), so both count towards the 70 % LĐTT
    of TTLĐTT and TTLĐXS (Đ27, Đ28 k1c). A person outside the unit's active staff has no facts here: nothing is
    judged."""
    year = batch.year
    law_day = facts.Proposal(row.title, year).law_day
    if row.staff_id:
        subject = batch.people.get(row.staff_id)
    else:
        subject = batch.units.get(unit_id)
        if subject is not None:
            by_code = {
                batch.people[pk].staff_code: book.titles_implied(titles, on=law_day)
                for pk, titles in proposed.items()
                if pk in batch.people
            }
            members = tuple(
                replace(member, titles=member.titles | by_code.get(member.staff_code, frozenset()))
                for member in subject.members
            )
            subject = replace(subject, members=members)
    if subject is None:
        return None
    if row.rating and subject.rating(year) is None:
        subject = replace(subject, ratings={**subject.ratings, year: row.rating})
    also = proposed.get(row.staff_id, frozenset()) - {row.title}
    proposal = facts.Proposal(
        row.title, year, also_proposed=also, initiative_ids=row.initiatives if row.staff_id else (), as_of=clock.today()
    )
    return judge(book=book, subject=subject, proposal=proposal)


def _titles_by_subject(rows: list[Row]) -> dict[int | None, frozenset[str]]:
    """The titles proposed for each subject in the round: CSTĐCS beside CSTĐ tỉnh is this year's link of a chain."""
    titles: dict[int | None, set[str]] = {}
    for row in rows:
        titles.setdefault(row.staff_id, set()).add(row.title)
    return {subject: frozenset(codes) for subject, codes in titles.items()}


def _facts(case: Case, staff_unit_ids=()) -> FactsBatch:
    return eligibility_facts(units={case.unit_id, *staff_unit_ids}, year=case.campaign.year)


def dossier_judge(
    *, unit_id: int, proposals: list[Proposal], batch: FactsBatch, book: RuleBook
) -> dict[int, Judgement]:
    """Proposal pk → its judgement, for every proposal of one dossier (all of them, with their title and their
    initiatives prefetched) whose nominee `batch` holds, judged together (each beside the others proposed in the
    dossier). The one path from a dossier to the rules: the Văn phòng's check and the council's agenda and ballot
    both come through it."""
    rows = {
        p.pk: Row(p.staff_id, p.title.code, p.rating, tuple(str(i.pk) for i in p.initiatives.all())) for p in proposals
    }
    proposed = _titles_by_subject(list(rows.values()))
    judged = {
        pk: _row_judge(row=row, proposed=proposed, batch=batch, unit_id=unit_id, book=book) for pk, row in rows.items()
    }
    return {pk: judgement for pk, judgement in judged.items() if judgement is not None}


def proposals_judge(*, case: Case, book: RuleBook | None = None) -> dict[int, Judgement]:
    """Proposal pk → its judgement, for every proposal of the case whose nominee is on the staff (of the case's
    unit, or of the unit a nominee has moved to since)."""
    book = book or rulebook_current()
    proposals = list(
        case.proposals.select_related("title", "staff").prefetch_related("initiatives").order_by("order", "pk")
    )
    batch = _facts(case, {p.staff.unit_id for p in proposals if p.staff_id})
    return dossier_judge(unit_id=case.unit_id, proposals=proposals, batch=batch, book=book)


# The other rows a page may send with a live check: more than any unit has staff, few enough to read at once.
PAGE_ROWS_MAX = 1000
_ID = re.compile(r"[0-9]{1,18}", re.ASCII)


def page_rows_parse(text: str) -> list[tuple[int | None, int]]:
    """The other rows of the form as the page sends them, "<staff id>-<title id>" joined by "." (no staff id for
    the unit itself: "-<title id>"; characters a URL carries as they are, so a long dossier still fits in one),
    read as (staff id or None, title id); anything else is left out, and at most PAGE_ROWS_MAX rows are read."""
    rows = []
    for value in itertools.islice(str(text).split("."), PAGE_ROWS_MAX):
        staff, dash, title = value.partition("-")
        if dash and _ID.fullmatch(title) and (not staff or _ID.fullmatch(staff)):
            rows.append((int(staff) if staff else None, int(title)))
    return rows


def _page_rows(*, case: Case, rows: list[tuple[int | None, int]]) -> list[Row]:
    """The page's other rows as the rules read them: a title that exists, for a person of the case's unit (an
    individual title) or for the unit itself (a collective one); any other row is left out."""
    titles = {
        pk: (scope, code)
        for pk, scope, code in AwardTitle.objects.filter(pk__in={t for _s, t in rows}).values_list(
            "pk", "scope", "code"
        )
    }
    staff = set(
        Staff.objects.filter(pk__in={s for s, _title in rows if s}, unit_id=case.unit_id).values_list("pk", flat=True)
    )
    kept = []
    for staff_id, title_id in rows:
        scope, code = titles.get(title_id, (None, None))
        if staff_id is None and scope == AwardTitle.Scope.COLLECTIVE:
            kept.append(Row(None, code))
        elif staff_id in staff and scope == AwardTitle.Scope.INDIVIDUAL:
            kept.append(Row(staff_id, code))
    return kept


def row_judge(
    *,
    case: Case,
    staff: Staff | None,
    title: AwardTitle,
    rating: str = "",
    others: list[tuple[int | None, int]] | None = None,
    initiatives: Iterable[int] = (),
    book: RuleBook | None = None,
) -> Judgement | None:
    """One row not yet saved (the clerk's live check), beside the other rows of the dossier: `others`, the
    (staff id, title id) of the other rows on the clerk's page, saved or not (page_rows_parse); without them, the
    rows the dossier already holds. `initiatives`: the ids the row names; only the nominee's own are kept."""
    if (staff is None) != (title.scope == AwardTitle.Scope.COLLECTIVE):
        return None  # a person for a collective title, or the unit for a person's: the form says so already
    book = book or rulebook_current()
    if others is None:
        around = [Row(staff_id, code) for staff_id, code in case.proposals.values_list("staff_id", "title__code")]
    else:
        around = _page_rows(case=case, rows=others)
    batch = _facts(case)
    person = batch.people.get(staff.pk) if staff else None
    own = {initiative.id for initiative in person.initiatives} if person else set()
    named = tuple(dict.fromkeys(str(pk) for pk in initiatives if str(pk) in own))
    row = Row(staff.pk if staff else None, title.code, rating, named)
    # The row replaces a saved one for the same subject and title (the clerk changing a saved row's rating).
    proposed = _titles_by_subject([*around, row])
    return _row_judge(row=row, proposed=proposed, batch=batch, unit_id=case.unit_id, book=book)


def ids_parse(text: str) -> list[int]:
    """Ids the page sends joined by "." (the initiatives a row names); anything else is left out."""
    return [int(value) for value in itertools.islice(str(text).split("."), PAGE_ROWS_MAX) if _ID.fullmatch(value)]


@dataclass(frozen=True)
class NomineeFindings(FindingsHeld):
    """One proposal and what the rules found about it, for the Văn phòng's check."""

    proposal: Proposal
    findings: tuple[Finding, ...]


def case_findings(*, case: Case, book: RuleBook | None = None) -> list[NomineeFindings]:
    """Every proposal of the case in order, each with its findings (none when its nominee has no facts)."""
    judgements = proposals_judge(case=case, book=book)
    proposals = (
        case.proposals.select_related("staff", "title", "case__unit")
        .prefetch_related("initiatives")
        .order_by("order", "pk")
    )
    return [NomineeFindings(p, judgements[p.pk].findings if p.pk in judgements else ()) for p in proposals]


def findings_blocking(*, nominees: list[NomineeFindings]) -> list[str]:
    """One line per finding that stops acceptance: nominee — title: message (citation)."""
    return [finding_line(item.proposal, finding) for item in nominees for finding in item.blocking]


def finding_line(proposal: Proposal, finding: Finding) -> str:
    line = f"{proposal.nominee_name} — {proposal.title.short_name}: {finding.message}"
    return f"{line} ({finding.citation})" if finding.citation else line
