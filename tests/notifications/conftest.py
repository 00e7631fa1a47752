import datetime

import pytest
from django.utils import timezone

from config.celery import app


@pytest.fixture
def eager_celery():
    """Celery tasks run inline (mail goes to Django's in-memory outbox) — for tests about what is sent,
    not about the queue; the fault tests use a real worker instead."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def at(day: str, hour: int = 8, minute: int = 5) -> datetime.datetime:
    """dd/mm/yyyy at hh:mm in Asia/Ho_Chi_Minh."""
    date = datetime.datetime.strptime(day, "%d/%m/%Y").date()
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))
