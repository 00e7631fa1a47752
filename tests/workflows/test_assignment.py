"""Who gets a new task without asking: the one person who alone may do a step has it in their inbox (the
Trưởng ban's decision, a unit's one head), a step several people may take waits in the queue, and a step
that comes round again goes back to whoever had it."""

import datetime

import pytest
from django.utils import timezone

from people import clock
from people.models import Role, RoleAssignment, Staff
from people.services import delegation_create, role_assign
from tests.desk import Desk, pdf
from workflows import reminders
from workflows.casework import services
from workflows.models import Campaign, Case

from .cases import do, nomination_at_council, open_task, user

pytestmark = pytest.mark.django_db


def _registration(unit_code: str) -> Case:
    from people.models import OrgUnit

    return services.case_open(
        kind=Case.Kind.REGISTRATION, campaign=Campaign.objects.get(year=2024), unit=OrgUnit.objects.get(code=unit_code)
    )


def test_the_board_heads_decision_lands_in_his_inbox_and_his_notice_says_so(demo):
    case = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    office = Desk("vanphong")
    response = office.client.post(
        f"/cases/ho-so/{case.pk}/ket-qua-hoi-dong/",
        {"passed": [p.pk for p in case.proposals.all()], "note": "Biên bản số 3", "minutes": pdf("bien-ban.pdf")},
    )
    assert response.status_code == 302

    chair = Desk("truongban")
    decide = chair.task_for(case, page="inbox", step="decide")
    assert decide is not None, "the Trưởng ban alone decides: the step is in his inbox"
    assert decide.owner == user("truongban")
    assert chair.task_for(case, page="queue", step="decide") is None
    assert office.task_for(case, page="queue", step="send_upward") is not None, "three officers may: the queue"
    assert [row.task.pk for row in chair.rows("inbox")] == [decide.pk]

    due = reminders.reminders_due(now=timezone.now())
    told = [r for r in due if r.kind == "task_new" and r.user.username == "truongban"]
    assert len(told) == 1 and told[0].context["queue"] is False, "his email says it is his, not a queue's"
    assert "/buoc/" in told[0].link


def test_a_unit_with_one_head_has_the_signature_in_the_heads_inbox_and_with_two_heads_in_the_queue(demo):
    case = _registration("QLDT")
    assert open_task(case, "draft").owner == user("qldt.thidua"), "the unit's one clerk"
    do(case, "draft", "qldt.thidua")
    assert open_task(case, "sign").owner == user("qldt.truongphong")

    other = _registration("QHXD")
    role_assign(staff=Staff.objects.get(user__username="qldt.phophong"), role=Role.UNIT_HEAD, unit=other.unit)
    do(other, "draft", "qhxd.thidua")
    sign = open_task(other, "sign")
    assert sign.owner is None, "two people may sign for QHXD: the step waits in the queue"
    assert Desk("qhxd.truongphong").task_for(other, page="queue", step="sign") is not None


def test_while_the_only_head_is_away_the_signature_goes_to_the_one_deputy_standing_in(demo):
    case = _registration("QLDT")
    head_role = RoleAssignment.objects.get(staff__user__username="qldt.truongphong", role=Role.UNIT_HEAD)
    today = clock.today()
    delegation_create(
        role_assignment=head_role,
        delegate=Staff.objects.get(user__username="qldt.phophong"),
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        reason="Nghỉ phép",
    )
    do(case, "draft", "qldt.thidua")
    sign = open_task(case, "sign")
    assert sign.owner == user("qldt.phophong")
    assert Desk("qldt.phophong").task_for(case, page="inbox", step="sign") is not None


def test_a_returned_step_goes_back_to_the_officer_who_had_it_even_where_several_may(demo):
    case = _registration("QLDT")
    do(case, "draft", "qldt.thidua")
    do(case, "sign", "qldt.truongphong", decision="approve")
    review = open_task(case, "review")
    assert review.owner is None, "the Văn phòng's officers share the queue"
    do(case, "review", "vanphong2", decision="return")
    do(case, "draft", "qldt.thidua")
    do(case, "sign", "qldt.truongphong", decision="approve")
    assert open_task(case, "review").owner == user("vanphong2")
