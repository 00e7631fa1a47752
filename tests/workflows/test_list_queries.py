"""The inbox, queue, archive and case list cost a bounded number of SQL queries whatever their length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role, Staff
from people.services import role_assign
from tests.desk import Desk
from tests.factories import OrgUnitFactory, StaffFactory
from workflows.casework import services
from workflows.models import Campaign, Case

from .cases import open_task, user

pytestmark = pytest.mark.django_db

PAGES = {"queue": "/cases/hang-cho/", "inbox": "/cases/", "archive": "/cases/da-xu-ly/", "cases": "/cases/ho-so/"}


def _clerk_of_many_units(count: int) -> None:
    """qldt.thidua becomes the clerk of `count` more units, each with its registration and mid-year case;
    a third of the drafts claimed, a third completed."""
    clerk = Staff.objects.get(user__username="qldt.thidua")
    person = user("qldt.thidua")
    campaign = Campaign.objects.get(year=2024)
    cases = []
    for _ in range(count):
        unit = OrgUnitFactory()
        StaffFactory(unit=unit)
        role_assign(staff=clerk, role=Role.UNIT_CLERK, unit=unit)
        cases += [
            services.case_open(kind=kind, campaign=campaign, unit=unit)
            for kind in (Case.Kind.REGISTRATION, Case.Kind.MIDYEAR)
        ]
    for index, case in enumerate(cases):
        if index % 3 == 0:
            continue
        task = open_task(case, "draft")
        services.task_claim(task=task, user=person)
        if index % 3 == 2:
            task.refresh_from_db()
            services.step_complete(
                task=task, user=person, apply=lambda c, t: None, outcome=services.Outcome(action="submitted")
            )


def _queries(desk, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = desk.client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_list_pages_cost_the_same_number_of_queries_for_3_or_30_units(demo, django_assert_max_num_queries):
    _clerk_of_many_units(3)
    desk = Desk("qldt.thidua")
    small = {name: _queries(desk, url) for name, url in PAGES.items()}
    small_rows = {name: len(desk.rows(name)) for name in ("queue", "inbox", "archive")}
    _clerk_of_many_units(27)
    desk = Desk("qldt.thidua")
    large_rows = {name: len(desk.rows(name)) for name in ("queue", "inbox", "archive")}
    for name in large_rows:
        assert large_rows[name] >= small_rows[name] * 5, (name, small_rows, large_rows)
    for name, url in PAGES.items():
        with django_assert_max_num_queries(small[name]):
            desk.client.get(url)
    assert max(small.values()) <= 25, small
