"""The facts the eligibility rules judge, as plain frozen values (no ORM): a nominee's ratings and commendation
history by year, their recognised initiatives, holds, disciplines and leave; a unit's members and its own
ratings and titles; the proposal being judged. Selectors build these from the database in one batch; the rules
never query anything.

Codes used throughout (the same as the data files and the models):
- ratings: "htxsnv", "httnv", "htnv", "khtnv" (NĐ 90/2020, NĐ 48/2023);
- titles: the codes of workflows/data/award_titles.yaml ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", …);
- initiative levels: "co_so" (recognised by the agency), "tinh_bo" (province or ministry), "toan_quoc";
- discipline levels: those listed under `discipline_levels` in workflows/data/eligibility.yaml.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class InitiativeUse:
    """A title or award that an initiative has already carried (from the commendation history)."""

    title: str
    year: int


@dataclass(frozen=True)
class Initiative:
    """Sáng kiến (kind "initiative") or đề tài/công trình khoa học được nghiệm thu (kind "science"), recognised
    at a level in a year; `used_for` lists the titles it has already carried."""

    id: str
    level: str
    year: int
    kind: str = "initiative"
    used_for: tuple[InitiativeUse, ...] = ()


@dataclass(frozen=True)
class Hold:
    """Thời gian đang xem xét kỷ luật, thanh tra, kiểm tra, khiếu nại, tố cáo — an open matter; `end` is the
    day it was concluded (None while still open). kind: "discipline_review", "inspection" or "complaint"."""

    kind: str
    start: datetime.date
    end: datetime.date | None = None


@dataclass(frozen=True)
class Discipline:
    """A discipline decided, with the period it is served (thời gian thi hành kỷ luật)."""

    level: str
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Leave:
    """Time away from work; kind "maternity" (nghỉ thai sản) or anything else ("unpaid", "study", …)."""

    kind: str
    start: datetime.date
    end: datetime.date


class YearByYear:
    """A subject's own record by year — `ratings` (year → rating) and `titles` (year → titles) — as the rules
    read it."""

    ratings: Mapping[int, str]
    titles: Mapping[int, frozenset[str]]

    def rating(self, year: int) -> str | None:
        return self.ratings.get(year)

    def titles_in(self, year: int) -> frozenset[str]:
        return frozenset(self.titles.get(year, ()))


@dataclass(frozen=True)
class NomineeFacts(YearByYear):
    """Cá nhân được đề nghị — one person and their history."""

    staff_code: str
    ratings: Mapping[int, str] = field(default_factory=dict)
    titles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    initiatives: tuple[Initiative, ...] = ()
    holds: tuple[Hold, ...] = ()
    disciplines: tuple[Discipline, ...] = ()
    leaves: tuple[Leave, ...] = ()
    employed_from: datetime.date | None = None
    staff_kind: str = "cong_chuc"


@dataclass(frozen=True)
class MemberFacts:
    """A member of a collective in the year judged: their rating, titles (held or proposed) and the heaviest
    discipline decided against them in that year, if any."""

    staff_code: str
    rating: str | None = None
    titles: frozenset[str] = frozenset()
    discipline_level: str | None = None
    staff_kind: str = "cong_chuc"
    duty_group: str = ""


@dataclass(frozen=True)
class UnitFacts(YearByYear):
    """Tập thể được đề nghị — a department or subordinate unit: its own ratings and titles by year, and its
    members in the year judged."""

    unit_code: str
    ratings: Mapping[int, str] = field(default_factory=dict)
    titles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    members: tuple[MemberFacts, ...] = ()
    holds: tuple[Hold, ...] = ()
    disciplines: tuple[Discipline, ...] = ()


@dataclass(frozen=True)
class Proposal:
    """What is asked: `title` for the achievement `year`. `also_proposed` are the other titles proposed for the
    same subject and year in the same round (CSTĐCS beside CSTĐ tỉnh: this year's link of the chain);
    `initiative_ids` the initiatives the dossier relies on; `as_of` the day it is examined (holds are judged
    on that day; the criteria are always those of the achievement year)."""

    title: str
    year: int
    also_proposed: frozenset[str] = frozenset()
    initiative_ids: tuple[str, ...] = ()
    as_of: datetime.date | None = None

    @property
    def law_day(self) -> datetime.date:
        """The day whose law judges the dossier: the end of the achievement year (the campaign's end date)."""
        return datetime.date(self.year, 12, 31)

    @property
    def examined_on(self) -> datetime.date:
        return self.as_of or self.law_day


@dataclass(frozen=True)
class RatedGroup:
    """Those rated in one unit and one duty group (cùng đơn vị, nhóm chức trách tương đồng) for one staff kind,
    for the HTXSNV quota: the ratings given, and the unit's own rating."""

    unit_code: str
    duty_group: str
    staff_kind: str
    ratings: tuple[str, ...]
    unit_rating: str | None = None


@dataclass(frozen=True)
class ShareFacts:
    """The counts a programme target is measured on, for one year: how many achieved (or are proposed for) each
    title, and the headcounts."""

    title_counts: Mapping[str, int] = field(default_factory=dict)
    staff_count: int = 0
    unit_count: int = 0
