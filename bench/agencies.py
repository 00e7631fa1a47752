"""Benchmark: one agency's inbox and queue, and the province officer's, among many agencies sharing one database.

Usage:
    python bench/agencies.py [--agencies 100] [--units 50] [--tasks 100000] [--requests 50] [--explain] [--keep]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench python bench/agencies.py --tasks 1000000

Run by hand; it prints figures and asserts nothing about time. It uses the database DATABASE_URL names (SQLite
under var/ when unset: fine for a few thousand tasks, slow beyond), settings `config.settings.local` unless
DJANGO_SETTINGS_MODULE is set, and DEBUG off unless DEBUG is set. It migrates; it needs no demo (its agencies,
units, people and logins are its own, codes `bench-…`, logins `bench.…`).

What it builds, deterministically (the same rows in whichever database builds them):

- --agencies agencies of the ordinary kind under one province-kind agency (their parent), each with --units units
  (the agency's own unit, its Văn phòng and phòng), a clerk and a head with a login on every unit that takes part,
  one more staff member without a login per unit, two Văn phòng officers (OFFICE_OFFICER), a Chánh Văn phòng and
  the agency's head, each with their role assignment; one campaign a year;
- the province: its Ban TĐKT with its Văn phòng (two officers…) and one unit for each agency whose dossiers it
  holds (staffed like a phòng), so that the province's cases are ordinary cases owned by the province agency;
- dossiers (a registration, a mid-year report and a nomination dossier of every unit that takes part, and three for
  each agency at the province, PROVINCE_KINDS) year by year back from this year, interleaved across agencies so
  that every agency gets its share, until their viewflow tasks reach --tasks. Past years' dossiers are finished
  (every node of the flow a DONE task); this year's stand at a random human step, half of them claimed by a holder
  (ASSIGNED), half waiting in the queue (NEW), a few finished. Rows go in by COPY on PostgreSQL, executemany
  elsewhere.

It measures, for the first agency's Văn phòng officer and one of its unit heads (one with a dossier at their
signature), and for the province's officer: --requests GETs (after 5 warm-up requests) of the inbox `/cases/` and
the queue `/cases/hang-cho/` through django.test.Client logged in as that user (the agency middleware sets the
scope as in production), and the page's selector alone (`selectors.task_list` in the user's agency scope), median
and p95, in two databases:

- many agencies: the database DATABASE_URL names, holding every agency and the province, --tasks tasks in all;
- single agency: a second database beside it (its name with `_single` after it: created when missing, migrated),
  holding only that agency's rows — the same dossiers and tasks it has among the many — and then, emptied again,
  only the province's (the installation's own empty agency from the migrations aside).

The two are measured request by request in turn, each through its own open connection, so that whatever else the
machine does weighs on both alike. Both are scoped, as in production: the comparison is between a single-agency
installation holding the agency's share and the same agency among the others, that is what the other agencies'
rows cost the agency's pages. On PostgreSQL every measurement is preceded by VACUUM (ANALYZE) of the tables
written. Bench rows of an earlier run are deleted first, and this run's at the end unless --keep (the single
agency's database is always emptied).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import random
import statistics
import sys
import time
import warnings
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django

# whitenoise's notice that collectstatic has not been run: irrelevant to the timings
warnings.filterwarnings("ignore", "No directory at", UserWarning)
django.setup()

import machine  # noqa: E402  (bench/ is on sys.path when a script runs)
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from viewflow.workflow.models import Process, Task  # noqa: E402
from viewflow.workflow.status import STATUS  # noqa: E402

from people import clock  # noqa: E402
from people.models import Agency, OrgUnit, Role, RoleAssignment, Staff  # noqa: E402
from people.services import user_sync_groups  # noqa: E402
from people.tenancy import agency_scope, agency_unscoped  # noqa: E402
from workflows.casework import selectors  # noqa: E402
from workflows.casework.access import DECIDE, DRAFT, REPORT, REVIEW, SIGN, actor_of  # noqa: E402
from workflows.casework.views import PAGE_SIZE  # noqa: E402
from workflows.flows import FLOWS  # noqa: E402
from workflows.models import Campaign, Case  # noqa: E402

AGENCY_PREFIX = "bench-"
PROVINCE_CODE = "bench-tinh"
USER_PREFIX = "bench."
KINDS = (Case.Kind.REGISTRATION, Case.Kind.MIDYEAR, Case.Kind.NOMINATION)
# The province's dossiers are ordinary cases of the agencies' kinds for now. When the province's own case kind
# exists, this is the one line to change: PROVINCE_KINDS = (Case.Kind.<the province's kind>,)
PROVINCE_KINDS = KINDS
CASE_BATCH = 2000
WARMUP = 5
PAGES = {"inbox": "/cases/", "queue": "/cases/hang-cho/"}
MARGIN = 0.20  # the bound: scoped pages at most 20 % slower than a single agency's

User = get_user_model()


def elapsed(since: float) -> str:
    return f"{time.perf_counter() - since:.1f} s"


# --- the flows' shape --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowNode:
    ref: str  # Task.flow_task as stored
    task_type: str
    permission: str | None


def flow_nodes(kind: str) -> list[FlowNode]:
    """The flow's nodes in the order a dossier meets them (breadth first from the start)."""
    flow = FLOWS[kind].instance
    start = next(n for n in flow.nodes() if n.task_type == "START")
    order, seen, queue = [], {start}, deque([start])
    while queue:
        node = queue.popleft()
        order.append(node)
        for edge in node._outgoing():
            if edge.dst not in seen:
                seen.add(edge.dst)
                queue.append(edge.dst)
    order += [n for n in flow.nodes() if n not in seen]
    return [
        FlowNode(
            Task.flow_task.field.get_prep_value(n),
            n.task_type,
            getattr(n, "_owner_permission", None) if n.task_type == "HUMAN" else None,
        )
        for n in order
    ]


