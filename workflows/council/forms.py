"""Forms of the council's pages."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..casework.forms import CheckedFileField, date_field


class SessionOpenForm(forms.Form):
    day = date_field(_("Ngày họp"))
    time = forms.TimeField(
        label=_("Giờ họp"),
        input_formats=["%H:%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00"}),
        error_messages={"invalid": _("Giờ phải theo dạng HH:MM, ví dụ 08:30.")},
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    cases = forms.TypedMultipleChoiceField(
        label=_("Hồ sơ đưa vào chương trình họp"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một hồ sơ.")},
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(c.pk, c.unit.name) for c in cases]
        self.fields["cases"].initial = [c.pk for c in cases]

    def held_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["day"], data["time"]))


class AddCasesForm(forms.Form):
    cases = forms.TypedMultipleChoiceField(label=_("Bổ sung hồ sơ"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(c.pk, c.unit.name) for c in cases]


CHOICES = [("yes", _("Đồng ý")), ("no", _("Không đồng ý"))]


class BallotForm(forms.Form):
    """One choice and one comment per agenda item (fields `vote_<item>` and `comment_<item>`)."""

    def __init__(self, *args, items=(), votes=None, paper=False, **kwargs):
        super().__init__(*args, **kwargs)
        votes = votes or {}
        self.items = list(items)
        for item in self.items:
            current = votes.get(item.pk)
            self.fields[f"vote_{item.pk}"] = forms.ChoiceField(
                label=str(item.proposal),
                choices=CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=None if current is None or current.approve is None else ("yes" if current.approve else "no"),
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Ý kiến"), required=False, max_length=500, initial=current.comment if current else ""
            )
        if paper:
            self.fields["paper"] = CheckedFileField(label=_("Bản chụp phiếu giấy đã ký"))

    def rows(self):
        for item in self.items:
            yield item, self[f"vote_{item.pk}"], self[f"comment_{item.pk}"]

    def reviewed_rows(self, reviews):
        """rows() with each nominee's findings and history (workflows.council.findings), shown beside the vote."""
        for item, vote, comment in self.rows():
            yield item, vote, comment, reviews.get(item.pk)

    def votes(self) -> dict[int, tuple[bool | None, str]]:
        result = {}
        for item in self.items:
            choice = self.cleaned_data.get(f"vote_{item.pk}") or None
            result[item.pk] = (
                None if choice is None else choice == "yes",
                self.cleaned_data.get(f"comment_{item.pk}", ""),
            )
        return result


class CloseForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Kết luận của phiên họp"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))
