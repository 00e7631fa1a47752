"""Bảng điều khiển: the figures of the demo year against the rows the flows wrote, counted here by hand; the stages
moving as a dossier goes through the flow and the council; who sees what; the export; the query bound."""

from __future__ import annotations

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from people.models import OrgUnit, Staff
from people.selectors import units_for_emulation
from tests.conftest import load_demo_now
from tests.desk import Desk
from tests.workflows.cases import nomination_at_check, nomination_at_council
from workflows.casework import services
from workflows.dashboard import selectors
from workflows.dashboard.selectors import AWARDED, PASSED, PROPOSED, REGISTERED, Status
from workflows.demo import demo_history_load
from workflows.models import Campaign, Case, Commendation, Proposal, RegistrationEntry

pytestmark = pytest.mark.django_db

PAGE = "/home/bang-dieu-khien/"
DRILL = "/home/bang-dieu-khien/danh-sach/"
XLSX = "/home/bang-dieu-khien.xlsx"


@pytest.fixture
def demo_year(db, settings):
    """The demo as `make run` has it on 20/06/2024, with the 2022–2023 history."""
    settings.CLOCK_NOW = timezone.make_aware(datetime.datetime(2024, 6, 20, 9, 30))
    load_demo_now(cases=True)
    demo_history_load()


def build(*, units=None, whole_board=True):
    campaign = selectors.dashboard_campaign(year=2024)
    units = units or list(units_for_emulation().order_by("order", "name"))
    return selectors.dashboard_build(campaign=campaign, units=units, whole_board=whole_board, full=True)


def figure(rows, code, stage):
    row = next(r for r in rows if r.target.code == code)
    return dict(row.stages)[stage]