NODES = {kind: flow_nodes(kind) for kind in dict.fromkeys(KINDS + PROVINCE_KINDS)}
FLOW_CLASS = {kind: Process.flow_class.field.get_prep_value(FLOWS[kind]) for kind in NODES}


# --- the plan: which dossiers exist, the same whichever phase builds them ----------------------------


@dataclass(frozen=True)
class OrgSpec:
    key: str  # "a000"…, or "tinh"
    code: str
    name: str
    province: bool
    units: int  # units taking part (they hold dossiers)
    kinds: tuple[str, ...]


def org_specs(n_agencies: int, n_units: int) -> list[OrgSpec]:
    agencies = [
        OrgSpec(f"a{i:03d}", f"{AGENCY_PREFIX}a{i:03d}", f"Sở thử tải {i:03d}", False, n_units - 1, KINDS)
        for i in range(n_agencies)
    ]
    province = OrgSpec(
        "tinh", PROVINCE_CODE, "Ban Thi đua – Khen thưởng tỉnh (thử tải)", True, n_agencies, PROVINCE_KINDS
    )
    return [*agencies, province]


@dataclass(frozen=True)
class PlannedCase:
    org: str
    unit: int  # index among the org's units taking part
    kind: str
    year_back: int  # 0: this year


def case_shape(case: PlannedCase) -> tuple[int | None, bool, int]:
    """Where this year's dossier stands: (index of its open human step or None when finished, claimed?, tasks)."""
    nodes = NODES[case.kind]
    if case.year_back:
        return None, False, len(nodes)
    rng = random.Random(f"{case.org}/{case.unit}/{case.kind}")
    humans = [i for i, n in enumerate(nodes) if n.task_type == "HUMAN"]
    pick = rng.randrange(len(humans) + 1)
    if pick == len(humans):
        return None, False, len(nodes)
    return humans[pick], rng.random() < 0.5, humans[pick] + 1


def case_plan(specs: list[OrgSpec], budget: int) -> list[PlannedCase]:
    """Every org's dossiers, this year first and back, interleaved across orgs, until their tasks reach the budget."""
    plan, total = [], 0
    max_units = max(s.units for s in specs)
    kinds = list(dict.fromkeys(k for s in specs for k in s.kinds))
    for year_back in range(1000):
        for unit in range(max_units):
            for kind in kinds:
                for spec in specs:
                    if unit < spec.units and kind in spec.kinds:
                        case = PlannedCase(spec.key, unit, kind, year_back)
                        plan.append(case)
                        total += case_shape(case)[2]
                        if total >= budget:
                            return plan
    return plan


