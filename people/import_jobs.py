"""The life of an import job shared by every import (staff, commendation history): confirm a previewed file
once, hand it to the queue after the commit, and put it back to preview when the broker cannot be reached, so
nothing is lost and the person is told."""

from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError


@transaction.atomic
def import_job_enqueue(*, job, actor, task, refused: type[Exception]):
    """Confirm a previewed import and hand it to the worker's `task`; confirming twice queues it once.
    `refused` is the import's own exception, raised with a Vietnamese message when the job may not go."""
    from . import clock

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
