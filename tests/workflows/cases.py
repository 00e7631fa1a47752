"""Bringing cases to a given step quickly, through the services and flows (for tests that are about
something else: access, concurrency, page cost). The end-to-end tests go through the pages instead."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from viewflow.workflow.models import Task

from people.models import Staff
from workflows.casework import services
from workflows.models import AwardTitle, Campaign, Case, CaseEvent, CaseFile, Proposal

User = get_user_model()


def user(username: str):
    return User.objects.get(username=username)


def open_task(case: Case, step: str) -> Task:
    return Task.objects.get(
        process_id=case.pk, status__in=["NEW", "ASSIGNED"], flow_task_type="HUMAN", flow_task__endswith=f".{step}"
    )


def do(case: Case, step: str, username: str, *, decision: str | None = None, apply=None) -> None:
    task = open_task(case, step)
    actor = user(username)
    if task.owner_id != actor.pk:
        services.task_claim(task=task, user=actor)
        task.refresh_from_db()
    action = CaseEvent.Action.APPROVED if decision == "approve" else CaseEvent.Action.SUBMITTED
    services.step_complete(
        task=task,
        user=actor,
        apply=apply or (lambda case, task: None),
        outcome=services.Outcome(action=action, decision=decision),
    )


def _dossier(case: Case, task: Task) -> None:
    """A complete dossier: one LĐTT and one Bằng khen tỉnh proposal, every document on file."""
    people = list(Staff.objects.filter(unit=case.unit).order_by("staff_code")[:2])
    case.meeting_date, case.attendance_present, case.attendance_total = case.campaign.end_date, 5, 6
    case.save()
    for person, code in zip(people, ("LDTT", "BK_TINH"), strict=False):
        proposal = Proposal.objects.create(
            case=case, staff=person, title=AwardTitle.objects.get(code=code), rating="htxsnv"
        )
        CaseFile.objects.create(
            case=case,
            proposal=proposal,
            doc_type="bao_cao_thanh_tich",
            name="bc.pdf",
            file="x.pdf",
            size=1,
            content_type="application/pdf",
        )
    for doc in ("to_trinh", "bien_ban_binh_xet"):
        CaseFile.objects.create(
            case=case, doc_type=doc, name=f"{doc}.pdf", file="x.pdf", size=1, content_type="application/pdf"
        )


UNIT_PEOPLE = {
    "QLDT": ("qldt.thidua", "qldt.truongphong"),
    "QHXD": ("qhxd.thidua", "qhxd.truongphong"),
    "DNLD": ("dnld.thidua", "dnld.truongphong"),
    "TNMT": ("tnmt.thidua", "tnmt.truongphong"),
    "TTDV": ("ttdv.thidua", "ttdv.giamdoc"),
    "BQLDA": ("bqlda.thidua", "bqlda.giamdoc"),
    "VP": ("vanphong", "chanhvanphong"),
}


def nomination_at_council(unit_code: str, *, year: int = 2024) -> Case:
    from people.models import OrgUnit

    case = services.case_open(
        kind=Case.Kind.NOMINATION, campaign=Campaign.objects.get(year=year), unit=OrgUnit.objects.get(code=unit_code)
    )
    clerk, head = UNIT_PEOPLE[unit_code]
    do(case, "draft", clerk, apply=_dossier)
    do(case, "sign", head, decision="approve")
    do(case, "check", "vanphong", decision="approve")
    case.refresh_from_db()
    return case


def nomination_at_join(unit_code: str) -> Case:
    """Past the council (everything passed), with the decision and the upward result both waiting."""
    case = nomination_at_council(unit_code)
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    do(case, "send_upward", "vanphong")
    return case