def head_unit(plan: list[PlannedCase], spec: OrgSpec) -> int:
    """The first unit of the agency with a dossier waiting, claimed, at its head's signature this year (so that the
    head measured has something in the inbox); the first phòng when none has."""
    for case in plan:
        if case.org == spec.key and case.year_back == 0:
            open_at, claimed, _ = case_shape(case)
            if open_at is not None and claimed and NODES[case.kind][open_at].permission == SIGN:
                return case.unit
    return 1


# --- building orgs -----------------------------------------------------------------------------------


@dataclass
class Org:
    spec: OrgSpec
    agency_id: int
    units: list[int] = field(default_factory=list)  # the units taking part, by index
    clerks: dict[int, int] = field(default_factory=dict)  # unit id → user id
    heads: dict[int, int] = field(default_factory=dict)
    officers: list[int] = field(default_factory=list)
    board_head: int = 0
    campaigns: dict[int, int] = field(default_factory=dict)  # year → campaign id


def orgs_build(specs: list[OrgSpec], *, years: int, parent: Agency | None) -> dict[str, Org]:
    """Agencies with their units, staff, logins, role assignments and campaigns, by bulk inserts."""
    this_year = clock.today().year
    agencies = Agency.objects.bulk_create(
        Agency(
            code=s.code,
            name=s.name,
            short_name=s.key.upper(),
            kind=Agency.Kind.PROVINCE if s.province else Agency.Kind.AGENCY,
            parent=None if s.province else parent,
            place_name="Tây Ninh",
            issuer_title="Chủ tịch UBND tỉnh" if s.province else "Giám đốc Sở",
        )
        for s in specs
    )
    orgs = {s.key: Org(s, a.pk) for s, a in zip(specs, agencies, strict=True)}
    boards = OrgUnit.objects.bulk_create(
        OrgUnit(agency_id=o.agency_id, code="BAN", name=o.spec.name, kind=OrgUnit.Kind.BOARD, order=0)
        for o in orgs.values()
    )
    units_new = []
    for org, board in zip(orgs.values(), boards, strict=True):
        units_new.append(
            OrgUnit(
                agency_id=org.agency_id, code="VP", name="Văn phòng", kind=OrgUnit.Kind.OFFICE, parent=board, order=1
            )
        )
        for i in range(org.spec.units - (0 if org.spec.province else 1)):
            name = f"Hồ sơ của Sở thử tải {i:03d}" if org.spec.province else f"Phòng thử tải {i:02d}"
            units_new.append(
                OrgUnit(
                    agency_id=org.agency_id,
                    code=f"P{i:03d}",
                    name=name,
                    kind=OrgUnit.Kind.DIVISION,
                    parent=board,
                    order=2 + i,
                )
            )
    units = OrgUnit.objects.bulk_create(units_new)
    by_agency: dict[int, list[OrgUnit]] = {}
    for unit in units:
        by_agency.setdefault(unit.agency_id, []).append(unit)
    office_of = {}
    for org, board in zip(orgs.values(), boards, strict=True):
        office, *divisions = by_agency[org.agency_id]
        office_of[org.spec.key] = office
        org.units = [u.pk for u in divisions] if org.spec.province else [office.pk] + [u.pk for u in divisions]
        org.board = board  # type: ignore[attr-defined]

    # people: (org, username or "", unit, roles as (role, unit))
    people = []
    for org in orgs.values():
        key, office = org.spec.key, office_of[org.spec.key]
        people.append((org, f"{USER_PREFIX}{key}.thutruong", org.board, [(Role.BOARD_HEAD, org.board)]))
        people.append((org, f"{USER_PREFIX}{key}.chanhvanphong", office, [(Role.OFFICE_CHIEF, office)]))
        for n in (1, 2):
            people.append((org, f"{USER_PREFIX}{key}.vanphong{n}", office, [(Role.OFFICE_OFFICER, office)]))
        for index, unit_id in enumerate(org.units):
            people.append((org, f"{USER_PREFIX}{key}.u{index:03d}.truong", unit_id, [(Role.UNIT_HEAD, unit_id)]))
            people.append((org, f"{USER_PREFIX}{key}.u{index:03d}.thidua", unit_id, [(Role.UNIT_CLERK, unit_id)]))
            people.append((org, "", unit_id, []))
    users = User.objects.bulk_create(
        User(username=login, password="!", first_name=login.rsplit(".", 1)[-1]) for _, login, _, _ in people if login
    )
    user_of = {u.username: u.pk for u in users}
    staff = Staff.objects.bulk_create(
        Staff(
            agency_id=org.agency_id,
            user_id=user_of.get(login),
            staff_code=f"S{n:06d}",
            full_name=f"Cán bộ thử tải {n:06d}",
            unit_id=getattr(unit, "pk", unit),
            category=Staff.Category.CIVIL_SERVANT,
        )
        for n, (org, login, unit, _) in enumerate(people)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(agency_id=org.agency_id, staff=member, role=role, unit_id=getattr(unit, "pk", unit))
        for (org, _, _, roles), member in zip(people, staff, strict=True)
        for role, unit in roles
    )
    for org, login, _, roles in people:
        for role, unit in roles:
            user_id = user_of[login]
            if role == Role.BOARD_HEAD:
                org.board_head = user_id
            elif role == Role.OFFICE_OFFICER:
                org.officers.append(user_id)
            elif role == Role.UNIT_HEAD:
                org.heads[unit] = user_id
            elif role == Role.UNIT_CLERK:
                org.clerks[unit] = user_id
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            agency_id=org.agency_id,
            year=this_year - back,
            name=f"Phong trào thi đua năm {this_year - back}",
            start_date=datetime.date(this_year - back, 1, 1),
            end_date=datetime.date(this_year - back, 12, 31),
            status=Campaign.Status.ACTIVE if back == 0 else Campaign.Status.CLOSED,
        )
        for org in orgs.values()
        for back in range(years)
    )
    for campaign in campaigns:
        org = next(o for o in orgs.values() if o.agency_id == campaign.agency_id)
        org.campaigns[campaign.year] = campaign.pk
    return orgs


