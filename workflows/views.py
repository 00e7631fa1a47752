"""Pages about the year: the home page of each role and the campaign page."""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from notifications.models import Message, Preference
from people import clock
from people.models import OrgUnit, Role, Staff
from people.selectors import council_of_year, roles_held, staff_of_user, units_for_emulation
from people.tenancy import agency_of_user, agency_scope, current_agency_id
from people.wording import role_label
from people.xlsx_export import XLSX_CONTENT_TYPE, content_disposition

from . import calendar, province_export
from .casework.access import actor_of
from .casework.selectors import ballots_waiting, tasks_inbox, tasks_queue
from .documents import board as board_documents
from .documents import board_read, engine
from .documents.download import as_requested
from .models import Campaign, Milestone
from .province import is_province
from .selectors import campaign_current, campaign_detail, milestone_next, milestones_with_days_left

OFFICE_ROLES = {Role.OFFICE_OFFICER, Role.OFFICE_CHIEF}
BOARD_ROLES = {Role.BOARD_HEAD, Role.BOARD_DEPUTY}
UNIT_ROLES = {Role.UNIT_HEAD, Role.UNIT_DEPUTY, Role.UNIT_CLERK}


class HomeView(TemplateView):
    """Trang chủ — what is waiting for me, the next milestone, and my role's view of the year."""

    template_name = "workflows/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = clock.today()
        staff = staff_of_user(user)
        held = roles_held(user=user, on=today)
        role_codes = {h.role for h in held}
        units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={h.unit_id for h in held})}
        campaign = campaign_current(on=today)

        is_unit = bool(role_codes & UNIT_ROLES)
        is_office = bool(role_codes & OFFICE_ROLES)
        is_board = bool(role_codes & BOARD_ROLES)
        council_seat = None
        if staff is not None and campaign is not None:
            council_seat = staff.council_memberships.filter(year=campaign.year).first()

        owner = Milestone.Owner.UNITS if is_unit and not (is_office or is_board) else None
        context.update(
            today=today,
            staff=staff,
            held_roles=[
                {
                    "label": role_label(h.role),
                    "unit": units.get(h.unit_id),
                    "delegated_from": h.delegated_from and Staff.objects.filter(pk=h.delegated_from).first(),
                }
                for h in held
            ],
            campaign=campaign,
            next_milestone=campaign and milestone_next(campaign=campaign, on=today, owner=owner),
            milestones=campaign and milestones_with_days_left(campaign=campaign, on=today),
            my_tasks=tasks_inbox(actor=actor_of(user)).count() + ballots_waiting(user=user).count(),
            bounced=Preference.objects.filter(user=user, bounced_at__isnull=False).first(),
            undelivered=Message.objects.filter(user=user, created__gte=clock.now() - datetime.timedelta(days=30))
            .exclude(kind="digest")
            .order_by("-created")[:20],
            queue_tasks=tasks_queue(actor=actor_of(user)).count(),
            is_unit=is_unit,
            is_office=is_office,
            is_board=is_board,
            council_seat=council_seat,
            council=council_of_year(campaign.year) if council_seat and campaign else None,
            my_units=[units[h.unit_id] for h in held if h.role in UNIT_ROLES and h.unit_id in units],
            units_count=units_for_emulation().count() if (is_office or is_board) else None,
            targets=campaign.targets.select_related("title", "base_title")
            if campaign and (is_board or is_office)
            else None,
        )
        return context


class CampaignIndexView(TemplateView):
    """Go to the current campaign, or say there is none yet."""

    template_name = "workflows/campaign_none.html"

    def get(self, request, *args, **kwargs):
        campaign = campaign_current()
        if campaign is not None:
            return redirect("campaign:detail", year=campaign.year)
        return super().get(request, *args, **kwargs)


def board_province_links(user, campaign: Campaign) -> list[tuple[str, str]]:
    """The links to the whole Board's upward proposals of the year in the province's templates, for the Văn phòng,
    when there are any."""
    if not actor_of(user).is_office or not province_export.campaign_upward_proposals(campaign=campaign).exists():
        return []
    forms = province_export.FORMS.items()
    return [(name, reverse("campaign:province_xlsx", args=[campaign.year, form])) for form, name in forms]


class CampaignDetailView(TemplateView):
    template_name = "workflows/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            campaign = campaign_detail(year=kwargs["year"])
        except Campaign.DoesNotExist as exc:
            raise Http404(_("Không có phong trào thi đua năm này.")) from exc
        today = clock.today()
        actor = actor_of(self.request.user)
        context.update(
            campaign=campaign,
            today=today,
            yearend_docx=_yearend_allowed(actor),
            milestones=milestones_with_days_left(campaign=campaign, on=today),
            next_milestone=milestone_next(campaign=campaign, on=today),
            targets=[t for t in campaign.targets.all() if t.measure != t.Measure.INDICATOR],
            indicators=[t for t in campaign.targets.all() if t.measure == t.Measure.INDICATOR],
            other_years=Campaign.objects.exclude(pk=campaign.pk).values_list("year", flat=True),
            province_board_xlsx=board_province_links(self.request.user, campaign),
        )
        return context


def _yearend_allowed(actor) -> bool:
    """The year-end report is the Văn phòng's to write (the agency has no consolidated year-end case to hold it);
    a province's office reports to no one above."""
    return actor.is_office and not is_province(agency_id=current_agency_id())


class YearEndReportView(View):
    """Báo cáo tổng kết (.docx) of the year's campaign, from the figures the product holds: to the Văn phòng only."""

    def post(self, request, year):
        if not _yearend_allowed(actor_of(request.user)):
            raise Http404(_("Không có trang này."))
        campaign = Campaign.objects.filter(year=year).first()
        if campaign is None:
            raise Http404(_("Không có phong trào thi đua năm này."))
        report = board_read.stage_report_read(campaign=campaign, midyear=False)
        content = engine.render(
            board_documents.YEAREND.code, board_documents.report_context(report), agency_id=campaign.agency_id
        )
        back = reverse("campaign:detail", args=[campaign.year])
        return as_requested(request, content, name=f"Báo cáo tổng kết {campaign.year}.docx", back=back)


class CampaignProvinceTemplateView(View):
    """The whole Board's upward proposals of a year (every nomination dossier's proposals for titles the province or a
    higher level decides) in the province's import template (CANHAN, TAPTHE or MauTDKT): the Văn phòng's
    consolidated sending. To anyone else, for another year or a year with nothing upward, no such page."""

    def get(self, request, year, form):
        if form not in province_export.FORMS or not actor_of(request.user).is_office:
            raise Http404(_("Không có trang này."))
        campaign = Campaign.objects.filter(year=year).select_related("agency").first()
        proposals = province_export.campaign_upward_proposals(campaign=campaign) if campaign else None
        if proposals is None or not proposals.exists():
            raise Http404(_("Không có trang này."))
        content = province_export.province_workbook(proposals=proposals, form=form)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition(
            province_export.campaign_filename(campaign=campaign, form=form)
        )
        return response


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    """The private calendar address: anyone holding the token reads that person's calendar; a renewed token
    ends the old address."""

    def get(self, request, token):
        preference = (
            Preference.objects.filter(calendar_token=token, user__is_active=True).select_related("user").first()
        )
        if preference is None:
            raise Http404
        # No login here: the token's owner decides whose agency the calendar reads.
        with agency_scope(agency_of_user(preference.user)):
            body = calendar.feed(user=preference.user)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="thi-dua-khen-thuong.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response
