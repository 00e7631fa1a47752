"""Signing a PDF with the demo CA and reading its signatures back: a signed PDF verifies; one changed byte, or a page
replaced after signing, is reported; an unsigned or self-signed PDF is shown as such; a broken or hostile file gives
an "unreadable" result and never an exception."""

import datetime
import os
import re
import zlib
import zoneinfo

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils import timezone

from workflows.signatures import pki
from workflows.signatures.sign import SigningFailed, ascii_fold, sign_pdf
from workflows.signatures.verify import ENCRYPTED, UNREADABLE, verify_pdf

from .pdfs import PAGE_TEXT, bomb_page_pdf, encrypted_pdf, one_page_pdf, page_changed_after, self_signed_signer

SIGNER = pki.DemoSigner("truongban", "Nguyễn Văn Hùng", "Trưởng ban", "BQL KKT")


class _Person:
    def get_username(self):
        return SIGNER.username


@pytest.fixture(scope="module")
def pki_dir(tmp_path_factory):
    """One demo CA for the module's tests (RSA keys take a moment to make)."""
    return tmp_path_factory.mktemp("pki")


@pytest.fixture
def demo_ca(settings, pki_dir):
    settings.SIGNATURE_PKI_DIR = pki_dir
    ca, _key = pki.demo_ca_ensure()
    pki.demo_signer_ensure(SIGNER)
    return ca


@pytest.fixture
def signed(demo_ca):
    with pki.signer_for(_Person()) as signer:
        return sign_pdf(
            one_page_pdf(), signer=signer, name=SIGNER.full_name, title=SIGNER.title, reason="Ký quyết định"
        )


def test_the_demo_pki_is_made_once_and_kept(demo_ca, pki_dir):
    tmp_path = pki_dir
    assert demo_ca.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == pki.DEMO_CA_NAME
    assert demo_ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(files) == {"demo-ca.pem", "demo-ca-key.pem", "truongban.p12"}
    assert b"ENCRYPTED" in files["demo-ca-key.pem"], "the CA's key is kept encrypted with DEMO_PKI_PASSWORD"
    _key, cert, _more = pkcs12.load_key_and_certificates(files["truongban.p12"], b"tdkt-demo-pki")
    assert cert.issuer == demo_ca.subject

    pki.demo_ca_ensure()
    pki.demo_signer_ensure(SIGNER)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files, "a second run changes nothing"


def test_a_pdf_signed_with_the_demo_certificate_verifies(signed, demo_ca):
    before = timezone.now()
    [check] = verify_pdf(signed, trusted_roots=[demo_ca])

    assert check.signer_name == "Nguyễn Văn Hùng"
    assert check.intact and check.covers_whole_document and not check.modified_after
    assert check.trusted and not check.self_signed and not check.error
    assert abs((check.signed_at - before).total_seconds()) < 120
    assert b"/SubFilter /ETSI.CAdES.detached" in signed, "a PAdES signature"


