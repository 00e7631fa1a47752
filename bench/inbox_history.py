"""Benchmark: the inbox page (GET /cases/) before and after viewflow's task table fills with history.

Usage:
    python bench/inbox_history.py [--tasks 1000000] [--cases 1000] [--requests 50] [--user qldt.thidua]
                                  [--active 20] [--user-share 0.05] [--explain] [--keep]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench python bench/inbox_history.py --tasks 1000000

Run by hand; it prints figures and asserts nothing about time. It uses the database DATABASE_URL
names (SQLite under var/ when unset: filling a million rows there is slow), settings
`config.settings.local` unless DJANGO_SETTINGS_MODULE is set, and DEBUG off unless DEBUG is set.

It migrates, loads the demo when it is missing, then:

1. opens --cases dossiers (registration, mid-year, nomination in turn) through the flows, on inactive
   bench units (so no filter list grows) under one bench campaign (year 200000, the 2023 dates), and
   hands --active of their first steps to the user under test (ASSIGNED, as if they had claimed them);
2. measures the inbox: --requests GETs of /cases/ through django.test.Client logged in as that user
   (after 5 warm-up requests), and the inbox selector alone (count + first page), median and p95;
3. adds --tasks DONE tasks spread over those dossiers and over every node of their flows (human steps
   owned by the demo's users, --user-share of them by the user under test; gateways and functions
   owned by nobody), created over the past five years: one INSERT … SELECT generate_series per
   100,000 rows on PostgreSQL, bulk_create by 10,000 elsewhere;
4. measures the inbox again and prints both columns side by side with the row counts.

On PostgreSQL every measurement is preceded by VACUUM (ANALYZE) of the tables the bench writes: the
state autovacuum reaches on its own a little later, which otherwise lands in the middle of a
measurement (a million dead rows of the previous run's clean-up, a million new ones after step 3).
Bench data from an earlier run is deleted first, and this run's at the end unless --keep.
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

# whitenoise's notice that collectstatic has not been run: irrelevant to the inbox's timing
warnings.filterwarnings("ignore", "No directory at", UserWarning)
django.setup()

import machine  # noqa: E402  (bench/ is on sys.path when a script runs)
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from viewflow.workflow.models import Process, Task  # noqa: E402
from viewflow.workflow.status import STATUS  # noqa: E402

from people.models import OrgUnit  # noqa: E402
from workflows.casework import selectors, services  # noqa: E402
from workflows.casework.access import actor_of  # noqa: E402
from workflows.flows import FLOWS  # noqa: E402
from workflows.models import Campaign, Case, CaseEvent, Milestone  # noqa: E402

BENCH_YEAR = 200_000  # the bench campaign's year, far from any real programme
DEMO_YEAR = 2024
UNIT_PREFIX = "BENCH-INBOX-"
KINDS = (Case.Kind.REGISTRATION, Case.Kind.MIDYEAR, Case.Kind.NOMINATION)
HISTORY_YEARS = 5
PG_BATCH = 100_000
ORM_BATCH = 10_000
WARMUP = 5
INBOX_URL = "/cases/"  # TaskListView, mode "inbox"

User = get_user_model()


# --- environment -------------------------------------------------------------------------------------


def demo_ensure(username: str) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    if not (Campaign.objects.filter(year=DEMO_YEAR).exists() and User.objects.filter(username=username).exists()):
        print("loading the demo (manage.py load_demo)…", flush=True)
        call_command("load_demo", verbosity=0)


def settle() -> str:
    """PostgreSQL: VACUUM (ANALYZE) the tables the bench writes, as autovacuum would in time, so that it does not
    work through a million dead or new rows in the middle of a measurement. Elsewhere nothing."""
    if connection.vendor != "postgresql":
        return ""
    tables = [m._meta.db_table for m in (Task, Task.previous.through, Process, Case, CaseEvent)]
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
    return f"VACUUM (ANALYZE) {elapsed(start)}"


def elapsed(since: float) -> str:
    return f"{time.perf_counter() - since:.1f} s"


# --- bench data --------------------------------------------------------------------------------------


def bench_data_delete() -> int:
    """Delete the bench campaign, its dossiers with every task (raw SQL: there may be millions), and the
    bench units. Returns the number of tasks deleted."""
    campaign = Campaign.objects.filter(year=BENCH_YEAR).first()
    deleted = 0
    with transaction.atomic():
        if campaign is not None:
            task, previous, case = Task._meta.db_table, Task.previous.through._meta.db_table, Case._meta.db_table
            bench_tasks = (
                f"SELECT id FROM {task} WHERE process_id IN (SELECT process_ptr_id FROM {case} WHERE campaign_id = %s)"
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {previous} WHERE from_task_id IN ({bench_tasks}) OR to_task_id IN ({bench_tasks})",
                    [campaign.pk, campaign.pk],
                )
                cursor.execute(f"DELETE FROM {task} WHERE id IN ({bench_tasks})", [campaign.pk])
                deleted = cursor.rowcount
            Case.objects.filter(campaign=campaign).delete()  # events, proposals… and the process rows
            campaign.delete()
        OrgUnit.objects.filter(code__startswith=UNIT_PREFIX).delete()
    return deleted


def bench_cases_open(n: int) -> list[Case]:
    """N dossiers through the flows' start, on inactive bench units, under one bench campaign."""
    demo = Campaign.objects.get(year=DEMO_YEAR)

    def year_back(day: datetime.date) -> datetime.date:
        return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)

    campaign = Campaign.objects.create(
        year=BENCH_YEAR,
        name="Bench inbox history",
        start_date=year_back(demo.start_date),
        end_date=year_back(demo.end_date),
        status=Campaign.Status.CLOSED,
    )
    Milestone.objects.bulk_create(
        Milestone(
            campaign=campaign,
            code=m.code,
            kind=m.kind,
            label=m.label,
            due_date=year_back(m.due_date),
            owner=m.owner,
            recipient=m.recipient,
        )
        for m in demo.milestones.all()
    )
    board = OrgUnit.objects.get(kind=OrgUnit.Kind.BOARD)
    n_units = -(-n // len(KINDS))
    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"{UNIT_PREFIX}{i:05d}",
            name=f"Đơn vị thử tải {i:05d}",
            kind=OrgUnit.Kind.DIVISION,
            parent=board,
            order=10_000 + i,
            is_active=False,
        )
        for i in range(n_units)
    )
    units = list(OrgUnit.objects.filter(code__startswith=UNIT_PREFIX).order_by("code"))
    cases = []
    for i in range(n):
        cases.append(services.case_open(kind=KINDS[i % len(KINDS)], campaign=campaign, unit=units[i // len(KINDS)]))
        if (i + 1) % max(1, n // 5) == 0:
            print(f"           {i + 1}/{n} dossiers opened", flush=True)
    return cases


def active_tasks_hand(*, cases: list[Case], user, count: int) -> int:
    """Make `count` of the dossiers' open first steps the user's (as if claimed)."""
    ids = list(
        Task.objects.filter(process_id__in=[c.pk for c in cases], status=STATUS.NEW, flow_task_type="HUMAN")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    return Task.objects.filter(pk__in=ids).update(owner=user, status=STATUS.ASSIGNED, assigned=timezone.now())


def task_templates(cases: list[Case]) -> list[tuple]:
    """One row per (dossier, node of its flow): process id, node reference, type, permission, human?"""
    nodes_of = {}
    for kind in KINDS:
        rows = []
        for node in FLOWS[kind].instance.nodes():
            permission = getattr(node, "_owner_permission", None)
            human = node.task_type == "HUMAN"
            rows.append((Task.flow_task.field.get_prep_value(node), node.task_type, permission if human else None))
        nodes_of[kind] = rows
    return [
        (case.pk, ref, task_type, permission, task_type == "HUMAN")
        for case in cases
        for ref, task_type, permission in nodes_of[case.kind]
    ]


def history_fill(*, total: int, templates: list[tuple], user_id: int, other_ids: list[int], share: float) -> None:
    if connection.vendor == "postgresql":
        history_fill_postgresql(total=total, templates=templates, user_id=user_id, other_ids=other_ids, share=share)
    else:
        history_fill_orm(total=total, templates=templates, user_id=user_id, other_ids=other_ids, share=share)


HISTORY_SQL = """
INSERT INTO {task} (flow_task, flow_task_type, status, created, assigned, started, finished, token,
                    owner_permission, owner_id, process_id, data)
SELECT t.flow_task, t.flow_task_type, 'DONE', s.created,
       CASE WHEN t.human THEN s.created + interval '10 minutes' END,
       s.created + CASE WHEN t.human THEN interval '20 minutes' ELSE interval '0' END,
       s.created + CASE WHEN t.human THEN interval '1 hour' ELSE interval '0' END,
       'start', t.owner_permission,
       CASE WHEN NOT t.human THEN NULL
            WHEN random() < %(share)s THEN %(user_id)s
            ELSE (%(others)s::integer[])[1 + floor(random() * %(n_others)s)::integer] END,
       t.process_id, '{{}}'::jsonb
FROM (SELECT g, now() - make_interval(secs => g * %(step)s) AS created
      FROM generate_series(%(low)s, %(high)s) AS g) AS s
JOIN bench_task_template AS t ON t.rn = 1 + s.g %% %(n_templates)s
"""


def history_fill_postgresql(*, total, templates, user_id, other_ids, share) -> None:
    step = HISTORY_YEARS * 365 * 86400 / total
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_task_template (rn integer PRIMARY KEY, process_id bigint, "
            "flow_task varchar(255), flow_task_type varchar(50), owner_permission varchar(255), human boolean)"
        )
        cursor.execute("TRUNCATE bench_task_template")
        cursor.executemany(
            "INSERT INTO bench_task_template VALUES (%s, %s, %s, %s, %s, %s)",
            [(rn, *row) for rn, row in enumerate(templates, 1)],
        )
        cursor.execute("SELECT setseed(0.42)")
        sql = HISTORY_SQL.format(task=Task._meta.db_table)
        start = time.perf_counter()
        for low in range(1, total + 1, PG_BATCH):
            high = min(total, low + PG_BATCH - 1)
            params = {
                "share": share,
                "user_id": user_id,
                "others": other_ids,
                "n_others": len(other_ids),
                "step": step,
                "low": low,
                "high": high,
                "n_templates": len(templates),
            }
            with transaction.atomic():
                cursor.execute(sql, params)
            print(f"           {high:,}/{total:,} history tasks ({elapsed(start)})", flush=True)


def history_fill_orm(*, total, templates, user_id, other_ids, share) -> None:
    rng = random.Random(42)
    now = timezone.now()
    step = datetime.timedelta(seconds=HISTORY_YEARS * 365 * 86400 / total)
    start = time.perf_counter()
    for low in range(1, total + 1, ORM_BATCH):
        batch = []
        for g in range(low, min(total, low + ORM_BATCH - 1) + 1):
            process_id, ref, task_type, permission, human = templates[g % len(templates)]
            created = now - g * step
            owner = (user_id if rng.random() < share else rng.choice(other_ids)) if human else None
            batch.append(
                Task(
                    flow_task=ref,
                    flow_task_type=task_type,
                    status=STATUS.DONE,
                    created=created,
                    assigned=created + datetime.timedelta(minutes=10) if human else None,
                    started=created + datetime.timedelta(minutes=20) if human else created,
                    finished=created + datetime.timedelta(hours=1) if human else created,
                    owner_permission=permission,
                    owner_id=owner,
                    process_id=process_id,
                )
            )
        with transaction.atomic():
            Task.objects.bulk_create(batch, batch_size=ORM_BATCH)
        done = low + len(batch) - 1
        if done % (ORM_BATCH * 10) == 0 or done == total:
            print(f"           {done:,}/{total:,} history tasks ({elapsed(start)})", flush=True)


# --- measuring ---------------------------------------------------------------------------------------


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def quantiles(values: list[float]) -> tuple[float, float]:
    p95 = statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]
    return statistics.median(values), p95


def measure(*, username: str, requests: int, explain: bool) -> dict:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    url = INBOX_URL
    for _ in range(WARMUP):
        client.get(url)

    page_s, page_q = [], []
    for _ in range(requests):
        counter = QueryCounter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = client.get(url)
        page_s.append(time.perf_counter() - start)
        page_q.append(counter.count)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}, not 200")

    selector_s = []
    actor = actor_of(User.objects.get(pk=user.pk))
    for _ in range(requests):
        start = time.perf_counter()
        tasks = selectors.tasks_filter(selectors.tasks_inbox(actor=actor), filters=selectors.TaskFilters())
        tasks.count()
        list(tasks[:50])
        selector_s.append(time.perf_counter() - start)
    if explain and connection.vendor == "postgresql":
        print(tasks[:50].explain(analyze=True))

    counts = Task.objects.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=STATUS.DONE)),
        owned=Count("pk", filter=Q(owner=user)),
        owned_done=Count("pk", filter=Q(owner=user, status=STATUS.DONE)),
    )
    return {
        "tasks": counts["total"],
        "done": counts["done"],
        "owned": counts["owned"],
        "owned_done": counts["owned_done"],
        "inbox": tasks.count(),
        "bytes": len(response.content),
        "page": quantiles(page_s),
        "queries": statistics.median(page_q),
        "selector": quantiles(selector_s),
    }


