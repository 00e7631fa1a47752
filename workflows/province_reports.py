"""Cấp tỉnh — an agency's registration (10/01) and mid-year report (30/06) as cases in the province's inbox, and the
province's reminders to the agencies that owe it a milestone.

When an agency has a province above it and its campaign answers to the province's programme, its Văn phòng's
consolidated case (BoardReportFlow) does not end at "sent upward": completing it opens (or, after a return, resumes)
a **province report case** of the province agency, in the province's programme, holding a copy of what was sent (the
consolidated registration figures or the units' mid-year reports as the page shows them, and the sent file rows
pointing to the same stored files). The province's Ban TĐKT receives it, or returns it with a reason; the agency's
case waits at "Chờ cấp tỉnh tiếp nhận" until then. A single agency, or a campaign not linked, works as before.

Like workflows.province, every function here says which agency it works for: the agency's side in
`agency_scope(origin agency)`, the province's in `agency_scope(province)`, inside the caller's transaction and under
the flow lock of the case it changes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from people import clock
from people.models import Agency
from people.tenancy import agency_scope, agency_unscoped

from .casework import services
from .kinds import CASE_KINDS, board_kind_of_stage, case_kind
from .models import Campaign, Case, CaseEvent, CaseFile, Milestone
from .province import origin_answer, province_of

# The agency's consolidated case → the province's case it becomes.
_PROVINCE_KIND_OF = {
    Case.Kind.REGISTRATION_BOARD: Case.Kind.PROVINCE_REGISTRATION,
    Case.Kind.MIDYEAR_BOARD: Case.Kind.PROVINCE_MIDYEAR,
}


def province_report_kind(*, kind: str) -> str | None:
    """The province's kind of case for an agency's consolidated case of a stage (None for any other kind)."""
    return _PROVINCE_KIND_OF.get(kind)


def _province_campaign(case: Case) -> Campaign | None:
    """The province's programme the case's campaign answers to (a row of the province)."""
    return _upper_campaign(case.campaign)


def _upper_campaign(campaign: Campaign) -> Campaign | None:
    link = campaign.province_campaign_id
    return Campaign._base_manager.filter(pk=link).first() if link else None


def province_report_awaited(*, case: Case) -> bool:
    """Whether the Văn phòng's consolidated case goes to the province as a case: a province above the agency and
    the campaign linked to its programme. Otherwise what was sent is recorded, as for a single agency."""
    if province_report_kind(kind=case.kind) is None:
        return False
    province = province_of(agency_id=case.agency_id)
    campaign = _province_campaign(case)
    return province is not None and campaign is not None and campaign.agency_id == province.pk


def _report_copy(case: Case) -> tuple[str, list[CaseFile]]:
    """What the agency sends, read in its scope: the text the province case keeps (the consolidated registration
    figures, or each unit's mid-year report, as the agency's page shows them) and the file rows sent with it."""
    from .casework.selectors import midyear_reports, registration_summary

    agency = Agency.objects.get(pk=case.agency_id)
    files = list(case.files.filter(removed_at__isnull=True, generated=False))
    lines = []
    if case.kind == Case.Kind.REGISTRATION_BOARD:
        summary = registration_summary(campaign=case.campaign)
        lines.append(_("Tổng hợp đăng ký thi đua của %(agency)s:") % {"agency": agency.name})
        for row in summary.rows:
            counts = ", ".join(
                f"{title.short_name} {count}" for title, count in zip(summary.titles, row["counts"], strict=True)
            )
            collective = row["collective_title"].short_name if row["collective_title"] else "—"
            lines.append(
                _("- %(unit)s: danh hiệu tập thể %(collective)s; %(counts)s")
                % {"unit": row["unit"].name, "collective": collective, "counts": counts}
            )
        totals = ", ".join(f"{title.short_name} {summary.totals[title.pk]}" for title in summary.titles)
        lines.append(_("Cộng: %(totals)s") % {"totals": totals})
    else:
        lines.append(_("Báo cáo sơ kết 6 tháng của %(agency)s:") % {"agency": agency.name})
        for unit_case in midyear_reports(campaign=case.campaign).filter(accepted_at__isnull=False):
            lines.append(f"\n{unit_case.unit.name}:\n{unit_case.report_text.strip() or '—'}")
            files += [f for f in unit_case.files.all() if f.removed_at is None]
    if case.report_text.strip():
        lines.append("\n" + case.report_text.strip())
    return "\n".join(lines), files


def province_report_send(*, case: Case, user) -> Case:
    """The Văn phòng's consolidated case sent to the province (called while completing its board_report step, under
    the agency case's lock, in the agency's scope): the province case is opened the first time; after a return its
    copy is brought up to date and it goes back to the province's receipt. Returns the province case."""
    from .flows import ProvinceReportFlow

    province = province_of(agency_id=case.agency_id)
    campaign = _province_campaign(case)
    if province is None or campaign is None or campaign.agency_id != province.pk:
        raise ValidationError(_("Chương trình thi đua chưa được liên kết với chương trình của cấp tỉnh."))
    kind = province_report_kind(kind=case.kind)
    text, files = _report_copy(case)
    agency = Agency.objects.get(pk=case.agency_id)
    with agency_scope(province):
        province_case = Case.objects.filter(kind=kind, origin=case).first()
        if province_case is None:
            milestone = Milestone.objects.filter(campaign=campaign, code=case_kind(kind).milestone).first()
            province_case = ProvinceReportFlow.start.run(
                case_fields={
                    "agency": province,
                    "kind": kind,
                    "campaign": campaign,
                    # The agency's consolidating unit (a row of the agency), as on a province nomination case.
                    "unit": case.unit,
                    "origin": case,
                    "milestone": milestone,
                    "actor": user,
                }
            )
            _copy_sync(province_case=province_case, text=text, files=files, user=user)
        else:
            with ProvinceReportFlow.lock(province_case.pk):
                task = Task.objects.filter(
                    process_id=province_case.pk, flow_task=ProvinceReportFlow.resend, status=STATUS.NEW
                ).first()
                if task is None:
                    raise ValidationError(_("Báo cáo đang chờ cấp tỉnh tiếp nhận; chưa gửi lại được."))
                _copy_sync(province_case=province_case, text=text, files=files, user=user)
                services.event_add(
                    case=province_case,
                    action=CaseEvent.Action.SUBMITTED,
                    actor=user,
                    task=task,
                    note=(gettext_noop("%(agency)s gửi lại báo cáo."), {"agency": str(agency)}),
                )
                ProvinceReportFlow.resend.run(task)
        province_case.submitted_at = clock.now()
        province_case.save(update_fields=["submitted_at"])
    case.submitted_at = clock.now()
    case.save(update_fields=["submitted_at"])
    services.notices_later(province_case.pk)
    return province_case


