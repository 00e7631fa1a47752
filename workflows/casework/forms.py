"""Forms of the steps. Every step takes a comment and attachments; decisions need a reason to return."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Staff
from people.widgets import FileChoice

from .. import files as filetypes
from ..models import AwardTitle, Case, DocumentCode, Proposal, Rating
from ..rules.ratings import rating_bar
from ..selectors import document_kind_choices, rulebook_current

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy, ví dụ 28/06/2024.")},
    )


class CheckedFileField(forms.FileField):
    """A file judged by its content (PDF, DOCX, XLSX, DOC/XLS, JPG, PNG) and by the size limit."""

    widget = FileChoice

    def __init__(self, *args, **kwargs):
        # An empty file is refused by validate_upload, whose message names the file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            filetypes.validate_upload(upload)
        return upload


class CheckedFilesField(CheckedFileField):
    """Several files chosen at once, each judged like a single one; cleans to a list (empty when none)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FileChoice(multiple=True))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if not uploads:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(super().clean(upload, initial))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned

    def has_changed(self, initial, data):
        return bool(data)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    """One row of attachments: a document type, whose (the dossier's or one nominee's), and one or more files."""

    doc_type = forms.ChoiceField(label=_("Loại tài liệu"), initial=DocumentCode.KHAC, required=False)
    proposal = forms.TypedChoiceField(label=_("Của người được đề nghị"), required=False, coerce=int, empty_value=None)
    file = CheckedFilesField(label=_("Tệp"), required=False)

    def __init__(self, *args, proposals=(), kinds=None, **kwargs):
        """`kinds`: the document kinds that may be chosen (selectors.document_kind_choices), read once for all
        the rows of a page."""
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].choices = document_kind_choices() if kinds is None else kinds
        self.fields["proposal"].choices = [("", _("— Cả hồ sơ —"))] + [(p.pk, str(p)) for p in proposals]
        if not proposals:
            del self.fields["proposal"]


# One row to start with (several files of one type at once); "Thêm dòng" adds rows for other types.
AttachmentFormSet = forms.formset_factory(AttachmentForm, extra=1, max_num=10)


class DecisionForm(forms.Form):
    """Ký duyệt / tiếp nhận, or trả lại with a reason."""

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Đồng ý")), ("return", _("Trả lại"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn đồng ý hoặc trả lại.")},
    )
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại: ghi rõ cần sửa, bổ sung gì."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Phải ghi lý do khi trả lại hồ sơ."))
        return data


class RegistrationForm(forms.Form):
    collective_title = forms.ModelChoiceField(
        label=_("Danh hiệu tập thể đơn vị đăng ký"),
        queryset=AwardTitle.objects.filter(scope=AwardTitle.Scope.COLLECTIVE, kind=AwardTitle.Kind.TITLE),
        required=False,
        empty_label=_("— Không đăng ký —"),
    )


