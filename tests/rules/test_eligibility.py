"""Eligibility rules judged on plain facts (no database). Each test names the article it proves."""

import datetime

from django.utils import translation

from workflows.rules.eligibility import chain_progress, judge, rating_quota, title_share
from workflows.rules.facts import (
    Discipline,
    Hold,
    Initiative,
    InitiativeUse,
    Leave,
    MemberFacts,
    NomineeFacts,
    Proposal,
    RatedGroup,
    ShareFacts,
    UnitFacts,
)
from workflows.rules.rulebook import rulebook_load

BOOK = rulebook_load()
D = datetime.date


def person(ratings=None, titles=None, **facts):
    return NomineeFacts(
        "NV001",
        ratings=ratings or {},
        titles={year: frozenset(codes) for year, codes in (titles or {}).items()},
        **facts,
    )


def codes(judgement, *, blocking=None):
    return {f.code for f in judgement.findings if blocking is None or f.blocks == blocking}


def one(judgement, code):
    (finding,) = [f for f in judgement.findings if f.code == code]
    return finding


# ---- Rating gates ------------------------------------------------------------------------------------------


def test_ldtt_needs_httnv_or_better_luat_2022_d24_k1():
    for rating, blocked in (("htxsnv", False), ("httnv", False), ("htnv", True), ("khtnv", True)):
        judgement = judge(book=BOOK, subject=person({2025: rating}), proposal=Proposal("LDTT", 2025))
        assert judgement.blocked is blocked, rating
    finding = one(judge(book=BOOK, subject=person({2025: "htnv"}), proposal=Proposal("LDTT", 2025)), "rating_below")
    assert finding.citation == "Luật TĐKT 2022 Đ24 k1"
    assert finding.message == "Xếp loại năm 2025 là HTNV; LĐTT cần HTTNV trở lên."
    assert finding.facts == {"rating": "htnv", "year": 2025}


def test_ldtt_without_a_rating_for_the_year_is_blocked_luat_2022_d24_k1():
    judgement = judge(book=BOOK, subject=person({2024: "htxsnv"}), proposal=Proposal("LDTT", 2025))
    assert codes(judgement, blocking=True) == {"rating_missing"}


def test_cstdcs_with_htxsnv_and_the_ldtt_standard_passes_luat_2022_d23():
    judgement = judge(book=BOOK, subject=person({2025: "htxsnv"}), proposal=Proposal("CSTDCS", 2025))
    assert judgement.findings == ()


def test_cstdcs_rated_httnv_needs_an_initiative_or_science_work_luat_2022_d23():
    plain = person({2025: "httnv"})
    judgement = judge(book=BOOK, subject=plain, proposal=Proposal("CSTDCS", 2025))
    assert codes(judgement, blocking=True) == {"excellence_missing"}
    assert one(judgement, "excellence_missing").citation == "Luật TĐKT 2022 Đ23 k1"
    with_initiative = person({2025: "httnv"}, initiatives=(Initiative("SK-1", "co_so", 2025),))
    assert not judge(book=BOOK, subject=with_initiative, proposal=Proposal("CSTDCS", 2025)).blocked
    with_science = person({2025: "httnv"}, initiatives=(Initiative("DT-1", "co_so", 2025, kind="science"),))
    assert not judge(book=BOOK, subject=with_science, proposal=Proposal("CSTDCS", 2025)).blocked
    last_year = person({2025: "httnv"}, initiatives=(Initiative("SK-0", "co_so", 2024),))
    assert judge(book=BOOK, subject=last_year, proposal=Proposal("CSTDCS", 2025)).blocked


def test_cstdcs_needs_the_ldtt_standard_of_the_same_year_luat_2022_d23_k1():
    """An initiative does not make up for a rating below HTTNV: the LĐTT standard comes first."""
    subject = person({2025: "htnv"}, initiatives=(Initiative("SK-1", "co_so", 2025),))
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("CSTDCS", 2025))
    assert codes(judgement, blocking=True) == {"meets_title", "rating_below"}
    assert one(judgement, "meets_title").message.startswith("CSTĐCS năm 2025 cần đạt tiêu chuẩn LĐTT cùng năm")


# ---- Chains ------------------------------------------------------------------------------------------------


def test_cstd_tinh_with_three_consecutive_cstdcs_and_a_provincial_initiative_passes_luat_2022_d22():
    subject = person(
        {2023: "htxsnv", 2024: "htxsnv", 2025: "htxsnv"},
        {2023: {"LDTT", "CSTDCS"}, 2024: {"LDTT", "CSTDCS"}, 2025: {"LDTT", "CSTDCS"}},
        initiatives=(Initiative("SK-T", "tinh_bo", 2024),),
    )
    assert judge(book=BOOK, subject=subject, proposal=Proposal("CSTD_TINH", 2025)).findings == ()