def users_sync(orgs: dict[str, Org], usernames: list[str]) -> None:
    """The role groups of the logins measured (the pages' permissions come through them)."""
    for user in User.objects.filter(username__in=usernames).select_related("staff"):
        with agency_scope(user.staff.agency_id):
            user_sync_groups(user=user)


# --- dossiers and tasks ------------------------------------------------------------------------------


TASK_COLUMNS = (
    "flow_task",
    "flow_task_type",
    "status",
    "created",
    "assigned",
    "started",
    "finished",
    "token",
    "owner_permission",
    "owner_id",
    "process_id",
    "data",
)
PROCESS_COLUMNS = ("id", "flow_class", "status", "created", "finished", "data")
CASE_COLUMNS = ("process_ptr_id", "kind", "report_text", "campaign_id", "unit_id", "agency_id")


def owner_of(org: Org, unit_id: int, permission: str, rng: random.Random) -> int:
    if permission == DRAFT:
        return org.clerks[unit_id]
    if permission == SIGN:
        return org.heads[unit_id]
    if permission in (REVIEW, REPORT):
        return org.officers[rng.randrange(len(org.officers))]
    if permission == DECIDE:
        return org.board_head
    raise ValueError(permission)


def case_rows(case: PlannedCase, org: Org, process_id: int, this_year: int):
    """The process row, the case row and the task rows of one planned dossier."""
    year = this_year - case.year_back
    unit_id = org.units[case.unit]
    rng = random.Random(f"{case.org}/{case.unit}/{case.kind}/{case.year_back}/rows")
    created = timezone.make_aware(datetime.datetime(year, 1, 10, 8)) + datetime.timedelta(
        days=rng.randrange(120), minutes=rng.randrange(600)
    )
    open_at, claimed, n_tasks = case_shape(case)
    tasks, at = [], created
    for i, node in enumerate(NODES[case.kind][:n_tasks]):
        human = node.task_type == "HUMAN"
        if i == open_at:
            owner = owner_of(org, unit_id, node.permission, rng) if claimed else None
            status = STATUS.ASSIGNED if claimed else STATUS.NEW
            tasks.append(
                (
                    node.ref,
                    node.task_type,
                    status,
                    at,
                    at + datetime.timedelta(hours=2) if claimed else None,
                    None,
                    None,
                    "start",
                    node.permission,
                    owner,
                    process_id,
                    "{}",
                )
            )
            break
        owner = owner_of(org, unit_id, node.permission, rng) if human else None
        done = at + (datetime.timedelta(hours=rng.randrange(2, 72)) if human else datetime.timedelta())
        tasks.append(
            (
                node.ref,
                node.task_type,
                STATUS.DONE,
                at,
                at + datetime.timedelta(minutes=30) if human else None,
                at + datetime.timedelta(hours=1) if human else at,
                done,
                "start",
                node.permission,
                owner,
                process_id,
                "{}",
            )
        )
        at = done
    finished = open_at is None
    process = (
        process_id,
        FLOW_CLASS[case.kind],
        STATUS.DONE if finished else STATUS.NEW,
        created,
        at if finished else None,
        "{}",
    )
    case_row = (process_id, case.kind, "", org.campaigns[year], unit_id, org.agency_id)
    return process, case_row, tasks


