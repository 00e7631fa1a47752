"""Signatures on a case's files, through the pages: an uploaded PDF is checked and the case page says who signed,
when, whether it was changed and whether the certificate is trusted; the Trưởng ban signs a PDF of the case with the
demo certificate; a unit's clerk cannot, and another agency's head does not even see the case."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Agency
from people.tenancy import agency_scope, agency_unscoped
from tests.conftest import board_agency
from tests.desk import Desk, page_text, pdf
from workflows.casework import services
from workflows.models import Campaign, Case, CaseEvent, CaseFile, FileSignature, TrustedCertificate
from workflows.signatures import pki
from workflows.signatures.demo import demo_pki_load
from workflows.signatures.sign import sign_pdf

from .pdfs import PAGE_TEXT, encrypted_pdf, one_page_pdf, page_changed_after, self_signed_signer

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pki(demo, settings, tmp_path):
    settings.SIGNATURE_PKI_DIR = tmp_path
    demo_pki_load()
    return pki.demo_ca_certificate()


def _signed_by(username: str, content: bytes | None = None) -> bytes:
    person = get_user_model().objects.get(username=username)
    with pki.signer_for(person) as signer:
        return sign_pdf(content or one_page_pdf(), signer=signer, name=person.staff.full_name, title="Trưởng ban")


@pytest.fixture
def draft(demo_pki):
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)
    case = Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code="QLDT")
    desk = Desk("qldt.thidua")
    return desk, case, desk.take(case, "draft")


def _upload(draft, name: str, content: bytes) -> CaseFile:
    desk, case, task = draft
    response = desk.post_step(
        case,
        task,
        {"m-report_text": "Báo cáo", "att-0-doc_type": "bao_cao"},
        action="save",
        files={"att-0-file": pdf(name, content)},
    )
    assert response.status_code == 302, page_text(response)
    return CaseFile.objects.filter(case=case).latest("pk")


def _signature_cell(desk, case, record) -> str:
    """The text of the file's "Chữ ký số" cell on the case page."""
    html = desk.client.get(f"/cases/ho-so/{case.pk}/").content.decode()
    row = html.index(f'href="/cases/ho-so/{case.pk}/tep/{record.pk}/"')
    start = html.index('data-testid="file-signatures">', row)
    cell = html[start : html.index("</td>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", cell.split(">", 1)[1]).split())


def test_a_signed_pdf_uploaded_by_the_clerk_is_shown_signed_intact_and_trusted(draft):
    desk, case, _task = draft
    record = _upload(draft, "bao-cao-da-ky.pdf", _signed_by("truongban"))

    [check] = record.signatures.all()
    assert check.status == FileSignature.Status.SIGNED
    assert check.signer_name == "Nguyễn Văn Hùng"
    assert check.intact and check.covers_whole and not check.modified_after and check.trusted and not check.self_signed
    assert check.agency_id == case.agency_id
    cell = _signature_cell(desk, case, record)
    signed_at = check.signed_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh"))
    assert f"Đã ký số: Nguyễn Văn Hùng, {signed_at:%d/%m/%Y %H:%M} — còn nguyên vẹn — chứng thư tin cậy" in cell


