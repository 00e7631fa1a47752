"""Celery tasks of the flows: thin wrappers that call one service."""

from celery import shared_task

from people.tenancy import agency_of_row, agency_scope

from . import reminders
from .history.services import history_import_commit
from .models import Case, CommendationImportJob, CouncilSession


@shared_task(name="workflows.reminders_sweep")
def reminders_sweep() -> dict:
    """Run by beat every few minutes; idempotent, so a missed or doubled run changes nothing. Works agency by
    agency (people.tenancy.agencies_each)."""
    return reminders.reminders_sweep()


@shared_task(name="workflows.case_notices")
def case_notices(case_id: int) -> dict:
    """After a step: tell the people the case's new or returned tasks are for."""
    with agency_scope(agency_of_row(Case, case_id)):
        return reminders.case_notices(case_id=case_id)


@shared_task(name="workflows.council_notices")
def council_notices(session_id: int) -> dict:
    """After a session is opened or added to, or a ballot sent: tell the members, or the chair."""
    with agency_scope(agency_of_row(CouncilSession, session_id)):
        return reminders.council_notices(session_id=session_id)


@shared_task(name="workflows.history_import_commit", ignore_result=True)
def history_import_commit_task(job_id: int) -> None:
    """Write a confirmed commendation-history import; how it went is recorded on the job."""
    with agency_scope(agency_of_row(CommendationImportJob, job_id)):
        history_import_commit(job_id=job_id)
