"""The facts the eligibility rules judge, read from the database for whole units in a fixed number of queries."""

import datetime
import gc

import pytest
from django.core.exceptions import ValidationError

from people.models import OrgUnit, Staff
from people.records import discipline_record, hold_record, leave_record, staff_rating_set, unit_rating_set
from tests.factories import OrgUnitFactory, StaffFactory
from workflows.eligibility_facts import eligibility_facts, eligibility_facts_for_unit, eligibility_judge
from workflows.initiatives import initiative_carry, initiative_record
from workflows.models import AwardTitle, Commendation
from workflows.rules import facts
from workflows.rules.eligibility import judge
from workflows.rules.rulebook import rulebook_load
from workflows.services import reference_data_load

D = datetime.date
BOOK = rulebook_load()
QUERIES = 8  # staff, units, ratings, title codes, commendations, initiatives, their uses, holds/disciplines/leave


def commend(subject, title: str, year: int) -> Commendation:
    """A commendation as the history import writes it (decided by the Board at the end of the year); one the demo's
    history already holds is kept."""
    whom = {"unit": subject} if isinstance(subject, OrgUnit) else {"staff": subject}
    commendation, _created = Commendation.objects.get_or_create(
        **whom,
        title=AwardTitle.objects.get(code=title),
        year=year,
        defaults={
            "decision_number": f"{year}/QĐ-BQL",
            "decision_date": D(year, 12, 20),
            "decided_by": "Ban Quản lý Khu kinh tế",
        },
    )
    return commendation


def crew(unit, size: int) -> list[Staff]:
    people = StaffFactory.create_batch(size, unit=unit)
    for index, person in enumerate(people):
        for year in (2023, 2024, 2025):
            staff_rating_set(staff=person, year=year, rating="htxsnv" if index % 3 == 0 else "httnv")
            commend(person, "LDTT", year)
    return people


@pytest.fixture
def titles(db):
    reference_data_load()


def test_a_persons_facts_hold_ratings_history_initiatives_holds_disciplines_and_leave(titles):
    unit = OrgUnitFactory(code="QLDT")
    anh, binh = StaffFactory(unit=unit, staff_code="NV1"), StaffFactory(unit=unit, staff_code="NV2")
    staff_rating_set(staff=anh, year=2024, rating="htxsnv", duty_group="chuyen_vien")
    staff_rating_set(staff=anh, year=2025, rating="httnv", duty_group="chuyen_vien")
    staff_rating_set(staff=binh, year=2025, rating="htnv")
    commend(anh, "CSTDCS", 2024)
    ldtt = commend(anh, "LDTT", 2024)
    initiative = initiative_record(
        staff=anh,
        name="Số hóa hồ sơ đầu tư",
        level="tinh_bo",
        year=2024,
        decision_number="12/QĐ-UBND",
        decision_date=D(2024, 11, 5),
    )
    initiative_carry(initiative=initiative, commendation=ldtt)
    hold_record(staff=anh, kind="inspection", start=D(2025, 9, 1))
    discipline_record(staff=binh, level="canh_cao", start=D(2025, 3, 1), end=D(2026, 2, 28))
    leave_record(staff=anh, kind="maternity", start=D(2025, 2, 1), end=D(2025, 7, 31))

    batch = eligibility_facts_for_unit(unit=unit, year=2025)

    assert batch.people[anh.pk] == facts.NomineeFacts(
        staff_code="NV1",
        ratings={2024: "htxsnv", 2025: "httnv"},
        titles={2024: frozenset({"CSTDCS", "LDTT"})},
        initiatives=(
            facts.Initiative(str(initiative.pk), "tinh_bo", 2024, "initiative", (facts.InitiativeUse("LDTT", 2024),)),
        ),
        holds=(facts.Hold("inspection", D(2025, 9, 1), None),),
        leaves=(facts.Leave("maternity", D(2025, 2, 1), D(2025, 7, 31)),),
        staff_kind="cong_chuc",
    )
    assert batch.people[binh.pk].disciplines == (facts.Discipline("canh_cao", D(2025, 3, 1), D(2026, 2, 28)),)
    assert batch.duty_groups == {anh.pk: "chuyen_vien", binh.pk: ""}