def share(count, base):
    return (Decimal(count) * 100 / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_the_demo_year_figures_are_those_of_the_rows(demo_year):
    """On 20/06/2024: every unit registered (registration closed 10/01); nothing proposed yet; 2023 from the
    imported history. Each figure is counted here from the rows, not through the dashboard's code."""
    units = list(units_for_emulation())
    unit_ids = [u.pk for u in units]
    staff = Staff.objects.filter(is_active=True, unit_id__in=unit_ids)
    entries = RegistrationEntry.objects.filter(case__campaign__year=2024, case__kind=Case.Kind.REGISTRATION)
    # CSTĐCS counts toward LĐTT ("trong đó"); TTLĐXS toward TTLĐTT.
    ldtt_registered = entries.filter(title__code__in=["LDTT", "CSTDCS"]).values("staff").distinct().count()
    cstdcs_registered = entries.filter(title__code="CSTDCS").values("staff").distinct().count()
    unit_cases = Case.objects.filter(campaign__year=2024, kind=Case.Kind.REGISTRATION)
    ttldtt_registered = unit_cases.filter(collective_title__code__in=["TTLDTT", "TTLDXS"]).count()
    ttldxs_registered = unit_cases.filter(collective_title__code="TTLDXS").count()
    assert ttldxs_registered == 2 and cstdcs_registered == len(units)  # the demo: QLDT, TNMT; one per unit

    board = build().current.board

    ldtt = figure(board, "LDTT_ALL", REGISTERED)
    assert (ldtt.count, ldtt.base, ldtt.share) == (
        ldtt_registered,
        staff.count(),
        share(ldtt_registered, staff.count()),
    )
    assert ldtt.status == (Status.MET if ldtt_registered == staff.count() else Status.MISSED)
    cstdcs = figure(board, "CSTDCS_15", REGISTERED)
    assert (cstdcs.count, cstdcs.base) == (cstdcs_registered, ldtt_registered)
    assert cstdcs.share == share(cstdcs_registered, ldtt_registered)
    ttldtt = figure(board, "TTLDTT_ALL", REGISTERED)
    assert (ttldtt.count, ttldtt.base, ttldtt.status) == (ttldtt_registered, len(units), Status.MET)
    ttldxs = figure(board, "TTLDXS_10", REGISTERED)
    assert (ttldxs.count, ttldxs.base) == (2, len(units))
    assert ttldxs.share == share(2, len(units)) and ttldxs.status == Status.MET
    # The year-end stages are open on 20/06: below the target is "at risk", not "missed".
    assert figure(board, "LDTT_ALL", PROPOSED).count == 0
    assert figure(board, "LDTT_ALL", PROPOSED).status == Status.AT_RISK
    assert figure(board, "BK_BO_1", AWARDED).status == Status.AT_RISK
    # No LĐTT proposed anywhere yet: the CSTĐCS share has no base, not a division by zero.
    assert figure(board, "CSTDCS_15", PROPOSED).status == Status.NO_BASE
    assert figure(board, "CSTDCS_15", PROPOSED).share is None

    previous = build().previous
    assert previous is not None and previous.campaign is None  # 2023: history only
    awards_2023 = Commendation.objects.filter(year=2023)
    ldtt_2023 = (
        awards_2023.filter(title__code__in=["LDTT", "CSTDCS"], staff__unit_id__in=unit_ids)
        .values("staff")
        .distinct()
        .count()
    )
    cstdcs_2023 = awards_2023.filter(title__code="CSTDCS", staff__unit_id__in=unit_ids).values("staff").distinct()
    then = figure(previous.board, "CSTDCS_15", AWARDED)
    assert (then.count, then.base) == (cstdcs_2023.count(), ldtt_2023)
    assert figure(previous.board, "TTLDXS_10", AWARDED).count == 2  # QLDT and TNMT in 2023
    assert figure(previous.board, "LDTT_ALL", REGISTERED) is None  # not run in the product that year


def test_a_unit_with_no_ldtt_achievers_has_no_base_for_its_cstdcs_share(demo_year):
    """QLDT proposes its people; DNLD has proposed nobody: DNLD's CSTĐCS share at the proposal stage has no base."""
    nomination_at_check("QLDT", titles=("LDTT", "CSTDCS"))
    units = {u.unit.code: u for u in build().current.units}

    dnld = figure(units["DNLD"].targets, "CSTDCS_15", PROPOSED)
    assert (dnld.count, dnld.base, dnld.share, dnld.status) == (0, None, None, Status.NO_BASE)
    qldt = figure(units["QLDT"].targets, "CSTDCS_15", PROPOSED)
    # The dossier's people: the first for LĐTT, the second for CSTĐCS (who counts as LĐTT too).
    assert (qldt.count, qldt.base, qldt.share, qldt.status) == (1, 2, Decimal("50.0"), Status.MET)


def test_the_stage_counts_move_as_a_dossier_goes_through_the_flow_and_the_council(demo_year):
    before = build().current.board
    assert figure(before, "LDTT_ALL", PROPOSED).count == 0

    case = nomination_at_council("QLDT", titles=("LDTT", "CSTDCS", "BK_BO"))
    board = build().current.board
    assert figure(board, "LDTT_ALL", PROPOSED).count == 2  # LĐTT and the CSTĐCS nominee
    assert figure(board, "BK_BO_1", PROPOSED).count == 1
    assert figure(board, "BK_BO_1", PROPOSED).status == Status.MET
    assert figure(board, "LDTT_ALL", PASSED).count == 0

    proposals = {p.title.code: p for p in case.proposals.select_related("title")}
    services.council_result_record(
        case=case,
        results={
            proposals["LDTT"].pk: (True, ""),
            proposals["CSTDCS"].pk: (False, ""),
            proposals["BK_BO"].pk: (True, ""),
        },
    )
    board = build().current.board
    assert figure(board, "LDTT_ALL", PASSED).count == 1
    assert figure(board, "CSTDCS_15", PASSED).count == 0
    assert figure(board, "CSTDCS_15", PASSED).base == 1
    assert figure(board, "BK_BO_1", PASSED).count == 1
    assert figure(board, "BK_BO_1", AWARDED).count == 0

    services.awards_record(
        case=case,
        awarded={proposals["BK_BO"].pk: True},
        number="01/QĐ-BKHĐT",
        date=datetime.date(2024, 12, 20),
        decided_by="Bộ trưởng Bộ Kế hoạch và Đầu tư",
        proposals=Proposal.objects.filter(pk=proposals["BK_BO"].pk),
    )
    board = build().current.board
    assert figure(board, "BK_BO_1", AWARDED).count == 1
    assert figure(board, "BK_BO_1", AWARDED).status == Status.MET


def test_a_stage_past_its_milestone_below_the_target_is_missed(demo_year, settings):
    """Once 30/11 is past, the proposals are closed: 0 % of LĐTT proposed is "missed", not "at risk"."""
    settings.CLOCK_NOW = timezone.make_aware(datetime.datetime(2024, 12, 2, 9, 0))
    board = build().current.board
    assert figure(board, "LDTT_ALL", PROPOSED).status == Status.MISSED
    assert figure(board, "LDTT_ALL", PASSED).status == Status.AT_RISK  # the campaign is not closed yet
    Campaign.objects.filter(year=2024).update(status=Campaign.Status.CLOSED)
    assert figure(build().current.board, "LDTT_ALL", PASSED).status == Status.MISSED


def test_the_board_sees_each_target_the_deadlines_and_who_holds_what(demo_year):
    response = Desk("truongban").client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Số liệu tính đến 20/06/2024 09:30" in html
    assert html.count('role="img"') == 3
    assert 'data-testid="targets-table"' in html and 'data-testid="units-table"' in html
    dashboard = response.context["dashboard"]
    midyear = next(d for d in dashboard.deadlines if d.milestone.kind == "midyear")
    # 20/06: QLDT has not written its report; DNLD's and QHXD's are on their way; the others accepted.
    assert [s.unit.code for s in midyear.not_yet] == ["QLDT"]
    assert 'data-testid="deadline-' + midyear.milestone.code + '-QLDT"' in html
    waiting = {(t.case.unit.code, t.case.kind): t for t in dashboard.tasks}
    assert (
        waiting[("DNLD", Case.Kind.MIDYEAR)].waiting_on == "Mai Xuân Trường"
        or not waiting[("DNLD", Case.Kind.MIDYEAR)].assigned
    )
    assert ("QLDT", Case.Kind.MIDYEAR) in waiting


def test_the_deadline_states_on_time_late_and_not_yet():
    due = datetime.date(2024, 6, 28)
    today = datetime.date(2024, 7, 3)
    unit = OrgUnit(name="P")
    sent = timezone.make_aware(datetime.datetime(2024, 6, 28, 23, 0))  # local evening of the due date
    late = timezone.make_aware(datetime.datetime(2024, 7, 1, 8, 0))
    row = {"pk": 1, "submitted_at": sent, "accepted_at": None}
    assert selectors.submission_of(unit=unit, case=row, due=due, today=today).state == selectors.ON_TIME
    row = {"pk": 1, "submitted_at": late, "accepted_at": None}
    assert selectors.submission_of(unit=unit, case=row, due=due, today=today).days == 3
    missing = selectors.submission_of(unit=unit, case=None, due=due, today=today)
    assert (missing.state, missing.days) == (selectors.NOT_YET, 5)


def test_a_unit_head_sees_only_their_unit(demo_year):
    desk = Desk("qldt.truongphong")
    response = desk.client.get(PAGE)
    assert response.status_code == 200
    units = [u.unit.code for u in response.context["dashboard"].current.units]
    assert units == ["QLDT"]
    html = response.content.decode()
    assert "Phòng Quản lý Đầu tư" in html and "Trung tâm Dịch vụ" not in html
    other = OrgUnit.objects.get(code="TNMT")
    assert desk.client.get(PAGE, {"don-vi": other.pk}).status_code == 404
    target = Campaign.objects.get(year=2024).targets.get(code="LDTT_ALL")
    drill = {"chi-tieu": target.pk, "giai-doan": REGISTERED}
    assert desk.client.get(DRILL, {**drill, "don-vi": other.pk}).status_code == 404
    own = desk.client.get(DRILL, drill)
    assert own.status_code == 200
    people = {p.unit.code for p in own.context["drill"].page.object_list}
    assert people == {"QLDT"}


@pytest.mark.parametrize("username", ["qldt.thidua", "bqlda.thidua"])
def test_others_get_404(demo_year, username):
    desk = Desk(username)
    assert desk.client.get(PAGE).status_code == 404
    assert desk.client.get(XLSX).status_code == 404
    assert desk.client.get(DRILL, {"chi-tieu": 1, "giai-doan": REGISTERED}).status_code == 404


def test_bad_parameters_are_404_not_500(demo_year):
    desk = Desk("vanphong")
    assert desk.client.get(PAGE, {"don-vi": "<script>"}).status_code == 404
    assert desk.client.get(PAGE, {"nam": "1999"}).status_code == 404
    assert desk.client.get(DRILL, {"chi-tieu": "x", "giai-doan": "nope"}).status_code == 404
    assert desk.client.get(PAGE, {"chi-tieu": "abc"}).status_code == 200


def test_another_agency_sees_only_its_own(demo_year):
    response = Desk("khcn.vanphong").client.get(PAGE)
    html = response.content.decode()
    if response.status_code == 404:  # the second agency has no campaign of its own this year
        return
    assert "Phòng Quản lý Đầu tư" not in html
    codes = {u.unit.code for u in response.context["dashboard"].current.units}
    assert "QLDT" not in codes


def test_the_drill_down_lists_the_people_behind_a_figure(demo_year):
    target = Campaign.objects.get(year=2024).targets.get(code="TTLDXS_10")
    response = Desk("vanphong").client.get(DRILL, {"chi-tieu": target.pk, "giai-doan": REGISTERED})
    assert response.status_code == 200
    assert sorted(u.code for u in response.context["drill"].page.object_list) == ["QLDT", "TNMT"]
    history = Desk("vanphong").client.get(DRILL, {"chi-tieu": target.pk, "giai-doan": AWARDED, "ky": 2023})
    assert sorted(u.code for u in history.context["drill"].page.object_list) == ["QLDT", "TNMT"]


def test_the_export_opens_in_excel_with_vietnamese_headers(demo_year):
    response = Desk("truongban").client.get(XLSX)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Phạm vi", "Chỉ tiêu", "Giai đoạn", "Số đạt"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    board = build().current.board
    ldtt = figure(board, "LDTT_ALL", REGISTERED)
    label = next(r.target.label for r in board if r.target.code == "LDTT_ALL")
    line = next(r for r in rows if r[0] == "Toàn cơ quan" and r[1] == label and r[2] == "Đã đăng ký")
    assert (line[3], line[4]) == (ldtt.count, ldtt.base)


def _add_units(count: int, per_unit: int, start: int):
    board = OrgUnit.objects.get(code="BQL")
    units = OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=f"X{start + i}", name=f"Phòng thử {start + i}", kind=OrgUnit.Kind.DIVISION, parent=board)
            for i in range(count)
        ]
    )
    Staff.objects.bulk_create(
        [
            Staff(staff_code=f"X{u.code}-{j}", full_name=f"Người {j}", unit=u, category=Staff.Category.values[0])
            for u in units
            for j in range(per_unit)
        ]
    )
    return units


