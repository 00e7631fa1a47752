"""Writes of the commendation history import: keep a preview, confirm it, write it all or nothing.

The job's life is the one every import shares (`people.import_jobs`): the preview is made in the request, the
writes run in a Celery worker in one transaction; what is the history's own is the plan and its writes, and a
re-import of the same file changes nothing.
"""

import datetime

from people import clock
from people.import_jobs import (
    IMPORT_BATCH,
    chunks,
    import_job_commit,
    import_job_enqueue,
    import_job_preview_create,
    progress_write,
    stale_preview_check,
)

from ..models import Commendation
from . import importing
from .models import CommendationImportJob

Job = CommendationImportJob


def history_import_preview(*, parsed: importing.ParsedFile, filename: str, actor=None) -> Job:
    """Keep a parsed file as a job to preview: no commendation is written yet."""
    snapshot = importing.snapshot_load(rows=parsed.rows)
    plan = importing.plan_build(rows=parsed.rows, errors=parsed.errors, snapshot=snapshot)
    return import_job_preview_create(
        model=Job,
        parsed=parsed,
        plan=plan,
        filename=filename,
        actor=actor,
        file_format=parsed.file_format,
    )


def history_import_run(*, parsed: importing.ParsedFile, filename: str, actor=None) -> Job:
    """Preview and write a file in this process, without the queue (the demo's history, loaded by a command)."""
    job = history_import_preview(parsed=parsed, filename=filename, actor=actor)
    if job.error_count:
        return job
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, queued_at=clock.now())
    return history_import_commit(job_id=job.pk)


def history_import_enqueue(*, job: Job, actor=None) -> Job:
    """Confirm a previewed import and hand it to the worker; confirming twice queues it once."""
    from ..tasks import history_import_commit_task  # the task module imports this one

    return import_job_enqueue(
        job=job, actor=actor, task=history_import_commit_task, refused=importing.HistoryImportRefused
    )


def history_import_commit(*, job_id: int) -> Job:
    """Write a confirmed import: all of it in one transaction, or nothing and the job marked failed.
    Safe to run twice: a finished job is left as it is."""
    return import_job_commit(model=Job, job_id=job_id, write=_write, refused=importing.HistoryImportRefused)


def _write(job: Job) -> dict[str, int]:
    """The writes of one import, inside the caller's transaction; raises to roll everything back."""
    rows = job.rows
    snapshot = importing.snapshot_load(rows=rows, lock=True)
    # Checked again: staff may have been removed or awards decided since the preview.
    plan = importing.plan_build(rows=rows, errors=[], snapshot=snapshot)
    stale_preview_check(plan.errors, refused=importing.HistoryImportRefused)
    processed = 0
    for chunk in chunks(plan.creates, IMPORT_BATCH):
        Commendation.objects.bulk_create([_new(entry["row"], snapshot, job) for entry in chunk])
        processed += len(chunk)
        progress_write(job, processed=processed, total=len(rows))
    if plan.updates:
        changed = []
        for entry in plan.updates:
            item = Commendation(pk=entry["pk"])
            values = {
                "decision_number": entry["row"]["number"],
                "decision_date": datetime.date.fromisoformat(entry["row"]["date"]),
                "decided_by": entry["row"]["issuer"],
                "import_job": job,
            }
            for name, value in values.items():
                setattr(item, name, value)
            changed.append(item)
        Commendation.objects.bulk_update(
            changed, ["decision_number", "decision_date", "decided_by", "import_job"], batch_size=IMPORT_BATCH
        )
    counts = plan.counts()
    counts.pop("error_count")
    return counts


def _new(row: dict, snapshot: importing.Snapshot, job: Job) -> Commendation:
    individual = row["scope"] == importing.INDIVIDUAL
    return Commendation(
        staff=snapshot.staff[row["holder"]] if individual else None,
        unit=None if individual else snapshot.units[row["holder"]],
        title=snapshot.titles[row["title"]],
        year=row["year"],
        decision_number=row["number"],
        decision_date=datetime.date.fromisoformat(row["date"]),
        decided_by=row["issuer"],
        source=Commendation.Source.IMPORTED,
        import_job=job,
    )
