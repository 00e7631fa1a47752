"""A confirmed import is written by a real Celery worker process through Redis; a dead broker loses nothing."""

import time

import pytest
from celery import Celery

from people import importing
from people.import_jobs import import_job_send
from people.models import ImportJob, Staff
from people.services import staff_import_enqueue
from tests.people.test_import import preview, row, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(job, statuses, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"lượt nhập vẫn ở trạng thái {job.status} sau {seconds} giây")


def test_a_real_worker_writes_a_confirmed_import(celery_worker, tmp_path):
    from tests.conftest import load_demo_now

    load_demo_now()
    rows = [row(f"KHTC{i:03d}", f"Cán bộ thử {i}", "KHTC", "Phòng Kế hoạch – Tài chính") for i in range(1, 31)]
    job = preview(write_xlsx(tmp_path / "khtc.xlsx", rows))
    staff_import_enqueue(job=job)

    job = _wait_for(job, {ImportJob.Status.DONE, ImportJob.Status.FAILED})
    assert job.status == ImportJob.Status.DONE, celery_worker.log()
    assert Staff.objects.filter(unit__code="KHTC", is_active=True).count() == 30
    assert "people.staff_import_commit" in celery_worker.log()


def test_when_the_broker_cannot_be_reached_the_job_goes_back_to_preview_and_nothing_is_written(tmp_path):
    from tests.conftest import load_demo_now

    load_demo_now()
    job = preview(write_xlsx(tmp_path / "x.xlsx", [row("KHTC001", "Cán bộ thử", "KHTC", "Phòng Kế hoạch – Tài chính")]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)

    # A real Celery app whose broker is a closed port on this machine.
    dead = Celery("dead-broker", broker="redis://127.0.0.1:1/0", set_as_current=False)
    dead.conf.broker_connection_timeout = 1

    @dead.task(name="people.staff_import_commit")
    def task(job_id):
        raise AssertionError("never delivered")

    with pytest.raises(importing.StaffImportRefused, match="Chưa gửi được việc ghi dữ liệu"):
        import_job_send(model=ImportJob, job_id=job.pk, task=task, refused=importing.StaffImportRefused)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW
    assert not Staff.objects.filter(unit__code="KHTC").exists()
