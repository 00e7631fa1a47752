"""What a unit's papers say, read from the database (the layout is `workflows.documents.unit`): the registration
case's rows, the nomination case's meeting and proposals, the unit's head who signs, and the history of each
nominee's commendations."""

from __future__ import annotations

from people import clock
from people.models import Agency, Role, Staff
from people.selectors import office_unit, role_holders

from ..models import AwardTitle, Case, Commendation, Proposal, Rating
from . import layout, unit
from .selectors import agency_governing_body, agency_place, authority_name


def _agency(case: Case) -> Agency:
    return Agency.objects.select_related("parent").get(pk=case.agency_id)


def unit_head(*, case: Case) -> layout.Signature | None:
    """The unit's head as the signer (Role.UNIT_HEAD): the holder in their own right; when only a delegate stands in
    today, "KT." the head's title over the delegate's own position."""
    today = clock.today()
    holders = list(role_holders(role=Role.UNIT_HEAD, unit=case.unit, on=today, acting=True).order_by("full_name"))
    if not holders:
        return None
    own = [s for s in holders if s.roles.filter(role=Role.UNIT_HEAD, unit=case.unit, is_active=True).exists()]
    if own:
        person = own[0]
        return layout.Signature(title=person.position or "Thủ trưởng đơn vị", name=person.full_name)
    person = holders[0]
    head_title = (
        Staff.objects.filter(roles__role=Role.UNIT_HEAD, roles__unit=case.unit, roles__is_active=True)
        .values_list("position", flat=True)
        .first()
    )
    return layout.Signature(
        authority=f"KT. {head_title or 'Thủ trưởng đơn vị'}", title=person.position, name=person.full_name
    )


def _letterhead(*, case: Case, agency: Agency, type_code: str, day=None) -> layout.Letterhead:
    return layout.Letterhead(
        issuer=case.unit.name,
        number=layout.number_text("", type_code=type_code, issuer_code=case.unit.code),
        place=agency_place(agency),
        day=day,
        governing_body=agency.name or agency_governing_body(agency),
        year=clock.today().year,
    )


def _addressee(agency: Agency) -> str:
    return authority_name(title=agency.issuer_title or "", agency_name=agency.name)


def _recipients(case: Case, *, first: str) -> list[str]:
    office = office_unit()
    lines = [first]
    if office is not None and office.pk != case.unit_id:
        lines.append(f"- {office.name} (để tổng hợp);")
    lines.append(f"- Lưu: {case.unit.code}.")
    return lines


def _proposals(case: Case) -> list[Proposal]:
    """The dossier's proposals, individuals first then the unit's own, each in the order of the dossier."""
    rows = case.proposals.select_related("staff__unit", "title").order_by("order", "pk")
    return sorted(rows, key=lambda p: p.staff_id is None)


def _nominee(case: Case, proposal: Proposal) -> dict:
    staff = proposal.staff
    return {
        "name": staff.full_name if staff else case.unit.name,
        "position": staff.position if staff else "",
        "title": proposal.title.name,
        "is_title": proposal.title.kind == AwardTitle.Kind.TITLE,
        "collective": staff is None,
        "votes": proposal.meeting_votes,
        "note": f"Xếp loại: {Rating(proposal.rating).label}" if proposal.rating else "",
    }


# --- the four papers --------------------------------------------------------------------------------------------


def registration_read(*, case: Case) -> dict:
    agency = _agency(case)
    entries = case.entries.select_related("staff", "title").order_by("staff__full_name", "pk")
    return unit.registration_context(
        head=_letterhead(case=case, agency=agency, type_code=""),
        year=case.campaign.year,
        unit=case.unit.name,
        addressee=_addressee(agency),
        campaign=case.campaign.name,
        collective_title=case.collective_title.name if case.collective_title_id else "",
        rows=[
            {"name": e.staff.full_name, "position": e.staff.position, "title": e.title.name, "initiative": e.initiative}
            for e in entries
        ],
        closing=layout.Closing(recipients=_recipients(case, first="- Như trên;"), signature=unit_head(case=case)),
    )


def minutes_read(*, case: Case) -> dict:
    agency = _agency(case)
    return unit.minutes_context(
        head=_letterhead(case=case, agency=agency, type_code=unit.MINUTES_TYPE_CODE),
        year=case.campaign.year,
        unit=case.unit.name,
        meeting_date=case.meeting_date,
        place=case.meeting_place,
        chair=case.meeting_chair,
        secretary=case.meeting_secretary,
        present=case.attendance_present,
        total=case.attendance_total,
        nominees=[_nominee(case, p) for p in _proposals(case)],
        recipients=_recipients(case, first="- Hồ sơ đề nghị khen thưởng;"),
    )


