"""Writes to the staff records the eligibility rules read: annual ratings, holds, disciplines and leave.

Services like those of services.py (a transaction each, safe to call twice: every write is keyed on what the
record is about), kept apart because these are HR facts, not the organisation itself.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AnnualRating, Discipline, Hold, Leave, OrgUnit, QualityRating, Staff


def _check_rating(rating: str) -> None:
    if rating not in QualityRating.values:
        raise ValidationError(_("Mức xếp loại “%(rating)s” không hợp lệ.") % {"rating": rating})


def _check_dates(start: datetime.date, end: datetime.date | None, what: str) -> None:
    if end is not None and end < start:
        raise ValidationError(
            _("%(what)s: ngày kết thúc (%(end)s) phải bằng hoặc sau ngày bắt đầu (%(start)s).")
            % {"what": what, "end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"}
        )


@transaction.atomic
def staff_rating_set(*, staff: Staff, year: int, rating: str, duty_group: str = "", actor=None) -> AnnualRating:
    """Record a staff member's xếp loại chất lượng for a year (a second call for the same year replaces it)."""
    _check_rating(rating)
    record, _created = AnnualRating.objects.update_or_create(
        staff=staff, year=year, defaults={"rating": rating, "duty_group": duty_group, "recorded_by": actor}
    )
    return record


@transaction.atomic
def unit_rating_set(*, unit: OrgUnit, year: int, rating: str, actor=None) -> AnnualRating:
    """Record the unit's own xếp loại chất lượng for a year (it raises the HTXSNV quota of its viên chức)."""
    _check_rating(rating)
    record, _created = AnnualRating.objects.update_or_create(
        unit=unit, year=year, defaults={"rating": rating, "recorded_by": actor}
    )
    return record


def _about(staff: Staff | None, unit: OrgUnit | None) -> dict:
    """Whom a hold or discipline is about: one person, or one collective (the unit itself)."""
    if (staff is None) == (unit is None):
        raise ValidationError(_("Chọn đúng một trong hai: cán bộ hoặc tập thể (đơn vị)."))
    return {"staff": staff, "unit": unit}


@transaction.atomic
def hold_record(
    *,
    kind: str,
    start: datetime.date,
    end: datetime.date | None = None,
    note: str = "",
    staff: Staff | None = None,
    unit: OrgUnit | None = None,
) -> Hold:
    """Record a review, inspection or complaint about a staff member or a collective (NĐ 152/2025 Đ4 k4) from
    `start`; `end` once concluded."""
    about = _about(staff, unit)
    if kind not in Hold.Kind.values:
        raise ValidationError(_("Loại vụ việc “%(kind)s” không hợp lệ.") % {"kind": kind})
    _check_dates(start, end, _("Thời gian xem xét, thanh tra, khiếu nại"))
    record, _created = Hold.objects.update_or_create(
        **about, kind=kind, start=start, defaults={"end": end, "note": note}
    )
    return record


@transaction.atomic
def discipline_record(
    *,
    level: str,
    start: datetime.date,
    end: datetime.date,
    decision_number: str = "",
    staff: Staff | None = None,
    unit: OrgUnit | None = None,
) -> Discipline:
    """Record a discipline decided against a staff member or a collective and the period it is served."""
    about = _about(staff, unit)
    if level not in Discipline.Level.values:
        raise ValidationError(_("Hình thức kỷ luật “%(level)s” không hợp lệ.") % {"level": level})
    _check_dates(start, end, _("Thời gian thi hành kỷ luật"))
    record, _created = Discipline.objects.update_or_create(
        **about, level=level, start=start, defaults={"end": end, "decision_number": decision_number}
    )
    return record


@transaction.atomic
def leave_record(*, staff: Staff, kind: str, start: datetime.date, end: datetime.date) -> Leave:
    """Record time away from work (nghỉ thai sản counts as time worked; the other kinds do not)."""
    if kind not in Leave.Kind.values:
        raise ValidationError(_("Loại nghỉ “%(kind)s” không hợp lệ.") % {"kind": kind})
    _check_dates(start, end, _("Thời gian nghỉ"))
    record, _created = Leave.objects.update_or_create(staff=staff, kind=kind, start=start, defaults={"end": end})
    return record
