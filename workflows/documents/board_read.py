"""What the Board's documents upward say, read from the database (workflows.documents.board lays them out): the
agency's names and head, who the document goes to (the province above, a ministry named by the title, the
programme's milestone), the proposals sent upward, the registrations, the units' submissions against their
milestone and the figures per title against the programme's targets."""

from __future__ import annotations

import re
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone, translation

from people import clock
from people.models import Agency, OrgUnit, Role, Staff
from people.selectors import office_unit, units_for_emulation

from .. import province_export
from ..kinds import case_kind, unit_kind_of_stage
from ..models import AwardTitle, Campaign, Case, Milestone, Proposal, RegistrationEntry, Target
from . import board, layout
from .selectors import agency_document_code, agency_governing_body, agency_place, decision_grounds

_MINISTRY = re.compile(r"\b(Bộ trưởng\s+)?(Bộ\s+[^,;()]+)", re.IGNORECASE)


def _agency(agency_id: int) -> Agency:
    return Agency.objects.select_related("parent").get(pk=agency_id)


def _letterhead(agency: Agency, *, type_code: str, issuer_code: str | None = None) -> layout.Letterhead:
    return layout.Letterhead(
        issuer=agency.name,
        number=layout.number_text(
            "", type_code=type_code, issuer_code=agency_document_code(agency) if issuer_code is None else issuer_code
        ),
        place=agency_place(agency),
        day=None,
        governing_body=agency_governing_body(agency),
        year=clock.today().year,
    )


def agency_head_signature(agency: Agency) -> layout.Signature | None:
    """The agency's head signs what goes upward: the holder of the head's role on the agency's top unit."""
    head = (
        Staff.objects.filter(
            is_active=True,
            roles__role=Role.BOARD_HEAD,
            roles__is_active=True,
            roles__unit__kind=OrgUnit.Kind.BOARD,
        )
        .order_by("pk")
        .first()
    )
    if head is None:
        return None
    return layout.Signature(title=agency.issuer_title.strip() or head.position, name=head.full_name)


def _closing(agency: Agency, addressees: list[str]) -> layout.Closing:
    office = office_unit()
    recipients = ["- Như trên;" if addressees else "- ……;", f"- Lưu: VT, {office.code}." if office else "- Lưu: VT."]
    return layout.Closing(recipients=recipients, signature=agency_head_signature(agency))


def _above(agency: Agency) -> str:
    """The province above the agency: its agency on the installation, else the body the agency answers to."""
    if agency.parent is not None:
        return agency.parent.name
    return agency_governing_body(agency)


def ministry_of(title: AwardTitle) -> str:
    """ "Bằng khen của Bộ trưởng Bộ Kế hoạch và Đầu tư" → "Bộ Kế hoạch và Đầu tư"; "" when the name names none."""
    match = _MINISTRY.search(title.name)
    return match.group(2).strip() if match else ""


def upward_addressees(*, agency: Agency, titles: list[AwardTitle]) -> list[str]:
    """Who decides the titles proposed: the province (its Ban TĐKT above the agency) for what the Chủ tịch UBND
    tỉnh decides and for what goes through the province; the ministry a title names for its own award."""
    out: list[str] = []
    for title in titles:
        ministry = "" if title.province_decides else ministry_of(title)
        name = ministry or _above(agency)
        if name and name not in out:
            out.append(name)
    return out


