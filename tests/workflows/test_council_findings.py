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
from workflows.council.models import CouncilSession
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
