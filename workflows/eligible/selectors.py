"""Reads for the "Ai đủ điều kiện" page: one unit's people and the unit judged by the rules of the year.

Bounded: the rule book (two queries), the unit's facts (eight, workflows/eligibility_facts.py) and the names
(one), however many people the unit has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from people.models import OrgUnit, Role, Staff
from people.selectors import roles_held_today

from ..casework.access import BOARD_ROLES, OFFICE_ROLES, Actor
from ..eligibility_facts import eligibility_facts_for_unit
from ..rules import facts
from ..rules.eligibility import RATING_LABELS, ChainStatus, Judgement, chain_progress, judge, rating_quota
from ..rules.findings import Finding
from ..rules.rulebook import RuleBook
from ..selectors import rulebook_current

# Who sees a unit's page: its clerk and its head (the Văn phòng and the Board's leaders see every unit).
UNIT_ROLES = frozenset({Role.UNIT_CLERK, Role.UNIT_HEAD})
VIEWER_ROLES = UNIT_ROLES | OFFICE_ROLES | BOARD_ROLES
HISTORY_YEARS = 3  # past years shown beside each person (the longest chain, CSTĐ tỉnh, reaches two back)


def eligible_units(*, actor: Actor) -> QuerySet[OrgUnit]:
    """The units whose page the actor may open; none for anyone else (their request is answered 404)."""
    units = OrgUnit.objects.filter(is_active=True).order_by("order", "name")
    if actor.sees_all:
        return units
    return units.filter(pk__in=sorted({held.unit_id for held in actor.held if held.role in UNIT_ROLES}))


def eligibility_viewer(user) -> bool:
    """Whether the page is in the user's menu (which units they see is eligible_units'); the roles are read once
    for the whole menu."""
    return any(held.role in VIEWER_ROLES for held in roles_held_today(user))


@dataclass(frozen=True)
class TitleVerdict:
    """One title judged for one subject: eligible, or blocked with the reasons, and any warnings."""

    code: str
    name: str
    judgement: Judgement
    together_with: tuple[str, ...] = ()  # lower titles of the same year this verdict counts as also proposed

    @property
    def eligible(self) -> bool:
        return not self.judgement.blocked

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.judgement.findings if finding.blocks)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self.judgement.warnings


@dataclass(frozen=True)
class ChainLine:
    """A chain being built: `run` consecutive years of `link` before this year toward `title`."""

    status: ChainStatus
    title_name: str
    link_name: str
    citation: str

    title_eligible: bool  # whether the title is eligible this year on the page's judgement (other conditions too)

    @property
    def text(self) -> str:
        params = {
            "run": self.status.run,
            "needed": self.status.needed,
            "link": self.link_name,
            "title": self.title_name,
        }
        if self.status.completes_this_year and self.title_eligible:
            return _("%(run)s năm liên tục %(link)s: năm nay đạt thì đủ điều kiện %(title)s.") % params
        if self.status.completes_this_year:
            return (
                _(
                    "%(run)s năm liên tục %(link)s: năm nay đạt thì đủ số năm cho %(title)s "
                    "(còn điều kiện khác, xem bảng)."
                )
                % params
            )
        return _("%(run)s/%(needed)s năm liên tục %(link)s hướng tới %(title)s.") % params


@dataclass(frozen=True)
class SubjectRow:
    """A person (or the unit) on the page: the verdict for every title, the chains, the past years' titles."""

    name: str
    code: str
    position: str
    verdicts: tuple[TitleVerdict, ...]
    chains: tuple[ChainLine, ...]
    history: tuple[tuple[int, str], ...]  # (year, the titles of that year, by short name)
    rating: str  # this year's rating, "" when not rated yet
    staff_id: int | None = None  # the person's id (None for the unit), for the link to their records

    @property
    def eligible(self) -> tuple[TitleVerdict, ...]:
        return tuple(verdict for verdict in self.verdicts if verdict.eligible)


@dataclass(frozen=True)
class UnitEligibility:
    unit: OrgUnit
    year: int
    people: tuple[SubjectRow, ...]
    collective: SubjectRow
    quotas: tuple[Finding, ...]  # the HTXSNV quota per duty group, where exceeded


def candidate_titles(*, book: RuleBook, scope: str, year: int) -> list[str]:
    """The titles with rules of their own for `scope` in force in the year: lower levels first, and titles
    (danh hiệu) before awards of their level, so this year's link of a chain is judged before the chain."""
    day = datetime.date(year, 12, 31)
    named = {rule.title for rule in book.in_force(title=None, scope=scope, on=day) if rule.title}
    ordered = [code for code in book.titles if code in named]
    return sorted(
        ordered,
        key=lambda code: (book.initiative_levels.index(book.titles[code].level), book.titles[code].kind != "title"),
    )