def report(before: dict, after: dict, *, username: str, requests: int) -> None:
    def row(label, a, b):
        print(f"{label:<44}{a:>14}{b:>14}")

    print()
    row("", "before", "after")
    row("viewflow_task rows", f"{before['tasks']:,}", f"{after['tasks']:,}")
    row("  of which DONE", f"{before['done']:,}", f"{after['done']:,}")
    row(f"  owned by {username}", f"{before['owned']:,}", f"{after['owned']:,}")
    row(f"  owned by {username}, DONE", f"{before['owned_done']:,}", f"{after['owned_done']:,}")
    row(f"tasks in {username}'s inbox", f"{before['inbox']:,}", f"{after['inbox']:,}")
    row(
        f"GET /cases/ median ms ({requests} requests)",
        f"{before['page'][0] * 1000:.1f}",
        f"{after['page'][0] * 1000:.1f}",
    )
    row("GET /cases/ p95 ms", f"{before['page'][1] * 1000:.1f}", f"{after['page'][1] * 1000:.1f}")
    row("SQL queries per request (median)", f"{before['queries']:.0f}", f"{after['queries']:.0f}")
    row("response size, bytes", f"{before['bytes']:,}", f"{after['bytes']:,}")
    row(
        "inbox selector median ms (count + page)",
        f"{before['selector'][0] * 1000:.2f}",
        f"{after['selector'][0] * 1000:.2f}",
    )
    row("inbox selector p95 ms", f"{before['selector'][1] * 1000:.2f}", f"{after['selector'][1] * 1000:.2f}")