def test_the_stamp_names_the_signer_title_and_time_on_the_last_page_lower_right(demo_ca):
    with pki.signer_for(_Person()) as signer:
        signed = sign_pdf(one_page_pdf(pages=2), signer=signer, name=SIGNER.full_name, title=SIGNER.title)
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(signed))
    [sig] = reader.embedded_signatures
    widget = sig.sig_field
    _left, bottom, right, _top = (float(v) for v in widget["/Rect"])
    assert widget.raw_get("/P").idnum == reader.root["/Pages"]["/Kids"].raw_get(1).idnum, "on the last page"
    assert right > 595 / 2 and bottom < 842 / 4 and right <= 595 and bottom >= 0, "lower right"
    # The stamp's lines in Vietnamese with their diacritics, in the embedded font (each line's text is also kept as
    # /ActualText, which is what a reader copies).
    appearance = widget["/AP"]["/N"]
    lines = _actual_text(appearance.data)
    # The font's widths are written in thousandths of an em, as a PDF reads them: a font drawn on a 2048 grid put in
    # as it is would print the stamp's letters spread apart (K is 1343 units wide on DejaVu's grid, 656 scaled).
    fonts = appearance["/Resources"]["/Font"]
    [font] = [fonts[name] for name in fonts if fonts[name]["/Subtype"] == "/Type0"]
    widths = [int(w) for part in font["/DescendantFonts"][0]["/W"] if isinstance(part, list) for w in part]
    assert widths and max(widths) < 1000, widths
    assert lines[:2] == [f"Ký bởi: {SIGNER.full_name}", SIGNER.title]
    shown = re.fullmatch(r"Thời gian: (\d\d/\d\d/\d{4} \d\d:\d\d)", lines[2]).group(1)
    at = datetime.datetime.strptime(shown, "%d/%m/%Y %H:%M").replace(tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert abs((timezone.now() - at).total_seconds()) < 120, "the time of signing, in Vietnam's time zone"


def _actual_text(stream: bytes) -> list[str]:
    """The /ActualText strings of an appearance stream (UTF-16 with a byte-order mark, PDF string escapes)."""
    found = []
    for raw in re.findall(rb"/ActualText \((.*?)(?<!\\)\)", stream, re.S):
        raw = re.sub(rb"\\(\d{3})", lambda m: bytes([int(m.group(1), 8)]), raw)
        raw = re.sub(rb"\\([()\\])", rb"\1", raw)
        raw = raw.replace(b"\\n", b"\n").replace(b"\\r", b"\r")
        found.append(raw.decode("utf-16"))
    return found


def test_the_stamp_box_can_be_set(demo_ca, settings):
    settings.SIGNATURE_STAMP_BOX = [300, 100, 540, 170]
    with pki.signer_for(_Person()) as signer:
        signed = sign_pdf(one_page_pdf(), signer=signer, name="A", title="B")
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    [sig] = PdfFileReader(BytesIO(signed)).embedded_signatures
    assert [round(float(v)) for v in sig.sig_field["/Rect"]] == [300, 100, 540, 170]


def test_one_byte_changed_in_the_signed_range_is_reported_modified(signed, demo_ca):
    at = signed.index(PAGE_TEXT)
    tampered = signed[:at] + b"X" + signed[at + 1 :]

    [check] = verify_pdf(tampered, trusted_roots=[demo_ca])

    assert not check.intact
    assert check.signer_name == "Nguyễn Văn Hùng", "who signed is still shown"


def test_a_page_replaced_after_signing_is_reported_modified_after(signed, demo_ca):
    [check] = verify_pdf(page_changed_after(signed), trusted_roots=[demo_ca])

    assert check.intact, "the bytes it signed are unchanged"
    assert not check.covers_whole_document and check.modified_after


def test_a_second_signature_does_not_make_the_first_one_modified(signed, demo_ca):
    with pki.signer_for(_Person()) as signer:
        twice = sign_pdf(signed, signer=signer, name=SIGNER.full_name, title=SIGNER.title)

    first, second = verify_pdf(twice, trusted_roots=[demo_ca])

    assert first.intact and not first.covers_whole_document and not first.modified_after
    assert second.intact and second.covers_whole_document


def test_an_unsigned_pdf_has_no_signatures(demo_ca):
    assert verify_pdf(one_page_pdf(), trusted_roots=[demo_ca]) == []


def test_a_self_signed_certificate_is_shown_self_signed_and_not_trusted(demo_ca):
    signed = sign_pdf(one_page_pdf(), signer=self_signed_signer("Nguoi tu ky"), name="Người tự ký", title="")

    [check] = verify_pdf(signed, trusted_roots=[demo_ca])

    assert check.self_signed and not check.trusted
    assert check.intact and check.signer_name == "Nguoi tu ky"


def test_nothing_is_trusted_without_a_configured_root(signed):
    [check] = verify_pdf(signed, trusted_roots=[])
    assert check.intact and not check.trusted


def _deeply_nested() -> bytes:
    return b"%PDF-1.4\n1 0 obj\n" + b"[" * 200_000 + b"]" * 200_000 + b"\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param(lambda signed: b"%PDF-1.7\n" + os.urandom(5000), id="garbage"),
        pytest.param(lambda signed: signed[: len(signed) // 2], id="truncated"),
        pytest.param(
            lambda signed: b"%PDF-1.4\n<html><script>alert(1)</script></html>\nPK\x03\x04" + os.urandom(300) + b"%%EOF",
            id="polyglot",
        ),
        pytest.param(
            lambda signed: signed.replace(signed[signed.index(b"/Contents <") + 11 :][:400], b"0" * 400, 1),
            id="signature-contents-zeroed",
        ),
        pytest.param(lambda signed: _deeply_nested(), id="deep-nesting"),
        pytest.param(lambda signed: b"", id="empty"),
    ],
)
def test_a_broken_or_hostile_file_is_unreadable_never_an_exception(signed, demo_ca, hostile):
    checks = verify_pdf(hostile(signed), trusted_roots=[demo_ca])

    assert [c.error for c in checks] in ([UNREADABLE], []), checks
    assert not any(c.intact or c.trusted for c in checks)


def test_a_signed_pdf_with_a_huge_compressed_stream_is_checked_without_inflating_it(demo_ca):
    """A page whose content inflates to 64 MB, signed, then replaced by an incremental update: the check reads the
    structure it needs and reports the change in well under a second, the stream left compressed."""
    import time

    bomb = zlib.compress(b"\0" * (64 * 1024 * 1024), 9)
    with pki.signer_for(_Person()) as signer:
        signed = sign_pdf(bomb_page_pdf(bomb), signer=signer, name="A", title="B")
    started = time.monotonic()
    [check] = verify_pdf(page_changed_after(signed), trusted_roots=[demo_ca])

    assert time.monotonic() - started < 5
    assert check.intact and check.modified_after


def test_an_encrypted_pdf_is_reported_and_not_signed(demo_ca):
    assert [c.error for c in verify_pdf(encrypted_pdf(), trusted_roots=[demo_ca])] == [ENCRYPTED]
    with pki.signer_for(_Person()) as signer, pytest.raises(SigningFailed, match="mã hóa"):
        sign_pdf(encrypted_pdf(), signer=signer, name="A", title="B")


def test_a_broken_file_cannot_be_signed(demo_ca):
    with pki.signer_for(_Person()) as signer, pytest.raises(SigningFailed):
        sign_pdf(b"%PDF-1.4\n" + os.urandom(2000), signer=signer, name="A", title="B")


def test_a_person_without_a_demo_certificate_cannot_sign(demo_ca):
    class Nobody:
        def get_username(self):
            return "khong.co.chung.thu"

    with pytest.raises(pki.SigningUnavailable, match="chưa có chứng thư số"), pki.signer_for(Nobody()):
        pass


def test_production_without_a_token_says_the_device_is_not_configured(demo_ca, settings):
    settings.SIGNATURE_BACKEND = "pkcs11"
    with pytest.raises(pki.SigningUnavailable, match="Chưa cấu hình thiết bị ký số"), pki.signer_for(_Person()):
        pass
    settings.SIGNATURE_BACKEND = "demo"
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(pki.SigningUnavailable, match="Chưa cấu hình thiết bị ký số"), pki.signer_for(_Person()):
        pass


def test_vietnamese_is_folded_for_the_standard_font():
    assert ascii_fold("Nguyễn Văn Hùng\nTrưởng ban Đức") == "Nguyen Van Hung\nTruong ban Duc"
