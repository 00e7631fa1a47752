"""Benchmark: the reminder sweep and the outbox's sending for a large organisation, against a no-op baseline.

Usage:
    python bench/reminders.py [--staff 50000] [--units 500] [--workers 2] [--keep]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench REDIS_URL=redis://127.0.0.1:6379/12 \\
        python bench/reminders.py

Run by hand; it prints figures and asserts nothing about time. It needs PostgreSQL (the workers are other
processes) and Redis (the broker; the bench reads its queue): without them it says so and stops. It uses
settings `config.settings.local` unless DJANGO_SETTINGS_MODULE is set, DEBUG off unless DEBUG is set, and
the real clock unless DEMO_TODAY is set (the demo's pinned day would make the sweep's own requeue step
re-send every message it has just written, which production never does).

It migrates, loads the reference data and the 2024 programme, then:

1. builds the bench organisation: --units active phòng (codes BENCH-REM-*) with --staff staff in all,
   each with a login (bulk_create, unusable password), the first two of each unit its clerk and its head,
   and everyone's preference "immediate" (so every reminder is an email of its own); and a bench campaign
   (year 2099): the 2024 programme's milestones with REG_UPWARD, MID_UNITS, MID_UPWARD and END_UNITS owed
   by the units, all due on one day (30/11/2099); `now` is 08:05 seven days before it (a reminder slot);
2. the sweep, with no worker running: `reminders_due(now=)` alone, then `reminders_sweep(now=)` (which
   writes the outbox rows and enqueues one Celery task per message after its commit), SQL queries and
   the time spent enqueueing counted; then it purges the queue;
3. sending: a minimal SMTP sink in this process, --workers Celery worker processes (prefork, concurrency 1,
   EMAIL_URL at the sink); every pending message is enqueued while the workers are paused (cancel_consumer),
   then they resume (add_consumer) and the time until every message is sent is measured; then as many
   `notifications.ping` tasks (no-ops) the same way, timed until the queue is empty and nothing is left
   unacknowledged. Pausing keeps the producer's cost (printed apart) out of the workers' rate.

Everything a previous run left (bench units, staff, logins, campaign, their outbox rows) is deleted first;
this run's data at the end unless --keep, together with every outbox row the sweep wrote (people of other
units, e.g. the demo's, also get the bench campaign's reminders and the day's digest).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DEMO_TODAY", "")  # the real clock: see the docstring

import django

warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise, irrelevant here
django.setup()

import machine  # noqa: E402  (bench/ is on sys.path when a script runs)
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from config.celery import app  # noqa: E402
from notifications import services as outbox  # noqa: E402
from notifications.models import DigestItem, Message, Preference  # noqa: E402
from notifications.tasks import ping, send_message  # noqa: E402
from people.models import OrgUnit, Role, RoleAssignment, Staff  # noqa: E402
from people.selectors import units_for_emulation  # noqa: E402
from workflows import reminders  # noqa: E402
from workflows.models import Campaign, Milestone  # noqa: E402
from workflows.services import DATA_DIR, campaign_load, reference_data_load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_YEAR = 2099  # the bench campaign's year: no real programme will have it
PROGRAMME = DATA_DIR / "programme-2024.yaml"
UNIT_PREFIX = "BENCH-REM-"
STAFF_PREFIX = "BREM-"
USER_PREFIX = "bench.rem."
UNITS_MILESTONES = ("REG_UPWARD", "MID_UNITS", "MID_UPWARD", "END_UNITS")  # owed by the units in the bench
DUE = datetime.date(BENCH_YEAR, 11, 30)  # every bench milestone's due date
LEAD_DAYS = 7  # `now` is in the "7 days before" slot
BATCH = 5000
QUEUE = "celery"  # the default queue; kombu keeps a message taken but not yet acknowledged in "unacked"
UNACKED = "unacked"

User = get_user_model()


# --- environment -------------------------------------------------------------------------------------


def machine_lines() -> list[str]:
    import redis

    server = redis.Redis.from_url(settings.REDIS_URL).info("server")
    clock = f"pinned to {settings.CLOCK_TODAY:%d/%m/%Y}" if settings.CLOCK_TODAY else "real"
    return [
        *machine.machine_lines(packages=("celery", "kombu", "redis"), database_note=f", clock {clock}"),
        f"broker     Redis {server['redis_version']} at {settings.REDIS_URL}",
    ]


def missing_services() -> str:
    if connection.vendor != "postgresql":
        return "PostgreSQL (DATABASE_URL=postgres://…): the Celery workers are other processes"
    if not settings.REDIS_URL:
        return "Redis (REDIS_URL=redis://…): the bench reads the broker's queue"
    return ""


def redis_client():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def settle() -> str:
    """VACUUM (ANALYZE) the tables the bench fills, as autovacuum would in time, so that it does not do so in
    the middle of a measurement."""
    models = (User, Staff, RoleAssignment, OrgUnit, Preference, Message, DigestItem)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(m._meta.db_table for m in models)}")
    return f"VACUUM (ANALYZE) {time.perf_counter() - start:.1f} s"


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


# --- bench data --------------------------------------------------------------------------------------


def bench_outbox() -> Q:
    """Outbox rows that are the bench's whoever made them: its people's, and its milestones' (by key)."""
    rows = Q(user__username__startswith=USER_PREFIX)
    for pk in Milestone.objects.filter(campaign__year=BENCH_YEAR).values_list("pk", flat=True):
        rows |= Q(key__startswith=f"ms:{pk}:")
    return rows