def test_cstd_tinh_counts_this_years_cstdcs_proposed_in_the_same_round_luat_2022_d22():
    subject = person(
        {2025: "htxsnv"}, {2023: {"CSTDCS"}, 2024: {"CSTDCS"}}, initiatives=(Initiative("SK-T", "tinh_bo", 2025),)
    )
    alone = judge(book=BOOK, subject=subject, proposal=Proposal("CSTD_TINH", 2025))
    assert one(alone, "chain_short").params["missing"] == "2025"
    together = judge(book=BOOK, subject=subject, proposal=Proposal("CSTD_TINH", 2025, frozenset({"CSTDCS"})))
    assert not together.blocked


def test_a_gap_year_breaks_the_cstd_tinh_chain_luat_2022_d22():
    """'3 lần liên tục': CSTĐCS in 2022, 2023 and 2025 with nothing in 2024 is not a chain of three."""
    subject = person(
        {2025: "htxsnv"},
        {2022: {"CSTDCS"}, 2023: {"CSTDCS"}, 2025: {"CSTDCS"}},
        initiatives=(Initiative("SK-T", "tinh_bo", 2025),),
    )
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("CSTD_TINH", 2025))
    finding = one(judgement, "chain_short")
    assert finding.blocks
    assert finding.citation == "Luật TĐKT 2022 Đ22"
    assert finding.facts["years_reached"] == [2023, 2025]
    assert finding.message == (
        "CSTĐ tỉnh năm 2025 cần 3 năm liên tục đạt CSTĐCS đến năm 2025; các năm đã tính: 2023, 2025; còn thiếu: 2024."
    )


def test_cstd_tinh_needs_an_initiative_of_provincial_scope_not_a_unit_one_luat_2022_d22():
    history = {2023: {"CSTDCS"}, 2024: {"CSTDCS"}, 2025: {"CSTDCS"}}
    unit_level = person({2025: "htxsnv"}, history, initiatives=(Initiative("SK-1", "co_so", 2025),))
    judgement = judge(book=BOOK, subject=unit_level, proposal=Proposal("CSTD_TINH", 2025))
    assert codes(judgement, blocking=True) == {"chain_initiatives_short"}
    with translation.override("vi"):
        assert "cấp tỉnh/bộ trở lên" in one(judgement, "chain_initiatives_short").message


def test_bang_khen_by_two_consecutive_cstdcs_luat_2022_d74_k1_d():
    subject = person({2025: "httnv"}, {2024: {"CSTDCS"}, 2025: {"CSTDCS"}})
    assert not judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2025)).blocked
    assert not judge(book=BOOK, subject=subject, proposal=Proposal("BK_BO", 2025)).blocked


def test_bang_khen_by_two_years_htxsnv_and_two_initiatives_luat_2022_d74_k1_d():
    initiatives = (Initiative("SK-1", "co_so", 2024), Initiative("SK-2", "co_so", 2025))
    subject = person({2024: "htxsnv", 2025: "htxsnv"}, initiatives=initiatives)
    assert not judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2025)).blocked
    one_initiative = person({2024: "htxsnv", 2025: "htxsnv"}, initiatives=initiatives[:1])
    judgement = judge(book=BOOK, subject=one_initiative, proposal=Proposal("BK_TINH", 2025))
    assert codes(judgement, blocking=True) == {"chain_short", "chain_initiatives_short"}


def test_bang_khen_shows_every_route_that_fails_luat_2022_d74_k1_d():
    subject = person({2024: "httnv", 2025: "htxsnv"}, {2025: {"CSTDCS"}})
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2025))
    assert [f.facts["route"] for f in judgement.findings if f.code == "chain_short"] == [0, 1]


