"""The demo's 2022–2023 commendation history: the chains the README names, loaded once."""

import io

from django.core.management import call_command

from tests.desk import Desk
from workflows.demo import demo_history_load
from workflows.models import Commendation


def years(code: str, title: str) -> list[int]:
    holder = {"unit__code": code} if code.isalpha() else {"staff__staff_code": code}
    return sorted(Commendation.objects.filter(title__code=title, **holder).values_list("year", flat=True))


def test_the_demo_history_shows_chains_a_gap_and_a_collective_route(demo):
    created = demo_history_load()

    assert created == Commendation.objects.count() > 0
    assert years("QLDT001", "CSTDCS") == [2022, 2023], "a 2024 CSTĐCS makes three in a row"
    assert years("VP003", "CSTDCS") == [2022, 2023]
    assert years("QLDT002", "CSTDCS") == [2022] and years("QLDT002", "LDTT") == [2022, 2023], "a gap year"
    assert years("TNMT001", "BK_TINH") == [2023]
    assert years("DNLD005", "LDTT") == [2023]
    assert years("QLDT", "TTLDXS") == [2022, 2023]
    assert years("QHXD", "TTLDTT") == [2022]
    assert set(Commendation.objects.values_list("source", flat=True)) == {Commendation.Source.IMPORTED}
    assert Commendation.objects.get(staff__staff_code="TNMT001", title__code="BK_TINH").decided_by == (
        "Chủ tịch UBND tỉnh"
    )


def test_loading_the_demo_twice_leaves_one_history(db):
    call_command("load_demo", stdout=io.StringIO())
    first = sorted(Commendation.objects.values_list("pk", "year", "title__code", "decision_number"))
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert first and sorted(Commendation.objects.values_list("pk", "year", "title__code", "decision_number")) == first
    assert "0 khen thưởng 2022–2023" in out.getvalue()


def test_the_history_page_filters_by_the_past_years_it_holds(demo):
    """The years come from the awards too, not only from the campaigns (2024 alone in the demo)."""
    demo_history_load()
    office = Desk("vanphong").client.get("/cases/khen-thuong/")
    assert list(office.context["campaigns"]) == [2024, 2023, 2022]
    past = Desk("vanphong").client.get("/cases/khen-thuong/", {"nam": 2022})
    assert {award.year for award in past.context["awards"]} == {2022}
    # A unit's clerk filters only their unit's awards, by the same years.
    clerk = Desk("qldt.thidua").client.get("/cases/khen-thuong/", {"nam": 2023})
    assert clerk.context["awards"] and all(
        (award.staff.unit.code if award.staff_id else award.unit.code) == "QLDT" for award in clerk.context["awards"]
    )
