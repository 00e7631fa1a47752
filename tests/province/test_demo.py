"""The demo's province: the Ban TĐKT tỉnh above the Board and the Sở, its people, its council and its programme;
`--single-agency` loads none of it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from people.demo import DEMO_PASSWORD, PROVINCE_ACCOUNTS, SECOND_AGENCY
from people.models import Agency, CouncilMembership, Role, RoleAssignment
from people.tenancy import agency_scope
from tests.conftest import board_agency
from tests.desk import Desk, pdf
from tests.workflows.cases import nomination_at_council
from workflows.casework import services
from workflows.models import Campaign

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_province_above_both_agencies(demo):
    province = Agency.objects.get(code="tinh")
    assert (province.kind, province.issuer_title, province.short_name) == (
        Agency.Kind.PROVINCE,
        "Chủ tịch UBND tỉnh",
        "Ban TĐKT tỉnh",
    )
    second = Agency.objects.get(code=SECOND_AGENCY["code"])
    assert board_agency().parent_id == province.pk and second.parent_id == province.pk
    with agency_scope(province):
        council = CouncilMembership.objects.filter(year=2024).select_related("staff__user")
        assert council.count() == 5
        assert all(member.staff.user_id for member in council), "every member can vote in the demo"
        chair = council.get(position=CouncilMembership.Position.CHAIR).staff
        assert chair.user.username == "tinh.chutich"
        assert RoleAssignment.objects.filter(staff=chair, role=Role.BOARD_HEAD).exists()
        officers = RoleAssignment.objects.filter(role=Role.OFFICE_OFFICER).values_list(
            "staff__user__username", flat=True
        )
        assert set(officers) == {"tinh.chuyenvien", "tinh.chuyenvien2"}
        programme = Campaign.objects.get(year=2024)
        assert "322/CTr-UBND" in programme.name
    for agency in (board_agency(), second):
        with agency_scope(agency):
            assert Campaign.objects.get(year=2024).province_campaign_id == programme.pk
    users = get_user_model().objects.filter(username__in=[u for u, _label in PROVINCE_ACCOUNTS])
    assert users.count() == len(PROVINCE_ACCOUNTS)


def test_a_single_agency_demo_has_no_province(db):
    output = io.StringIO()
    call_command("load_demo", "--no-cases", "--single-agency", stdout=output)
    assert not Agency.objects.filter(kind=Agency.Kind.PROVINCE).exists()
    assert board_agency().parent_id is None
    with agency_scope(board_agency()):
        assert Campaign.objects.get(year=2024).province_campaign_id is None
    assert "tinh.chutich" not in output.getvalue()


def test_strict_scope_the_provinces_pages_and_a_sent_case_read_nothing_unscoped(demo, settings):
    """With the scope strict, sending to the province and every page of the province's people would raise on any
    query of agency-owned rows made outside a scope."""
    case = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    settings.AGENCY_SCOPE_STRICT = True
    office = Desk("vanphong")
    task = office.take(case, "send_upward")
    data = {"v-recipient": "Ban TĐKT tỉnh", "v-number": "95/TTr-BQL", "v-date": "12/12/2024"}
    assert office.post_step(case, task, data, files={"v-file": pdf("to-trinh.pdf")}).status_code == 302
    for username, _label in PROVINCE_ACCOUNTS:
        client = Client()
        assert client.post("/tai-khoan/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302
        for url in ("/home/", "/cases/", "/cases/hang-cho/", "/cases/ho-so/", "/council/", "/campaign/2024/"):
            assert client.get(url).status_code == 200, (username, url)
        for listed in client.get("/cases/ho-so/").context["cases"]:
            assert client.get(f"/cases/ho-so/{listed.pk}/").status_code == 200, (username, listed.pk)


def test_the_demo_year_sends_the_boards_registration_to_the_province_which_received_it(db):
    from tests.conftest import load_demo_now
    from workflows.models import Case

    load_demo_now(cases=True)
    board_report = Case.objects.get(kind=Case.Kind.REGISTRATION_BOARD)
    assert board_report.status == "DONE"
    with agency_scope(Agency.objects.get(code="tinh")):
        received = Case.objects.get(kind=Case.Kind.PROVINCE_REGISTRATION)
        assert (received.origin_id, received.status) == (board_report.pk, "DONE")
        assert "LĐTT" in received.report_text  # the Board's registration figures, copied
    client = Client()
    client.post("/tai-khoan/login/", {"username": "tinh.chuyenvien", "password": DEMO_PASSWORD})
    assert client.get(f"/cases/ho-so/{received.pk}/").status_code == 200
    client.post("/tai-khoan/login/", {"username": "khcn.vanphong", "password": DEMO_PASSWORD})
    assert client.get(f"/cases/ho-so/{received.pk}/").status_code == 404
