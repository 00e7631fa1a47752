"""Forms of the staff records pages. Every message names the field it is about, in the reader's language (the
messages are made when the form is, never when the module is imported)."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people import clock
from people.models import Discipline, Hold, Leave, QualityRating
from people.records import RatingEntry

from ..casework.forms import DATE_FORMATS, DATE_INPUT
from ..models import Initiative
from .selectors import UNIT_KEY, RatingLine

NAME_MAX = 500


class NamedErrorsForm(forms.Form):
    """Required fields, dates, choices, numbers and lengths say which field is wrong."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = {"field": field.label}
            field.error_messages["required"] = gettext("Chưa nhập “%(field)s”.") % label
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = (
                    gettext("“%(field)s” phải là một ngày theo dạng dd/mm/yyyy, ví dụ 28/06/2024.") % label
                )
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = (
                    gettext("“%(field)s”: hãy chọn một mục trong danh sách.") % label
                )
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = gettext("“%(field)s” phải là một số.") % label
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = gettext("“%(field)s” dài quá %(limit)s ký tự.") % {
                    **label,
                    "limit": field.max_length,
                }

    def check_order(self, cleaned, start: str, end: str) -> None:
        """`end` on or after `start`, the message naming both fields and their days."""
        first, last = cleaned.get(start), cleaned.get(end)
        if first and last and last < first:
            self.add_error(
                end,
                gettext("“%(end)s” (%(end_day)s) phải bằng hoặc sau “%(start)s” (%(start_day)s).")
                % {
                    "end": self.fields[end].label,
                    "start": self.fields[start].label,
                    "end_day": f"{last:%d/%m/%Y}",
                    "start_day": f"{first:%d/%m/%Y}",
                },
            )


def _date(label, required=True):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, widget=DATE_INPUT)


class RatingSheetForm(forms.Form):
    """A rating (or none) and a duty group for each line of the sheet; the unit's own line has no duty group."""

    def __init__(self, *args, lines: list[RatingLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        choices = [("", gettext("— Chưa xếp loại —")), *QualityRating.choices]
        for line in lines:
            record = line.record
            # The name goes into a message Django formats again with its own parameters: a "%" typed in a name
            # must stay a "%".
            name = {"name": line.name.replace("%", "%%")}
            self.fields[f"rating_{line.key}"] = forms.ChoiceField(
                label=line.name,
                choices=choices,
                required=False,
                initial=record.rating if record else "",
                error_messages={
                    "invalid_choice": gettext("%(name)s: mức xếp loại đã chọn không có trong danh sách.") % name
                },
            )
            if not line.is_unit:
                self.fields[f"group_{line.key}"] = forms.CharField(
                    label=_("Nhóm chức trách"),
                    max_length=64,
                    required=False,
                    initial=record.duty_group if record else "",
                    error_messages={"max_length": gettext("%(name)s: nhóm chức trách dài quá 64 ký tự.") % name},
                )

    def rows(self):
        """(line, rating field, duty group field or None) in the sheet's order."""
        for line in self.lines:
            group = self[f"group_{line.key}"] if not line.is_unit else None
            yield line, self[f"rating_{line.key}"], group

    def entries(self) -> tuple[dict[int, RatingEntry], str]:
        """Staff id → their line, and the unit's own rating."""
        data = self.cleaned_data
        staff = {
            line.staff.pk: RatingEntry(data[f"rating_{line.key}"], data[f"group_{line.key}"])
            for line in self.lines
            if not line.is_unit
        }
        return staff, data[f"rating_{UNIT_KEY}"]


class HoldForm(NamedErrorsForm):
    kind = forms.ChoiceField(label=_("Loại vụ việc"), choices=Hold.Kind.choices)
    start = _date(_("Từ ngày"))
    end = _date(_("Kết thúc ngày"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].help_text = _("Để trống khi chưa có kết luận.")

    def clean(self):
        cleaned = super().clean()
        self.check_order(cleaned, "start", "end")
        return cleaned


class HoldEndForm(NamedErrorsForm):
    end = _date(_("Kết thúc ngày"))

    def __init__(self, *args, hold: Hold, **kwargs):
        super().__init__(*args, **kwargs)
        self.hold = hold

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end < self.hold.start:
            raise ValidationError(
                gettext("“%(end)s” (%(end_day)s) phải bằng hoặc sau ngày bắt đầu (%(start_day)s).")
                % {
                    "end": self.fields["end"].label,
                    "end_day": f"{end:%d/%m/%Y}",
                    "start_day": f"{self.hold.start:%d/%m/%Y}",
                }
            )
        return end


class DisciplineForm(NamedErrorsForm):
    level = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=Discipline.Level.choices)
    start = _date(_("Thi hành từ ngày"))
    end = _date(_("Thi hành đến hết ngày"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)

    def clean(self):
        cleaned = super().clean()
        self.check_order(cleaned, "start", "end")
        return cleaned


class LeaveForm(NamedErrorsForm):
    kind = forms.ChoiceField(label=_("Loại nghỉ"), choices=Leave.Kind.choices)
    start = _date(_("Từ ngày"))
    end = _date(_("Đến hết ngày"))

    def clean(self):
        cleaned = super().clean()
        self.check_order(cleaned, "start", "end")
        return cleaned


class InitiativeForm(NamedErrorsForm):
    name = forms.CharField(label=_("Tên sáng kiến / đề tài"), max_length=NAME_MAX)
    kind = forms.ChoiceField(label=_("Loại"), choices=Initiative.Kind.choices)
    level = forms.ChoiceField(label=_("Phạm vi ảnh hưởng"), choices=Initiative.Level.choices)
    year = forms.IntegerField(label=_("Năm công nhận"))
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=64)
    decision_date = _date(_("Ngày quyết định công nhận"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = clock.today().year
        if not 2000 <= year <= this_year:
            raise ValidationError(
                gettext("“%(field)s” phải từ 2000 đến %(last)s.")
                % {"field": self.fields["year"].label, "last": this_year}
            )
        return year

    def clean_decision_date(self):
        day = self.cleaned_data["decision_date"]
        if day > clock.today():
            raise ValidationError(
                gettext("“%(field)s” (%(day)s) chưa đến: ngày quyết định không thể ở tương lai.")
                % {"field": self.fields["decision_date"].label, "day": f"{day:%d/%m/%Y}"}
            )
        return day

    def clean(self):
        cleaned = super().clean()
        year, day = cleaned.get("year"), cleaned.get("decision_date")
        if year and day and day < datetime.date(year, 1, 1):
            self.add_error(
                "decision_date",
                gettext("“%(field)s” (%(day)s) ở trước năm công nhận %(year)s.")
                % {"field": self.fields["decision_date"].label, "day": f"{day:%d/%m/%Y}", "year": year},
            )
        return cleaned
