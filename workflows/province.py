"""Cấp tỉnh — an agency's proposals for the awards its province decides, as a case of the province's own.

The only place where one agency's rows meet another's. An agency whose `parent` is a province sends the upward
proposals the province decides (AwardTitle.province_decides) as a **province case**: a case of the province agency,
in its campaign, holding copies of the sent proposals (each pointing to its origin) and of the dossier's file rows
(the same stored files), so that the province's pages read nothing but the province's own rows. The province's Ban
TĐKT checks it (or returns it with a reason), its council votes, its Chủ tịch UBND decides; each outcome comes back to
the agency's case, which waits at "Chờ cấp tỉnh" until then.

Every function here says which agency it works for: the agency's side runs in `agency_scope(origin agency)`, the
province's in `agency_scope(province)`, each inside the caller's transaction and under the flow lock of the case it
changes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from people import clock
from people.models import Agency
from people.tenancy import agency_scope

from .casework import services
from .models import Campaign, Case, CaseDocument, CaseEvent, CaseFile, DocumentCode, Initiative, Proposal


def province_of(*, agency_id: int) -> Agency | None:
    """The province agency above an agency, when the installation has one."""
    agency = Agency.objects.filter(pk=agency_id).select_related("parent").first()
    parent = agency.parent if agency is not None else None
    return parent if parent is not None and parent.kind == Agency.Kind.PROVINCE and parent.is_active else None


def is_province(*, agency_id: int | None) -> bool:
    """Whether an agency is a province's (its cases come from the agencies under it; it opens no stage of its own)."""
    return bool(agency_id) and Agency.objects.filter(pk=agency_id, kind=Agency.Kind.PROVINCE).exists()


def proposals_for_province(*, case: Case) -> QuerySet[Proposal]:
    """The agency's proposals the province decides: passed by its council, decided upward by the province, and not
    yet decided (in the agency's scope)."""
    return (
        services.proposals_undecided_upward(case=case)
        .filter(title__province_decides=True)
        .select_related("staff", "title")
        .order_by("order", "pk")
    )


def province_awaited(*, case: Case) -> bool:
    """Whether the Văn phòng's submission goes to the province on the installation (a province above the agency, and
    proposals it decides); otherwise the upper level's decision is recorded by hand, as for a single agency."""
    return province_of(agency_id=case.agency_id) is not None and proposals_for_province(case=case).exists()


def sending_agency(*, case: Case) -> Agency | None:
    """The agency a province case came from (for its pages)."""
    if case.origin_id is None:
        return None
    agency_id = Case._base_manager.filter(pk=case.origin_id).values_list("agency_id", flat=True).first()
    return Agency.objects.filter(pk=agency_id).first()


# --- the agency sends (and, after a return, sends again) -----------------------------------------------------------


def _wait_task(case: Case) -> Task | None:
    """The agency case's wait for the province (the `province_wait` node of its flow), while it waits."""
    from .flows import FLOWS

    node = FLOWS[case.kind].province_wait
    return Task.objects.filter(process_id=case.pk, flow_task=node, status=STATUS.NEW).first()


