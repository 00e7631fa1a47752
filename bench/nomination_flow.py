"""Benchmark: nomination dossiers driven from opening to the council stage, through the services.

Usage:
    python bench/nomination_flow.py [N]          # N dossiers, default 1000
    python bench/nomination_flow.py 200 --keep   # leave the bench data in place to look at it

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench python bench/nomination_flow.py 1000

Run by hand; it prints figures and asserts nothing about time. It uses the database DATABASE_URL
names (SQLite under var/ when unset), settings `config.settings.local` unless DJANGO_SETTINGS_MODULE
is set, and DEBUG off unless DEBUG is set. It migrates, loads the demo when it is missing, then:

- creates N bench campaigns (years from 100000 up, one milestone each): a case is unique per
  (campaign, unit, kind), and N campaigns cost two bulk inserts where N units would cost N units,
  2N staff, 2N logins, 2N role assignments and their group syncs. Every dossier belongs to the demo's
  Phòng Quản lý Đầu tư, so the same three people act on every one;
- for each dossier: open → qldt.thidua claims and completes the draft (meeting, one LĐTT proposal and
  the rows of the documents its rule requires, written in the step's `apply`) → qldt.truongphong claims
  and approves → vanphong claims and approves (the real check handler, which verifies the checklist)
  → the dossier waits at the council stage;
- the user is read again before each claim and completion, as each would be a request of its own.

It reports wall time, dossiers/s, completions/s and the SQL queries of each `step_complete` call
(roles of the user included), per step. Bench data from an earlier run is deleted first (then, on
PostgreSQL, VACUUM (ANALYZE) of the flow's tables), and this run's data at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

import machine  # noqa: E402  (bench/ is on sys.path when a script runs)
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from viewflow.workflow.models import Process, Task  # noqa: E402
from viewflow.workflow.status import STATUS  # noqa: E402

from people.models import OrgUnit, Staff  # noqa: E402
from workflows.casework import forms as step_forms  # noqa: E402
from workflows.casework import services  # noqa: E402
from workflows.casework.steps import HANDLERS  # noqa: E402
from workflows.flows import NominationFlow  # noqa: E402
from workflows.kinds import case_kind  # noqa: E402
from workflows.models import (  # noqa: E402
    AwardTitle,
    Campaign,
    Case,
    CaseEvent,
    CaseFile,
    DocumentKind,
    Milestone,
    Proposal,
    Rating,
)
from workflows.selectors import rule_in_force  # noqa: E402

BENCH_YEAR0 = 100_000  # bench campaigns live at years BENCH_YEARS, far from any real programme
BENCH_YEARS = (BENCH_YEAR0, BENCH_YEAR0 + 99_999)
DEMO_YEAR = 2024
UNIT_CODE = "QLDT"
CLERK, HEAD, OFFICER = "qldt.thidua", "qldt.truongphong", "vanphong"
NOMINEE_CODE = "QLDT004"
TITLE_CODE = "LDTT"
STEPS = ("draft", "sign", "check")

User = get_user_model()


# --- environment -------------------------------------------------------------------------------------


def demo_ensure() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    loaded = (
        Campaign.objects.filter(year=DEMO_YEAR).exists()
        and User.objects.filter(username__in=[CLERK, HEAD, OFFICER]).count() == 3
    )
    if not loaded:
        print("loading the demo (manage.py load_demo)…", flush=True)
        call_command("load_demo", verbosity=0)


def settle() -> str:
    """PostgreSQL: VACUUM (ANALYZE) the tables the flow writes, as autovacuum would in time, so that it does not
    work through an earlier run's dead rows during this one. Elsewhere nothing."""
    if connection.vendor != "postgresql":
        return ""
    models = (Task, Task.previous.through, Process, Case, CaseEvent, Proposal, CaseFile)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(m._meta.db_table for m in models)}")
    return f"VACUUM (ANALYZE) {time.perf_counter() - start:.1f} s"


# --- bench data --------------------------------------------------------------------------------------


def bench_data_delete() -> int:
    """Delete every bench campaign and its dossiers (cascading to tasks, events, proposals, files)."""
    with transaction.atomic():
        cases = Case.objects.filter(campaign__year__range=BENCH_YEARS)
        count = cases.count()
        cases.delete()
        Campaign.objects.filter(year__range=BENCH_YEARS).delete()
    return count


