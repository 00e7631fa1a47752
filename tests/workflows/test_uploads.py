"""Bad attachments on a step: a clear Vietnamese message naming the file, the rest of the form kept,
nothing saved; odd names are shown cleaned and never used for storage."""

import pytest

from tests.desk import PDF_BYTES, Desk, page_text, pdf
from workflows.casework import services
from workflows.models import Campaign, Case, CaseFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo):
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)
    case = Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code="QLDT")
    desk = Desk("qldt.thidua")
    return desk, case, desk.take(case, "draft")


def _post(desk, case, task, upload, text="Nội dung báo cáo giữ nguyên"):
    return desk.post_step(
        case, task, {"m-report_text": text, "att-0-doc_type": "bao_cao"}, action="save", files={"att-0-file": upload}
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            pdf("that-ra-la-van-ban.pdf", b"Day khong phai PDF, chi la chu.\n" * 10),
            "không phải là tài liệu được chấp nhận",
        ),
        (pdf("chuong-trinh.pdf", b"MZ\x90\x00" + b"\x00" * 200), "không phải là tài liệu được chấp nhận"),
        (pdf("rong.pdf", b""), "rỗng"),
    ],
    ids=["text-renamed-pdf", "executable-renamed-pdf", "empty"],
)
def test_a_bad_file_is_refused_with_its_name_and_the_form_keeps_the_rest(draft, upload, message):
    desk, case, task = draft
    response = _post(desk, case, task, upload)
    assert response.status_code == 200
    text = page_text(response)
    assert message in text
    assert upload.name in text
    assert "Nội dung báo cáo giữ nguyên" in response.content.decode(), "the typed text is still in the form"
    case.refresh_from_db()
    assert case.report_text == "", "nothing of the form was saved"
    assert not CaseFile.objects.exists()


def test_an_oversize_file_is_refused_with_the_limit(draft, settings):
    settings.UPLOAD_MAX_MB = 1
    desk, case, task = draft
    response = _post(desk, case, task, pdf("qua-lon.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 10)))
    assert response.status_code == 200
    assert "vượt giới hạn 1 MB" in page_text(response)
    assert not CaseFile.objects.exists()


def test_odd_names_are_cleaned_for_display_and_never_used_for_storage(draft):
    desk, case, task = draft
    response = _post(desk, case, task, pdf("../../etc/Báo cáo\x07 6 tháng.pdf"))
    assert response.status_code == 302
    record = CaseFile.objects.get()
    assert record.name == "Báo cáo 6 tháng.pdf"
    assert "/etc/" not in record.file.name and "Báo" not in record.file.name
    assert record.file.name.endswith(".pdf") and len(record.file.name.rsplit("/", 1)[1]) == 36
    download = desk.client.get(f"/cases/ho-so/{case.pk}/tep/{record.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
