"""Reads for the staff records pages: a unit's rating sheet, its HTXSNV quota, and one person's records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from people.models import AnnualRating, Discipline, Hold, Leave, OrgUnit, Role, Staff
from people.selectors import RecordsScope, records_scope, roles_held_today

from ..eligibility_facts import eligibility_facts_for_unit
from ..models import Campaign, Initiative
from ..rules.eligibility import rating_quota
from ..rules.findings import Finding
from ..selectors import rulebook_current

YEARS_BACK = 4  # past years offered on the rating sheet: the longest chain reads three, its progress one more
UNIT_KEY = "unit"

# The rating sheet is what the "Ai đủ điều kiện" page shows anyway, so a unit's clerk reads it too; the personal
# records (holds, disciplines) only the unit's head.
RATING_READERS = (Role.UNIT_HEAD, Role.UNIT_CLERK)
PERSON_READERS = (Role.UNIT_HEAD,)


def ratings_scope(user) -> RecordsScope:
    return records_scope(user=user, unit_roles=RATING_READERS)


def person_scope(user) -> RecordsScope:
    return records_scope(user=user, unit_roles=PERSON_READERS)


def ratings_reader(user) -> bool:
    """Whether the rating sheet is in the user's menu (the roles read once for the whole menu)."""
    return records_scope(user=user, unit_roles=RATING_READERS, held=roles_held_today(user)).sees_any


def scoped_units(scope: RecordsScope) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(is_active=True).order_by("order", "name")
    return units if scope.all_units else units.filter(pk__in=sorted(scope.unit_ids))


def rating_years(*, today: datetime.date) -> list[int]:
    """Newest first: every programme year, and the YEARS_BACK years before this one (chains read past ratings)."""
    years = set(Campaign.objects.values_list("year", flat=True)) | set(range(today.year - YEARS_BACK, today.year + 1))
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class RatingLine:
    """One line of the sheet: a staff member (or the unit itself, `staff` None) and what is recorded for the year."""

    key: str
    name: str
    code: str
    position: str
    staff: Staff | None
    record: AnnualRating | None

    @property
    def is_unit(self) -> bool:
        return self.staff is None

    @property
    def recorder(self) -> str:
        """Who recorded the rating ("" when loaded without a person, e.g. the demo)."""
        user = self.record.recorded_by if self.record else None
        return (user.get_full_name() or user.username) if user else ""


def rating_sheet(*, unit: OrgUnit, year: int) -> list[RatingLine]:
    """The unit's own line, then its active staff by name, each with the year's recorded rating (two queries)."""
    staff = list(Staff.objects.filter(unit=unit, is_active=True).order_by("full_name", "staff_code"))
    records = AnnualRating.objects.filter(Q(staff__in=[person.pk for person in staff]) | Q(unit=unit), year=year)
    by_staff, own = {}, None
    for record in records.select_related("recorded_by"):
        if record.unit_id:
            own = record
        else:
            by_staff[record.staff_id] = record
    lines = [RatingLine(UNIT_KEY, unit.name, unit.code, "", None, own)]
    lines += [
        RatingLine(
            f"s{person.pk}", person.full_name, person.staff_code, person.position, person, by_staff.get(person.pk)
        )
        for person in staff
    ]
    return lines


def rating_quotas(*, unit: OrgUnit, year: int) -> tuple[Finding, ...]:
    """The HTXSNV quota of each rated duty group of the unit that is exceeded in `year` (the rules of that year)."""
    book = rulebook_current()
    batch = eligibility_facts_for_unit(unit=unit, year=year)
    return tuple(
        finding for group in batch.rated_groups() for finding in rating_quota(book=book, year=year, group=group)
    )


@dataclass(frozen=True)
class PersonRecords:
    staff: Staff
    ratings: list[AnnualRating]
    holds: list[Hold]
    disciplines: list[Discipline]
    leaves: list[Leave]
    initiatives: list[Initiative]


def person_records(*, staff: Staff) -> PersonRecords:
    """Everything recorded about one person, newest first (one query a kind)."""
    return PersonRecords(
        staff=staff,
        ratings=list(staff.annual_ratings.order_by("-year")),
        holds=list(staff.holds.order_by("-start", "-pk")),
        disciplines=list(staff.disciplines.order_by("-start", "-pk")),
        leaves=list(staff.leaves.order_by("-start", "-pk")),
        initiatives=list(staff.initiatives.annotate(carried_count=Count("carried")).order_by("-year", "name")),
    )
