"""One table of case kinds and their steps: every kind has its flow, milestone and named steps, and opening,
milestones, the Văn phòng's consolidated cases, reminders and council access all read the table."""

import dataclasses

import pytest

from workflows import kinds
from workflows.casework import services
from workflows.casework.access import actor_of
from workflows.casework.selectors import board_report_pending, cases_visible
from workflows.flows import FLOWS
from workflows.kinds import CASE_KINDS, StepRole, case_kind
from workflows.models import Campaign, Case, Milestone


def test_every_kind_of_case_has_a_row_whose_steps_are_nodes_of_its_flow():
    assert set(CASE_KINDS) == set(Case.Kind.values)
    for kind, spec in CASE_KINDS.items():
        assert FLOWS[kind] is spec.flow_class
        node_names = {node.name for node in spec.flow_class.instance.nodes()}
        assert set(spec.steps.values()) <= node_names, kind
        human = {n.name for n in spec.flow_class.instance.nodes() if getattr(n, "task_type", "") == "HUMAN"}
        assert human <= set(spec.steps.values()), f"{kind}: a human step with no role in the table"


def test_the_nomination_flow_names_its_review_and_decision_steps_its_own_way():
    nomination = case_kind(Case.Kind.NOMINATION)
    flow = nomination.flow_class
    assert nomination.role_of(flow.check) == StepRole.REVIEW
    assert nomination.role_of(flow.decide) == StepRole.DECISION
    assert nomination.is_step(flow.council, StepRole.COUNCIL)
    assert nomination.role_of(flow.route) is None, "a gateway is no step"


def test_stages_pair_the_units_case_with_the_offices_consolidated_case():
    assert kinds.unit_kind_of_stage(Milestone.Kind.MIDYEAR) == Case.Kind.MIDYEAR
    assert kinds.board_kind_of_stage(Milestone.Kind.MIDYEAR) == Case.Kind.MIDYEAR_BOARD
    assert kinds.unit_kind_of_stage(Milestone.Kind.YEAREND) == Case.Kind.NOMINATION
    assert kinds.board_kind_of_stage(Milestone.Kind.YEAREND) is None
    assert case_kind(Case.Kind.REGISTRATION_BOARD).is_board_level
    assert not case_kind(Case.Kind.REGISTRATION).is_board_level
    assert sorted(kinds.kinds_opened_by_office()) == sorted(
        [Case.Kind.REGISTRATION, Case.Kind.MIDYEAR, Case.Kind.NOMINATION]
    )


@pytest.mark.django_db
def test_opening_a_stage_opens_the_consolidated_case_the_table_names_with_its_milestone(demo):
    campaign = Campaign.objects.get(year=2024)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.MIDYEAR)

    board = Case.objects.get(campaign=campaign, kind=Case.Kind.MIDYEAR_BOARD)
    unit_case = Case.objects.filter(campaign=campaign, kind=Case.Kind.MIDYEAR).first()
    assert board.milestone.code == case_kind(Case.Kind.MIDYEAR_BOARD).milestone == "MID_UPWARD"
    assert unit_case.milestone.code == case_kind(Case.Kind.MIDYEAR).milestone == "MID_UNITS"
    assert board.is_board_level and not unit_case.is_board_level
    pending = board_report_pending(case=board)
    assert unit_case.unit in pending, "the consolidated case waits for the units' cases the table pairs it with"


@pytest.mark.django_db
def test_a_changed_row_changes_which_milestone_and_consolidated_case_a_stage_gets(demo, monkeypatch):
    campaign = Campaign.objects.get(year=2024)
    spec = CASE_KINDS[Case.Kind.NOMINATION]
    monkeypatch.setitem(CASE_KINDS, Case.Kind.NOMINATION, dataclasses.replace(spec, milestone="END_UPWARD"))

    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.NOMINATION)

    cases = Case.objects.filter(campaign=campaign, kind=Case.Kind.NOMINATION)
    assert cases.exists()
    assert set(cases.values_list("milestone__code", flat=True)) == {"END_UPWARD"}
    assert not Case.objects.filter(campaign=campaign, kind__in=[Case.Kind.REGISTRATION_BOARD, Case.Kind.MIDYEAR_BOARD])


@pytest.mark.django_db
def test_council_members_see_the_kinds_the_table_shows_them_once_at_the_council(demo, monkeypatch):
    from tests.workflows.cases import nomination_at_council, user

    case = nomination_at_council("QLDT")
    member = user("dnld.truongphong")  # a council member of 2024 from another unit
    assert cases_visible(actor=actor_of(member)).filter(pk=case.pk).exists()

    spec = CASE_KINDS[Case.Kind.NOMINATION]
    monkeypatch.setitem(CASE_KINDS, Case.Kind.NOMINATION, dataclasses.replace(spec, seen_by_council=False))
    assert not cases_visible(actor=actor_of(user("dnld.truongphong"))).filter(pk=case.pk).exists()