def test_the_page_costs_the_same_number_of_queries_however_many_units_and_staff(demo_year):
    desk = Desk("truongban")
    desk.client.get(PAGE)  # warm the session and the caches
    with CaptureQueriesContext(connection) as small:
        assert desk.client.get(PAGE).status_code == 200
    _add_units(12, 15, 0)
    campaign = Campaign.objects.get(year=2024)
    nomination_at_check("QLDT", titles=("LDTT", "CSTDCS"))
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.NOMINATION)
    with CaptureQueriesContext(connection) as large:
        response = desk.client.get(PAGE)
    assert response.status_code == 200
    assert len(response.context["dashboard"].current.units) == len(units_for_emulation())
    assert len(large) <= len(small), [q["sql"][:120] for q in large.captured_queries]


def test_the_query_bound(demo_year, django_assert_max_num_queries):
    desk = Desk("truongban")
    _add_units(8, 10, 100)
    with django_assert_max_num_queries(40):
        assert desk.client.get(PAGE).status_code == 200


def test_a_hostile_unit_name_is_shown_as_text_in_the_charts_tables_and_export(demo_year):
    OrgUnit.objects.filter(code="QLDT").update(name='<script>alert("x")</script>=HYPERLINK("http://evil")')
    desk = Desk("truongban")
    html = desk.client.get(PAGE).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html  # in the units table and the chart's labels and tips
    start = html.index('data-testid="chart-units"')
    svg = html[start : html.index("</svg></div>", start)]
    assert "&lt;script&gt;" in svg
    sheet = load_workbook(io.BytesIO(desk.client.get(XLSX).content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '<script>alert("x")</script>=HYPERLINK("http://evil")' in names  # stored as text, never a formula