def test_people_short_of_a_chain_in_the_same_way_share_a_finding_and_each_reads_their_own_shortfall():
    """A batch makes a chain's findings once for those who fall short in the same way; whoever falls short
    otherwise (other years, other initiatives, a discipline) gets their own."""
    book = rulebook_load()
    history = {2024: {"CSTDCS"}, 2025: {"CSTDCS"}}
    first, second = person({2025: "httnv"}, history), person({2025: "httnv"}, history)
    first_findings = judge(book=book, subject=first, proposal=Proposal("CSTD_TINH", 2025)).findings
    second_findings = judge(book=book, subject=second, proposal=Proposal("CSTD_TINH", 2025)).findings
    assert first_findings == second_findings
    assert [f.params["missing"] for f in first_findings if f.code == "chain_short"] == ["2023"]

    gap = person({2025: "httnv"}, {2023: {"CSTDCS"}, 2025: {"CSTDCS"}})
    assert one(judge(book=book, subject=gap, proposal=Proposal("CSTD_TINH", 2025)), "chain_short").facts[
        "years_reached"
    ] == [2023, 2025]
    with_initiative = person({2025: "httnv"}, history, initiatives=(Initiative("SK-T", "tinh_bo", 2024),))
    assert codes(judge(book=book, subject=with_initiative, proposal=Proposal("CSTD_TINH", 2025))) == {"chain_short"}
    disciplined = person(
        {2025: "httnv"}, history, disciplines=(Discipline("khien_trach", D(2023, 3, 1), D(2023, 12, 31)),)
    )
    finding = one(judge(book=book, subject=disciplined, proposal=Proposal("CSTD_TINH", 2025)), "chain_short")
    assert finding.facts["counted_from"] == "2024-01-01"
    assert "thành tích chỉ tính từ 01/01/2024" in finding.message
    assert (
        "thành tích chỉ tính từ"
        not in one(judge(book=book, subject=second, proposal=Proposal("CSTD_TINH", 2025)), "chain_short").message
    )


def test_collective_bang_khen_by_two_years_ttldxs_or_htxsnv_is_a_warning_from_another_provinces_rule():
    """Bắc Ninh QĐ 86/2025 Đ3 k3c (inferred for this province): warns, never blocks."""
    unit = UnitFacts("P1", ratings={2024: "httnv", 2025: "htxsnv"}, titles={2024: frozenset({"TTLDTT"})})
    judgement = judge(book=BOOK, subject=unit, proposal=Proposal("BK_TINH", 2025))
    assert codes(judgement) == {"chain_short"} and not judgement.blocked
    good = UnitFacts("P1", ratings={2024: "htxsnv", 2025: "htxsnv"})
    assert judge(book=BOOK, subject=good, proposal=Proposal("BK_TINH", 2025)).findings == ()


def test_chain_progress_says_who_completes_a_chain_this_year():
    """Luật TĐKT 2022 Đ22 (3 × CSTĐCS) and Đ74 k1d (2 × CSTĐCS), for the eligibility page:
    '2 năm liên tục CSTĐCS: năm nay đạt thì đủ điều kiện Bằng khen'."""
    subject = person({2024: "httnv"}, {2024: {"CSTDCS"}, 2023: {"CSTDCS"}, 2021: {"CSTDCS"}})
    statuses = {(s.title, s.route): s for s in chain_progress(book=BOOK, subject=subject, year=2025)}
    assert statuses[("BK_TINH", 0)].run == 2 and statuses[("BK_TINH", 0)].completes_this_year
    assert statuses[("CSTD_TINH", 0)].run == 2 and statuses[("CSTD_TINH", 0)].completes_this_year
    assert statuses[("BK_TINH", 1)].run == 0 and not statuses[("BK_TINH", 1)].completes_this_year


# ---- Collectives -------------------------------------------------------------------------------------------


def members(ldtt: int, others: int, **extra):
    made = [MemberFacts(f"A{i}", "httnv", frozenset({"LDTT"})) for i in range(ldtt)]
    made += [MemberFacts(f"B{i}", "htnv") for i in range(others)]
    return tuple(made)


def test_ttldtt_needs_at_least_70_percent_of_members_ldtt_luat_2022_d28_k1_c():
    exactly = UnitFacts("P1", ratings={2025: "httnv"}, members=members(7, 3))
    assert judge(book=BOOK, subject=exactly, proposal=Proposal("TTLDTT", 2025)).findings == ()
    below = UnitFacts("P1", ratings={2025: "httnv"}, members=members(6, 3))  # 66.7 %
    finding = one(judge(book=BOOK, subject=below, proposal=Proposal("TTLDTT", 2025)), "members_title_short")
    assert finding.blocks and finding.facts == {"title": "LDTT", "have": 6, "total": 9}
    assert finding.citation.startswith("Luật TĐKT 2022 Đ28 k1 điểm c")