@transaction.atomic
def bench_data_delete(*, messages_after: int | None = None, items_after: int | None = None) -> dict[str, int]:
    """Delete the bench organisation, its campaign and their outbox rows; and every outbox row above the
    given ids (what this run's sweep wrote for anyone)."""
    messages, items = Message.objects.filter(bench_outbox()), DigestItem.objects.filter(bench_outbox())
    if messages_after is not None:
        messages = Message.objects.filter(bench_outbox() | Q(pk__gt=messages_after))
    if items_after is not None:
        items = DigestItem.objects.filter(bench_outbox() | Q(pk__gt=items_after))
    deleted: Counter = Counter()
    for rows in (items, messages, Campaign.objects.filter(year=BENCH_YEAR)):
        deleted.update(rows.delete()[1])
    units = OrgUnit.objects.filter(code__startswith=UNIT_PREFIX)
    for rows in (
        RoleAssignment.objects.filter(Q(unit__in=units) | Q(staff__unit__in=units)),
        Staff.objects.filter(unit__in=units),
        User.objects.filter(username__startswith=USER_PREFIX),
        units,
    ):
        deleted.update(rows.delete()[1])
    return {label: n for label, n in deleted.items() if n}


def programme_ensure() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    reference_data_load()
    campaign_load(path=PROGRAMME)


@transaction.atomic
def campaign_create() -> tuple[Campaign, list[Milestone]]:
    """The 2024 programme copied into the bench year, four milestones owed by the units, all due on DUE."""
    programme = Campaign.objects.get(year=2024)
    campaign = Campaign.objects.create(
        year=BENCH_YEAR,
        name=f"Bench nhắc hạn {BENCH_YEAR}",
        start_date=datetime.date(BENCH_YEAR, 1, 1),
        end_date=datetime.date(BENCH_YEAR, 12, 31),
        status=Campaign.Status.ACTIVE,
    )
    Milestone.objects.bulk_create(
        Milestone(
            campaign=campaign,
            code=m.code,
            kind=m.kind,
            label=m.label.replace("2024", str(BENCH_YEAR)),
            due_date=DUE,
            owner=Milestone.Owner.UNITS if m.code in UNITS_MILESTONES else m.owner,
            recipient=m.recipient,
            description=m.description.replace("2024", str(BENCH_YEAR)),
        )
        for m in programme.milestones.all()
    )
    return campaign, list(campaign.milestones.order_by("code"))


