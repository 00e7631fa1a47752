"""Forms of the exemplar pages: the story (its photo is judged by the service, photos.py) and a reason."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people import clock
from people.models import OrgUnit, Staff
from people.widgets import FileChoice

from ..models import Commendation
from ..records.forms import NamedErrorsForm


def _printable(text: str, *, keep_lines: bool) -> str:
    """Control characters go (a pasted NUL or bell would end up on a public page); line breaks stay in the body."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    kept = "\n\t" if keep_lines else ""
    return "".join(ch for ch in text if ch in kept or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))


class CommendationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        who = obj.staff.full_name if obj.staff_id else (obj.unit.name if obj.unit_id else "")
        return f"{obj.year} — {who} — {obj.title.name} ({obj.decision_number})"


class ExemplarForm(NamedErrorsForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    body = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20000,
        help_text=_("Văn bản thường; các đoạn cách nhau một dòng trống. Không dùng thẻ HTML."),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=1976)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none(), required=False)
    staff = forms.ModelChoiceField(label=_("Cá nhân"), queryset=Staff.objects.none(), required=False)
    commendation = CommendationChoice(
        label=_("Khen thưởng làm căn cứ"), queryset=Commendation.objects.none(), required=False
    )
    achievement = forms.CharField(
        label=_("Thành tích"),
        max_length=255,
        required=False,
        help_text=_("Ghi khi gương điển hình không gắn với một khen thưởng trong lịch sử khen thưởng."),
    )
    photo = forms.FileField(
        label=_("Ảnh"),
        required=False,
        allow_empty_file=True,  # refused by files.validate_upload, with the file's name
        widget=FileChoice(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("Ảnh JPG hoặc PNG. Trang công khai chỉ hiện bản ảnh đã được hệ thống thu nhỏ và làm sạch."),
    )
    photo_remove = forms.BooleanField(label=_("Bỏ ảnh hiện có"), required=False)

    def __init__(self, *args, has_photo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("order", "name")
        self.fields["staff"].queryset = Staff.objects.filter(is_active=True).select_related("unit")
        self.fields["commendation"].queryset = Commendation.objects.select_related("title", "staff", "unit").order_by(
            "-year", "-decision_date", "pk"
        )
        if not has_photo:
            del self.fields["photo_remove"]
        for name in ("unit", "staff", "commendation"):
            self.fields[name].error_messages["invalid_choice"] = gettext(
                "“%(field)s”: hãy chọn một mục trong danh sách."
            ) % {"field": self.fields[name].label}
        self.fields["year"].error_messages["min_value"] = gettext("“Năm” không hợp lệ.")

    def clean_year(self):
        year, limit = self.cleaned_data["year"], clock.today().year + 1
        if year > limit:
            raise forms.ValidationError(gettext("“Năm” không được sau năm %(limit)s.") % {"limit": limit})
        return year

    def clean_title(self):
        title = _printable(self.cleaned_data["title"], keep_lines=False).strip()
        if not title:
            raise forms.ValidationError(gettext("Chưa nhập “%(field)s”.") % {"field": self.fields["title"].label})
        return title

    def clean_body(self):
        body = _printable(self.cleaned_data["body"], keep_lines=True).strip()
        if not body:
            raise forms.ValidationError(gettext("Chưa nhập “%(field)s”.") % {"field": self.fields["body"].label})
        return body

    def clean_achievement(self):
        return _printable(self.cleaned_data["achievement"], keep_lines=False).strip()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("commendation") and not cleaned.get("achievement") and "achievement" not in self.errors:
            self.add_error("achievement", gettext("Hãy chọn khen thưởng làm căn cứ hoặc ghi thành tích."))
        return cleaned

    def data_for_service(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("title", "body", "year", "unit", "staff", "commendation", "achievement")
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = gettext("Hãy ghi lý do.")


class PublicFilterForm(forms.Form):
    """The public list's filters (`?nam=2024&don-vi=<id>`); anything else is ignored, never an error page."""

    nam = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)
    don_vi = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, years, units):
        data = {"nam": data.get("nam", ""), "don_vi": data.get("don-vi", "")}
        super().__init__(data)
        self.fields["nam"].choices = [("", gettext("Mọi năm"))] + [(y, str(y)) for y in years]
        self.fields["don_vi"].choices = [("", gettext("Mọi đơn vị"))] + [(u.pk, u.name) for u in units]

    def chosen(self) -> tuple[int | None, int | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("nam"), self.cleaned_data.get("don_vi")
