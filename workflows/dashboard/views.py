"""Bảng điều khiển — the page, its drill-downs and its export. Who may not see it (or a unit's figures) gets the
project's 404, like a page that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from people.xlsx_export import xlsx_response

from ..casework.access import actor_of
from ..models import Campaign
from . import charts, selectors


def _not_here() -> Http404:
    return Http404(_("Không có trang này, hoặc anh/chị không được xem."))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Cell:
    """One figure as the page shows it: its text, its standing, and the link to the list behind it."""

    status: str
    text: str
    label: str
    url: str
    testid: str


def _cell(row, stage: str, figure, *, link: str, testid: str) -> Cell | None:
    """Built here rather than in the template: the page has a cell per unit, stage and year (thousands for a large
    organisation), and a template include per cell would cost more than every query of the page."""
    if figure is None:
        return None
    if row.is_count or not figure.base:
        text = str(figure.count)
    else:
        text = f"{figure.count}/{figure.base} · {number_format(figure.share, 1)} %"
    return Cell(
        status=figure.status,
        text=text,
        label=figure.status_label,
        url=f"{link}&chi-tieu={row.target.pk}&giai-doan={stage}",
        testid=testid,
    )


def _cells(row, *, link: str, prefix: str) -> list[Cell | None]:
    return [
        _cell(row, stage, figure, link=link, testid=f"{prefix}{row.target.code}-{stage}")
        for stage, figure in row.stages
    ]


UNITS_PER_PAGE = 50


def page_rows(dashboard, *, campaign, unit, units_page: str | None) -> dict:
    """The tables' rows with their cells: the total, the units for the chosen target, this year beside last."""
    drill = reverse("home:dashboard_drill")
    own = {"nam": campaign.year, **({"don-vi": unit.pk} if unit else {})}
    link = f"{drill}?{urlencode(own)}"
    before_link = f"{link}&ky={campaign.year - 1}"
    board = [(row, _cells(row, link=link, prefix="fig-")) for row in dashboard.current.board]
    years = []
    for row in dashboard.current.board:
        pairs = []
        for stage, figure, before in row.pairs:
            pairs.append(
                (
                    _cell(row, stage, figure, link=link, testid=f"yoy-{row.target.code}-{stage}-{campaign.year}"),
                    _cell(
                        row,
                        stage,
                        before,
                        link=before_link,
                        testid=f"yoy-{row.target.code}-{stage}-{campaign.year - 1}",
                    ),
                )
            )
        years.append((row, pairs))
    units = []
    # Fifty units at a time (the page's cost stays bounded however many units; the export has them all).
    paged = Paginator(dashboard.current.units, UNITS_PER_PAGE).get_page(units_page)
    if dashboard.chosen is not None:
        for unit_figures in paged.object_list:
            row = unit_figures.targets[0]  # the page works out the chosen target only
            unit_link = f"{drill}?{urlencode({'nam': campaign.year, 'don-vi': unit_figures.unit.pk})}"
            units.append((unit_figures, _cells(row, link=unit_link, prefix=f"fig-{unit_figures.unit.code}-")))
    return {"board_rows": board, "year_rows": years, "unit_rows": units, "units_page": paged}


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("trang", None)
    return query.urlencode()


class DashboardScopeMixin:
    """The campaign (`?nam=`), and the units the user may see, narrowed to one (`?don-vi=`) if asked."""

    def scope(self):
        actor = actor_of(self.request.user)
        allowed = selectors.dashboard_units(actor=actor)
        if allowed is None:
            raise _not_here()
        wanted = _int(self.request.GET.get("don-vi"))
        if self.request.GET.get("don-vi") and wanted is None:
            raise _not_here()
        self.units_query = allowed if wanted is None else allowed.filter(pk=wanted)
        allowed = list(allowed)
        units = allowed if wanted is None else [u for u in allowed if u.pk == wanted]
        if not units:
            raise _not_here()
        year = _int(self.request.GET.get("nam"))
        campaign = selectors.dashboard_campaign(year=year)
        if campaign is None:
            raise Http404(_("Chưa có phong trào thi đua của năm này."))
        whole_board = actor.sees_all and wanted is None
        return campaign, allowed, units, whole_board, actor.sees_all


