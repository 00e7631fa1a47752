"""The kinds of case and their steps, in one table: which flow carries each kind, which milestone it answers
to, the Văn phòng's consolidated case of its stage, and what each flow names its steps.

Code asks this table ("is this the unit's drafting step?", "which case consolidates the units' registrations?")
instead of matching node or kind names as strings; a new kind of case is one row here and one flow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .models import Case, Milestone


class StepRole(StrEnum):
    """What a step is for, whatever its flow calls the node."""

    DRAFT = "draft"  # the unit's clerk writes the case (lập hồ sơ)
    SIGN = "sign"  # the unit's head signs it (ký duyệt)
    REVIEW = "review"  # the Văn phòng checks and accepts it (tiếp nhận / kiểm tra)
    REPORT = "report"  # the Văn phòng consolidates and sends upward (tổng hợp)
    COUNCIL = "council"  # waiting for the council's result (chờ Hội đồng)
    DECISION = "decision"  # the Trưởng ban decides (quyết định khen thưởng)
    SEND_UPWARD = "send_upward"  # the Văn phòng submits to the higher level (trình cấp trên)
    UPWARD_RESULT = "upward_result"  # the higher level's decision recorded
    PROVINCE_WAIT = "province_wait"  # waiting for the province's decision on what was sent to it (chờ cấp tỉnh)
    PROVINCE_RESEND = "province_resend"  # the province returned it: waiting for the agency to send it again


@dataclass(frozen=True)
class CaseKind:
    kind: str  # Case.Kind
    flow: str  # the flow class's name in workflows.flows
    stage: str  # Milestone.Kind: the stage of the year this case belongs to
    milestone: str  # the code of the milestone whose due date the case answers to
    steps: dict[StepRole, str] = field(default_factory=dict)  # role → node name in the flow
    board_kind: str | None = None  # the Văn phòng's consolidated case of the same stage
    unit_kind: str | None = None  # for a consolidated case: the units' cases it gathers
    opened_by_office: bool = False  # the Văn phòng opens the stage for every unit (Mở đợt)
    seen_by_council: bool = False  # council members see it from the moment it reaches the council
    has_proposals: bool = False  # it carries proposals (đề nghị) and their documents
    province: bool = False  # a province's case: an agency's dossier as sent to the province (workflows.province)

    @property
    def is_board_level(self) -> bool:
        return self.unit_kind is not None

    @property
    def flow_class(self):
        from . import flows

        return getattr(flows, self.flow)

    def node_name(self, role: StepRole) -> str | None:
        return self.steps.get(role)

    def role_of(self, node) -> StepRole | None:
        """The role of a flow node (or a node name) in this kind's flow; None for gates and functions."""
        name = getattr(node, "name", node)
        return next((role for role, node_name in self.steps.items() if node_name == name), None)

    def is_step(self, node, role: StepRole) -> bool:
        return self.role_of(node) == role


_UNIT_STEPS = {StepRole.DRAFT: "draft", StepRole.SIGN: "sign", StepRole.REVIEW: "review"}
_BOARD_STEPS = {StepRole.REPORT: "report", StepRole.PROVINCE_WAIT: "province_wait"}
_PROVINCE_REPORT_STEPS = {StepRole.REVIEW: "receive", StepRole.PROVINCE_RESEND: "resend"}

