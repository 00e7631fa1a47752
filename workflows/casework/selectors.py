"""Reads on cases and tasks: the inbox, queue and archive, a case's page, checklists and summaries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from people import clock
from people.models import OrgUnit
from people.selectors import units_for_emulation
from people.tenancy import current_agency_id, is_unscoped

from ..kinds import StepRole, case_kind, kind_choices
from ..models import (
    AwardTitle,
    Campaign,
    Case,
    CaseEvent,
    CaseFile,
    Commendation,
    DocumentKind,
    Initiative,
    Proposal,
    case_kind_label,
    step_title,
)
from ..selectors import MilestoneStatus, document_kinds_all, rule_in_force
from .access import Actor

TASK_RELATED = (
    "process__case__unit__agency",
    "process__case__campaign",
    "process__case__milestone",
    "owner",
)


def cases_visible(*, actor: Actor) -> QuerySet[Case]:
    return Case.objects.filter(actor.cases_q()).select_related("unit__agency", "campaign", "milestone")


def cases_listed(*, actor: Actor, year: int | None = None, kind: str = "", unit: int | None = None) -> QuerySet[Case]:
    """Hồ sơ — the cases a person may see, with the list page's filters, as the page and its export show them."""
    cases = cases_visible(actor=actor).order_by("-campaign__year", "kind", "unit__order", "unit__name")
    if year:
        cases = cases.filter(campaign__year=year)
    if kind in Case.Kind.values:
        cases = cases.filter(kind=kind)
    if unit:
        cases = cases.filter(unit_id=unit)
    return cases


def case_state(case: Case) -> str:
    """Where a case stands, in one phrase for the list."""
    if case.finished:
        return _("Đã kết thúc")
    if case.council_at:
        return _("Đã chuyển Hội đồng")
    if case.accepted_at:
        return _("Văn phòng đã tiếp nhận")
    return _("Đang xử lý")


def case_visible(*, actor: Actor, pk: int) -> Case | None:
    return cases_visible(actor=actor).filter(pk=pk).first()


def tasks_in_scope() -> QuerySet[Task]:
    """viewflow's task table is shared by every agency: a task belongs to the agency of its case."""
    tasks = Task.objects.filter(flow_task_type="HUMAN", process__case__isnull=False)
    agency_id = current_agency_id()
    if agency_id is not None and not is_unscoped():
        tasks = tasks.filter(process__case__agency_id=agency_id)
    return tasks


def _human_tasks() -> QuerySet[Task]:
    return tasks_in_scope().select_related(*TASK_RELATED)


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


def step_candidates(*, permission: str, unit_id: int, on: datetime.date | None = None, acting: bool = False) -> list:
    """Active users who may do a step needing `permission` on the unit's cases on the day (delegates included;
    with `acting`, a holder away on a delegation is left out for their delegate)."""
    from django.contrib.auth import get_user_model

    from people.selectors import role_holders

    from .access import ROLE_TASK_PERMISSIONS, UNIT_SCOPED_ROLES

    user_ids: set[int] = set()
    for role, permissions in ROLE_TASK_PERMISSIONS.items():
        if permission in permissions:
            holders = role_holders(role=role, unit=unit_id if role in UNIT_SCOPED_ROLES else None, on=on, acting=acting)
            user_ids.update(uid for uid in holders.values_list("user_id", flat=True) if uid)
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("first_name", "username"))


def reassign_candidates(*, task: Task) -> list:
    """Whom the Chánh Văn phòng may hand a task to: everyone who may do the step on the case's unit today."""
    return step_candidates(permission=task.owner_permission, unit_id=task.process.case.unit_id)


def tasks_archive(*, actor: Actor) -> QuerySet[Task]:
    """Đã xử lý — the steps I completed."""
    return _human_tasks().filter(owner=actor.user, status=STATUS.DONE)


@dataclass(frozen=True)
class TaskFilters:
    year: int | None = None
    kind: str = ""
    unit: int | None = None
    stage: str = ""  # "<Flow>.<node>", one of stage_choices()
    overdue: bool = False
    sort: str = "due"


SORTS = {
    "due": ("process__case__milestone__due_date", "created"),
    "-due": ("-process__case__milestone__due_date", "-created"),
    "created": ("created",),
    "-created": ("-created",),
    "unit": ("process__case__unit__order", "process__case__unit__name", "created"),
}


def sort_choices() -> list[tuple[str, str]]:
    return [
        ("due", _("Hạn gần nhất trước")),
        ("-due", _("Hạn xa nhất trước")),
        ("created", _("Cũ nhất trước")),
        ("-created", _("Mới nhất trước")),
        ("unit", _("Theo đơn vị")),
    ]