def upward_proposal_read(*, case: Case) -> board.UpwardProposal:
    """The tờ trình of the case's send_upward step: the proposals the council passed for titles decided above."""
    agency = _agency(case.agency_id)
    proposals = list(province_export.upward_proposals(case=case))
    collective = AwardTitle.Scope.COLLECTIVE
    proposals.sort(key=lambda p: (p.title.scope == collective, p.title.order, p.order, p.pk))
    titles: list[AwardTitle] = []
    per_title: dict[int, list[int]] = {}
    nominees = []
    for proposal in proposals:
        title = proposal.title
        if title.pk not in per_title:
            titles.append(title)
            per_title[title.pk] = [0, 0]
        person = proposal.staff
        if person is not None:
            per_title[title.pk][0] += 1
            nominees.append(board.Nominee(person.full_name, person.position, person.unit.name, title.name))
        else:
            per_title[title.pk][1] += 1
            nominees.append(board.Nominee(case.unit.name, "", agency.name, title.name))
    addressees = upward_addressees(agency=agency, titles=titles)
    grounds = decision_grounds(titles=titles, year_end=case.campaign.end_date, office_name="")
    grounds.append(f"Căn cứ kết quả xét, đề nghị của Hội đồng Thi đua – Khen thưởng {agency.name}")
    return board.UpwardProposal(
        letterhead=_letterhead(agency, type_code=board.TO_TRINH_TYPE),
        year=case.campaign.year,
        addressees=addressees,
        grounds=grounds,
        issuer=agency.name,
        nominees=nominees,
        closing=_closing(agency, addressees),
        people=sum(c[0] for c in per_title.values()),
        collectives=sum(c[1] for c in per_title.values()),
        per_title=[(t.name, *per_title[t.pk]) for t in titles],
    )


def stage_addressees(*, campaign: Campaign, stage: str, agency: Agency) -> list[str]:
    """Who the agency's report of a stage goes to: the recipient the programme's milestone names (the Văn phòng's
    own deadline), else the province above."""
    milestone = (
        Milestone.objects.filter(campaign=campaign, kind=stage, owner=Milestone.Owner.OFFICE)
        .order_by("due_date")
        .first()
    )
    if milestone is not None and milestone.recipient.strip():
        return [milestone.recipient.strip()]
    above = _above(agency)
    return [above] if above else []


def registration_letter_read(*, case: Case) -> board.RegistrationLetter:
    """The consolidated registration of the Board's REGISTRATION_BOARD case, as `registration_summary` counts it."""
    from ..casework.selectors import registration_summary

    agency = _agency(case.agency_id)
    campaign = case.campaign
    summary = registration_summary(campaign=campaign)
    collective_counts = Counter(
        row["collective_title"].short_name for row in summary.rows if row["collective_title"] is not None
    )
    office = office_unit()
    addressees = stage_addressees(campaign=campaign, stage=Milestone.Kind.REGISTRATION, agency=agency)
    targets = campaign.targets.select_related("title", "base_title").order_by("order")
    return board.RegistrationLetter(
        letterhead=_letterhead(
            agency, type_code=agency_document_code(agency), issuer_code=office.code if office is not None else ""
        ),
        year=campaign.year,
        addressees=addressees,
        basis=campaign.basis,
        issuer=agency.name,
        titles=[t.short_name for t in summary.titles],
        rows=[
            board.RegistrationRow(
                unit=row["unit"].name,
                counts=list(row["counts"]),
                collective=row["collective_title"].name if row["collective_title"] is not None else "",
            )
            for row in summary.rows
        ],
        totals=[summary.totals[t.pk] for t in summary.titles],
        collective_totals=sorted(collective_counts.items()),
        targets=[t.label for t in targets],
        closing=_closing(agency, addressees),
    )


def _number(value) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def target_text(target: Target) -> str:
    """A target's level as the campaign page shows it: "≥ 10 % trên tổng số phòng, đơn vị trực thuộc"."""
    if target.value is None:
        return ""
    level = ("≥ " if target.at_least else "") + _number(target.value)
    if target.measure == Target.Measure.PERCENT:
        level += " %"
    with translation.override("vi"):
        if target.base == Target.Base.TITLE_ACHIEVERS and target.base_title is not None:
            level += f" trên số đạt {target.base_title.short_name}"
        elif target.base != Target.Base.NONE:
            level += f" {target.get_base_display()}"
    return level


