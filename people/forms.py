"""Forms of the organisation app."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import importing
from .tabular import ImportFileError
from .widgets import FileChoice


def import_file_field(label) -> forms.FileField:
    """The file field of an import's upload, with its messages."""
    return forms.FileField(
        label=label,
        error_messages={
            "required": _("Hãy chọn tệp .xlsx hoặc .csv để tải lên."),
            "empty": _("Tệp rỗng: không có dữ liệu nào để nhập."),
            "invalid": _("Không nhận được tệp; hãy chọn lại tệp và tải lên."),
        },
        widget=FileChoice(attrs={"accept": ".xlsx,.csv"}),
    )


class ImportUploadForm(forms.Form):
    """The upload of a file to import. A valid form carries the parsed file in `parsed`; `parse` is the import's
    reader (a file and its name → the parsed file, or ImportFileError saying why the file is unusable)."""

    parse = None
    parsed = None

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
            self.parsed = self.parse(upload, upload.name)
        except ImportFileError as exc:
            raise ValidationError(str(exc), code="unreadable") from exc
        return upload


class StaffImportForm(ImportUploadForm):
    """The upload of a staff file."""

    file = import_file_field(_("Tệp danh sách cán bộ (.xlsx hoặc .csv)"))
    parse = staticmethod(importing.parse_upload)
    parsed: importing.ParsedFile | None = None
