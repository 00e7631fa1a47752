"""Document templates: each generated document is a .docx template filled with data (docxtpl: Jinja tags in Word).

Every kind of document has a default template in `templates/<code>.docx`, written from the layout code
(`manage.py build_document_templates`), and an agency may upload its own wording in the admin
(`DocumentTemplate`); the active upload wins, the default stays. A template is Jinja run in a sandbox, with every
value escaped for XML and cleared of characters XML forbids, and any placeholder the kind does not know refused
when the template is uploaded (`check_template`), so a template can neither reach into the product nor fail later
in front of a user.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from django.utils.translation import gettext as _
from docx import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from people.office_files import ArchiveRefused, zip_bounds_check

from . import layout

TEMPLATE_DIR = Path(__file__).with_name("templates")
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


class TemplateProblem(Exception):
    """A template that cannot be used, with a Vietnamese message for the person who uploaded it."""


@dataclass(frozen=True)
class TemplateKind:
    code: str  # also the default template's file name
    name: str  # Vietnamese; translated when shown
    build: Callable[[], Document]  # the default template, as python-docx writes it (Jinja tags as text)
    sample: Callable[[], dict]  # a made-up but complete context: the preview and the upload check
    doc_type: str = ""  # the DocumentKind code a generated draft is filed under in its case

    @property
    def path(self) -> Path:
        return TEMPLATE_DIR / f"{self.code}.docx"

    def default_bytes(self) -> bytes:
        return self.path.read_bytes()


_KINDS: dict[str, TemplateKind] = {}


def register(kind: TemplateKind) -> TemplateKind:
    _KINDS[kind.code] = kind
    return kind


def kinds() -> list[TemplateKind]:
    _load_all()
    return sorted(_KINDS.values(), key=lambda k: k.code)


def kind_of(code: str) -> TemplateKind:
    _load_all()
    return _KINDS[code]


def _load_all() -> None:
    """The documents register their kinds when imported; importing the package's modules is enough."""
    from . import catalogue  # noqa: F401


# --- rendering ----------------------------------------------------------------------------------------------


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return layout.clean(value)
    return value


def environment() -> SandboxedEnvironment:
    """Sandboxed (an uploaded template cannot reach Python's internals), escaping for XML, and strict: a name the
    data does not have is an error, not an empty string."""
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize)
    # No functions at all (range, lipsum, cycler…): a template loops over the data it is given, nothing else, so an
    # uploaded one cannot spin the server with range(10**9) nested twice.
    env.globals.clear()
    return env


def render_bytes(template: bytes, context: dict) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, jinja_env=environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def active_template(code: str, *, agency_id: int | None) -> bytes:
    """The agency's active upload for this kind, else the default."""
    from ..models import DocumentTemplate

    if agency_id is not None:
        uploaded = DocumentTemplate.objects.filter(agency_id=agency_id, kind=code, active=True).first()
        if uploaded is not None:
            with uploaded.file.open("rb") as handle:
                return handle.read()
    return kind_of(code).default_bytes()


def render(code: str, context: dict, *, agency_id: int | None) -> bytes:
    return render_bytes(active_template(code, agency_id=agency_id), context)


# --- checking an uploaded template ---------------------------------------------------------------------------


def placeholders(template: bytes) -> set[str]:
    """The top-level names a template uses (its undeclared Jinja variables)."""
    document = DocxTemplate(io.BytesIO(template))
    return set(document.get_undeclared_template_variables(jinja_env=environment()))


def check_template(code: str, content: bytes) -> None:
    """Refuse a template that is not a Word document, is hostile, does not parse, names something the kind's data
    does not hold, or fails to fill with the sample data. Messages in Vietnamese, naming what and where."""
    kind = kind_of(code)
    if len(content) > TEMPLATE_MAX_BYTES:
        raise TemplateProblem(
            _("Mẫu văn bản có dung lượng %(size).1f MB, vượt giới hạn %(limit)s MB.")
            % {"size": len(content) / 1024 / 1024, "limit": TEMPLATE_MAX_BYTES // 1024 // 1024}
        )
    handle = io.BytesIO(content)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        names = set()
    if "word/document.xml" not in names:
        raise TemplateProblem(_("Tệp tải lên không phải tài liệu Word (.docx) hoặc đã bị hỏng."))
    try:
        zip_bounds_check(handle)
    except ArchiveRefused as exc:
        raise TemplateProblem(_("Tệp mẫu văn bản: %(reason)s") % {"reason": exc}) from exc
    try:
        used = placeholders(content)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(
            _("Mẫu văn bản có lỗi cú pháp trong trường trộn (dòng %(line)s của nội dung): %(error)s")
            % {"line": exc.lineno, "error": exc.message}
        ) from exc
    except Exception as exc:  # a .docx python-docx cannot open: broken parts, missing relations
        raise TemplateProblem(_("Không mở được tài liệu Word: tệp đã bị hỏng.")) from exc
    known = set(kind.sample())
    unknown = sorted(used - known)
    if unknown:
        raise TemplateProblem(
            _(
                "Mẫu văn bản dùng trường trộn không có trong dữ liệu của loại văn bản này: %(names)s. "
                "Các trường có: %(known)s."
            )
            % {"names": ", ".join(f"{{{{ {name} }}}}" for name in unknown), "known": ", ".join(sorted(known))}
        )
    try:
        render_bytes(content, kind.sample())
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(
            _("Mẫu văn bản dùng trường trộn không có trong dữ liệu: %(error)s") % {"error": exc.message}
        ) from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateProblem(_("Mẫu văn bản dùng lệnh không được phép: %(error)s") % {"error": exc}) from exc
    except jinja2.TemplateError as exc:
        raise TemplateProblem(_("Không trộn được dữ liệu mẫu vào mẫu văn bản: %(error)s") % {"error": exc}) from exc
    except Exception as exc:
        raise TemplateProblem(_("Không trộn được dữ liệu mẫu vào mẫu văn bản: tệp Word không hợp lệ.")) from exc
