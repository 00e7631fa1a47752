"""The inbox's step filter lists every step of every flow once, by its title, and filters on exactly that
step (flows share node names: each has its own `draft` and `sign`)."""

import re

import pytest

from people.models import OrgUnit
from tests.desk import Desk
from workflows.casework import services
from workflows.flows import FLOWS
from workflows.kinds import CASE_KINDS
from workflows.models import Campaign, Case

from .cases import do

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="buoc">(.*?)</select>', html, flags=re.S).group(1)
    return [(v, " ".join(t.split())) for v, t in re.findall(r'<option value="([^"]+)"[^>]*>(.*?)</option>', select)]


def test_the_step_filter_lists_every_step_of_every_flow_once_by_its_title(demo):
    options = _options(Desk("vanphong").client.get("/cases/").content.decode())
    values = [value for value, _title in options]
    assert len(values) == len(set(values)), "each step once"

    def human_steps(*, province: bool) -> set[str]:
        return {
            f"{FLOWS[kind].__name__}.{node.name}"
            for kind, spec in CASE_KINDS.items()
            if spec.province == province  # the province's flows are in the province's filter only
            for node in FLOWS[kind].instance.nodes()
            if getattr(node, "task_type", "") == "HUMAN"
        }

    assert set(values) == human_steps(province=False)
    province = {value for value, _title in _options(Desk("tinh.chuyenvien").client.get("/cases/").content.decode())}
    assert province == human_steps(province=True)
    assert {"ProvinceNominationFlow.check", "ProvinceNominationFlow.decide", "ProvinceReportFlow.receive"} <= province
    titles = {title for _value, title in options}
    assert {"Lập báo cáo sơ kết", "Lập hồ sơ đề nghị khen thưởng", "Trưởng đơn vị ký hồ sơ"} <= titles
    assert {"Lập bản đăng ký thi đua", "Trưởng đơn vị ký duyệt", "Trưởng ban quyết định khen thưởng"} <= titles


def test_filtering_by_a_step_keeps_that_flows_step_only(demo):
    campaign, unit = Campaign.objects.get(year=2024), OrgUnit.objects.get(code="QLDT")
    registration = services.case_open(kind=Case.Kind.REGISTRATION, campaign=campaign, unit=unit)
    midyear = services.case_open(kind=Case.Kind.MIDYEAR, campaign=campaign, unit=unit)
    nomination = services.case_open(kind=Case.Kind.NOMINATION, campaign=campaign, unit=unit)
    for case in (registration, midyear):
        do(case, "draft", "qldt.thidua")

    head = Desk("qldt.truongphong")
    assert {row.case.pk for row in head.rows("inbox")} == {registration.pk, midyear.pk}
    only = head.rows("inbox", buoc="MidyearFlow.sign")
    assert [(row.case.pk, row.stage) for row in only] == [(midyear.pk, "Trưởng đơn vị ký duyệt")]
    page = head.client.get("/cases/", {"buoc": "MidyearFlow.sign"}).content.decode()
    assert '<option value="MidyearFlow.sign" selected>' in page

    clerk = Desk("qldt.thidua")
    assert [row.case.pk for row in clerk.rows("inbox", buoc="NominationFlow.draft")] == [nomination.pk]
    assert [row.case.pk for row in clerk.rows("inbox", buoc="MidyearFlow.draft")] == []
    # An unknown value filters nothing out rather than failing.
    assert {row.case.pk for row in clerk.rows("inbox", buoc="draft")} == {nomination.pk}