def title_figures(*, campaign: Campaign) -> list[board.TitleFigures]:
    """Per title: its target, how many registered, were proposed, passed the council and were awarded (a title
    with none of these is left out)."""
    targets: dict[int, list[str]] = {}
    for target in campaign.targets.select_related("title", "base_title").order_by("order"):
        if target.title_id is not None and target.measure != Target.Measure.INDICATOR:
            targets.setdefault(target.title_id, []).append(target_text(target))
    registered = Counter(
        dict(
            RegistrationEntry.objects.filter(case__campaign=campaign, case__kind=Case.Kind.REGISTRATION)
            .values_list("title_id")
            .annotate(n=Count("pk"))
        )
    )
    registered.update(
        dict(
            Case.objects.filter(campaign=campaign, kind=Case.Kind.REGISTRATION, collective_title__isnull=False)
            .values_list("collective_title_id")
            .annotate(n=Count("pk"))
        )
    )
    proposals = {
        row["title_id"]: row
        for row in Proposal.objects.filter(case__campaign=campaign, case__kind=Case.Kind.NOMINATION)
        .values("title_id")
        .annotate(
            proposed=Count("pk"),
            passed=Count("pk", filter=Q(council_result=Proposal.CouncilResult.PASSED)),
            awarded=Count("pk", filter=Q(outcome=Proposal.Outcome.AWARDED)),
        )
    }
    figures = []
    for title in AwardTitle.objects.order_by("scope", "order", "pk"):
        row = proposals.get(title.pk, {})
        counts = (registered.get(title.pk, 0), row.get("proposed", 0), row.get("passed", 0), row.get("awarded", 0))
        if not any(counts) and title.pk not in targets:
            continue
        figures.append(board.TitleFigures(title.name, "; ".join(targets.get(title.pk, [])), *counts))
    return figures


def submissions(*, campaign: Campaign, stage: str) -> tuple[str, list[board.Submission]]:
    """Each unit taking part, with its case of the stage: sent on time, late by so many days, or not yet, against
    the milestone the units' cases answer to."""
    unit_kind = unit_kind_of_stage(stage)
    milestone = Milestone.objects.filter(campaign=campaign, code=case_kind(unit_kind).milestone).first()
    due = milestone.due_date if milestone is not None else None
    cases = {
        case.unit_id: case
        for case in Case.objects.filter(campaign=campaign, kind=unit_kind).only("unit_id", "submitted_at", "milestone")
    }
    due_text = due.strftime("%d/%m/%Y") if due else ""
    out = []
    for unit in units_for_emulation().order_by("order", "name"):
        case = cases.get(unit.pk)
        sent = timezone.localdate(case.submitted_at) if case is not None and case.submitted_at else None
        late = None if sent is None else max((sent - due).days, 0) if due else 0
        out.append(board.Submission(unit.name, due_text, sent.strftime("%d/%m/%Y") if sent else "", late))
    return due_text, out


def stage_report_read(*, campaign: Campaign, midyear: bool) -> board.StageReport:
    """The mid-year (MIDYEAR_BOARD case) or the year-end report of the agency's campaign."""
    agency = _agency(campaign.agency_id)
    stage = Milestone.Kind.MIDYEAR if midyear else Milestone.Kind.YEAREND
    addressees = stage_addressees(campaign=campaign, stage=stage, agency=agency)
    due, sent = submissions(campaign=campaign, stage=stage)
    indicators = campaign.targets.filter(measure=Target.Measure.INDICATOR).order_by("order")
    return board.StageReport(
        letterhead=_letterhead(agency, type_code=board.REPORT_TYPE),
        year=campaign.year,
        midyear=midyear,
        addressees=addressees,
        issuer=agency.name,
        due=due,
        submissions=sent,
        figures=title_figures(campaign=campaign),
        indicators=[t.label for t in indicators],
        closing=_closing(agency, addressees),
    )