@pytest.mark.parametrize(
    ("make", "shown"),
    [
        (lambda: one_page_pdf(), "Chưa ký số"),
        (lambda: _tampered(_signed_by("truongban")), "đã bị sửa sau khi ký"),
        (lambda: page_changed_after(_signed_by("truongban")), "đã bị sửa sau khi ký"),
        (
            lambda: sign_pdf(one_page_pdf(), signer=self_signed_signer("Nguoi tu ky"), name="Người tự ký", title=""),
            "Đã ký số: Nguoi tu ky",
        ),
        (
            lambda: sign_pdf(one_page_pdf(), signer=self_signed_signer("<script>alert(1)</script>"), name="", title=""),
            "Đã ký số: &lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        (lambda: encrypted_pdf(), "Tệp PDF được mã hóa: không đọc được chữ ký"),
        (lambda: b"%PDF-1.4\n" + os.urandom(3000), "Không đọc được chữ ký"),
        (lambda: b"%PDF-1.4\n<script>alert(1)</script>\nPK\x03\x04" + os.urandom(300) + b"%%EOF", "Không đọc được"),
    ],
    ids=[
        "unsigned",
        "byte-changed",
        "changed-after-signing",
        "self-signed",
        "script-in-name",
        "encrypted",
        "garbage",
        "polyglot",
    ],
)
def test_each_upload_is_shown_as_what_it_is(draft, make, shown):
    desk, case, _task = draft
    record = _upload(draft, "tep.pdf", make())

    cell = _signature_cell(desk, case, record)
    assert shown in cell
    if shown.startswith("Đã ký số: "):
        assert "tự ký" in cell and "chứng thư tin cậy" not in cell
    assert "<script>" not in desk.client.get(f"/cases/ho-so/{case.pk}/").content.decode()


def _tampered(signed: bytes) -> bytes:
    at = signed.index(PAGE_TEXT)
    return signed[:at] + b"Y" + signed[at + 1 :]


def test_a_file_that_is_not_a_pdf_has_no_signature_line(draft):
    desk, case, _task = draft
    record = _upload(draft, "anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    assert not record.signatures.exists()
    assert "Chưa ký số" not in _signature_cell(desk, case, record)


def test_checking_again_follows_the_agencys_trusted_roots(draft):
    desk, case, _task = draft
    with agency_scope(case.agency_id):
        TrustedCertificate.objects.update(is_active=False)
    record = _upload(draft, "bao-cao-da-ky.pdf", _signed_by("truongban"))
    assert "chứng thư không tin cậy" in _signature_cell(desk, case, record)

    with agency_scope(case.agency_id):
        TrustedCertificate.objects.update(is_active=True)
    response = desk.client.post(f"/cases/ho-so/{case.pk}/tep/{record.pk}/kiem-tra-chu-ky/")

    assert response.status_code == 302
    [check] = record.signatures.all()
    assert check.trusted
    assert "còn nguyên vẹn — chứng thư tin cậy" in _signature_cell(desk, case, record)


def test_the_trưởng_ban_signs_a_pdf_of_the_case_and_the_original_is_kept(draft):
    desk, case, _task = draft
    original = _upload(draft, "bao-cao.pdf", one_page_pdf())
    head = Desk("truongban")
    page = head.client.get(f"/cases/ho-so/{case.pk}/").content.decode()
    assert f"/cases/ho-so/{case.pk}/tep/{original.pk}/ky-so/" in page, "the Trưởng ban sees “Ký số”"

    response = head.client.post(f"/cases/ho-so/{case.pk}/tep/{original.pk}/ky-so/")

    assert response.status_code == 302
    copy = CaseFile.objects.filter(case=case).latest("pk")
    assert copy.pk != original.pk and copy.doc_type == original.doc_type == "bao_cao"
    assert copy.name == "bao-cao (đã ký số).pdf" and copy.uploaded_by.username == "truongban"
    assert CaseFile.objects.filter(pk=original.pk, removed_at__isnull=True).exists(), "the original is kept"
    [check] = copy.signatures.all()
    assert check.signer_name == "Nguyễn Văn Hùng" and check.intact and check.trusted
    event = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.FILE_SIGNED).get()
    assert event.actor.username == "truongban" and "bao-cao (đã ký số).pdf" in event.text
    with copy.file.open("rb") as handle:
        assert handle.read().startswith(one_page_pdf()[:8])
    assert "Đã ký số: Nguyễn Văn Hùng" in _signature_cell(desk, case, copy)


def test_a_unit_clerk_cannot_sign_and_another_agencys_head_does_not_see_the_file(draft, demo_pki):
    desk, case, _task = draft
    record = _upload(draft, "bao-cao.pdf", one_page_pdf())
    url = f"/cases/ho-so/{case.pk}/tep/{record.pk}/ky-so/"
    assert url not in desk.client.get(f"/cases/ho-so/{case.pk}/").content.decode()

    assert desk.client.post(url).status_code == 403
    assert Desk("chanhvanphong").client.post(url).status_code == 403, "the Văn phòng does not sign for the head"
    assert Desk("khcn.giamdoc").client.post(url).status_code == 404
    assert (
        Desk("khcn.giamdoc").client.post(f"/cases/ho-so/{case.pk}/tep/{record.pk}/kiem-tra-chu-ky/").status_code == 404
    )
    assert Desk("truongban").client.get(url).status_code == 405, "signing is a POST"
    assert CaseFile.objects.filter(case=case).count() == 1
    assert not CaseEvent.objects.filter(action=CaseEvent.Action.FILE_SIGNED).exists()


def test_a_broken_pdf_is_refused_for_signing_with_a_message(draft):
    _desk, case, _task = draft
    record = _upload(draft, "hong.pdf", b"%PDF-1.4\n" + os.urandom(2000))

    response = Desk("truongban").client.post(f"/cases/ho-so/{case.pk}/tep/{record.pk}/ky-so/", follow=True)

    assert "Không ký số được tệp PDF này" in page_text(response)
    assert CaseFile.objects.filter(case=case).count() == 1


def test_load_demo_gives_each_demo_agency_its_signers_and_trusts_the_demo_ca(demo, settings):
    folder = settings.SIGNATURE_PKI_DIR
    for username in ("truongban", "khcn.giamdoc", "tinh.chutich"):
        assert (folder / f"{username}.p12").exists(), username
    ca = pki.demo_ca_certificate()
    with agency_unscoped():
        trusted = {(t.agency.code, t.name) for t in TrustedCertificate.objects.filter(is_active=True)}
        for agency in Agency.objects.all():
            assert (agency.code, pki.DEMO_CA_NAME) in trusted, agency.code
    from workflows.signatures.services import certificate_fields

    with agency_scope(board_agency()):
        assert TrustedCertificate.objects.filter(fingerprint=certificate_fields(ca)["fingerprint"]).exists()


def _admin_post(client, upload, name="CA"):
    return client.post(
        "/quan-tri/workflows/trustedcertificate/add/",
        {"name": name, "is_active": "on", "certificate": upload, "agency_choice": board_agency().pk},
    )


def test_the_admin_accepts_a_ca_certificate_and_refuses_anything_else(demo_pki, client, tmp_path):
    from cryptography.hazmat.primitives import serialization

    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "MatKhau@123")
    client.force_login(admin)
    signer_p12 = (tmp_path / "truongban.p12").read_bytes()
    from cryptography.hazmat.primitives.serialization import pkcs12

    _key, signer_cert, _more = pkcs12.load_key_and_certificates(signer_p12, b"tdkt-demo-pki")
    cases = [
        (SimpleUploadedFile("rac.cer", b"khong phai chung thu"), "không phải là chứng thư số X.509"),
        (
            SimpleUploadedFile("nguoi-ky.pem", signer_cert.public_bytes(serialization.Encoding.PEM)),
            "là chứng thư của người ký, không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực",
        ),
        (
            SimpleUploadedFile("demo-ca.der", demo_pki.public_bytes(serialization.Encoding.DER)),
            "Chứng thư này đã có trong danh sách chứng thư tin cậy.",
        ),
    ]
    with agency_unscoped():
        before = TrustedCertificate.objects.count()
    for upload, message in cases:
        response = _admin_post(client, upload)
        assert response.status_code == 200
        assert message in response.content.decode(), message
    with agency_unscoped():
        assert TrustedCertificate.objects.count() == before

    other_ca, _key = pki.demo_ca_ensure(tmp_path / "khac")
    response = _admin_post(
        client, SimpleUploadedFile("ca-khac.pem", other_ca.public_bytes(serialization.Encoding.PEM)), "CA khác"
    )
    assert response.status_code == 302
    with agency_scope(board_agency()):
        added = TrustedCertificate.objects.get(name="CA khác")
    assert "TDKT DEMO CA" in added.subject and added.is_active


def test_a_file_gone_from_the_storage_is_reported_unreadable_and_not_signed(draft):
    desk, case, _task = draft
    record = _upload(draft, "bao-cao.pdf", one_page_pdf())
    record.file.storage.delete(record.file.name)

    assert desk.client.post(f"/cases/ho-so/{case.pk}/tep/{record.pk}/kiem-tra-chu-ky/").status_code == 302
    assert [s.status for s in record.signatures.all()] == [FileSignature.Status.UNREADABLE]
    response = Desk("truongban").client.post(f"/cases/ho-so/{case.pk}/tep/{record.pk}/ky-so/", follow=True)
    assert "Không đọc được tệp “bao-cao.pdf” trong kho lưu trữ." in page_text(response)
    assert CaseFile.objects.filter(case=case).count() == 1