def test_ttldtt_is_refused_when_a_member_is_disciplined_at_canh_cao_or_above_luat_2022_d28_k1_c():
    """Đ28 k1c: 'không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên'; a khiển trách does not block."""
    base = members(9, 0)
    reprimanded = UnitFacts(
        "P1", ratings={2025: "httnv"}, members=(*base, MemberFacts("C", "httnv", frozenset({"LDTT"}), "khien_trach"))
    )
    assert not judge(book=BOOK, subject=reprimanded, proposal=Proposal("TTLDTT", 2025)).blocked
    warned = UnitFacts(
        "P1", ratings={2025: "httnv"}, members=(*base, MemberFacts("C", "httnv", frozenset({"LDTT"}), "canh_cao"))
    )
    finding = one(judge(book=BOOK, subject=warned, proposal=Proposal("TTLDTT", 2025)), "members_disciplined")
    assert finding.blocks and finding.facts == {"staff": ["C"]}
    assert finding.message == "TTLĐTT: 1 thành viên bị kỷ luật từ cảnh cáo trở lên trong năm 2025 (C)."


def test_ttldxs_needs_htxs_all_members_completing_70_percent_ldtt_and_a_cstdcs_luat_2022_d27():
    crew = (*members(8, 2), MemberFacts("S", "htxsnv", frozenset({"LDTT", "CSTDCS"})))
    good = UnitFacts("P1", ratings={2025: "htxsnv"}, members=crew)
    assert judge(book=BOOK, subject=good, proposal=Proposal("TTLDXS", 2025)).findings == ()
    no_cstdcs = UnitFacts("P1", ratings={2025: "htxsnv"}, members=members(8, 2))
    assert codes(judge(book=BOOK, subject=no_cstdcs, proposal=Proposal("TTLDXS", 2025))) == {"members_title_count"}
    one_failing = UnitFacts("P1", ratings={2025: "httnv"}, members=(*crew, MemberFacts("K", "khtnv")))
    assert codes(judge(book=BOOK, subject=one_failing, proposal=Proposal("TTLDXS", 2025))) == {
        "rating_below",
        "members_rating_short",
    }


# ---- Holds, disciplines, maternity leave -------------------------------------------------------------------


def test_an_open_inspection_holds_the_nomination_nd_152_d4_k4():
    subject = person({2025: "httnv"}, holds=(Hold("inspection", D(2025, 11, 1)),))
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2025, as_of=D(2025, 12, 10)))
    finding = one(judgement, "held")
    assert finding.blocks and finding.citation == "NĐ 152/2025 Đ4 k4"
    assert (
        finding.message
        == "Đang trong thời gian thanh tra, kiểm tra (từ 01/11/2025): chưa khen thưởng hoặc đề nghị khen thưởng."
    )
    with translation.override("en"):
        assert "inspection" in finding.message.lower()


def test_a_concluded_complaint_no_longer_holds_the_nomination_nd_152_d4_k4():
    subject = person({2025: "httnv"}, holds=(Hold("complaint", D(2025, 3, 1), D(2025, 5, 31)),))
    assert not judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2025, as_of=D(2025, 12, 10))).findings


def test_under_nd_98_a_hold_only_warns_because_the_article_is_not_verified():
    subject = person({2024: "httnv"}, holds=(Hold("discipline_review", D(2024, 11, 1)),))
    finding = one(judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2024)), "held")
    assert not finding.blocks and finding.rule_id == "ALL.hold_pending.2024"


def test_discipline_ending_mid_year_keeps_that_year_out_and_counts_from_its_end_nd_152_d4_k4():
    """Khiển trách served from 01/03/2024 to 28/02/2025: achievements count from 01/03/2025 — the 2025 title is
    not considered, 2026 is."""
    discipline = (Discipline("khien_trach", D(2024, 3, 1), D(2025, 2, 28)),)
    subject = person({2025: "httnv", 2026: "httnv"}, disciplines=discipline)
    finding = one(judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2025)), "discipline_not_served")
    assert finding.blocks
    assert finding.message == (
        "Bị kỷ luật (khiển trách) đến hết 28/02/2025: thành tích chỉ được tính từ 01/03/2025, năm 2025 chưa được xét."
    )
    assert "discipline_not_served" not in codes(judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2026)))


def test_years_before_a_discipline_ended_do_not_count_in_a_chain_nd_152_d4_k4():
    discipline = (Discipline("khien_trach", D(2024, 3, 1), D(2024, 12, 31)),)
    subject = person(
        {2025: "httnv", 2026: "httnv"}, {2024: {"CSTDCS"}, 2025: {"CSTDCS"}, 2026: {"CSTDCS"}}, disciplines=discipline
    )
    bk_2026 = judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2026))
    assert not bk_2026.blocked
    bk_2025 = judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2025))
    chain_findings = [f for f in bk_2025.findings if f.code == "chain_short"]
    assert chain_findings and chain_findings[0].facts["years_reached"] == [2025]
    assert "thành tích chỉ tính từ 01/01/2025" in chain_findings[0].message


