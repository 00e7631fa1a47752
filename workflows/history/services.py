"""Writes of the commendation history import: keep a preview, confirm it, write it all or nothing.

The same states and guarantees as the staff import (`people.services.staff_import_*`): the preview is made in
the request, the writes run in a Celery worker in one transaction, and a re-import of the same file changes
nothing.
"""

import datetime
import logging

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from people import clock
from people import importing as people_importing
from people.import_jobs import import_job_enqueue

from ..models import Commendation
from . import importing
from .models import CommendationImportJob

logger = logging.getLogger(__name__)

IMPORT_BATCH = 500
ERRORS_IN_MESSAGE = 5
Job = CommendationImportJob


def history_import_preview(*, parsed: importing.ParsedFile, filename: str, actor=None) -> Job:
    """Keep a parsed file as a job to preview: no commendation is written yet."""
    snapshot = importing.snapshot_load(rows=parsed.rows)
    plan = importing.plan_build(rows=parsed.rows, errors=parsed.errors, snapshot=snapshot)
    with transaction.atomic():
        return Job.objects.create(
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            original_filename=(filename or "")[:255],
            file_format=parsed.file_format,
            status=Job.Status.PREVIEW,
            rows=parsed.rows,
            preview={**plan.as_json(), "converted": parsed.conversions},
            total_rows=len(parsed.rows),
            **plan.counts(),
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
    with transaction.atomic():
        job = Job.objects.select_for_update().defer("rows", "preview").get(pk=job_id)
        if job.status not in (Job.Status.QUEUED, Job.Status.RUNNING):
            return job
        job.status = Job.Status.RUNNING
        job.started_at = clock.now()
        job.save(update_fields=["status", "started_at"])
    people_importing.progress_write(job, processed=0, total=job.total_rows)
    try:
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.status != Job.Status.RUNNING:
                return job
            counts = _write(job)
            job.status = Job.Status.DONE
            job.processed_rows = job.total_rows
            job.finished_at = clock.now()
            job.error_message = ""
            for name, value in counts.items():
                setattr(job, name, value)
            job.save()
    except importing.HistoryImportRefused as exc:
        _fail(job_id, str(exc))
    except DatabaseError as exc:
        logger.exception("Commendation import job %s rolled back", job_id)
        _fail(
            job_id,
            _(
                "Cơ sở dữ liệu từ chối ghi (%(error)s). Mọi thay đổi của lượt nhập này đã được hoàn tác; "
                "hãy tải tệp lên lại để xem trước rồi thử lại."
            )
            % {"error": exc},
        )
    except Exception as exc:
        logger.exception("Commendation import job %s failed", job_id)
        _fail(job_id, _("Lỗi không mong đợi khi nhập (%(error)s). Mọi thay đổi đã được hoàn tác.") % {"error": exc})
    finally:
        cache.delete(people_importing.progress_key(job))
    return Job.objects.defer("rows").get(pk=job_id)


def _fail(job_id: int, message: str) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error_message=message, finished_at=clock.now(), processed_rows=0
        )


def _write(job: Job) -> dict[str, int]:
    """The writes of one import, inside the caller's transaction; raises to roll everything back."""
    rows = job.rows
    snapshot = importing.snapshot_load(rows=rows, lock=True)
    # Checked again: staff may have been removed or awards decided since the preview.
    plan = importing.plan_build(rows=rows, errors=[], snapshot=snapshot)
    if plan.errors:
        listed = "; ".join(
            _("dòng %(row)s, cột “%(column)s”: %(message)s") % e for e in plan.errors[:ERRORS_IN_MESSAGE]
        )
        more = len(plan.errors) - ERRORS_IN_MESSAGE
        raise importing.HistoryImportRefused(
            _(
                "Dữ liệu trong hệ thống đã thay đổi sau khi xem trước nên tệp không còn hợp lệ: %(errors)s%(more)s. "
                "Không có thay đổi nào được ghi; hãy tải tệp lên lại để xem trước."
            )
            % {"errors": listed, "more": _(" và %(n)s lỗi khác") % {"n": more} if more > 0 else ""}
        )
    processed = 0
    for chunk in people_importing.chunks(plan.creates, IMPORT_BATCH):
        Commendation.objects.bulk_create([_new(entry["row"], snapshot, job) for entry in chunk])
        processed += len(chunk)
        people_importing.progress_write(job, processed=processed, total=len(rows))
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
