"""Detached CMS signatures over the tag manifest: make them, and check them offline.

Signing uses ``cryptography``'s ``PKCS7SignatureBuilder`` (binary, detached, SHA-256,
signer certificate plus the PKCS#12's chain embedded). ``cryptography`` cannot verify
CMS, so checking uses pyHanko's generic CMS validator with a validation context that
never fetches anything and trusts only the pinned roots of the :class:`TrustPolicy`.

Heavy imports stay inside functions: ``spbe-risk check`` must not pay for pyHanko.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spbe_risk.problems import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    from cryptography import x509

    from spbe_risk.evidence.policy import TrustPolicy


@dataclass(frozen=True)
class Signer:
    """A private key with its certificate and the chain to embed after it."""

    key: Any
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()


def load_signer(path: str | os.PathLike[str], password: bytes) -> Signer:
    """Open a PKCS#12 (ours or e.g. BSrE's) and check the key can sign evidence now."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    from spbe_risk.evidence.readfile import read_regular

    p = Path(path)
    data = read_regular(p, 1 << 20)
    try:
        bundle = pkcs12.load_pkcs12(data, password)
    except (ValueError, TypeError):
        raise InputError([Problem(str(p), 0, 0, "cannot open the PKCS#12: wrong password, or "
                                                "not a PKCS#12 file")]) from None
    if bundle.key is None or bundle.cert is None:
        raise InputError([Problem(str(p), 0, 0, "PKCS#12 holds no private key with its "
                                                "certificate")])
    key, cert = bundle.key, bundle.cert.certificate
    problems = []
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if not isinstance(key.curve, ec.SECP256R1 | ec.SECP384R1 | ec.SECP521R1):
            problems.append(f"ECDSA curve {key.curve.name} is not supported; expected P-256")
    elif isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 2048:
            problems.append(f"RSA-{key.key_size} is too weak; expected at least RSA-2048")
    else:
        problems.append(f"{type(key).__name__} keys cannot make a CMS signature that OpenSSL "
                        "verifies; expected RSA or ECDSA P-256")
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (ku.digital_signature or ku.content_commitment):
            problems.append("certificate key usage allows neither digitalSignature nor "
                            "nonRepudiation")
    except x509.ExtensionNotFound:
        problems.append("certificate has no key usage extension; expected digitalSignature "
                        "and/or nonRepudiation")
    now = dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        problems.append(f"certificate is not valid now (valid {cert.not_valid_before_utc:%Y-%m-%d}"
                        f" to {cert.not_valid_after_utc:%Y-%m-%d})")
    if problems:
        raise InputError([Problem(str(p), 0, 0, m) for m in problems])
    leaf_der = cert.public_bytes(_der())
    chain = tuple(c.certificate for c in bundle.additional_certs
                  if c.certificate.public_bytes(_der()) != leaf_der)
    return Signer(key, cert, chain)


def _der() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def sign_detached(content: bytes, signer: Signer) -> bytes:
    """DER CMS SignedData over ``content`` (detached, binary, SHA-256), chain embedded."""
    from asn1crypto import cms
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import pkcs7

    builder = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(
        signer.certificate, signer.key, hashes.SHA256())
    for extra in signer.chain:
        builder = builder.add_certificate(extra)
    der = builder.sign(_der(), [pkcs7.PKCS7Options.DetachedSignature,
                                pkcs7.PKCS7Options.Binary])
    embedded = cms.ContentInfo.load(der)["content"]["certificates"]
    if len(embedded) != 1 + len(signer.chain):
        raise RuntimeError(f"CMS embeds {len(embedded)} certificates, expected "
                           f"{1 + len(signer.chain)}")
    return der


@dataclass(frozen=True)
class SignatureCheck:
    """What the signature step found. ``ok`` needs intact + valid + trusted + usage."""

    intact: bool
    valid: bool
    trusted: bool
    trust_problem: str | None
    key_usage_ok: bool
    signer: x509.Certificate | None
    signing_time: dt.datetime | None
    signing_time_claimed: bool
    chain: tuple[str, ...] = ()
    revocation: str = "not checked (offline)"
    problems: tuple[str, ...] = field(default=())
    valid_now: bool | None = None
    now_problem: str | None = None        # why the chain is not valid now
    then_problem: str | None = None       # why the signer was not valid at the signing time
    #: SHA-256 fingerprint of the pinned root the chain ends in (None: no chain), so a
    #: caller can tell *which* anchor vouched for the signer (trust anchors per role).
    anchor_sha256: str | None = None

    @property
    def ok(self) -> bool:
        return (self.intact and self.valid and self.trusted and self.key_usage_ok
                and not self.problems)


