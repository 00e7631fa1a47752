"""The scope itself (people.tenancy): one place decides which agency's rows a query sees and which agency a new
row belongs to; with AGENCY_SCOPE_STRICT on, no page of either agency queries agency-owned rows unscoped."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from people.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, SECOND_ACCOUNTS, SECOND_AGENCY
from people.models import Agency, OrgUnit, RoleAssignment, Staff
from people.services import role_assign
from people.tenancy import AgencyScopeMissing, AgencyUnknown, agency_scope, agency_unscoped
from tests.conftest import board_agency
from workflows.models import Campaign, Case

pytestmark = pytest.mark.django_db


def test_a_query_sees_the_agency_in_scope_and_every_agency_only_when_unscoped(demo):
    second = Agency.objects.get(code=SECOND_AGENCY["code"])
    with agency_scope(second):
        assert set(OrgUnit.objects.values_list("code", flat=True)) == {"SKHCN", "VP", "QLKH", "QLCN", "KHTC"}
        assert Campaign.objects.get().year == 2024
    with agency_scope(board_agency()):
        assert "QLDT" in set(OrgUnit.objects.values_list("code", flat=True))
        assert Campaign.objects.get().agency_id == board_agency().pk
    with agency_unscoped():
        assert Campaign.objects.filter(year=2024).count() == 3  # the Board's, the Sở's and the province's
        assert OrgUnit.objects.filter(code="VP").count() == 2


def test_strict_scope_refuses_a_query_with_no_agency(demo, settings):
    settings.AGENCY_SCOPE_STRICT = True
    with agency_scope(None), pytest.raises(AgencyScopeMissing):
        list(Case.objects.all())
    with agency_scope(None), agency_unscoped():
        list(Case.objects.all())
    with agency_scope(board_agency()):
        list(Case.objects.all())


def test_a_new_row_takes_its_agency_from_its_parent_row(demo):
    second = Agency.objects.get(code=SECOND_AGENCY["code"])
    with agency_unscoped():
        staff = Staff.objects.get(staff_code="SKH007")
        unit = OrgUnit.objects.get(code="QLKH")
        # No scope names the Sở here: the staff member's agency does.
        assignment = role_assign(staff=staff, role="unit_deputy", unit=unit)
        assert RoleAssignment.objects.get(pk=assignment.pk).agency_id == second.pk


def test_with_several_agencies_a_row_without_parent_or_scope_is_refused(demo):
    with agency_scope(None), pytest.raises(AgencyUnknown):
        OrgUnit.objects.create(code="X", name="Không rõ cơ quan", kind=OrgUnit.Kind.DIVISION)


def _menu_links(html: str) -> set[str]:
    links = set(re.findall(r'href="(/[^"#?]*)"', html))
    return {
        url
        for url in links
        if not url.startswith(("/static/", "/tai-khoan/", "/i18n/", "/jsi18n/", "/quan-tri/", "/lich/"))
        and not url.endswith((".xlsx", ".csv", ".pdf", ".ics"))
    }


def test_strict_scope_every_page_of_every_demo_role_of_both_agencies_is_scoped(db, settings):
    """Log in as each demo role of both agencies and open every page the menu and the home page link to, and
    the cases the case list links to: with the scope strict, an unscoped query would raise."""
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    call_command("load_demo", stdout=io.StringIO())
    settings.AGENCY_SCOPE_STRICT = True
    opened = 0
    for username, _label in DEMO_ACCOUNTS + SECOND_ACCOUNTS:
        client = Client()
        response = client.post("/tai-khoan/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        seen: set[str] = set()
        todo = ["/home/"]
        while todo:
            url = todo.pop()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            opened += 1
            assert response.status_code in (200, 302, 404), (username, url, response.status_code)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            for link in _menu_links(html):
                # Menu pages everywhere; individual cases and sessions only from their lists (a few each).
                if re.fullmatch(r"/[a-z-]+/([a-z-]+/)?", link) or re.fullmatch(r"/(cases/ho-so|council)/\d+/", link):
                    todo.append(link)
            if len(seen) > 60:
                break
    assert opened > 50


def test_an_account_without_a_staff_record_sees_no_agencys_rows_when_there_are_several(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("khach", password="MatKhau@123"))
    response = client.get("/people/can-bo/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Trần Quốc Bảo" not in page and "Huỳnh Văn Tài" not in page
