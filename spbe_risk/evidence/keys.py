"""Agency CA and auditor key files, for agencies without a BSrE-issued PKCS#12.

``init_ca`` makes a small offline CA (ECDSA P-256 or RSA-3072) whose private key is
encrypted at rest and readable only by its owner; ``issue_auditor`` gives an auditor a
certificate for signing (keyUsage digitalSignature + nonRepudiation, nothing else) in a
password-protected PKCS#12 — the same kind of file a BSrE certificate comes in, so the
rest of the tool treats both alike. ``describe`` summarises any certificate file.

Passwords are ``bytes`` passed in by the caller (the CLI reads them from a prompt or an
environment variable); this module never prints, logs or stores them.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spbe_risk.messages import N_, msg
from spbe_risk.problems import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    from cryptography import x509

ALGORITHMS = ("ecdsa-p256", "rsa-3072")
CA_CERT = "ca.pem"
CA_KEY = "ca-key.pem"
NIP_PATTERN = re.compile(r"[0-9]{18}")
MIN_PASSWORD = 8


@dataclass(frozen=True)
class CertSummary:
    """What ``keys show`` prints about one certificate."""

    subject: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime
    fingerprint_sha256: str
    key: str
    key_usage: tuple[str, ...]
    is_ca: bool
    has_private_key: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "issuer": self.issuer, "serial": self.serial,
                "not_before": _rfc3339(self.not_before), "not_after": _rfc3339(self.not_after),
                "fingerprint_sha256": self.fingerprint_sha256, "key": self.key,
                "key_usage": list(self.key_usage), "is_ca": self.is_ca,
                "has_private_key": self.has_private_key}


def _rfc3339(moment: dt.datetime) -> str:
    from spbe_risk.evidence.models import rfc3339

    return rfc3339(moment) or ""


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 fingerprint as colon-separated upper-case hex (as ``openssl x509`` shows)."""
    from cryptography.hazmat.primitives import hashes

    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def summarise(cert: x509.Certificate, has_private_key: bool = False) -> CertSummary:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    pub = cert.public_key()
    if isinstance(pub, rsa.RSAPublicKey):
        key = f"RSA-{pub.key_size}"
    elif isinstance(pub, ec.EllipticCurvePublicKey):
        key = f"ECDSA {pub.curve.name}"
    else:
        key = type(pub).__name__
    usages: list[str] = []
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        for attr, label in (("digital_signature", "digitalSignature"),
                            ("content_commitment", "nonRepudiation"),
                            ("key_cert_sign", "keyCertSign"), ("crl_sign", "cRLSign"),
                            ("key_encipherment", "keyEncipherment")):
            if getattr(ku, attr):
                usages.append(label)
    except x509.ExtensionNotFound:
        pass
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    return CertSummary(subject=name_text(cert.subject),
                       issuer=name_text(cert.issuer),
                       serial=format(cert.serial_number, "X"),
                       not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
                       fingerprint_sha256=fingerprint(cert), key=key, key_usage=tuple(usages),
                       is_ca=is_ca, has_private_key=has_private_key)


def _new_key(algorithm: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if algorithm == "ecdsa-p256":
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "rsa-3072":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    raise ValueError(f"algorithm: expected one of {', '.join(ALGORITHMS)}, found {algorithm!r}")


def _algorithm_of(key: Any) -> str:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return "rsa-3072" if isinstance(key, rsa.RSAPrivateKey) else "ecdsa-p256"


def _check_new_password(password: bytes, what: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError([Problem(what, 0, 0, msg(N_(
            "kata sandi terlalu pendek: diharapkan paling sedikit %(n)d karakter"), n=MIN_PASSWORD))])


def _serial() -> int:
    return secrets.randbits(127) | (1 << 126)      # positive, 16 bytes, high bit clear


def _write_private(path: Path, data: bytes) -> None:
    from spbe_risk.atomic import write_bytes

    write_bytes(path, data, perms=0o600)


def init_ca(out_dir: str | os.PathLike[str], name: str, password: bytes, *,
            algorithm: str = "ecdsa-p256", organisation: str | None = None,
            days: int = 3650, now: dt.datetime | None = None) -> CertSummary:
    """Create ``ca.pem`` and the encrypted ``ca-key.pem`` (mode 0600) in ``out_dir``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    out = Path(out_dir)
    _check_new_password(password, str(out / CA_KEY))
    for existing in (out / CA_CERT, out / CA_KEY):
        if existing.exists():
            raise InputError([Problem(str(existing), 0, 0, msg(N_(
                "sudah ada; CA tidak akan ditimpa")))])
    if not name.strip():
        raise InputError([Problem("--name", 0, 0, msg(N_("diharapkan nama CA, ditemukan kosong")))])
    key = _new_key(algorithm)
    now = now or dt.datetime.now(dt.UTC)
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"))
    subject = x509.Name(attrs)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(_serial())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256()))
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    _write_private(out / CA_KEY, key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password)))
    from spbe_risk.atomic import write_bytes
    write_bytes(out / CA_CERT, cert.public_bytes(serialization.Encoding.PEM))
    return summarise(cert)


def load_ca(ca_dir: str | os.PathLike[str], password: bytes) -> tuple[Any, x509.Certificate]:
    """The CA's private key and certificate; wrong password or damaged files → InputError."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    base = Path(ca_dir)
    cert_path, key_path = base / CA_CERT, base / CA_KEY
    for p in (cert_path, key_path):
        if not p.is_file():
            raise InputError([Problem(str(p), 0, 0, msg(N_(
                "tidak ditemukan; diharapkan folder CA yang dibuat `spbe-risk keys init-ca`")))])
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except ValueError:
        raise InputError([Problem(str(cert_path), 0, 0, msg(N_(
            "diharapkan sertifikat PEM, ditemukan isi lain")))]) from None
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=password)
    except (ValueError, TypeError):
        raise InputError([Problem(str(key_path), 0, 0, msg(N_(
            "tidak dapat mendekripsi kunci CA: kata sandi salah atau berkas rusak")))]) from None
    if key.public_key().public_bytes(serialization.Encoding.DER,
                                      serialization.PublicFormat.SubjectPublicKeyInfo) != \
            cert.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo):
        raise InputError([Problem(str(key_path), 0, 0, msg(N_(
            "kunci bukan milik %(cert)s"), cert=str(cert_path)))])
    return key, cert


