"""The initiatives a proposal relies on, named on its row: only the nominee's own recognised initiatives may be
chosen, only for a title that rests on initiatives; the rules judge the named ones (Luật TĐKT 2022 Đ23, Đ5 k2c;
CV 5007/BNV-TĐKT), the case page and the Văn phòng's check list them, and an award carries them."""

import datetime

import pytest

from people.models import Staff
from tests.conftest import load_demo_now
from tests.desk import Desk, page_text
from tests.workflows.test_eligibility_pages import _send, _title
from workflows.casework.eligibility import proposals_judge
from workflows.casework.services import awards_record
from workflows.initiatives import initiative_carry, initiative_record
from workflows.models import AwardTitle, Case, Commendation

pytestmark = pytest.mark.django_db

D = datetime.date


def _initiative(person, name, year=2024):
    return initiative_record(
        staff=person, name=name, level="co_so", year=year, decision_number="7/QĐ-BQL", decision_date=D(year, 10, 1)
    )


@pytest.fixture
def nomination():
    """The demo (with its history) and the 2024 nomination stage open; the QLĐT dossier in its clerk's hands."""
    load_demo_now(cases=True)
    assert Desk("vanphong").open_stage(2024, "nomination").status_code == 302
    return Case.objects.get(kind=Case.Kind.NOMINATION, unit__code="QLDT", campaign__year=2024)


@pytest.fixture
def khoa(nomination):
    """QLDT004, rated HTTNV in 2024: CSTĐCS rests on an initiative. One of his two was used for a Giấy khen."""
    person = Staff.objects.get(staff_code="QLDT004")
    used = _initiative(person, "Một cửa điện tử cho nhà đầu tư")
    award = Commendation.objects.create(
        staff=person,
        title=AwardTitle.objects.get(code="GK_TRUONG_BAN"),
        year=2024,
        decision_number="90/QĐ-BQL",
        decision_date=D(2024, 9, 1),
        decided_by="Ban Quản lý Khu kinh tế",
    )
    initiative_carry(initiative=used, commendation=award)
    free = _initiative(person, "Bản đồ số khu công nghiệp")
    return person, used, free


def _row(person, title, rating, initiatives=(), prefix="p-0"):
    data = {
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
        "h-meeting_date": "25/11/2024",
        "h-attendance_present": "9",
        "h-attendance_total": "10",
        f"{prefix}-id": "",
        f"{prefix}-staff": person.pk if person else "",
        f"{prefix}-title": _title(title).pk,
        f"{prefix}-rating": rating,
        f"{prefix}-achievements": "",
    }
    if initiatives:
        data[f"{prefix}-initiatives"] = [str(value) for value in initiatives]
    return data


def test_the_clerk_names_the_initiative_a_cstdcs_rests_on_and_the_rules_judge_it_luat_2022_d23_d5_k2c(nomination, khoa):
    case, (person, used, free) = nomination, khoa
    clerk = Desk("qldt.thidua")
    draft = clerk.take(case, "draft")
    page = clerk.task_page(case, draft).content.decode()
    assert f'value="{free.pk}" data-staff="{person.pk}"' in page, "a new row lists the unit's initiatives by author"

    response = clerk.post_step(case, draft, _row(person, "CSTDCS", "httnv", [used.pk]), action="save")
    assert response.status_code == 302
    proposal = case.proposals.get()
    assert list(proposal.initiatives.all()) == [used]
    judgement = proposals_judge(case=case)[proposal.pk]
    blocking = {finding.code for finding in judgement.findings if finding.blocks}
    assert blocking == {"excellence_missing", "initiative_used"}, "the named one already carried a Giấy khen"
    text = page_text(clerk.task_page(case, draft))
    assert f"Sáng kiến {used.pk} đã dùng để xét Giấy khen năm 2024; không dùng lại cho CSTĐCS." in text
    assert "Luật TĐKT 2022 Đ5 k2 điểm c" in text

    # Naming the free one instead (the saved row's choices are his alone).
    saved = {
        **_row(person, "CSTDCS", "httnv", [free.pk]),
        "p-INITIAL_FORMS": "1",
        "p-0-id": str(proposal.pk),
    }
    assert clerk.post_step(case, draft, saved, action="save").status_code == 302
    assert list(proposal.initiatives.all()) == [free]
    assert not proposals_judge(case=case)[proposal.pk].blocked
    page = page_text(clerk.client.get(f"/cases/ho-so/{case.pk}/"))
    assert "Sáng kiến, đề tài: Bản đồ số khu công nghiệp (2024)" in page