def province_case_send(*, case: Case, user) -> Case:
    """The Văn phòng's submission to the province (called while completing its send_upward step, under the agency
    case's lock): the province case is opened the first time, and after a return its copies are brought up to date
    and it goes back to the province's check. Returns the province case."""
    from .flows import ProvinceNominationFlow

    province = province_of(agency_id=case.agency_id)
    if province is None:
        raise ValidationError(_("Cơ quan chưa thuộc cấp tỉnh nào trên hệ thống."))
    sent = list(proposals_for_province(case=case).prefetch_related("initiatives"))
    sent_ids = {p.pk for p in sent}
    files = [
        f for f in case.files.filter(removed_at__isnull=True, generated=False) if f.proposal_id in sent_ids | {None}
    ]
    campaign_link = case.campaign.province_campaign_id
    with agency_scope(province):
        campaign = (
            Campaign.objects.filter(pk=campaign_link).first()
            if campaign_link
            else Campaign.objects.filter(year=case.campaign.year).first()
        )
        if campaign is None:
            raise ValidationError(
                _("Cấp tỉnh chưa có chương trình thi đua năm %(year)s; chưa gửi được hồ sơ.")
                % {"year": case.campaign.year}
            )
        province_case = Case.objects.filter(kind=Case.Kind.PROVINCE_NOMINATION, origin=case).first()
        if province_case is None:
            province_case = ProvinceNominationFlow.start.run(
                case_fields={
                    "agency": province,
                    "kind": Case.Kind.PROVINCE_NOMINATION,
                    "campaign": campaign,
                    # The unit whose dossier it is (a row of the agency): the nominee of its collective proposals.
                    "unit": case.unit,
                    "origin": case,
                    "milestone": None,
                    "actor": user,
                }
            )
            _copies_sync(province_case=province_case, origin=case, sent=sent, files=files, user=user)
        else:
            with ProvinceNominationFlow.lock(province_case.pk):
                task = Task.objects.filter(
                    process_id=province_case.pk, flow_task=ProvinceNominationFlow.resend, status=STATUS.NEW
                ).first()
                if task is None:
                    raise ValidationError(_("Hồ sơ đang được cấp tỉnh xét; chưa gửi lại được."))
                _copies_sync(province_case=province_case, origin=case, sent=sent, files=files, user=user)
                services.event_add(
                    case=province_case,
                    action=CaseEvent.Action.SUBMITTED,
                    actor=user,
                    task=task,
                    note=(
                        gettext_noop("%(agency)s gửi lại hồ sơ."),
                        {"agency": str(Agency.objects.get(pk=case.agency_id))},
                    ),
                )
                ProvinceNominationFlow.resend.run(task)
        province_case.submitted_at = clock.now()
        province_case.save(update_fields=["submitted_at"])
    services.notices_later(province_case.pk)
    return province_case


def _copies_sync(*, province_case: Case, origin: Case, sent: list[Proposal], files: list[CaseFile], user) -> None:
    """The province case's copies of what the agency sends: one proposal per sent proposal (kept in step, a proposal
    no longer sent removed) and one file row per file of the dossier and of those proposals (the same stored file;
    a file the agency removed is removed here too)."""
    province_case.meeting_date = origin.meeting_date
    province_case.attendance_present = origin.attendance_present
    province_case.attendance_total = origin.attendance_total
    province_case.save(update_fields=["meeting_date", "attendance_present", "attendance_total"])
    copies: dict[int, Proposal] = {}
    for proposal in sent:
        copy, _created = Proposal.objects.update_or_create(
            case=province_case,
            origin=proposal,
            defaults={
                "agency_id": province_case.agency_id,
                "staff_id": proposal.staff_id,
                "title_id": proposal.title_id,
                "rating": proposal.rating,
                "achievements": proposal.achievements,
                "order": proposal.order,
            },
        )
        through = Proposal.initiatives.through
        through.objects.filter(proposal_id=copy.pk).delete()
        through.objects.bulk_create(
            through(proposal_id=copy.pk, initiative_id=initiative.pk) for initiative in proposal.initiatives.all()
        )
        copies[proposal.pk] = copy
    province_case.proposals.exclude(origin_id__in=list(copies)).delete()
    kept = {f.pk for f in files}
    now = clock.now()
    province_case.files.filter(removed_at__isnull=True, origin__isnull=False).exclude(origin_id__in=kept).update(
        removed_at=now
    )
    present = set(province_case.files.filter(removed_at__isnull=True).values_list("origin_id", flat=True))
    for record in files:
        if record.pk in present:
            continue
        CaseFile.objects.create(
            case=province_case,
            agency_id=province_case.agency_id,
            origin=record,
            proposal=copies.get(record.proposal_id) if record.proposal_id else None,
            doc_type=record.doc_type,
            name=record.name,
            file=record.file.name,
            size=record.size,
            content_type=record.content_type,
            uploaded_by=user,
        )