def bench_campaigns_create(n: int) -> list[Campaign]:
    """N campaigns with the 2024 programme's dates and its units' year-end milestone."""
    demo = Campaign.objects.get(year=DEMO_YEAR)
    milestone = Milestone.objects.get(campaign=demo, code=case_kind(Case.Kind.NOMINATION).milestone)
    with transaction.atomic():
        Campaign.objects.bulk_create(
            Campaign(
                year=BENCH_YEAR0 + i,
                name=f"Bench {i}",
                start_date=demo.start_date,
                end_date=demo.end_date,
                status=Campaign.Status.ACTIVE,
            )
            for i in range(n)
        )
        campaigns = list(Campaign.objects.filter(year__range=BENCH_YEARS).order_by("year"))
        Milestone.objects.bulk_create(
            Milestone(
                campaign=c,
                code=milestone.code,
                kind=milestone.kind,
                label=milestone.label,
                due_date=milestone.due_date,
                owner=milestone.owner,
                recipient=milestone.recipient,
            )
            for c in campaigns
        )
    return campaigns


# --- measuring ---------------------------------------------------------------------------------------


class QueryCounter:
    """Counts the SQL statements run while it is installed (connection.execute_wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def measured(step: str, seconds: dict, queries: dict):
    counter = QueryCounter()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        yield
    seconds[step].append(time.perf_counter() - start)
    queries[step].append(counter.count)


# --- one dossier -------------------------------------------------------------------------------------


def fresh(user_pk: int):
    """The user as a new request would load it: no cached roles."""
    return User.objects.get(pk=user_pk)


def open_task(case: Case) -> Task:
    return Task.objects.get(process_id=case.pk, status=STATUS.NEW, flow_task_type="HUMAN")


def decision_forms() -> dict:
    form = step_forms.DecisionForm({"d-decision": "approve"}, prefix="d")
    if not form.is_valid():
        raise SystemExit(f"DecisionForm refused an approval: {form.errors}")
    return {"decision": form}


def draft_apply_for(*, nominee: Staff, title: AwardTitle, documents: list[str], clerk_pk: int):
    """The draft step's writes: the meeting, one proposal and a row for each required document."""

    per_nominee = set(DocumentKind.objects.filter(per_nominee=True).values_list("code", flat=True))

    def apply(case: Case, task: Task) -> None:
        case.meeting_date = datetime.date(2024, 11, 20)
        case.attendance_present, case.attendance_total = 5, 5
        case.save(update_fields=["meeting_date", "attendance_present", "attendance_total"])
        proposal = Proposal.objects.create(
            case=case, staff=nominee, title=title, rating=Rating.HTTNV, achievements="Bench", order=0
        )
        CaseFile.objects.bulk_create(
            CaseFile(
                case=case,
                task=task,
                proposal=proposal if code in per_nominee else None,
                doc_type=code,
                name=f"{code}.pdf",
                file=f"bench/{code}.pdf",
                size=1024,
                content_type="application/pdf",
                uploaded_by_id=clerk_pk,
            )
            for code in documents
        )

    return apply


LABELS = {
    "open": "case_open",
    "claim": "task_claim",
    "draft": "step_complete draft",
    "sign": "step_complete sign",
    "check": "step_complete check",
}


class Driver:
    """Drives one dossier after another through open → draft → sign → check, measuring each call."""

    def __init__(self, *, unit: OrgUnit, users: dict[str, int], draft_apply):
        self.unit, self.users, self.draft_apply = unit, users, draft_apply
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.queries: dict[str, list[int]] = defaultdict(list)

    def claim(self, case: Case, username: str) -> tuple[Task, object]:
        task, user = open_task(case), fresh(self.users[username])
        with measured("claim", self.seconds, self.queries):
            services.task_claim(task=task, user=user)
        return task, fresh(self.users[username])

    def decide(self, case: Case, step: str, username: str) -> None:
        """Sign or check: claim, then approve through the step's own handler (the check verifies the checklist)."""
        handler = HANDLERS["sign" if step == "sign" else "nomination_check"]
        task, user = self.claim(case, username)
        forms = decision_forms()

        def apply(case, task):
            handler.apply(case=case, task=task, forms=forms, user=user, completing=True)

        with measured(step, self.seconds, self.queries):
            services.step_complete(task=task, user=user, apply=apply, outcome=handler.outcome(forms=forms, comment=""))

    def dossier(self, campaign: Campaign) -> None:
        officer = fresh(self.users[OFFICER])
        with measured("open", self.seconds, self.queries):
            case = services.case_open(kind=Case.Kind.NOMINATION, campaign=campaign, unit=self.unit, actor=officer)
        task, clerk = self.claim(case, CLERK)
        with measured("draft", self.seconds, self.queries):
            services.step_complete(
                task=task,
                user=clerk,
                apply=self.draft_apply,
                outcome=services.Outcome(action=CaseEvent.Action.SUBMITTED),
            )
        self.decide(case, "sign", HEAD)
        self.decide(case, "check", OFFICER)