def test_with_no_initiative_named_any_of_the_nominees_may_carry_it(nomination, khoa):
    case, (person, _used, _free) = nomination, khoa
    clerk = Desk("qldt.thidua")
    draft = clerk.take(case, "draft")
    assert clerk.post_step(case, draft, _row(person, "CSTDCS", "httnv"), action="save").status_code == 302
    assert not proposals_judge(case=case)[case.proposals.get().pk].blocked


def test_another_persons_or_an_unknown_or_hostile_initiative_is_refused_in_vietnamese(nomination, khoa):
    case, (person, _used, _free) = nomination, khoa
    other = Staff.objects.get(staff_code="QLDT001")
    theirs = _initiative(other, "Sáng kiến của người khác")
    outsider = Staff.objects.exclude(unit=case.unit).filter(is_active=True).first()
    far = _initiative(outsider, "Sáng kiến đơn vị khác")
    clerk = Desk("qldt.thidua")
    draft = clerk.take(case, "draft")
    for value in (theirs.pk, far.pk, 99999999, "<script>alert(1)</script>", "99999999999999999999999"):
        response = clerk.post_step(case, draft, _row(person, "CSTDCS", "httnv", [value]), action="save")
        assert response.status_code == 200, value
        html = response.content.decode()
        assert "không có trong danh sách sáng kiến được công nhận của người được đề nghị" in html
        assert "<script>alert(1)" not in html
        assert not case.proposals.exists()


def test_an_initiative_on_a_title_that_does_not_rest_on_one_is_refused(nomination, khoa):
    case, (person, _used, free) = nomination, khoa
    clerk = Desk("qldt.thidua")
    draft = clerk.take(case, "draft")
    response = clerk.post_step(case, draft, _row(person, "LDTT", "httnv", [free.pk]), action="save")
    assert response.status_code == 200
    assert f"“{_title('LDTT')}” không xét theo sáng kiến, đề tài; bỏ chọn sáng kiến ở dòng này." in page_text(response)
    assert not case.proposals.exists()


def test_the_live_check_judges_the_initiatives_chosen_on_the_row(nomination, khoa):
    case, (person, used, free) = nomination, khoa
    clerk = Desk("qldt.thidua")
    clerk.take(case, "draft")
    url = f"/cases/ho-so/{case.pk}/dieu-kien/?staff={person.pk}&title={_title('CSTDCS').pk}&rating=httnv&rows="
    assert 'data-code="initiative_used"' in clerk.client.get(f"{url}&initiatives={used.pk}").content.decode()
    assert "tdkt-finding--blocks" not in clerk.client.get(f"{url}&initiatives={free.pk}").content.decode()
    theirs = _initiative(Staff.objects.get(staff_code="QLDT001"), "Sáng kiến của người khác")
    for hostile in (str(theirs.pk), "<b>x</b>", f"{used.pk}x", "9" * 30):
        response = clerk.client.get(f"{url}&initiatives={hostile}")
        assert response.status_code == 200
        assert "initiative_unknown" not in response.content.decode(), "an id not his is left out"


def test_the_check_step_lists_the_named_initiatives_and_an_award_carries_them(nomination, khoa):
    case, (person, _used, free) = nomination, khoa
    _send(case, [(person, "CSTDCS", "httnv")])
    proposal = case.proposals.get()
    proposal.initiatives.add(free)
    office = Desk("vanphong")
    check = office.take(case, "check")
    text = page_text(office.task_page(case, check))
    assert "Sáng kiến, đề tài: Bản đồ số khu công nghiệp (2024)" in text

    awards_record(
        case=case,
        awarded={proposal.pk: True},
        number="120/QĐ-BQL",
        date=D(2024, 12, 20),
        decided_by="Ban Quản lý Khu kinh tế",
        proposals=case.proposals.all(),
    )

    commendation = Commendation.objects.get(proposal=proposal)
    assert list(commendation.initiatives.all()) == [free], "the initiative has now carried CSTĐCS 2024"
