"""Every generated document has its PDF beside its Word file, converted from the same .docx by LibreOffice: the
Văn phòng's tờ trình upward and year-end report, the unit's papers, the council's minutes. Read back with pdftotext;
when no PDF can be made, the page says why (in Vietnamese) and the Word draft is still filed."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.test import override_settings

from people.models import Staff
from tests.desk import Desk
from tests.documents.test_board_documents import _button_url, at_send_upward  # noqa: F401  (a fixture)
from tests.documents.test_council_documents import closed, dossiers  # noqa: F401  (fixtures)
from tests.documents.test_decision_docx import at_decision  # noqa: F401  (a fixture)
from tests.documents.test_unit_documents import drafting  # noqa: F401  (a fixture)
from tests.services import need_libreoffice
from tests.workflows.cases import nomination_at_council
from workflows.casework import services
from workflows.models import CaseFile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _libreoffice():
    need_libreoffice()


def _pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment; ")
    assert ".pdf" in response["Content-Disposition"]
    return _words_of(response.content)


def _words_of(pdf: bytes, *pages: str) -> str:
    done = subprocess.run(["pdftotext", *pages, "-", "-"], input=pdf, capture_output=True, timeout=60, check=True)
    return " ".join(done.stdout.decode().split())


def test_the_to_trinh_upward_as_pdf_and_its_word_draft_filed(at_send_upward):  # noqa: F811
    case = at_send_upward
    office = Desk("vanphong")
    task = office.take(case, "send_upward")
    page = office.task_page(case, task).content.decode()
    assert 'data-testid="to-trinh-pdf"' in page
    response = office.client.post(_button_url(page, "to-trinh"), {"format": "pdf"})
    text = _pdf_text(response)
    assert "TỜ TRÌNH" in text and "Kính gửi" in text
    for proposal in case.proposals.select_related("staff", "title").exclude(title__code="LDTT"):
        name = proposal.staff.full_name if proposal.staff_id else case.unit.name
        assert name in text, name
    draft = CaseFile.objects.get(case=case, doc_type="to_trinh", generated=True, removed_at__isnull=True)
    assert draft.name.endswith(".docx"), "the draft filed is the editable Word file"


def test_the_unit_s_minutes_and_achievement_report_as_pdf(drafting):  # noqa: F811
    case, task, clerk = drafting
    page = clerk.task_page(case, task).content.decode()
    assert 'data-testid="unit-pdf-bien-ban-binh-xet"' in page
    url = f"/cases/ho-so/{case.pk}/buoc/{task.pk}/van-ban-don-vi/bien-ban-binh-xet.docx"
    text = _pdf_text(clerk.client.post(url, {"format": "pdf"}))
    assert "BIÊN BẢN" in text and "Phòng họp số 2" in text
    people = case.proposals.select_related("staff").filter(staff__isnull=False).order_by("pk")
    assert people
    for proposal in people:
        assert proposal.staff.full_name in text
    proposal = people.first()
    report = f"/cases/ho-so/{case.pk}/buoc/{task.pk}/bao-cao-thanh-tich/{proposal.pk}.docx"
    assert proposal.staff.full_name in _pdf_text(clerk.client.post(report, {"format": "pdf"}))


def test_the_year_end_report_as_pdf(demo):
    case = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    office = Desk("vanphong")
    page = office.client.get("/campaign/2024/").content.decode()
    assert 'data-testid="yearend-pdf"' in page
    text = _pdf_text(office.client.post(_button_url(page, "yearend-docx"), {"format": "pdf"}))
    assert "BÁO CÁO" in text and "2024" in text


def test_the_council_minutes_as_pdf(closed):  # noqa: F811
    session = closed
    chair = Desk("truongban")
    page = chair.client.get(f"/council/{session.pk}/bien-ban/").content.decode()
    urls = {
        testid: re.search(rf'href="([^"]+)" data-testid="{testid}"', page).group(1).replace("&amp;", "&")
        for testid in ("minutes-pdf", "count-pdf")
    }
    # The minutes name each nominee in a paragraph of its own (the vote count's narrow table may wrap them).
    minutes = _pdf_text(chair.client.get(urls["minutes-pdf"]))
    assert "BIÊN BẢN" in minutes
    for item in session.items.select_related("proposal__staff"):
        if item.proposal.staff is not None:
            assert item.proposal.staff.full_name in minutes
    count = _pdf_text(chair.client.get(urls["count-pdf"]))
    assert "kiểm phiếu" in count.lower() and "Số phiếu phát ra: 9" in count


def test_no_libreoffice_says_why_and_the_word_draft_is_kept(at_send_upward, tmp_path):  # noqa: F811
    case = at_send_upward
    office = Desk("vanphong")
    task = office.take(case, "send_upward")
    url = _button_url(office.task_page(case, task).content.decode(), "to-trinh")
    with override_settings(SOFFICE_PATH=str(tmp_path / "khong-co-soffice")):
        response = office.client.post(url, {"format": "pdf"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/cases/ho-so/{case.pk}/buoc/{task.pk}/"
    assert "Chưa tạo được bản PDF" in response.content.decode()
    assert CaseFile.objects.filter(case=case, doc_type="to_trinh", generated=True, removed_at__isnull=True).exists()


def test_the_decider_signs_the_draft_decision_as_pdf_and_it_verifies(at_decision, settings, tmp_path):  # noqa: F811
    from workflows.signatures.demo import demo_pki_load
    from workflows.signatures.models import FileSignature

    settings.SIGNATURE_PKI_DIR = tmp_path
    demo_pki_load()
    case = at_decision
    board = Desk("truongban")
    task = board.take(case, "decide")
    page = board.task_page(case, task).content.decode()
    assert 'data-testid="decision-sign"' in page
    url = f"/cases/ho-so/{case.pk}/buoc/{task.pk}/du-thao-quyet-dinh.pdf"
    response = board.client.post(url, follow=True)
    assert response.status_code == 200
    assert "Đã ký số dự thảo quyết định" in response.content.decode()
    unsigned = CaseFile.objects.get(case=case, doc_type="quyet_dinh", generated=True, content_type="application/pdf")
    signed = CaseFile.objects.get(case=case, doc_type="quyet_dinh", generated=False, removed_at__isnull=True)
    assert signed.name == "Dự thảo quyết định khen thưởng QLDT 2024 (đã ký số).pdf"
    check = FileSignature.objects.get(file=signed)
    head = Staff.objects.get(user__username="truongban")
    assert (check.signer_name, check.intact, check.trusted, check.modified_after) == (head.full_name, True, True, False)
    with signed.file.open("rb") as handle:
        content = handle.read()
    assert "QUYẾT ĐỊNH" in _words_of(content)
    # The stamp sits in the signing block, over the signer's name (not on the list's last page).
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(content))
    [sig] = reader.embedded_signatures
    kids = reader.root["/Pages"]["/Kids"]
    page = next(i for i in range(len(kids)) if kids.raw_get(i).idnum == sig.sig_field.raw_get("/P").idnum)
    pages = [_words_of(content, "-f", str(n), "-l", str(n)) for n in range(1, len(kids) + 1)]
    assert "Nơi nhận" in pages[page] and head.full_name in pages[page] and "DANH SÁCH" not in pages[page]
    left = float(sig.sig_field["/Rect"][0])
    assert left > 595 / 3, "in the right-hand column, where the signer signs"
    assert unsigned.pk != signed.pk
    # Nobody else signs it: the Văn phòng sees the step but not the decision.
    assert Desk("vanphong").client.post(url).status_code == 404
    assert CaseFile.objects.filter(case=case, doc_type="quyet_dinh", generated=False).count() == 1