class RegistrationRowsForm(forms.Form):
    """One title and one planned initiative per staff member of the unit (fields `title_<id>`, `initiative_<id>`)."""

    def __init__(self, *args, staff: list[Staff], titles, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        for person in staff:
            self.fields[f"title_{person.pk}"] = forms.ModelChoiceField(
                label=person.full_name, queryset=titles, required=False, empty_label=_("— Không đăng ký —")
            )
            self.fields[f"initiative_{person.pk}"] = forms.CharField(
                label=_("Sáng kiến dự kiến"), required=False, max_length=500
            )

    def rows(self):
        for person in self.staff:
            yield person, self[f"title_{person.pk}"], self[f"initiative_{person.pk}"]


class RegistrationExcelForm(forms.Form):
    excel = forms.FileField(label=_("Điền từ tệp Excel (.xlsx)"), required=False, widget=FileChoice)


class MidyearForm(forms.Form):
    report_text = forms.CharField(
        label=_("Nội dung báo cáo sơ kết"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )


class MeetingForm(forms.Form):
    """Họp bình xét của đơn vị: what its biên bản records (NĐ 30/2020 Mẫu 1.9). All optional while drafting; the
    figures left empty stay blank in the generated biên bản, to be written by hand."""

    meeting_date = date_field(_("Ngày họp bình xét"), required=False)
    meeting_place = forms.CharField(label=_("Địa điểm họp"), required=False, max_length=255)
    meeting_chair = forms.CharField(
        label=_("Chủ trì cuộc họp"), required=False, max_length=255, help_text=_("Họ tên và chức vụ.")
    )
    meeting_secretary = forms.CharField(
        label=_("Thư ký cuộc họp"), required=False, max_length=255, help_text=_("Họ tên và chức vụ.")
    )
    attendance_present = forms.IntegerField(label=_("Số người dự họp"), required=False, min_value=0)
    attendance_total = forms.IntegerField(label=_("Tổng số người được triệu tập"), required=False, min_value=0)

    def __init__(self, *args, year: int | None = None, **kwargs):
        """`year`: the achievement year the meeting reviews; it cannot be held before that year."""
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_meeting_date(self):
        from people import clock

        day = self.cleaned_data.get("meeting_date")
        if day is None:
            return day
        if day > clock.today():
            raise forms.ValidationError(
                _("Ngày họp bình xét %(day)s chưa đến; hãy ghi ngày cuộc họp đã diễn ra.")
                % {"day": day.strftime("%d/%m/%Y")}
            )
        if self.year is not None and day.year < self.year:
            raise forms.ValidationError(
                _(
                    "Ngày họp bình xét %(day)s trước năm %(year)s: cuộc họp bình xét thành tích năm %(year)s "
                    "diễn ra từ năm %(year)s trở đi."
                )
                % {"day": day.strftime("%d/%m/%Y"), "year": self.year}
            )
        return day

    def clean(self):
        data = super().clean()
        present, total = data.get("attendance_present"), data.get("attendance_total")
        if present is not None and total is not None and present > total:
            self.add_error("attendance_present", _("Số người dự họp không thể lớn hơn tổng số được triệu tập."))
        return data


class InitiativeSelect(forms.SelectMultiple):
    """The initiatives a row may name, each option marked with its author (data-staff), so the page shows only
    those of the person chosen on the row (static/tdkt/tdkt.js)."""

    def __init__(self, *args, authors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.authors = authors or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        author = self.authors.get(value)
        if author is not None:
            option["attrs"]["data-staff"] = str(author)
        return option


def _staff_id(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


class ProposalForm(forms.ModelForm):
    """One proposal row, with the nominee's own documents (báo cáo thành tích, xác nhận sáng kiến…): one file
    choice per kind of document that belongs to a nominee, so each is filed under its own kind; they can be
    chosen on a new row and are filed with the proposal in the same save. A person's row may name the recognised
    initiatives it relies on — only that person's, and only for a title that rests on initiatives."""

    initiatives = forms.TypedMultipleChoiceField(
        label=_("Sáng kiến, đề tài dùng để xét"),
        required=False,
        coerce=int,
        help_text=_("Chỉ khi danh hiệu xét theo sáng kiến (CSTĐCS, CSTĐ tỉnh, Bằng khen); giữ Ctrl để chọn nhiều."),
        error_messages={
            "invalid_choice": _(
                "Sáng kiến, đề tài “%(value)s” không có trong danh sách sáng kiến được công nhận của người được đề "
                "nghị; hãy chọn lại."
            )
        },
    )

    class Meta:
        model = Proposal
        fields = ["staff", "title", "rating", "achievements", "initiatives", "meeting_votes"]
        widgets = {
            "achievements": forms.Textarea(attrs={"rows": 2}),
            "meeting_votes": forms.NumberInput(attrs={"min": 0, "class": "tdkt-num"}),
        }
        labels = {"meeting_votes": _("Số phiếu đồng ý khi bình xét")}
        error_messages = {
            "meeting_votes": {
                "min_value": _("Số phiếu đồng ý không thể là số âm."),
                "invalid": _("Số phiếu đồng ý phải là một số nguyên."),
            }
        }

    def __init__(self, *args, unit=None, own_kinds=None, initiative_choices=None, year=None, **kwargs):
        """`own_kinds`: (code, label) of the kinds of a nominee's own documents (per nominee, from the data);
        `initiative_choices`: staff pk → the initiatives each may name (selectors.initiative_choices); both read
        once for all the rows. `year`: the achievement year, whose rules say which titles rest on initiatives."""
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["staff"].queryset = Staff.objects.filter(unit=unit, is_active=True).order_by("full_name")
        self.fields["staff"].empty_label = _("— Tập thể đơn vị —")
        self.fields["title"].queryset = AwardTitle.objects.order_by("scope", "order")
        self.fields["title"].empty_label = _("— Chọn danh hiệu —")
        self.fields["rating"].choices = [("", _("— Xếp loại —")), *Rating.choices]
        self._initiatives_limit(initiative_choices or {})
        for code, label in document_kind_choices(per_nominee=True) if own_kinds is None else own_kinds:
            self.fields[f"doc_{code}"] = CheckedFilesField(label=label, required=False)

    def _initiatives_limit(self, by_staff: dict) -> None:
        """The row's person's initiatives only (the person posted, or the saved one); a new row not yet posted
        lists everyone's, each marked with its author, for the page to narrow as a person is chosen."""
        staff_id = _staff_id(self.data.get(self.add_prefix("staff"))) if self.is_bound else self.instance.staff_id
        if staff_id is not None:
            offered = list(by_staff.get(staff_id, ()))
        elif self.is_bound or self.instance.pk:
            offered = []
        else:
            offered = [choice for choices in by_staff.values() for choice in choices]
        field = self.fields["initiatives"]
        field.choices = [(choice.pk, choice.label) for choice in offered]
        field.widget = InitiativeSelect(
            attrs={"size": 3, "class": "tdkt-initiatives"}, authors={choice.pk: choice.staff_id for choice in offered}
        )
        field.widget.choices = field.choices
        if self.instance.pk:
            self.initial["initiatives"] = [initiative.pk for initiative in self.instance.initiatives.all()]

    def nominee_documents(self) -> list[tuple[str, forms.BoundField, list[str]]]:
        """(kind, bound file field, names of the files already filed under it) for each kind of document a
        nominee has of their own: a saved row shows what it already holds, so nobody uploads it twice."""
        saved: dict[str, list[str]] = {}
        if self.instance.pk:
            for record in self.instance.files.all():  # prefetched by selectors.case_proposals
                if record.removed_at is None:
                    saved.setdefault(record.doc_type, []).append(record.name)
        return [
            (name.removeprefix("doc_"), self[name], saved.get(name.removeprefix("doc_"), []))
            for name in self.fields
            if name.startswith("doc_")
        ]

    def uploads(self) -> list[tuple[str, object]]:
        """(kind, upload) for every file chosen on the row."""
        return [
            (code, upload)
            for code, field, _saved in self.nominee_documents()
            for upload in self.cleaned_data.get(field.name) or []
        ]

    def clean(self):
        data = super().clean()
        title, staff = data.get("title"), data.get("staff")
        if title is None:
            return data
        if staff is not None and title.scope != AwardTitle.Scope.INDIVIDUAL:
            self.add_error("title", _("“%(title)s” là danh hiệu tập thể; để trống cột cá nhân.") % {"title": title})
        if staff is None and title.scope != AwardTitle.Scope.COLLECTIVE:
            self.add_error("staff", _("“%(title)s” là danh hiệu cá nhân; hãy chọn người.") % {"title": title})
        if staff is not None and not data.get("rating"):
            self.add_error("rating", _("Hãy ghi xếp loại năm của cá nhân."))
        if data.get("initiatives") and not initiatives_usable(title=title, staff=staff, year=self.year):
            self.add_error(
                "initiatives",
                _("“%(title)s” không xét theo sáng kiến, đề tài; bỏ chọn sáng kiến ở dòng này.") % {"title": title},
            )
        bar = rating_bar(rating=data.get("rating") or "")
        if bar is not None:
            self.add_error("rating", bar.message)
        return data


def initiatives_usable(*, title: AwardTitle, staff: Staff | None, year: int | None) -> bool:
    """Whether a row may name initiatives: a person's title that rests on them under the rules of `year`."""
    if staff is None or year is None:
        return False
    return rulebook_current().title_uses_initiatives(title.code, on=datetime.date(year, 12, 31))


ProposalFormSet = forms.inlineformset_factory(Case, Proposal, form=ProposalForm, extra=3, can_delete=True)


class FindingAcknowledgementForm(forms.Form):
    """Lý do chấp nhận cảnh báo — one reason per warning the rules raised, keyed by proposal and finding code;
    required only when the Văn phòng accepts the dossier (the handler checks it, since returning needs none)."""

    def __init__(self, *args, nominees=(), reasons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominees = list(nominees)
        reasons = reasons or {}
        for item in self.nominees:
            for finding in item.warnings:
                name = self.field_name(item.proposal, finding)
                self.fields[name] = forms.CharField(
                    label=_("Lý do chấp nhận"),
                    required=False,
                    max_length=1000,
                    initial=reasons.get((item.proposal.pk, finding.code), ""),
                    widget=forms.TextInput(attrs={"data-testid": f"ack-{item.proposal.pk}-{finding.code}"}),
                )

    @staticmethod
    def field_name(proposal, finding) -> str:
        return f"ack_{proposal.pk}_{finding.code}"

    def rows(self) -> list[tuple]:
        """(nominee, [(finding, reason field or None)]) for the page."""
        return [
            (
                item,
                [
                    (finding, None if finding.blocks else self[self.field_name(item.proposal, finding)])
                    for finding in item.findings
                ],
            )
            for item in self.nominees
        ]

    def reason(self, proposal, finding) -> str:
        return (self.cleaned_data.get(self.field_name(proposal, finding)) or "").strip()


class DocumentForm(forms.Form):
    """Văn bản gửi cấp trên / quyết định: number, date, signed file."""

    recipient = forms.CharField(label=_("Nơi nhận"), max_length=255)
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=64)
    date = date_field(_("Ngày ban hành"))
    file = CheckedFileField(label=_("Tệp văn bản đã ký"))


class BoardDecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=64)
    date = date_field(_("Ngày quyết định"))
    file = CheckedFileField(label=_("Tệp quyết định đã ký"))
    awardees = forms.TypedMultipleChoiceField(
        label=_("Danh sách được khen thưởng"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awardees"].choices = [(p.pk, f"{p.nominee_name} — {p.title.name}") for p in proposals]
        self.fields["awardees"].initial = [p.pk for p in proposals]


class UpwardResultForm(BoardDecisionForm):
    decided_by = forms.CharField(label=_("Cơ quan quyết định"), max_length=255)
    file = CheckedFileField(label=_("Tệp quyết định (nếu có)"), required=False)

    field_order = ["decided_by", "number", "date", "file", "awardees"]


class CouncilResultForm(forms.Form):
    """Ghi kết quả Hội đồng from its signed minutes: passed or not, per nominee."""

    passed = forms.TypedMultipleChoiceField(
        label=_("Đề nghị được Hội đồng thông qua"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Ghi chú (số, ngày biên bản)"), required=False, max_length=500)
    minutes = CheckedFileField(label=_("Biên bản họp Hội đồng"), required=True)

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passed"].choices = [(p.pk, f"{p.nominee_name} — {p.title.name}") for p in proposals]


class ReassignForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Giao cho"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, u.get_full_name() or u.username) for u in candidates]
