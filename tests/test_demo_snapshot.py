"""The demo copied back into a test's database is the demo the command loads, row for row and id for id."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tests import demo_snapshot


def _everything() -> dict[str, tuple]:
    tables = demo_snapshot._tables()
    with connection.cursor() as cursor:
        out = {}
        for t in tables:
            table = connection.ops.quote_name(t.name)
            cursor.execute(f"SELECT count(*), md5(string_agg(x::text, ',' ORDER BY x::text)) FROM {table} x")
            out[t.name] = cursor.fetchone()
    return out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the copy is made only on PostgreSQL")
@pytest.mark.parametrize("args", [["--no-cases"], []], ids=["organisation", "with-the-years-cases"])
def test_the_replayed_demo_is_the_loaded_demo_row_for_row(db, args):
    kind = f"{' '.join(args)} (checked)"
    calls = []

    def load():
        calls.append(1)
        call_command("load_demo", *args, stdout=io.StringIO())

    empty = _everything()
    try:
        with transaction.atomic():
            demo_snapshot.demo_load(kind, load)
            loaded = _everything()
            transaction.set_rollback(True)
        assert _everything() == empty
        with transaction.atomic():
            demo_snapshot.demo_load(kind, load)
            replayed = _everything()
            transaction.set_rollback(True)
    finally:
        demo_snapshot._snapshots.pop(kind, None)

    assert calls == [1], "the second load must come from the copy, not the command"
    assert loaded != empty
    changed = [name for name in loaded if loaded[name] != replayed[name]]
    assert changed == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the copy is made only on PostgreSQL")
def test_a_database_that_is_not_as_it_was_gets_the_real_command(db, django_user_model):
    kind = "--no-cases (changed)"
    calls = []

    def load():
        calls.append(1)
        call_command("load_demo", "--no-cases", stdout=io.StringIO())

    try:
        with transaction.atomic():
            demo_snapshot.demo_load(kind, load)
            transaction.set_rollback(True)
        django_user_model.objects.create_user("someone.else", password="x-Y-z-123456")
        demo_snapshot.demo_load(kind, load)
    finally:
        demo_snapshot._snapshots.pop(kind, None)
    assert calls == [1, 1]
    assert django_user_model.objects.filter(username="vanphong").exists()
