"""The Sở's people read their own agency's words — its Văn phòng, "toàn Sở", its Giám đốc — on their pages and
in their mail, where the Board's read "Văn phòng Ban", "toàn Ban", "Trưởng ban"; a single-agency installation
reads exactly today's texts."""

import datetime
import io
import re
from email.utils import getaddresses, parseaddr

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from notifications.models import Message, Preference
from notifications.services import _sender
from people.demo import DEMO_PASSWORD, SECOND_AGENCY
from people.models import Agency, OrgUnit, Role, Staff
from people.tenancy import agency_scope
from people.wording import BOARD_WORDS, agency_words, role_label
from tests.conftest import board_agency
from tests.desk import page_text
from tests.notifications.conftest import at
from tests.workflows.cases import user
from workflows import reminders
from workflows.casework import services
from workflows.flows import NominationFlow
from workflows.models import Campaign, Case, CaseDocument, Milestone, step_title

pytestmark = pytest.mark.django_db

BOARD_ONLY = re.compile(r"Văn phòng Ban|toàn Ban|Lãnh đạo Ban|Trưởng ban|Ban Quản lý|của Ban\b")


@pytest.fixture(autouse=True)
def _demo_day(settings):
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)


def second_agency() -> Agency:
    return Agency.objects.get(code=SECOND_AGENCY["code"])


def login(username: str, language: str = "vi") -> Client:
    client = Client()
    assert client.post("/tai-khoan/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302
    if language != "vi":
        client.post("/i18n/setlang/", {"language": language, "next": "/home/"})
    return client


def test_the_sos_words_come_from_its_office_unit_and_its_signer_and_the_boards_stay_todays(demo):
    words = agency_words(second_agency().pk)
    assert (words.office, words.noun, words.head, words.deputy) == (
        "Văn phòng Sở",
        "Sở",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
    )
    assert words.own and words.name == "Sở Khoa học và Công nghệ"
    board = agency_words(board_agency().pk)
    assert (board.office, board.noun, board.head, board.own) == ("Văn phòng Ban", "Ban", "Trưởng ban", False)
    # A field left empty falls back to today's word: a Sở with no signer's title is decided by a "Trưởng ban".
    Agency.objects.filter(code=SECOND_AGENCY["code"]).update(issuer_title="")
    assert agency_words(second_agency().pk).head == "Trưởng ban"
    # An office unit not named "Văn phòng <agency>" leaves the Board's wording for the office.
    OrgUnit._base_manager.filter(agency=second_agency(), kind=OrgUnit.Kind.OFFICE).update(name="Phòng Hành chính")
    assert agency_words(second_agency().pk).office == "Văn phòng Ban"
    assert role_label(Role.BOARD_HEAD, agency_words(second_agency().pk)) == "Trưởng ban"


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("khcn.vanphong", ["Văn phòng Sở: theo dõi toàn Sở", "Chuyên viên TĐKT Văn phòng"]),
        ("khcn.giamdoc", ["Lãnh đạo Sở: chỉ tiêu thi đua", "Giám đốc Sở"]),
        ("khcn.qlkh.thidua", ["Những việc đơn vị phải gửi Văn phòng Sở"]),
    ],
)
def test_a_so_users_home_page_names_the_so_not_the_board(demo, username, expected):
    page = page_text(login(username).get("/home/"))
    for phrase in expected:
        assert phrase in page, phrase
    assert not BOARD_ONLY.search(page), BOARD_ONLY.search(page).group(0)


def test_the_sos_campaign_records_and_org_chart_name_its_own_office(demo):
    client = login("khcn.qlkh.truongphong")
    page = page_text(client.get("/campaign/2024/"))
    assert "Các phòng, đơn vị trực thuộc → Văn phòng Sở" in page and "Văn phòng Sở → cấp trên" in page
    assert "gửi báo cáo sơ kết 6 tháng về Văn phòng Sở" in page
    assert not BOARD_ONLY.search(page), BOARD_ONLY.search(page).group(0)
    with agency_scope(second_agency()):
        clerk = Staff.objects.get(user__username="khcn.qlkh.thidua")
    page = page_text(client.get(f"/cases/can-bo/{clerk.pk}/"))
    assert "Chỉ Văn phòng Sở ghi hồ sơ cá nhân" in page
    page = page_text(client.get("/cases/xep-loai/"))
    assert "Chỉ Văn phòng Sở ghi xếp loại chất lượng" in page
    page = page_text(client.get("/people/"))
    assert "Văn phòng Sở" in page and not BOARD_ONLY.search(page), BOARD_ONLY.search(page)
    refused = client.post(f"/cases/can-bo/{clerk.pk}/", {"action": "hold"})
    assert refused.status_code == 403
    assert "Chỉ Văn phòng Sở (chuyên viên thi đua – khen thưởng, Chánh Văn phòng)" in refused.content.decode()