def issue_auditor(ca_dir: str | os.PathLike[str], ca_password: bytes, *, name: str, nip: str,
                  organisation: str, out: str | os.PathLike[str], password: bytes,
                  algorithm: str | None = None, days: int = 730, email: str | None = None,
                  now: dt.datetime | None = None, force: bool = False) -> CertSummary:
    """Issue an auditor signing certificate and write it with its key and the CA
    certificate as a password-protected PKCS#12 (mode 0600)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    problems = []
    if not NIP_PATTERN.fullmatch(nip):
        problems.append(Problem("--nip", 0, 0, msg(N_(
            "diharapkan NIP 18 angka, ditemukan %(found)s"), found=repr(nip))))
    if not name.strip():
        problems.append(Problem("--name", 0, 0, msg(N_(
            "diharapkan nama auditor, ditemukan kosong"))))
    if not organisation.strip():
        problems.append(Problem("--lembaga", 0, 0, msg(N_(
            "diharapkan nama lembaga, ditemukan kosong"))))
    out_path = Path(out)
    if out_path.exists() and not force:
        problems.append(Problem(str(out_path), 0, 0, msg(N_(
            "sudah ada; pakai --force untuk menggantinya"))))
    if problems:
        raise InputError(problems)
    _check_new_password(password, str(out_path))
    ca_key, ca_cert = load_ca(ca_dir, ca_password)
    key = _new_key(algorithm or _algorithm_of(ca_key))
    now = now or dt.datetime.now(dt.UTC)
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name),
             x509.NameAttribute(NameOID.SERIAL_NUMBER, nip),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
             x509.NameAttribute(NameOID.COUNTRY_NAME, "ID")]
    not_after = min(now + dt.timedelta(days=days), ca_cert.not_valid_after_utc)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name(attrs)).issuer_name(ca_cert.subject)
               .public_key(key.public_key()).serial_number(_serial())
               .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=False,
                                            crl_sign=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   ca_key.public_key()), critical=False))
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]),
                                        critical=False)
    cert = builder.sign(ca_key, hashes.SHA256())
    data = pkcs12.serialize_key_and_certificates(name.encode("utf-8"), key, cert, [ca_cert],
                                                 BestAvailableEncryption(password))
    _write_private(out_path, data)
    return summarise(cert, has_private_key=True)


def read_certificates(path: str | os.PathLike[str],
                      password: bytes | None = None) -> list[CertSummary]:
    """Summaries of the certificates in a PEM/DER certificate file or a PKCS#12 (the key's
    own certificate first). A PKCS#12 that needs a password and got none or a wrong one →
    :class:`PasswordNeeded`."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    p = Path(path)
    data = p.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            return [summarise(c) for c in x509.load_pem_x509_certificates(data)]
        except ValueError:
            raise InputError([Problem(str(p), 0, 0, msg(N_("sertifikat PEM rusak")))]) from None
    try:
        return [summarise(x509.load_der_x509_certificate(data))]
    except ValueError:
        pass
    try:
        bundle = pkcs12.load_pkcs12(data, password)
    except (ValueError, TypeError):
        if password is None:
            raise PasswordNeeded(str(p)) from None
        raise InputError([Problem(str(p), 0, 0, msg(N_(
            "tidak dapat membuka: kata sandi salah, atau bukan berkas sertifikat atau PKCS#12")))]) from None
    out = []
    if bundle.cert is not None:
        out.append(summarise(bundle.cert.certificate, has_private_key=bundle.key is not None))
    out.extend(summarise(c.certificate) for c in bundle.additional_certs)
    if not out:
        raise InputError([Problem(str(p), 0, 0, msg(N_("PKCS#12 tidak memuat sertifikat")))])
    return out


class PasswordNeeded(Exception):
    """The file is (probably) a PKCS#12 that needs a password to be read."""


def name_text(name: x509.Name) -> str:
    """A certificate name as RFC 4514 text with the attribute names people know
    (``serialNumber=…`` — the NIP on an Indonesian signing certificate —, not ``2.5.4.5=…``),
    as pdfsig and openssl print them. For reading only: an approval statement keeps the
    plain ``rfc4514_string()`` it was signed with."""
    from cryptography.x509.oid import NameOID

    return name.rfc4514_string({NameOID.SERIAL_NUMBER: "serialNumber",
                                NameOID.ORGANIZATION_IDENTIFIER: "organizationIdentifier",
                                NameOID.EMAIL_ADDRESS: "emailAddress",
                                NameOID.GIVEN_NAME: "givenName", NameOID.SURNAME: "surname",
                                NameOID.TITLE: "title"})


def subject_text(cert: Any) -> str:
    """:func:`name_text` of an asn1crypto/pyHanko certificate's subject (its own
    ``human_friendly`` form labels the parts in English: "Common Name: …")."""
    from cryptography import x509

    return name_text(x509.load_der_x509_certificate(cert.dump()).subject)