def test_maternity_leave_counts_as_time_worked_nd_152_d4_k5():
    maternity = person({2025: "httnv"}, leaves=(Leave("maternity", D(2025, 2, 1), D(2025, 7, 31)),))
    assert judge(book=BOOK, subject=maternity, proposal=Proposal("LDTT", 2025)).findings == ()
    unpaid = person({2025: "httnv"}, leaves=(Leave("unpaid", D(2025, 2, 1), D(2025, 7, 31)),))
    finding = one(judge(book=BOOK, subject=unpaid, proposal=Proposal("LDTT", 2025)), "time_worked_short")
    assert not finding.blocks  # the 10-month minimum is inferred, so it only warns
    assert finding.params == {"year": 2025, "months": 6, "min": 10}


def test_time_worked_at_exactly_ten_months_is_enough():
    """The 10-month minimum (inferred, beside NĐ 152/2025 Đ4 k5) at its edge: 305 days of 365 is 10 months."""
    hired = person({2025: "httnv"}, employed_from=D(2025, 3, 4))  # 303 of 365 days = 9.96 months
    assert "time_worked_short" in codes(judge(book=BOOK, subject=hired, proposal=Proposal("LDTT", 2025)))
    hired = person({2025: "httnv"}, employed_from=D(2025, 3, 3))  # 304 days = 9.99… still short
    assert "time_worked_short" in codes(judge(book=BOOK, subject=hired, proposal=Proposal("LDTT", 2025)))
    hired = person({2025: "httnv"}, employed_from=D(2025, 3, 2))  # 305 days × 12 = 3660 ≥ 3650
    assert "time_worked_short" not in codes(judge(book=BOOK, subject=hired, proposal=Proposal("LDTT", 2025)))


# ---- An initiative carries one title of a level ------------------------------------------------------------


def test_an_initiative_used_for_cstdcs_cannot_carry_cstdcs_again_luat_2022_d5_k2c():
    used = Initiative("SK-1", "co_so", 2025, used_for=(InitiativeUse("CSTDCS", 2024),))
    subject = person({2025: "httnv"}, initiatives=(used,))
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("CSTDCS", 2025, initiative_ids=("SK-1",)))
    assert codes(judgement, blocking=True) == {"excellence_missing", "initiative_used"}
    assert one(judgement, "excellence_missing").facts["initiatives_reused"] == ["SK-1"]
    finding = one(judgement, "initiative_used")
    assert finding.citation == "Luật TĐKT 2022 Đ5 k2 điểm c; Công văn 5007/BNV-TĐKT năm 2023"
    assert finding.message == "Sáng kiến SK-1 đã dùng để xét CSTĐCS năm 2024; không dùng lại cho CSTĐCS."


def test_the_initiative_of_this_very_proposal_is_not_counted_as_a_reuse():
    """Luật TĐKT 2022 Đ5 k2c forbids a second reward for one achievement, not the first one being recorded."""
    own = Initiative("SK-1", "co_so", 2025, used_for=(InitiativeUse("CSTDCS", 2025),))
    subject = person({2025: "httnv"}, initiatives=(own,))
    assert not judge(book=BOOK, subject=subject, proposal=Proposal("CSTDCS", 2025, initiative_ids=("SK-1",))).blocked


def test_an_initiative_used_for_a_title_is_not_reused_for_an_award_cv_5007_bnv():
    initiatives = (
        Initiative("SK-1", "co_so", 2024, used_for=(InitiativeUse("CSTDCS", 2024),)),
        Initiative("SK-2", "co_so", 2025),
    )
    subject = person({2024: "htxsnv", 2025: "htxsnv"}, initiatives=initiatives)
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2025))
    finding = one(judgement, "chain_initiatives_short")
    assert finding.facts["initiatives_reused"] == ["SK-1"] and finding.params["have"] == 1