def organisation_create(*, units: int, staff: int) -> None:
    """`units` phòng sharing `staff` people (the first two of each its clerk and head), each with a login and
    the preference "immediate"."""
    board = OrgUnit.objects.filter(kind=OrgUnit.Kind.BOARD).first()
    with transaction.atomic():
        OrgUnit.objects.bulk_create(
            OrgUnit(
                code=f"{UNIT_PREFIX}{u:05d}",
                name=f"Phòng thử tải nhắc hạn {u:05d}",
                kind=OrgUnit.Kind.DIVISION,
                parent=board,
                order=20_000 + u,
            )
            for u in range(units)
        )
        unit_ids = list(
            OrgUnit.objects.filter(code__startswith=UNIT_PREFIX).order_by("code").values_list("pk", flat=True)
        )
        per_unit = [staff // units + (1 if u < staff % units else 0) for u in range(units)]
        people = [(unit_ids[u], k) for u in range(units) for k in range(per_unit[u])]  # (unit id, rank in unit)
        users = User.objects.bulk_create(
            (
                User(
                    username=f"{USER_PREFIX}{i:06d}",
                    email=f"{USER_PREFIX}{i:06d}@bench.example.vn",
                    first_name=f"Cán bộ {i:06d}",
                    password=make_password(None),
                )
                for i in range(len(people))
            ),
            batch_size=BATCH,
        )
        staff_rows = Staff.objects.bulk_create(
            (
                Staff(
                    user=user,
                    staff_code=f"{STAFF_PREFIX}{i:06d}",
                    full_name=user.first_name,
                    email=user.email,
                    position="Trưởng phòng" if rank == 1 else "Chuyên viên",
                    unit_id=unit_id,
                    category=Staff.Category.CIVIL_SERVANT,
                )
                for i, (user, (unit_id, rank)) in enumerate(zip(users, people, strict=True))
            ),
            batch_size=BATCH,
        )
        RoleAssignment.objects.bulk_create(
            (
                RoleAssignment(staff=s, unit_id=unit_id, role=Role.UNIT_CLERK if rank == 0 else Role.UNIT_HEAD)
                for s, (unit_id, rank) in zip(staff_rows, people, strict=True)
                if rank < 2
            ),
            batch_size=BATCH,
        )
        Preference.objects.bulk_create(
            (
                Preference(user=user, reminders=Preference.Mode.IMMEDIATE, tasks=Preference.Mode.IMMEDIATE)
                for user in users
            ),
            batch_size=BATCH,
        )


# --- the sweep ---------------------------------------------------------------------------------------


def measure_due(now) -> dict:
    counter = QueryCounter()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        due = reminders.reminders_due(now=now)
    seconds = time.perf_counter() - start
    bench_users = set(User.objects.filter(username__startswith=USER_PREFIX).values_list("pk", flat=True))
    return {
        "seconds": seconds,
        "queries": counter.count,
        "count": len(due),
        "bench": sum(1 for r in due if r.user.pk in bench_users),
        "kinds": Counter(r.kind for r in due),
    }


@contextlib.contextmanager
def enqueue_timer():
    """Time spent in the outbox's `_send_later` (send_message.delay, i.e. the trip to Redis) while inside."""
    spent = {"seconds": 0.0, "calls": 0}
    original = outbox._send_later

    def timed(message_id: int) -> None:
        start = time.perf_counter()
        original(message_id)
        spent["seconds"] += time.perf_counter() - start
        spent["calls"] += 1

    outbox._send_later = timed
    try:
        yield spent
    finally:
        outbox._send_later = original


def measure_sweep(now, *, messages_after: int, items_after: int) -> dict:
    queue = redis_client()
    counter = QueryCounter()
    start = time.perf_counter()
    with enqueue_timer() as enqueued, connection.execute_wrapper(counter):
        counts = reminders.reminders_sweep(now=now)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "queries": counter.count,
        "counts": counts,
        "messages": Message.objects.filter(pk__gt=messages_after).count(),
        "bench_messages": Message.objects.filter(pk__gt=messages_after, user__username__startswith=USER_PREFIX).count(),
        "items": DigestItem.objects.filter(pk__gt=items_after).count(),
        "enqueue_seconds": enqueued["seconds"],
        "enqueue_calls": enqueued["calls"],
        "queued": queue.llen(QUEUE),
    }