def _stage_nodes() -> dict[str, object]:
    """Every human step of every flow, keyed "<Flow>.<node>": node names repeat across flows (each flow has
    its own `draft` and `sign`), so the flow is part of the key."""
    from ..flows import FLOWS

    nodes = {}
    for flow_class in dict.fromkeys(FLOWS.values()):
        for node in flow_class.instance.nodes():
            if getattr(node, "task_type", "") == "HUMAN":
                nodes[f"{flow_class.__name__}.{node.name}"] = node
    return nodes


def stage_node(value: str):
    """The step a filter value names, or None."""
    return _stage_nodes().get(value)


def stage_choices(*, province: bool = False) -> list[tuple[str, list[tuple[str, str]]]]:
    """The step filter: for each flow (named by the kinds of case it carries), each of its steps once, by title —
    the province's flow for a province, the others for an agency."""
    from ..flows import FLOWS

    kinds_of: dict[type, list[str]] = {}
    for kind, flow_class in FLOWS.items():
        if case_kind(kind).province == province:
            kinds_of.setdefault(flow_class, []).append(case_kind_label(kind))
    groups: dict[str, list[tuple[str, str]]] = {}
    for value, node in _stage_nodes().items():
        if node.flow_class not in kinds_of:
            continue
        label = " / ".join(kinds_of[node.flow_class])
        groups.setdefault(label, []).append((value, step_title(node)))
    return list(groups.items())


def tasks_filter(tasks: QuerySet[Task], *, filters: TaskFilters, today: datetime.date | None = None) -> QuerySet[Task]:
    today = today or clock.today()
    if filters.year:
        tasks = tasks.filter(process__case__campaign__year=filters.year)
    if filters.kind:
        tasks = tasks.filter(process__case__kind=filters.kind)
    if filters.unit:
        tasks = tasks.filter(process__case__unit_id=filters.unit)
    node = stage_node(filters.stage) if filters.stage else None
    if node is not None:
        tasks = tasks.filter(flow_task=node)
    if filters.overdue:
        tasks = tasks.filter(process__case__milestone__due_date__lt=today)
    return tasks.order_by(*SORTS.get(filters.sort, SORTS["due"]))


TASK_LISTS = {"inbox": tasks_inbox, "queue": tasks_queue, "archive": tasks_archive}


def due_status(case: Case, today: datetime.date) -> MilestoneStatus | None:
    if case.milestone is None:
        return None
    return MilestoneStatus(case.milestone, (case.milestone.due_date - today).days)


@dataclass(frozen=True)
class TaskRow:
    task: Task
    case: Case
    stage: str
    due: MilestoneStatus | None


@dataclass
class TaskList:
    page: Page
    rows: list[TaskRow]
    ballots: list
    choices: dict


def _task_row(task: Task, today: datetime.date) -> TaskRow:
    case = task.process.case
    return TaskRow(task=task, case=case, stage=step_title(task.flow_task), due=due_status(case, today))


def task_list(*, actor: Actor, mode: str, filters: TaskFilters, page: str | int | None, page_size: int) -> TaskList:
    """One page of my inbox, queue or archive with what its filters offer; the inbox also lists my ballots."""
    today = clock.today()
    tasks = tasks_filter(TASK_LISTS[mode](actor=actor), filters=filters, today=today)
    paged = Paginator(tasks, page_size).get_page(page)
    rows = [_task_row(t, today) for t in paged.object_list]
    return TaskList(
        page=paged,
        rows=rows,
        ballots=list(ballots_waiting(user=actor.user)) if mode == "inbox" else [],
        choices=filter_choices(actor=actor),
    )


def task_rows(*, actor: Actor, mode: str, filters: TaskFilters):
    """Every row of my inbox, queue or archive with its filters, every page of it (the list's export)."""
    today = clock.today()
    tasks = tasks_filter(TASK_LISTS[mode](actor=actor), filters=filters, today=today)
    for task in tasks.iterator(chunk_size=500):
        yield _task_row(task, today)


def filter_choices(*, actor: Actor) -> dict:
    from ..province import is_province

    province = is_province(agency_id=current_agency_id())
    return {
        "campaigns": Campaign.objects.order_by("-year").values_list("year", flat=True),
        "kinds": kind_choices(province=province),
        "units": units_for_emulation().order_by("order", "name")
        if actor.sees_all
        else OrgUnit.objects.filter(pk__in=actor.unit_ids),
        "stages": stage_choices(province=province),
        "sorts": sort_choices(),
    }


def ballots_waiting(*, user) -> QuerySet:
    """Phiếu biểu quyết chờ tôi — my ballots in council sessions still open."""
    from ..council.models import Ballot, CouncilSession

    return (
        Ballot.objects.filter(member__staff__user=user, session__status=CouncilSession.Status.OPEN)
        .exclude(status=Ballot.Status.SUBMITTED)
        .select_related("session")
        .order_by("session__held_at")
    )


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
        return "; ".join(step_title(t.flow_task, case.agency_id) for t in active)
    return str(_("Đã kết thúc")) if case.finished else ""