def test_a_provincial_initiative_may_carry_cstd_tinh_after_a_unit_level_title():
    """Different levels: a sáng kiến that carried CSTĐCS may still carry CSTĐ tỉnh (Luật 2022 Đ22)."""
    initiative = Initiative("SK-T", "tinh_bo", 2025, used_for=(InitiativeUse("CSTDCS", 2025),))
    subject = person(
        {2025: "htxsnv"}, {2023: {"CSTDCS"}, 2024: {"CSTDCS"}, 2025: {"CSTDCS"}}, initiatives=(initiative,)
    )
    assert not judge(book=BOOK, subject=subject, proposal=Proposal("CSTD_TINH", 2025, initiative_ids=("SK-T",))).blocked


# ---- The periods of law ------------------------------------------------------------------------------------


def test_a_2025_dossier_examined_in_2026_is_judged_by_2025s_rules():
    """Brief §0: evaluate each dossier under the rule set of its achievement year. Examined on 15/03/2026 (when
    Luật 06/2026 is about to apply), a 2025 dossier uses NĐ 152's 2025 rules and no 2026 period warning."""
    subject = person({2025: "httnv"}, holds=(Hold("inspection", D(2026, 3, 1)),))
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2025, as_of=D(2026, 3, 15)))
    assert judgement.period.code == "ND152"
    assert "law_period_unverified" not in codes(judgement)
    assert {rule.id for rule in judgement.rules} == {
        "LDTT.rating_gate.2024",
        "ALL.hold_pending.2025",
        "ALL.discipline_served.2025",
        "ALL.time_worked.2025",
        "ALL.initiative_once.2024",
    }
    assert one(judgement, "held").blocks  # the hold is judged on the day of examination


def test_a_2024_dossier_is_judged_under_nd_98_and_a_2026_one_warns_that_luat_06_2026_is_unverified():
    """Brief §0 and §9.7: NĐ 98/2023 for 2024; Luật 06/2026/QH16 from 01/10/2026 (secondary sources only)."""
    subject = person({2024: "httnv", 2026: "httnv"})
    assert judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2024)).period.code == "ND98"
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2026))
    assert judgement.period.code == "LUAT_06_2026" and not judgement.blocked
    assert one(judgement, "law_period_unverified").params["year"] == 2026


def test_a_year_beyond_every_known_period_warns_that_the_rules_need_updating():
    """NĐ 152/2025 Đ60 k1: the decree expires on 01/03/2027; the rules for 2027 are not known."""
    judgement = judge(book=BOOK, subject=person({2027: "httnv"}), proposal=Proposal("LDTT", 2027))
    assert judgement.period is None and "law_period_unknown" in codes(judgement)


# ---- Quotas and targets ------------------------------------------------------------------------------------


def group(htxs: int, htt: int, *, unit_rating="httnv", staff_kind="cong_chuc"):
    return RatedGroup("P1", "chuyên viên", staff_kind, ("htxsnv",) * htxs + ("httnv",) * htt, unit_rating)


def test_htxsnv_is_at_most_20_percent_of_those_rated_httnv_qd_366_d11_nd_90_d2():
    assert rating_quota(book=BOOK, year=2025, group=group(2, 10)) == []
    (finding,) = rating_quota(book=BOOK, year=2025, group=group(3, 10))
    assert finding.blocks and finding.facts["percent"] == 20
    assert finding.citation == "NĐ 90/2020 Đ2 (bổ sung bởi NĐ 48/2023 Đ1 k1); QĐ 366-QĐ/TW năm 2025 Đ11 mục 1.5"
    assert finding.params["allowed"] == 2


def test_the_quota_message_names_the_duty_group_only_when_there_is_one_qd_366_d11():
    (named,) = rating_quota(book=BOOK, year=2025, group=group(3, 10))
    assert named.message.startswith("P1, nhóm chuyên viên: 3 người xếp loại")
    whole_unit = RatedGroup("P1", "", "cong_chuc", ("htxsnv",) * 3 + ("httnv",) * 10, "httnv")
    (unnamed,) = rating_quota(book=BOOK, year=2025, group=whole_unit)
    assert unnamed.message.startswith("P1: 3 người xếp loại") and "nhóm" not in unnamed.message


def test_an_htxsnv_unit_may_rate_25_percent_qd_366_d11():
    assert rating_quota(book=BOOK, year=2025, group=group(3, 12, unit_rating="htxsnv")) == []
    assert rating_quota(book=BOOK, year=2025, group=group(4, 12, unit_rating="htxsnv"))


def test_from_july_2026_vien_chuc_follow_nd_233_and_cong_chuc_only_warn_nd_233_2026_d12_k6():
    (vien_chuc,) = rating_quota(book=BOOK, year=2026, group=group(3, 10, staff_kind="vien_chuc"))
    assert vien_chuc.blocks and vien_chuc.rule_id == "HTXSNV.rating_quota.2026.vien_chuc"
    (cong_chuc,) = rating_quota(book=BOOK, year=2026, group=group(3, 10, staff_kind="cong_chuc"))
    assert not cong_chuc.blocks and cong_chuc.rule_id == "HTXSNV.rating_quota.2026.cong_chuc"


