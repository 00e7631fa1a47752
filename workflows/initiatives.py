"""Writes to the recognised initiatives and science works (sáng kiến, đề tài khoa học) the titles rest on."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import Staff

from .models import Commendation, Initiative


@transaction.atomic
def initiative_record(
    *,
    staff: Staff,
    name: str,
    level: str,
    year: int,
    decision_number: str,
    decision_date: datetime.date,
    kind: str = Initiative.Kind.INITIATIVE,
) -> Initiative:
    """Record an initiative recognised (or a science work accepted) for its author; keyed on author, name, year."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Chưa nhập tên sáng kiến / đề tài."))
    if level not in Initiative.Level.values:
        raise ValidationError(_("Phạm vi ảnh hưởng “%(level)s” không hợp lệ.") % {"level": level})
    if kind not in Initiative.Kind.values:
        raise ValidationError(_("Loại “%(kind)s” không hợp lệ (sáng kiến hoặc đề tài khoa học).") % {"kind": kind})
    initiative, _created = Initiative.objects.update_or_create(
        staff=staff,
        name=name,
        year=year,
        defaults={"level": level, "kind": kind, "decision_number": decision_number, "decision_date": decision_date},
    )
    return initiative


@transaction.atomic
def initiative_carry(*, initiative: Initiative, commendation: Commendation) -> None:
    """Note that a commendation rested on this initiative, so it is not used again for a title of that level."""
    if commendation.staff_id != initiative.staff_id:
        raise ValidationError(
            _("Sáng kiến “%(name)s” không phải của người được khen thưởng.") % {"name": initiative.name}
        )
    initiative.carried.add(commendation)


@transaction.atomic
def initiative_delete(*, initiative: Initiative) -> None:
    """Remove an initiative entered by mistake; one a commendation already rests on stays (it is the record of
    why that title was given)."""
    initiative = Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    if initiative is None:
        return
    if initiative.carried.exists():
        raise ValidationError(
            _("Sáng kiến “%(name)s” đã được dùng để khen thưởng nên không xóa được.") % {"name": initiative.name}
        )
    initiative.delete()
