"""The upload of a commendation history file."""

from django.utils.translation import gettext_lazy as _

from people.forms import ImportUploadForm, import_file_field

from . import importing


class HistoryImportForm(ImportUploadForm):
    """A valid form carries the parsed file in `parsed`."""

    file = import_file_field(_("Tệp lịch sử khen thưởng (.xlsx hoặc .csv)"))
    parse = staticmethod(importing.parse_upload)
    parsed: importing.ParsedFile | None = None