def rows_write(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def cases_write(plan: list[PlannedCase], orgs: dict[str, Org]) -> int:
    """Write the planned dossiers of these orgs with their tasks; returns the number of tasks."""
    this_year = clock.today().year
    mine = [c for c in plan if c.org in orgs]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Process._meta.db_table}")
        next_id = cursor.fetchone()[0] + 1
    n_tasks, start = 0, time.perf_counter()
    for low in range(0, len(mine), CASE_BATCH):
        processes, cases, tasks = [], [], []
        for offset, case in enumerate(mine[low : low + CASE_BATCH]):
            process, case_row, task_rows = case_rows(case, orgs[case.org], next_id + low + offset, this_year)
            processes.append(process)
            cases.append(case_row)
            tasks += task_rows
        with transaction.atomic():
            rows_write(Process._meta.db_table, PROCESS_COLUMNS, processes)
            rows_write(Case._meta.db_table, CASE_COLUMNS, cases)
            rows_write(Task._meta.db_table, TASK_COLUMNS, tasks)
        n_tasks += len(tasks)
        done = min(len(mine), low + CASE_BATCH)
        if done == len(mine) or (done // CASE_BATCH) % 10 == 0:
            print(f"           {done:,}/{len(mine):,} dossiers, {n_tasks:,} tasks ({elapsed(start)})", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{Process._meta.db_table}', 'id'), "
                f"(SELECT MAX(id) FROM {Process._meta.db_table}))"
            )
    return n_tasks


# --- clean-up and settling ---------------------------------------------------------------------------


def bench_data_delete() -> int:
    """Every bench agency with all it holds (raw SQL: there may be millions of tasks). Returns the tasks deleted."""
    t = {
        "task": Task._meta.db_table,
        "previous": Task.previous.through._meta.db_table,
        "process": Process._meta.db_table,
        "case": Case._meta.db_table,
        "campaign": Campaign._meta.db_table,
        "role": RoleAssignment._meta.db_table,
        "staff": Staff._meta.db_table,
        "unit": OrgUnit._meta.db_table,
        "agency": Agency._meta.db_table,
        "user": User._meta.db_table,
        "user_groups": User.groups.through._meta.db_table,
        "user_perms": User.user_permissions.through._meta.db_table,
    }
    agencies = f"SELECT id FROM {t['agency']} WHERE code LIKE '{AGENCY_PREFIX}%%'"
    processes = f"SELECT process_ptr_id FROM {t['case']} WHERE agency_id IN ({agencies})"
    tasks = f"SELECT id FROM {t['task']} WHERE process_id IN ({processes})"
    users = f"SELECT id FROM {t['user']} WHERE username LIKE '{USER_PREFIX}%%'"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {t['previous']} WHERE from_task_id IN ({tasks}) OR to_task_id IN ({tasks})")
        cursor.execute(f"DELETE FROM {t['task']} WHERE process_id IN ({processes})")
        deleted = cursor.rowcount
        cursor.execute(f"DELETE FROM {t['process']} WHERE id IN ({processes})")
        for table in ("case", "campaign", "role", "staff", "unit"):
            cursor.execute(f"DELETE FROM {t[table]} WHERE agency_id IN ({agencies})")
        cursor.execute(f"DELETE FROM {t['user_groups']} WHERE user_id IN ({users})")
        cursor.execute(f"DELETE FROM {t['user_perms']} WHERE user_id IN ({users})")
        cursor.execute(f"DELETE FROM {t['user']} WHERE username LIKE '{USER_PREFIX}%%'")
        cursor.execute(f"DELETE FROM {t['agency']} WHERE code LIKE '{AGENCY_PREFIX}%%'")
    return max(deleted, 0)


def settle() -> str:
    """PostgreSQL: VACUUM (ANALYZE) the tables written, as autovacuum would in time. Elsewhere nothing."""
    if connection.vendor != "postgresql":
        return ""
    models = (Task, Process, Case, Campaign, Agency, OrgUnit, Staff, RoleAssignment, User)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(m._meta.db_table for m in models)}")
    return f"VACUUM (ANALYZE) {elapsed(start)}"


