"""Ai đủ điều kiện — the page. Who may not see a unit's page gets the project's 404, like a page that does not
exist (workflows/council/views.py says why)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from people import clock
from people.selectors import records_scope

from ..casework.access import actor_of
from ..models import Campaign
from ..selectors import campaign_current
from . import selectors


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class EligibilityView(TemplateView):
    """One unit and one year (`?don-vi=<id>&nam=<year>`): the unit's clerk and head see their unit, the Văn
    phòng and the Board's leaders choose any unit."""

    template_name = "workflows/eligible/unit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = list(selectors.eligible_units(actor=actor_of(self.request.user)))
        if not units:
            raise Http404(_("Không có trang này, hoặc anh/chị không được xem."))
        wanted = _int(self.request.GET.get("don-vi"))
        unit = next((u for u in units if u.pk == wanted), None) if wanted is not None else units[0]
        if unit is None:
            raise Http404(_("Không có trang này, hoặc anh/chị không được xem."))
        years = list(Campaign.objects.order_by("-year").values_list("year", flat=True))
        current = campaign_current()
        year = _int(self.request.GET.get("nam"))
        if year not in years:
            year = current.year if current else clock.today().year
        context.update(
            units=units,
            unit=unit,
            years=years,
            year=year,
            overview=selectors.unit_eligibility(unit=unit, year=year, as_of=clock.today()),
            person_links=records_scope(user=self.request.user).sees(unit.pk),
        )
        return context