class DashboardView(DashboardScopeMixin, TemplateView):
    """The Board's year: targets against reality by stage, per unit, year over year; deadlines and open steps."""

    template_name = "workflows/dashboard/dashboard.html"
    export = False

    def get(self, request, *args, **kwargs):
        campaign, allowed, units, whole_board, sees_all = self.scope()
        dashboard = selectors.dashboard_build(
            campaign=campaign,
            units=units,
            whole_board=whole_board,
            unit_target=_int(request.GET.get("chi-tieu")),
            full=self.export,
            units_query=self.units_query,
        )
        if self.export:
            return xlsx_response(
                name=_("Bảng điều khiển %(year)s") % {"year": campaign.year},
                headers=selectors.export_headers(),
                rows=selectors.export_rows(dashboard),
            )
        targets = dashboard.current.board
        chosen = next((row for row in targets if row.target == dashboard.chosen), None)
        unit = units[0] if not whole_board and len(units) == 1 else None
        rows = page_rows(dashboard, campaign=campaign, unit=unit, units_page=request.GET.get("trang"))
        context = self.get_context_data(
            dashboard=dashboard,
            campaign=campaign,
            allowed_units=allowed,
            unit=unit,
            sees_all=sees_all,
            case_prefix=reverse("cases:cases"),  # a case's page is /…/ho-so/<id>/: one reverse, not one per row
            whole_board=whole_board,
            years=list(Campaign.objects.order_by("-year").values_list("year", flat=True)),
            stages=[(code, selectors.STAGE_LABELS[code]) for code in selectors.STAGES],
            statuses=selectors.Status.LABELS,
            chosen=chosen,
            **rows,
            query=_without_page(request),
            as_of=timezone.localtime(dashboard.as_of),
            progress_svg=charts.progress_chart(targets, label=_("Chỉ tiêu theo từng giai đoạn so với mức chỉ tiêu"))
            if targets
            else "",
            units_svg=charts.units_chart(
                [unit_figures for unit_figures, _cells in rows["unit_rows"]],
                label=_("Các đơn vị theo giai đoạn: %(target)s") % {"target": chosen.target.label},
            )
            if chosen
            else "",
            timeline_svg=charts.timeline_chart(
                dashboard.deadlines,
                start=campaign.start_date,
                end=campaign.end_date,
                label=_("Ngày các đơn vị gửi hồ sơ so với mốc thời hạn"),
            )
            if dashboard.deadlines
            else "",
        )
        return self.render_to_response(context)


class DashboardDrillView(DashboardScopeMixin, TemplateView):
    """The people or units behind one figure (`?chi-tieu=<id>&giai-doan=<stage>&nam=<year>&don-vi=<id>`)."""

    template_name = "workflows/dashboard/drill.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, _allowed, units, whole_board, _sees_all = self.scope()
        target = (
            campaign.targets.select_related("title", "base_title")
            .filter(pk=_int(self.request.GET.get("chi-tieu")) or 0, title__isnull=False)
            .first()
        )
        stage = self.request.GET.get("giai-doan")
        if target is None or stage not in selectors.STAGES:
            raise _not_here()
        year = _int(self.request.GET.get("ky")) or campaign.year
        if year not in (campaign.year, campaign.year - 1):
            raise _not_here()
        drill = selectors.drill_down(
            campaign=campaign, target=target, stage=stage, year=year, units=units, page=self.request.GET.get("trang")
        )
        query = self.request.GET.copy()
        query.pop("trang", None)
        context.update(
            campaign=campaign,
            drill=drill,
            stage_label=selectors.STAGE_LABELS[stage],
            unit=units[0] if not whole_board and len(units) == 1 else None,
            query=query.urlencode(),
        )
        return context