def test_the_window_leaves_out_old_years_concluded_holds_and_served_disciplines(titles):
    person = StaffFactory(unit=OrgUnitFactory())
    staff_rating_set(staff=person, year=2019, rating="htxsnv")
    staff_rating_set(staff=person, year=2021, rating="httnv")
    commend(person, "CSTDCS", 2019)
    hold_record(staff=person, kind="complaint", start=D(2023, 1, 1), end=D(2024, 6, 30))
    hold_record(staff=person, kind="inspection", start=D(2024, 10, 1), end=D(2025, 1, 15))
    discipline_record(staff=person, level="khien_trach", start=D(2018, 1, 1), end=D(2018, 12, 31))
    leave_record(staff=person, kind="unpaid", start=D(2024, 1, 1), end=D(2024, 3, 31))

    found = eligibility_facts(units=[person.unit], year=2025).people[person.pk]

    assert found.ratings == {2021: "httnv"}
    assert found.titles == {}
    assert found.holds == (facts.Hold("inspection", D(2024, 10, 1), D(2025, 1, 15)),)
    assert found.disciplines == ()
    assert found.leaves == ()


def test_inactive_staff_and_other_units_are_not_in_the_batch(titles):
    unit, other = OrgUnitFactory(), OrgUnitFactory()
    here = StaffFactory(unit=unit)
    StaffFactory(unit=unit, is_active=False)
    StaffFactory(unit=other)

    batch = eligibility_facts(units=[unit], year=2025)

    assert list(batch.people) == [here.pk]
    assert list(batch.units) == [unit.pk]


def test_unit_facts_carry_the_units_rating_titles_and_members_of_the_year(titles):
    unit = OrgUnitFactory(code="TNMT")
    people = crew(unit, 4)
    unit_rating_set(unit=unit, year=2025, rating="htxsnv")
    commend(unit, "TTLDTT", 2024)
    discipline_record(staff=people[1], level="khien_trach", start=D(2025, 2, 1), end=D(2025, 7, 31))
    discipline_record(staff=people[1], level="canh_cao", start=D(2025, 8, 1), end=D(2026, 7, 31))
    discipline_record(staff=people[2], level="ha_bac_luong", start=D(2024, 5, 1), end=D(2025, 4, 30))

    batch = eligibility_facts(units=[unit.pk], year=2025)
    unit_facts = batch.units[unit.pk]

    assert unit_facts.unit_code == "TNMT"
    assert unit_facts.ratings == {2025: "htxsnv"}
    assert unit_facts.titles == {2024: frozenset({"TTLDTT"})}
    assert [member.staff_code for member in unit_facts.members] == sorted(p.staff_code for p in people)
    by_code = {member.staff_code: member for member in unit_facts.members}
    # the heaviest discipline decided in the year; one decided the year before is not this year's
    assert by_code[people[1].staff_code].discipline_level == "canh_cao"
    assert by_code[people[2].staff_code].discipline_level is None
    assert {member.titles for member in unit_facts.members} == {frozenset({"LDTT"})}
    assert {member.rating for member in unit_facts.members} == {"htxsnv", "httnv"}
    # Luật TĐKT 2022 Đ28: a member disciplined at cảnh cáo stops the TTLĐTT
    judgement = judge(book=BOOK, subject=unit_facts, proposal=facts.Proposal("TTLDTT", 2025))
    assert "members_disciplined" in {finding.code for finding in judgement.findings if finding.blocks}