def _copy_sync(*, province_case: Case, text: str, files: list[CaseFile], user) -> None:
    """The province case's copy: the text as sent, and one file row per sent file (the same stored file; a file no
    longer sent is removed here too)."""
    province_case.report_text = text
    province_case.save(update_fields=["report_text"])
    kept = {f.pk for f in files}
    province_case.files.filter(removed_at__isnull=True, origin__isnull=False).exclude(origin_id__in=kept).update(
        removed_at=clock.now()
    )
    present = set(province_case.files.filter(removed_at__isnull=True).values_list("origin_id", flat=True))
    for record in files:
        if record.pk in present:
            continue
        CaseFile.objects.create(
            case=province_case,
            agency_id=province_case.agency_id,
            origin=record,
            doc_type=record.doc_type,
            name=record.name,
            file=record.file.name,
            size=record.size,
            content_type=record.content_type,
            uploaded_by=user,
        )


def province_report_returned(*, case: Case) -> None:
    """The province's Ban TĐKT returned the report (its flow's Function node): the agency's Văn phòng gets its
    board_report step again, with the reason on the agency's case; the agency owes the milestone once more."""
    with agency_scope(case.agency_id):
        returned = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.RETURNED).select_related("actor").last()
        case.submitted_at = None
        case.save(update_fields=["submitted_at"])
    reason = returned.comment if returned else ""
    actor = returned.actor if returned else None
    province = Agency.objects.get(pk=case.agency_id)

    def write(origin, task):
        origin.submitted_at = None
        origin.save(update_fields=["submitted_at"])
        services.event_add(
            case=origin,
            action=CaseEvent.Action.RETURNED,
            actor=actor,
            task=task,
            comment=reason or _("%(province)s trả lại báo cáo.") % {"province": province},
        )

    origin_answer(case=case, decision="return", write=write)


def province_report_received(*, case: Case) -> None:
    """The province's Ban TĐKT received the report: the agency's case ends as accepted."""
    with agency_scope(case.agency_id):
        received = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.ACCEPTED).select_related("actor").last()
    actor = received.actor if received else None
    province = Agency.objects.get(pk=case.agency_id)

    def write(origin, task):
        services.event_add(
            case=origin,
            action=CaseEvent.Action.ACCEPTED,
            actor=actor,
            task=task,
            note=(gettext_noop("%(province)s đã tiếp nhận."), {"province": str(province)}),
        )

    origin_answer(case=case, decision="received", write=write)


# --- the province's reminders ---------------------------------------------------------------------------------------


def _province_kinds_of_stage(stage: str) -> list[str]:
    """The province's kinds of case an agency sends for a stage of the year (its report, or its dossiers)."""
    return [spec.kind for spec in CASE_KINDS.values() if spec.province and spec.stage == stage]


def agencies_sent(*, milestone: Milestone) -> set[int]:
    """The agencies whose case for a province milestone has reached the province and is not back with them (sent,
    or received; a returned one is owed again)."""
    with agency_unscoped():
        return set(
            Case._base_manager.filter(
                campaign_id=milestone.campaign_id,
                kind__in=_province_kinds_of_stage(milestone.kind),
                submitted_at__isnull=False,
            ).values_list("origin__agency_id", flat=True)
        )