def settle_print() -> None:
    settled = settle()
    if settled:
        print(f"settling   {settled}", flush=True)


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


@contextlib.contextmanager
def using(wrapper) -> Iterator[None]:
    """Run the block on another database: the default connection is swapped for the given one (each keeps its own
    open connection, so switching costs nothing measured)."""
    saved = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = wrapper
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS] = saved


def explain_print(tasks, title: str) -> None:
    print(f"\nEXPLAIN ANALYZE, {title}, first page:")
    print(tasks[:PAGE_SIZE].explain(analyze=True))
    print(f"EXPLAIN ANALYZE, {title}, count:")
    with connection.cursor() as cursor:
        sql, params = tasks.order_by().values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN ANALYZE SELECT COUNT(*) FROM ({sql}) AS t", params)
        print("\n".join(row[0] for row in cursor.fetchall()))


def measure(username: str, *, sides: dict, requests: int, explain: bool) -> dict[str, dict[str, dict]]:
    """Both pages of one user in each database, request by request in turn (the first side alternating), so that
    whatever else the machine does weighs on both alike: through the client, then the selector alone in the
    user's scope. Returns figures by side, then page."""
    clients, users = {}, {}
    for side, wrapper in sides.items():
        with using(wrapper):
            users[side] = User.objects.select_related("staff").get(username=username)
            clients[side] = Client()
            clients[side].force_login(users[side])
    order = list(sides)
    figures = {side: {} for side in sides}
    for mode, url in PAGES.items():
        page_s = {side: [] for side in sides}
        page_q = {side: [] for side in sides}
        selector_s = {side: [] for side in sides}
        listing = {}
        for side, wrapper in sides.items():
            with using(wrapper):
                for _ in range(WARMUP):
                    clients[side].get(url)
        for i in range(requests):
            for side in order[i % 2 :] + order[: i % 2]:
                with using(sides[side]):
                    counter = QueryCounter()
                    start = time.perf_counter()
                    with connection.execute_wrapper(counter):
                        response = clients[side].get(url)
                    page_s[side].append(time.perf_counter() - start)
                    page_q[side].append(counter.count)
                if response.status_code != 200:
                    raise SystemExit(f"GET {url} as {username} ({side}) answered {response.status_code}, not 200")
        for i in range(requests):
            for side in order[i % 2 :] + order[: i % 2]:
                with using(sides[side]), agency_scope(users[side].staff.agency_id):
                    fresh = User.objects.get(pk=users[side].pk)  # a request's user: the actor is worked out again
                    start = time.perf_counter()
                    listing[side] = selectors.task_list(
                        actor=actor_of(fresh),
                        mode=mode,
                        filters=selectors.TaskFilters(),
                        page=None,
                        page_size=PAGE_SIZE,
                    )
                    selector_s[side].append(time.perf_counter() - start)
        for side in sides:
            if explain and connection.vendor == "postgresql":
                with using(sides[side]), agency_scope(users[side].staff.agency_id):
                    actor = actor_of(User.objects.get(pk=users[side].pk))
                    tasks = selectors.tasks_filter(
                        selectors.TASK_LISTS[mode](actor=actor), filters=selectors.TaskFilters()
                    )
                    explain_print(tasks, f"{mode} of {username}, {side}")
            figures[side][mode] = {
                "rows": listing[side].page.paginator.count,
                "page": quantiles(page_s[side]),
                "queries": statistics.median(page_q[side]),
                "selector": quantiles(selector_s[side]),
            }
    return figures


