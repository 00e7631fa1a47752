"""A confirmed history import is written by a real Celery worker process through Redis."""

import io
import time

import pytest

from people.models import Staff
from workflows.history import importing
from workflows.history.models import CommendationImportJob
from workflows.history.services import history_import_enqueue, history_import_preview
from workflows.models import Commendation

from .test_history_import import BOARD, workbook

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_writes_a_confirmed_history_import(celery_worker):
    from tests.conftest import load_demo_now

    load_demo_now()
    codes = list(Staff.objects.order_by("staff_code").values_list("staff_code", flat=True)[:20])
    people = [(code, "", "LDTT", 2023, "18/QĐ-BQL", "16/01/2024", BOARD) for code in codes]
    parsed = importing.parse_upload(io.BytesIO(workbook(people)), "lich-su.xlsx")
    job = history_import_preview(parsed=parsed, filename="lich-su.xlsx")
    history_import_enqueue(job=job)

    deadline = time.monotonic() + 60
    while job.status not in (CommendationImportJob.Status.DONE, CommendationImportJob.Status.FAILED):
        assert time.monotonic() < deadline, f"lượt nhập vẫn ở trạng thái {job.status}"
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == CommendationImportJob.Status.DONE, celery_worker.log()
    assert Commendation.objects.filter(source=Commendation.Source.IMPORTED, import_job=job).count() == 20
    assert "workflows.history_import_commit" in celery_worker.log()
