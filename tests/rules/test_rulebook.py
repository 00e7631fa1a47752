"""The rules file itself: every rule dated and cited, no two versions of one rule in force on the same day, the
conventions on severity kept, and bad rows refused with a message naming the row."""

import copy
import datetime
import itertools
import re

import pytest
import yaml

from workflows.rules.findings import Severity
from workflows.rules.rulebook import DATA_FILE, RuleDataError, rulebook_from_data, rulebook_load

BOOK = rulebook_load()


def raw():
    with open(DATA_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_every_rule_has_a_citation_a_start_date_and_a_basis():
    assert len(BOOK.rules) >= 25
    for rule in BOOK.rules:
        assert rule.citation.strip(), rule.id
        assert isinstance(rule.effective_from, datetime.date), rule.id
        assert rule.effective_to is None or rule.effective_to >= rule.effective_from, rule.id
        assert rule.basis in ("stated", "inferred"), rule.id
    for row in raw()["rules"]:
        assert "effective_from" in row and "citation" in row, row["id"]


def test_no_two_rules_for_the_same_title_and_kind_are_in_force_on_the_same_day():
    """A dossier is judged by exactly one version of each rule (brief §0: version every rule with its dates)."""
    rules = BOOK.rules
    for index, rule in enumerate(rules):
        for other in rules[index + 1 :]:
            if (rule.title, rule.scope, rule.kind) != (other.title, other.scope, other.kind):
                continue
            disjoint_staff = rule.applies_to and other.applies_to and not (rule.applies_to & other.applies_to)
            assert disjoint_staff or not rule.overlaps(other), f"{rule.id} và {other.id} chồng thời gian"


def test_an_every_title_rule_does_not_overlap_a_title_rule_of_the_same_kind():
    """Brief §0: one version of each rule judges a dossier, also where a rule for every title meets a title's own."""
    for title in BOOK.titles:
        for scope in ("individual", "collective"):
            for day in (datetime.date(2024, 12, 31), datetime.date(2025, 12, 31), datetime.date(2026, 12, 31)):
                kinds = [rule.kind for rule in BOOK.in_force(title=title, scope=scope, on=day)]
                assert len(kinds) == len(set(kinds)), (title, scope, day, kinds)


def test_an_inferred_rule_only_warns_until_it_is_verified():
    """Brief conventions: [I] is not confirmed; it must not stop a dossier on its own."""
    for rule in BOOK.rules:
        if rule.basis == "inferred":
            assert rule.severity is Severity.WARNS, rule.id


def test_a_cap_blocks_and_a_target_warns():
    """Issue 10: 'A cap blocks; a target warns' (the 15 % CSTĐCS is a target since Luật 06/2022, brief §1.1)."""
    shares = [rule for rule in BOOK.rules if rule.kind == "title_share"]
    assert {rule.title for rule in shares} == {"CSTDCS", "TTLDXS"}
    for rule in shares:
        assert (rule.params["mode"] == "cap") == (rule.severity is Severity.BLOCKS), rule.id


def test_the_periods_of_law_follow_each_other_without_gaps():
    """Brief §0, §9.3, §9.7: NĐ 98/2023 to 30/06/2025, NĐ 152/2025 from 01/07/2025, Luật 06/2026/QH16 from
    01/10/2026, NĐ 152 expiring on 01/03/2027."""
    periods = BOOK.periods
    assert [p.code for p in periods] == ["ND98", "ND152", "LUAT_06_2026"]
    for before, after in itertools.pairwise(periods):
        assert before.effective_to + datetime.timedelta(days=1) == after.effective_from
    assert BOOK.period_on(datetime.date(2025, 6, 30)).code == "ND98"
    assert BOOK.period_on(datetime.date(2025, 7, 1)).code == "ND152"
    assert BOOK.period_on(datetime.date(2026, 10, 1)).code == "LUAT_06_2026"
    assert BOOK.period_on(datetime.date(2027, 3, 1)) is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda rule: rule.update(kind="favourite_colour"), "favourite_colour"),
        (lambda rule: rule.update(citation=""), "citation"),
        (lambda rule: rule.pop("effective_from"), "effective_from"),
        (lambda rule: rule.update(effective_from="31/12/2024"), "31/12/2024"),
        (lambda rule: rule.update(effective_to="2023-01-01"), "trước effective_from"),
        (lambda rule: rule.update(severity="maybe"), "severity"),
        (lambda rule: rule.update(basis="rumour"), "basis"),
        (lambda rule: rule.update(title="NOBEL"), "NOBEL"),
    ],
)
def test_a_bad_rule_row_is_refused_naming_the_row(change, words):
    """Brief §0: every rule carries its dates and citation; a row without them, or with a kind no function
    judges, is refused before it can judge anyone."""
    data = raw()
    change(data["rules"][0])
    with pytest.raises(RuleDataError) as error:
        rulebook_from_data(data)
    assert data["rules"][0]["id"] in str(error.value) or "rules[0]" in str(error.value)
    assert words in str(error.value)