def report(driver: Driver, *, n: int, wall: float, at_council: int) -> None:
    seconds, queries = driver.seconds, driver.queries
    completions = sum(len(seconds[s]) for s in STEPS)
    complete_s = sum(sum(seconds[s]) for s in STEPS)
    complete_q = sum(sum(queries[s]) for s in STEPS)
    print()
    print(f"dossiers at the council stage       {at_council}/{n}")
    print(f"wall time                           {wall:.2f} s (opening, claims, completions, reads between them)")
    print(f"dossiers/s                          {n / wall:.1f}")
    print(f"task completions/s, wall            {completions / wall:.1f} ({completions} completions)")
    print(f"task completions/s, step_complete   {completions / complete_s:.1f} (time inside step_complete only)")
    print(f"SQL queries per completion          {complete_q / completions:.1f} (mean over every step_complete call)")
    print()
    print(f"{'call':<22}{'calls':>7}{'median ms':>11}{'p95 ms':>9}{'queries':>9}{'min':>5}{'max':>5}")
    for name, label in LABELS.items():
        s, q = seconds[name], queries[name]
        p95 = statistics.quantiles(s, n=20)[-1] if len(s) >= 2 else s[0]
        print(
            f"{label:<22}{len(s):>7}{statistics.median(s) * 1000:>11.2f}{p95 * 1000:>9.2f}"
            f"{statistics.mean(q):>9.1f}{min(q):>5}{max(q):>5}"
        )


def run(n: int, keep: bool) -> int:
    for line in machine.machine_lines():
        print(line)
    print(machine.load_line())
    demo_ensure()
    deleted = bench_data_delete()
    if deleted:
        print(f"deleted {deleted} dossiers of an earlier run")
    settled = settle()
    if settled:
        print(f"settling   {settled}")

    users = {u.username: u.pk for u in User.objects.filter(username__in=[CLERK, HEAD, OFFICER])}
    unit = OrgUnit.objects.get(code=UNIT_CODE)
    nominee = Staff.objects.get(staff_code=NOMINEE_CODE)
    title = AwardTitle.objects.prefetch_related("rules").get(code=TITLE_CODE)

    t0 = time.perf_counter()
    campaigns = bench_campaigns_create(n)
    setup_s = time.perf_counter() - t0
    rule = rule_in_force(title=title, on=campaigns[0].end_date)
    later = {kind.code for kind in DocumentKind.objects.all() if kind.supplied_later}
    documents = [code for code in rule.required_documents if code not in later]
    print(
        f"setup      {n} bench campaigns (years {BENCH_YEAR0}–{BENCH_YEAR0 + n - 1}) in {setup_s:.2f} s, "
        f"cheaper than {n} units with staff, logins and roles; every dossier is {unit.code}'s"
    )
    print(f"dossier    one {title.short_name} proposal + {len(documents)} document rows ({', '.join(documents)})")
    print(f"actors     {CLERK} drafts, {HEAD} signs, {OFFICER} checks; each re-read before each call")

    draft_apply = draft_apply_for(nominee=nominee, title=title, documents=documents, clerk_pk=users[CLERK])
    driver = Driver(unit=unit, users=users, draft_apply=draft_apply)
    print(f"running    {n} dossiers × 3 steps…", flush=True)
    start = time.perf_counter()
    for i, campaign in enumerate(campaigns, 1):
        driver.dossier(campaign)
        if i % max(1, n // 10) == 0:
            print(f"           {i}/{n} ({time.perf_counter() - start:.1f} s)", flush=True)
    wall = time.perf_counter() - start

    at_council = Task.objects.filter(
        process__case__campaign__year__range=BENCH_YEARS, flow_task=NominationFlow.council, status=STATUS.NEW
    ).count()
    report(driver, n=n, wall=wall, at_council=at_council)
    print(machine.load_line())

    if keep:
        print(f"\nkept the bench data (campaign years {BENCH_YEARS[0]}–{BENCH_YEARS[1]}); the next run deletes it")
    else:
        t0 = time.perf_counter()
        bench_data_delete()
        print(f"\ncleaned up the bench data in {time.perf_counter() - t0:.1f} s")
    return 0 if at_council == n else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="number of dossiers (default 1000)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep this run's bench data (while kept, a bench campaign is the home page's current one)",
    )
    args = parser.parse_args()
    if not 1 <= args.n <= BENCH_YEARS[1] - BENCH_YEARS[0] + 1:
        parser.error(f"N must be between 1 and {BENCH_YEARS[1] - BENCH_YEARS[0] + 1}")
    return run(args.n, args.keep)


if __name__ == "__main__":
    sys.exit(main())
