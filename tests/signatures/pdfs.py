"""PDFs and keys for the signature tests: a one-page document made with pyHanko's writer, the demo CA's signers,
a self-signed certificate, and an incremental update that changes the page after signing."""

from __future__ import annotations

import datetime
from io import BytesIO

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import signers

PAGE_TEXT = b"Quyet dinh khen thuong so 05/QD-BQL"


def one_page_pdf(text: bytes = PAGE_TEXT, pages: int = 1) -> bytes:
    """An A4 PDF whose page shows `text` (an uncompressed content stream, so a test can find its bytes)."""
    writer = PdfFileWriter()
    font = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Font"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
            generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
        }
    )
    for _n in range(pages):
        content = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"))
        resources = generic.DictionaryObject(
            {generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name("/F1"): font})}
        )
        writer.insert_page(PageObject(contents=content, media_box=[0, 0, 595, 842], resources=resources))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A one-page PDF encrypted with an owner password (it opens without one, as many "protected" PDFs do)."""
    writer = PdfFileWriter()
    content = writer.add_object(generic.StreamObject(stream_data=b"BT ET"))
    writer.insert_page(PageObject(contents=content, media_box=[0, 0, 595, 842]))
    writer.encrypt("chu-so-huu", "")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def bomb_page_pdf(compressed: bytes) -> bytes:
    """A one-page PDF whose page content is `compressed`, declared FlateDecode (a decompression bomb if it is one)."""
    writer = PdfFileWriter()
    stream = generic.StreamObject(
        {generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode")}, encoded_data=compressed
    )
    writer.insert_page(PageObject(contents=writer.add_object(stream), media_box=[0, 0, 595, 842]))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def page_changed_after(signed: bytes) -> bytes:
    """The signed PDF with an incremental update appended that replaces the page's text (what an editor saving
    over a signed document does): the signed bytes are untouched, the document shown is not."""
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    page[generic.pdf_name("/Contents")] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (Quyet dinh da bi sua) Tj ET")
    )
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def self_signed_signer(common_name: str = "Nguoi tu ky") -> signers.SimpleSigner:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name=b"x", key=key, cert=cert, cas=None, encryption_algorithm=serialization.NoEncryption()
    )
    return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=None)
