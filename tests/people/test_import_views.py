"""The import pages as the Văn phòng uses them: upload, preview, confirm, progress, templates, and who may open them."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from people import import_jobs
from people.models import ImportJob, OrgUnit, Staff
from people.services import staff_import_enqueue

from .test_import import HEADERS, db_state, demo_rows, preview, row, write_csv, write_xlsx


@pytest.fixture
def office(demo, login):
    return login("vanphong")


def upload(client, path_or_name, data=None):
    if data is None:
        name, data = path_or_name.name, path_or_name.read_bytes()
    else:
        name = path_or_name
    return client.post(reverse("people:import"), {"file": SimpleUploadedFile(name, data)})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_office_uploads_previews_and_commits_an_xlsx(
    office, eager_celery, tmp_path, django_capture_on_commit_callbacks
):
    rows = [r for r in demo_rows("QHXD") if r[0] != "QHXD005"]
    rows.append(row("QHXD006", "Ma Thị Sen", "QHXD", gender="Nữ", dob="20/10/1995"))

    response = upload(office, write_xlsx(tmp_path / "qhxd.xlsx", rows))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("people:import_job", kwargs={"pk": job.pk})
    assert job.created_by.username == "vanphong" and job.original_filename == "qhxd.xlsx"
    page = office.get(response.url)
    body = text(page)
    assert page.status_code == 200
    assert 'data-count="created">1<' in body and 'data-count="deactivated">1<' in body
    assert "Ma Thị Sen" in body and "Lương Thị Duyên" in body  # the new one and the one who leaves
    assert "chỉ cán bộ đang công tác thuộc các đơn vị có trong tệp" in body
    assert "Xác nhận nhập" in body and "disabled" not in body.split('data-testid="commit-form"')[1].split("</form>")[0]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = office.post(reverse("people:import_commit", kwargs={"pk": job.pk}))
    assert len(callbacks) == 1

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error_message
    assert job.committed_by.username == "vanphong"
    assert Staff.objects.get(staff_code="QHXD006").unit.code == "QHXD"
    assert not Staff.objects.get(staff_code="QHXD005").is_active
    body = text(office.get(response.url))
    assert 'data-testid="import-done"' in body and "Đã nhập xong 5 dòng." in body
    assert "window.location.reload" not in body


def test_a_semicolon_csv_with_bom_goes_through_the_pages_too(
    office, eager_celery, tmp_path, django_capture_on_commit_callbacks
):
    path = write_csv(
        tmp_path / "moi.csv",
        [row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng Kế hoạch – Tài chính")],
        delimiter=";",
        bom=True,
    )
    job_url = upload(office, path).url
    with django_capture_on_commit_callbacks(execute=True):
        office.post(job_url + "xac-nhan/")

    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert OrgUnit.objects.get(code="KHTC").parent.code == "BQL"


def test_bad_rows_are_listed_the_button_is_disabled_and_the_server_refuses(
    office, tmp_path, django_capture_on_commit_callbacks
):
    rows = [row("QLDT001", "Lê Đức Anh", "QLDT", email="khong-hop-le"), row("KHTC001", "Trần Văn Bình", "KHTC")]
    before = db_state()

    job_url = upload(office, write_xlsx(tmp_path / "loi.xlsx", rows)).url
    body = text(office.get(job_url))

    error_cells = '<td lang="vi">Thư điện tử</td><td class="tdkt-errors">Thư điện tử “khong-hop-le” không hợp lệ.</td>'
    assert '<td class="tdkt-num">2</td>' + error_cells in body
    assert '<td class="tdkt-num">3</td><td lang="vi">Mã đơn vị</td>' in body
    assert re.search(r'<button[^>]*type="submit" disabled>Xác nhận nhập</button>', body)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = office.post(job_url + "xac-nhan/", follow=True)

    assert callbacks == []
    assert "Tệp còn 2 lỗi nên không nhập được" in text(response)
    assert ImportJob.objects.get().status == ImportJob.Status.PREVIEW
    assert db_state() == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bao-cao.xlsx", b"%PDF-1.4 fake", "Tệp đã chọn là tệp PDF, không phải bảng tính."),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Đây là tệp Excel 97–2003 (.xls)"),
        ("rong.csv", b"", "Tệp rỗng: không có dữ liệu nào để nhập."),
        ("thieu-cot.csv", "Mã cán bộ,Họ và tên\nA1,Nguyễn Văn A\n".encode(), "Tệp thiếu cột bắt buộc: “Thư điện tử”"),
    ],
)
def test_a_bad_upload_re_renders_the_form_with_the_reason_and_saves_nothing(office, name, data, message):
    response = upload(office, name, data)

    assert response.status_code == 200
    assert message in text(response)
    assert 'data-testid="upload-error"' in text(response)
    assert not ImportJob.objects.exists()


def test_an_upload_over_the_size_limit_names_the_limit(office, settings):
    settings.UPLOAD_MAX_MB = 1
    data = (",".join(HEADERS) + "\n").encode() + b"x" * (1024 * 1024 + 1)

    response = upload(office, "lon.csv", data)

    assert response.status_code == 200
    assert "Tệp lớn hơn giới hạn 1 MB cho phép" in text(response)
    assert not ImportJob.objects.exists()


def test_the_job_page_refreshes_itself_while_the_worker_runs(office, tmp_path):
    job = preview(write_xlsx(tmp_path / "p.xlsx", [row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng KH-TC")]))
    job = staff_import_enqueue(job=job)  # the worker has not picked it up (on_commit never fires here)
    import_jobs.progress_write(job, processed=250, total=500)

    body = text(office.get(reverse("people:import_job", kwargs={"pk": job.pk})))

    assert "Đã xử lý 250/500 dòng." in body
    assert 'class="tdkt-progress__bar" style="width: 50%"' in body
    assert "setTimeout(function () { window.location.reload(); }, 2000)" in body
    assert '<meta http-equiv="refresh" content="2">' in body


def test_the_upload_page_lists_recent_jobs_and_the_templates(office, tmp_path):
    preview(write_xlsx(tmp_path / "gan-day.xlsx", [row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng KH-TC")]))

    body = text(office.get(reverse("people:import")))

    assert "gan-day.xlsx" in body and "Đang xem trước" in body
    assert reverse("people:import_template_xlsx") in body and reverse("people:import_template_csv") in body


def test_the_templates_download_as_xlsx_and_csv(office):
    response = office.get(reverse("people:import_template_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-can-bo.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert [c.value for c in next(workbook.worksheets[0].iter_rows(max_row=1))] == HEADERS
    assert workbook.sheetnames == ["Danh sách", "Hướng dẫn"]

    response = office.get(reverse("people:import_template_csv"))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(HEADERS)


def _import_urls(job_pk):
    return [
        ("get", reverse("people:import")),
        ("post", reverse("people:import")),
        ("get", reverse("people:import_job", kwargs={"pk": job_pk})),
        ("post", reverse("people:import_commit", kwargs={"pk": job_pk})),
        ("get", reverse("people:import_template_xlsx")),
        ("get", reverse("people:import_template_csv")),
    ]


@pytest.mark.parametrize("username", ["qldt.thidua", "qldt.truongphong", "tnmt.truongphong", "truongban"])
def test_outside_the_office_every_import_page_is_a_404_and_there_is_no_menu_link(demo, login, tmp_path, username):
    """What a person may not see answers 404, as a page that does not exist (a 403 would say it is there)."""
    job = preview(write_xlsx(tmp_path / "p.xlsx", [row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng KH-TC")]))
    person = login(username)

    for method, url in _import_urls(job.pk):
        response = getattr(person, method)(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in text(response), url
    missing = reverse("people:import_job", kwargs={"pk": job.pk + 1000})
    assert person.get(missing).status_code == 404
    assert reverse("people:import") not in person.get(reverse("people:index")).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW


def test_anonymous_visitors_are_sent_to_the_login_page(demo, client, tmp_path):
    job = preview(write_xlsx(tmp_path / "p.xlsx", [row("KHTC001", "Trần Văn Bình", "KHTC", "Phòng KH-TC")]))

    for method, url in _import_urls(job.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_the_office_sees_the_menu_link(office):
    assert reverse("people:import") in office.get(reverse("people:index")).content.decode()


def test_the_import_pages_show_times_from_the_clock_of_the_rest_of_the_site(
    office, eager_celery, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)  # the demo's day; the real date is a different one
    job_url = upload(office, write_xlsx(tmp_path / "qhxd.xlsx", demo_rows("QHXD"))).url
    with django_capture_on_commit_callbacks(execute=True):
        office.post(job_url + "xac-nhan/")

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE, job.error_message
    for moment in (job.created_at, job.queued_at, job.started_at, job.finished_at):
        assert timezone.localdate(moment) == datetime.date(2024, 6, 20)
    body = text(office.get(job_url))
    assert re.search(r"Tải lên lúc 20/06/2024 \d\d:\d\d bởi", body)
    assert re.search(r"Xác nhận nhập lúc 20/06/2024 \d\d:\d\d bởi", body)
    assert re.search(r"Kết thúc lúc 20/06/2024 \d\d:\d\d\.", body)
    assert re.search(r">20/06/2024 \d\d:\d\d</a>", text(office.get(reverse("people:import"))))