def _quiet_pyhanko() -> None:
    """pyHanko logs every failed path search as a warning with a traceback; with no
    logging configured Python would print it on stderr. A NullHandler (the library
    convention) keeps our output clean while an application that configures logging
    still receives the records."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _run(coro: Any) -> Any:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:          # caller already runs an event loop
        return pool.submit(asyncio.run, coro).result()


def check_detached(signature: bytes, content: bytes, policy: TrustPolicy) -> SignatureCheck:
    """Validate a detached CMS signature over ``content`` under ``policy``, offline.

    Raises ``ValueError`` with a plain message when the signature is not a well-formed
    detached CMS SignedData at all.
    """
    from asn1crypto import cms
    from asn1crypto import x509 as a509
    from cryptography import x509

    from spbe_risk.evidence.cms_validator import validator

    async_validate_detached_cms, KeyUsageConstraints, ValidationContext = validator()
    _quiet_pyhanko()
    try:
        info = cms.ContentInfo.load(signature, strict=True)
        if info["content_type"].native != "signed_data":
            raise ValueError(f"CMS content type is {info['content_type'].native}, "
                             "expected signed_data")
        signed = info["content"]
        signed.native  # noqa: B018  (force a full parse so damage shows here)
    except ValueError:
        raise
    except Exception as exc:  # asn1crypto raises many types on hostile DER
        raise ValueError(f"not a DER CMS structure ({type(exc).__name__})") from None
    if signed["encap_content_info"]["content"].native is not None:
        raise ValueError("signature embeds its content; expected a detached signature")
    if len(signed["signer_infos"]) != 1:
        raise ValueError(f"expected exactly one signer, found {len(signed['signer_infos'])}")
    signer_info = signed["signer_infos"][0]
    _require_strict_form(signature, info, signed, signer_info)
    claimed: dt.datetime | None = None
    for attr in signer_info["signed_attrs"] or []:
        if attr["type"].native == "signing_time":
            claimed = attr["values"][0].native
    # The chain is checked at the claimed signing time (policy "signing-time") or at the
    # verifier's clock ("now"); validity now is computed and reported either way.
    moment = policy.clock() if policy.at == "now" or claimed is None else claimed
    roots = [a509.Certificate.load(c.public_bytes(_der())) for c in policy.roots]
    crls = [bytes(c) for c in policy.crls]
    context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment,
                                crls=crls or None,
                                revocation_mode="hard-fail" if crls else "soft-fail")
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                match_all_key_usages=False)
    status = _run(async_validate_detached_cms(content, signed, signer_validation_context=context,
                                              key_usage_settings=usage))
    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        key_usage_ok = bool(ku.digital_signature or ku.content_commitment)
    except x509.ExtensionNotFound:
        key_usage_ok = False
    chain: tuple[str, ...] = ()
    anchor: str | None = None
    if status.validation_path is not None:
        chain = tuple(c.subject.human_friendly for c in status.validation_path.iter_certs(
            include_root=True))
        from spbe_risk.evidence.keys import fingerprint

        root = next(iter(status.validation_path.iter_certs(include_root=True)))
        anchor = fingerprint(x509.load_der_x509_certificate(root.dump()))
    from spbe_risk.evidence.timing import future_problem

    problems = []
    now = policy.clock()
    if claimed is None:
        problems.append("no signing time in the signature")
    elif (late := future_problem(claimed, now, "the claimed signing time")) is not None:
        problems.append(late)
    ca_problem = _end_entity_problem(cert)
    if ca_problem:
        problems.append(ca_problem)
    path_certs = ([x509.load_der_x509_certificate(c.dump()) for c in
                   status.validation_path.iter_certs(include_root=True)]
                  if status.validation_path is not None else [cert])
    now_problem = _validity_problem(path_certs, now)
    if policy.at == "now" and now_problem:
        problems.append(f"{now_problem}: not valid now, and the policy is --at now")
    if status.validation_path is not None:
        # Every embedded certificate must be a byte-exact member of the validated chain:
        # otherwise a copy of the CA inside the signature could be altered (or junk
        # added) without any check noticing, as path building uses the pinned root.
        in_path = {c.dump() for c in status.validation_path.iter_certs(include_root=True)}
        for choice in signed["certificates"] or []:
            if choice.name != "certificate" or choice.chosen.dump() not in in_path:
                who = (choice.chosen.subject.human_friendly if choice.name == "certificate"
                       else choice.name)
                problems.append(f"embedded certificate {who} is not part of the validated "
                                "chain (altered or extraneous)")
    trust_problem = None
    if status.trust_problem_indic is not None:
        trust_problem = status.trust_problem_indic.name
    if not policy.roots:
        trust_problem = "NO_TRUST_ANCHOR"
    return SignatureCheck(intact=bool(status.intact), valid=bool(status.valid),
                          trusted=bool(status.trusted) and bool(policy.roots),
                          trust_problem=trust_problem, key_usage_ok=key_usage_ok, signer=cert,
                          signing_time=claimed, signing_time_claimed=True, chain=chain,
                          revocation=("checked against the given CRLs" if crls
                                      else "not checked (offline)"),
                          problems=tuple(problems), valid_now=now_problem is None,
                          now_problem=now_problem,
                          then_problem=_validity_problem(path_certs, claimed) if claimed
                          else None, anchor_sha256=anchor if status.trusted else None)


def _end_entity_problem(cert: x509.Certificate) -> str | None:
    """A signer must be an end-entity certificate: no CA:TRUE, no keyCertSign."""
    from cryptography import x509

    try:
        if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            return ("the signer's certificate is a CA certificate (CA:TRUE); evidence must be "
                    "signed with an end-entity certificate")
    except x509.ExtensionNotFound:
        pass
    try:
        if cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign:
            return ("the signer's certificate may sign certificates (keyCertSign), which makes "
                    "it a CA key; evidence must be signed with an end-entity certificate")
    except x509.ExtensionNotFound:
        pass
    return None


def _validity_problem(certs: list[x509.Certificate], now: dt.datetime) -> str | None:
    for c in certs:
        who = c.subject.rfc4514_string()
        if now > c.not_valid_after_utc:
            return f"certificate {who} expired on {c.not_valid_after_utc:%Y-%m-%d}"
        if now < c.not_valid_before_utc:
            return f"certificate {who} is valid only from {c.not_valid_before_utc:%Y-%m-%d}"
    return None


def _require_strict_form(signature: bytes, info: Any, signed: Any, signer_info: Any) -> None:
    """Parts of a CMS structure that no signature covers must hold exactly what a
    detached SHA-256 signature needs, so no byte of the ``.p7s`` can change unnoticed:
    DER only, the one digest algorithm the signer used, id-data content, no CRLs and no
    unsigned attributes (profile 1.0 has no timestamp tokens)."""
    if info.dump(force=True) != signature:
        raise ValueError("not in DER form (non-canonical encoding)")
    algos = signed["digest_algorithms"]
    if len(algos) != 1 or algos[0].dump() != signer_info["digest_algorithm"].dump():
        raise ValueError("digestAlgorithms does not list exactly the signer's digest algorithm")
    if signed["encap_content_info"]["content_type"].native != "data":
        raise ValueError("encapsulated content type is not id-data")
    if signed["crls"].native:
        raise ValueError("unsigned revocation data embedded in the signature")
    if signer_info["unsigned_attrs"].native:
        raise ValueError("unsigned attributes present")


def embedded_signer(signature: bytes) -> x509.Certificate | None:
    """The signer's certificate as embedded in a CMS signature, without judging it
    (for ``evidence show``); None when it cannot be found."""
    from asn1crypto import cms
    from cryptography import x509

    try:
        signed = cms.ContentInfo.load(signature, strict=True)["content"]
        sid = signed["signer_infos"][0]["sid"]
        for choice in signed["certificates"]:
            cert = choice.chosen
            if sid.name == "issuer_and_serial_number":
                ias = sid.chosen
                if cert.issuer == ias["issuer"] and cert.serial_number == ias["serial_number"].native:
                    return x509.load_der_x509_certificate(cert.dump())
            elif cert.key_identifier == sid.chosen.native:
                return x509.load_der_x509_certificate(cert.dump())
    except Exception:  # noqa: BLE001  hostile DER: "no signer found" is the answer
        return None
    return None


def claimed_signing_time(signature: bytes) -> dt.datetime | None:
    from asn1crypto import cms

    try:
        signed = cms.ContentInfo.load(signature, strict=True)["content"]
        for attr in signed["signer_infos"][0]["signed_attrs"] or []:
            if attr["type"].native == "signing_time":
                return attr["values"][0].native
    except Exception:  # noqa: BLE001
        return None
    return None
