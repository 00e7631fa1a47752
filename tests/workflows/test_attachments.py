"""Attaching documents takes one save: several files at once in one row, rows of different types together,
and a new proposal's own documents with the proposal itself; every file is still judged by its content."""

import re

import pytest

from tests.desk import Desk, page_text, pdf
from workflows.casework import selectors, services
from workflows.models import AwardTitle, Campaign, Case, CaseFile, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def midyear(demo):
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)
    case = Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code="QLDT")
    desk = Desk("qldt.thidua")
    return desk, case, desk.take(case, "draft")


def test_several_files_chosen_at_once_and_rows_of_two_types_are_attached_in_one_save(midyear):
    desk, case, task = midyear
    page = desk.task_page(case, task).content.decode()
    assert 'name="att-0-file"' in page and " multiple" in page.split('name="att-0-file"')[1].split(">")[0]
    assert "Chọn tệp (một hoặc nhiều)" in page and "Chưa chọn tệp nào" in page

    response = desk.post_step(
        case,
        task,
        {
            "att-TOTAL_FORMS": "2",
            "m-report_text": "Báo cáo kèm phụ lục",
            "att-0-doc_type": "bao_cao",
            "att-1-doc_type": "khac",
        },
        action="save",
        files={
            "att-0-file": [pdf("bao-cao.pdf"), pdf("phu-luc-1.pdf"), pdf("phu-luc-2.pdf")],
            "att-1-file": [pdf("cong-van.pdf")],
        },
    )
    assert response.status_code == 302
    stored = sorted(CaseFile.objects.filter(case=case).values_list("name", "doc_type"))
    assert stored == [
        ("bao-cao.pdf", "bao_cao"),
        ("cong-van.pdf", "khac"),
        ("phu-luc-1.pdf", "bao_cao"),
        ("phu-luc-2.pdf", "bao_cao"),
    ]
    assert case.events.filter(action="saved").count() == 1, "one save"


def test_one_bad_file_among_several_saves_none_and_names_it(midyear):
    desk, case, task = midyear
    response = desk.post_step(
        case,
        task,
        {"m-report_text": "x", "att-0-doc_type": "bao_cao"},
        action="save",
        files={"att-0-file": [pdf("tot.pdf"), pdf("gia-mao.pdf", b"MZ\x90\x00" + b"\x00" * 200)]},
    )
    assert response.status_code == 200
    assert "gia-mao.pdf" in page_text(response)
    assert not CaseFile.objects.exists()


def test_a_new_proposal_and_its_own_documents_are_saved_together(demo):
    campaign = Campaign.objects.get(year=2024)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.NOMINATION)
    case = Case.objects.get(kind=Case.Kind.NOMINATION, unit__code="QLDT")
    clerk = Desk("qldt.thidua")
    task = clerk.take(case, "draft")
    person = case.unit.staff.filter(is_active=True).order_by("full_name").first()
    data = {
        "h-meeting_date": "05/12/2024",
        "h-attendance_present": "5",
        "h-attendance_total": "6",
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
        "p-0-id": "",
        "p-0-staff": person.pk,
        "p-0-title": AwardTitle.objects.get(code="CSTDCS").pk,
        "p-0-rating": "htxsnv",
        "p-0-achievements": "Chủ trì số hoá hồ sơ",
        "p-1-id": "",
        "p-1-staff": "",
        "p-1-title": "",
        "p-1-rating": "",
        "p-1-achievements": "",
    }
    response = clerk.post_step(
        case,
        task,
        data,
        action="save",
        files={
            "p-0-doc_bao_cao_thanh_tich": [pdf("bao-cao-thanh-tich.pdf")],
            "p-0-doc_xac_nhan_sang_kien_htxs": [pdf("sang-kien.pdf"), pdf("nghiem-thu.pdf")],
        },
    )
    assert response.status_code == 302, page_text(response)[:400]
    proposal = Proposal.objects.get(case=case)
    assert proposal.staff == person
    filed = sorted(CaseFile.objects.filter(proposal=proposal).values_list("name", "doc_type"))
    assert filed == [
        ("bao-cao-thanh-tich.pdf", "bao_cao_thanh_tich"),
        ("nghiem-thu.pdf", "xac_nhan_sang_kien_htxs"),
        ("sang-kien.pdf", "xac_nhan_sang_kien_htxs"),
    ], "each of the nominee's documents is filed under its own kind, in the first save"
    own = {item.code: item.present for item in selectors.checklist(case=case) if item.proposal == proposal}
    assert own == {"bao_cao_thanh_tich": True, "xac_nhan_sang_kien_htxs": True}, "CSTĐCS asks for both, both are in"
    assert Proposal.objects.count() == 1, "the empty row stays empty"
    # Back on the draft, the saved row says what it already holds under each kind.
    page = clerk.client.get(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/")
    saved = [" ".join(s.split()) for s in re.findall(r'data-testid="saved-files">(.*?)</span>', page.content.decode())]
    assert saved == ["Đã có: bao-cao-thanh-tich.pdf", "Đã có: sang-kien.pdf, nghiem-thu.pdf"]


def test_documents_on_a_new_row_without_a_title_are_refused_and_nothing_is_saved(demo):
    campaign = Campaign.objects.get(year=2024)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.NOMINATION)
    case = Case.objects.get(kind=Case.Kind.NOMINATION, unit__code="QLDT")
    clerk = Desk("qldt.thidua")
    task = clerk.take(case, "draft")
    data = {
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
        "p-0-id": "",
    }
    response = clerk.post_step(
        case, task, data, action="save", files={"p-0-doc_bao_cao_thanh_tich": [pdf("mo-coi.pdf")]}
    )
    assert response.status_code == 200
    assert not Proposal.objects.exists() and not CaseFile.objects.exists()
