"""Detached CMS SignedData made through the signer interface, and its timestamp.

The CMS is built here (asn1crypto) rather than by a library that wants the private key,
so any :class:`~spbe_risk.signing.signer.Signer` — local or remote — can sign: the
signer only ever sees the SHA-256 of the DER signed attributes. The form is the strict
one the bundle verifier requires (DER, one digest algorithm, id-data, no CRLs), with the
signed attributes contentType, signingTime, messageDigest and signingCertificateV2
(ESSCertIDv2, so the certificate cannot be swapped for another with the same key).

An RFC 3161 token over the signature value goes in the one unsigned attribute
id-aa-signatureTimeStampToken (:func:`with_timestamp`).

Layer: shell (signatures). ``asn1crypto`` lazily.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from spbe_risk.signing.signer import Signer


def _a509(cert: Any) -> Any:
    from asn1crypto import x509 as a509

    from spbe_risk.signing.local import der

    return a509.Certificate.load(der(cert))


def _time(moment: dt.datetime) -> Any:
    from asn1crypto import cms, core

    if 1950 <= moment.year < 2050:
        return cms.Time({"utc_time": core.UTCTime(moment)})
    return cms.Time({"generalized_time": core.GeneralizedTime(moment)})


def signed_attributes(content_digest: bytes, signing_time: dt.datetime, cert: Any) -> Any:
    """The CMSAttributes a detached signature signs (order is DER-sorted on dump)."""
    from asn1crypto import algos, cms, tsp
    from asn1crypto import x509 as a509

    ess = tsp.SigningCertificateV2({"certs": [tsp.ESSCertIDv2({
        "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
        "cert_hash": hashlib.sha256(cert.dump()).digest(),
        "issuer_serial": {"issuer": [a509.GeneralName(name="directory_name",
                                                       value=cert.issuer)],
                          "serial_number": cert.serial_number}})]})
    return cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        cms.CMSAttribute({"type": "signing_time", "values": [_time(signing_time)]}),
        cms.CMSAttribute({"type": "message_digest", "values": [content_digest]}),
        cms.CMSAttribute({"type": "signing_certificate_v2", "values": [ess]}),
    ])


def detached_cms(content: bytes | None, signer: Signer, *,
                 content_digest: bytes | None = None,
                 signing_time: dt.datetime | None = None) -> bytes:
    """DER CMS SignedData over ``content`` (or its SHA-256 ``content_digest``), detached,
    SHA-256, the signer's certificate and chain embedded (exactly those)."""
    from asn1crypto import algos, cms

    digest = content_digest if content_digest is not None else hashlib.sha256(
        content or b"").digest()
    when = (signing_time or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    made = signer.detached_cms(digest, when)
    if made is not None:
        return made
    cert = _a509(signer.certificate)
    attrs = signed_attributes(digest, when, cert)
    value = signer.sign_digest(hashlib.sha256(attrs.dump()).digest(), "sha256")
    sig_algo = {"rsa": "sha256_rsa", "ecdsa": "sha256_ecdsa"}[signer.key_algorithm]
    sha256 = algos.DigestAlgorithm({"algorithm": "sha256"})
    info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": sha256,
        "signed_attrs": attrs,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": sig_algo}),
        "signature": value,
    })
    signed = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [sha256],
        "encap_content_info": {"content_type": "data"},
        "certificates": [cert, *(_a509(c) for c in signer.chain)],
        "signer_infos": [info],
    })
    out = cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
    embedded = cms.ContentInfo.load(out)["content"]["certificates"]
    if len(embedded) != 1 + len(signer.chain):
        raise RuntimeError(f"CMS embeds {len(embedded)} certificates, expected "
                           f"{1 + len(signer.chain)}")
    return out


def signature_value(signature: bytes) -> bytes:
    """The signer's signature value (what an RFC 3161 token over a CMS signature covers)."""
    from asn1crypto import cms

    return cms.ContentInfo.load(signature)["content"]["signer_infos"][0]["signature"].native


def timestamp_token(signature: bytes) -> bytes | None:
    """The DER id-aa-signatureTimeStampToken of the (single) signer, or None."""
    from asn1crypto import cms

    info = cms.ContentInfo.load(signature)["content"]["signer_infos"][0]
    for attr in info["unsigned_attrs"] or []:
        if attr["type"].native == "signature_time_stamp_token":
            return attr["values"][0].dump()
    return None


def with_timestamp(signature: bytes, token: bytes) -> bytes:
    """``signature`` with ``token`` as its signer's one unsigned attribute."""
    from asn1crypto import cms

    info = cms.ContentInfo.load(signature)
    signer_info = info["content"]["signer_infos"][0]
    signer_info["unsigned_attrs"] = cms.CMSAttributes([cms.CMSAttribute({
        "type": "signature_time_stamp_token", "values": [cms.ContentInfo.load(token)]})])
    return cms.ContentInfo.load(info.dump(force=True)).dump(force=True)


def locate(signature: bytes) -> dict[str, tuple[int, int]]:
    """Byte offset and length of the signature value's contents and of the timestamp
    token inside the DER ``signature`` (for VERIFY.txt's ``tail | head`` commands)."""
    from asn1crypto import cms

    info = cms.ContentInfo.load(signature)
    signer_info = info["content"]["signer_infos"][0]
    found: dict[str, tuple[int, int]] = {}
    value = signer_info["signature"]
    raw = value.contents
    found["signature"] = (signature.index(value.dump()) + len(value.dump()) - len(raw), len(raw))
    token = timestamp_token(signature)
    if token is not None:
        found["token"] = (signature.index(token), len(token))
    return found
