"""Indexes on viewflow's task table for what the inbox, queue and archive filter on, so that they stay
fast as years of history pile up (viewflow's own migrations index single columns only)."""

from django.db import migrations

INDEXES = [
    ("tdkt_task_inbox", "viewflow_task (owner_id, status, created)", ""),
    ("tdkt_task_queue", "viewflow_task (status, owner_permission, created)", " WHERE owner_id IS NULL"),
    ("tdkt_task_process_status", "viewflow_task (process_id, status)", ""),
]


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0002_cases"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}{where}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target, where in INDEXES
    ]
