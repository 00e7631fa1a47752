"""Indexes for one agency's queue among many: viewflow's task table is shared by every agency and a task belongs to
the agency of its case, so an agency's queue joins the open tasks of every agency to its own cases.

- `tdkt_case_agency_process` (workflows_case: agency_id, process_ptr_id): an agency's cases read from the index
  alone, without visiting a table page per case (one agency's cases are spread over the whole table);
- `tdkt_task_queue_open` replaces `tdkt_task_queue` (0003) with the same keys and the process and the task type
  after them, so that the queue's open tasks are joined to the cases from the index alone too.

With 100 agencies and 1,000,000 tasks (bench/agencies.py) the queue's count went from 20 ms to 2 ms; a single
agency's figures do not change."""

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
        ("workflows", "0016_agency_keys"),
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