CASE_KINDS: dict[str, CaseKind] = {
    spec.kind: spec
    for spec in (
        CaseKind(
            kind=Case.Kind.REGISTRATION,
            flow="RegistrationFlow",
            stage=Milestone.Kind.REGISTRATION,
            # The units' registrations have no deadline of their own in the programme: they answer to the
            # Văn phòng's, which cannot be met without them.
            milestone="REG_UPWARD",
            steps=_UNIT_STEPS,
            board_kind=Case.Kind.REGISTRATION_BOARD,
            opened_by_office=True,
        ),
        CaseKind(
            kind=Case.Kind.REGISTRATION_BOARD,
            flow="BoardReportFlow",
            stage=Milestone.Kind.REGISTRATION,
            milestone="REG_UPWARD",
            steps=_BOARD_STEPS,
            unit_kind=Case.Kind.REGISTRATION,
        ),
        CaseKind(
            kind=Case.Kind.MIDYEAR,
            flow="MidyearFlow",
            stage=Milestone.Kind.MIDYEAR,
            milestone="MID_UNITS",
            steps=_UNIT_STEPS,
            board_kind=Case.Kind.MIDYEAR_BOARD,
            opened_by_office=True,
        ),
        CaseKind(
            kind=Case.Kind.MIDYEAR_BOARD,
            flow="BoardReportFlow",
            stage=Milestone.Kind.MIDYEAR,
            milestone="MID_UPWARD",
            steps=_BOARD_STEPS,
            unit_kind=Case.Kind.MIDYEAR,
        ),
        CaseKind(
            kind=Case.Kind.NOMINATION,
            flow="NominationFlow",
            stage=Milestone.Kind.YEAREND,
            milestone="END_UNITS",
            steps={
                StepRole.DRAFT: "draft",
                StepRole.SIGN: "sign",
                StepRole.REVIEW: "check",
                StepRole.COUNCIL: "council",
                StepRole.DECISION: "decide",
                StepRole.SEND_UPWARD: "send_upward",
                StepRole.UPWARD_RESULT: "upward_result",
                StepRole.PROVINCE_WAIT: "province_wait",
            },
            opened_by_office=True,
            seen_by_council=True,
            has_proposals=True,
        ),
        CaseKind(
            kind=Case.Kind.PROVINCE_NOMINATION,
            flow="ProvinceNominationFlow",
            stage=Milestone.Kind.YEAREND,
            milestone="END_UPWARD",
            steps={
                StepRole.REVIEW: "check",
                StepRole.PROVINCE_RESEND: "resend",
                StepRole.COUNCIL: "council",
                StepRole.DECISION: "decide",
            },
            seen_by_council=True,
            has_proposals=True,
            province=True,
        ),
        CaseKind(
            kind=Case.Kind.PROVINCE_REGISTRATION,
            flow="ProvinceReportFlow",
            stage=Milestone.Kind.REGISTRATION,
            milestone="AG_REG",
            steps=_PROVINCE_REPORT_STEPS,
            province=True,
        ),
        CaseKind(
            kind=Case.Kind.PROVINCE_MIDYEAR,
            flow="ProvinceReportFlow",
            stage=Milestone.Kind.MIDYEAR,
            milestone="AG_MID",
            steps=_PROVINCE_REPORT_STEPS,
            province=True,
        ),
    )
}


def case_kind(kind: str) -> CaseKind:
    return CASE_KINDS[kind]


def unit_kind_of_stage(stage: str) -> str | None:
    """The units' case of a stage of the year (registration, mid-year, year-end)."""
    return next(
        (s.kind for s in CASE_KINDS.values() if s.stage == stage and not s.is_board_level and not s.province), None
    )


def board_kind_of_stage(stage: str) -> str | None:
    """The Văn phòng's consolidated case of a stage, where there is one."""
    return next((s.kind for s in CASE_KINDS.values() if s.stage == stage and s.is_board_level), None)


def kinds_opened_by_office() -> list[str]:
    return [s.kind for s in CASE_KINDS.values() if s.opened_by_office]


def kinds_seen_by_council() -> list[str]:
    return [s.kind for s in CASE_KINDS.values() if s.seen_by_council]


def kind_choices(*, province: bool) -> list[tuple[str, str]]:
    """The kinds of case an agency works on, for its filters: a province's own kinds, or every other."""
    from .models import case_kind_label

    return [(kind, case_kind_label(kind)) for kind, spec in CASE_KINDS.items() if spec.province == province]


def kinds_with_council() -> list[str]:
    """The kinds whose flow waits for a council's result (the agency's dossier, the province's case)."""
    return [s.kind for s in CASE_KINDS.values() if StepRole.COUNCIL in s.steps]


def council_nodes() -> list:
    """The "awaiting the council" node of every flow that has one."""
    return [
        getattr(case_kind(kind).flow_class, case_kind(kind).node_name(StepRole.COUNCIL))
        for kind in kinds_with_council()
    ]


def role_of_task(task) -> StepRole | None:
    """The role of a task's step, read from its case's kind."""
    return case_kind(task.process.coerced.kind).role_of(task.flow_task)
