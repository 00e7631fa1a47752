"""Indexes for one agency's queue among many. viewflow's task table is shared by every agency and a task belongs to
the agency of its case, so an agency's queue joins the open tasks of every agency to its own cases:

- `tdkt_case_agency_process` (workflows_case: agency_id, process_ptr_id): an agency's cases are read from the index
  alone, without visiting a table page per case (one agency's cases are spread over the whole table);
- `tdkt_task_queue_open` replaces `tdkt_task_queue` (0003): the same keys, then the process and the task type, so
  that the queue's count joins the open tasks to the cases from the indexes alone (where vacuum has marked the
  table's pages all-visible, as autovacuum does).

bench/agencies.py, 100 agencies × 50 units and 1,000,000 tasks, one agency's Văn phòng officer: the queue's count
query went from 20 ms to 1–2 ms, and the queue page's median from 1.36 times the single agency's to 0.93."""

from django.db import migrations

INDEXES = [
    ("tdkt_case_agency_process", "workflows_case (agency_id, process_ptr_id)", ""),
    (
        "tdkt_task_queue_open",
        "viewflow_task (status, owner_permission, created, process_id, flow_task_type)",
        " WHERE owner_id IS NULL",
    ),
]
REPLACED = ("tdkt_task_queue", "viewflow_task (status, owner_permission, created)", " WHERE owner_id IS NULL")


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0017_province_tier"),
    ]

    operations = [
        *(
            migrations.RunSQL(
                sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}{where}",
                reverse_sql=f"DROP INDEX IF EXISTS {name}",
            )
            for name, target, where in INDEXES
        ),
        migrations.RunSQL(
            sql=f"DROP INDEX IF EXISTS {REPLACED[0]}",
            reverse_sql=f"CREATE INDEX IF NOT EXISTS {REPLACED[0]} ON {REPLACED[1]}{REPLACED[2]}",
        ),
    ]
