"""`make run`'s demo year: registration sent upward in January, mid-year reports half-way, each demo
user with something to do; loading it twice changes nothing."""

import pytest
from django.core.management import call_command

from tests.conftest import load_demo_now
from tests.desk import Desk
from workflows.models import Case, CaseDocument

pytestmark = pytest.mark.django_db


def test_the_demo_year_leaves_work_in_the_demo_users_inboxes_and_loads_once(settings):
    load_demo_now(cases=True)
    count = Case.objects.count()
    assert Case.objects.filter(kind=Case.Kind.REGISTRATION, accepted_at__isnull=False).count() == 7
    assert CaseDocument.objects.get(case__kind=Case.Kind.REGISTRATION_BOARD).number == "05/BC-BQL"
    assert Case.objects.filter(kind=Case.Kind.MIDYEAR, accepted_at__isnull=False).count() == 4

    assert [r.case.unit.code for r in Desk("qldt.thidua").rows("inbox")] == ["QLDT"]
    assert [r.case.unit.code for r in Desk("dnld.truongphong").rows("inbox")] == ["DNLD"]
    office_queue = {(r.case.unit.code, r.task.flow_task.name) for r in Desk("vanphong2").rows("queue")}
    assert ("QHXD", "review") in office_queue
    assert ("VP", "report") in office_queue, "the Board's mid-year report waits for the Văn phòng"

    call_command("load_demo", stdout=__import__("io").StringIO())
    assert Case.objects.count() == count