def test_rated_groups_split_by_duty_group_and_staff_kind_and_carry_the_units_rating(titles):
    unit = OrgUnitFactory(code="TTDV")
    civil = StaffFactory(unit=unit)
    employees = StaffFactory.create_batch(3, unit=unit, category=Staff.Category.PUBLIC_EMPLOYEE)
    staff_rating_set(staff=civil, year=2025, rating="htxsnv")
    for person, rating in zip(employees, ("htxsnv", "httnv", "httnv"), strict=True):
        staff_rating_set(staff=person, year=2025, rating=rating, duty_group="ky_thuat")
    unit_rating_set(unit=unit, year=2025, rating="htxsnv")

    groups = {(g.duty_group, g.staff_kind): g for g in eligibility_facts(units=[unit], year=2025).rated_groups()}

    assert set(groups) == {("", "cong_chuc"), ("ky_thuat", "vien_chuc")}
    assert sorted(groups[("ky_thuat", "vien_chuc")].ratings) == ["httnv", "httnv", "htxsnv"]
    assert groups[("ky_thuat", "vien_chuc")].unit_rating == "htxsnv"


@pytest.mark.parametrize("units, size", [(1, 4), (5, 8)])
def test_the_facts_of_many_people_cost_a_fixed_number_of_queries(titles, django_assert_max_num_queries, units, size):
    made = [OrgUnitFactory() for _ in range(units)]
    for unit in made:
        people = crew(unit, size)
        initiative = initiative_record(
            staff=people[0],
            name="Sáng kiến",
            level="co_so",
            year=2025,
            decision_number="1",
            decision_date=D(2025, 6, 1),
        )
        initiative_carry(initiative=initiative, commendation=commend(people[0], "CSTDCS", 2025))
        hold_record(staff=people[1], kind="inspection", start=D(2025, 1, 1))
        discipline_record(staff=people[2], level="khien_trach", start=D(2025, 1, 1), end=D(2025, 12, 31))
        leave_record(staff=people[3], kind="maternity", start=D(2025, 1, 1), end=D(2025, 6, 30))

    with django_assert_max_num_queries(QUERIES):
        batch = eligibility_facts(units=made, year=2025)

    assert len(batch.people) == units * size
    assert all(len(person.ratings) == 3 and person.titles_in(2025) for person in batch.people.values())
    assert sum(len(person.initiatives[0].used_for) for person in batch.people.values() if person.initiatives) == units


def test_records_refuse_dates_out_of_order_and_unknown_codes(titles):
    person = StaffFactory(unit=OrgUnitFactory())
    with pytest.raises(ValidationError, match="ngày kết thúc"):
        leave_record(staff=person, kind="maternity", start=D(2025, 5, 1), end=D(2025, 4, 1))
    with pytest.raises(ValidationError, match="Mức xếp loại"):
        staff_rating_set(staff=person, year=2025, rating="xuat_sac")
    with pytest.raises(ValidationError, match="Hình thức kỷ luật"):
        discipline_record(staff=person, level="phat_tien", start=D(2025, 1, 1), end=D(2025, 2, 1))


def test_a_second_record_of_the_same_year_replaces_the_rating(titles):
    person = StaffFactory(unit=OrgUnitFactory())
    staff_rating_set(staff=person, year=2025, rating="httnv")
    staff_rating_set(staff=person, year=2025, rating="htxsnv")
    assert eligibility_facts(units=[person.unit], year=2025).people[person.pk].ratings == {2025: "htxsnv"}


def test_an_initiative_carries_only_its_authors_commendations(titles):
    author, other = StaffFactory(unit=OrgUnitFactory()), StaffFactory(unit=OrgUnitFactory())
    initiative = initiative_record(
        staff=author, name="Sáng kiến", level="co_so", year=2025, decision_number="1", decision_date=D(2025, 6, 1)
    )
    with pytest.raises(ValidationError, match="không phải của người được khen thưởng"):
        initiative_carry(initiative=initiative, commendation=commend(other, "CSTDCS", 2025))