def counts_line() -> str:
    with agency_unscoped():
        agencies = Agency.objects.count()
        units = OrgUnit.objects.count()
        cases = Case.objects.count()
    by_status = dict(Task.objects.values_list("status").annotate(n=Count("pk")).order_by())
    total = sum(by_status.values())
    parts = ", ".join(f"{status} {n:,}" for status, n in sorted(by_status.items(), key=lambda kv: -kv[1]))
    return f"database   {agencies} agencies, {units:,} units, {cases:,} dossiers, {total:,} tasks ({parts})"


# --- the run -----------------------------------------------------------------------------------------


def ratio(single: float, many: float) -> float:
    return many / single if single else float("inf")


def report(measured: list[tuple[str, str]], single: dict, many: dict, *, requests: int) -> None:
    print()
    print(f"p50 / p95 in ms over {requests} requests; ratio = many agencies' figure ÷ the single agency's;")
    print(f"the issue's bound is on p95: within {MARGIN:.0%} when its ratio is ≤ {1 + MARGIN:.2f}")
    header = (
        f"{'who, page':<44}{'rows':>6}{'single p50/p95':>17}{'many p50/p95':>17}"
        f"{'ratio p50':>11}{'ratio p95':>15}{'queries':>9}"
    )
    print(header)
    print("-" * len(header))
    within = []
    for label, username in measured:
        for mode in PAGES:
            a, b = single[username][mode], many[username][mode]
            rows = f"{a['rows']}" if a["rows"] == b["rows"] else f"{a['rows']}≠{b['rows']}"
            for what, name in (("page", f"GET {PAGES[mode]}"), ("selector", "  task_list selector")):
                cell_a = f"{a[what][0] * 1000:.1f} / {a[what][1] * 1000:.1f}"
                cell_b = f"{b[what][0] * 1000:.1f} / {b[what][1] * 1000:.1f}"
                r50, r95 = ratio(a[what][0], b[what][0]), ratio(a[what][1], b[what][1])
                ok = r95 <= 1 + MARGIN
                if what == "page":
                    within.append(ok)
                queries = f"{a['queries']:.0f}/{b['queries']:.0f}" if what == "page" else ""
                title = f"{label}, {mode}: {name}" if what == "page" else name
                print(
                    f"{title:<44}{rows if what == 'page' else '':>6}{cell_a:>17}{cell_b:>17}"
                    f"{r50:>11.2f}{r95:>9.2f} {'ok' if ok else 'OVER':<5}{queries:>9}"
                )
    print(
        f"pages within {MARGIN:.0%} at p95: {sum(within)} of {len(within)}. Queries: single/many per request (the many-"
        "agency page\nreads the agency's name once more, to show it: a single agency's pages show nothing of agencies)."
    )


SINGLE = "single"


def single_database_add():
    """A second database for the single agency: the main one's name with `_single` after it (created when missing),
    migrated; returns its connection."""
    main = connections.settings[DEFAULT_DB_ALIAS]
    name = str(main["NAME"])
    if connection.vendor == "sqlite":
        path = Path(name)
        single = str(path.with_name(f"{path.stem}_single{path.suffix}"))
    else:
        single = f"{name}_single"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [single])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{single}"')
    connections.settings[SINGLE] = {**main, "NAME": single}
    wrapper = connections[SINGLE]
    with using(wrapper):
        call_command("migrate", interactive=False, verbosity=0)
    return wrapper


def build(specs: list[OrgSpec], plan: list[PlannedCase], *, years: int, usernames: list[str]) -> int:
    """The orgs (the province first, the others under it) with their dossiers; returns the number of tasks."""
    t0 = time.perf_counter()
    province = [s for s in specs if s.province]
    with transaction.atomic():
        orgs = orgs_build(province, years=years, parent=None) if province else {}
        parent = Agency.objects.get(pk=orgs[province[0].key].agency_id) if province else None
        orgs |= orgs_build([s for s in specs if not s.province], years=years, parent=parent)
    print(
        f"           {len(orgs)} agenc{'y' if len(orgs) == 1 else 'ies'} with their people in {elapsed(t0)}", flush=True
    )
    tasks = cases_write(plan, orgs)
    users_sync(orgs, usernames)
    print(f"           built in {elapsed(t0)}")
    settle_print()
    print(counts_line())
    return tasks


