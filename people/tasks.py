"""Background work of the organisation app."""

from celery import shared_task

from .services import staff_import_commit


@shared_task(name="people.staff_import_commit", ignore_result=True)
def staff_import_commit_task(job_id: int) -> None:
    """Write a confirmed import; how it went is recorded on the job, not in a task result."""
    staff_import_commit(job_id=job_id)
