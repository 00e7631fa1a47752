"""Writes around generated documents: an agency's own templates (upload, choose a version, back to the default) and
the drafts filed in a case."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_noop

from people import clock

from .. import files as filetypes
from ..models import Case, CaseEvent, CaseFile, DocumentTemplate, Proposal
from . import engine


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
    *, case: Case, kind: str, content: bytes, name: str, user, task=None, proposal: Proposal | None = None
) -> CaseFile:
    """File a generated .docx in the case under its document kind, marked as a draft; the previous draft of the
    same kind (and nominee) gives way to it. The signed document, uploaded later, is what the checklist counts."""
    from ..casework.services import event_add

    doc_type = engine.kind_of(kind).doc_type
    with transaction.atomic():
        previous = case.files.filter(doc_type=doc_type, proposal=proposal, generated=True, removed_at__isnull=True)
        now = clock.now()
        previous.update(removed_at=now)
        record = CaseFile(
            case=case,
            task=task,
            proposal=proposal,
            doc_type=doc_type,
            name=filetypes.display_name(name, filetypes.DOCX),
            size=len(content),
            content_type=filetypes.DOCX.content_type,
            uploaded_by=user,
            uploaded_at=now,
            generated=True,
        )
        record.file.save(filetypes.storage_name(filetypes.DOCX), ContentFile(content), save=False)
        record.save()
        event_add(
            case=case,
            action=CaseEvent.Action.FILE_ADDED,
            actor=user,
            task=task,
            note=(gettext_noop("Tạo dự thảo “%(name)s” từ dữ liệu"), {"name": record.name}),
        )
    return record
