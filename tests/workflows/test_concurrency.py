"""Two people acting on the same task, or on the last branches of a join, at the same moment, on
PostgreSQL: exactly one result, and the other person gets a clear message. Repeated on several cases."""

import threading

import pytest
from django.db import connection
from django.utils import timezone
from viewflow.workflow.models import Task

from tests.conftest import load_demo_now
from tests.services import need_postgresql
from workflows.casework import services
from workflows.models import Campaign, Case, CaseEvent

from .cases import UNIT_PEOPLE, do, nomination_at_join, open_task, user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_tx(transactional_db):
    need_postgresql()
    load_demo_now()


def _race(*calls):
    """Run the calls in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = ("ok", call())
        except Exception as exc:  # the test inspects what each thread got
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_officers_claiming_the_same_task_at_once_leave_it_with_exactly_one(demo_tx):
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.REGISTRATION)
    officers = [user("vanphong"), user("vanphong2")]
    for code, (clerk, head) in UNIT_PEOPLE.items():
        case = Case.objects.get(kind=Case.Kind.REGISTRATION, unit__code=code)
        do(case, "draft", clerk)
        do(case, "sign", head, decision="approve")
        review = open_task(case, "review")
        results = _race(
            *(lambda o=o, pk=review.pk: services.task_claim(task=Task.objects.get(pk=pk), user=o) for o in officers)
        )
        outcomes = sorted(kind for kind, _value in results)
        assert outcomes == ["error", "ok"], results
        error = next(value for kind, value in results if kind == "error")
        assert isinstance(error, services.StepConflict)
        assert "vừa được người khác nhận" in str(error)
        review.refresh_from_db()
        assert review.status == "ASSIGNED" and review.owner_id in {o.pk for o in officers}
        assert case.events.filter(action=CaseEvent.Action.CLAIMED, task=review).count() == 1


def test_submitting_the_same_step_twice_at_once_completes_it_once(demo_tx):
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)
    for code, (clerk, _head) in UNIT_PEOPLE.items():
        case = Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code=code)
        draft = open_task(case, "draft")
        person = user(clerk)
        services.task_claim(task=draft, user=person)

        def submit(person=person, pk=draft.pk):
            return services.step_complete(
                task=Task.objects.get(pk=pk),
                user=person,
                apply=lambda case, task: None,
                outcome=services.Outcome(action=CaseEvent.Action.SUBMITTED),
            )

        results = _race(submit, submit)
        assert sorted(kind for kind, _value in results) == ["error", "ok"], results
        assert isinstance(next(v for k, v in results if k == "error"), services.StepConflict)
        assert Task.objects.filter(process_id=case.pk, flow_task__endswith=".sign").count() == 1
        assert case.events.filter(action=CaseEvent.Action.SUBMITTED).count() == 1


def test_the_last_two_branches_of_the_join_completing_at_once_close_the_case_once(demo_tx):
    for code in ("QLDT", "QHXD", "DNLD", "TNMT", "TTDV"):
        case = nomination_at_join(code)
        decide = open_task(case, "decide")
        services.task_claim(task=decide, user=user("truongban"))
        upward = open_task(case, "upward_result")
        assert upward.owner == user("vanphong")

        def complete(pk, username):
            return lambda: services.step_complete(
                task=Task.objects.get(pk=pk),
                user=user(username),
                apply=lambda case, task: None,
                outcome=services.Outcome(action=CaseEvent.Action.DECIDED),
            )

        results = _race(complete(decide.pk, "truongban"), complete(upward.pk, "vanphong"))
        assert [kind for kind, _value in results] == ["ok", "ok"], results
        tasks = Task.objects.filter(process_id=case.pk)
        assert tasks.filter(flow_task__endswith=".join").count() == 1
        assert tasks.filter(flow_task__endswith=".join", status="DONE").count() == 1
        assert tasks.filter(flow_task__endswith=".close", status="DONE").count() == 1
        assert not tasks.filter(status="ERROR").exists()
        case.refresh_from_db()
        assert case.finished is not None and case.status == "DONE"
        assert case.events.filter(action=CaseEvent.Action.CLOSED).count() == 1


def test_concurrent_ballot_submissions_neither_lose_nor_double_a_vote(demo_tx):
    from workflows.council import selectors as council_selectors
    from workflows.council import services as council
    from workflows.council.models import Ballot, Vote

    from .cases import nomination_at_council

    case = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    session = council.session_open(
        campaign=case.campaign, held_at=timezone.now(), place="Phòng họp", cases=[case], actor=user("vanphong")
    )
    items = list(session.items.values_list("pk", flat=True))
    ballots = list(session.ballots.select_related("member__staff__user").filter(member__staff__user__isnull=False))

    def submit(ballot):
        return lambda: council.ballot_save(
            ballot=Ballot.objects.get(pk=ballot.pk),
            user=ballot.member.staff.user,
            votes=dict.fromkeys(items, (True, "")),
            submit=True,
        )

    # Every member at once, and one of them twice.
    results = _race(*(submit(b) for b in ballots), submit(ballots[0]))
    kinds = [kind for kind, _value in results]
    assert kinds.count("ok") == len(ballots), results
    assert kinds.count("error") == 1
    assert "Phiếu đã gửi" in str(next(v for k, v in results if k == "error"))
    assert Vote.objects.filter(ballot__session=session).count() == len(ballots) * len(items)
    tallies = council_selectors.tallies(session=session)
    assert [t.approvals for t in tallies] == [len(ballots)] * len(items)
