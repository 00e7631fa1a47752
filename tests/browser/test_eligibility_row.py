"""The clerk's live check: choosing a title for a person on a new nomination row shows that row's findings at
once (fetched by static/tdkt/tdkt.js), before anything is saved."""

import datetime

import pytest

from people.models import Staff
from workflows.casework import services
from workflows.demo import demo_history_load
from workflows.models import AwardTitle, Campaign, Case, Proposal

from .test_inbox import _log_in, _open_task

pytestmark = pytest.mark.browser


def test_choosing_a_title_on_a_new_row_shows_the_finding_without_saving(page, demo_live, settings):
    from playwright.sync_api import expect

    settings.CLOCK_TODAY = datetime.date(2024, 11, 20)
    demo_history_load()
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.NOMINATION)
    case = Case.objects.get(kind=Case.Kind.NOMINATION, campaign__year=2024, unit__code="QLDT")
    draft = _open_task(case, "draft")
    assert draft.owner.username == "qldt.thidua", "the unit's clerk holds the draft"
    gap = Staff.objects.get(staff_code="QLDT002")  # CSTĐCS in 2022, only LĐTT in 2023

    _log_in(page, "qldt.thidua")
    page.goto(f"/cases/ho-so/{case.pk}/buoc/{draft.pk}/")
    findings = page.locator('[data-findings-for="p-0"]')
    expect(findings).to_be_empty()
    page.locator('select[name="p-0-staff"]').select_option(str(gap.pk))
    page.locator('select[name="p-0-title"]').select_option(str(AwardTitle.objects.get(code="CSTD_TINH").pk))
    expect(findings.locator(".tdkt-finding--blocks").first).to_contain_text(
        "CSTĐ tỉnh năm 2024 cần 3 năm liên tục đạt CSTĐCS"
    )
    expect(findings).to_contain_text("Luật TĐKT 2022 Đ22")
    assert not case.proposals.exists(), "nothing was saved"


def test_the_units_row_counts_the_rows_on_the_page_saved_or_not(page, demo_live, settings):
    """Luật TĐKT 2022 Đ28 k1 điểm c (TTLĐTT: at least 70 % of the members LĐTT), counted on the page as the clerk
    sees it: a member just proposed for CSTĐCS on an unsaved row counts as LĐTT (Đ23 k1), and a saved row ticked
    for removal no longer counts."""
    from playwright.sync_api import expect

    settings.CLOCK_TODAY = datetime.date(2024, 11, 20)
    demo_history_load()
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.NOMINATION)
    case = Case.objects.get(kind=Case.Kind.NOMINATION, campaign__year=2024, unit__code="QLDT")
    draft = _open_task(case, "draft")
    people = list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("staff_code"))
    assert len(people) == 5
    ldtt = AwardTitle.objects.get(code="LDTT")
    for order, person in enumerate(people[:3]):
        Proposal.objects.create(case=case, staff=person, title=ldtt, rating="httnv", order=order)

    _log_in(page, "qldt.thidua")
    page.goto(f"/cases/ho-so/{case.pk}/buoc/{draft.pk}/")
    unit_row = page.locator('[data-findings-for="p-3"]')
    page.locator('select[name="p-3-title"]').select_option(str(AwardTitle.objects.get(code="TTLDTT").pk))
    expect(unit_row).to_contain_text("TTLĐTT cần ít nhất 70% thành viên đạt LĐTT; có 3/5.")
    expect(unit_row).to_contain_text("Luật TĐKT 2022 Đ28 k1 điểm c")

    page.locator('select[name="p-4-staff"]').select_option(str(people[3].pk))
    page.locator('select[name="p-4-title"]').select_option(str(AwardTitle.objects.get(code="CSTDCS").pk))
    expect(unit_row.locator('[data-code="members_title_short"]')).to_have_count(0)

    page.locator('input[name="p-0-DELETE"]').check()
    expect(unit_row).to_contain_text("có 3/5")
    assert case.proposals.count() == 3, "nothing was saved or removed"


def test_a_rows_initiatives_are_the_persons_and_the_check_judges_the_one_chosen(page, demo_live, settings):
    """Luật TĐKT 2022 Đ5 k2c; CV 5007/BNV-TĐKT: choosing a person shows only their initiatives; naming one that
    already carried a Giấy khen shows at once that it cannot carry CSTĐCS."""
    from playwright.sync_api import expect

    from workflows.initiatives import initiative_carry, initiative_record
    from workflows.models import Commendation

    settings.CLOCK_TODAY = datetime.date(2024, 11, 20)
    demo_history_load()
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.NOMINATION)
    case = Case.objects.get(kind=Case.Kind.NOMINATION, campaign__year=2024, unit__code="QLDT")
    draft = _open_task(case, "draft")
    khoa, anh = Staff.objects.get(staff_code="QLDT004"), Staff.objects.get(staff_code="QLDT001")

    def recognised(person, name):
        return initiative_record(
            staff=person,
            name=name,
            level="co_so",
            year=2024,
            decision_number="7",
            decision_date=datetime.date(2024, 10, 1),
        )

    used, others = recognised(khoa, "Một cửa điện tử"), recognised(anh, "Sáng kiến của anh Anh")
    award = Commendation.objects.create(
        staff=khoa,
        title=AwardTitle.objects.get(code="GK_TRUONG_BAN"),
        year=2024,
        decision_number="90/QĐ-BQL",
        decision_date=datetime.date(2024, 9, 1),
        decided_by="Ban Quản lý Khu kinh tế",
    )
    initiative_carry(initiative=used, commendation=award)

    _log_in(page, "qldt.thidua")
    page.goto(f"/cases/ho-so/{case.pk}/buoc/{draft.pk}/")
    choices = page.locator('select[name="p-0-initiatives"]')
    expect(choices.locator(f'option[value="{used.pk}"]')).to_be_hidden()
    page.locator('select[name="p-0-staff"]').select_option(str(khoa.pk))
    page.locator('select[name="p-0-rating"]').select_option("httnv")
    page.locator('select[name="p-0-title"]').select_option(str(AwardTitle.objects.get(code="CSTDCS").pk))
    assert choices.locator(f'option[value="{others.pk}"]').evaluate("option => option.hidden")
    assert not choices.locator(f'option[value="{used.pk}"]').evaluate("option => option.hidden")
    findings = page.locator('[data-findings-for="p-0"]')
    expect(findings).to_contain_text("CSTĐCS")
    choices.select_option([str(used.pk)])
    expect(findings.locator('[data-code="initiative_used"]')).to_have_count(1)
    expect(findings).to_contain_text("Luật TĐKT 2022 Đ5 k2 điểm c")