def test_demo_person_proposed_for_cstd_tinh_with_a_gap_year_is_blocked_citing_luat_2022_d22(demo):
    """End to end: the demo's people, a few facts recorded, the rules judge from what the selector read."""
    person = Staff.objects.get(staff_code="QLDT004")
    staff_rating_set(staff=person, year=2025, rating="htxsnv")
    commend(person, "CSTDCS", 2023)
    initiative = initiative_record(
        staff=person,
        name="Quy trình một cửa điện tử cho nhà đầu tư",
        level="tinh_bo",
        year=2025,
        decision_number="45/QĐ-UBND",
        decision_date=D(2025, 10, 2),
    )
    proposal = facts.Proposal("CSTD_TINH", 2025, also_proposed=frozenset({"CSTDCS", "LDTT"}))

    nominee = eligibility_facts_for_unit(unit=person.unit, year=2025).people[person.pk]
    judgement = judge(book=BOOK, subject=nominee, proposal=proposal)

    assert nominee.initiatives == (facts.Initiative(str(initiative.pk), "tinh_bo", 2025),)
    blocking = [finding for finding in judgement.findings if finding.blocks]
    assert [finding.code for finding in blocking] == ["chain_short"]
    assert blocking[0].citation == "Luật TĐKT 2022 Đ22"

    commend(person, "CSTDCS", 2024)  # the missing link: 2023, 2024 and this year's CSTĐCS
    nominee = eligibility_facts_for_unit(unit=person.unit, year=2025).people[person.pk]
    assert not judge(book=BOOK, subject=nominee, proposal=proposal).blocked


def test_judging_a_batch_gives_each_person_and_unit_the_judgement_of_judging_them_alone(titles):
    unit = OrgUnitFactory()
    people = crew(unit, 3)
    commend(people[0], "CSTDCS", 2024)
    unit_rating_set(unit=unit, year=2025, rating="htxsnv")
    batch = eligibility_facts(units=[unit], year=2025)

    judged = eligibility_judge(book=BOOK, batch=batch, titles=("LDTT", "CSTD_TINH"), unit_titles=("TTLDTT",))

    assert gc.isenabled()
    for pk, person in batch.people.items():
        for title in ("LDTT", "CSTD_TINH"):
            alone = judge(book=BOOK, subject=person, proposal=facts.Proposal(title, 2025))
            assert judged.people[pk][title].findings == alone.findings
    assert not judged.people[people[0].pk]["LDTT"].blocked
    assert judged.people[people[0].pk]["CSTD_TINH"].blocked
    assert set(judged.units[unit.pk]) == {"TTLDTT"}


def test_a_collective_under_inspection_is_held_like_a_person_nd_152_d4_k4(titles):
    """NĐ 152/2025 Đ4 k4: no commendation while an inspection, complaint or discipline review is open — for a
    collective as for a person. The unit's own hold is read into its facts, not into its members'."""
    unit = OrgUnitFactory(code="TNMT")
    people = crew(unit, 4)
    unit_rating_set(unit=unit, year=2025, rating="httnv")
    assert not judge(
        book=BOOK,
        subject=eligibility_facts_for_unit(unit=unit, year=2025).units[unit.pk],
        proposal=facts.Proposal("TTLDTT", 2025),
    ).blocked
    hold_record(unit=unit, kind="inspection", start=D(2025, 9, 1))

    batch = eligibility_facts_for_unit(unit=unit, year=2025)

    assert batch.units[unit.pk].holds == (facts.Hold("inspection", D(2025, 9, 1), None),)
    assert all(not batch.people[person.pk].holds for person in people)
    judgement = judge(book=BOOK, subject=batch.units[unit.pk], proposal=facts.Proposal("TTLDTT", 2025))
    (held,) = [finding for finding in judgement.findings if finding.code == "held"]
    assert held.blocks and held.citation == "NĐ 152/2025 Đ4 k4"
    assert "thanh tra, kiểm tra" in held.message
    person = judge(book=BOOK, subject=batch.people[people[0].pk], proposal=facts.Proposal("LDTT", 2025))
    assert "held" not in {finding.code for finding in person.findings}, "the members are not held by it"


