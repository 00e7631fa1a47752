"""Writes on cases: opening them, each step's outcome, files, the timeline, decisions and history.

Every write runs inside the flow's lock on the case row (viewflow's `task.activation()` or
`Flow.lock`), records who did it, and returns early when there is nothing to change.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from people import clock
from people.models import OrgUnit
from people.selectors import units_for_emulation
from people.wording import AGENCY_OFFICE, agency_words

from .. import files as filetypes
from ..kinds import StepRole, case_kind
from ..models import (
    Campaign,
    Case,
    CaseDocument,
    CaseEvent,
    CaseFile,
    Commendation,
    DocumentCode,
    DocumentKind,
    FindingAcknowledgement,
    Milestone,
    Proposal,
    step_title,
)
from ..signatures.services import file_signatures_check
from .access import actor_of

log = logging.getLogger(__name__)


def _announce_later(case_id: int) -> None:
    """After the commit, have a worker tell people about the case's new tasks; if the broker is down, the
    next reminder sweep does it (same keys)."""

    def send():
        from ..tasks import case_notices

        try:
            case_notices.delay(case_id)
        except Exception:  # the broker is down: the sweep catches up
            log.warning("could not enqueue the notices of case %s; the next sweep sends them", case_id, exc_info=True)

    transaction.on_commit(send)


def notices_later(case_id: int) -> None:
    """Tell people about a case's new tasks after the commit (for a case moved on from another case's step)."""
    _announce_later(case_id)


class StepConflict(Exception):
    """The task was completed, returned or taken by someone else a moment ago."""


def event_add(
    *,
    case: Case,
    action: str,
    actor=None,
    task: Task | None = None,
    comment: str = "",
    data: dict | None = None,
    note: tuple[str, dict] | None = None,
) -> CaseEvent:
    """One line of the timeline. `comment` is a person's words. What the system says is data, worded in each
    reader's language when shown (CaseEvent.text): `data` as the council's figures, or `note` as a message
    marked with gettext_noop and its parameters."""
    stored = dict(data or {})
    if note is not None:
        msgid, params = note
        stored = {"msgid": msgid, "params": params}
        comment = comment or _(msgid) % params
    return CaseEvent.objects.create(
        case=case,
        task=task,
        actor=actor,
        action=action,
        step=step_title(task.flow_task, case.agency_id) if task is not None and task.flow_task else "",
        comment=comment,
        data=stored,
    )


# --- opening cases -----------------------------------------------------------------------------


def case_open(*, kind: str, campaign: Campaign, unit: OrgUnit, actor=None) -> Case:
    """Start the flow of one case for a unit; if the unit already has one, return it (safe to call twice)."""
    existing = Case.objects.filter(kind=kind, campaign=campaign, unit=unit).first()
    if existing is not None:
        return existing
    spec = case_kind(kind)
    milestone = Milestone.objects.filter(campaign=campaign, code=spec.milestone).first()
    case = spec.flow_class.start.run(
        case_fields={"kind": kind, "campaign": campaign, "unit": unit, "milestone": milestone, "actor": actor}
    )
    _announce_later(case.pk)
    return case


def campaign_cases_open(*, campaign: Campaign, kind: str, actor=None) -> list[Case]:
    """Open the stage for every unit taking part (and the Văn phòng's consolidated case where there is one)."""
    from people.selectors import office_unit

    opened = [case_open(kind=kind, campaign=campaign, unit=unit, actor=actor) for unit in units_for_emulation()]
    board_kind = case_kind(kind).board_kind
    office = office_unit()
    if board_kind and office is not None:
        opened.append(case_open(kind=board_kind, campaign=campaign, unit=office, actor=actor))
    return opened


def campaign_stage_open(*, campaign: Campaign, kind: str, actor) -> int:
    """The Văn phòng opens a stage for every unit; returns how many cases are new (0 when already open)."""
    from ..province import is_province

    if not actor_of(actor).is_office:
        raise PermissionDenied(_("Chỉ Văn phòng được mở đợt."))
    if is_province(agency_id=campaign.agency_id):
        raise PermissionDenied(_("Cấp tỉnh nhận hồ sơ do các cơ quan gửi lên; không mở đợt cho đơn vị."))
    cases = Case.objects.filter(campaign=campaign, kind__in=[kind, case_kind(kind).board_kind or kind])
    before = cases.count()
    campaign_cases_open(campaign=campaign, kind=kind, actor=actor)
    return cases.count() - before


def case_started(*, activation, case_fields: dict) -> Case:
    """StartHandle's work: fill the new case row before viewflow saves it."""
    case: Case = activation.process
    actor = case_fields.pop("actor", None)
    for name, value in case_fields.items():
        setattr(case, name, value)
    case.save()
    event_add(case=case, action=CaseEvent.Action.OPENED, actor=actor)
    return case


def case_accepted(*, case: Case) -> None:
    if case.accepted_at is None:
        case.accepted_at = clock.now()
        case.save(update_fields=["accepted_at"])


def case_closed(*, case: Case) -> None:
    event_add(case=case, action=CaseEvent.Action.CLOSED)


def case_to_council(*, case: Case) -> None:
    if case.council_at is None:
        case.council_at = clock.now()
        case.save(update_fields=["council_at"])


def case_none_passed(*, case: Case) -> None:
    case.proposals.update(outcome=Proposal.Outcome.NOT_AWARDED)
    event_add(
        case=case,
        action=CaseEvent.Action.CLOSED,
        note=(gettext_noop("Không có đề nghị nào được Hội đồng thông qua."), {}),
    )


def proposals_passed(*, case: Case, decided_at: str | None = None) -> QuerySet[Proposal]:
    passed = case.proposals.filter(council_result=Proposal.CouncilResult.PASSED)
    if decided_at:
        passed = passed.filter(title__decided_at=decided_at)
    return passed


def proposals_undecided_upward(*, case: Case) -> QuerySet[Proposal]:
    """Upward proposals the council passed that no decision has reached yet (all of them until the upward decision
    is recorded; those above the province once the province has decided its own)."""
    return proposals_passed(case=case, decided_at="upward").filter(outcome=Proposal.Outcome.PENDING)


# --- tasks: claim, unassign, reassign, complete ----------------------------------------------------


def _lock_task(task: Task):
    """viewflow's activation context: the case row locked (SELECT … FOR UPDATE), the task re-read."""
    return task.activation()


def task_claim(*, task: Task, user) -> None:
    with _lock_task(task) as activation:
        if task.owner_id == user.pk and task.status == STATUS.ASSIGNED:
            return
        if task.status == STATUS.ASSIGNED and task.flow_task.can_take_over(user, task):
            # Nhận thay: the person this task is assigned to has delegated the role to this user.
            previous = task.owner
            activation.reassign(user=user)
            event_add(
                case=activation.process,
                action=CaseEvent.Action.CLAIMED,
                actor=user,
                task=task,
                note=(
                    gettext_noop("Nhận thay %(name)s (ủy quyền)"),
                    {"name": previous.get_full_name() or previous.username},
                ),
            )
            return
        if task.status != STATUS.NEW or task.owner_id:
            raise StepConflict(_("Việc này vừa được người khác nhận hoặc xử lý."))
        if not task.flow_task.can_assign(user, task):
            raise PermissionDenied(_("Anh/chị không có vai trò để nhận việc này."))
        activation.assign(user)
        event_add(case=activation.process, action=CaseEvent.Action.CLAIMED, actor=user, task=task)


def task_unassign(*, task: Task, user) -> None:
    with _lock_task(task) as activation:
        if task.status != STATUS.ASSIGNED:
            raise StepConflict(_("Việc này không còn ở trạng thái đã nhận."))
        if task.owner_id != user.pk and not actor_of(user).is_office_chief:
            raise PermissionDenied(_("Chỉ người đang giữ việc hoặc Chánh Văn phòng được trả việc về hàng chờ."))
        activation.unassign()
        event_add(case=activation.process, action=CaseEvent.Action.UNASSIGNED, actor=user, task=task)


def task_reassign(*, task: Task, by, to) -> None:
    """Giao lại — the Chánh Văn phòng hands a task to someone else who may do it."""
    if not actor_of(by).is_office_chief:
        if agency_words(task.process.case.agency_id).own:
            raise PermissionDenied(pgettext(AGENCY_OFFICE, "Chỉ Chánh Văn phòng được giao lại việc."))
        raise PermissionDenied(_("Chỉ Chánh Văn phòng được giao lại việc."))
    with _lock_task(task) as activation:
        case = activation.process
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            raise StepConflict(_("Việc này đã được xử lý xong."))
        if not actor_of(to).may_act(permission=task.owner_permission, unit_id=case.unit_id):
            raise ValidationError(_("Người được giao không có vai trò để làm bước này."))
        if task.status == STATUS.NEW:
            activation.assign(to)
        else:
            activation.reassign(user=to)
        event_add(
            case=case,
            action=CaseEvent.Action.REASSIGNED,
            actor=by,
            task=task,
            note=(gettext_noop("Giao cho %(name)s"), {"name": to.get_full_name() or to.username}),
        )


@dataclass
class Outcome:
    """What the person did at a step: the event to record and, for a decision step, approve or return."""

    action: str
    decision: str | None = None  # "approve" | "return"
    comment: str = ""


def step_complete(*, task: Task, user, apply, outcome: Outcome, request=None) -> Case:
    """Complete a human step: under the case lock, re-check the task is still this user's, apply the
    step's writes (`apply(case, task)`), record the event and let the flow go on. All or nothing."""
    with _lock_task(task) as activation:
        if task.status != STATUS.ASSIGNED or task.owner_id != user.pk:
            raise StepConflict(_("Việc này vừa được người khác xử lý; trang đã được cập nhật."))
        if not task.flow_task.can_execute(user, task):
            raise PermissionDenied(_("Anh/chị không còn vai trò để làm bước này."))
        case = activation.process
        apply(case, task)
        if case_kind(case.kind).is_step(task.flow_task, StepRole.DRAFT):
            # The unit has sent its part: it no longer owes the milestone (until a return).
            case.submitted_at = clock.now()
            case.save(update_fields=["submitted_at"])
        if outcome.decision:
            task.data["decision"] = outcome.decision
        if outcome.comment:
            task.data["comment"] = outcome.comment
        event_add(case=case, action=outcome.action, actor=user, task=task, comment=outcome.comment)
        activation.start(request)
        activation.execute()
    _announce_later(case.pk)
    return case


def step_save(*, task: Task, user, apply) -> Case:
    """Save a step's form without completing it (lưu nháp), under the same lock and checks."""
    with _lock_task(task) as activation:
        if task.status != STATUS.ASSIGNED or task.owner_id != user.pk:
            raise StepConflict(_("Việc này vừa được người khác xử lý; trang đã được cập nhật."))
        case = activation.process
        apply(case, task)
        event_add(case=case, action=CaseEvent.Action.SAVED, actor=user, task=task)
    return case


def findings_acknowledge(*, case: Case, accepted: list[tuple[Proposal, object, str]], user) -> None:
    """Keep on the case each warning the Văn phòng accepts, with its reason, the finding as it was found, who and
    when (called inside the check step's lock). Accepting the same warning again (after a return) replaces it."""
    now = clock.now()
    with transaction.atomic():
        for proposal, finding, reason in accepted:
            FindingAcknowledgement.objects.update_or_create(
                proposal=proposal,
                code=finding.code,
                defaults={"case": case, "reason": reason, "finding": finding.as_dict(), "by": user, "at": now},
            )


# --- files -------------------------------------------------------------------------------------------


def file_attach(
    *, case: Case, uploaded, doc_type: str, user, task: Task | None = None, proposal: Proposal | None = None
) -> CaseFile:
    """Store an upload under an unguessable name after judging it by its content; its document kind must be
    one of the list (DocumentKind)."""
    if not DocumentKind.objects.filter(code=doc_type).exists():
        raise ValidationError(_("Loại tài liệu “%(code)s” không có trong danh mục.") % {"code": doc_type})
    kind = filetypes.validate_upload(uploaded)
    record = CaseFile(
        case=case,
        task=task,
        proposal=proposal,
        doc_type=doc_type,
        name=filetypes.display_name(uploaded.name, kind),
        size=uploaded.size,
        content_type=kind.content_type,
        uploaded_by=user,
    )
    uploaded.seek(0)
    record.file.save(filetypes.storage_name(kind), uploaded, save=False)
    record.save()
    if kind == filetypes.PDF:
        # Synchronous: tens of milliseconds for an ordinary signed PDF (workflows/signatures/verify.py caps the rest).
        file_signatures_check(record=record)
    event_add(case=case, action=CaseEvent.Action.FILE_ADDED, actor=user, task=task, comment=record.name)
    return record


def files_attach(*, case: Case, rows: list[tuple[str, int | None, list]], user, task: Task | None = None) -> list:
    """Attach what a step's page sent in one save: rows of (document type, proposal id or None, files)."""
    proposals = {p.pk: p for p in case.proposals.all()}
    return [
        file_attach(
            case=case,
            uploaded=upload,
            doc_type=doc_type or DocumentCode.KHAC,
            user=user,
            task=task,
            proposal=proposals.get(proposal_id) if proposal_id else None,
        )
        for doc_type, proposal_id, uploads in rows
        for upload in uploads
    ]


def files_remove(*, case: Case, pks: set[int], user, task: Task | None = None) -> None:
    for record in case.files.filter(pk__in=pks, removed_at__isnull=True):
        file_remove(record=record, user=user, task=task)


def file_remove(*, record: CaseFile, user, task: Task | None = None) -> None:
    if record.removed_at is None:
        record.removed_at = clock.now()
        record.save(update_fields=["removed_at"])
        event_add(case=record.case, action=CaseEvent.Action.FILE_REMOVED, actor=user, task=task, comment=record.name)


# --- the council's result, decisions and history ------------------------------------------------------


def _council_node(case: Case):
    """The case's "awaiting the council" node (the agency's dossier, or the province's case)."""
    spec = case_kind(case.kind)
    return getattr(spec.flow_class, spec.node_name(StepRole.COUNCIL))


def council_task(*, case: Case) -> Task | None:
    return Task.objects.filter(process_id=case.pk, flow_task=_council_node(case), status=STATUS.NEW).first()


def council_result_record(
    *,
    case: Case,
    results: dict[int, tuple[bool, str]],
    actor=None,
    note: str = "",
    figures: dict[int, dict] | None = None,
    event_data: dict | None = None,
) -> Case:
    """Kết quả Hội đồng — set each nominee's result and move the dossier on from "awaiting council".

    `results` maps every proposal id of the dossier to (passed, note); `figures`, when the result was counted
    by the system, each proposal's figures (kept as data, put into words when shown); `event_data` what the
    timeline line says (by default: how many passed). Safe to call twice: once the dossier has left the
    council stage, nothing changes."""
    node = _council_node(case)
    with transaction.atomic(), node.flow_class.lock(case.pk):
        task = council_task(case=case)
        if task is None:
            return case
        proposals = {p.pk: p for p in case.proposals.all()}
        missing = set(proposals) - set(results)
        if missing:
            raise ValidationError(_("Chưa có kết quả của Hội đồng cho mọi người được đề nghị."))
        for pk, (passed, proposal_note) in results.items():
            proposal = proposals[pk]
            proposal.council_result = Proposal.CouncilResult.PASSED if passed else Proposal.CouncilResult.FAILED
            proposal.council_note = proposal_note[:500]
            proposal.council_figures = (figures or {}).get(pk)
            if not passed:
                proposal.outcome = Proposal.Outcome.NOT_AWARDED
            proposal.save(update_fields=["council_result", "council_note", "council_figures", "outcome"])
        passed_count = sum(1 for passed, _note in results.values() if passed)
        event_add(
            case=case,
            action=CaseEvent.Action.COUNCIL,
            actor=actor,
            task=task,
            comment=note,
            data=event_data or {"what": "council_result", "passed": passed_count, "total": len(results)},
        )
        node.run(task)
    _announce_later(case.pk)
    return case


def awards_record(
    *,
    case: Case,
    awarded: dict[int, bool],
    number: str,
    date: datetime.date,
    decided_by: str,
    proposals: QuerySet[Proposal],
) -> None:
    """Set each proposal's outcome and write the awards into the commendation history (once per proposal), each
    carrying the initiatives its proposal named."""
    for proposal in proposals.select_related("title").prefetch_related("initiatives"):
        won = awarded.get(proposal.pk, False)
        proposal.outcome = Proposal.Outcome.AWARDED if won else Proposal.Outcome.NOT_AWARDED
        proposal.save(update_fields=["outcome"])
        if won:
            commendation, _created = Commendation.objects.update_or_create(
                proposal=proposal,
                defaults={
                    "staff": proposal.staff,
                    "unit": None if proposal.staff_id else case.unit,
                    "title": proposal.title,
                    "year": case.campaign.year,
                    "decision_number": number,
                    "decision_date": date,
                    "decided_by": decided_by,
                },
            )
            # The initiatives the dossier named have now carried this award (Luật TĐKT 2022 Đ5 k2c: used once).
            commendation.initiatives.add(*proposal.initiatives.all())


def document_record(*, case: Case, kind: str, number: str, date, recipient: str, file: CaseFile | None, user):
    return CaseDocument.objects.create(
        case=case, kind=kind, number=number, date=date, recipient=recipient, file=file, recorded_by=user
    )


def council_result_revert(*, case: Case, actor, reason: str) -> None:
    """Put a dossier back at "awaiting council" when the chair reopens the session — refused once any step
    after the council has been done (a decision recorded, a submission sent upward).

    The steps the council's result opened are cancelled and a new "awaiting council" task is created;
    the history keeps both, and the proposals' results are cleared."""
    node = _council_node(case)
    with transaction.atomic(), node.flow_class.lock(case.pk):
        last = Task.objects.filter(process_id=case.pk, flow_task=node, status=STATUS.DONE).order_by("-pk").first()
        if last is None:
            return
        after = Task.objects.filter(process_id=case.pk, pk__gt=last.pk)
        if after.filter(flow_task_type="HUMAN", status=STATUS.DONE).exists():
            raise ValidationError(
                _("Hồ sơ của %(unit)s đã có quyết định hoặc đã trình cấp trên; không mở lại phiên họp được.")
                % {"unit": case.unit}
            )
        now = clock.now()
        for task in after.exclude(status__in=[STATUS.DONE, STATUS.CANCELED]):
            task.status, task.finished = STATUS.CANCELED, now
            task.save(update_fields=["status", "finished"])
        again = Task(process_id=case.pk, flow_task=node, token=last.token)
        again.save()
        again.previous.add(last)
        process = Case.objects.get(pk=case.pk)
        if process.finished is not None or process.status != PROCESS.NEW:
            process.status, process.finished = PROCESS.NEW, None
            process.save(update_fields=["status", "finished"])
        case.proposals.update(
            council_result=Proposal.CouncilResult.PENDING,
            council_note="",
            council_figures=None,
            outcome=Proposal.Outcome.PENDING,
        )
        event_add(
            case=case, action=CaseEvent.Action.COUNCIL, actor=actor, comment=reason, data={"what": "council_reopened"}
        )


def council_minutes_record(*, case: Case, passed: set[int], minutes, note: str, actor) -> Case:
    """Ghi kết quả Hội đồng from its signed paper minutes (the Văn phòng, as the council's standing body):
    the minutes are filed with the dossier and the result recorded, together or not at all."""
    if not actor_of(actor).is_office:
        raise PermissionDenied(_("Chỉ Văn phòng được ghi kết quả Hội đồng."))
    results = {pk: (pk in passed, "") for pk in case.proposals.values_list("pk", flat=True)}
    with transaction.atomic():
        file_attach(case=case, uploaded=minutes, doc_type=DocumentCode.KET_QUA_BO_PHIEU, user=actor)
        return council_result_record(case=case, results=results, actor=actor, note=note)
