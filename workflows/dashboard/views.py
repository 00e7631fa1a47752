"""Bảng điều khiển — the page, its drill-downs and its export. Who may not see it (or a unit's figures) gets the
project's 404, like a page that does not exist."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
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


class DashboardScopeMixin:
    """The campaign (`?nam=`), and the units the user may see, narrowed to one (`?don-vi=`) if asked."""

    def scope(self):
        actor = actor_of(self.request.user)
        allowed = selectors.dashboard_units(actor=actor)
        if allowed is None:
            raise _not_here()
        allowed = list(allowed)
        wanted = _int(self.request.GET.get("don-vi"))
        if self.request.GET.get("don-vi") and wanted is None:
            raise _not_here()
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
        dashboard = selectors.dashboard_build(campaign=campaign, units=units, whole_board=whole_board)
        if self.export:
            return xlsx_response(
                name=_("Bảng điều khiển %(year)s") % {"year": campaign.year},
                headers=selectors.export_headers(),
                rows=selectors.export_rows(dashboard),
            )
        targets = dashboard.current.board
        chosen = _int(request.GET.get("chi-tieu"))
        index = next((i for i, row in enumerate(targets) if row.target.pk == chosen), 0)
        context = self.get_context_data(
            dashboard=dashboard,
            campaign=campaign,
            allowed_units=allowed,
            unit=units[0] if not whole_board and len(units) == 1 else None,
            sees_all=sees_all,
            whole_board=whole_board,
            years=list(Campaign.objects.order_by("-year").values_list("year", flat=True)),
            stages=[(code, selectors.STAGE_LABELS[code]) for code in selectors.STAGES],
            statuses=selectors.Status.LABELS,
            chosen=targets[index] if targets else None,
            chosen_index=index,
            unit_rows=[(uf, uf.targets[index]) for uf in dashboard.current.units] if targets else [],
            as_of=timezone.localtime(dashboard.as_of),
            progress_svg=charts.progress_chart(targets, label=_("Chỉ tiêu theo từng giai đoạn so với mức chỉ tiêu"))
            if targets
            else "",
            units_svg=charts.units_chart(
                dashboard.current.units,
                index=index,
                label=_("Các đơn vị theo giai đoạn: %(target)s") % {"target": targets[index].target.label},
            )
            if targets
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