def agencies_linked(*, province_campaign: Campaign) -> list[Agency]:
    """The active agencies under the province whose active campaign answers to its programme."""
    with agency_unscoped():
        linked = Campaign._base_manager.filter(
            province_campaign=province_campaign, status=Campaign.Status.ACTIVE
        ).values_list("agency_id", flat=True)
        return list(
            Agency.objects.filter(pk__in=list(linked), parent_id=province_campaign.agency_id, is_active=True).order_by(
                "name"
            )
        )


def _province_milestones(province_campaign: Campaign) -> list[Milestone]:
    with agency_unscoped():
        return list(
            Milestone._base_manager.filter(campaign=province_campaign, owner=Milestone.Owner.AGENCIES).order_by(
                "due_date", "code"
            )
        )


def province_milestone_reminders(*, campaigns, now: datetime.datetime, directory) -> list:
    """The province's milestones, run in one agency's scope (the reminder sweep's pass over it): for an agency whose
    campaign answers to a province programme, its Văn phòng is reminded before each milestone it still owes the
    province (the province programme's days-before); for the province itself, after the due date its officers get
    the escalation naming every linked agency still late. Same keys every time: the outbox writes each once."""
    from people.models import Role

    from .reminders import Reminder, absolute, milestone_slot

    today = timezone.localdate(now)
    reminders = []
    for campaign in campaigns:
        agency = Agency.objects.filter(pk=campaign.agency_id).first()
        if agency is None:
            continue
        if agency.kind == Agency.Kind.PROVINCE:
            province_campaigns = [(campaign, None)]
        else:
            province = province_of(agency_id=agency.pk)
            upper = _upper_campaign(campaign)
            if province is None or upper is None or upper.agency_id != province.pk:
                continue
            if upper.status != Campaign.Status.ACTIVE:
                continue
            province_campaigns = [(upper, agency)]
        for province_campaign, owing_agency in province_campaigns:
            for milestone in _province_milestones(province_campaign):
                slot = milestone_slot(milestone=milestone, campaign=province_campaign, now=now)
                if slot is None:
                    continue
                label, kind = slot
                days = (milestone.due_date - today).days
                base = {
                    "milestone": milestone.label,
                    "recipient_of_milestone": milestone.recipient,
                    "due": milestone.due_date,
                    "days_left": max(days, 0),
                    "days_late": max(-days, 0),
                    "campaign": province_campaign.name,
                }
                sent = agencies_sent(milestone=milestone)
                if owing_agency is not None:
                    # The agency's side: before the due date, while it has not sent.
                    if kind != "milestone" or owing_agency.pk in sent:
                        continue
                    missing = _("Chưa gửi cấp tỉnh: %(what)s.") % {
                        "what": ", ".join(str(Case.Kind(k).label) for k in _province_kinds_of_stage(milestone.kind))
                    }
                    board_kind = board_kind_of_stage(milestone.kind)
                    own = Case.objects.filter(campaign=campaign, kind=board_kind).first() if board_kind else None
                    link = absolute(reverse("cases:case", kwargs={"pk": own.pk}) if own else reverse("cases:index"))
                    roles = [Role.OFFICE_OFFICER, Role.OFFICE_CHIEF]
                    context = {**base, "unit": owing_agency.name, "missing": missing, "link": link}
                    summary = _("%(unit)s: %(milestone)s — hạn %(due)s, còn %(days)s ngày. %(missing)s") % {
                        "unit": owing_agency.name,
                        "milestone": milestone.label,
                        "due": f"{milestone.due_date:%d/%m/%Y}",
                        "days": max(days, 0),
                        "missing": missing,
                    }
                    key = f"pms:{milestone.pk}:{owing_agency.pk}:{label}"
                else:
                    # The province's side: after the due date, the agencies still late.
                    if kind != "escalation":
                        continue
                    late = [a for a in agencies_linked(province_campaign=province_campaign) if a.pk not in sent]
                    if not late:
                        continue
                    names = ", ".join(a.name for a in late)
                    missing = _("Các cơ quan, đơn vị chưa gửi: %(agencies)s.") % {"agencies": names}
                    link = absolute(reverse("cases:index"))
                    roles = [Role.OFFICE_OFFICER, Role.OFFICE_CHIEF]
                    context = {**base, "unit": names, "missing": missing, "link": link}
                    summary = _("%(milestone)s — đã quá hạn %(due)s %(days)s ngày. %(missing)s") % {
                        "milestone": milestone.label,
                        "due": f"{milestone.due_date:%d/%m/%Y}",
                        "days": max(-days, 0),
                        "missing": missing,
                    }
                    key = f"pms:{milestone.pk}:late:{label}"
                people = {u.pk: u for role in roles for u in directory.of(role)}
                for user in people.values():
                    reminders.append(
                        Reminder(
                            key=f"{key}:{user.pk}",
                            kind=kind,
                            category="reminders",
                            user=user,
                            template=f"notifications/email/{kind}",
                            context={**context, "person": user.get_full_name() or user.username},
                            summary=summary,
                            link=link,
                        )
                    )
    return reminders
