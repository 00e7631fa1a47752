"""Reads on cases and tasks: the inbox, queue and archive, a case's page, checklists and summaries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from people import clock
from people.models import OrgUnit
from people.selectors import units_for_emulation

from ..models import PER_NOMINEE_DOCUMENTS, AwardTitle, Campaign, Case, CaseFile, DocumentType, Proposal
from ..selectors import rule_in_force
from .access import Actor

# Documents the council itself produces: not the unit's to supply before the council meets.
PRODUCED_BY_COUNCIL = {DocumentType.KET_QUA_BO_PHIEU}

TASK_RELATED = (
    "process__case__unit",
    "process__case__campaign",
    "process__case__milestone",
    "owner",
)


def cases_visible(*, actor: Actor) -> QuerySet[Case]:
    return Case.objects.filter(actor.cases_q()).select_related("unit", "campaign", "milestone")


def case_visible(*, actor: Actor, pk: int) -> Case | None:
    return cases_visible(actor=actor).filter(pk=pk).first()


def _human_tasks() -> QuerySet[Task]:
    return Task.objects.filter(flow_task_type="HUMAN", process__case__isnull=False).select_related(*TASK_RELATED)


def tasks_inbox(*, actor: Actor) -> QuerySet[Task]:
    """Việc của tôi — tasks assigned to me and not done."""
    return _human_tasks().filter(owner=actor.user, status=STATUS.ASSIGNED)


def tasks_queue(*, actor: Actor) -> QuerySet[Task]:
    """Hàng chờ — unassigned tasks my roles may claim, on the units they cover; and, while a delegation to
    me is in force, the tasks assigned to the person I stand in for."""
    return _human_tasks().filter(
        (Q(status=STATUS.NEW, owner__isnull=True) & actor.claimable_q())
        | (Q(status=STATUS.ASSIGNED) & actor.takeover_q())
    )


def tasks_archive(*, actor: Actor) -> QuerySet[Task]:
    """Đã xử lý — the steps I completed."""
    return _human_tasks().filter(owner=actor.user, status=STATUS.DONE)


@dataclass(frozen=True)
class TaskFilters:
    year: int | None = None
    kind: str = ""
    unit: int | None = None
    stage: str = ""
    overdue: bool = False
    sort: str = "due"


SORTS = {
    "due": ("process__case__milestone__due_date", "created"),
    "-due": ("-process__case__milestone__due_date", "-created"),
    "created": ("created",),
    "-created": ("-created",),
    "unit": ("process__case__unit__order", "process__case__unit__name", "created"),
}


def tasks_filter(tasks: QuerySet[Task], *, filters: TaskFilters, today: datetime.date | None = None) -> QuerySet[Task]:
    today = today or clock.today()
    if filters.year:
        tasks = tasks.filter(process__case__campaign__year=filters.year)
    if filters.kind:
        tasks = tasks.filter(process__case__kind=filters.kind)
    if filters.unit:
        tasks = tasks.filter(process__case__unit_id=filters.unit)
    if filters.stage:
        tasks = tasks.filter(Q(flow_task__endswith=f".{filters.stage}"))
    if filters.overdue:
        tasks = tasks.filter(process__case__milestone__due_date__lt=today)
    return tasks.order_by(*SORTS.get(filters.sort, SORTS["due"]))


def stage_choices() -> list[tuple[str, str]]:
    """Every human step of every flow, by node name, with its title (steps sharing a name share a title)."""
    from ..flows import FLOWS

    seen: dict[str, str] = {}
    for flow_class in dict.fromkeys(FLOWS.values()):
        for node in flow_class.instance.nodes():
            if getattr(node, "task_type", "") == "HUMAN" and node.name not in seen:
                seen[node.name] = str(node.task_title)
    return sorted(seen.items(), key=lambda item: item[1])


def case_active_tasks(*, case: Case) -> list[Task]:
    return list(
        Task.objects.filter(process_id=case.pk, status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED])
        .exclude(flow_task_type__in=["START", "END"])
        .select_related("owner")
        .order_by("created")
    )


def case_stage(*, case: Case, active: list[Task] | None = None) -> str:
    active = case_active_tasks(case=case) if active is None else active
    if active:
        return "; ".join(str(t.flow_task.task_title) for t in active)
    return str(_("Đã kết thúc")) if case.finished else ""


def case_files(*, case: Case) -> QuerySet[CaseFile]:
    return case.files.filter(removed_at__isnull=True).select_related(
        "proposal__staff", "proposal__title", "uploaded_by"
    )


def case_timeline(*, case: Case):
    return case.events.select_related("actor", "actor__staff").order_by("created", "pk")


def case_proposals(*, case: Case) -> QuerySet[Proposal]:
    return case.proposals.select_related("staff", "title").order_by("order", "pk")


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    proposal: Proposal | None
    present: bool
    later: bool  # produced by the council, not the unit
    link: str = ""  # where the reader finds it: the council's minutes, or the file


def _council_minutes(*, case: Case, actor: Actor | None) -> tuple[bool, str]:
    """Whether the council's vote on this dossier exists as a closed session, and the link to its minutes
    for a reader who may see that session (the Văn phòng, the Board's leaders, that year's members)."""
    from django.urls import reverse

    from ..council.models import CouncilSession

    session = (
        CouncilSession.objects.filter(items__proposal__case=case, status=CouncilSession.Status.CLOSED)
        .order_by("-closed_at")
        .first()
    )
    if session is None:
        return False, ""
    may_see = actor is not None and (actor.sees_all or case.campaign.year in actor.council_years)
    return True, reverse("council:minutes", kwargs={"pk": session.pk}) if may_see else ""


def checklist(*, case: Case, actor: Actor | None = None) -> list[ChecklistItem]:
    """Thành phần hồ sơ — what the law asks for each proposal under the rule in force in the
    achievement year, and whether the dossier has it (Luật TĐKT 2022 Đ84; NĐ 98/2023 Đ45–46).

    The council's own document (its vote) is there once its session has closed (linked to the minutes), or
    once the Văn phòng has recorded the result from paper minutes (linked to that file)."""
    from django.urls import reverse

    day = case.campaign.end_date
    files = list(case.files.filter(removed_at__isnull=True).values_list("doc_type", "proposal_id", "pk"))
    case_level = {doc: pk for doc, _proposal, pk in files}
    per_nominee = {(doc, proposal) for doc, proposal, _pk in files if proposal}
    council_done, minutes = _council_minutes(case=case, actor=actor)
    items: list[ChecklistItem] = []
    seen_case_level: set[str] = set()
    titles = {t.pk: t for t in AwardTitle.objects.prefetch_related("rules")}
    for proposal in case_proposals(case=case):
        rule = rule_in_force(title=titles[proposal.title_id], on=day)
        for code in rule.required_documents if rule else []:
            label = DocumentType(code).label if code in DocumentType.values else code
            later = code in PRODUCED_BY_COUNCIL
            if code in PER_NOMINEE_DOCUMENTS:
                items.append(ChecklistItem(code, label, proposal, (code, proposal.pk) in per_nominee, later))
            elif code not in seen_case_level:
                seen_case_level.add(code)
                link = ""
                if later and code in case_level:
                    link = reverse("cases:file", kwargs={"case_pk": case.pk, "pk": case_level[code]})
                elif later and council_done:
                    link = minutes
                present = code in case_level or (later and council_done)
                items.append(ChecklistItem(code, label, None, present, later, link))
    return items


def checklist_missing(*, case: Case) -> list[str]:
    missing = []
    for item in checklist(case=case):
        if not item.present and not item.later:
            missing.append(f"{item.label} — {item.proposal.nominee_name}" if item.proposal else str(item.label))
    return missing


def board_report_pending(*, case: Case) -> list[OrgUnit]:
    """Units whose case of this stage the Văn phòng has not yet accepted."""
    from .services import UNIT_KIND_OF

    unit_kind = UNIT_KIND_OF[case.kind]
    accepted = set(
        Case.objects.filter(campaign=case.campaign, kind=unit_kind, accepted_at__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    return [unit for unit in units_for_emulation().order_by("order", "name") if unit.pk not in accepted]


@dataclass
class RegistrationSummary:
    titles: list[AwardTitle]
    rows: list[dict]
    totals: dict[int, int]


def registration_summary(*, campaign: Campaign) -> RegistrationSummary:
    """Bảng tổng hợp đăng ký thi đua — per unit: its collective title and how many registered for each title."""
    titles = list(AwardTitle.objects.filter(scope=AwardTitle.Scope.INDIVIDUAL).order_by("order"))
    cases = (
        Case.objects.filter(campaign=campaign, kind=Case.Kind.REGISTRATION)
        .select_related("unit", "collective_title")
        .prefetch_related("entries")
        .order_by("unit__order", "unit__name")
    )
    rows, totals = [], Counter()
    for case in cases:
        counts = Counter(entry.title_id for entry in case.entries.all())
        totals.update(counts)
        rows.append(
            {
                "case": case,
                "unit": case.unit,
                "collective_title": case.collective_title,
                "counts": [counts.get(t.pk, 0) for t in titles],
                "accepted": case.accepted_at is not None,
            }
        )
    return RegistrationSummary(titles=titles, rows=rows, totals={t.pk: totals.get(t.pk, 0) for t in titles})


def midyear_reports(*, campaign: Campaign) -> QuerySet[Case]:
    return (
        Case.objects.filter(campaign=campaign, kind=Case.Kind.MIDYEAR)
        .select_related("unit")
        .prefetch_related("files")
        .order_by("unit__order", "unit__name")
    )


def case_summary(*, case: Case, actor: Actor | None = None) -> dict:
    """What a reader of the case needs beside the case itself: the registration rows, the proposals and their
    checklist, or the consolidated table / the units' reports for the Văn phòng's case."""
    if case.kind == Case.Kind.REGISTRATION:
        return {"entries": case.entries.select_related("staff", "title").order_by("staff__full_name")}
    if case.kind == Case.Kind.NOMINATION:
        return {"proposals": case_proposals(case=case), "checklist": checklist(case=case, actor=actor)}
    if case.kind == Case.Kind.REGISTRATION_BOARD:
        return {"registration_summary": registration_summary(campaign=case.campaign)}
    if case.kind == Case.Kind.MIDYEAR_BOARD:
        return {"midyear_reports": midyear_reports(campaign=case.campaign)}
    return {}