def submission_read(*, case: Case) -> dict:
    agency = _agency(case)
    addressee = _addressee(agency)
    return unit.submission_context(
        head=_letterhead(case=case, agency=agency, type_code=unit.SUBMISSION_TYPE_CODE),
        year=case.campaign.year,
        unit=case.unit.name,
        addressee=addressee,
        meeting_date=case.meeting_date,
        nominees=[_nominee(case, p) for p in _proposals(case)],
        closing=layout.Closing(recipients=_recipients(case, first="- Như trên;"), signature=unit_head(case=case)),
    )


def _history(*, staff: Staff | None, case: Case) -> list[dict]:
    """The commendations recorded for the nominee (the person, or the unit), up to the achievement year."""
    rows = Commendation.objects.filter(year__lte=case.campaign.year).select_related("title")
    rows = rows.filter(staff=staff) if staff is not None else rows.filter(unit=case.unit)
    return [
        {
            "year": c.year,
            "title": c.title.name,
            "is_title": c.title.kind == AwardTitle.Kind.TITLE,
            "decision": ", ".join(
                part
                for part in (
                    f"Số {c.decision_number}" if c.decision_number.strip() else "",
                    f"ngày {c.decision_date.strftime('%d/%m/%Y')}" if c.decision_date else "",
                    c.decided_by.strip(),
                )
                if part
            ),
        }
        for c in sorted(rows, key=lambda c: (c.year, c.title.order, c.pk))
    ]


def achievement_read(*, case: Case, proposal: Proposal) -> tuple[str, dict]:
    """(template code, context) of the nominee's Báo cáo thành tích skeleton: the individual or the collective
    form, pre-filled with what the product holds."""
    agency = _agency(case)
    head = _letterhead(case=case, agency=agency, type_code="")
    year = case.campaign.year
    achievements = [line.strip() for line in proposal.achievements.splitlines() if line.strip()]
    signer = unit_head(case=case)
    head_name = signer.name if signer else ""
    staff = proposal.staff
    if staff is not None:
        initiatives = [
            f"{i.name} ({i.get_level_display().lower()}, Quyết định số {i.decision_number} ngày "
            f"{i.decision_date.strftime('%d/%m/%Y')})"
            for i in (proposal.initiatives.all() or staff.initiatives.filter(year__lte=year))
        ]
        profile = [
            ("Họ và tên", staff.full_name),
            ("Ngày, tháng, năm sinh", staff.date_of_birth.strftime("%d/%m/%Y") if staff.date_of_birth else ""),
            ("Giới tính", staff.get_gender_display() if staff.gender else ""),
            ("Quê quán", ""),
            ("Trình độ chuyên môn, nghiệp vụ", ""),
            ("Chức vụ", staff.position),
            ("Đơn vị công tác", staff.unit.name),
            (f"Xếp loại chất lượng năm {year}", Rating(proposal.rating).label if proposal.rating else ""),
            ("Sáng kiến, đề tài được công nhận", "; ".join(initiatives)),
        ]
        context = unit.achievement_context(
            head=head,
            year=year,
            title=proposal.title.name,
            is_title=proposal.title.kind == AwardTitle.Kind.TITLE,
            who=", ".join(part for part in (staff.full_name, staff.position, staff.unit.name) if part.strip()),
            profile=profile,
            duties="",
            achievements=achievements,
            history=_history(staff=staff, case=case),
            signs=[
                layout.signature_context(
                    title="Thủ trưởng đơn vị xác nhận", note="(Ký, ghi rõ họ tên)", name=head_name
                ),
                layout.signature_context(
                    title="Người báo cáo thành tích", note="(Ký, ghi rõ họ tên)", name=staff.full_name
                ),
            ],
        )
        return unit.REPORT_INDIVIDUAL.code, context
    members = Staff.objects.filter(unit=case.unit, is_active=True).count()
    profile = [
        ("Tên đơn vị", case.unit.name),
        ("Thủ trưởng đơn vị", ", ".join(p for p in (head_name, signer.title if signer else "") if p)),
        ("Tổng số cán bộ, công chức, viên chức, người lao động", f"{members} người"),
        ("Địa điểm trụ sở, điện thoại", ""),
    ]
    context = unit.achievement_context(
        head=head,
        year=year,
        title=proposal.title.name,
        is_title=proposal.title.kind == AwardTitle.Kind.TITLE,
        who=case.unit.name,
        profile=profile,
        duties="",
        achievements=achievements,
        history=_history(staff=None, case=case),
        signs=[
            layout.signature_context(title="Thủ trưởng đơn vị cấp trên xác nhận", note="(Ký, đóng dấu)", name=""),
            layout.signature_context(title="Thủ trưởng đơn vị", note="(Ký, ghi rõ họ tên)", name=head_name),
        ],
    )
    return unit.REPORT_COLLECTIVE.code, context


REGISTRATION_CODE = unit.REGISTRATION.code
MINUTES_CODE = unit.MINUTES.code
SUBMISSION_CODE = unit.SUBMISSION.code