def test_a_minimum_share_cannot_be_a_cap():
    """Brief §1.2: the programme's 'TTLĐXS ≥ 10 %' is a target; a floor can warn, it cannot be a cap that blocks."""
    data = raw()
    row = next(row for row in data["rules"] if row["id"] == "TTLDXS.title_share.2024")
    row["params"]["mode"], row["severity"] = "cap", "blocks"
    with pytest.raises(RuleDataError, match=re.escape("TTLDXS.title_share.2024")):
        rulebook_from_data(data)


def test_the_15_percent_can_be_made_a_cap_that_blocks():
    """Brief §1.1: make target-vs-cap configurable for the 15 % CSTĐCS; a cap must block, a target warn."""
    data = raw()
    row = next(row for row in data["rules"] if row["id"] == "CSTDCS.title_share.2024")
    row["params"]["mode"], row["severity"], row["basis"] = "cap", "blocks", "stated"
    assert rulebook_from_data(data).rule("CSTDCS.title_share.2024").severity is Severity.BLOCKS
    row["severity"] = "warns"
    with pytest.raises(RuleDataError, match="cap"):
        rulebook_from_data(data)


def test_from_nd_152_no_rule_may_require_a_lower_form_of_award():
    """NĐ 152/2025 Đ4 k1: không nhất thiết phải có hình thức khen thưởng mức thấp mới được khen thưởng mức cao.
    Before 01/07/2025 the file could carry such a rule; from that day on the loader refuses it."""
    data = raw()
    extra = {
        "id": "BK_TINH.chain.giay_khen",
        "title": "BK_TINH",
        "scope": "collective",
        "kind": "chain",
        "params": {"routes": [{"title": "GK_TAP_THE", "years": 2}]},
        "effective_from": datetime.date(2024, 1, 1),
        "effective_to": datetime.date(2025, 6, 30),
        "citation": "thử",
        "basis": "inferred",
        "severity": "warns",
    }
    before = copy.deepcopy(data)
    before["rules"].append(dict(extra, scope="individual", id="x.before"))
    before["rules"] = [r for r in before["rules"] if r["id"] != "BK_TINH.chain.2024"]
    assert rulebook_from_data(before).rule("x.before")
    after = copy.deepcopy(data)
    after["rules"] = [r for r in after["rules"] if r["id"] != "BK_TINH.collective_chain.2024"]
    after["rules"].append(dict(extra, effective_from=datetime.date(2025, 7, 1), effective_to=None))
    with pytest.raises(RuleDataError, match=re.escape("NĐ 152/2025 Đ4 k1")):
        rulebook_from_data(after)


def test_a_title_implies_the_titles_whose_standard_it_requires_the_same_year_luat_2022_d23_k1():
    """CSTĐCS needs LĐTT's standard of the same year (Luật TĐKT 2022 Đ23 k1, the meets_title rule): someone proposed
    for CSTĐCS counts as LĐTT too. Read from the data, not a list in code: without that rule, nothing is implied."""
    day = datetime.date(2025, 12, 31)
    assert BOOK.titles_implied({"CSTDCS"}, on=day) == {"CSTDCS", "LDTT"}
    assert BOOK.titles_implied({"LDTT"}, on=day) == {"LDTT"}
    assert BOOK.titles_implied({"BK_TINH"}, on=day) == {"BK_TINH"}, "a chain is not a same-year standard"
    assert BOOK.titles_implied((), on=day) == frozenset()
    data = raw()
    data["rules"] = [row for row in data["rules"] if row["id"] != "CSTDCS.meets_title.2024"]
    assert rulebook_from_data(data).titles_implied({"CSTDCS"}, on=day) == {"CSTDCS"}