def copies_initiatives() -> Prefetch:
    """The initiatives a province case's copied proposals name, for its pages: the agency's rows (the nominee's),
    reached only through the copies' own links."""
    return Prefetch("initiatives", queryset=Initiative._base_manager.order_by("-year", "name"))


def province_findings(*, case: Case):
    """What the rules find about each proposal of a province case: its origin judged where the facts are (ratings,
    history, initiatives, disciplines are the agency's), beside the other proposals of the agency's dossier — the
    same judgement (eligibility.dossier_judge) the agency's own check made. One NomineeFindings per copy."""
    from .casework.eligibility import NomineeFindings, proposals_judge

    copies = list(
        case.proposals.select_related("staff", "title", "case__unit")
        .prefetch_related(copies_initiatives())
        .order_by("order", "pk")
    )
    origin = Case._base_manager.filter(pk=case.origin_id).first()
    judgements = {}
    if origin is not None:
        with agency_scope(origin.agency_id):
            judgements = proposals_judge(case=origin)
    return [
        NomineeFindings(copy, judgements[copy.origin_id].findings if copy.origin_id in judgements else ())
        for copy in copies
    ]


def origin_reviews(*, proposals: list[Proposal], year: int, book) -> dict[int, object]:
    """What the province's council sees beside each copied proposal: its origin's findings and history, judged in
    the origin agency's scope (origin proposal id → council.findings.NomineeReview)."""
    from .council.findings import proposals_reviews

    origins = Proposal._base_manager.filter(pk__in=[p.origin_id for p in proposals if p.origin_id])
    by_agency: dict[int, set[int]] = {}
    for agency_id, case_id in origins.values_list("agency_id", "case_id"):
        by_agency.setdefault(agency_id, set()).add(case_id)
    reviews: dict[int, object] = {}
    for agency_id, case_ids in sorted(by_agency.items()):
        with agency_scope(agency_id):
            cases = {case.pk: case for case in Case.objects.filter(pk__in=case_ids)}
            reviews |= proposals_reviews(cases=cases, year=year, book=book)
    return reviews


# --- the province answers -------------------------------------------------------------------------------------------


def origin_answer(*, case: Case, decision: str, write) -> None:
    """Complete the agency case's wait for the province (a dossier's or a report's): `write(origin, task)` records
    the answer first, in the agency's scope and under its case's lock. Nothing happens when the agency case is not
    waiting (safe twice)."""
    from .flows import FLOWS

    origin = Case._base_manager.filter(pk=case.origin_id).first()
    if origin is None:
        return
    flow_class = FLOWS[origin.kind]
    with agency_scope(origin.agency_id), transaction.atomic(), flow_class.lock(origin.pk):
        origin = Case.objects.get(pk=origin.pk)
        task = _wait_task(origin)
        if task is None:
            return
        write(origin, task)
        task.data = {**(task.data or {}), "decision": decision}
        task.save(update_fields=["data"])
        flow_class.province_wait.run(task)
    services.notices_later(origin.pk)


def province_case_returned(*, case: Case) -> None:
    """The province's Ban TĐKT returned the case (its check's Function node): the agency's Văn phòng gets its
    send_upward step again, with the reason on the agency's case."""
    with agency_scope(case.agency_id):
        returned = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.RETURNED).select_related("actor").last()
    reason = returned.comment if returned else ""
    actor = returned.actor if returned else None
    province = Agency.objects.get(pk=case.agency_id)

    def write(origin, task):
        services.event_add(
            case=origin,
            action=CaseEvent.Action.RETURNED,
            actor=actor,
            task=task,
            comment=reason or _("%(province)s trả lại hồ sơ.") % {"province": province},
        )

    origin_answer(case=case, decision="return", write=write)


