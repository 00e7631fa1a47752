"""Ai đủ điều kiện: every person of a unit with the titles they may be proposed for this year, the reasons and
citations where they may not, and the chains over years they are building — on the demo's 2022–2023 history."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import OrgUnit, Staff
from tests.desk import Desk, page_text
from tests.workflows.cases import nomination_at_council
from workflows.demo import demo_history_load

pytestmark = pytest.mark.django_db

PAGE = "/cases/du-dieu-kien/"


@pytest.fixture
def history(demo):
    demo_history_load()


def section(response, testid: str) -> str:
    """The visible text of one element of the page, found by its data-testid."""
    html = response.content.decode()
    start = html.index(f'data-testid="{testid}"')
    end = html.find('<section class="tdkt-person"', start + 1)
    fragment = html[start : end if end != -1 else len(html)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def verdict(text: str, title: str) -> str:
    """The row of one title in a person's table: from its name to the next title's name."""
    names = ("LĐTT", "CSTĐCS", "Giấy khen", "CSTĐ tỉnh", "Bằng khen Bộ", "Bằng khen tỉnh")
    following = "|".join(re.escape(name) for name in names)
    pattern = rf"{re.escape(title)} (?:Đủ|Chưa đủ) điều kiện.*?(?=\s(?:{following}) (?:Đủ|Chưa đủ) điều kiện|$)"
    match = re.search(pattern, text)
    assert match, f"{title} not on the page"
    return match.group(0)


def qldt() -> OrgUnit:
    return OrgUnit.objects.get(code="QLDT")


def test_the_clerk_sees_qldt001_building_the_chains_and_eligible_for_a_bang_khen(history):
    response = Desk("qldt.thidua").client.get(PAGE)

    assert response.status_code == 200
    person = section(response, "person-QLDT001")
    assert "Lê Đức Anh" in person
    assert "Đã đạt: 2022: CSTĐCS, LĐTT; 2023: CSTĐCS, LĐTT" in person
    # Two CSTĐCS in a row: this year's makes the two a Bằng khen needs and the three CSTĐ tỉnh needs, but CSTĐ
    # tỉnh also needs a provincial initiative he does not have.
    assert "2 năm liên tục CSTĐCS: năm nay đạt thì đủ điều kiện Bằng khen tỉnh." in person
    assert "2 năm liên tục CSTĐCS: năm nay đạt thì đủ số năm cho CSTĐ tỉnh (còn điều kiện khác, xem bảng)." in person
    assert "Đủ điều kiện nếu năm nay cũng đạt CSTĐCS" in verdict(person, "Bằng khen tỉnh")
    cstd = verdict(person, "CSTĐ tỉnh")
    assert "Chưa đủ điều kiện" in cstd
    assert "cần 1 sáng kiến hoặc đề tài cấp tỉnh/bộ trở lên" in cstd
    assert "căn cứ Luật TĐKT 2022 Đ22" in cstd
    assert "Đủ điều kiện" in verdict(person, "CSTĐCS")


def test_a_gap_year_breaks_qldt002s_chain(history):
    person = section(Desk("qldt.thidua").client.get(PAGE), "person-QLDT002")

    assert "Đã đạt: 2022: CSTĐCS, LĐTT; 2023: LĐTT" in person
    assert "năm liên tục CSTĐCS" not in person, "2022's CSTĐCS does not carry over the gap of 2023"
    bang_khen = verdict(person, "Bằng khen tỉnh")
    assert "Chưa đủ điều kiện" in bang_khen
    assert "cần 2 năm liên tục đạt CSTĐCS đến năm 2024; các năm đã tính: —; còn thiếu: 2023, 2024" in bang_khen
    assert "căn cứ Luật TĐKT 2022 Đ74 k1 điểm d" in bang_khen
    assert "các năm đã tính: 2022; còn thiếu: 2023, 2024" in verdict(person, "CSTĐ tỉnh")


def test_people_are_listed_by_name_and_the_unit_has_its_own_titles(history):
    response = Desk("qldt.truongphong").client.get(PAGE)
    html = response.content.decode()

    codes = re.findall(r'data-testid="person-(\w+)"', html)
    names = dict(Staff.objects.filter(staff_code__in=codes).values_list("staff_code", "full_name"))
    assert len(codes) == Staff.objects.filter(unit__code="QLDT", is_active=True).count() > 1
    assert [names[c] for c in codes] == sorted(names[c] for c in codes)
    unit = section(response, "collective")
    assert "Đã đạt: 2022: TTLĐXS; 2023: TTLĐXS" in unit
    assert "2 năm liên tục TTLĐXS: năm nay đạt thì đủ điều kiện Bằng khen tỉnh." in unit


def test_a_clerk_of_another_unit_and_a_deputy_get_the_refusal(history):
    other = Desk("qhxd.thidua").client
    assert other.get(PAGE, {"don-vi": qldt().pk}).status_code == 404
    own = other.get(PAGE)
    assert own.status_code == 200 and "Phòng Quản lý Đầu tư" not in page_text(own)
    assert Desk("qldt.phophong").client.get(PAGE).status_code == 404


def test_the_office_chooses_any_unit(history):
    office = Desk("vanphong").client
    first = office.get(PAGE)
    html = first.content.decode()
    select = html[
        html.index('data-testid="unit-select"') : html.index("</select>", html.index('data-testid="unit-select"'))
    ]
    units = re.findall(r'<option value="(\d+)"', select)
    active = set(OrgUnit.objects.filter(is_active=True).values_list("pk", flat=True))
    assert active <= {int(pk) for pk in units}
    page = office.get(PAGE, {"don-vi": qldt().pk, "nam": 2024})
    assert "Lê Đức Anh" in page_text(page)
    assert Desk("truongban").client.get(PAGE, {"don-vi": qldt().pk}).status_code == 200


def test_the_page_reads_a_fixed_number_of_queries_however_many_people(history):
    office = Desk("vanphong").client
    office.get(PAGE, {"don-vi": qldt().pk})
    with CaptureQueriesContext(connection) as before:
        office.get(PAGE, {"don-vi": qldt().pk})
    for index in range(10):
        Staff.objects.create(
            staff_code=f"QLDT9{index:02}",
            full_name=f"Người Mới {index}",
            unit=qldt(),
            category=Staff.Category.CIVIL_SERVANT,
        )
    with CaptureQueriesContext(connection) as after:
        response = office.get(PAGE, {"don-vi": qldt().pk})

    assert "Người Mới 9" in page_text(response)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_page_is_bounded(history, django_assert_max_num_queries):
    office = Desk("vanphong").client
    with django_assert_max_num_queries(30):
        assert office.get(PAGE, {"don-vi": qldt().pk}).status_code == 200


def test_the_page_is_in_the_menu_and_linked_from_the_nomination(history):
    clerk = Desk("qldt.thidua")
    assert 'href="/cases/du-dieu-kien/"' in clerk.client.get("/cases/").content.decode()
    assert 'href="/cases/du-dieu-kien/"' not in Desk("qldt.phophong").client.get("/cases/").content.decode()
    case = nomination_at_council("QLDT")
    html = clerk.client.get(f"/cases/ho-so/{case.pk}/").content.decode()
    assert f'href="/cases/du-dieu-kien/?don-vi={case.unit_id}&amp;nam=2024"' in html


def test_the_page_in_english(history):
    clerk = Desk("qldt.thidua").client
    clerk.post("/i18n/setlang/", {"language": "en", "next": PAGE})
    person = section(clerk.get(PAGE), "person-QLDT001")

    assert "2 consecutive years of CSTĐCS: if achieved again this year, eligible for Bằng khen tỉnh." in person
    assert "Eligible" in person and "Đủ điều kiện" not in person
    assert "Luật TĐKT 2022 Đ22" in person


def test_bad_or_hostile_parameters_fall_back_or_are_refused(history):
    clerk = Desk("qldt.thidua").client
    page = clerk.get(PAGE, {"don-vi": "<script>alert(1)</script>", "nam": "1e9"})
    assert page.status_code == 200
    assert "Phòng Quản lý Đầu tư — năm 2024" in page_text(page)
    assert "<script>alert(1)" not in page.content.decode()
    assert clerk.get(PAGE, {"don-vi": "999999"}).status_code == 404
