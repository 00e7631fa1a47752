"""A case file is handed back under a name whose extension is the type its content was found to be, and an
attachment that is a zip bomb is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from people import importing
from tests.desk import PDF_BYTES, Desk
from tests.people.test_office_files import bomb_xlsx
from workflows import files as filetypes
from workflows.casework import services
from workflows.models import Campaign, Case, CaseFile

from .cases import open_task, user

pytestmark = pytest.mark.django_db


def _attach(name: str, content: bytes) -> CaseFile:
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
    case = Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code="QLDT")
    clerk = user("qldt.thidua")
    task = open_task(case, "draft")
    services.task_claim(task=task, user=clerk)

    def attach(case, task):
        services.file_attach(
            case=case, uploaded=SimpleUploadedFile(name, content), doc_type="dang_ky", user=clerk, task=task
        )

    services.step_save(task=task, user=clerk, apply=attach)
    return CaseFile.objects.get(case=case)


def test_a_pdf_uploaded_as_html_is_downloaded_as_pdf(demo):
    record = _attach("poly.html", PDF_BYTES)

    assert record.name == "poly.pdf" and record.content_type == "application/pdf"
    response = Desk("qldt.thidua").client.get(f"/cases/ho-so/{record.case_id}/tep/{record.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("uploaded", "kind", "shown"),
    [
        ("Báo cáo thành tích.pdf", filetypes.PDF, "Báo cáo thành tích.pdf"),
        ("BAO-CAO.PDF", filetypes.PDF, "BAO-CAO.PDF"),
        ("anh.jpeg", filetypes.JPEG, "anh.jpeg"),
        ("poly.html", filetypes.PDF, "poly.pdf"),
        ("to-trinh.docx.exe", filetypes.DOCX, "to-trinh.docx.docx"),
        ("bang-diem", filetypes.XLSX, "bang-diem.xlsx"),
        ("hop-dong.xls", filetypes.XLSX, "hop-dong.xlsx"),
        ("../../etc/passwd", filetypes.PDF, "passwd.pdf"),
        (".html", filetypes.PDF, "html.pdf"),
        ("x" * 300 + ".html", filetypes.PDF, "x" * 196 + ".pdf"),
    ],
)
def test_the_shown_name_takes_the_extension_of_the_detected_kind(uploaded, kind, shown):
    assert filetypes.display_name(uploaded, kind) == shown


def test_an_attachment_that_unpacks_past_the_bounds_is_refused(db):
    bomb = SimpleUploadedFile("bang-ke.xlsx", bomb_xlsx(unpacked_mb=120))
    with pytest.raises(ValidationError) as caught:
        filetypes.validate_upload(bomb)
    assert caught.value.code == "zip_bomb"
    assert "Tệp “bang-ke.xlsx”: Tệp khi giải nén chiếm 120 MB" in caught.value.messages[0]
    honest = SimpleUploadedFile("mau.xlsx", importing.template_xlsx())
    assert filetypes.validate_upload(honest) == filetypes.XLSX
