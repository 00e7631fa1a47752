"""The council sees, beside each vote, the nominee's findings under the rules of the achievement year (with their
citations) and their titles of past years — on the session's agenda and on each member's ballot."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people import clock
from tests.desk import Desk
from tests.workflows.cases import nomination_at_council
from workflows.casework.eligibility import case_findings
from workflows.council.findings import agenda_reviews
from workflows.council.models import CouncilSession
from workflows.council.selectors import session_items
from workflows.demo import demo_history_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(demo):
    """QLDT's dossier before the council: LĐTT for Lê Đức Anh (QLDT001), a Bằng khen tỉnh for Ngô Thị Hà
    (QLDT002), whose 2023 gap breaks the two CSTĐCS in a row it needs."""
    demo_history_load()
    case = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    day = clock.today() + datetime.timedelta(days=1)
    response = Desk("vanphong").client.post(
        "/council/mo-phien-hop/",
        {"day": day.strftime("%d/%m/%Y"), "time": "08:30", "place": "Phòng họp số 1", "cases": [case.pk]},
    )
    assert response.status_code == 302
    return CouncilSession.objects.get()


def rows(response, testid: str) -> dict[str, str]:
    """Each row's visible text, keyed by the nominee's name at its start."""
    html = response.content.decode()
    found = {}
    for fragment in re.findall(rf'<tr data-testid="{testid}">(.*?)</tr>', html, re.S):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()
        found[text.split(" — ")[0].split(" Phòng")[0].strip()] = text
    return found


def test_the_ballot_shows_a_nominees_blocking_finding_and_history(session):
    ballot = rows(Desk("ttdv.giamdoc").client.get(f"/council/{session.pk}/phieu/"), "ballot-row")

    ha = ballot["Ngô Thị Hà"]
    assert "Bằng khen" in ha and "Chưa đủ điều kiện" in ha
    assert "Chưa đủ điều kiện: Bằng khen tỉnh năm 2024 cần 2 năm liên tục đạt CSTĐCS đến năm 2024" in ha
    assert "căn cứ Luật TĐKT 2022 Đ74 k1 điểm d" in ha
    assert "Đã đạt: 2022: CSTĐCS, LĐTT; 2023: LĐTT" in ha
    anh = ballot["Lê Đức Anh"]
    assert "Đủ điều kiện" in anh and "Chưa đủ điều kiện:" not in anh
    assert "Đã đạt: 2022: CSTĐCS, LĐTT; 2023: CSTĐCS, LĐTT" in anh


def test_the_agenda_shows_the_same_findings_to_the_office(session):
    agenda = rows(Desk("vanphong").client.get(f"/council/{session.pk}/"), "agenda-row")

    assert "Chưa đủ điều kiện: Bằng khen tỉnh năm 2024 cần 2 năm liên tục đạt CSTĐCS" in agenda["Ngô Thị Hà"]
    assert "Đã đạt: 2022: CSTĐCS, LĐTT; 2023: LĐTT" in agenda["Ngô Thị Hà"]
    assert "Đủ điều kiện" in agenda["Lê Đức Anh"]


def test_a_submitted_ballot_still_shows_the_findings(session):
    member = Desk("ttdv.giamdoc")
    form = member.client.get(f"/council/{session.pk}/phieu/").context["form"]
    data = {"action": "submit"} | {f"vote_{item.pk}": "yes" for item in form.items}
    assert member.client.post(f"/council/{session.pk}/phieu/", data).status_code == 302

    text = member.client.get(f"/council/{session.pk}/phieu/").content.decode()
    assert 'data-testid="my-votes"' in text
    assert "Bằng khen tỉnh năm 2024 cần 2 năm liên tục đạt CSTĐCS" in text


def test_the_findings_are_read_once_for_the_whole_agenda(session, django_assert_max_num_queries):
    office = Desk("vanphong").client
    with CaptureQueriesContext(connection) as page:
        office.get(f"/council/{session.pk}/")
    # The facts are one batch (eight reads) and the rules two: the agenda costs the same for 2 nominees or 200.
    facts_reads = [q for q in page.captured_queries if "people_annualrating" in q["sql"]]
    assert len(facts_reads) == 1
    with django_assert_max_num_queries(45):
        office.get(f"/council/{session.pk}/")


@pytest.mark.parametrize("titles", [("LDTT", "BK_TINH"), ("LDTT", "LDTT", "TTLDTT")])
def test_the_council_finds_for_each_nominee_what_the_offices_check_finds(demo, titles):
    """One path from a dossier to the rules: for every nominee on the agenda (people, and the unit itself, whose
    members' proposed titles count), the council sees exactly the findings the Văn phòng's check shows."""
    demo_history_load()
    case = nomination_at_council("QLDT", titles=titles)
    day = clock.today() + datetime.timedelta(days=1)
    Desk("vanphong").client.post(
        "/council/mo-phien-hop/",
        {"day": day.strftime("%d/%m/%Y"), "time": "08:30", "place": "Phòng họp số 1", "cases": [case.pk]},
    )
    session = CouncilSession.objects.get()
    items = list(session_items(session=session))

    reviews = agenda_reviews(year=session.campaign.year, items=items)
    check = {nominee.proposal.pk: nominee.findings for nominee in case_findings(case=case)}

    assert len(items) == len(titles) and all(reviews[item.pk].known for item in items)
    assert {item.proposal_id: reviews[item.pk].findings for item in items} == check
    assert any(findings for findings in check.values()), "the dossier has something to find"


def test_the_council_judges_the_initiatives_the_dossier_names_luat_2022_d5_k2c(session):
    """Luật TĐKT 2022 Đ5 k2c; CV 5007/BNV-TĐKT: an initiative that carried Ngô Thị Hà's CSTĐCS 2022 is named for
    her Bằng khen (a form of award): the council sees that it cannot be used again, as the Văn phòng's check did."""
    from people.models import Staff
    from workflows.initiatives import initiative_carry, initiative_record
    from workflows.models import Commendation, Proposal

    ha = Staff.objects.get(staff_code="QLDT002")
    initiative = initiative_record(
        staff=ha,
        name="Cải tiến quy trình cấp phép",
        level="co_so",
        year=2022,
        decision_number="3/QĐ-BQL",
        decision_date=datetime.date(2022, 10, 1),
    )
    initiative_carry(
        initiative=initiative, commendation=Commendation.objects.get(staff=ha, year=2022, title__code="CSTDCS")
    )
    Proposal.objects.get(staff=ha, title__code="BK_TINH").initiatives.add(initiative)

    agenda = rows(Desk("vanphong").client.get(f"/council/{session.pk}/"), "agenda-row")

    assert (
        f"Sáng kiến {initiative.pk} đã dùng để xét CSTĐCS năm 2022; không dùng lại cho Bằng khen tỉnh."
        in agenda["Ngô Thị Hà"]
    )


def test_the_council_counts_members_proposed_for_cstdcs_towards_the_units_ttldtt_luat_2022_d28_k1c(demo):
    """Luật TĐKT 2022 Đ28 k1 điểm c (70 % LĐTT), judged beside the vote as at the Văn phòng's check: 3 members
    proposed for LĐTT and 1 for CSTĐCS (LĐTT's standard the same year, Đ23 k1) make 4 of 5."""
    from types import SimpleNamespace

    from people.models import OrgUnit, Staff
    from workflows.casework import services
    from workflows.council.findings import agenda_reviews
    from workflows.models import AwardTitle, Campaign, Case, Proposal

    unit = OrgUnit.objects.get(code="QLDT")
    case = services.case_open(kind=Case.Kind.NOMINATION, campaign=Campaign.objects.get(year=2024), unit=unit)
    people = list(Staff.objects.filter(unit=unit, is_active=True).order_by("staff_code"))
    title = {code: AwardTitle.objects.get(code=code) for code in ("LDTT", "CSTDCS", "TTLDTT")}
    for order, person in enumerate(people[:3]):
        Proposal.objects.create(case=case, staff=person, title=title["LDTT"], rating="httnv", order=order)
    cstdcs = Proposal.objects.create(case=case, staff=people[3], title=title["CSTDCS"], rating="htxsnv", order=3)
    own = Proposal.objects.create(case=case, title=title["TTLDTT"], order=4)
    item = SimpleNamespace(pk=1, proposal=Proposal.objects.select_related("case", "title", "staff").get(pk=own.pk))

    found = {finding.code for finding in agenda_reviews(year=2024, items=[item])[1].findings}
    assert "members_title_short" not in found
    cstdcs.delete()
    found = {finding.code for finding in agenda_reviews(year=2024, items=[item])[1].findings}
    assert "members_title_short" in found, "3 of 5 is short of 70 %"
