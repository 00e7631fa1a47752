"""The 2024 programme is loaded exactly as the seed states, and can be cloned into the next year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from workflows.models import AwardTitle, Campaign, Milestone, Target, TitleRule
from workflows.selectors import milestone_next, rule_in_force
from workflows.services import DATA_DIR, campaign_clone, campaign_load, reference_data_load

D = datetime.date


@pytest.fixture
def campaign_2024(db):
    reference_data_load()
    return campaign_load(path=DATA_DIR / "programme-2024.yaml")


def test_the_2024_programme_has_the_seed_theme_period_and_milestones(campaign_2024):
    c = campaign_2024
    assert (
        c.theme
        == "Đoàn kết, đổi mới, sáng tạo, linh hoạt trong thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024"
    )
    assert (c.start_date, c.end_date) == (D(2024, 1, 1), D(2024, 12, 31))
    assert "322/CTr-UBND ngày 26/12/2023" in c.basis
    milestones = [(m.due_date, m.owner, m.kind) for m in c.milestones.order_by("due_date", "owner")]
    assert milestones == [
        (D(2024, 1, 10), "office", "registration"),
        (D(2024, 6, 28), "units", "midyear"),
        (D(2024, 6, 30), "office", "midyear"),
        (D(2024, 11, 30), "office", "yearend"),
        (D(2024, 11, 30), "units", "yearend"),
    ]
    assert c.milestones.get(code="MID_UPWARD").recipient.startswith("Sở Nội vụ")


def test_the_2024_targets_are_the_seed_percentages_with_their_bases(campaign_2024):
    targets = {t.code: t for t in campaign_2024.targets.select_related("title", "base_title")}
    assert (targets["TTLDTT_ALL"].title.code, targets["TTLDTT_ALL"].value, targets["TTLDTT_ALL"].at_least) == (
        "TTLDTT",
        Decimal("100"),
        False,
    )
    assert (targets["TTLDXS_10"].value, targets["TTLDXS_10"].at_least, targets["TTLDXS_10"].base) == (
        Decimal("10"),
        True,
        Target.Base.ALL_UNITS,
    )
    assert (targets["BK_BO_1"].measure, targets["BK_BO_1"].value, targets["BK_BO_1"].at_least) == (
        "count",
        Decimal("1"),
        True,
    )
    assert targets["LDTT_ALL"].value == Decimal("100")
    # 15 % CSTĐCS is counted against those who achieved LĐTT, not against headcount.
    cstd = targets["CSTDCS_15"]
    assert (cstd.value, cstd.base, cstd.base_title.code) == (Decimal("15"), Target.Base.TITLE_ACHIEVERS, "LDTT")
    indicators = [t for t in targets.values() if t.measure == Target.Measure.INDICATOR]
    assert len(indicators) == 4


def test_loading_the_programme_twice_changes_nothing(campaign_2024):
    def snapshot():
        return (
            list(Campaign.objects.values()),
            list(Milestone.objects.order_by("pk").values()),
            list(Target.objects.order_by("pk").values()),
            list(TitleRule.objects.order_by("pk").values()),
        )

    before = snapshot()
    reference_data_load()
    campaign_load(path=DATA_DIR / "programme-2024.yaml")
    assert snapshot() == before


def test_cloning_moves_every_date_by_a_year_and_starts_as_a_draft(campaign_2024):
    new = campaign_clone(campaign=campaign_2024, year=2025)
    assert new.status == Campaign.Status.DRAFT
    assert (new.start_date, new.end_date) == (D(2025, 1, 1), D(2025, 12, 31))
    assert sorted(new.milestones.values_list("due_date", flat=True)) == [
        D(2025, 1, 10),
        D(2025, 6, 28),
        D(2025, 6, 30),
        D(2025, 11, 30),
        D(2025, 11, 30),
    ]
    assert "2025" in new.name and "2024" not in new.name
    assert new.targets.count() == campaign_2024.targets.count()
    # The source year is untouched.
    assert sorted(campaign_2024.milestones.values_list("due_date", flat=True))[0] == D(2024, 1, 10)


def test_cloning_onto_a_29_february_falls_back_to_28(campaign_2024):
    Milestone.objects.create(
        campaign=campaign_2024,
        code="LEAP",
        kind="midyear",
        label="Mốc thử",
        due_date=D(2024, 2, 29),
        owner="units",
        recipient="Văn phòng Ban",
    )
    new = campaign_clone(campaign=campaign_2024, year=2025)
    assert new.milestones.get(code="LEAP").due_date == D(2025, 2, 28)


def test_cloning_into_a_year_that_exists_is_refused_in_vietnamese(campaign_2024):
    campaign_clone(campaign=campaign_2024, year=2025)
    with pytest.raises(ValidationError, match="Đã có phong trào thi đua năm 2025"):
        campaign_clone(campaign=campaign_2024, year=2025)


def test_the_next_milestone_and_days_left(campaign_2024):
    status = milestone_next(campaign=campaign_2024, on=D(2024, 6, 20))
    assert (status.milestone.code, status.days_left, status.is_due_soon) == ("MID_UNITS", 8, False)
    assert milestone_next(campaign=campaign_2024, on=D(2024, 6, 28)).days_left == 0
    assert milestone_next(campaign=campaign_2024, on=D(2024, 12, 1)) is None


def test_the_cstdcs_rule_follows_the_law_of_its_year(campaign_2024):
    cstdcs = AwardTitle.objects.get(code="CSTDCS")
    rule_2024 = rule_in_force(title=cstdcs, on=D(2024, 11, 30))
    assert rule_2024.approval_threshold_percent == Decimal("80")
    assert "NĐ 98/2023 Đ30 k7" in rule_2024.citation
    rule_2026 = rule_in_force(title=cstdcs, on=D(2026, 11, 30))
    assert "NĐ 152/2025" in rule_2026.citation
    assert rule_2024.pk != rule_2026.pk


def test_a_campaign_file_naming_an_unknown_title_is_refused(db, tmp_path):
    reference_data_load()
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "year: 2030\nname: Thử\nstart_date: 2030-01-01\nend_date: 2030-12-31\n"
        "targets:\n  - {code: X, scope: individual, measure: percent, title: KHONG_CO, label: Thử}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="KHONG_CO"):
        campaign_load(path=bad)
    assert not Campaign.objects.filter(year=2030).exists()
