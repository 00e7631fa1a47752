"""The Văn phòng keeps the facts the eligibility rules read on two pages: a unit's yearly quality ratings (one sheet,
saved at once) and each person's holds, disciplines, leave and initiatives. A unit's head and clerk read their
unit's ratings, its head its people's records; nobody else sees either (404), and who may read but not write is
told who may (403). On the demo organisation."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from people.models import AnnualRating, Discipline, Hold, Leave, OrgUnit, Staff
from people.records import RatingEntry, hold_record, rating_sheet_save
from tests.conftest import load_demo_now
from tests.desk import Desk, page_text
from workflows.initiatives import initiative_carry, initiative_record
from workflows.models import AwardTitle, Commendation, Initiative

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2024, 11, 20, 10, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def demo(settings):
    settings.CLOCK_NOW = MOMENT
    load_demo_now()


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _staff(code: str) -> Staff:
    return Staff.objects.get(staff_code=code)


def _sheet_url(unit: OrgUnit, year: int = 2024) -> str:
    return f"/cases/xep-loai/?don-vi={unit.pk}&nam={year}"


def _sheet_data(unit: OrgUnit, year: int = 2024, *, ratings=None, groups=None, unit_rating="httnv") -> dict:
    """Every line of the sheet: the recorded rating unless `ratings` (staff code → rating) says otherwise."""
    ratings, groups = ratings or {}, groups or {}
    data = {"don-vi": unit.pk, "nam": year, "rating_unit": unit_rating}
    for person in Staff.objects.filter(unit=unit, is_active=True):
        recorded = AnnualRating.objects.filter(staff=person, year=year).first()
        data[f"rating_s{person.pk}"] = ratings.get(person.staff_code, recorded.rating if recorded else "")
        data[f"group_s{person.pk}"] = groups.get(person.staff_code, recorded.duty_group if recorded else "")
    return data


def _rating(code: str, year: int = 2024) -> AnnualRating | None:
    return AnnualRating.objects.filter(staff__staff_code=code, year=year).first()


# --- the rating sheet ------------------------------------------------------------------------------------------


def test_the_office_records_a_units_ratings_in_one_save_with_who_and_when(demo):
    qldt = _unit("QLDT")
    office = Desk("vanphong")
    page = office.client.get(_sheet_url(qldt))
    assert page.status_code == 200
    form = page.context["form"]
    # Prefilled from what is recorded: the demo rates QLDT001 HTXSNV and QLDT002 HTTNV in 2024.
    assert form[f"rating_s{_staff('QLDT001').pk}"].value() == "htxsnv"
    assert form[f"rating_s{_staff('QLDT002').pk}"].value() == "httnv"
    assert form["rating_unit"].value() == "htxsnv"

    data = _sheet_data(
        qldt,
        ratings={"QLDT002": "htnv", "QLDT005": ""},
        groups={"QLDT004": "Chuyên viên"},
        unit_rating="httnv",
    )
    response = office.client.post("/cases/xep-loai/", data, follow=True)
    assert response.redirect_chain[-1][0] == _sheet_url(qldt)
    text = page_text(response)
    assert "Đã lưu xếp loại năm 2024 của Phòng Quản lý Đầu tư: 0 mới, 3 sửa, 1 bỏ xếp loại." in text

    changed = _rating("QLDT002")
    assert changed.rating == "htnv"
    assert changed.recorded_by.username == "vanphong" and changed.recorded_at == MOMENT
    assert _rating("QLDT004").duty_group == "Chuyên viên"
    assert _rating("QLDT005") is None, "an emptied line clears the rating"
    assert AnnualRating.objects.get(unit=qldt, year=2024).rating == "httnv"
    untouched = _rating("QLDT001")
    assert untouched.recorded_by is None, "a line that did not change keeps its recorder"

    again = office.client.post("/cases/xep-loai/", _sheet_data(qldt, unit_rating="httnv"), follow=True)
    assert "Không có gì thay đổi." in page_text(again)
    assert _rating("QLDT002").recorded_at == MOMENT


def test_the_sheet_shows_the_htxsnv_quota_after_saving(demo):
    qldt = _unit("QLDT")
    office = Desk("vanphong")
    everyone_good = dict.fromkeys(("QLDT001", "QLDT002", "QLDT003", "QLDT004", "QLDT005"), "httnv")
    response = office.client.post("/cases/xep-loai/", _sheet_data(qldt, ratings=everyone_good), follow=True)
    assert "Trong giới hạn cho phép ở mọi nhóm chức trách đã xếp loại." in page_text(response)

    too_many = {**everyone_good, "QLDT001": "htxsnv", "QLDT003": "htxsnv"}
    response = office.client.post("/cases/xep-loai/", _sheet_data(qldt, ratings=too_many), follow=True)
    text = page_text(response)
    assert "Số người xếp loại Hoàn thành xuất sắc nhiệm vụ vượt tỷ lệ cho phép: xem bên dưới." in text
    assert "QLDT: 2 người xếp loại HTXSNV, quá 20% của 3 người xếp loại HTTNV (tối đa 0 người)." in text


def test_a_bad_rating_names_the_person_and_saves_nothing(demo):
    qldt = _unit("QLDT")
    office = Desk("vanphong")
    data = _sheet_data(qldt, ratings={"QLDT002": "htnv", "QLDT004": "xuat_sac"}, groups={"QLDT005": "x" * 65})
    response = office.client.post("/cases/xep-loai/", data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Đặng Văn Khoa: mức xếp loại đã chọn không có trong danh sách." in text
    assert "Hà Minh Châu: nhóm chức trách dài quá 64 ký tự." in text
    assert _rating("QLDT002").rating == "httnv", "nothing of the sheet is saved"


def test_the_sheet_refuses_a_stranger_to_the_unit_and_leaves_everything_as_it_was(demo):
    qldt = _unit("QLDT")
    before = list(AnnualRating.objects.order_by("pk").values_list("pk", "rating"))
    with pytest.raises(Exception, match="không thuộc đơn vị"):
        rating_sheet_save(
            unit=qldt,
            year=2024,
            staff_entries={_staff("QLDT002").pk: RatingEntry("htnv"), _staff("TNMT001").pk: RatingEntry("htnv")},
            unit_rating="httnv",
        )
    assert list(AnnualRating.objects.order_by("pk").values_list("pk", "rating")) == before


def test_the_year_defaults_to_the_campaigns_and_past_years_can_be_rated(demo):
    office = Desk("vanphong")
    page = office.client.get(f"/cases/xep-loai/?don-vi={_unit('QLDT').pk}")
    assert page.context["year"] == 2024
    assert {2020, 2021, 2022, 2023, 2024} <= set(page.context["years"])
    past = office.client.get(_sheet_url(_unit("QLDT"), 2021))
    assert past.context["year"] == 2021


def test_unit_people_read_their_units_ratings_and_are_refused_writing(demo):
    qldt, tnmt = _unit("QLDT"), _unit("TNMT")
    for username in ("qldt.thidua", "qldt.truongphong"):
        desk = Desk(username)
        page = desk.client.get(_sheet_url(qldt))
        assert page.status_code == 200
        assert 'data-testid="read-only"' in page.content.decode()
        assert '<select name="rating_' not in page.content.decode()
        refused = desk.client.post("/cases/xep-loai/", _sheet_data(qldt, ratings={"QLDT002": "htnv"}))
        assert refused.status_code == 403
        assert "Chỉ Văn phòng Ban" in page_text(refused)
        # Another unit does not exist for them, to read or to write.
        assert desk.client.get(_sheet_url(tnmt)).status_code == 404
        assert desk.client.post("/cases/xep-loai/", _sheet_data(tnmt)).status_code == 404
    assert _rating("QLDT002").rating == "httnv"


def test_the_boards_leaders_read_every_unit_and_may_not_write(demo):
    leader = Desk("truongban")
    assert leader.client.get(_sheet_url(_unit("TNMT"))).status_code == 200
    assert leader.client.post("/cases/xep-loai/", _sheet_data(_unit("TNMT"))).status_code == 403


def test_someone_without_a_role_finds_no_rating_page(demo, client):
    get_user_model().objects.create_user("khach", password="Khach@2024xyz")
    assert client.post("/tai-khoan/login/", {"username": "khach", "password": "Khach@2024xyz"}).status_code == 302
    assert client.get("/cases/xep-loai/").status_code == 404
    assert client.post("/cases/xep-loai/", _sheet_data(_unit("QLDT"))).status_code == 404
    assert "/cases/xep-loai/" not in client.get("/cases/").content.decode()


def test_the_menu_links_the_sheet_for_who_may_read_it(demo):
    assert "/cases/xep-loai/" in Desk("qldt.thidua").client.get("/cases/").content.decode()


def test_the_rating_sheet_reads_a_bounded_number_of_queries(demo, django_assert_max_num_queries):
    office = Desk("vanphong")
    url = _sheet_url(_unit("QLDT"))
    office.client.get(url)
    with django_assert_max_num_queries(30):
        assert office.client.get(url).status_code == 200


# --- the personal records --------------------------------------------------------------------------------------


def _person_url(staff: Staff) -> str:
    return f"/cases/can-bo/{staff.pk}/"


def test_the_office_adds_and_ends_a_hold_and_records_discipline_leave_and_an_initiative(demo):
    khoa = _staff("QLDT004")
    office = Desk("vanphong")
    url = _person_url(khoa)
    assert office.client.get(url).status_code == 200

    response = office.client.post(
        url,
        {
            "action": "hold",
            "hold-kind": "inspection",
            "hold-start": "01/03/2024",
            "hold-end": "",
            "hold-note": "Đoàn 5",
        },
        follow=True,
    )
    assert "Đã ghi thời gian xem xét, thanh tra, khiếu nại." in page_text(response)
    hold = Hold.objects.get(staff=khoa)
    assert (hold.kind, hold.start, hold.end, hold.note) == ("inspection", datetime.date(2024, 3, 1), None, "Đoàn 5")
    assert "chưa kết thúc" in page_text(response)

    response = office.client.post(
        url, {"action": "hold_end", "record": hold.pk, f"end-{hold.pk}-end": "15/05/2024"}, follow=True
    )
    assert "Đã ghi kết thúc “Đang thanh tra, kiểm tra” ngày 15/05/2024." in page_text(response)
    hold.refresh_from_db()
    assert hold.end == datetime.date(2024, 5, 15)

    office.client.post(
        url,
        {
            "action": "discipline",
            "discipline-level": "khien_trach",
            "discipline-start": "01/01/2024",
            "discipline-end": "31/12/2024",
            "discipline-decision_number": "12/QĐ-BQL",
        },
    )
    office.client.post(
        url, {"action": "leave", "leave-kind": "maternity", "leave-start": "01/02/2024", "leave-end": "31/07/2024"}
    )
    office.client.post(
        url,
        {
            "action": "initiative",
            "initiative-name": "Số hóa hồ sơ dự án",
            "initiative-kind": "initiative",
            "initiative-level": "co_so",
            "initiative-year": "2024",
            "initiative-decision_number": "45/QĐ-BQL",
            "initiative-decision_date": "10/10/2024",
        },
    )
    assert Discipline.objects.get(staff=khoa).decision_number == "12/QĐ-BQL"
    assert Leave.objects.get(staff=khoa).end == datetime.date(2024, 7, 31)
    initiative = Initiative.objects.get(staff=khoa)
    assert (initiative.year, initiative.decision_date) == (2024, datetime.date(2024, 10, 10))
    text = page_text(office.client.get(url))
    for shown in (
        "Khiển trách",
        "12/QĐ-BQL",
        "Nghỉ thai sản",
        "31/07/2024",
        "Số hóa hồ sơ dự án",
        "45/QĐ-BQL, 10/10/2024",
    ):
        assert shown in text


def test_bad_dates_are_named_by_field_and_nothing_is_saved(demo):
    khoa = _staff("QLDT004")
    office = Desk("vanphong")
    url = _person_url(khoa)
    response = office.client.post(
        url, {"action": "hold", "hold-kind": "complaint", "hold-start": "10/05/2024", "hold-end": "01/05/2024"}
    )
    assert response.status_code == 200
    assert "“Kết thúc ngày” (01/05/2024) phải bằng hoặc sau “Từ ngày” (10/05/2024)." in page_text(response)

    response = office.client.post(
        url, {"action": "leave", "leave-kind": "sick", "leave-start": "31/02/2024", "leave-end": ""}
    )
    text = page_text(response)
    assert "“Từ ngày” phải là một ngày theo dạng dd/mm/yyyy, ví dụ 28/06/2024." in text
    assert "Chưa nhập “Đến hết ngày”." in text

    response = office.client.post(
        url,
        {
            "action": "discipline",
            "discipline-level": "canh_cao",
            "discipline-start": "2024-13-01",
            "discipline-end": "01/01/2024",
        },
    )
    assert "“Thi hành từ ngày” phải là một ngày theo dạng dd/mm/yyyy" in page_text(response)

    response = office.client.post(
        url,
        {
            "action": "initiative",
            "initiative-name": "  ",
            "initiative-kind": "initiative",
            "initiative-level": "tinh_bo",
            "initiative-year": "2024",
            "initiative-decision_number": "1/QĐ",
            "initiative-decision_date": "01/12/2024",  # after the clock's day, 20/11/2024
        },
    )
    text = page_text(response)
    assert "Chưa nhập “Tên sáng kiến / đề tài”." in text
    assert "“Ngày quyết định công nhận” (01/12/2024) chưa đến: ngày quyết định không thể ở tương lai." in text

    hold = hold_record(staff=khoa, kind="inspection", start=datetime.date(2024, 6, 1))
    response = office.client.post(url, {"action": "hold_end", "record": hold.pk, f"end-{hold.pk}-end": "31/05/2024"})
    assert "“Kết thúc ngày” (31/05/2024) phải bằng hoặc sau ngày bắt đầu (01/06/2024)." in page_text(response)
    hold.refresh_from_db()
    assert hold.end is None
    assert not Leave.objects.filter(staff=khoa).exists()
    assert not Discipline.objects.filter(staff=khoa).exists()
    assert not Initiative.objects.filter(staff=khoa).exists()
    assert Hold.objects.filter(staff=khoa).count() == 1


def test_a_record_entered_by_mistake_is_deleted_but_an_initiative_a_title_rests_on_stays(demo):
    khoa = _staff("QLDT004")
    office = Desk("vanphong")
    hold = hold_record(staff=khoa, kind="complaint", start=datetime.date(2024, 4, 1))
    office.client.post(_person_url(khoa), {"action": "delete", "kind": "hold", "record": hold.pk})
    assert not Hold.objects.filter(pk=hold.pk).exists()

    used = initiative_record(
        staff=khoa,
        name="Một cửa điện tử",
        level="co_so",
        year=2023,
        decision_number="9/QĐ",
        decision_date=datetime.date(2023, 9, 1),
    )
    award = Commendation.objects.create(
        staff=khoa,
        title=AwardTitle.objects.get(code="CSTDCS"),
        year=2023,
        decision_number="20/QĐ-BQL",
        decision_date=datetime.date(2024, 1, 16),
        decided_by="Trưởng ban",
    )
    initiative_carry(initiative=used, commendation=award)
    response = office.client.post(
        _person_url(khoa), {"action": "delete", "kind": "initiative", "record": used.pk}, follow=True
    )
    assert "Sáng kiến “Một cửa điện tử” đã được dùng để khen thưởng nên không xóa được." in page_text(response)
    assert Initiative.objects.filter(pk=used.pk).exists()
    # Another person's record is not reached through this person's page.
    other = hold_record(staff=_staff("TNMT001"), kind="complaint", start=datetime.date(2024, 4, 1))
    assert (
        office.client.post(_person_url(khoa), {"action": "delete", "kind": "hold", "record": other.pk}).status_code
        == 404
    )
    assert Hold.objects.filter(pk=other.pk).exists()


def test_who_sees_a_persons_records(demo):
    khoa, quan = _staff("QLDT004"), _staff("TNMT001")
    add = {"action": "leave", "leave-kind": "sick", "leave-start": "01/02/2024", "leave-end": "10/02/2024"}
    head = Desk("qldt.truongphong")
    page = head.client.get(_person_url(khoa))
    assert page.status_code == 200 and 'data-testid="read-only"' in page.content.decode()
    refused = head.client.post(_person_url(khoa), add)
    assert refused.status_code == 403 and "Chỉ Văn phòng Ban" in page_text(refused)
    assert head.client.get(_person_url(quan)).status_code == 404
    # The clerk sees the unit's ratings, not its people's holds and disciplines.
    clerk = Desk("qldt.thidua")
    assert clerk.client.get(_person_url(khoa)).status_code == 404
    assert clerk.client.post(_person_url(khoa), add).status_code == 404
    leader = Desk("photruongban")
    assert leader.client.get(_person_url(quan)).status_code == 200
    assert leader.client.post(_person_url(quan), add).status_code == 403
    assert (
        Desk("vanphong").client.get(f"/cases/can-bo/{Staff.objects.order_by('-pk').first().pk + 1}/").status_code == 404
    )
    assert not Leave.objects.exists()


def test_the_records_are_reached_from_the_directory_the_eligibility_page_and_the_sheet(demo):
    khoa = _staff("QLDT004")
    office = Desk("vanphong")
    link = f'href="{_person_url(khoa)}"'
    assert link in office.client.get("/people/can-bo/?unit=QLDT").content.decode()
    assert link in office.client.get(f"/cases/du-dieu-kien/?don-vi={khoa.unit_id}&nam=2024").content.decode()
    assert link in office.client.get(_sheet_url(khoa.unit)).content.decode()
    clerk = Desk("qldt.thidua")
    assert link not in clerk.client.get("/people/can-bo/?unit=QLDT").content.decode()
    assert link not in clerk.client.get(_sheet_url(khoa.unit)).content.decode()


def test_a_name_and_a_note_holding_a_script_are_shown_as_text(demo):
    khoa = _staff("QLDT004")
    Staff.objects.filter(pk=khoa.pk).update(full_name="<script>alert('x')</script> Khoa")
    office = Desk("vanphong")
    office.client.post(
        _person_url(khoa),
        {
            "action": "hold",
            "hold-kind": "inspection",
            "hold-start": "01/03/2024",
            "hold-note": "<img src=x onerror=alert(1)>",
        },
    )
    for url in (_sheet_url(khoa.unit), _person_url(khoa)):
        html = office.client.get(url).content.decode()
        assert "<script>alert('x')</script>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Khoa" in html
    assert "<img src=x" not in office.client.get(_person_url(khoa)).content.decode()
    # A bad line names the person as text too, and a "%" in a name stays a "%".
    Staff.objects.filter(pk=khoa.pk).update(full_name="<b>50%s</b>")
    response = office.client.post("/cases/xep-loai/", _sheet_data(khoa.unit, ratings={"QLDT004": "bogus"}))
    assert "&lt;b&gt;50%s&lt;/b&gt;: mức xếp loại đã chọn không có trong danh sách." in response.content.decode()


def test_a_persons_records_page_reads_a_bounded_number_of_queries(demo, django_assert_max_num_queries):
    khoa = _staff("QLDT004")
    for start in range(1, 11):
        hold_record(
            staff=khoa, kind="inspection", start=datetime.date(2023, start, 1), end=datetime.date(2023, start, 20)
        )
    office = Desk("vanphong")
    office.client.get(_person_url(khoa))
    with django_assert_max_num_queries(20):
        assert office.client.get(_person_url(khoa)).status_code == 200


def test_a_too_long_note_or_a_year_out_of_range_is_named(demo):
    khoa = _staff("QLDT004")
    office = Desk("vanphong")
    response = office.client.post(
        _person_url(khoa),
        {"action": "hold", "hold-kind": "complaint", "hold-start": "01/03/2024", "hold-note": "x" * 256},
    )
    assert "“Ghi chú” dài quá 255 ký tự." in page_text(response)
    response = office.client.post(
        _person_url(khoa),
        {
            "action": "initiative",
            "initiative-name": "Sổ tay điện tử",
            "initiative-kind": "science",
            "initiative-level": "co_so",
            "initiative-year": "1999",
            "initiative-decision_number": "2/QĐ",
            "initiative-decision_date": "01/02/2024",
        },
    )
    assert "“Năm công nhận” phải từ 2000 đến 2024." in page_text(response)
    assert not Hold.objects.filter(staff=khoa).exists() and not Initiative.objects.filter(staff=khoa).exists()