def test_the_sos_cases_and_its_deciders_step_bear_its_own_names_in_both_languages(demo):
    second = second_agency()
    with agency_scope(second):
        services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
        consolidated = Case.objects.get(kind=Case.Kind.REGISTRATION_BOARD)
    assert consolidated.get_kind_display() == "Tổng hợp đăng ký thi đua của Sở"
    page = page_text(login("khcn.vanphong").get("/cases/ho-so/"))
    assert "Tổng hợp đăng ký thi đua của Sở" in page and "của Ban" not in page
    decide = next(node for node in NominationFlow.instance.nodes() if node.name == "decide")
    assert step_title(decide, second.pk) == "Giám đốc Sở quyết định khen thưởng"
    assert step_title(decide, board_agency().pk) == "Trưởng ban quyết định khen thưởng"
    decision = CaseDocument(kind=CaseDocument.Kind.BOARD_DECISION, agency=second)
    assert decision.get_kind_display() == "Quyết định của Giám đốc Sở"
    english = page_text(login("khcn.vanphong", "en").get("/home/"))
    assert "Văn phòng Sở: overview of the whole Sở" in english and "Board Office" not in english
    assert "Board Office: Board-wide overview" in page_text(login("vanphong", "en").get("/home/"))


def test_a_so_reminder_mail_names_the_so_and_comes_from_its_office(
    demo, settings, eager_celery, django_capture_on_commit_callbacks
):
    second = second_agency()
    for username in ("khcn.qlkh.truongphong", "qldt.truongphong"):
        Preference.objects.update_or_create(user=user(username), defaults={"reminders": "immediate"})
    settings.CLOCK_NOW = at("03/06/2024", 7, 30)
    for agency in (second, board_agency()):
        with agency_scope(agency):
            services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)
    settings.CLOCK_NOW = at("21/06/2024")
    with agency_scope(None), django_capture_on_commit_callbacks(execute=True):  # the beat's sweep: every agency
        reminders.reminders_sweep(now=at("21/06/2024"))
    theirs = Message._base_manager.get(kind="milestone", user__username="khcn.qlkh.truongphong")
    for text in (theirs.subject, theirs.body_text, theirs.body_html):
        assert not BOARD_ONLY.search(text), BOARD_ONLY.search(text).group(0)
    assert "Nơi nhận: Văn phòng Sở" in theirs.body_text
    assert "Văn phòng Sở" in theirs.body_html and "Phòng Quản lý Khoa học" in theirs.body_text
    sent = next(m for m in mail.outbox if m.to == [theirs.to_email])
    assert sent.from_email.startswith("Văn phòng Sở <")
    # The office's name is data an administrator types: in the sender it stays one display name, one address.
    OrgUnit._base_manager.filter(agency=second, kind=OrgUnit.Kind.OFFICE).update(
        name='Văn phòng Sở <ke.xau@example.com>, "x"'
    )
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    assert _sender(theirs) == f"Văn phòng Sở ke.xau example.com x <{address}>"
    assert getaddresses([_sender(theirs)]) == [("Văn phòng Sở ke.xau example.com x", address)]
    # The Board's mail reads as it always has.
    ours = Message._base_manager.get(kind="milestone", user__username="qldt.truongphong")
    assert "Nơi nhận: Văn phòng Ban" in ours.body_text and "Văn phòng Ban." in ours.body_html
    sent = next(m for m in mail.outbox if m.to == [ours.to_email])
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL


def test_a_single_agency_installation_reads_exactly_todays_words(db, settings):
    call_command("load_demo", "--no-cases", "--single-agency", stdout=io.StringIO())
    # Even an agency whose signer is not a Trưởng ban keeps today's wording while it is the only one.
    Agency.objects.update(issuer_title="Giám đốc")
    assert agency_words(Agency.objects.get().pk) == BOARD_WORDS
    page = page_text(login("vanphong").get("/home/"))
    assert "Văn phòng Ban: theo dõi toàn Ban" in page
    page = page_text(login("truongban").get("/home/"))
    assert "Lãnh đạo Ban: chỉ tiêu thi đua" in page and "Trưởng ban" in page
    login_page = page_text(Client().get("/tai-khoan/login/"))
    assert "Hệ thống Thi đua – Khen thưởng, Ban Quản lý Khu kinh tế" in login_page
    assert Milestone.objects.filter(owner=Milestone.Owner.UNITS).first().get_owner_display() == (
        "Các phòng, đơn vị trực thuộc → Văn phòng Ban"
    )


def test_the_login_page_names_no_agency_when_there_are_several(demo):
    page = page_text(Client().get("/tai-khoan/login/"))
    assert "Hệ thống Thi đua – Khen thưởng" in page and "Ban Quản lý" not in page
