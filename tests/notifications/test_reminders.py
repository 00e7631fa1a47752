"""Milestone reminders, escalations and task notices worked out by the sweep, moved through the year with
the clock seam (never by sleeping): who gets which email on which day, digests, delegations, downtime."""

import datetime

import pytest
from django.core import mail

from notifications.models import DigestItem, Message, Preference
from people.models import Role, RoleAssignment, Staff
from people.services import delegation_create
from tests.workflows.cases import do, open_task, user
from workflows import reminders
from workflows.casework import services
from workflows.models import Campaign, Case

from .conftest import at

pytestmark = pytest.mark.django_db

UNITS = {  # unit code → (clerk, head)
    "VP": ("vanphong", "chanhvanphong"),
    "QLDT": ("qldt.thidua", "qldt.truongphong"),
    "QHXD": ("qhxd.thidua", "qhxd.truongphong"),
    "DNLD": ("dnld.thidua", "dnld.truongphong"),
    "TNMT": ("tnmt.thidua", "tnmt.truongphong"),
    "TTDV": ("ttdv.thidua", "ttdv.giamdoc"),
    "BQLDA": ("bqlda.thidua", "bqlda.giamdoc"),
}
OFFICE = ["vanphong", "vanphong2", "chanhvanphong"]


def _sweep(settings, moment, capture):
    settings.CLOCK_NOW = moment
    with capture(execute=True):
        return reminders.reminders_sweep(now=moment)


def _sent():
    return {(m.created.date(), m.user.username, m.kind) for m in Message.objects.exclude(kind="digest")}


@pytest.fixture
def campaign(demo, settings, eager_celery):
    """Everyone takes reminders immediately except qhxd.thidua, who takes the daily digest; drafts may wait
    100 working days (task-age reminders are tested apart)."""
    campaign = Campaign.objects.get(year=2024)
    campaign.step_allowed_days = {"draft": 100, "sign": 100, "review": 100, "report": 100}
    campaign.save()
    for staff in Staff.objects.filter(user__isnull=False):
        Preference.objects.update_or_create(
            user=staff.user, defaults={"reminders": "digest" if staff.user.username == "qhxd.thidua" else "immediate"}
        )
    return campaign


@pytest.fixture
def midyear(demo, settings, django_capture_on_commit_callbacks, eager_celery):
    """Mid-year cases opened on 03/06/2024; drafts may wait 100 working days (task-age reminders are tested
    apart); everyone takes reminders immediately except qhxd.thidua, who takes the daily digest."""
    campaign = Campaign.objects.get(year=2024)
    campaign.step_allowed_days = {"draft": 100, "sign": 100, "review": 100, "report": 100}
    campaign.save()
    for staff in Staff.objects.filter(user__isnull=False):
        Preference.objects.update_or_create(
            user=staff.user, defaults={"reminders": "digest" if staff.user.username == "qhxd.thidua" else "immediate"}
        )
    settings.CLOCK_NOW = at("03/06/2024", 7, 30)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.MIDYEAR)
    return campaign


def _before(due, owners):
    """(day, user, "milestone") for the 14/7/3/1/0-days-before slots of a deadline, to each owner on that day."""
    return {
        (due - datetime.timedelta(days=d), name, "milestone")
        for d in (14, 7, 3, 1, 0)
        for name in owners(due - datetime.timedelta(days=d))
    }


def _after(due, owners):
    """(day, user, "escalation") every 3 days, 3 times, after a deadline."""
    return {
        (due + datetime.timedelta(days=3 * i), name, "escalation")
        for i in (1, 2, 3)
        for name in owners(due + datetime.timedelta(days=3 * i))
    }