def test_the_15_percent_cstdcs_is_counted_on_ldtt_achievers_and_only_warns_as_a_target():
    """Brief §1.1: NĐ 91/2017 Đ9 k3's cap ended 01/01/2024; the programme's 15 % is a target on LĐTT achievers."""
    at_limit = ShareFacts({"LDTT": 40, "CSTDCS": 6}, staff_count=50)
    assert title_share(book=BOOK, year=2025, facts=at_limit) == []
    (finding,) = title_share(book=BOOK, year=2025, facts=ShareFacts({"LDTT": 40, "CSTDCS": 7}, staff_count=50))
    assert not finding.blocks and finding.facts == {"mode": "target", "count": 7, "base": 40}


def test_the_15_percent_configured_as_a_cap_blocks():
    """NĐ 91/2017 Đ9 k3 made 15 % a cap; an agency that keeps it as a cap sets mode: cap and severity: blocks."""
    import yaml

    from workflows.rules.rulebook import DATA_FILE, rulebook_from_data

    with open(DATA_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    row = next(row for row in data["rules"] if row["id"] == "CSTDCS.title_share.2024")
    row["params"]["mode"], row["severity"], row["basis"] = "cap", "blocks", "stated"
    capped = rulebook_from_data(data)
    (finding,) = title_share(book=capped, year=2025, facts=ShareFacts({"LDTT": 40, "CSTDCS": 7}))
    assert finding.blocks


def test_ttldxs_target_of_at_least_10_percent_of_units_warns_when_missed():
    """Chương trình thi đua năm 2024: ít nhất 10 % đơn vị đạt TTLĐXS."""
    assert title_share(book=BOOK, year=2024, facts=ShareFacts({"LDTT": 0, "TTLDXS": 2}, unit_count=20)) == []
    (finding,) = title_share(book=BOOK, year=2024, facts=ShareFacts({"LDTT": 0, "TTLDXS": 1}, unit_count=20))
    assert not finding.blocks and finding.params["allowed"] == 2


def test_every_finding_message_has_an_english_translation():
    subject = person({2025: "htnv"}, holds=(Hold("complaint", D(2025, 1, 1)),))
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("CSTD_TINH", 2025))
    assert judgement.findings
    with translation.override("en"):
        for finding in judgement.findings:
            assert finding.message != translation.gettext_noop(finding.message_id) % dict(finding.params), finding.code


# ---- The data drives the rules -----------------------------------------------------------------------------


def test_a_threshold_changed_in_the_data_changes_the_judgement():
    """Thresholds live in eligibility.yaml, not in code: lowering TTLĐTT's 70 % (Luật 2022 Đ28 k1c) to 60 % lets a
    unit with 6 of 9 members LĐTT through."""
    import yaml

    from workflows.rules.rulebook import DATA_FILE, rulebook_from_data

    unit = UnitFacts("P1", ratings={2025: "httnv"}, members=members(6, 3))
    assert judge(book=BOOK, subject=unit, proposal=Proposal("TTLDTT", 2025)).blocked
    with open(DATA_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    row = next(row for row in data["rules"] if row["id"] == "TTLDTT.members_title_share.2024")
    row["params"]["requirements"][0]["min_percent"] = 60
    assert not judge(book=rulebook_from_data(data), subject=unit, proposal=Proposal("TTLDTT", 2025)).blocked


def test_every_rule_kind_in_the_data_has_a_function():
    from workflows.rules.eligibility import KIND_FUNCTIONS

    group_kinds = {"rating_quota", "title_share"}
    for rule in BOOK.rules:
        assert rule.kind in KIND_FUNCTIONS or (rule.kind in group_kinds and rule.scope == "group"), rule.id


def test_a_finding_survives_a_json_round_trip_and_is_shown_in_the_readers_language():
    """Findings are kept on the case (a warning accepted with a reason) and shown later in either language."""
    import json

    from workflows.rules.findings import Finding

    discipline = (Discipline("canh_cao", D(2025, 1, 15), D(2025, 7, 14)),)
    holds = (Hold("inspection", D(2025, 10, 1)),)
    subject = person({2025: "httnv"}, disciplines=discipline, holds=holds)
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("LDTT", 2025))
    assert codes(judgement) == {"discipline_not_served", "held"}
    for finding in judgement.findings:
        again = Finding.from_dict(json.loads(json.dumps(finding.as_dict())))
        assert again == finding
        with translation.override("en"):
            english = again.message
        assert english != finding.message
    with translation.override("en"):
        assert one(judgement, "discipline_not_served").message == (
            "Under discipline (warning) until 14/07/2025: achievements count only from 15/07/2025, "
            "so 2025 cannot be considered."
        )


