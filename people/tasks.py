"""Background work of the organisation app."""

from celery import shared_task

from .models import ImportJob
from .services import staff_import_commit
from .tenancy import agency_of_row, agency_scope


@shared_task(name="people.staff_import_commit", ignore_result=True)
def staff_import_commit_task(job_id: int) -> None:
    """Write a confirmed import; how it went is recorded on the job, not in a task result."""
    with agency_scope(agency_of_row(ImportJob, job_id)):
        staff_import_commit(job_id=job_id)