# --- workers and the SMTP sink -----------------------------------------------------------------------


class _SinkHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: every message is accepted and counted. Each reply goes out in one
    write with TCP_NODELAY, as real servers do: an EHLO answer in two small writes (tests/smtp_sink.py) waits
    for the client's delayed ACK, some 40 ms a message, which would be measured instead of the outbox."""

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        self.reply("220 bench sink ESMTP")
        for raw in self.rfile:
            verb = raw[:4].upper()
            if verb == b"EHLO":
                self.reply("250-bench sink\r\n250 8BITMIME")
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                for line in self.rfile:
                    if line in (b".\r\n", b".\n"):
                        break
                self.server.accepted()
                self.reply("250 OK queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class SmtpSink(socketserver.ThreadingTCPServer):
    """A threaded SMTP server on a free local port, counting the messages it accepts."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SinkHandler)
        self.received = 0
        self._lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.server_address[1]}"

    def accepted(self) -> None:
        with self._lock:
            self.received += 1


def workers_answering(timeout: float = 1.0) -> list[str]:
    return [name for reply in app.control.ping(timeout=timeout) or [] for name in reply]


class Workers:
    """Celery worker processes (prefork, concurrency 1 each) with EMAIL_URL at the sink."""

    def __init__(self, *, count: int, email_url: str, log_dir: Path):
        env = dict(os.environ, EMAIL_URL=email_url, CELERY_TASK_ALWAYS_EAGER="false")
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1"]
        self.log_dir = log_dir
        self.names = [f"bench-reminders-{os.getpid()}-{i}@localhost" for i in range(count)]
        self.processes = []
        for i, name in enumerate(self.names):
            with open(log_dir / f"worker-{i}.log", "w") as log:
                self.processes.append(
                    subprocess.Popen(
                        [*command, "-n", name, "--loglevel=INFO"],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and all(p.poll() is None for p in self.processes):
            if set(self.names) <= set(workers_answering()):
                return
        raise SystemExit(f"the Celery workers did not start within {timeout:.0f} s; see the logs in {self.log_dir}")

    def pause(self) -> None:
        """Stop taking tasks from the queue (it is empty now, so none is held)."""
        app.control.cancel_consumer(QUEUE, destination=self.names, reply=True)

    def resume(self) -> None:
        app.control.add_consumer(QUEUE, destination=self.names, reply=True)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(done, *, timeout: float, every: float) -> float | None:
    """Seconds until done() holds (None if it did not within `timeout`)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if done():
            return time.perf_counter() - start
        time.sleep(every)
    return None


def timed_batch(*, workers: Workers, enqueue, done, timeout: float, every: float) -> dict:
    """Enqueue a batch while the workers are paused, then resume them and time until done() holds: the
    producer's cost and the workers' throughput apart."""
    workers.pause()
    start = time.perf_counter()
    tasks = enqueue()
    enqueued = time.perf_counter() - start
    start = time.perf_counter()
    workers.resume()
    waited = wait_for(done, timeout=timeout, every=every)
    drained = time.perf_counter() - start
    return {"tasks": tasks, "enqueue": enqueued, "seconds": drained, "complete": waited is not None}


def measure_send(*, workers: Workers, sink: SmtpSink, messages_after: int) -> dict:
    ours = Message.objects.filter(pk__gt=messages_after)
    unsent = ours.filter(status__in=[Message.Status.PENDING, Message.Status.SENDING])

    def enqueue() -> int:
        ids = list(ours.filter(status=Message.Status.PENDING).order_by("pk").values_list("pk", flat=True))
        for pk in ids:
            send_message.delay(pk)
        return len(ids)

    def done() -> bool:
        return not unsent.exists()

    result = timed_batch(workers=workers, enqueue=enqueue, done=done, timeout=600, every=0.05)
    statuses = Counter(ours.values_list("status", flat=True))
    return {**result, "sent": statuses.get(Message.Status.SENT, 0), "statuses": dict(statuses), "sink": sink.received}


def measure_ping(*, workers: Workers, count: int) -> dict:
    queue = redis_client()

    def enqueue() -> int:
        for _ in range(count):
            ping.delay()
        return count

    def done() -> bool:  # with acks_late a task leaves "unacked" when it has run
        return queue.llen(QUEUE) == 0 and queue.hlen(UNACKED) == 0

    result = timed_batch(workers=workers, enqueue=enqueue, done=done, timeout=600, every=0.01)
    active = app.control.inspect(destination=workers.names, timeout=1.0).active() or {}
    return {**result, "active": sum(len(tasks) for tasks in active.values())}


# --- the run -----------------------------------------------------------------------------------------


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds > 0 else "—"


def run(args) -> int:
    missing = missing_services()
    if missing:
        print(f"bench/reminders.py skipped: it needs {missing}.")
        return 0
    for line in machine_lines():
        print(line)
    print(machine.load_line())
    programme_ensure()

    start = time.perf_counter()
    deleted = bench_data_delete()
    if deleted:
        print(f"deleted    an earlier run's data: {deleted} ({time.perf_counter() - start:.1f} s)")

    print(f"building   {args.units:,} units, {args.staff:,} staff with logins and preferences…", flush=True)
    start = time.perf_counter()
    campaign, milestones = campaign_create()
    organisation_create(units=args.units, staff=args.staff)
    print(f"           built in {time.perf_counter() - start:.1f} s; {settle()}")
    now = timezone.make_aware(datetime.datetime.combine(DUE - datetime.timedelta(days=LEAD_DAYS), datetime.time(8, 5)))
    owned = Counter(m.owner for m in milestones)
    print(
        f"campaign   {campaign.year}: {len(milestones)} milestones due {DUE:%d/%m/%Y} "
        f"({owned[Milestone.Owner.UNITS]} owed by the units, {owned[Milestone.Owner.OFFICE]} by the Văn phòng); "
        f"now = {timezone.localtime(now):%d/%m/%Y %H:%M %Z}"
    )
    emulating = units_for_emulation().count()
    roles = RoleAssignment.objects.filter(is_active=True).count()
    print(f"database   {emulating:,} units take part ({args.units:,} bench), {roles:,} active role assignments")
    running = workers_answering()
    if running:
        print(f"stopping   Celery workers already answer at {settings.REDIS_URL}: {', '.join(running)}")
        return 1
    purged = app.control.purge()
    if purged:
        print(f"purged     {purged} tasks left in the queue before the sweep")

    messages_after = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    items_after = DigestItem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sink = workers = None
    try:
        print("measuring  reminders_due(now=)…", flush=True)
        due = measure_due(now)
        print("measuring  reminders_sweep(now=), no worker running…", flush=True)
        sweep = measure_sweep(now, messages_after=messages_after, items_after=items_after)
        purged = app.control.purge()

        sink = SmtpSink()
        log_dir = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
        print(f"starting   {args.workers} Celery workers (prefork, concurrency 1), EMAIL_URL={sink.url}…", flush=True)
        start = time.perf_counter()
        workers = Workers(count=args.workers, email_url=sink.url, log_dir=log_dir)
        workers.wait_ready()
        print(f"           answering after {time.perf_counter() - start:.1f} s; logs in {log_dir}")
        print("measuring  sending every pending message…", flush=True)
        send = measure_send(workers=workers, sink=sink, messages_after=messages_after)
        print(f"measuring  {send['tasks']:,} notifications.ping tasks…", flush=True)
        pings = measure_ping(workers=workers, count=send["tasks"])
    finally:
        if workers:
            workers.stop()
        if sink:
            sink.shutdown()
            sink.server_close()

    kinds = ", ".join(f"{kind} {n:,}" for kind, n in sorted(due["kinds"].items()))
    counts = sweep["counts"]
    print()
    print(f"N          {args.staff:,} staff in {args.units:,} units; {args.workers} workers")
    print(
        f"due        reminders_due: {due['count']:,} reminders ({kinds}; {due['bench']:,} to bench staff) "
        f"in {due['seconds']:.2f} s, {due['queries']:,} SQL queries"
    )
    print(
        f"sweep      reminders_sweep: {sweep['messages']:,} messages ({sweep['bench_messages']:,} to bench staff) "
        f"and {sweep['items']:,} digest items written in {sweep['seconds']:.2f} s "
        f"= {rate(sweep['messages'] + sweep['items'], sweep['seconds'])} rows; {sweep['queries']:,} SQL queries "
        f"({sweep['queries'] / max(1, sweep['messages'] + sweep['items']):.1f} per row)"
    )
    print(
        f"           returned {counts}; enqueueing (send_message.delay after each commit, Redis, no worker): "
        f"{sweep['enqueue_calls']:,} tasks in {sweep['enqueue_seconds']:.2f} s, included above"
    )
    print(f"           queue length after the sweep {sweep['queued']:,}; app.control.purge() removed {purged:,}")
    print(
        f"send       {send['tasks']:,} messages enqueued (workers paused) in {send['enqueue']:.2f} s "
        f"= {rate(send['tasks'], send['enqueue'])}; then all sent {send['seconds']:.2f} s after the workers resumed "
        f"= {rate(send['sent'], send['seconds'])} messages" + ("" if send["complete"] else " (TIMED OUT: not all sent)")
    )
    print(f"           outbox rows by status {send['statuses']}; the SMTP sink accepted {send['sink']:,}")
    print(
        f"ping       {pings['tasks']:,} notifications.ping enqueued (workers paused) in {pings['enqueue']:.2f} s "
        f"= {rate(pings['tasks'], pings['enqueue'])}; queue empty and nothing unacknowledged {pings['seconds']:.2f} s "
        f"after the workers resumed = {rate(pings['tasks'], pings['seconds'])} tasks"
        + ("" if pings["complete"] else " (TIMED OUT)")
        + f"; active afterwards {pings['active']}"
    )
    print(
        f"compare    {args.workers} workers: send {rate(send['sent'], send['seconds'])} "
        f"({send['seconds'] * 1000 / max(1, send['sent']):.2f} ms a message) vs no-op "
        f"{rate(pings['tasks'], pings['seconds'])} ({pings['seconds'] * 1000 / max(1, pings['tasks']):.2f} ms a task), "
        f"wall time / tasks"
    )
    print(machine.load_line())

    if args.keep:
        print(f"\nkept the bench data (campaign {BENCH_YEAR}, units {UNIT_PREFIX}*); the next run deletes it")
    else:
        start = time.perf_counter()
        deleted = bench_data_delete(messages_after=messages_after, items_after=items_after)
        print(f"\ncleaned up {deleted} in {time.perf_counter() - start:.1f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=50_000, help="staff in all the bench units (default 50,000)")
    parser.add_argument("--units", type=int, default=500, help="bench units (default 500)")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes for sending (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep this run's bench data")
    args = parser.parse_args()
    if args.units < 1 or args.staff < 2 * args.units or args.workers < 1:
        parser.error("need --units ≥ 1, --staff ≥ 2 × --units (a clerk and a head each) and --workers ≥ 1")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
