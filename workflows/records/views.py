"""The staff records pages. Who may not read a unit's records gets the project's 404, like a page that does not
exist; who may read but not write gets a 403 naming who may (README, "Từ chối · Refusals")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from people import clock, records
from people.models import Discipline, Hold, Leave, Staff
from people.wording import agency_words

from .. import initiatives
from ..models import Initiative
from ..selectors import campaign_current
from . import selectors
from .forms import DisciplineForm, HoldEndForm, HoldForm, InitiativeForm, LeaveForm, RatingSheetForm


def _not_found():
    return Http404(_("Không có trang này, hoặc anh/chị không được xem."))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _service_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


class RatingSheetView(View):
    """Xếp loại chất lượng — one unit and one year (`?don-vi=<id>&nam=<year>`): its active staff and the unit
    itself, each with a rating; the Văn phòng records them, the Board's leaders read every unit, a unit's head
    and clerk read their own."""

    template_name = "workflows/records/ratings.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.scope = selectors.ratings_scope(request.user)

    def _place(self, params):
        units = list(selectors.scoped_units(self.scope))
        if not units:
            raise _not_found()
        wanted = _int(params.get("don-vi"))
        unit = next((u for u in units if u.pk == wanted), None) if wanted is not None else units[0]
        if unit is None:
            raise _not_found()
        years = selectors.rating_years(today=clock.today())
        year = _int(params.get("nam"))
        if year not in years:
            current = campaign_current()
            year = current.year if current else clock.today().year
        return units, unit, years, year

    def get(self, request, *args, **kwargs):
        units, unit, years, year = self._place(request.GET)
        form = RatingSheetForm(lines=selectors.rating_sheet(unit=unit, year=year))
        return self._render(units, unit, years, year, form)

    def post(self, request, *args, **kwargs):
        units, unit, years, year = self._place(request.POST)
        if not self.scope.may_edit:
            words = agency_words()
            raise PermissionDenied(
                _("Chỉ %(office)s (chuyên viên thi đua – khen thưởng, Chánh Văn phòng) được ghi xếp loại chất lượng.")
                % {"office": words.office}
                if words.own
                else _(
                    "Chỉ Văn phòng Ban (chuyên viên thi đua – khen thưởng, Chánh Văn phòng) được ghi xếp loại "
                    "chất lượng."
                )
            )
        form = RatingSheetForm(request.POST, lines=selectors.rating_sheet(unit=unit, year=year))
        if form.is_valid():
            staff_entries, unit_rating = form.entries()
            try:
                result = records.rating_sheet_save(
                    unit=unit, year=year, staff_entries=staff_entries, unit_rating=unit_rating, actor=request.user
                )
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                self._report(unit, year, result)
                url = reverse("cases:ratings") + "?" + urlencode({"don-vi": unit.pk, "nam": year})
                return redirect(url)
        return self._render(units, unit, years, year, form)

    def _report(self, unit, year, result) -> None:
        if result.changed:
            messages.success(
                self.request,
                _(
                    "Đã lưu xếp loại năm %(year)s của %(unit)s: %(created)s mới, %(updated)s sửa, %(cleared)s bỏ "
                    "xếp loại."
                )
                % {
                    "year": year,
                    "unit": unit.name,
                    "created": result.created,
                    "updated": result.updated,
                    "cleared": result.cleared,
                },
            )
        else:
            messages.info(self.request, _("Không có gì thay đổi."))
        if selectors.rating_quotas(unit=unit, year=year):
            messages.warning(
                self.request, _("Số người xếp loại Hoàn thành xuất sắc nhiệm vụ vượt tỷ lệ cho phép: xem bên dưới.")
            )

    def _render(self, units, unit, years, year, form):
        context = {
            "units": units,
            "unit": unit,
            "years": years,
            "year": year,
            "form": form,
            "may_edit": self.scope.may_edit,
            "person_links": selectors.person_scope(self.request.user).sees(unit.pk),
            "quotas": selectors.rating_quotas(unit=unit, year=year),
        }
        return render(self.request, self.template_name, context)


@dataclass(frozen=True)
class Addition:
    """Something the personal records page adds: its form (whose fields are the service's arguments), the
    service, and what the officer is told."""

    form: type
    record: Callable
    done: str


# The action posted → what it adds; the form's prefix is the action.
ADDITIONS = {
    "hold": Addition(HoldForm, records.hold_record, gettext_lazy("Đã ghi thời gian xem xét, thanh tra, khiếu nại.")),
    "discipline": Addition(DisciplineForm, records.discipline_record, gettext_lazy("Đã ghi kỷ luật.")),
    "leave": Addition(LeaveForm, records.leave_record, gettext_lazy("Đã ghi thời gian nghỉ.")),
    "initiative": Addition(InitiativeForm, initiatives.initiative_record, gettext_lazy("Đã ghi sáng kiến, đề tài.")),
}
DELETABLE = {"hold": Hold, "discipline": Discipline, "leave": Leave, "initiative": Initiative}


class PersonRecordsView(View):
    """Hồ sơ cá nhân — one person's ratings, holds, disciplines, leave and initiatives (`/cases/can-bo/<id>/`):
    the Văn phòng adds and ends them, the Board's leaders read everyone's, a unit's head their unit's."""

    template_name = "workflows/records/person.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.scope = selectors.person_scope(request.user)

    def _staff(self) -> Staff:
        staff = Staff.objects.select_related("unit").filter(pk=self.kwargs["pk"]).first()
        if staff is None or not self.scope.sees(staff.unit_id):
            raise _not_found()
        return staff

    def get(self, request, *args, **kwargs):
        return self._render(self._staff(), {})

    def post(self, request, *args, **kwargs):
        staff = self._staff()
        if not self.scope.may_edit:
            words = agency_words()
            raise PermissionDenied(
                _("Chỉ %(office)s (chuyên viên thi đua – khen thưởng, Chánh Văn phòng) được ghi hồ sơ cá nhân.")
                % {"office": words.office}
                if words.own
                else _("Chỉ Văn phòng Ban (chuyên viên thi đua – khen thưởng, Chánh Văn phòng) được ghi hồ sơ cá nhân.")
            )
        action = request.POST.get("action", "")
        if action in ADDITIONS:
            addition = ADDITIONS[action]
            form = addition.form(request.POST, prefix=action)
            if form.is_valid():
                try:
                    addition.record(staff=staff, **form.cleaned_data)
                except ValidationError as exc:
                    _service_errors(form, exc)
                else:
                    messages.success(request, str(addition.done))
                    return self._back(staff)
            return self._render(staff, {action: form})
        if action == "hold_end":
            hold = staff.holds.filter(pk=_int(request.POST.get("record"))).first()
            if hold is None:
                raise _not_found()
            form = HoldEndForm(request.POST, prefix=f"end-{hold.pk}", hold=hold)
            if form.is_valid():
                try:
                    records.hold_end(hold=hold, end=form.cleaned_data["end"])
                except ValidationError as exc:
                    _service_errors(form, exc)
                else:
                    messages.success(
                        request,
                        _("Đã ghi kết thúc “%(kind)s” ngày %(day)s.")
                        % {"kind": hold.get_kind_display(), "day": f"{form.cleaned_data['end']:%d/%m/%Y}"},
                    )
                    return self._back(staff)
            return self._render(staff, {"hold_end": form, "hold_end_pk": hold.pk})
        if action == "delete":
            return self._delete(staff, request.POST.get("kind", ""), _int(request.POST.get("record")))
        raise _not_found()

    def _delete(self, staff, kind, pk):
        model = DELETABLE.get(kind)
        record = model.objects.filter(staff=staff, pk=pk).first() if model else None
        if record is None:
            raise _not_found()
        try:
            if kind == "initiative":
                initiatives.initiative_delete(initiative=record)
            else:
                records.record_delete(record=record)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
        else:
            messages.success(self.request, _("Đã xóa: %(record)s.") % {"record": record})
        return self._back(staff)

    def _back(self, staff):
        return redirect("cases:person", pk=staff.pk)

    def _render(self, staff, bound):
        forms = {action: bound.get(action) or addition.form(prefix=action) for action, addition in ADDITIONS.items()}
        person = selectors.person_records(staff=staff)
        end_forms = {}
        for hold in person.holds:
            if hold.end is None or bound.get("hold_end_pk") == hold.pk:
                end_forms[hold.pk] = (
                    bound["hold_end"]
                    if bound.get("hold_end_pk") == hold.pk
                    else HoldEndForm(prefix=f"end-{hold.pk}", hold=hold)
                )
        context = {
            "staff": staff,
            "person": person,
            "forms": forms,
            "holds": [(hold, end_forms.get(hold.pk)) for hold in person.holds],
            "may_edit": self.scope.may_edit,
            "ratings_link": selectors.ratings_scope(self.request.user).sees(staff.unit_id),
        }
        return render(self.request, self.template_name, context)