def task_returns(*, task: Task) -> list[CaseEvent]:
    """Why a step is back on someone's desk: when the step has come round again on this case (a head or the
    Văn phòng returned the dossier), every return of the case with who, when and the reason, newest first."""
    came_back = (
        Task.objects.filter(process_id=task.process_id, flow_task=task.flow_task, status=STATUS.DONE)
        .exclude(pk=task.pk)
        .exists()
    )
    if not came_back:
        return []
    return list(
        CaseEvent.objects.filter(case_id=task.process_id, action=CaseEvent.Action.RETURNED)
        .select_related("actor", "task")
        .order_by("-created", "-pk")
    )


@dataclass(frozen=True)
class TaskAction:
    """What the reader may do with one open task of the case page."""

    task: Task
    title: str
    can_open: bool
    can_claim: bool
    can_unassign: bool
    reassign_to: list  # the Chánh Văn phòng's choices; empty for everyone else


def case_actions(*, actor: Actor, active: list[Task]) -> list[TaskAction]:
    user = actor.user
    actions = []
    for task in active:
        if task.flow_task_type != "HUMAN":
            continue
        node = task.flow_task
        actions.append(
            TaskAction(
                task=task,
                title=step_title(node),
                can_open=task.owner_id == user.pk and node.can_execute(user, task),
                can_claim=node.can_assign(user, task) or node.can_take_over(user, task),
                can_unassign=task.owner_id is not None and (task.owner_id == user.pk or actor.is_office_chief),
                reassign_to=reassign_candidates(task=task) if actor.is_office_chief else [],
            )
        )
    return actions


def case_page(*, actor: Actor, case: Case) -> dict:
    """Everything the case page shows: its step and due date, what the reader may do, the council's stage,
    the diagram, the timeline, files and documents, and the case's own content."""
    from ..signatures.selectors import files_signable
    from .diagram import case_diagram

    active = case_active_tasks(case=case)
    files = case_files(case=case)
    spec = case_kind(case.kind)
    council_waiting = any(spec.is_step(t.flow_task, StepRole.COUNCIL) and t.status == STATUS.NEW for t in active)
    province_waiting = any(spec.is_step(t.flow_task, StepRole.PROVINCE_WAIT) for t in active)
    return {
        "at_province": province_waiting,
        "case": case,
        "stage": case_stage(case=case, active=active),
        "due": due_status(case, clock.today()),
        "actions": case_actions(actor=actor, active=active),
        "at_council": council_waiting,
        "council_session": case.proposals.filter(agenda_item__isnull=False)
        .values_list("agenda_item__session_id", flat=True)
        .first(),
        "may_record_council": actor.is_office,
        "diagram": case_diagram(case=case, active=active),
        "timeline": case_timeline(case=case),
        "files": files,
        "signable": files_signable(actor=actor, case=case, files=files),
        "documents": case.documents.select_related("file").all(),
        **case_summary(case=case, actor=actor),
    }


def case_files(*, case: Case) -> QuerySet[CaseFile]:
    """The case's files, each with its kind's name read in the same query (CaseFile.doc_type_label)."""
    kind_name = DocumentKind.objects.filter(code=OuterRef("doc_type")).values("name")[:1]
    return (
        case.files.filter(removed_at__isnull=True)
        .select_related("proposal__staff", "proposal__title", "uploaded_by")
        .prefetch_related("signatures")
        .annotate(kind_name=Coalesce(Subquery(kind_name), Value("")))
    )


def case_timeline(*, case: Case):
    return case.events.select_related("actor", "actor__staff", "task").order_by("created", "pk")


def case_proposals(*, case: Case) -> QuerySet[Proposal]:
    initiatives = "initiatives"
    if case_kind(case.kind).province:
        from ..province import copies_initiatives

        initiatives = copies_initiatives()
    return (
        case.proposals.select_related("staff", "title").prefetch_related("files", initiatives).order_by("order", "pk")
    )


@dataclass(frozen=True)
class InitiativeChoice:
    """One recognised initiative a proposal row may name: its id, its author and how it reads in the list."""

    pk: int
    staff_id: int
    label: str


