"""Forms of the organisation app."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import importing
from .widgets import FileChoice


class StaffImportForm(forms.Form):
    """The upload of a staff file. A valid form carries the parsed file in `parsed`."""

    file = forms.FileField(
        label=_("Tệp danh sách cán bộ (.xlsx hoặc .csv)"),
        error_messages={
            "required": _("Hãy chọn tệp .xlsx hoặc .csv để tải lên."),
            "empty": _("Tệp rỗng: không có dữ liệu nào để nhập."),
            "invalid": _("Không nhận được tệp; hãy chọn lại tệp và tải lên."),
        },
        widget=FileChoice(attrs={"accept": ".xlsx,.csv"}),
    )

    parsed: importing.ParsedFile | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit_mb = settings.UPLOAD_MAX_MB
        if upload.size > limit_mb * 1024 * 1024:
            raise ValidationError(
                _("Tệp lớn hơn giới hạn %(limit)s MB cho phép; hãy chia tệp theo đơn vị rồi tải lên từng phần."),
                code="too_big",
                params={"limit": limit_mb},
            )
        try:
            self.parsed = importing.parse_upload(upload, upload.name)
        except importing.ImportFileError as exc:
            raise ValidationError(str(exc), code="unreadable") from exc
        return upload
