"""Kiểm tra chữ ký số của một tệp PDF: who signed, when, whether the signed bytes are unchanged, whether anything
was added after signing, whether the certificate chains to a root the agency trusts.

Uploads come from anyone, so the reading is defensive: pyHanko's decode limits for untrusted input, no network
(no OCSP, CRL or certificate fetching: a hostile certificate's URLs are never followed), at most MAX_SIGNATURES
signatures judged and the difference analysis only for files of at most MAX_REVISIONS_DIFFED revisions (past
that, changes after a signature are reported as changes). Whatever pyHanko cannot read becomes a "không đọc
được chữ ký" result; nothing raises to the caller.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from io import BytesIO

from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives import serialization

log = logging.getLogger(__name__)

MAX_SIGNATURES = 10
MAX_REVISIONS_DIFFED = 12


@dataclass(frozen=True)
class SignatureCheck:
    """What one signature of a PDF says. `error` is set (and the rest is empty) when it could not be read."""

    signer_name: str = ""
    signed_at: datetime.datetime | None = None
    intact: bool = False  # the bytes it covers are unchanged and the signature is mathematically valid
    covers_whole_document: bool = False  # nothing at all was added after it
    modified_after: bool = False  # something other than later signatures or form filling was added after it
    trusted: bool = False  # its certificate chains to one of the trusted roots
    self_signed: bool = False
    error: str = ""

    @property
    def readable(self) -> bool:
        return not self.error


UNREADABLE = "unreadable"
ENCRYPTED = "encrypted"


def _unreadable(code: str = UNREADABLE) -> SignatureCheck:
    return SignatureCheck(error=code)


def _as_asn1(certs) -> list:
    from asn1crypto import x509 as asn1_x509

    out = []
    for cert in certs:
        if isinstance(cert, pyca_x509.Certificate):
            cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        out.append(cert)
    return out


def _common_name(cert) -> str:
    try:
        subject = cert.subject.native
    except ValueError:
        return ""
    name = subject.get("common_name") or subject.get("organization_name") or ""
    if isinstance(name, list):
        name = name[0] if name else ""
    return "".join(ch for ch in str(name) if ch.isprintable())[:255]


def _self_signed(cert) -> bool:
    try:
        return cert.self_signed in ("yes", "maybe") or cert.self_issued
    except ValueError:
        return False


def _one(sig, roots, revisions: int) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.registry import SimpleTrustManager

    context = ValidationContext(
        trust_manager=SimpleTrustManager.build(trust_roots=roots),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    status = validate_pdf_signature(sig, context, skip_diff=revisions > MAX_REVISIONS_DIFFED)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    benign_later = level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
    cert = status.signing_cert
    self_signed = _self_signed(cert)
    signed_at = status.signer_reported_dt
    return SignatureCheck(
        signer_name=_common_name(cert),
        signed_at=signed_at if isinstance(signed_at, datetime.datetime) else None,
        intact=bool(status.intact and status.valid),
        covers_whole_document=whole,
        modified_after=not whole and not (benign_later and status.docmdp_ok is not False),
        trusted=bool(status.trusted),
        self_signed=self_signed,
    )


def verify_pdf(pdf: bytes, *, trusted_roots: list) -> list[SignatureCheck]:
    """One check per signature of the PDF, in the order they were made; [] when it has none. `trusted_roots` are
    X.509 certificates (cryptography's or asn1crypto's); an empty list trusts nothing (never the system's list)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        roots = _as_asn1(trusted_roots)
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        if reader.encrypted:
            return [_unreadable(ENCRYPTED)]
        signatures = list(reader.embedded_signatures)
        revisions = reader.xrefs.total_revisions
    except Exception as exc:  # hostile or broken input: whatever pyHanko raises on it
        log.info("PDF unreadable for its signatures: %s", type(exc).__name__)
        return [_unreadable()]
    checks = []
    for sig in signatures[:MAX_SIGNATURES]:
        try:
            checks.append(_one(sig, roots, revisions))
        except Exception as exc:
            log.info("PDF signature unreadable: %s", type(exc).__name__)
            checks.append(_unreadable())
    return checks
