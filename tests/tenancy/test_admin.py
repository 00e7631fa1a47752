"""The admin across agencies: an agency's own administrator sees only its rows; whoever administers the whole
installation (a superuser without a staff record) sees every agency's, each row naming its agency, and says
which agency a new top-level unit belongs to."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from people.demo import SECOND_AGENCY
from people.models import Agency, OrgUnit
from people.tenancy import agency_unscoped

pytestmark = pytest.mark.django_db


def test_an_agencys_administrator_sees_only_its_own_units_staff_and_agency(demo, client):
    user = get_user_model().objects.get(username="khcn.chanhvanphong")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_orgunit", "view_staff", "view_agency", "change_agency", "change_orgunit"]
        )
    )
    client.force_login(user)
    page = client.get("/quan-tri/people/orgunit/").content.decode()
    assert "Phòng Quản lý Khoa học" in page and "Phòng Quản lý Đầu tư" not in page
    page = client.get("/quan-tri/people/staff/").content.decode()
    assert "Huỳnh Văn Tài" in page and "Trần Quốc Bảo" not in page
    board_unit = OrgUnit.objects.get(code="QLDT")
    assert client.get(f"/quan-tri/people/orgunit/{board_unit.pk}/change/").status_code == 302  # "does not exist"
    page = client.get("/quan-tri/people/agency/").content.decode()
    assert "Sở Khoa học và Công nghệ" in page and "Ban Quản lý Khu kinh tế tỉnh" not in page
    # Its own name and signer it may edit; where it sits (code, kind, the province above) it may not.
    own = Agency.objects.get(code=SECOND_AGENCY["code"])
    form = client.get(f"/quan-tri/people/agency/{own.pk}/change/").content.decode()
    assert 'name="issuer_title"' in form and 'name="parent"' not in form and 'name="code"' not in form
    assert client.get("/quan-tri/people/agency/add/").status_code == 403


def test_the_installations_administrator_sees_every_agency_and_places_a_new_top_unit(demo, client):
    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "MatKhau@123")
    client.force_login(admin)
    page = client.get("/quan-tri/people/orgunit/").content.decode()
    assert "Phòng Quản lý Khoa học" in page and "Phòng Quản lý Đầu tư" in page
    assert "Sở KH&amp;CN" in page  # each row names its agency
    second = Agency.objects.get(code=SECOND_AGENCY["code"])
    form = client.get("/quan-tri/people/orgunit/add/").content.decode()
    assert 'name="agency_choice"' in form
    response = client.post(
        "/quan-tri/people/orgunit/add/",
        {"code": "TTDL", "name": "Trung tâm Dữ liệu", "kind": "subordinate", "order": 9, "is_active": "on",
         "agency_choice": second.pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    with agency_unscoped():
        assert OrgUnit.objects.get(code="TTDL").agency == second
