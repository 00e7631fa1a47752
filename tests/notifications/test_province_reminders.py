"""The province's reminders: an agency that owes the province its registration (10/01) is reminded before the due
date, in its own scope, on the province programme's days; after it, the province's officers are told which agencies
are late. The Board sent on time (before the first reminder) and hears nothing of it; a second sweep adds nothing."""

import datetime

import pytest

from notifications.models import Message, Preference
from people.models import Role, RoleAssignment, Staff
from people.tenancy import agency_scope, agency_unscoped
from tests.workflows.cases import do, user
from workflows import reminders
from workflows.casework import services
from workflows.demo import UNIT_PEOPLE, _registration
from workflows.models import Campaign, Case, Milestone
from workflows.province_reports import province_report_send

from .conftest import at

pytestmark = pytest.mark.django_db

SO_OFFICE = {"khcn.vanphong", "khcn.chanhvanphong"}
PROVINCE_OFFICERS = {"tinh.chuyenvien", "tinh.chuyenvien2", "tinh.truongban"}


def _sweep(settings, moment, capture):
    """The beat's sweep, over every agency (as the worker runs it, with no agency in scope)."""
    settings.CLOCK_NOW = moment
    with agency_scope(None), capture(execute=True):
        return reminders.reminders_sweep(now=moment)


def _province_sent(milestone: Milestone) -> set[tuple[datetime.date, str, str]]:
    with agency_unscoped():
        return {
            (m.created.date(), m.user.username, m.kind)
            for m in Message.objects.filter(key__startswith=f"pms:{milestone.pk}:").select_related("user")
        }


@pytest.fixture
def on_time(demo, settings, eager_celery, django_capture_on_commit_callbacks):
    """Everyone takes reminders at once; the Board's Văn phòng sends its registration to the province on 28/12/2023,
    before the first reminder; the Sở sends nothing."""
    with agency_unscoped():
        for staff in Staff.objects.filter(user__isnull=False).select_related("user"):
            Preference.objects.update_or_create(user=staff.user, defaults={"reminders": "immediate"})
    settings.CLOCK_NOW = at("28/12/2023", 9, 0)
    campaign = Campaign.objects.get(year=2024)
    campaign.step_allowed_days = dict.fromkeys(("draft", "sign", "review", "report"), 400)
    campaign.save()
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.REGISTRATION, actor=user("vanphong"))
    for code, (clerk, head) in UNIT_PEOPLE.items():
        case = Case.objects.get(campaign=campaign, kind=Case.Kind.REGISTRATION, unit__code=code)
        do(case, "draft", clerk, apply=_registration)
        do(case, "sign", head, decision="approve")
        do(case, "review", "vanphong", decision="approve")
    board = Case.objects.get(campaign=campaign, kind=Case.Kind.REGISTRATION_BOARD)
    with django_capture_on_commit_callbacks(execute=True):
        do(board, "report", "vanphong", apply=lambda case, task: province_report_send(case=case, user=user("vanphong")))
    with agency_unscoped():
        return Milestone._base_manager.get(code="AG_REG", owner=Milestone.Owner.AGENCIES)


def test_the_late_agency_is_reminded_before_and_the_province_told_after(
    on_time, settings, django_capture_on_commit_callbacks
):
    milestone = on_time
    day = datetime.date(2024, 1, 1)
    while day <= datetime.date(2024, 1, 31):
        _sweep(settings, at(day.strftime("%d/%m/%Y")), django_capture_on_commit_callbacks)
        day += datetime.timedelta(days=1)
    due = datetime.date(2024, 1, 10)
    # The 14-days slot (27/12) was before the first sweep; still useful on 01/01, it goes then.
    before = {datetime.date(2024, 1, 1)} | {due - datetime.timedelta(days=d) for d in (7, 3, 1, 0)}
    after = {due + datetime.timedelta(days=3 * i) for i in (1, 2, 3)}
    expected = {(d, name, "milestone") for d in before for name in SO_OFFICE}
    expected |= {(d, name, "escalation") for d in after for name in PROVINCE_OFFICERS}
    assert _province_sent(milestone) == expected, "the Board, which sent on time, hears nothing of it"

    with agency_unscoped():
        reminder = Message.objects.get(
            key__startswith=f"pms:{milestone.pk}:", key__contains=":truoc-7:", user__username="khcn.vanphong"
        )
        assert reminder.agency.code == "so-khcn", "the Sở's own outbox"
        assert "Sở Khoa học và Công nghệ" in reminder.body_text and "10/01/2024" in reminder.subject
        assert "Chưa gửi cấp tỉnh: Đăng ký thi đua gửi cấp tỉnh." in reminder.body_text
        escalation = Message.objects.filter(
            key__startswith=f"pms:{milestone.pk}:late:", user__username="tinh.chuyenvien"
        ).first()
        assert escalation.agency.code == "tinh"
        assert "Sở Khoa học và Công nghệ" in escalation.body_text
        assert "Ban Quản lý Khu kinh tế tỉnh" not in escalation.body_text
        count = Message.objects.count()

    # Sweeping the month again adds nothing.
    day = datetime.date(2024, 1, 1)
    while day <= datetime.date(2024, 1, 31):
        _sweep(settings, at(day.strftime("%d/%m/%Y"), 15, 0), django_capture_on_commit_callbacks)
        day += datetime.timedelta(days=1)
    with agency_unscoped():
        assert Message.objects.count() == count


def test_when_every_agency_has_sent_the_province_hears_nothing(on_time, settings, django_capture_on_commit_callbacks):
    """The Sở opens, accepts and sends its registration on 05/01: its reminders stop, and no escalation follows."""
    milestone = on_time
    _sweep(settings, at("01/01/2024"), django_capture_on_commit_callbacks)
    with agency_unscoped():
        so = Campaign._base_manager.get(agency__code="so-khcn", year=2024)
    settings.CLOCK_NOW = at("05/01/2024", 7, 0)
    with agency_scope(so.agency_id):
        services.campaign_cases_open(campaign=so, kind=Case.Kind.REGISTRATION, actor=user("khcn.vanphong"))
        for case in Case.objects.filter(campaign=so, kind=Case.Kind.REGISTRATION).select_related("unit"):
            clerk, head = (
                RoleAssignment.objects.filter(unit=case.unit, role=role).first().staff.user.username
                for role in (Role.UNIT_CLERK, Role.UNIT_HEAD)
            )
            do(case, "draft", clerk, apply=_registration)
            do(case, "sign", head, decision="approve")
            do(case, "review", "khcn.vanphong", decision="approve")
        board = Case.objects.get(campaign=so, kind=Case.Kind.REGISTRATION_BOARD)
        with django_capture_on_commit_callbacks(execute=True):
            do(
                board,
                "report",
                "khcn.vanphong",
                apply=lambda case, task: province_report_send(case=case, user=user("khcn.vanphong")),
            )
    day = datetime.date(2024, 1, 6)
    while day <= datetime.date(2024, 1, 31):
        _sweep(settings, at(day.strftime("%d/%m/%Y")), django_capture_on_commit_callbacks)
        day += datetime.timedelta(days=1)
    assert _province_sent(milestone) == {(datetime.date(2024, 1, 1), name, "milestone") for name in SO_OFFICE}
