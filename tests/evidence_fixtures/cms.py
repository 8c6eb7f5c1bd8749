"""Signatures and certificates a hostile or careless signer could make: a CMS signature
with any claimed signing time, certificates with any validity and any extensions, and
re-sealing a bundle with them (the ZIP stays canonical, so only the signature differs)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from asn1crypto import algos, cms, core
from asn1crypto import x509 as a509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from evidence_fixtures.helpers import CA_PW, pki, read_entries, write_entries
from spbe_risk.evidence.manifest import format_manifest
from spbe_risk.evidence.signing import Signer


def _ca() -> tuple[object, x509.Certificate]:
    ca_dir = pki().ca_dir
    key = serialization.load_pem_private_key((ca_dir / "ca-key.pem").read_bytes(), CA_PW)
    cert = x509.load_pem_x509_certificate((ca_dir / "ca.pem").read_bytes())
    return key, cert


def issue(*, not_before: dt.datetime, not_after: dt.datetime, ca: bool = False,
          key_cert_sign: bool = False, name: str = "Budi Santoso") -> Signer:
    """A P-256 signer certified by the test CA, with the validity and extensions asked."""
    ca_key, ca_cert = _ca()
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
               .issuer_name(ca_cert.subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(True, True, False, False, False, key_cert_sign,
                                            False, False, False), critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   ca_cert.public_key()), critical=False)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False))
    return Signer(key, builder.sign(ca_key, hashes.SHA256()), ())


def sign_at(content: bytes, signer: Signer, when: dt.datetime) -> bytes:
    """A detached CMS signature in the strict form of profile 1.0 whose signed
    signingTime attribute claims ``when``."""
    cert = a509.Certificate.load(signer.certificate.public_bytes(serialization.Encoding.DER))
    attrs = cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        cms.CMSAttribute({"type": "signing_time",
                          "values": [cms.Time({"utc_time": core.UTCTime(when)})
                                     if when.year < 2050 else
                                     cms.Time({"generalized_time": core.GeneralizedTime(when)})]}),
        cms.CMSAttribute({"type": "message_digest",
                          "values": [hashlib.sha256(content).digest()]}),
    ])
    to_sign = attrs.dump()
    if isinstance(signer.key, rsa.RSAPrivateKey):
        sig = signer.key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
        sig_algo = "sha256_rsa"
    else:
        sig = signer.key.sign(to_sign, ec.ECDSA(hashes.SHA256()))
        sig_algo = "sha256_ecdsa"
    digest = algos.DigestAlgorithm({"algorithm": "sha256"})
    info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": digest,
        "signed_attrs": attrs,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": sig_algo}),
        "signature": sig,
    })
    signed = cms.SignedData({
        "version": "v1", "digest_algorithms": [digest],
        "encap_content_info": {"content_type": "data"},
        "certificates": [cert], "signer_infos": [info],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump(force=True)


def reseal_at(bundle: Path, out: Path, signer: Signer, signing_time: dt.datetime,
              bagging: dt.datetime | None = None) -> Path:
    """``bundle`` with bag-info's Bagging-Date/-Timestamp set to ``bagging`` (default the
    signing time) and signed by ``signer`` claiming ``signing_time``."""
    bagging = bagging or signing_time
    entries = dict(read_entries(bundle))
    top = next(n for n in entries if n.endswith("/bagit.txt")).split("/")[0] + "/"
    lines = entries[top + "bag-info.txt"].decode().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Bagging-Date: "):
            lines[i] = "Bagging-Date: " + bagging.strftime("%Y-%m-%d")
        elif line.startswith("Bagging-Timestamp: "):
            lines[i] = "Bagging-Timestamp: " + bagging.strftime("%Y-%m-%dT%H:%M:%SZ")
    entries[top + "bag-info.txt"] = ("\n".join(lines) + "\n").encode()
    tag = format_manifest({rel: hashlib.sha256(entries[top + rel]).hexdigest()
                           for rel in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")})
    entries[top + "tagmanifest-sha256.txt"] = tag
    entries[top + "signatures/tagmanifest-sha256.txt.p7s"] = sign_at(tag, signer, signing_time)
    write_entries(out, sorted(entries.items()))
    return out
