"""Benchmark: the pure eligibility functions alone, for a large organisation (no database).

Usage:
    python bench/eligibility_rules.py [--staff 20000] [--units 500] [--year 2025]

Builds synthetic facts (three years of ratings and titles, some initiatives, a few holds and disciplines),
then judges every person for LĐTT, CSTĐCS, CSTĐ tỉnh and Bằng khen tỉnh, every unit for TTLĐTT and TTLĐXS,
works out everyone's chain progress and the HTXSNV quota of every unit. Prints the time of each part; asserts
nothing. The database side (building these facts in a bounded number of queries) is measured separately once
the selectors exist.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workflows.rules.eligibility import chain_progress, judge, rating_quota
from workflows.rules.facts import (
    Discipline,
    Hold,
    Initiative,
    MemberFacts,
    NomineeFacts,
    Proposal,
    RatedGroup,
    UnitFacts,
)
from workflows.rules.rulebook import rulebook_load

RATINGS = ("htxsnv", "httnv", "httnv", "httnv", "htnv")


def people(count: int, year: int, rng: random.Random) -> list[NomineeFacts]:
    made = []
    for index in range(count):
        ratings = {y: rng.choice(RATINGS) for y in range(year - 3, year + 1)}
        titles = {}
        for y, rating in ratings.items():
            codes = {"LDTT"} if rating != "htnv" else set()
            if rating == "htxsnv":
                codes.add("CSTDCS")
            titles[y] = frozenset(codes)
        initiatives = (Initiative(f"SK-{index}", rng.choice(("co_so", "tinh_bo")), year),) if index % 7 == 0 else ()
        holds = (Hold("inspection", datetime.date(year, 10, 1)),) if index % 503 == 0 else ()
        disciplines = (
            (Discipline("khien_trach", datetime.date(year - 1, 6, 1), datetime.date(year, 5, 31)),)
            if index % 211 == 0
            else ()
        )
        made.append(NomineeFacts(f"NV{index:05d}", ratings, titles, initiatives, holds, disciplines))
    return made


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=20000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    rng = random.Random(2025)

    started = time.perf_counter()
    book = rulebook_load()
    print(f"rules loaded: {len(book.rules)} in {time.perf_counter() - started:.3f} s")

    staff = people(args.staff, args.year, rng)
    started = time.perf_counter()
    judgements = 0
    blocked = 0
    for nominee in staff:
        for title in ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH"):
            result = judge(book=book, subject=nominee, proposal=Proposal(title, args.year))
            judgements += 1
            blocked += result.blocked
    elapsed = time.perf_counter() - started
    print(f"individuals: {judgements} judgements ({blocked} blocked) in {elapsed:.2f} s")

    started = time.perf_counter()
    close = sum(
        1
        for nominee in staff
        for status in chain_progress(book=book, subject=nominee, year=args.year)
        if status.completes_this_year
    )
    print(
        f"chain progress: {len(staff)} people, {close} routes completed by this year, in "
        f"{time.perf_counter() - started:.2f} s"
    )

    per_unit = max(1, args.staff // args.units)
    units = []
    for index in range(args.units):
        crew = staff[index * per_unit : (index + 1) * per_unit]
        members = tuple(MemberFacts(p.staff_code, p.rating(args.year), p.titles_in(args.year)) for p in crew)
        units.append(UnitFacts(f"U{index:03d}", {args.year: rng.choice(RATINGS)}, members=members))
    started = time.perf_counter()
    for unit in units:
        for title in ("TTLDTT", "TTLDXS"):
            judge(book=book, subject=unit, proposal=Proposal(title, args.year))
        group = RatedGroup(
            unit.unit_code, "", "cong_chuc", tuple(m.rating for m in unit.members), unit.rating(args.year)
        )
        rating_quota(book=book, year=args.year, group=group)
    print(f"units: {len(units)} × (TTLĐTT, TTLĐXS, HTXSNV quota) in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
