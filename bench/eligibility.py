"""Benchmark: eligibility of every person and unit of a large organisation for one year, read from the database
in one batch (workflows/eligibility_facts.py) and judged by the rules (workflows/rules/eligibility.py).

Usage:
    python bench/eligibility.py [--staff 20000] [--units 500] [--year 2025] [--runs 3] [--titles LDTT,CSTDCS,…] [--keep]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench python bench/eligibility.py

Run by hand; it prints figures and asserts nothing about time. It uses the database DATABASE_URL names (SQLite
under var/ when unset), settings `config.settings.local` unless DJANGO_SETTINGS_MODULE is set, DEBUG off unless
DEBUG is set. It migrates and loads the reference data (the award titles), then:

1. builds the bench organisation in bulk: --units phòng (codes BENCH-ELIG-*) sharing --staff công chức and viên
   chức; five years of ratings up to --year for everyone and every unit, with the commendations they earned
   (LĐTT for HTTNV or better, CSTĐCS for HTXSNV, TTLĐTT/TTLĐXS for the units), a recognised initiative for one
   person in seven (some already used for a CSTĐCS), an open inspection for one in 500, a discipline for one in
   200, maternity leave for one in 50;
2. --runs times: builds the facts of every unit and person for --year (SQL queries counted), then judges every
   person for --titles (by default LĐTT, CSTĐCS, CSTĐ tỉnh and Bằng khen tỉnh), every unit for TTLĐTT and TTLĐXS,
   and the HTXSNV quota of every rated group; prints each part's time.

An earlier run's bench data is deleted first, this run's at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django

warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise, irrelevant here
django.setup()

import machine  # noqa: E402  (bench/ is on sys.path when a script runs)
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from people.models import AnnualRating, Discipline, Hold, Leave, OrgUnit, Staff  # noqa: E402
from workflows.eligibility_facts import eligibility_facts, eligibility_judge, gc_paused  # noqa: E402
from workflows.models import AwardTitle, Commendation, Initiative  # noqa: E402
from workflows.rules.eligibility import rating_quota  # noqa: E402
from workflows.rules.rulebook import rulebook_load  # noqa: E402
from workflows.services import reference_data_load  # noqa: E402

UNIT_PREFIX = "BENCH-ELIG-"
STAFF_PREFIX = "BELIG-"
YEARS = 5
BATCH = 5000
RATINGS = ("htxsnv", "httnv", "httnv", "httnv", "httnv", "httnv", "htnv")
PERSON_TITLES = ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH")
UNIT_TITLES = ("TTLDTT", "TTLDXS")


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def settle() -> str:
    """PostgreSQL: VACUUM (ANALYZE) the tables the bench fills, as autovacuum would in time."""
    if connection.vendor != "postgresql":
        return ""
    models = (
        OrgUnit,
        Staff,
        AnnualRating,
        Commendation,
        Initiative,
        Initiative.carried.through,
        Hold,
        Discipline,
        Leave,
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(m._meta.db_table for m in models)}")
    return f"; VACUUM (ANALYZE) {time.perf_counter() - start:.1f} s"


@transaction.atomic
def bench_data_delete() -> int:
    units = OrgUnit.objects.filter(code__startswith=UNIT_PREFIX)
    staff = Staff.objects.filter(unit__in=units)
    Initiative.carried.through.objects.filter(initiative__staff__in=staff).delete()
    Initiative.objects.filter(staff__in=staff).delete()
    Commendation.objects.filter(staff__in=staff).delete()
    Commendation.objects.filter(unit__in=units).delete()
    count = staff.count()
    staff.delete()  # ratings, holds, disciplines and leave go with them
    units.delete()
    return count


@transaction.atomic
def organisation_create(*, units: int, staff: int, year: int, rng: random.Random) -> dict[str, int]:
    board = OrgUnit.objects.filter(kind=OrgUnit.Kind.BOARD).first()
    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"{UNIT_PREFIX}{u:04d}",
            name=f"Phòng thử tải xét điều kiện {u:04d}",
            kind=OrgUnit.Kind.DIVISION,
            parent=board,
            order=30_000 + u,
        )
        for u in range(units)
    )
    unit_ids = list(OrgUnit.objects.filter(code__startswith=UNIT_PREFIX).order_by("code").values_list("pk", flat=True))
    Staff.objects.bulk_create(
        (
            Staff(
                staff_code=f"{STAFF_PREFIX}{i:06d}",
                full_name=f"Cán bộ {i:06d}",
                unit_id=unit_ids[i % units],
                category=Staff.Category.PUBLIC_EMPLOYEE if i % 4 == 0 else Staff.Category.CIVIL_SERVANT,
            )
            for i in range(staff)
        ),
        batch_size=BATCH,
    )
    people = list(Staff.objects.filter(unit_id__in=unit_ids).order_by("pk").values_list("pk", flat=True))
    titles = dict(AwardTitle.objects.values_list("code", "pk"))
    years = range(year - YEARS + 1, year + 1)
    decided = {y: datetime.date(y, 12, 20) for y in years}

    ratings, commendations = [], []
    for pk in people:
        for y in years:
            rating = rng.choice(RATINGS)
            ratings.append(AnnualRating(staff_id=pk, year=y, rating=rating))
            earned = ["LDTT", "CSTDCS"] if rating == "htxsnv" else ["LDTT"] if rating == "httnv" else []
            commendations.extend(
                Commendation(
                    staff_id=pk,
                    title_id=titles[code],
                    year=y,
                    decision_number=f"{y}/QĐ-BQL",
                    decision_date=decided[y],
                    decided_by="Ban Quản lý",
                )
                for code in earned
            )
    for pk in unit_ids:
        for y in years:
            rating = rng.choice(("htxsnv", "httnv"))
            ratings.append(AnnualRating(unit_id=pk, year=y, rating=rating))
            code = "TTLDXS" if rating == "htxsnv" else "TTLDTT"
            commendations.append(
                Commendation(
                    unit_id=pk,
                    title_id=titles[code],
                    year=y,
                    decision_number=f"{y}/QĐ-BQL",
                    decision_date=decided[y],
                    decided_by="Ban Quản lý",
                )
            )
    AnnualRating.objects.bulk_create(ratings, batch_size=BATCH)
    Commendation.objects.bulk_create(commendations, batch_size=BATCH)

    authors = people[::7]
    initiatives = Initiative.objects.bulk_create(
        (
            Initiative(
                staff_id=pk,
                name=f"Sáng kiến {pk}",
                level=rng.choice(("co_so", "co_so", "tinh_bo")),
                year=rng.choice(years),
                decision_number="1/QĐ",
                decision_date=datetime.date(year, 6, 1),
            )
            for pk in authors
        ),
        batch_size=BATCH,
    )
    first_cstdcs = dict(
        Commendation.objects.filter(staff_id__in=authors[::3], title__code="CSTDCS")
        .order_by("-pk")
        .values_list("staff_id", "pk")
    )
    Initiative.carried.through.objects.bulk_create(
        (
            Initiative.carried.through(initiative_id=i.pk, commendation_id=first_cstdcs[i.staff_id])
            for i in initiatives
            if i.staff_id in first_cstdcs
        ),
        batch_size=BATCH,
    )
    Hold.objects.bulk_create(
        Hold(staff_id=pk, kind="inspection", start=datetime.date(year, 10, 1)) for pk in people[::500]
    )
    Discipline.objects.bulk_create(
        Discipline(
            staff_id=pk, level="khien_trach", start=datetime.date(year - 1, 6, 1), end=datetime.date(year, 5, 31)
        )
        for pk in people[3::200]
    )
    Leave.objects.bulk_create(
        Leave(staff_id=pk, kind="maternity", start=datetime.date(year, 3, 1), end=datetime.date(year, 8, 31))
        for pk in people[5::50]
    )
    return {
        "ratings": len(ratings),
        "commendations": len(commendations),
        "initiatives": len(initiatives),
        "unit_ids": unit_ids,
    }


def measure(*, book, unit_ids: list[int], year: int, titles: tuple[str, ...]) -> dict:
    counter = QueryCounter()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        batch = eligibility_facts(units=unit_ids, year=year)
    facts_seconds = time.perf_counter() - start

    start = time.perf_counter()
    judged = eligibility_judge(book=book, batch=batch, titles=titles, unit_titles=UNIT_TITLES)
    with gc_paused():
        quota = sum(bool(rating_quota(book=book, year=year, group=group)) for group in batch.rated_groups())
    judge_seconds = time.perf_counter() - start
    return {
        "facts": facts_seconds,
        "judge": judge_seconds,
        "queries": counter.count,
        "people": len(batch.people),
        "units": len(batch.units),
        "judgements": sum(len(titles) for kind in (judged.people, judged.units) for titles in kind.values()),
        "blocked": sum(
            j.blocked for kind in (judged.people, judged.units) for titles in kind.values() for j in titles.values()
        ),
        "quota": quota,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=20000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--titles", default=",".join(PERSON_TITLES), help="individual titles, comma-separated")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    for line in machine.machine_lines():
        print(line)
    print(machine.load_line())
    call_command("migrate", interactive=False, verbosity=0)
    reference_data_load()

    start = time.perf_counter()
    deleted = bench_data_delete()
    if deleted:
        print(f"deleted    an earlier run's {deleted:,} staff ({time.perf_counter() - start:.1f} s)")
    print(f"building   {args.units:,} units, {args.staff:,} staff, {YEARS} years of history…", flush=True)
    start = time.perf_counter()
    made = organisation_create(units=args.units, staff=args.staff, year=args.year, rng=random.Random(2025))
    print(
        f"           {made['ratings']:,} ratings, {made['commendations']:,} commendations, "
        f"{made['initiatives']:,} initiatives in {time.perf_counter() - start:.1f} s{settle()}"
    )
    book = rulebook_load()
    results = []
    try:
        for run in range(1, args.runs + 1):
            result = measure(book=book, unit_ids=made["unit_ids"], year=args.year, titles=tuple(args.titles.split(",")))
            results.append(result)
            print(
                f"run {run}      facts of {result['people']:,} people and {result['units']:,} units: "
                f"{result['facts']:.2f} s, {result['queries']} SQL queries; judging {result['judgements']:,} "
                f"proposals ({result['blocked']:,} blocked) and the HTXSNV quota ({result['quota']:,} groups over): "
                f"{result['judge']:.2f} s; total {result['facts'] + result['judge']:.2f} s",
                flush=True,
            )
        totals = [r["facts"] + r["judge"] for r in results]
        print(
            f"median     facts {statistics.median(r['facts'] for r in results):.2f} s, judging "
            f"{statistics.median(r['judge'] for r in results):.2f} s, total {statistics.median(totals):.2f} s"
        )
    finally:
        if not args.keep:
            start = time.perf_counter()
            bench_data_delete()
            print(f"cleaned    bench data deleted in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
