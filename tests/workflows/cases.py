"""Bringing cases to a given step quickly, through the services and flows (for tests that are about
something else: access, concurrency, page cost). The end-to-end tests go through the pages instead."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from viewflow.workflow.models import Task

from people.models import Staff
from workflows.casework import services
from workflows.models import AwardTitle, Campaign, Case, CaseEvent, CaseFile, DocumentKind, Proposal

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


def dossier(titles=("LDTT", "BK_TINH")):
    """A complete dossier: one proposal per title (people of the unit in staff-code order; the unit itself
    for a collective title), with every document the rule asks the unit for."""

    def fill(case: Case, task: Task) -> None:
        from workflows.selectors import rule_in_force

        people = iter(Staff.objects.filter(unit=case.unit).order_by("staff_code"))
        kinds = {kind.code: kind for kind in DocumentKind.objects.all()}
        case.meeting_date, case.attendance_present, case.attendance_total = case.campaign.end_date, 5, 6
        case.save()
        case_level = set()
        for code in titles:
            title = AwardTitle.objects.get(code=code)
            person = next(people) if title.scope == AwardTitle.Scope.INDIVIDUAL else None
            proposal = Proposal.objects.create(case=case, staff=person, title=title, rating="htxsnv" if person else "")
            rule = rule_in_force(title=title, on=case.campaign.end_date)
            for doc in rule.required_documents:
                if kinds[doc].supplied_later:
                    continue
                if kinds[doc].per_nominee:
                    CaseFile.objects.create(
                        case=case,
                        proposal=proposal,
                        doc_type=doc,
                        name=f"{doc}.pdf",
                        file="x.pdf",
                        size=1,
                        content_type="application/pdf",
                    )
                else:
                    case_level.add(doc)
        for doc in sorted(case_level):
            CaseFile.objects.create(
                case=case, doc_type=doc, name=f"{doc}.pdf", file="x.pdf", size=1, content_type="application/pdf"
            )

    return fill


# The demo council of 2024: 9 members, of whom these 8 vote on the system; VP002 (Hoàng Thị Mai) has no login
# and votes on paper.
COUNCIL_ONLINE = [
    "truongban",
    "photruongban",
    "chanhvanphong",
    "qldt.truongphong",
    "qhxd.truongphong",
    "dnld.truongphong",
    "tnmt.truongphong",
    "ttdv.giamdoc",
]
UNIT_PEOPLE = {
    "QLDT": ("qldt.thidua", "qldt.truongphong"),
    "QHXD": ("qhxd.thidua", "qhxd.truongphong"),
    "DNLD": ("dnld.thidua", "dnld.truongphong"),
    "TNMT": ("tnmt.thidua", "tnmt.truongphong"),
    "TTDV": ("ttdv.thidua", "ttdv.giamdoc"),
    "BQLDA": ("bqlda.thidua", "bqlda.giamdoc"),
    "VP": ("vanphong", "chanhvanphong"),
}
# The demo's second agency (Sở Khoa học và Công nghệ); its Văn phòng is khcn.vanphong.
SECOND_UNIT_PEOPLE = {
    "QLKH": ("khcn.qlkh.thidua", "khcn.qlkh.truongphong"),
    "QLCN": ("khcn.qlcn.thidua", "khcn.qlcn.truongphong"),
    "KHTC": ("khcn.khtc.thidua", "khcn.khtc.truongphong"),
}


def nomination_at_check(unit_code: str, *, year: int = 2024, titles=("LDTT", "BK_TINH")) -> Case:
    """Drafted and signed by the unit: waiting for the Văn phòng's check."""
    from people.models import OrgUnit

    case = services.case_open(
        kind=Case.Kind.NOMINATION, campaign=Campaign.objects.get(year=year), unit=OrgUnit.objects.get(code=unit_code)
    )
    clerk, head = {**SECOND_UNIT_PEOPLE, **UNIT_PEOPLE}[unit_code]
    do(case, "draft", clerk, apply=dossier(titles))
    do(case, "sign", head, decision="approve")
    case.refresh_from_db()
    return case


def nomination_at_council(
    unit_code: str, *, year: int = 2024, titles=("LDTT", "BK_TINH"), office: str = "vanphong"
) -> Case:
    """Checked by the Văn phòng (`office`: the second agency's is khcn.vanphong, run in its scope)."""
    case = nomination_at_check(unit_code, year=year, titles=titles)
    do(case, "check", office, decision="approve")
    case.refresh_from_db()
    return case


def nomination_at_join(unit_code: str) -> Case:
    """Past the council (everything passed), with the decision and the upward result both waiting (a Bằng khen of a
    Bộ: decided above the province, so its result is recorded by hand whether or not a province is on the
    installation)."""
    case = nomination_at_council(unit_code, titles=("LDTT", "BK_BO"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    do(case, "send_upward", "vanphong")
    return case