def test_the_year_day_by_day_sends_exactly_the_expected_emails(campaign, settings, django_capture_on_commit_callbacks):
    """2024 for the demo organisation: no registration consolidated (the Văn phòng is reminded in January),
    mid-year reports opened on 03/06 with only QLDT sending (22/06), and no year-end dossiers at all."""
    qldt_sent = datetime.date(2024, 6, 22)
    campaign.step_allowed_days = dict.fromkeys(("draft", "sign", "review", "report"), 400)  # task age: tested apart
    campaign.save()

    def unit_people(on, *, heads_only=False):
        people = set()
        for code, (clerk, head) in UNITS.items():
            if code == "QLDT" and on >= qldt_sent and on.month < 9:
                continue  # QLDT sent its mid-year report
            people.add(head)
            if not heads_only and clerk != "qhxd.thidua":  # she takes the digest
                people.add(clerk)
        return people

    def unit_heads_and_chief(on):
        return unit_people(on, heads_only=True) | {"chanhvanphong"}

    expected = set()
    # REG_UPWARD (10/01, owed by the Văn phòng, never recorded): its 14-days slot fell on 27/12/2023, before the
    # first sweep; still useful then, it goes on 01/01.
    expected |= {e for e in _before(datetime.date(2024, 1, 10), lambda on: OFFICE) if e[0].year == 2024}
    expected |= {(datetime.date(2024, 1, 1), name, "milestone") for name in OFFICE}
    expected |= _after(datetime.date(2024, 1, 10), lambda on: {"chanhvanphong"})
    # 03/06: the mid-year cases open; every clerk learns of the draft task, the Văn phòng of the Board's report.
    expected |= {(datetime.date(2024, 6, 3), clerk, "task_new") for clerk, _head in UNITS.values()}
    expected |= {(datetime.date(2024, 6, 3), name, "task_new") for name in OFFICE}
    # MID_UNITS (28/06) and MID_UPWARD (30/06).
    expected |= _before(datetime.date(2024, 6, 28), unit_people)
    expected |= _after(datetime.date(2024, 6, 28), unit_heads_and_chief)
    expected |= _before(datetime.date(2024, 6, 30), lambda on: OFFICE)
    expected |= _after(datetime.date(2024, 6, 30), lambda on: {"chanhvanphong"})
    # 22/06: QLDT sends; its head learns of the signing task.
    expected.add((qldt_sent, "qldt.truongphong", "task_new"))
    # END_UNITS (30/11): no unit sent a dossier. END_UPWARD: no dossier to send upward, so nothing owed.
    expected |= _before(datetime.date(2024, 11, 30), unit_people)
    expected |= _after(datetime.date(2024, 11, 30), unit_heads_and_chief)
    # AG_END (30/11), the province's: the Board has sent no dossier into the province's system (AG_REG and AG_MID
    # fall on the days of REG_UPWARD and MID_UPWARD, to the same people).
    expected |= _before(datetime.date(2024, 11, 30), lambda on: OFFICE)

    day = datetime.date(2024, 1, 1)
    while day <= datetime.date(2024, 12, 31):
        if day == qldt_sent:
            settings.CLOCK_NOW = at("22/06/2024", 7, 0)
            do(Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code="QLDT"), "draft", "qldt.thidua")
        if day == datetime.date(2024, 6, 3):
            settings.CLOCK_NOW = at("03/06/2024", 7, 30)
            services.campaign_cases_open(campaign=campaign, kind=Case.Kind.MIDYEAR)
        _sweep(settings, at(day.strftime("%d/%m/%Y")), django_capture_on_commit_callbacks)
        _sweep(settings, at(day.strftime("%d/%m/%Y"), 15, 30), django_capture_on_commit_callbacks)  # nothing new
        day += datetime.timedelta(days=1)

    assert _sent() == expected
    assert Message.objects.exclude(status=Message.Status.SENT).count() == 0
    assert len(mail.outbox) == Message.objects.count(), "each message sent exactly once"
    # The digest reader got one digest on each day with something for her, and never two on a day.
    digests = list(Message.objects.filter(kind="digest", user__username="qhxd.thidua").order_by("created"))
    assert [m.created.date() for m in digests] == [datetime.date(2024, 6, d) for d in (14, 21, 25, 27, 28)] + [
        datetime.date(2024, 11, d) for d in (16, 23, 27, 29, 30)
    ]
    assert "Phòng Quản lý Quy hoạch và Xây dựng" in digests[0].body_text
    assert not DigestItem.objects.filter(digest__isnull=True).exists()


def test_an_email_says_who_what_when_and_links_to_the_case(midyear, settings, django_capture_on_commit_callbacks):
    _sweep(settings, at("21/06/2024"), django_capture_on_commit_callbacks)
    message = Message.objects.get(kind="milestone", user__username="qldt.truongphong")
    case = Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code="QLDT")
    assert "21/06/2024" not in message.subject and "28/06/2024" in message.subject and "còn 7 ngày" in message.subject
    for text in (message.body_text, message.body_html):
        assert "Phòng Quản lý Đầu tư" in text
        assert "28/06/2024" in text
        assert "còn 7 ngày" in text
        assert "Đơn vị chưa gửi: Báo cáo sơ kết 6 tháng." in text
        assert f"http://127.0.0.1:8000/cases/ho-so/{case.pk}/" in text
    sent = next(m for m in mail.outbox if m.to == [message.to_email] and m.subject == message.subject)
    assert sent.alternatives[0][1] == "text/html"


