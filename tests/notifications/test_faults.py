"""The outbox against a real Redis, a real Celery worker process and a real SMTP server: each message
once, through concurrent sweeps, a killed worker, a flushed Redis, and a provider that fails."""

import datetime
import threading
import time

import pytest
import redis
from django.db import connection
from django.db.models import F

from notifications import services as outbox
from notifications.models import Message, Preference
from people.models import Staff
from people.tenancy import agency_unscoped
from tests.celery_worker import start_worker
from tests.conftest import load_demo_now
from tests.desk import Desk, page_text
from tests.services import need_postgresql, need_redis
from tests.smtp_sink import start_sink
from tests.workflows.cases import user
from workflows import reminders
from workflows.casework import services
from workflows.models import Campaign, Case

from .conftest import at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    need_postgresql()
    need_redis()
    from config.celery import app

    app.control.purge()
    load_demo_now()
    with agency_unscoped():  # everyone of both agencies of the demo
        for staff in Staff.objects.filter(user__isnull=False):
            Preference.objects.update_or_create(user=staff.user, defaults={"reminders": "immediate"})
    server, sink = start_sink()
    env = {"EMAIL_URL": f"smtp://127.0.0.1:{server.server_address[1]}", "MAIL_RETRY_SECONDS": "1"}
    workers = []

    def worker():
        started = start_worker(tmp_path=tmp_path, settings=settings, extra_env=env)
        workers.append(started)
        return started

    yield sink, worker
    for started in workers:
        started.stop()
    server.shutdown()


def _wait(condition, seconds=60, what="the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _open_midyear(settings):
    settings.CLOCK_NOW = at("03/06/2024", 7, 30)
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)


def _all_sent():
    return not Message.objects.exclude(status=Message.Status.SENT).exists()


def _enqueue(count, prefix="batch"):
    people = list(Staff.objects.filter(user__isnull=False).select_related("user")[:count])
    for index in range(count):
        outbox.message_enqueue(
            key=f"{prefix}:{index}",
            kind="test",
            user=people[index % len(people)].user,
            template="notifications/email/task_new",
            context={"person": "X", "step": f"Bước {index}", "case": "Sơ kết", "unit": "P", "link": "http://x/"},
        )


def test_two_sweeps_at_once_and_a_third_send_each_message_once(world, settings):
    sink, worker = world
    _open_midyear(settings)
    settings.CLOCK_NOW = at("21/06/2024")
    worker()
    barrier, results = threading.Barrier(2), []

    def sweep():
        try:
            barrier.wait()
            results.append(reminders.reminders_sweep(now=at("21/06/2024")))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    reminders.reminders_sweep(now=at("21/06/2024", 9, 0))
    with agency_unscoped():  # the sweeps, as beat runs them, went through every agency of the demo
        expected = {r.key for r in reminders.reminders_due(now=at("21/06/2024"))}
        assert expected, "there is something to send that day"
        assert set(Message.objects.values_list("key", flat=True)) == expected
    _wait(lambda: len(sink.received) >= len(expected) and _all_sent(), what="every message to reach the SMTP server")
    ids = sink.message_ids()
    assert len(ids) == len(set(ids)) == len(expected)


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(world, settings):
    sink, worker = world
    sink.delay = 0.3
    _enqueue(15)
    first = worker()
    _wait(lambda: len(sink.received) >= 3, what="the first messages")
    first.kill()
    received_before = len(sink.received)
    assert received_before < 15, "killed before the end of the batch"
    time.sleep(2.5)
    sink.delay = 0
    # What the next sweep does: messages left pending or stuck "sending" by the dead worker go again.
    outbox.messages_requeue(pending_for=0, sending_for=2)
    worker()
    _wait(lambda: len(sink.received) >= 15 and _all_sent(), what="the whole batch")
    time.sleep(1)
    ids = sink.message_ids()
    assert len(ids) == len(set(ids)) == 15


def test_redis_flushed_between_sweep_and_send_the_next_sweep_sends_what_is_unsent(world, settings):
    sink, worker = world
    _open_midyear(settings)
    settings.CLOCK_NOW = at("14/06/2024")
    reminders.reminders_sweep(now=at("14/06/2024"))
    count = Message.objects.count()
    assert count and Message.objects.filter(status=Message.Status.PENDING).count() == count
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    worker()
    time.sleep(2)
    assert sink.received == [], "the queued sends were lost with Redis"
    # Beat's next sweep comes a few minutes later (the outbox waits a minute before sending a pending row again).
    Message.objects.update(enqueued_at=F("enqueued_at") - datetime.timedelta(minutes=5))
    reminders.reminders_sweep(now=at("14/06/2024", 8, 20))
    _wait(lambda: len(sink.received) >= count and _all_sent(), what="the re-sent messages")
    time.sleep(1)
    ids = sink.message_ids()
    assert len(ids) == len(set(ids)) == count == Message.objects.count()


def test_a_provider_failing_for_a_while_then_for_good(world, settings):
    sink, worker = world
    sink.transient_failures = 2
    worker()
    _enqueue(1, prefix="flaky")
    _wait(_all_sent, what="the message after two transient failures")
    message = Message.objects.get()
    assert message.attempts == 3
    assert len(sink.received) == 1

    refused = user("qhxd.thidua")
    sink.refuse.add(outbox.address_of(refused))
    outbox.message_enqueue(
        key="refused:1",
        kind="test",
        user=refused,
        template="notifications/email/task_new",
        context={"person": "X", "step": "Bước", "case": "Sơ kết", "unit": "P", "link": "http://x/"},
    )
    _wait(lambda: Message.objects.get(key="refused:1").status == Message.Status.FAILED, what="the refused address")
    failed = Message.objects.get(key="refused:1")
    assert failed.attempts == 1 and "550" in failed.error
    page = Desk("vanphong").client.get("/notifications/hop-thu-di/", {"trang_thai": "failed"})
    assert outbox.address_of(refused) in page_text(page)
