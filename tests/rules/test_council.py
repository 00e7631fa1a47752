"""The council's arithmetic at its edges: thresholds on all members, exact, and the quorum."""

from decimal import Decimal

import pytest

from workflows.rules.council import passes, quorum_met, share_percent


@pytest.mark.parametrize(
    ("approvals", "expected_share", "passed"),
    [(7, Decimal("77.8"), False), (8, Decimal("88.9"), True), (9, Decimal("100.0"), True)],
)
def test_cstdcs_needs_80_percent_of_all_nine_members(approvals, expected_share, passed):
    assert share_percent(approvals, 9) == expected_share
    assert passes(approvals=approvals, members=9, percent=Decimal(80), strictly_above=False) is passed


def test_exactly_80_percent_passes_an_at_least_threshold():
    assert passes(approvals=8, members=10, percent=Decimal(80), strictly_above=False)
    assert not passes(approvals=7, members=10, percent=Decimal(80), strictly_above=False)


def test_a_simple_majority_of_all_members_must_be_more_than_half():
    assert not passes(approvals=5, members=10, percent=Decimal(50), strictly_above=True)
    assert passes(approvals=6, members=10, percent=Decimal(50), strictly_above=True)
    assert passes(approvals=5, members=9, percent=Decimal(50), strictly_above=True)
    assert not passes(approvals=4, members=9, percent=Decimal(50), strictly_above=True)


def test_absent_members_count_in_the_denominator():
    # 6 of 9 members present, all 6 approve: 66.7 % of all members — fails 80 %, passes a majority.
    assert share_percent(6, 9) == Decimal("66.7")
    assert not passes(approvals=6, members=9, percent=Decimal(80), strictly_above=False)


@pytest.mark.parametrize(("present", "met"), [(5, False), (6, True), (9, True)])
def test_two_thirds_of_nine_is_six(present, met):
    assert quorum_met(present=present, members=9, numerator=2, denominator=3) is met