def _verdicts(
    *, book: RuleBook, subject, titles: list[str], year: int, as_of: datetime.date | None
) -> tuple[TitleVerdict, ...]:
    """Judge each title in turn; a title found eligible counts as proposed beside the ones after it (this
    year's CSTĐCS is the last link of the chain to CSTĐ tỉnh)."""
    passed: list[str] = []
    verdicts = []
    for code in titles:
        proposal = facts.Proposal(code, year, frozenset(passed), (), as_of)
        judgement = judge(book=book, subject=subject, proposal=proposal)
        together = tuple(book.short_name(other) for other in passed if _uses_this_year(book, code, other, year))
        verdicts.append(TitleVerdict(code, book.short_name(code), judgement, together if not judgement.blocked else ()))
        if not judgement.blocked:
            passed.append(code)
    return tuple(verdicts)


def _uses_this_year(book: RuleBook, code: str, other: str, year: int) -> bool:
    """Whether a chain rule of `code` takes `other` as a yearly link (so the verdict rests on proposing it)."""
    day = datetime.date(year, 12, 31)
    return any(
        rule.kind == "chain" and any(route.get("title") == other for route in rule.params["routes"])
        for scope in ("individual", "collective")
        for rule in book.in_force(title=code, scope=scope, on=day)
    )


def _chains(*, book: RuleBook, subject, year: int, verdicts: tuple[TitleVerdict, ...]) -> tuple[ChainLine, ...]:
    eligible = {verdict.code for verdict in verdicts if verdict.eligible}
    lines = []
    for status in chain_progress(book=book, subject=subject, year=year):
        if status.run == 0:
            continue
        link = RATING_LABELS.get(status.link) or book.short_name(status.link)
        citation = book.rule(status.rule_id).citation
        lines.append(ChainLine(status, book.short_name(status.title), link, citation, status.title in eligible))
    return tuple(sorted(lines, key=lambda line: (not line.status.completes_this_year, line.title_name)))


def history_lines(*, book: RuleBook, subject, year: int) -> tuple[tuple[int, str], ...]:
    """The subject's titles and awards of the HISTORY_YEARS before `year`, one line per year that has any."""
    rows = []
    for past in range(year - HISTORY_YEARS, year):
        codes = subject.titles_in(past)
        if codes:
            names = sorted((book.short_name(code) for code in codes), key=str.casefold)
            rows.append((past, ", ".join(names)))
    return tuple(rows)


def unit_eligibility(
    *, unit: OrgUnit, year: int, book: RuleBook | None = None, as_of: datetime.date | None = None
) -> UnitEligibility:
    """Every active person of the unit and the unit itself, judged for each title of `year`."""
    book = book or rulebook_current()
    batch = eligibility_facts_for_unit(unit=unit, year=year)
    names = {
        pk: (full_name, position)
        for pk, full_name, position in Staff.objects.filter(pk__in=list(batch.people)).values_list(
            "pk", "full_name", "position"
        )
    }
    individual = candidate_titles(book=book, scope="individual", year=year)
    people = []
    for pk, person in batch.people.items():
        full_name, position = names.get(pk, (person.staff_code, ""))
        verdicts = _verdicts(book=book, subject=person, titles=individual, year=year, as_of=as_of)
        people.append(
            SubjectRow(
                name=full_name,
                code=person.staff_code,
                position=position,
                verdicts=verdicts,
                chains=_chains(book=book, subject=person, year=year, verdicts=verdicts),
                history=history_lines(book=book, subject=person, year=year),
                rating=RATING_LABELS.get(person.rating(year) or "", ""),
                staff_id=pk,
            )
        )
    people.sort(key=lambda row: (row.name.casefold(), row.code))
    # The collective is judged as if its members achieve the titles they are eligible for this year (its own
    # titles rest on theirs: TTLĐTT needs 70 % of them LĐTT).
    reachable = {row.code: {verdict.code for verdict in row.eligible} for row in people}
    unit_facts = batch.units[unit.pk]
    unit_facts = replace(
        unit_facts,
        members=tuple(
            replace(member, titles=member.titles | reachable.get(member.staff_code, set()))
            for member in unit_facts.members
        ),
    )
    unit_verdicts = _verdicts(
        book=book,
        subject=unit_facts,
        titles=candidate_titles(book=book, scope="collective", year=year),
        year=year,
        as_of=as_of,
    )
    collective = SubjectRow(
        name=unit.name,
        code=unit.code,
        position="",
        verdicts=unit_verdicts,
        chains=_chains(book=book, subject=unit_facts, year=year, verdicts=unit_verdicts),
        history=history_lines(book=book, subject=unit_facts, year=year),
        rating=RATING_LABELS.get(unit_facts.rating(year) or "", ""),
    )
    # The HTXSNV quota is the unit's own (per duty group); the programme's shares are counted over every unit and
    # are not shown for one.
    quotas = [finding for group in batch.rated_groups() for finding in rating_quota(book=book, year=year, group=group)]
    return UnitEligibility(unit, year, tuple(people), collective, tuple(quotas))
