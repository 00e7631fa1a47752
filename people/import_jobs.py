"""The life of an import job shared by every import (staff, commendation history): keep a parsed file as a
preview, confirm it once, hand it to the queue after the commit (and put it back to preview when the broker
cannot be reached, so nothing is lost and the person is told), then write it in a worker in one transaction —
all of it, or nothing and the job marked failed with the reason — while the page shows how far it is.

Each import brings only its own parts: the job model (a `people.models.ImportJobBase`), its plan's rows and
counts, the writes, and the exception it refuses with.
"""

import logging
from collections.abc import Callable, Iterator

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from . import clock

logger = logging.getLogger(__name__)

# The `…__in` lists stay under SQLite's oldest limit of 999 bound parameters.
QUERY_CHUNK = 900
# Rows written per bulk statement, and between two progress reports.
IMPORT_BATCH = 500
# A refusal after the preview lists this many of the rows it found wrong, then counts the rest.
ERRORS_IN_MESSAGE = 5
PROGRESS_TTL = 24 * 3600


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_job_preview_create(*, model, parsed, plan, filename: str, actor, **fields):
    """Keep a parsed file (its `rows` and legacy-font `conversions`) as a job to preview: nothing the file names is
    written yet. `plan` is the import's comparison with the database: its `as_json()` is what the page shows, its
    `counts()` the job's counts."""
    with transaction.atomic():
        return model.objects.create(
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            original_filename=(filename or "")[:255],
            status=model.Status.PREVIEW,
            rows=parsed.rows,
            preview={**plan.as_json(), "converted": parsed.conversions},
            total_rows=len(parsed.rows),
            **fields,
            **plan.counts(),
        )


@transaction.atomic
def import_job_enqueue(*, job, actor, task, refused: type[Exception]):
    """Confirm a previewed import and hand it to the worker's `task`; confirming twice queues it once.
    `refused` is the import's own exception, raised with a Vietnamese message when the job may not go."""
    model = type(job)
    job = model.objects.select_for_update().defer("rows", "preview").get(pk=job.pk)
    if job.status in (model.Status.RUNNING, model.Status.DONE):
        return job
    # A queued job is sent again: if the first send was lost (worker queue flushed, process killed
    # between commit and send), confirming again recovers it, and the commit itself runs only once.
    if job.status == model.Status.FAILED:
        raise refused(_("Lượt nhập này đã thất bại; hãy tải tệp lên lại để xem trước và nhập lại."))
    if job.error_count:
        raise refused(
            _("Tệp còn %(count)s lỗi nên không nhập được; hãy sửa tệp rồi tải lên lại. Chưa có gì được ghi.")
            % {"count": job.error_count}
        )
    job.status = model.Status.QUEUED
    job.queued_at = clock.now()
    job.committed_by = actor if getattr(actor, "is_authenticated", False) else None
    job.save(update_fields=["status", "queued_at", "committed_by"])
    job_id = job.pk
    transaction.on_commit(lambda: import_job_send(model=model, job_id=job_id, task=task, refused=refused))
    return job


def import_job_send(*, model, job_id: int, task, refused: type[Exception]) -> None:
    """Hand the job to the queue; when the broker cannot be reached, put the job back to preview and say so."""
    try:
        task.apply_async(args=[job_id], retry=False)
    except (KombuOperationalError, OSError) as exc:
        model.objects.filter(pk=job_id, status=model.Status.QUEUED).update(status=model.Status.PREVIEW)
        raise refused(
            _(
                "Chưa gửi được việc ghi dữ liệu tới hàng đợi xử lý (máy chủ hàng đợi không phản hồi). "
                "Chưa có gì được ghi; hãy thử xác nhận lại sau ít phút."
            )
        ) from exc