def test_a_disciplined_collective_counts_achievements_from_the_end_of_it_nd_152_d4_k4(titles):
    """NĐ 152/2025 Đ4 k4 đoạn 2, for a collective: a discipline served until 31/03/2025 keeps 2025 out; its
    chain over years counts only from 01/04/2025."""
    unit = OrgUnitFactory(code="QHXD")
    crew(unit, 3)
    unit_rating_set(unit=unit, year=2025, rating="htxsnv")
    discipline_record(unit=unit, level="khien_trach", start=D(2024, 4, 1), end=D(2025, 3, 31), decision_number="9")

    batch = eligibility_facts_for_unit(unit=unit, year=2025)

    assert batch.units[unit.pk].disciplines == (facts.Discipline("khien_trach", D(2024, 4, 1), D(2025, 3, 31)),)
    assert all(not person.disciplines for person in batch.people.values())
    judgement = judge(book=BOOK, subject=batch.units[unit.pk], proposal=facts.Proposal("TTLDTT", 2025))
    (finding,) = [finding for finding in judgement.findings if finding.code == "discipline_not_served"]
    assert finding.blocks and finding.citation == "NĐ 152/2025 Đ4 k4 đoạn 2"
    assert "thành tích chỉ được tính từ 01/04/2025" in finding.message


def test_a_hold_or_discipline_is_about_exactly_one_person_or_collective(titles):
    from django.db import IntegrityError, transaction

    from people.models import Discipline, Hold

    unit = OrgUnitFactory()
    person = StaffFactory(unit=unit)
    for record in (
        lambda **about: hold_record(kind="inspection", start=D(2025, 1, 1), **about),
        lambda **about: discipline_record(level="khien_trach", start=D(2025, 1, 1), end=D(2025, 3, 1), **about),
    ):
        for about in ({}, {"staff": person, "unit": unit}):
            with pytest.raises(ValidationError, match="Chọn đúng một trong hai: cán bộ hoặc tập thể"):
                record(**about)
    for model, extra in ((Hold, {"kind": "inspection"}), (Discipline, {"level": "canh_cao", "end": D(2025, 2, 1)})):
        for about in ({}, {"staff": person, "unit": unit}):
            with pytest.raises(IntegrityError), transaction.atomic():
                model.objects.create(start=D(2025, 1, 1), **extra, **about)
        with pytest.raises(ValidationError, match="Chọn đúng một trong hai"):
            model(start=D(2025, 1, 1), **extra).full_clean()


def test_the_start_date_of_work_counts_the_time_worked_nd_152_d4_k5(titles):
    """The time worked in the year runs from the staff record's start date (Staff.employed_from): hired on
    01/06/2025, seven months of 2025 fall short of the ten the data asks (a warning: the minimum is unverified;
    NĐ 152/2025 Đ4 k5 only says maternity leave counts)."""
    unit = OrgUnitFactory()
    newcomer, veteran = StaffFactory(unit=unit), StaffFactory(unit=unit)
    Staff.objects.filter(pk=newcomer.pk).update(employed_from=D(2025, 6, 1))
    Staff.objects.filter(pk=veteran.pk).update(employed_from=D(2010, 8, 1))
    for person in (newcomer, veteran):
        staff_rating_set(staff=person, year=2025, rating="httnv")

    batch = eligibility_facts_for_unit(unit=unit, year=2025)

    assert batch.people[newcomer.pk].employed_from == D(2025, 6, 1)
    assert batch.people[veteran.pk].employed_from == D(2010, 8, 1)
    judgement = judge(book=BOOK, subject=batch.people[newcomer.pk], proposal=facts.Proposal("LDTT", 2025))
    (short,) = [finding for finding in judgement.findings if finding.code == "time_worked_short"]
    assert not short.blocks and short.params["months"] == 7
    assert "NĐ 152/2025 Đ4 k5" in short.citation
    veteran_judgement = judge(book=BOOK, subject=batch.people[veteran.pk], proposal=facts.Proposal("LDTT", 2025))
    assert "time_worked_short" not in {finding.code for finding in veteran_judgement.findings}
