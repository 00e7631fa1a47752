"""Where signing keys come from: the demo's certificate authority (PKCS#12 files) or a PKCS#11 token.

The demo CA is made by the product for the demo and the tests only: its name says so, it is never a real CA,
and production settings refuse to sign with it. In production the key stays on the agency's token (chứng thư số
chuyên dùng Chính phủ on a USB token or an HSM), reached through PKCS#11 with the settings documented in the README.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils.translation import gettext as _

DEMO_CA_NAME = "TDKT DEMO CA – KHÔNG DÙNG THẬT"
CA_CERT_FILE = "demo-ca.pem"
CA_KEY_FILE = "demo-ca-key.pem"
KEY_SIZE = 2048
CA_YEARS = 10
SIGNER_YEARS = 3
# Usernames as Django allows them; anything else never becomes a file name.
_USERNAME = re.compile(r"^[A-Za-z0-9@+_-][A-Za-z0-9.@+_-]{0,149}$")


class SigningUnavailable(Exception):
    """No key to sign with for this person (no demo certificate, no token configured); the message says which."""


@dataclass(frozen=True)
class DemoSigner:
    """One person the demo CA issues a certificate to."""

    username: str
    full_name: str
    title: str
    organisation: str


def pki_dir() -> Path:
    return Path(getattr(settings, "SIGNATURE_PKI_DIR", "") or Path(settings.VAR_DIR) / "pki")


def _password() -> bytes:
    return settings.DEMO_PKI_PASSWORD.encode()


def _name(common_name: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(parts)


def _now() -> datetime.datetime:
    # The real clock, not the demo's pinned day: a certificate must be valid when the signature is checked.
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _ca_build(directory: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    now = _now()
    name = _name(DEMO_CA_NAME, "TDKT – dữ liệu trình diễn")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    key_path = directory / CA_KEY_FILE
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(_password()),
        )
    )
    key_path.chmod(0o600)
    (directory / CA_CERT_FILE).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def demo_ca_ensure(directory: Path | None = None) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """The demo CA's certificate and key, made on first use and read afterwards (safe to call twice)."""
    directory = directory or pki_dir()
    cert_path, key_path = directory / CA_CERT_FILE, directory / CA_KEY_FILE
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=_password())
        if cert.not_valid_after_utc > _now() + datetime.timedelta(days=30):
            return cert, key
    return _ca_build(directory)


def demo_ca_certificate(directory: Path | None = None) -> x509.Certificate | None:
    """The demo CA's certificate if it was made (nothing is created here)."""
    path = (directory or pki_dir()) / CA_CERT_FILE
    return x509.load_pem_x509_certificate(path.read_bytes()) if path.exists() else None


def _signer_path(directory: Path, username: str) -> Path:
    if not _USERNAME.match(username or ""):
        raise SigningUnavailable(
            _("Tên đăng nhập “%(name)s” không dùng được làm tên tệp chứng thư.") % {"name": username}
        )
    return directory / f"{username}.p12"


def _issued_by(p12_path: Path, ca: x509.Certificate) -> bool:
    try:
        _key, cert, _extra = pkcs12.load_key_and_certificates(p12_path.read_bytes(), _password())
    except (ValueError, OSError):
        return False
    return (
        cert is not None
        and cert.issuer == ca.subject
        and cert.not_valid_after_utc > _now() + datetime.timedelta(days=30)
        and _verifies(cert, ca)
    )


def _verifies(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def demo_signer_ensure(signer: DemoSigner, directory: Path | None = None) -> Path:
    """The person's PKCS#12 file issued by the demo CA (made once; made again if the CA changed)."""
    directory = directory or pki_dir()
    ca_cert, ca_key = demo_ca_ensure(directory)
    path = _signer_path(directory, signer.username)
    if path.exists() and _issued_by(path, ca_cert):
        return path
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    now = _now()
    subject = x509.Name(
        [
            *_name(signer.full_name, signer.organisation),
            x509.NameAttribute(NameOID.TITLE, signer.title[:64] or "-"),
            x509.NameAttribute(NameOID.USER_ID, signer.username),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * SIGNER_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=signer.username.encode(),
            key=key,
            cert=cert,
            cas=[ca_cert],
            encryption_algorithm=serialization.BestAvailableEncryption(_password()),
        )
    )
    path.chmod(0o600)
    return path


def _demo_signer(username: str):
    from pyhanko.sign import signers

    if not getattr(settings, "DEMO_DATA_ALLOWED", False):
        raise SigningUnavailable(_("Chưa cấu hình thiết bị ký số."))
    directory = pki_dir()
    path = _signer_path(directory, username)
    if not path.exists():
        raise SigningUnavailable(
            _("Tài khoản “%(name)s” chưa có chứng thư số trình diễn (chạy manage.py demo_pki).") % {"name": username}
        )
    signer = signers.SimpleSigner.load_pkcs12_data(path.read_bytes(), other_certs=[], passphrase=_password())
    if signer is None:
        raise SigningUnavailable(_("Không mở được tệp chứng thư số của tài khoản “%(name)s”.") % {"name": username})
    return signer


@contextlib.contextmanager
def _token_signer() -> Iterator[object]:
    try:
        from pyhanko.config.pkcs11 import PKCS11SignatureConfig, TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11SigningContext
    except ImportError as exc:  # python-pkcs11 is not installed
        raise SigningUnavailable(_("Chưa cấu hình thiết bị ký số.")) from exc
    module = settings.SIGNATURE_PKCS11_MODULE
    if not module or not Path(module).exists():
        raise SigningUnavailable(_("Chưa cấu hình thiết bị ký số."))
    config = PKCS11SignatureConfig(
        module_path=module,
        token_criteria=TokenCriteria(label=settings.SIGNATURE_PKCS11_TOKEN_LABEL or None),
        key_label=settings.SIGNATURE_PKCS11_KEY_LABEL or None,
        cert_label=settings.SIGNATURE_PKCS11_CERT_LABEL or settings.SIGNATURE_PKCS11_KEY_LABEL or None,
        user_pin=settings.SIGNATURE_PKCS11_PIN or None,
    )
    with PKCS11SigningContext(config) as signer:
        yield signer


@contextlib.contextmanager
def signer_for(user) -> Iterator[object]:
    """The pyHanko signer holding this person's key, for the time of one signature."""
    if settings.SIGNATURE_BACKEND == "pkcs11":
        with _token_signer() as signer:
            yield signer
        return
    yield _demo_signer(user.get_username())
