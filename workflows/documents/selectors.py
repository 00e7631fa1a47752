"""What the generated documents say, read from the database: the agency's names, place and signer, the rules of
the year and the people awarded. Every wording that varies by agency or by year comes from here, none from code."""

from __future__ import annotations

import datetime

from django.db.models import Q

from people import clock
from people.models import Agency, Role, Staff
from people.selectors import office_unit, roles_held, staff_of_user

from ..models import AwardTitle, Case, CaseDocument, LawPeriod, Proposal
from ..selectors import rule_in_force
from . import layout
from .decision import TYPE_CODE, AwardDecision, Awardee, AwardGroup


def agency_governing_body(agency: Agency) -> str:
    """Tên cơ quan chủ quản: the agency's own field, else the one of the province above it."""
    if agency.governing_body.strip():
        return agency.governing_body
    parent = agency.parent
    return parent.governing_body if parent is not None else ""


def agency_place(agency: Agency) -> str:
    if agency.place_name.strip():
        return agency.place_name
    return agency.parent.place_name if agency.parent is not None else ""


def agency_document_code(agency: Agency) -> str:
    """The symbol after the dash of a document number; the short name without spaces when none is set."""
    if agency.document_code.strip():
        return agency.document_code.strip()
    return "".join((agency.short_name or "").split()).upper()


def authority_name(*, title: str, agency_name: str) -> str:
    """Who decides, as the decision's heading names them: the title joined to the agency's name where they share
    words ("Trưởng ban" + "Ban Quản lý Khu kinh tế tỉnh" → "Trưởng ban Quản lý Khu kinh tế tỉnh"; "Giám đốc Sở" +
    "Sở Khoa học và Công nghệ" → "Giám đốc Sở Khoa học và Công nghệ")."""
    words, names = title.split(), agency_name.split()
    for size in range(min(len(words), len(names)), 0, -1):
        if [w.casefold() for w in words[-size:]] == [n.casefold() for n in names[:size]]:
            return " ".join([*words, *names[size:]])
    return " ".join([*words, *names])


def law_period_on(day: datetime.date) -> LawPeriod | None:
    return (
        LawPeriod.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


def decision_grounds(*, titles: list[AwardTitle], year_end: datetime.date, office_name: str) -> list[str]:
    """Căn cứ lines from the rules of the achievement year: each instrument of the law period in force on 31/12 of
    the year (its formal lines, `LawPeriod.grounds`), then each title's rule with its citation; then who proposed
    it (the Văn phòng, the council's standing body)."""
    lines = []
    period = law_period_on(year_end)
    if period is not None:
        lines += [f"Căn cứ {line}" for line in period.grounds_lines]
    for title in titles:
        rule = rule_in_force(title=title, on=year_end)
        if rule is not None and rule.citation.strip():
            citation = ", ".join(part.strip() for part in rule.citation.split(";") if part.strip())
            lines.append(f"Căn cứ tiêu chuẩn, thẩm quyền khen thưởng “{title.name}” ({citation})")
    if office_name:
        lines.append(f"Theo đề nghị của Chánh {office_name}")
    return lines


def _signature(*, user, agency: Agency, board_unit_id: int, on: datetime.date) -> layout.Signature | None:
    """The person deciding signs: as the head in their own right, or "KT." the head when they hold the head's role
    by delegation (a deputy standing in)."""
    staff = staff_of_user(user) if user is not None else None
    if staff is None:
        return None
    title = agency.issuer_title.strip() or staff.position
    held = [h for h in roles_held(user=user, on=on) if h.role == Role.BOARD_HEAD and h.unit_id == board_unit_id]
    own = [h for h in held if h.delegated_from is None]
    if held and not own:
        return layout.Signature(authority=f"KT. {title}", title=staff.position, name=staff.full_name)
    return layout.Signature(title=title, name=staff.full_name)


def award_decision_read(*, case: Case, user) -> AwardDecision:
    """The decision the case's board_decision step takes or took: once recorded, its number, date, signer and
    awardees; before, the proposals the council passed for the agency's own decision, with no number and no date
    (the văn thư gives both when it is issued), signed by `user`."""
    agency = Agency.objects.select_related("parent").get(pk=case.agency_id)
    recorded = (
        CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.BOARD_DECISION)
        .select_related("recorded_by")
        .order_by("-pk")
        .first()
    )
    proposals = case.proposals.filter(title__decided_at=AwardTitle.DecidedAt.BOARD).select_related(
        "staff__unit", "title"
    )
    if recorded is not None:
        proposals = proposals.filter(outcome=Proposal.Outcome.AWARDED)
        number, day, signer = recorded.number, recorded.date, recorded.recorded_by
    else:
        proposals = proposals.filter(council_result=Proposal.CouncilResult.PASSED)
        number, day, signer = "", None, user
    # Individuals first, then collectives; within each, the titles in their catalogue order.
    collective = AwardTitle.Scope.COLLECTIVE
    proposals = sorted(proposals, key=lambda p: (p.title.scope == collective, p.title.order, p.order, p.pk))
    groups: dict[int, AwardGroup] = {}
    titles: list[AwardTitle] = []
    for proposal in proposals:
        title = proposal.title
        if title.pk not in groups:
            groups[title.pk] = AwardGroup(title=title.name, is_title=title.kind == AwardTitle.Kind.TITLE, awardees=[])
            titles.append(title)
        staff: Staff | None = proposal.staff
        groups[title.pk].awardees.append(
            Awardee(name=staff.full_name, position=staff.position, unit=staff.unit.name)
            if staff is not None
            else Awardee(name=case.unit.name, position="", unit=case.unit.name, collective=True)
        )
    code = agency_document_code(agency)
    board_unit = case.unit.parent or case.unit
    office = office_unit()
    office_name = office.name if office is not None else ""
    authority = authority_name(title=agency.issuer_title or "", agency_name=agency.name)
    year = case.campaign.year
    period = law_period_on(case.campaign.end_date)
    money = f" ({period.name})" if period is not None else ""
    recipients = ["- Như Điều 3;"]
    if office is not None:
        recipients.append(f"- Lưu: VT, {office.code}.")
    else:
        recipients.append("- Lưu: VT.")
    return AwardDecision(
        letterhead=layout.Letterhead(
            issuer=agency.name,
            number=layout.number_text(number, type_code=TYPE_CODE, issuer_code=code),
            place=agency_place(agency),
            day=day,
            governing_body=agency_governing_body(agency),
            year=clock.today().year,
        ),
        authority=authority,
        year=year,
        grounds=decision_grounds(titles=titles, year_end=case.campaign.end_date, office_name=office_name),
        groups=list(groups.values()),
        article_2=(
            "Kèm theo danh hiệu thi đua, hình thức khen thưởng, cá nhân và tập thể có tên tại Điều 1 được hưởng "
            f"tiền thưởng theo quy định của pháp luật về thi đua, khen thưởng{money}."
        ),
        article_3=(
            f"Chánh {office_name or 'Văn phòng'}, Thủ trưởng {case.unit.name} và các cá nhân, tập thể có tên tại "
            "Điều 1 chịu trách nhiệm thi hành Quyết định này./."
        ),
        closing=layout.Closing(
            recipients=recipients,
            signature=_signature(user=signer, agency=agency, board_unit_id=board_unit.pk, on=day or clock.today()),
        ),
    )