def run(args) -> int:
    for line in machine.machine_lines():
        print(line)
    print(machine.load_line())
    call_command("migrate", interactive=False, verbosity=0)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    many_db, single_db = connections[DEFAULT_DB_ALIAS], single_database_add()
    print(
        f"databases  many agencies: {many_db.settings_dict['NAME']}; single agency: {single_db.settings_dict['NAME']}"
    )

    for wrapper in (many_db, single_db):
        with using(wrapper):
            t0 = time.perf_counter()
            deleted = bench_data_delete()
            if deleted:
                print(f"deleted    an earlier run's bench data ({deleted:,} tasks) in {elapsed(t0)}")

    specs = org_specs(args.agencies, args.units)
    agency_spec, province_spec = specs[0], specs[-1]
    plan = case_plan(specs, args.tasks)
    years = 1 + max(c.year_back for c in plan)
    share = {s.key: sum(case_shape(c)[2] for c in plan if c.org == s.key) for s in (agency_spec, province_spec)}
    print(
        f"plan       {args.agencies} agencies × {args.units} units under one province; {len(plan):,} dossiers over "
        f"{years} year(s); {agency_spec.code} holds {share[agency_spec.key]:,} tasks, the province "
        f"{share[province_spec.key]:,}"
    )
    officer = f"{USER_PREFIX}{agency_spec.key}.vanphong1"
    head = f"{USER_PREFIX}{agency_spec.key}.u{head_unit(plan, agency_spec):03d}.truong"
    province_officer = f"{USER_PREFIX}{province_spec.key}.vanphong1"
    measured = [
        (f"{agency_spec.key} officer", officer),
        (f"{agency_spec.key} unit head", head),
        ("province officer", province_officer),
    ]
    figures = {}

    with agency_unscoped():
        print(f"\nmany       building {args.agencies} agencies and the province…", flush=True)
        build(specs, plan, years=years, usernames=[officer, head, province_officer])
        for spec, usernames in ((agency_spec, [officer, head]), (province_spec, [province_officer])):
            with using(single_db):
                print(f"\nsingle     building {spec.code} alone…", flush=True)
                bench_data_delete()
                build([spec], plan, years=years, usernames=usernames)
            for username in usernames:
                print(f"measuring  {username}: {args.requests} × each page in each database, in turn…", flush=True)
                figures[username] = measure(
                    username, sides={"single": single_db, "many": many_db}, requests=args.requests, explain=args.explain
                )
            print(machine.load_line())

    print(
        "\nsingle = a database holding only that agency's rows (the same dossiers and tasks it holds among the many);"
        "\nmany   = the same agency among every agency and the province; both scoped, as in production;"
        "\nthe two are measured request by request in turn, so that the machine's other work weighs on both alike."
    )
    report(
        measured,
        {u: f["single"] for u, f in figures.items()},
        {u: f["many"] for u, f in figures.items()},
        requests=args.requests,
    )
    print(machine.load_line())

    with using(single_db):
        bench_data_delete()
    if args.keep:
        print(f"\nkept the bench data (agencies {AGENCY_PREFIX}*, logins {USER_PREFIX}*); the next run deletes it")
    else:
        t0 = time.perf_counter()
        deleted = bench_data_delete()
        print(f"\ncleaned up the bench data ({deleted:,} tasks) in {elapsed(t0)}")
        settle_print()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=100, help="agencies under the province (default 100)")
    parser.add_argument("--units", type=int, default=50, help="units of each agency, its own included (default 50)")
    parser.add_argument("--tasks", type=int, default=100_000, help="viewflow tasks in all (default 100,000)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page and user (default 50)")
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of the pages' queries (PostgreSQL)"
    )
    parser.add_argument("--keep", action="store_true", help="keep this run's bench data")
    args = parser.parse_args()
    if args.agencies < 1 or args.units < 3 or args.tasks < 1 or args.requests < 1:
        parser.error("need --agencies ≥ 1, --units ≥ 3, --tasks ≥ 1 and --requests ≥ 1")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
