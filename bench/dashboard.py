"""Benchmark: the Board's dashboard (`/home/bang-dieu-khien/`) for a large organisation.

Usage:
    python bench/dashboard.py [--units 500] [--staff 20000] [--runs 15] [--keep]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench python bench/dashboard.py

Run by hand; it prints figures and asserts nothing about time. It uses the database DATABASE_URL names (SQLite
under var/ when unset), settings `config.settings.local` unless DJANGO_SETTINGS_MODULE is set, DEBUG off unless
DEBUG is set. It migrates and loads the demo organisation and its 2024 programme (without the demo's cases) when
they are missing, then, in the demo Board's agency:

1. adds --units phòng (codes BENCH-DASH-*) sharing --staff people; a registration of 2024 for every bench unit
   (LĐTT for everyone, CSTĐCS for one in seven; TTLĐTT for the unit, TTLĐXS for one unit in eight); a nomination
   dossier for four units in five, sent by the unit for most, with LĐTT for nine people in ten and CSTĐCS for one in
   eight, the council's result passed for half of the dossiers; the 2023 awards in the history (LĐTT for nine in
   ten, CSTĐCS for one in eight, the units' titles);
2. logs in as the demo's Trưởng ban and GETs the dashboard --runs times (after 3 warm-up requests), printing the
   median and the slowest, and the number of SQL queries a request makes; then the same for the dashboard's
   selector alone (`dashboard_build`).

An earlier run's bench rows are deleted first, this run's at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime
import os
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
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from people.demo import DEMO_PASSWORD  # noqa: E402
from people.models import OrgUnit, Staff  # noqa: E402
from people.selectors import units_for_emulation  # noqa: E402
from people.tenancy import agency_scope  # noqa: E402
from workflows.dashboard.selectors import dashboard_build, dashboard_campaign  # noqa: E402
from workflows.kinds import case_kind  # noqa: E402
from workflows.models import AwardTitle, Campaign, Case, Commendation, Proposal, RegistrationEntry  # noqa: E402

UNIT_PREFIX = "BENCH-DASH-"
STAFF_PREFIX = "BDASH-"
YEAR = 2024
PAGE = "/home/bang-dieu-khien/"
WARM_UP = 3


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def board_agency():
    return OrgUnit._base_manager.get(code="BQL", kind=OrgUnit.Kind.BOARD).agency


def demo_ensure() -> None:
    if not get_user_model().objects.filter(username="truongban").exists():
        call_command("load_demo", "--no-cases", verbosity=0)


@transaction.atomic
def bench_data_delete() -> int:
    units = OrgUnit.objects.filter(code__startswith=UNIT_PREFIX)
    staff = Staff.objects.filter(unit__in=units)
    cases = Case.objects.filter(unit__in=units)
    Commendation.objects.filter(staff__in=staff).delete()
    Commendation.objects.filter(unit__in=units).delete()
    Proposal.objects.filter(case__in=cases).delete()
    RegistrationEntry.objects.filter(case__in=cases).delete()
    cases.delete()
    count = staff.count()
    staff.delete()
    units.delete()
    return count


@transaction.atomic
def organisation_create(*, units: int, staff: int) -> dict[str, int]:
    titles = {t.code: t for t in AwardTitle.objects.all()}
    campaign = Campaign.objects.get(year=YEAR)
    board = OrgUnit.objects.filter(kind=OrgUnit.Kind.BOARD).first()
    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"{UNIT_PREFIX}{u:04d}",
            name=f"Phòng thử tải bảng điều khiển {u:04d}",
            kind=OrgUnit.Kind.DIVISION,
            parent=board,
            order=40_000 + u,
        )
        for u in range(units)
    )
    unit_list = list(OrgUnit.objects.filter(code__startswith=UNIT_PREFIX).order_by("code"))
    Staff.objects.bulk_create(
        (
            Staff(
                staff_code=f"{STAFF_PREFIX}{i:06d}",
                full_name=f"Cán bộ {i:06d}",
                unit_id=unit_list[i % units].pk,
                category=Staff.Category.CIVIL_SERVANT,
            )
            for i in range(staff)
        ),
        batch_size=5000,
    )
    people = list(Staff.objects.filter(staff_code__startswith=STAFF_PREFIX).order_by("staff_code"))
    by_unit: dict[int, list[Staff]] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    sent_at = timezone.make_aware(datetime.datetime(YEAR, 11, 25, 9, 0))
    registrations, nominations = {}, {}
    for index, unit in enumerate(unit_list):
        registration = Case(
            kind=Case.Kind.REGISTRATION,
            campaign=campaign,
            unit=unit,
            flow_class=case_kind(Case.Kind.REGISTRATION).flow_class,
            collective_title=titles["TTLDXS" if index % 8 == 0 else "TTLDTT"],
            submitted_at=timezone.make_aware(datetime.datetime(YEAR, 1, 8 + index % 5, 9, 0)),
        )
        registration.save()
        registrations[unit.pk] = registration
        if index % 5:
            nomination = Case(
                kind=Case.Kind.NOMINATION,
                campaign=campaign,
                unit=unit,
                flow_class=case_kind(Case.Kind.NOMINATION).flow_class,
                submitted_at=sent_at if index % 10 else None,
            )
            nomination.save()
            nominations[unit.pk] = (nomination, index % 2 == 0)
    RegistrationEntry.objects.bulk_create(
        (
            RegistrationEntry(case=registrations[p.unit_id], staff=p, title=titles["CSTDCS" if i % 7 == 0 else "LDTT"])
            for i, p in enumerate(people)
        ),
        batch_size=5000,
    )
    proposals = []
    for unit_id, (case, passed) in nominations.items():
        result = Proposal.CouncilResult.PASSED if passed else Proposal.CouncilResult.PENDING
        proposals.append(Proposal(case=case, staff=None, title=titles["TTLDTT"], council_result=result))
        for i, person in enumerate(by_unit.get(unit_id, [])):
            if i % 10 == 9:
                continue
            proposals.append(Proposal(case=case, staff=person, title=titles["LDTT"], council_result=result))
            if i % 8 == 0:
                proposals.append(Proposal(case=case, staff=person, title=titles["CSTDCS"], council_result=result))
    Proposal.objects.bulk_create(proposals, batch_size=5000)
    decision = {"decision_number": "01/QĐ-BENCH", "decision_date": datetime.date(YEAR, 1, 15), "decided_by": "Bench"}
    awards = []
    for i, person in enumerate(people):
        if i % 10 != 9:
            awards.append(Commendation(staff=person, title=titles["LDTT"], year=YEAR - 1, **decision))
        if i % 8 == 0:
            awards.append(Commendation(staff=person, title=titles["CSTDCS"], year=YEAR - 1, **decision))
    for index, unit in enumerate(unit_list):
        awards.append(
            Commendation(unit=unit, title=titles["TTLDXS" if index % 9 == 0 else "TTLDTT"], year=YEAR - 1, **decision)
        )
    Commendation.objects.bulk_create(awards, batch_size=5000)
    return {
        "cases": len(registrations) + len(nominations),
        "entries": len(people),
        "proposals": len(proposals),
        "commendations": len(awards),
    }


def settle() -> str:
    if connection.vendor != "postgresql":
        return ""
    models = (OrgUnit, Staff, Case, RegistrationEntry, Proposal, Commendation)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(m._meta.db_table for m in models)}")
    return f"; VACUUM (ANALYZE) {time.perf_counter() - start:.1f} s"


def timed(call, runs: int) -> tuple[list[float], int]:
    for _ in range(WARM_UP):
        call()
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times, counter.count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--staff", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    for line in machine.machine_lines():
        print(line)
    print(machine.load_line())
    call_command("migrate", interactive=False, verbosity=0)
    demo_ensure()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    with agency_scope(board_agency()):
        start = time.perf_counter()
        deleted = bench_data_delete()
        if deleted:
            print(f"deleted    an earlier run's {deleted:,} staff ({time.perf_counter() - start:.1f} s)")
        print(f"building   {args.units:,} units, {args.staff:,} staff…", flush=True)
        start = time.perf_counter()
        made = organisation_create(units=args.units, staff=args.staff)
        print(
            f"           {made['cases']:,} cases, {made['entries']:,} registration rows, {made['proposals']:,} "
            f"proposals, {made['commendations']:,} commendations in {time.perf_counter() - start:.1f} s{settle()}"
        )
        units = list(units_for_emulation().order_by("order", "name"))
        print(f"measuring  {len(units):,} units in emulation, {args.runs} runs after {WARM_UP} warm-up", flush=True)
        try:
            client = Client()
            response = client.post("/tai-khoan/login/", {"username": "truongban", "password": DEMO_PASSWORD})
            if response.status_code != 302:
                print("cannot log in as truongban")
                return 1

            def page():
                response = client.get(PAGE)
                if response.status_code != 200:
                    raise SystemExit(f"{PAGE} answered {response.status_code}")

            times, queries = timed(page, args.runs)
            print(
                f"page       {PAGE}: median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms, "
                f"{queries} SQL queries (goal: 200 ms)"
            )
            campaign = dashboard_campaign(year=YEAR)
            times, queries = timed(lambda: dashboard_build(campaign=campaign, units=units, whole_board=True), args.runs)
            print(
                f"selector   dashboard_build: median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms, "
                f"{queries} SQL queries"
            )
        finally:
            if not args.keep:
                start = time.perf_counter()
                bench_data_delete()
                print(f"cleaned    bench rows deleted in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
