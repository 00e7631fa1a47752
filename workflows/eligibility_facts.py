"""Selectors: the facts the eligibility rules judge (workflows/rules/facts.py), read from the database for every
staff member of a set of units and their units, for one achievement year, in a fixed number of queries (eight,
however many people: one per kind of record, never one per person).

The window is the achievement year and the `years_back` before it: the longest chain (CSTĐ tỉnh, 3 consecutive
CSTĐCS) reaches two years back and chain progress one more. Holds still open or concluded from the start of the
year are read (they are judged on the day the dossier is examined, which may be the next year); disciplines
decided by the end of the year and served into the window (their end fixes the day achievements count from);
leave that overlaps the year.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import CharField, IntegerField, Q, QuerySet, Value

from people.models import AnnualRating, Discipline, Hold, Leave, OrgUnit, Staff

from .models import AwardTitle, Commendation, Initiative
from .rules import facts
from .rules.eligibility import Judgement, judge
from .rules.rulebook import RuleBook

YEARS_BACK = 4

# Staff.Category → the staff kinds the rules name (applies_to). Cán bộ are rated under the same decree as công
# chức (NĐ 90/2020 Đ1, NĐ 48/2023), so their quotas are the công chức ones.
STAFF_KINDS = {
    Staff.Category.CADRE: "cong_chuc",
    Staff.Category.CIVIL_SERVANT: "cong_chuc",
    Staff.Category.PUBLIC_EMPLOYEE: "vien_chuc",
    Staff.Category.WORKER: "nguoi_lao_dong",
}
_DISCIPLINE_WEIGHT = {level: index for index, level in enumerate(Discipline.Level.values)}  # mildest first


@dataclass(frozen=True)
class FactsBatch:
    """Every person and unit of the batch, by primary key, for `year`."""

    year: int
    people: dict[int, facts.NomineeFacts]
    units: dict[int, facts.UnitFacts]
    unit_of: dict[int, int]  # staff pk → unit pk
    duty_groups: dict[int, str]  # staff pk → duty group in `year` ("" when not given)

    def members_of(self, unit_id: int) -> list[facts.NomineeFacts]:
        return [self.people[pk] for pk, unit in self.unit_of.items() if unit == unit_id]

    def rated_groups(self) -> list[facts.RatedGroup]:
        """Those rated in `year`, per unit, duty group and staff kind, for the HTXSNV quota."""
        groups: dict[tuple[int, str, str], list[str]] = defaultdict(list)
        for pk, person in self.people.items():
            rating = person.rating(self.year)
            if rating is not None:
                groups[(self.unit_of[pk], self.duty_groups.get(pk, ""), person.staff_kind)].append(rating)
        return [
            facts.RatedGroup(
                self.units[unit_id].unit_code,
                duty_group,
                staff_kind,
                tuple(ratings),
                self.units[unit_id].rating(self.year),
            )
            for (unit_id, duty_group, staff_kind), ratings in groups.items()
        ]

    def share_facts(self) -> facts.ShareFacts:
        """What the batch achieved in `year`, for a programme's targets (counted over people and units)."""
        counts: dict[str, int] = defaultdict(int)
        for subject in (*self.people.values(), *self.units.values()):
            for code in subject.titles_in(self.year):
                counts[code] += 1
        return facts.ShareFacts(dict(counts), staff_count=len(self.people), unit_count=len(self.units))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """A batch allocates about a million small objects (facts, findings) and makes no reference cycles; the cyclic
    collector would walk the growing heap again and again for nothing — a third of the batch's time for 20,000
    people (bench/eligibility.py). It runs again once the batch is built.

    What the batch made waits in the youngest generation, which the next collection would walk whole (a quarter
    of a second for 20,000 people). Unless the process keeps objects frozen for its own reasons, freezing then
    unfreezing moves every object to the oldest generation without walking them (gc.unfreeze): the batch is
    freed by reference counting when dropped, and walked only by a full collection while it lives."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _ids(units: Iterable[OrgUnit | int]) -> list[int]:
    return [unit.pk if isinstance(unit, OrgUnit) else int(unit) for unit in units]


def eligibility_facts(*, units: Iterable[OrgUnit | int], year: int, years_back: int = YEARS_BACK) -> FactsBatch:
    """The facts of every active staff member of `units` and of the units themselves, for `year`."""
    with gc_paused():
        return _facts_read(_ids(units), year, years_back)


def _facts_read(unit_ids: list[int], year: int, years_back: int) -> FactsBatch:
    """The big reads are unordered (`order_by()`): the models' default orderings join other tables only to sort
    rows that go into dictionaries anyway."""
    first_year = year - years_back
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    staff_query = Staff.objects.filter(unit_id__in=unit_ids, is_active=True)
    staff_ids = staff_query.order_by().values("pk")  # a subquery in each read below, never a list of 20,000 parameters

    staff_rows = list(
        staff_query.order_by("unit_id", "staff_code").values_list(
            "pk", "staff_code", "unit_id", "category", "employed_from"
        )
    )
    unit_codes = dict(OrgUnit.objects.filter(pk__in=unit_ids).order_by("order", "code").values_list("pk", "code"))

    window = {"year__range": (first_year, year)}
    ratings: dict[int, dict[int, str]] = defaultdict(dict)
    unit_ratings: dict[int, dict[int, str]] = defaultdict(dict)
    duty_groups: dict[int, str] = {}
    for staff_id, unit_id, rating_year, rating, duty_group in _of_staff_or_units(
        AnnualRating.objects.filter(**window),
        staff_ids,
        unit_ids,
        "staff_id",
        "unit_id",
        "year",
        "rating",
        "duty_group",
    ):
        if staff_id is not None:
            ratings[staff_id][rating_year] = rating
            if rating_year == year:
                duty_groups[staff_id] = duty_group
        else:
            unit_ratings[unit_id][rating_year] = rating

    title_codes = dict(AwardTitle.objects.order_by().values_list("pk", "code"))  # a dozen rows, not a join of 100,000
    titles: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    unit_titles: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for staff_id, unit_id, title_year, title_id in _of_staff_or_units(
        Commendation.objects.filter(**window), staff_ids, unit_ids, "staff_id", "unit_id", "year", "title_id"
    ):
        (titles[staff_id] if staff_id is not None else unit_titles[unit_id])[title_year].add(title_codes[title_id])

    initiatives_in_window = Initiative.objects.filter(staff_id__in=staff_ids, year__range=(first_year, year))
    uses: dict[int, list[facts.InitiativeUse]] = defaultdict(list)
    for initiative_id, title_id, use_year in Initiative.carried.through.objects.filter(
        initiative__in=initiatives_in_window.values("pk")
    ).values_list("initiative_id", "commendation__title_id", "commendation__year"):
        uses[initiative_id].append(facts.InitiativeUse(title_codes[title_id], use_year))
    initiatives: dict[int, list[facts.Initiative]] = defaultdict(list)
    for pk, staff_id, level, initiative_year, kind in initiatives_in_window.order_by("year", "pk").values_list(
        "pk", "staff_id", "level", "year", "kind"
    ):
        initiatives[staff_id].append(facts.Initiative(str(pk), level, initiative_year, kind, tuple(uses[pk])))

    # Holds, disciplines and leave: few rows, read together (one query). Holds and disciplines are about a person
    # or about the collective itself (NĐ 152/2025 Đ4 k4 holds both); leave only about a person.
    about = Q(staff_id__in=staff_ids) | Q(unit_id__in=unit_ids)
    spells = {
        "hold": (Hold.objects.filter(about).filter(Q(end__isnull=True) | Q(end__gte=year_start)), "kind", facts.Hold),
        "discipline": (
            Discipline.objects.filter(about, start__lte=year_end, end__gte=datetime.date(first_year, 1, 1)),
            "level",
            facts.Discipline,
        ),
        "leave": (
            Leave.objects.filter(staff_id__in=staff_ids, start__lte=year_end, end__gte=year_start).annotate(
                unit_id=Value(None, output_field=IntegerField())
            ),
            "kind",
            facts.Leave,
        ),
    }
    holds: dict[int, list[facts.Hold]] = defaultdict(list)
    unit_holds: dict[int, list[facts.Hold]] = defaultdict(list)
    disciplines: dict[int, list[facts.Discipline]] = defaultdict(list)
    unit_disciplines: dict[int, list[facts.Discipline]] = defaultdict(list)
    leaves: dict[int, list[facts.Leave]] = defaultdict(list)
    by_person = {"hold": holds, "discipline": disciplines, "leave": leaves}
    by_unit = {"hold": unit_holds, "discipline": unit_disciplines}
    hold_query, *other_queries = (
        query.order_by()
        .annotate(source=Value(source, output_field=CharField()))
        .values_list("staff_id", "unit_id", kind, "start", "end", "source")
        for source, (query, kind, _) in spells.items()
    )
    for staff_id, unit_id, kind, start, end, source in hold_query.union(*other_queries, all=True).order_by("start"):
        record = spells[source][2](kind, start, end)
        (by_person[source][staff_id] if staff_id is not None else by_unit[source][unit_id]).append(record)

    people: dict[int, facts.NomineeFacts] = {}
    unit_of: dict[int, int] = {}
    members: dict[int, list[facts.MemberFacts]] = defaultdict(list)
    for pk, code, unit_id, category, employed_from in staff_rows:
        person_titles = {y: frozenset(codes) for y, codes in titles.get(pk, {}).items()}
        person = facts.NomineeFacts(
            staff_code=code,
            ratings=ratings.get(pk, {}),
            titles=person_titles,
            initiatives=tuple(initiatives.get(pk, ())),
            holds=tuple(holds.get(pk, ())),
            disciplines=tuple(disciplines.get(pk, ())),
            leaves=tuple(leaves.get(pk, ())),
            employed_from=employed_from,
            staff_kind=STAFF_KINDS.get(category, category),
        )
        people[pk] = person
        unit_of[pk] = unit_id
        decided = [d.level for d in person.disciplines if d.start.year == year]
        members[unit_id].append(
            facts.MemberFacts(
                staff_code=code,
                rating=person.rating(year),
                titles=person.titles_in(year),
                discipline_level=max(decided, key=_DISCIPLINE_WEIGHT.get) if decided else None,
                staff_kind=person.staff_kind,
                duty_group=duty_groups.get(pk, ""),
            )
        )

    unit_facts = {
        unit_id: facts.UnitFacts(
            unit_code=code,
            ratings=unit_ratings.get(unit_id, {}),
            titles={y: frozenset(codes) for y, codes in unit_titles.get(unit_id, {}).items()},
            members=tuple(members.get(unit_id, ())),
            holds=tuple(unit_holds.get(unit_id, ())),
            disciplines=tuple(unit_disciplines.get(unit_id, ())),
        )
        for unit_id, code in unit_codes.items()
    }
    return FactsBatch(year, people, unit_facts, unit_of, duty_groups)


def _of_staff_or_units(query: QuerySet, staff_ids: QuerySet, unit_ids: list[int], *fields: str) -> QuerySet:
    """`fields` of the rows of `query` that belong to one of `staff_ids` or to one of `unit_ids` (a row belongs to
    exactly one staff member or one unit): two reads joined by UNION ALL, each a plain join, rather than one read
    that tests every row against both with OR."""
    query = query.order_by()
    return (
        query.filter(staff_id__in=staff_ids)
        .values_list(*fields)
        .union(query.filter(unit_id__in=unit_ids).values_list(*fields), all=True)
    )


def eligibility_facts_for_unit(*, unit: OrgUnit, year: int) -> FactsBatch:
    """The facts of one unit and its staff for `year`."""
    return eligibility_facts(units=[unit], year=year)


@dataclass(frozen=True)
class BatchJudgement:
    """Every person of a batch judged for each individual title, every unit for each collective one."""

    people: dict[int, dict[str, Judgement]]  # staff pk → title → judgement
    units: dict[int, dict[str, Judgement]]  # unit pk → title → judgement


def eligibility_judge(
    *, book: RuleBook, batch: FactsBatch, titles: Iterable[str] = (), unit_titles: Iterable[str] = ()
) -> BatchJudgement:
    """Judge the whole batch for its year: each person for `titles`, each unit for `unit_titles`."""
    proposals = [facts.Proposal(title, batch.year) for title in titles]
    unit_proposals = [facts.Proposal(title, batch.year) for title in unit_titles]
    with gc_paused():
        people = {
            pk: {proposal.title: judge(book=book, subject=person, proposal=proposal) for proposal in proposals}
            for pk, person in batch.people.items()
        }
        units = {
            pk: {proposal.title: judge(book=book, subject=unit, proposal=proposal) for proposal in unit_proposals}
            for pk, unit in batch.units.items()
        }
    return BatchJudgement(people, units)
