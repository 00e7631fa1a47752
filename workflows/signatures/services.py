"""Writes about signatures: checking a case file's signatures, signing a case file, the agency's trusted roots.

Checking runs synchronously when a PDF is attached (about 20–60 ms for a one-signature document of a few pages;
the difference analysis grows with the revisions after a signature, capped in verify.py). Signing opens the
signer's key for one signature (pki.signer_for) and stores the signed copy beside the original.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from people import clock
from people.selectors import staff_of_user

from .. import files as filetypes
from .models import FileSignature, TrustedCertificate
from .pki import SigningUnavailable, signer_for
from .selectors import may_sign
from .sign import SigningFailed, sign_pdf, signing_block_place
from .verify import verify_pdf

PEM_MARKER = b"-----BEGIN CERTIFICATE-----"


# --- trusted roots ----------------------------------------------------------------------------------


def certificate_parse(data: bytes, *, name: str = "") -> x509.Certificate:
    """One X.509 CA certificate from PEM or DER bytes; a Vietnamese message naming the file when it is not one."""
    label = name or _("tệp chứng thư")
    try:
        if PEM_MARKER in data[:4096]:
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ValidationError(
            _("“%(name)s” không phải là chứng thư số X.509 (định dạng PEM hoặc DER).") % {"name": label},
            code="not_certificate",
        ) from exc
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        is_ca = constraints.ca
    except (x509.ExtensionNotFound, ValueError):
        is_ca = False
    if not is_ca:
        raise ValidationError(
            _(
                "“%(name)s” là chứng thư của người ký, không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực "
                "(CA): chỉ thêm chứng thư gốc hoặc chứng thư CA làm chứng thư tin cậy."
            )
            % {"name": label},
            code="not_ca",
        )
    return cert


def certificate_fields(cert: x509.Certificate) -> dict:
    der = cert.public_bytes(serialization.Encoding.DER)
    return {
        "der": der,
        "subject": cert.subject.rfc4514_string()[:500],
        "fingerprint": hashlib.sha256(der).hexdigest(),
        "not_after": cert.not_valid_after_utc,
    }


def trusted_certificate_add(*, name: str, cert: x509.Certificate) -> TrustedCertificate:
    """Trust a root for the agency in scope; adding the same certificate again changes nothing."""
    fields = certificate_fields(cert)
    existing = TrustedCertificate.objects.filter(fingerprint=fields["fingerprint"]).first()
    if existing is not None:
        return existing
    return TrustedCertificate.objects.create(name=name[:255], **fields)


def trusted_roots() -> list[x509.Certificate]:
    """The active roots of the agency in scope."""
    return [
        x509.load_der_x509_certificate(bytes(der))
        for der in TrustedCertificate.objects.filter(is_active=True).values_list("der", flat=True)
    ]


# --- checking a case file ----------------------------------------------------------------------------


def file_signatures_check(*, record) -> list[FileSignature]:
    """Check the signatures of one PDF of a case and keep what was found (replacing an earlier check); a file that
    is not a PDF has none to check. Never raises on the file's content."""
    if record.content_type != filetypes.PDF.content_type:
        return []
    data = b""  # read as unreadable: a file the upload limit would have refused, or one gone from the storage
    if record.size <= settings.UPLOAD_MAX_MB * 1024 * 1024:
        try:
            with record.file.open("rb") as handle:
                data = handle.read(settings.UPLOAD_MAX_MB * 1024 * 1024 + 1)
        except OSError:
            data = b""
    checks = verify_pdf(data, trusted_roots=trusted_roots() if data else [])
    now = clock.now()
    rows = [
        FileSignature(
            file=record,
            agency_id=record.agency_id,
            position=n,
            status=FileSignature.Status.UNREADABLE if check.error else FileSignature.Status.SIGNED,
            signer_name=check.signer_name,
            signed_at=check.signed_at,
            intact=check.intact,
            covers_whole=check.covers_whole_document,
            modified_after=check.modified_after,
            trusted=check.trusted,
            self_signed=check.self_signed,
            error=check.error,
            checked_at=now,
        )
        for n, check in enumerate(checks)
    ] or [FileSignature(file=record, agency_id=record.agency_id, status=FileSignature.Status.UNSIGNED, checked_at=now)]
    with transaction.atomic():
        FileSignature.objects.filter(file=record).delete()
        return FileSignature.objects.bulk_create(rows)


# --- signing a case file ------------------------------------------------------------------------------


def _signed_name(name: str) -> str:
    stem = PurePath(name).stem or _("tep-dinh-kem")
    return filetypes.display_name(f"{stem} ({_('đã ký số')}).pdf", filetypes.PDF)


def case_file_sign(*, record, user, actor, at_signing_block: bool = False):
    """Sign one PDF of a case with the person's key and keep the signed copy as a new file of the same kind
    (the original stays); the timeline says who signed what. Raises PermissionDenied for whoever may not sign,
    ValidationError with the reason when it cannot be signed. `at_signing_block`: a document the product wrote
    gets the stamp over the signer's name in its signing block."""
    from ..casework.services import event_add
    from ..models import Case, CaseEvent, CaseFile

    if not may_sign(actor=actor, record=record):
        raise PermissionDenied(_("Anh/chị không được ký số tài liệu này."))
    staff = staff_of_user(user)
    name = staff.full_name if staff else (user.get_full_name() or user.get_username())
    title = staff.position if staff else ""
    try:
        with record.file.open("rb") as handle:
            original = handle.read(settings.UPLOAD_MAX_MB * 1024 * 1024 + 1)
    except OSError as exc:
        raise ValidationError(_("Không đọc được tệp “%(name)s” trong kho lưu trữ.") % {"name": record.name}) from exc
    try:
        # What goes into the document (its stamp, its reason) is in Vietnamese whatever the signer's page language.
        place = signing_block_place(original, name=name) if at_signing_block else None
        with signer_for(user) as signer, translation.override("vi"):
            signed = sign_pdf(
                original,
                signer=signer,
                name=name,
                title=title,
                reason=_("Ký số %(kind)s") % {"kind": record.doc_type_label},
                location=record.case.agency.place_name if record.case.agency_id else "",
                place=place,
            )
    except (SigningUnavailable, SigningFailed) as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=record.case_id)
        copy = CaseFile(
            case=case,
            proposal=record.proposal,
            doc_type=record.doc_type,
            name=_signed_name(record.name),
            size=len(signed),
            content_type=filetypes.PDF.content_type,
            uploaded_by=user,
        )
        copy.file.save(filetypes.storage_name(filetypes.PDF), ContentFile(signed), save=False)
        copy.save()
        file_signatures_check(record=copy)
        event_add(
            case=case,
            action=CaseEvent.Action.FILE_SIGNED,
            actor=user,
            note=(
                gettext_noop("Ký số “%(name)s”; bản đã ký: “%(signed)s”"),
                {"name": record.name, "signed": copy.name},
            ),
        )
    return copy
