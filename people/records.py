"""Writes to the staff records the eligibility rules read: annual ratings, holds, disciplines and leave.

Services like those of services.py (a transaction each, safe to call twice: every write is keyed on what the
record is about), kept apart because these are HR facts, not the organisation itself.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import clock
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
    """Record a staff member's xếp loại chất lượng for a year (a second call for the same year replaces it; the
    same rating again changes nothing, its recorder and time included)."""
    _check_rating(rating)
    record = AnnualRating.objects.order_by().select_for_update().filter(staff=staff, year=year).first()
    _rating_line_write(
        _RatingLine(record, {"staff": staff}, rating, duty_group), year=year, actor=actor, now=clock.now()
    )
    return AnnualRating.objects.get(staff=staff, year=year)


@transaction.atomic
def unit_rating_set(*, unit: OrgUnit, year: int, rating: str, actor=None) -> AnnualRating:
    """Record the unit's own xếp loại chất lượng for a year (it raises the HTXSNV quota of its viên chức)."""
    _check_rating(rating)
    record = AnnualRating.objects.order_by().select_for_update().filter(unit=unit, year=year).first()
    _rating_line_write(_RatingLine(record, {"unit": unit}, rating, ""), year=year, actor=actor, now=clock.now())
    return AnnualRating.objects.get(unit=unit, year=year)


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


@dataclass(frozen=True)
class RatingEntry:
    """One line of a unit's rating sheet: the rating ("" to clear what was recorded) and the duty group."""

    rating: str
    duty_group: str = ""


@dataclass(frozen=True)
class RatingSheetResult:
    created: int = 0
    updated: int = 0
    cleared: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.cleared


@transaction.atomic
def rating_sheet_save(
    *, unit: OrgUnit, year: int, staff_entries: Mapping[int, RatingEntry], unit_rating: str, actor=None
) -> RatingSheetResult:
    """Record a unit's ratings of a year at once — each listed staff member's and the unit's own — all or nothing.

    `staff_entries` maps Staff ids (active members of the unit) to their line; an empty rating clears the record.
    A line that does not change what is recorded is left alone (its recorder and time stay), so saving the same
    sheet twice changes nothing. The unit's row is locked, so two officers saving the same sheet take turns."""
    OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()
    members = set(
        Staff.objects.filter(unit=unit, is_active=True, pk__in=list(staff_entries)).values_list("pk", flat=True)
    )
    strangers = sorted(set(staff_entries) - members)
    if strangers:
        raise ValidationError(_("Có cán bộ không thuộc đơn vị %(unit)s đang công tác.") % {"unit": unit.name})
    for entry in (*staff_entries.values(), RatingEntry(unit_rating)):
        if entry.rating:
            _check_rating(entry.rating)
    now = clock.now()
    existing = {
        record.staff_id: record
        for record in AnnualRating.objects.order_by()
        .select_for_update()
        .filter(year=year, staff_id__in=sorted(members))
    }
    counts = {"created": 0, "updated": 0, "cleared": 0, "unchanged": 0}
    for staff_id, entry in sorted(staff_entries.items()):
        duty_group = " ".join(entry.duty_group.split())
        line = _RatingLine(existing.get(staff_id), {"staff_id": staff_id}, entry.rating, duty_group)
        counts[_rating_line_write(line, year=year, actor=actor, now=now)] += 1
    own = AnnualRating.objects.order_by().select_for_update().filter(year=year, unit=unit).first()
    line = _RatingLine(own, {"unit": unit}, unit_rating, "")
    counts[_rating_line_write(line, year=year, actor=actor, now=now)] += 1
    return RatingSheetResult(**counts)


@dataclass(frozen=True)
class _RatingLine:
    record: AnnualRating | None  # what is recorded now
    holder: dict  # the field naming whose rating it is, for a new record
    rating: str
    duty_group: str


def _rating_line_write(line: _RatingLine, *, year: int, actor, now) -> str:
    """Create, change, clear or leave one rating; returns which (the RatingSheetResult field)."""
    record = line.record
    if record is None and not line.rating:
        return "unchanged"
    if record is not None and not line.rating:
        record.delete()
        return "cleared"
    if record is not None and (record.rating, record.duty_group) == (line.rating, line.duty_group):
        return "unchanged"
    outcome = "created" if record is None else "updated"
    record = record or AnnualRating(year=year, **line.holder)
    record.rating, record.duty_group, record.recorded_by, record.recorded_at = line.rating, line.duty_group, actor, now
    record.save()
    return outcome


@transaction.atomic
def hold_end(*, hold: Hold, end: datetime.date) -> Hold:
    """Close a review, inspection or complaint on the day it was concluded (a second call moves that day)."""
    hold = Hold.objects.select_for_update().get(pk=hold.pk)
    _check_dates(hold.start, end, _("Thời gian xem xét, thanh tra, khiếu nại"))
    if hold.end != end:
        hold.end = end
        hold.save(update_fields=["end"])
    return hold


@transaction.atomic
def record_delete(*, record: Hold | Discipline | Leave) -> None:
    """Remove a hold, discipline or leave entered by mistake (deleting one already gone does nothing)."""
    type(record).objects.filter(pk=record.pk).delete()