def test_bang_khen_with_a_single_cstdcs_year_is_short_luat_2022_d74_k1_d():
    subject = person({2025: "httnv"}, {2025: {"CSTDCS"}})
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2025))
    route0 = next(f for f in judgement.findings if f.code == "chain_short" and f.facts["route"] == 0)
    assert route0.blocks and route0.facts["years_reached"] == [2025]
    assert route0.citation.startswith("Luật TĐKT 2022 Đ74 k1 điểm d")


def test_cstd_tinh_missing_both_years_and_the_initiative_says_both_luat_2022_d22():
    subject = person({2025: "htxsnv"}, {2024: {"CSTDCS"}, 2025: {"CSTDCS"}})
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("CSTD_TINH", 2025))
    assert codes(judgement, blocking=True) == {"chain_short", "chain_initiatives_short"}
    assert one(judgement, "chain_short").params["missing"] == "2023"


def test_an_initiative_the_dossier_cites_but_the_person_does_not_have_is_named_luat_2022_d5_k2c():
    subject = person({2025: "htxsnv"})
    judgement = judge(book=BOOK, subject=subject, proposal=Proposal("CSTDCS", 2025, initiative_ids=("SK-9",)))
    finding = one(judgement, "initiative_unknown")
    assert finding.params == {"id": "SK-9"} and finding.blocks


# ---- The initiatives the dossier names ---------------------------------------------------------------------


def test_the_named_initiatives_are_the_ones_counted_else_any_of_the_nominees_luat_2022_d23_d5_k2c():
    """Luật TĐKT 2022 Đ23 (CSTĐCS by an initiative) and Đ5 k2c, CV 5007/BNV-TĐKT (one use): when the dossier names
    SK-2, already used for a Giấy khen, SK-1 being free does not save it; with nothing named, SK-1 carries it."""
    free = Initiative("SK-1", "co_so", 2025)
    used = Initiative("SK-2", "co_so", 2025, used_for=(InitiativeUse("GK_TRUONG_BAN", 2025),))
    subject = person({2025: "httnv"}, initiatives=(free, used))

    named_used = judge(book=BOOK, subject=subject, proposal=Proposal("CSTDCS", 2025, initiative_ids=("SK-2",)))
    assert codes(named_used, blocking=True) == {"excellence_missing", "initiative_used"}
    assert one(named_used, "initiative_used").citation == "Luật TĐKT 2022 Đ5 k2 điểm c; Công văn 5007/BNV-TĐKT năm 2023"
    named_free = judge(book=BOOK, subject=subject, proposal=Proposal("CSTDCS", 2025, initiative_ids=("SK-1",)))
    assert not named_free.blocked
    assert not judge(book=BOOK, subject=subject, proposal=Proposal("CSTDCS", 2025)).blocked, "inferred: SK-1"


def test_a_chain_counts_only_the_named_initiatives_luat_2022_d74_k1_d():
    """Bằng khen by 2 years HTXSNV and 2 initiatives (Luật TĐKT 2022 Đ74 k1 điểm d): naming one of the two is
    one short."""
    initiatives = (Initiative("SK-1", "co_so", 2024), Initiative("SK-2", "co_so", 2025))
    subject = person({2024: "htxsnv", 2025: "htxsnv"}, initiatives=initiatives)

    one_named = judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2025, initiative_ids=("SK-1",)))
    finding = one(one_named, "chain_initiatives_short")
    assert finding.blocks and finding.params["have"] == 1 and finding.facts["initiatives"] == ["SK-1"]
    both = judge(book=BOOK, subject=subject, proposal=Proposal("BK_TINH", 2025, initiative_ids=("SK-1", "SK-2")))
    assert not both.blocked


def test_which_titles_rest_on_initiatives_is_read_from_the_rules_luat_2022_d22_d23_d74():
    day = D(2025, 12, 31)
    assert {code for code in BOOK.titles if BOOK.title_uses_initiatives(code, on=day)} == {
        "CSTDCS",
        "CSTD_TINH",
        "BK_TINH",
        "BK_BO",
    }