def initiative_choices(*, case: Case) -> dict[int, list[InitiativeChoice]]:
    """Staff pk → the initiatives and science works of each active person of the case's unit that the rules of the
    campaign's year can count (recognised in that year or the YEARS_BACK before it), newest first — one query for
    every row of the dossier."""
    from ..eligibility_facts import YEARS_BACK

    year = case.campaign.year
    found: dict[int, list[InitiativeChoice]] = {}
    rows = (
        Initiative.objects.filter(
            staff__unit_id=case.unit_id, staff__is_active=True, year__range=(year - YEARS_BACK, year)
        )
        .order_by("staff_id", "-year", "name")
        .values_list("pk", "staff_id", "name", "year", "level")
    )
    levels = dict(Initiative.Level.choices)
    for pk, staff_id, name, recognised, level in rows:
        label = f"{name} ({recognised}, {str(levels.get(level, level)).lower()})"
        found.setdefault(staff_id, []).append(InitiativeChoice(pk, staff_id, label))
    return found


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    proposal: Proposal | None
    present: bool
    later: bool  # produced by the council, not the unit
    link: str = ""  # where the reader finds it: the council's minutes, or the file
    draft: bool = False  # only a draft the product wrote is there: the signed document is still to be uploaded


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
    rows = list(case.files.filter(removed_at__isnull=True).values_list("doc_type", "proposal_id", "pk", "generated"))
    # A draft the product generated is not the document: it shows as a draft until the signed one is uploaded.
    files = [(doc, proposal, pk) for doc, proposal, pk, generated in rows if not generated]
    drafts = {(doc, proposal) for doc, proposal, _pk, generated in rows if generated}
    case_level = {doc: pk for doc, _proposal, pk in files}
    per_nominee = {(doc, proposal) for doc, proposal, _pk in files if proposal}
    council_done, minutes = _council_minutes(case=case, actor=actor)
    items: list[ChecklistItem] = []
    seen_case_level: set[str] = set()
    titles = {t.pk: t for t in AwardTitle.objects.prefetch_related("rules")}
    kinds = document_kinds_all()
    for proposal in case_proposals(case=case):
        rule = rule_in_force(title=titles[proposal.title_id], on=day)
        for code in rule.required_documents if rule else []:
            kind = kinds.get(code) or DocumentKind(code=code, name=code)
            label, later = kind.label, kind.supplied_later
            if kind.per_nominee:
                present = (code, proposal.pk) in per_nominee
                draft = not present and (code, proposal.pk) in drafts
                items.append(ChecklistItem(code, label, proposal, present, later, draft=draft))
            elif code not in seen_case_level:
                seen_case_level.add(code)
                link = ""
                if later and code in case_level:
                    link = reverse("cases:file", kwargs={"case_pk": case.pk, "pk": case_level[code]})
                elif later and council_done:
                    link = minutes
                present = code in case_level or (later and council_done)
                draft = not present and (code, None) in drafts
                items.append(ChecklistItem(code, label, None, present, later, link, draft=draft))
    return items


def checklist_missing(*, case: Case) -> list[str]:
    missing = []
    for item in checklist(case=case):
        if not item.present and not item.later:
            missing.append(f"{item.label} — {item.proposal.nominee_name}" if item.proposal else str(item.label))
    return missing


def board_report_pending(*, case: Case) -> list[OrgUnit]:
    """Units whose case of this stage the Văn phòng has not yet accepted."""
    unit_kind = case_kind(case.kind).unit_kind
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
    if case.kind in (Case.Kind.NOMINATION, Case.Kind.PROVINCE_NOMINATION):
        from ..province import sending_agency

        return {
            "sending_agency": sending_agency(case=case),
            "proposals": case_proposals(case=case),
            "checklist": checklist(case=case, actor=actor),
            "acknowledgements": case.acknowledgements.select_related(
                "proposal__staff", "proposal__title", "proposal__case__unit", "by"
            ),
        }
    if case.kind in (Case.Kind.PROVINCE_REGISTRATION, Case.Kind.PROVINCE_MIDYEAR):
        from ..province import sending_agency

        return {"sending_agency": sending_agency(case=case)}
    if case.kind == Case.Kind.REGISTRATION_BOARD:
        return {"registration_summary": registration_summary(campaign=case.campaign)}
    if case.kind == Case.Kind.MIDYEAR_BOARD:
        return {"midyear_reports": midyear_reports(campaign=case.campaign)}
    return {}


def commendations_visible(*, actor: Actor, year: int | None = None) -> QuerySet[Commendation]:
    """Lịch sử khen thưởng — the awards of the units a person covers (every unit, for the Văn phòng and the
    Board's leaders), newest year first."""
    awards = Commendation.objects.select_related("title", "staff__unit", "unit").order_by(
        "-year", "title__order", "staff__full_name"
    )
    if not actor.sees_all:
        units = sorted(actor.unit_ids)
        awards = awards.filter(Q(staff__unit_id__in=units) | Q(unit_id__in=units))
    return awards.filter(year=year) if year else awards


def commendation_years(*, actor: Actor) -> list[int]:
    """The years to filter the history by: the campaigns', and those of past awards (the imported history goes
    back before the product ran the year as a campaign)."""
    awarded = commendations_visible(actor=actor).order_by().values_list("year", flat=True).distinct()
    return sorted(set(Campaign.objects.values_list("year", flat=True)) | set(awarded), reverse=True)