def import_job_commit(*, model, job_id: int, write: Callable[..., dict[str, int]], refused: type[Exception]):
    """Write a confirmed import: `write(job)` does the import's writes inside one transaction and returns the
    job's final counts; all of it is written, or nothing and the job is marked failed with the reason. Safe to
    run twice: a finished job is left as it is."""
    with transaction.atomic():
        job = model.objects.select_for_update().defer("rows", "preview").get(pk=job_id)
        if job.status not in (model.Status.QUEUED, model.Status.RUNNING):
            return job
        # Committed on its own so the job page shows "running" while the long transaction below is open.
        job.status = model.Status.RUNNING
        job.started_at = clock.now()
        job.save(update_fields=["status", "started_at"])
    progress_write(job, processed=0, total=job.total_rows)

    try:
        with transaction.atomic():
            job = model.objects.select_for_update().get(pk=job_id)
            if job.status != model.Status.RUNNING:
                return job  # another delivery of the task finished it while this one waited for the lock
            counts = write(job)
            job.status = model.Status.DONE
            job.processed_rows = job.total_rows
            job.finished_at = clock.now()
            job.error_message = ""
            for name, value in counts.items():
                setattr(job, name, value)
            job.save()
    except refused as exc:
        _import_job_fail(model, job_id, str(exc))
    except DatabaseError as exc:
        logger.exception("%s %s rolled back", model._meta.label, job_id)
        _import_job_fail(
            model,
            job_id,
            _(
                "Cơ sở dữ liệu từ chối ghi (%(error)s). Mọi thay đổi của lượt nhập này đã được hoàn tác; "
                "hãy tải tệp lên lại để xem trước rồi thử lại."
            )
            % {"error": exc},
        )
    except Exception as exc:
        # The job must never stay "running": whatever went wrong, say so on its page.
        logger.exception("%s %s failed", model._meta.label, job_id)
        _import_job_fail(
            model,
            job_id,
            _("Lỗi không mong đợi khi nhập (%(error)s). Mọi thay đổi đã được hoàn tác.") % {"error": exc},
        )
    finally:
        cache.delete(progress_key(job))
    return model.objects.defer("rows").get(pk=job_id)


def _import_job_fail(model, job_id: int, message: str) -> None:
    with transaction.atomic():
        model.objects.filter(pk=job_id).update(
            status=model.Status.FAILED, error_message=message, finished_at=clock.now(), processed_rows=0
        )


def stale_preview_check(errors: list[dict], *, refused: type[Exception]) -> None:
    """Refuse the writes when the plan made again inside the worker's transaction finds errors the preview did
    not have (the database changed since); the message lists the first few with their row and column."""
    if not errors:
        return
    listed = "; ".join(_("dòng %(row)s, cột “%(column)s”: %(message)s") % e for e in errors[:ERRORS_IN_MESSAGE])
    more = len(errors) - ERRORS_IN_MESSAGE
    raise refused(
        _(
            "Dữ liệu trong hệ thống đã thay đổi sau khi xem trước nên tệp không còn hợp lệ: %(errors)s%(more)s. "
            "Không có thay đổi nào được ghi; hãy tải tệp lên lại để xem trước."
        )
        % {"errors": listed, "more": _(" và %(n)s lỗi khác") % {"n": more} if more > 0 else ""}
    )


# Progress while the worker writes --------------------------------------------------------------


def progress_key(job) -> str:
    # Job ids restart in every test database and after a reset; the upload time keeps keys apart. The model's
    # label keeps the jobs of the imports apart.
    return f"{job._meta.label_lower}:{job.pk}:{job.created_at.timestamp():.6f}:progress"


def progress_write(job, *, processed: int, total: int) -> None:
    cache.set(progress_key(job), {"processed": processed, "total": total}, PROGRESS_TTL)


def progress_read(job) -> dict:
    """How far the worker is. The worker's transaction hides its writes until the end, so while it
    runs the cache knows more than the database; once the job is finished the database is the truth."""
    status = type(job).Status
    processed, total = job.processed_rows, job.total_rows
    if job.status in (status.QUEUED, status.RUNNING):
        cached = cache.get(progress_key(job))
        if cached:
            processed, total = cached["processed"], cached["total"]
    if job.status == status.DONE:
        processed = total
    percent = round(100 * processed / total) if total else (100 if job.status == status.DONE else 0)
    return {"status": job.status, "processed": processed, "total": total, "percent": min(percent, 100)}