def province_decision_deliver(
    *, case: Case, awarded: dict[int, bool], number: str, date: datetime.date, file: CaseFile | None, user
) -> None:
    """The Chủ tịch UBND tỉnh's decision on a province case, delivered: each copy's outcome set, and on the agency's
    case each origin proposal's outcome, the awards in the commendation history, the decision (number, date, the
    signed file) as the upper level's decision, and the wait completed — the agency's case then closes by itself
    (or goes on to the titles above the province). Runs inside the decision step's transaction; all or nothing."""
    province = Agency.objects.get(pk=case.agency_id)
    decided_by = province.issuer_title or str(province)
    with agency_scope(province):
        copies = list(Proposal.objects.filter(case=case))
        for copy in copies:
            won = awarded.get(copy.pk, False) and copy.council_result == Proposal.CouncilResult.PASSED
            copy.outcome = Proposal.Outcome.AWARDED if won else Proposal.Outcome.NOT_AWARDED
            copy.save(update_fields=["outcome"])
    outcomes = {copy.origin_id: copy.outcome == Proposal.Outcome.AWARDED for copy in copies if copy.origin_id}

    def write(origin, task):
        stored = None
        if file is not None:
            stored = CaseFile.objects.create(
                case=origin,
                agency_id=origin.agency_id,
                task=task,
                doc_type=DocumentCode.QUYET_DINH,
                name=file.name,
                file=file.file.name,
                size=file.size,
                content_type=file.content_type,
                uploaded_by=user,
            )
        services.document_record(
            case=origin,
            kind=CaseDocument.Kind.UPWARD_DECISION,
            number=number,
            date=date,
            recipient=decided_by,
            file=stored,
            user=user,
        )
        services.awards_record(
            case=origin,
            awarded=outcomes,
            number=number,
            date=date,
            decided_by=decided_by,
            proposals=Proposal.objects.filter(case=origin, pk__in=list(outcomes)),
        )
        services.event_add(
            case=origin,
            action=CaseEvent.Action.UPWARD_DECIDED,
            actor=user,
            task=task,
            note=(
                gettext_noop(
                    "%(issuer)s quyết định số %(number)s ngày %(date)s: %(awarded)s/%(total)s đề nghị được khen thưởng."
                ),
                {
                    "issuer": decided_by,
                    "number": number,
                    "date": date.strftime("%d/%m/%Y"),
                    "awarded": sum(outcomes.values()),
                    "total": len(outcomes),
                },
            ),
        )

    origin_answer(case=case, decision="decided", write=write)


def province_none_passed(*, case: Case) -> None:
    """The province's council passed none of the case's proposals: none is awarded, and the agency's case is told."""
    with agency_scope(case.agency_id):
        copies = Proposal.objects.filter(case=case)
        copies.update(outcome=Proposal.Outcome.NOT_AWARDED)
        services.event_add(
            case=case,
            action=CaseEvent.Action.CLOSED,
            note=(gettext_noop("Không có đề nghị nào được Hội đồng thông qua."), {}),
        )
        origin_ids = list(copies.exclude(origin__isnull=True).values_list("origin_id", flat=True))

    def write(origin, task):
        Proposal.objects.filter(case=origin, pk__in=origin_ids).update(outcome=Proposal.Outcome.NOT_AWARDED)
        services.event_add(
            case=origin,
            action=CaseEvent.Action.UPWARD_DECIDED,
            task=task,
            note=(gettext_noop("Hội đồng TĐKT tỉnh không thông qua đề nghị nào của hồ sơ."), {}),
        )

    origin_answer(case=case, decision="decided", write=write)


def campaign_province_link(*, campaign: Campaign, province_campaign: Campaign) -> None:
    """Link an agency's campaign to the province's programme of the same year (its dossiers for the province's
    awards go into that programme); linking twice changes nothing."""
    if Agency.objects.filter(pk=province_campaign.agency_id, kind=Agency.Kind.PROVINCE).exists() is False:
        raise ValidationError(_("Chương trình được liên kết phải là chương trình của cấp tỉnh."))
    if campaign.province_campaign_id != province_campaign.pk:
        campaign.province_campaign = province_campaign
        campaign.save(update_fields=["province_campaign"])
