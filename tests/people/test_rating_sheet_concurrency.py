"""Two officers saving the same unit's rating sheet for a year that has none yet, at the same moment, on
PostgreSQL: both saves go through one after the other (the unit's row is locked), each person ends with one
rating, and nothing fails on the one-rating-a-year constraint. Repeated on every emulation unit."""

import pytest
from django.contrib.auth import get_user_model

from people.models import AnnualRating, Staff
from people.records import RatingEntry, rating_sheet_save
from people.selectors import units_for_emulation
from tests.conftest import load_demo_now
from tests.services import need_postgresql
from tests.workflows.test_concurrency import _race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_saves_of_one_sheet_at_once_both_land_one_after_the_other(transactional_db):
    need_postgresql()
    load_demo_now()
    users = get_user_model().objects
    officers = [users.get(username="vanphong"), users.get(username="vanphong2")]
    for unit in units_for_emulation():
        members = list(Staff.objects.filter(unit=unit, is_active=True).values_list("pk", flat=True))
        sheets = [
            {pk: RatingEntry("httnv", "Chuyên viên") for pk in members},
            {pk: RatingEntry("htnv") for pk in members},
        ]
        results = _race(
            *(
                lambda sheet=sheet, officer=officer, unit=unit: rating_sheet_save(
                    unit=unit, year=2025, staff_entries=sheet, unit_rating="httnv", actor=officer
                )
                for sheet, officer in zip(sheets, officers, strict=True)
            )
        )
        assert [kind for kind, _value in results] == ["ok", "ok"], results
        first, second = sorted((value for _kind, value in results), key=lambda result: result.updated)
        assert (first.created, first.updated) == (len(members) + 1, 0), "the first save creates every line"
        assert (second.created, second.updated) == (0, len(members)), "the second finds them and changes the people's"
        ratings = AnnualRating.objects.filter(year=2025, staff__in=members)
        assert ratings.count() == len(members)
        assert len(set(ratings.values_list("rating", "recorded_by"))) == 1, "every line is the last save's"
        assert AnnualRating.objects.filter(year=2025, unit=unit).count() == 1
