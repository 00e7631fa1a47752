"""The rating bar is a rule of the law, cited in the rules package; the nomination form only asks it."""

import pytest

from people.models import OrgUnit
from workflows.casework.forms import ProposalForm
from workflows.models import AwardTitle, Rating
from workflows.rules.ratings import rating_bar


def test_a_person_rated_khtnv_may_not_be_proposed_and_the_bar_cites_the_law():
    bar = rating_bar(rating=Rating.KHTNV)
    assert bar is not None
    assert "không hoàn thành nhiệm vụ" in bar.message
    assert "Luật TĐKT 2022 Đ24 k1" in bar.citation


@pytest.mark.parametrize("rating", [Rating.HTXSNV, Rating.HTTNV, Rating.HTNV, ""])
def test_other_ratings_are_not_barred_here(rating):
    assert rating_bar(rating=rating) is None


@pytest.mark.django_db
def test_the_nomination_row_refuses_a_khtnv_person_with_the_rules_message(demo):
    unit = OrgUnit.objects.get(code="QLDT")
    person = unit.staff.filter(is_active=True).first()
    ldtt = AwardTitle.objects.get(code="LDTT")

    barred = ProposalForm(data={"staff": person.pk, "title": ldtt.pk, "rating": Rating.KHTNV}, unit=unit)
    allowed = ProposalForm(data={"staff": person.pk, "title": ldtt.pk, "rating": Rating.HTTNV}, unit=unit)

    assert not barred.is_valid()
    assert barred.errors["rating"] == [rating_bar(rating=Rating.KHTNV).message]
    assert allowed.is_valid(), allowed.errors
