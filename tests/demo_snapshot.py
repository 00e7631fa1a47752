"""The demo, loaded once per test run and copied back into each later test's database.

`manage.py load_demo` takes about two seconds (two agencies, their staff, logins, roles, councils, the programme and
the law's data), and several hundred tests start from it. The first test that asks for the demo runs the real
command; the rows it added are kept (PostgreSQL `COPY`, byte for byte, with their ids) and every later test that
starts from the same empty database gets those rows copied back in a few milliseconds — the same rows, the same ids,
so nothing a test reads can tell the two apart.

The copy is used only when it is provably the same:
- rows that existed before the load and that it changed (the installation's agency renamed, the law's data brought
  up to date) are kept as they stood after it and written back over the same ids; a load that deleted a row, or
  changed a table whose rows have no integer id, cannot be replayed, and the real command then runs every time;
- at replay, each table must hold exactly the rows it held before the first load (same count, same highest id);
  a test that created something first, or a database emptied and refilled by a transactional test, gets the real
  command.
Only PostgreSQL; `TDKT_DEMO_SNAPSHOT=0` turns it off. Tests of the command itself call it directly, never this.
"""

import os
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction


@dataclass
class _Table:
    name: str
    pk: str
    integer_pk: bool


@dataclass
class _Snapshot:
    before: dict[str, tuple[int, int | None]]  # table → (rows, highest id) before the first load
    rows: dict[str, bytes] = field(default_factory=dict)  # table → COPY data of the rows the load added
    changed: dict[str, tuple[list[str], bytes]] = field(default_factory=dict)  # table → columns, rows it updated


_snapshots: dict[str, _Snapshot | None] = {}  # by kind of load; None = not replayable (the real command each time)


def enabled() -> bool:
    return connection.vendor == "postgresql" and os.environ.get("TDKT_DEMO_SNAPSHOT", "1") != "0"


def _tables() -> list[_Table]:
    seen: dict[str, _Table] = {}
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not opts.managed or opts.proxy or opts.db_table in seen or opts.db_table not in existing:
            continue
        pk = opts.pk
        # A child table of a multi-table model (a case is viewflow's process row, extended) is keyed by its parent's
        # integer id: its new rows are found the same way.
        key = pk.target_field if pk.is_relation else pk
        integer_pk = key.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField"}
        seen[opts.db_table] = _Table(opts.db_table, pk.column, integer_pk)
    return sorted(seen.values(), key=lambda t: t.name)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _shape(tables: list[_Table]) -> dict[str, tuple[int, int | None]]:
    """Each table's row count and highest id, in one query."""
    parts = [
        f"SELECT '{t.name}', count(*), {f'max({_q(t.pk)})' if t.integer_pk else 'NULL::bigint'} FROM {_q(t.name)}"
        for t in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {name: (count, highest) for name, count, highest in cursor.fetchall()}


def _digests(tables: list[_Table], shape: dict[str, tuple[int, int | None]]) -> dict[str, str | None]:
    """A digest of the rows each table held before the load (by id, up to the highest id then)."""
    out = {}
    with connection.cursor() as cursor:
        for t in tables:
            where = f" WHERE {_q(t.pk)} <= {int(shape[t.name][1] or 0)}" if t.integer_pk else ""
            cursor.execute(
                f"SELECT count(*), md5(string_agg(x::text, ',' ORDER BY x.{_q(t.pk)})) FROM {_q(t.name)} x{where}"
            )
            out[t.name] = cursor.fetchone()
    return out


def demo_load(kind: str, load) -> None:
    """Run `load` (the real command) or replay what it wrote the first time, for a load of this kind."""
    if not enabled():
        load()
        return
    tables = _tables()
    shape = _shape(tables)
    known = _snapshots.get(kind, ...)
    if known is ...:
        _snapshots[kind] = _capture(tables, shape, load)
        return
    if known is None or shape != known.before:
        load()
        return
    _replay(tables, known)


def _capture(tables: list[_Table], shape, load) -> _Snapshot | None:
    before = _digests(tables, shape)
    load()
    after = _digests(tables, shape)
    snapshot = _Snapshot(before=shape)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for t in tables:
            if before[t.name] != after[t.name]:
                if not t.integer_pk or before[t.name][0] != after[t.name][0]:
                    return None  # a row deleted, or a table that cannot be matched row by row
                columns = [c.name for c in connection.introspection.get_table_description(cursor, t.name)]
                snapshot.changed[t.name] = (columns, _copy_out(raw, t, f"<= {int(shape[t.name][1])}"))
            if t.integer_pk:
                data = _copy_out(raw, t, f"> {int(shape[t.name][1] or 0)}")
                if data:
                    snapshot.rows[t.name] = data
    return snapshot


def _copy_out(raw, t: _Table, condition: str) -> bytes:
    query = f"SELECT * FROM {_q(t.name)} WHERE {_q(t.pk)} {condition} ORDER BY {_q(t.pk)}"
    with raw.copy(f"COPY ({query}) TO STDOUT") as copy:
        return b"".join(bytes(chunk) for chunk in copy)


def _replay(tables: list[_Table], snapshot: _Snapshot) -> None:
    by_name = {t.name: t for t in tables}
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for name, (columns, data) in snapshot.changed.items():
            cursor.execute(f"CREATE TEMPORARY TABLE tdkt_demo_rows (LIKE {_q(name)})")
            with raw.copy("COPY tdkt_demo_rows FROM STDIN") as copy:
                copy.write(data)
            pk = _q(by_name[name].pk)
            assignments = ", ".join(f"{_q(c)} = s.{_q(c)}" for c in columns if c != by_name[name].pk)
            cursor.execute(f"UPDATE {_q(name)} t SET {assignments} FROM tdkt_demo_rows s WHERE t.{pk} = s.{pk}")
            cursor.execute("DROP TABLE tdkt_demo_rows")
        for name, data in snapshot.rows.items():
            with raw.copy(f"COPY {_q(name)} FROM STDIN") as copy:
                copy.write(data)
        for name in snapshot.rows:
            # the ids were taken from the sequence by the first load; make sure it stands past them
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [name, by_name[name].pk])
            (sequence,) = cursor.fetchone()
            if sequence:
                cursor.execute(
                    f"SELECT setval(%s, GREATEST((SELECT max({_q(by_name[name].pk)}) FROM {_q(name)}), "
                    f"(SELECT last_value FROM {sequence})))",
                    [sequence],
                )