def test_a_delegate_receives_what_the_head_would_during_the_delegation(
    midyear, settings, django_capture_on_commit_callbacks
):
    delegation_create(
        role_assignment=RoleAssignment.objects.get(staff__user__username="qldt.truongphong", role=Role.UNIT_HEAD),
        delegate=Staff.objects.get(user__username="qldt.phophong"),
        start_date=datetime.date(2024, 6, 20),
        end_date=datetime.date(2024, 6, 26),
    )
    for day in ("14/06/2024", "21/06/2024", "27/06/2024"):
        _sweep(settings, at(day), django_capture_on_commit_callbacks)
    deputy = {(m.created.date(), m.kind) for m in Message.objects.filter(user__username="qldt.phophong")}
    assert deputy == {(datetime.date(2024, 6, 21), "milestone")}
    head = {m.created.date() for m in Message.objects.filter(user__username="qldt.truongphong", kind="milestone")}
    assert head == {datetime.date(2024, 6, d) for d in (14, 21, 27)}


def test_after_days_of_downtime_only_what_is_still_useful_goes_once(
    midyear, settings, django_capture_on_commit_callbacks
):
    _sweep(settings, at("14/06/2024"), django_capture_on_commit_callbacks)
    # Beat down from 15/06 to 25/06 09:00: the 7-days slot (21/06) was missed, the 3-days slot (25/06) is due.
    _sweep(settings, at("25/06/2024", 9, 0), django_capture_on_commit_callbacks)
    keys = set(Message.objects.filter(user__username="qldt.truongphong").values_list("key", flat=True))
    labels = {key.split(":")[3] for key in keys if key.startswith("ms:")}
    assert labels == {"truoc-14", "truoc-3"}
    # Down again from 26/06 to 30/06 10:00: the deadline passed (28/06): no "before" reminder any more,
    # and the first escalation (01/07) has not come yet.
    before = Message.objects.count()
    _sweep(settings, at("30/06/2024", 10, 0), django_capture_on_commit_callbacks)
    new = Message.objects.filter(user__username="qldt.truongphong").exclude(key__in=keys)
    assert not new.exists()
    assert Message.objects.count() - before == 2 * len(OFFICE), (
        "only the Văn phòng's own deadlines today (30/06): MID_UPWARD, and the province's AG_MID"
    )


def test_a_task_waiting_too_long_is_reminded_on_a_cadence_then_to_the_superior(
    demo, settings, django_capture_on_commit_callbacks, eager_celery
):
    campaign = Campaign.objects.get(year=2024)
    campaign.step_allowed_days = {"draft": 2}
    campaign.save()
    for name in ("tnmt.thidua", "tnmt.truongphong"):
        Preference.objects.create(user=user(name), reminders=Preference.Mode.IMMEDIATE)
    settings.CLOCK_NOW = at("03/06/2024", 7, 30)  # a Monday
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.MIDYEAR)
    task = open_task(Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code="TNMT"), "draft")
    services.task_claim(task=task, user=user("tnmt.thidua"))
    for day in ("04/06/2024", "05/06/2024", "06/06/2024", "07/06/2024", "10/06/2024"):
        _sweep(settings, at(day), django_capture_on_commit_callbacks)
    late = sorted(
        (m.created.date(), m.user.username, m.key.split(":")[2])
        for m in Message.objects.filter(kind="task_late", key__startswith=f"task:{task.pk}:")
    )
    assert late == [
        (datetime.date(2024, 6, 5), "tnmt.thidua", "late-1"),  # 2 working days
        (datetime.date(2024, 6, 7), "tnmt.thidua", "late-2"),  # 4 working days: and to the unit head
        (datetime.date(2024, 6, 7), "tnmt.truongphong", "late-2"),
    ]


def test_the_preview_lists_without_writing(midyear, capsys):
    from django.core.management import call_command

    call_command("reminders_preview", "--as-of", "21/06/2024")
    out = capsys.readouterr().out
    assert "qldt.truongphong" in out and "còn 7 ngày" in out
    assert not Message.objects.exists() and not DigestItem.objects.exists()


def test_a_step_announces_the_next_task_at_once_and_the_sweep_does_not_repeat_it(
    midyear, settings, django_capture_on_commit_callbacks
):
    case = Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code="DNLD")
    settings.CLOCK_NOW = at("10/06/2024", 9, 0)
    with django_capture_on_commit_callbacks(execute=True):
        do(case, "draft", "dnld.thidua")
    told = Message.objects.filter(kind="task_new", user__username="dnld.truongphong")
    assert told.count() == 1 and told.get().status == Message.Status.SENT
    _sweep(settings, at("10/06/2024", 9, 5), django_capture_on_commit_callbacks)
    assert Message.objects.filter(kind="task_new", user__username="dnld.truongphong").count() == 1
