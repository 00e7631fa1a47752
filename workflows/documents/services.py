"""Writes around generated documents: an agency's own templates (upload, choose a version, back to the default) and
the drafts filed in a case."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_noop

from people import clock

from .. import files as filetypes
from ..models import Case, CaseEvent, CaseFile, DocumentTemplate, Proposal
from . import engine

log = logging.getLogger(__name__)


def template_upload(*, agency_id: int, kind: str, content: bytes, name: str, user, note: str = "") -> DocumentTemplate:
    """A new version of the agency's template for `kind`, in use at once. Checked first (engine.check_template,
    TemplateProblem with a Vietnamese message): a template that fails leaves the one in use as it was."""
    engine.check_template(kind, content)
    with transaction.atomic():
        # One writer per kind at a time: the version number and the single active row stay consistent.
        current = list(
            DocumentTemplate.objects.select_for_update()
            .filter(agency_id=agency_id, kind=kind)
            .values_list("pk", flat=True)
        )
        version = (
            DocumentTemplate.objects.filter(agency_id=agency_id, kind=kind).aggregate(last=Max("version"))["last"] or 0
        ) + 1
        DocumentTemplate.objects.filter(pk__in=current, active=True).update(active=False)
        template = DocumentTemplate(
            agency_id=agency_id,
            kind=kind,
            version=version,
            name=filetypes.display_name(name, filetypes.DOCX),
            note=note,
            active=True,
            uploaded_by=user,
            uploaded_at=clock.now(),
        )
        template.file.save(f"{kind}.docx", ContentFile(content), save=False)
        template.save()
    return template


def template_activate(*, template: DocumentTemplate) -> None:
    """Use this version (going back to an earlier one is choosing it)."""
    with transaction.atomic():
        DocumentTemplate.objects.filter(agency_id=template.agency_id, kind=template.kind, active=True).exclude(
            pk=template.pk
        ).update(active=False)
        DocumentTemplate.objects.filter(pk=template.pk).update(active=True)


def template_default(*, agency_id: int, kind: str) -> None:
    """Back to the product's own template: no upload of the agency is in use."""
    DocumentTemplate.objects.filter(agency_id=agency_id, kind=kind, active=True).update(active=False)


def draft_attach(
    *,
    case: Case,
    kind: str,
    content: bytes,
    name: str,
    user,
    task=None,
    proposal: Proposal | None = None,
    same_name: bool = False,
    file_kind: filetypes.FileKind = filetypes.DOCX,
) -> CaseFile:
    """File a generated .docx in the case under its document kind, marked as a draft; the previous draft of the
    same kind (and nominee) gives way to it. The signed document, uploaded later, is what the checklist counts.

    `same_name`: where several documents stand side by side under one kind (the council's minutes and its vote
    count are both the record of its vote), only the earlier draft of the same name gives way."""
    from ..casework.services import event_add

    doc_type = engine.kind_of(kind).doc_type
    shown = filetypes.display_name(name, file_kind)
    with transaction.atomic():
        previous = case.files.filter(doc_type=doc_type, proposal=proposal, generated=True, removed_at__isnull=True)
        if same_name:
            previous = previous.filter(name=shown)
        now = clock.now()
        previous.update(removed_at=now)
        record = CaseFile(
            case=case,
            task=task,
            proposal=proposal,
            doc_type=doc_type,
            name=shown,
            size=len(content),
            content_type=file_kind.content_type,
            uploaded_by=user,
            uploaded_at=now,
            generated=True,
        )
        record.file.save(filetypes.storage_name(file_kind), ContentFile(content), save=False)
        record.save()
        event_add(
            case=case,
            action=CaseEvent.Action.FILE_ADDED,
            actor=user,
            task=task,
            note=(gettext_noop("Tạo dự thảo “%(name)s” từ dữ liệu"), {"name": record.name}),
        )
    return record


def council_documents_file(*, session, user) -> list[CaseFile]:
    """The closed session's Biên bản họp and Biên bản kiểm phiếu, filed as drafts (of the council's vote, kind
    ket_qua_bo_phieu) in every case whose proposals were on its agenda; written again, they replace the earlier
    drafts. A document that cannot be written (its template fails, its storage is down) is logged and skipped:
    the other one, and the other cases, are still filed."""
    from ..council.models import CouncilSession
    from . import council

    session = CouncilSession.objects.select_related("campaign").get(pk=session.pk)
    if session.status != CouncilSession.Status.CLOSED:
        return []
    record = council.council_record_read(session=session)
    names = council.file_names(session)
    cases = list(Case.objects.filter(proposals__agenda_item__session=session).distinct().order_by("pk"))
    filed = []
    for code, name in names.items():
        try:
            content = council.council_docx(code=code, record=record, agency_id=session.agency_id)
        except Exception:
            log.exception("council session %s: the document %s could not be written", session.pk, code)
            continue
        for case in cases:
            try:
                filed.append(draft_attach(case=case, kind=code, content=content, name=name, user=user, same_name=True))
            except Exception:
                log.exception(
                    "council session %s: the document %s could not be filed in case %s", session.pk, code, case.pk
                )
    return filed


def council_drafts_withdraw(*, session) -> int:
    """A reopened session's documents no longer say what the council decides: their drafts leave the cases."""
    from . import council

    names = list(council.file_names(session).values())
    doc_types = {council.MINUTES.doc_type, council.COUNT.doc_type}
    return CaseFile.objects.filter(
        case__proposals__agenda_item__session=session,
        doc_type__in=doc_types,
        name__in=names,
        generated=True,
        removed_at__isnull=True,
    ).update(removed_at=clock.now())


def decision_sign(*, case: Case, task, user, actor, content: bytes, name: str) -> CaseFile:
    """The decider signs the draft decision: its .docx converted to PDF (filed as a generated PDF draft beside the
    Word one) and signed with their key, the signed copy filed as the case's decision document. Raises
    PdfUnavailable when no PDF can be made, PermissionDenied or ValidationError (with the reason) from signing."""
    from ..signatures.services import case_file_sign
    from .decision import KIND
    from .pdf import docx_to_pdf

    pdf = docx_to_pdf(content)
    draft = draft_attach(
        case=case,
        kind=KIND.code,
        content=pdf,
        name=f"{name}.pdf",
        user=user,
        task=task,
        same_name=True,
        file_kind=filetypes.PDF,
    )
    return case_file_sign(record=draft, user=user, actor=actor, at_signing_block=True)