def run(args) -> int:
    for line in machine.machine_lines():
        print(line)
    print(machine.load_line())
    if connection.vendor == "sqlite" and args.tasks >= 100_000:
        print(f"warning    SQLite: adding {args.tasks:,} tasks goes through bulk_create and will be slow (minutes)")
    demo_ensure(args.user)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    t0 = time.perf_counter()
    deleted = bench_data_delete()
    if deleted:
        print(f"deleted {deleted:,} tasks of an earlier run ({elapsed(t0)})")

    user = User.objects.get(username=args.user)
    other_ids = list(
        User.objects.filter(is_active=True, staff__isnull=False).exclude(pk=user.pk).values_list("pk", flat=True)
    )
    t0 = time.perf_counter()
    print(f"opening    {args.cases} dossiers on bench units, campaign {BENCH_YEAR}…", flush=True)
    cases = bench_cases_open(args.cases)
    handed = active_tasks_hand(cases=cases, user=user, count=args.active)
    print(f"           done in {elapsed(t0)}; {handed} first steps handed to {args.user} (ASSIGNED)")
    settled = settle()
    if settled:
        print(f"settling   {settled}")

    print(f"measuring  before: {args.requests} × GET /cases/ as {args.user}…", flush=True)
    before = measure(username=args.user, requests=args.requests, explain=args.explain)

    templates = task_templates(cases)
    t0 = time.perf_counter()
    print(
        f"filling    {args.tasks:,} DONE tasks over {len(cases)} dossiers × their nodes ({len(templates)} templates), "
        f"{args.user_share:.0%} of human steps owned by {args.user}, the rest by {len(other_ids)} other users…",
        flush=True,
    )
    history_fill(total=args.tasks, templates=templates, user_id=user.pk, other_ids=other_ids, share=args.user_share)
    fill_s = time.perf_counter() - t0
    print(f"           filled in {fill_s:.1f} s ({args.tasks / fill_s:,.0f} rows/s)")
    settled = settle()
    if settled:
        print(f"settling   {settled}")

    print(f"measuring  after: {args.requests} × GET /cases/ as {args.user}…", flush=True)
    after = measure(username=args.user, requests=args.requests, explain=args.explain)
    report(before, after, username=args.user, requests=args.requests)
    print(machine.load_line())

    if args.keep:
        print(f"\nkept the bench data (campaign {BENCH_YEAR}, units {UNIT_PREFIX}*); the next run deletes it")
    else:
        t0 = time.perf_counter()
        deleted = bench_data_delete()
        print(f"\ncleaned up the bench data ({deleted:,} tasks) in {elapsed(t0)}")
        settled = settle()
        if settled:
            print(f"settling   {settled}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000, help="history tasks to add (default 1,000,000)")
    parser.add_argument("--cases", type=int, default=1000, help="dossiers the tasks belong to (default 1000)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per measurement (default 50)")
    parser.add_argument("--user", default="qldt.thidua", help="the demo login whose inbox is measured")
    parser.add_argument("--active", type=int, default=20, help="active tasks the user holds (default 20)")
    parser.add_argument(
        "--user-share", type=float, default=0.05, help="share of the human history steps the user did (default 0.05)"
    )
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the inbox query (PostgreSQL)")
    parser.add_argument("--keep", action="store_true", help="keep this run's bench data")
    args = parser.parse_args()
    if args.tasks < 1 or args.cases < args.active or args.requests < 1 or not 0 <= args.user_share <= 1:
        parser.error("need --tasks ≥ 1, --cases ≥ --active, --requests ≥ 1 and 0 ≤ --user-share ≤ 1")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
