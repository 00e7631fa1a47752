"""The admin (for support staff) shows cases, awards and council sessions without errors."""

import pytest
from django.contrib.auth import get_user_model

from tests.workflows.cases import nomination_at_council


@pytest.mark.django_db
def test_the_admin_pages_of_cases_awards_and_sessions_open(demo, client):
    case = nomination_at_council("QLDT")
    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "MatKhau@123")
    client.force_login(admin)
    for url in [
        "/quan-tri/workflows/case/",
        "/quan-tri/workflows/commendation/",
        "/quan-tri/workflows/councilsession/",
        f"/quan-tri/workflows/campaign/{case.campaign_id}/change/",
        "/quan-tri/",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)


@pytest.mark.django_db
def test_the_admin_records_a_hold_on_a_unit_and_refuses_one_on_both_a_person_and_a_unit(demo, client):
    """NĐ 152/2025 Đ4 k4 holds a collective as a person: the admin records either, never both (no 500)."""
    from people.models import Hold, OrgUnit, Staff

    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "MatKhau@123")
    client.force_login(admin)
    unit, person = OrgUnit.objects.get(code="QLDT"), Staff.objects.get(staff_code="QLDT002")
    for url in ("/quan-tri/people/hold/add/", "/quan-tri/people/discipline/add/", "/quan-tri/people/hold/"):
        assert client.get(url).status_code == 200, url
    form = {"kind": "inspection", "start": "2025-09-01", "end": "", "note": ""}
    both = client.post("/quan-tri/people/hold/add/", {**form, "staff": person.pk, "unit": unit.pk})
    assert both.status_code == 200
    assert "Chọn đúng một trong hai: cán bộ hoặc tập thể (đơn vị)." in both.content.decode()
    assert not Hold.objects.exists()
    done = client.post("/quan-tri/people/hold/add/", {**form, "unit": unit.pk})
    assert done.status_code == 302
    assert Hold.objects.get().unit == unit
    assert str(unit.name) in client.get("/quan-tri/people/hold/").content.decode()


@pytest.mark.django_db
def test_the_staff_admin_shows_and_saves_the_start_date_of_work(demo, client):
    from people.models import Staff

    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "MatKhau@123")
    client.force_login(admin)
    person = Staff.objects.get(staff_code="QLDT004")
    Staff.objects.filter(pk=person.pk).update(employed_from="2012-09-03")
    listing = client.get("/quan-tri/people/staff/").content.decode()
    assert "ngày bắt đầu công tác" in listing.lower()
    page = client.get(f"/quan-tri/people/staff/{person.pk}/change/").content.decode()
    assert 'name="employed_from"' in page
