"""Detached CMS signatures over the tag manifest: make them, and check them offline.

Signing uses ``cryptography``'s ``PKCS7SignatureBuilder`` (binary, detached, SHA-256,
signer certificate plus the PKCS#12's chain embedded). ``cryptography`` cannot verify
CMS, so checking uses pyHanko's generic CMS validator with a validation context that
never fetches anything and trusts only the pinned roots of the :class:`TrustPolicy`.

Heavy imports stay inside functions: ``spbe-risk check`` must not pay for pyHanko.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spbe_risk.evidence.cms_validator import _quiet_pyhanko, _run  # noqa: F401 (re-exported)
from spbe_risk.evidence.keys import name_text, subject_text
from spbe_risk.messages import N_, Msg, msg
from spbe_risk.signing.local import KeySigner, load_pkcs12
from spbe_risk.tanggal import date_words, moment_words

if TYPE_CHECKING:  # pragma: no cover
    from cryptography import x509

    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.signing.signer import Signer as AnySigner


REVOCATION_OFFLINE = msg(N_("tidak diperiksa (luring)"))

#: The local PKCS#12 signer (``spbe_risk.signing.local``); any
#: :class:`spbe_risk.signing.signer.Signer` (e.g. a remote service) seals as well.
Signer = KeySigner


def load_signer(path: str | os.PathLike[str], password: bytes) -> KeySigner:
    """Open a PKCS#12 (ours or e.g. BSrE's) and check the key can sign evidence now."""
    return load_pkcs12(path, password)


def _der() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def sign_detached(content: bytes, signer: AnySigner,
                  signing_time: dt.datetime | None = None) -> bytes:
    """DER CMS SignedData over ``content`` (detached, binary, SHA-256), chain embedded,
    made through the signer interface (``spbe_risk.signing.cms``)."""
    from spbe_risk.signing.cms import detached_cms

    return detached_cms(content, signer, signing_time=signing_time)


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
    revocation: str = REVOCATION_OFFLINE
    problems: tuple[str, ...] = field(default=())
    valid_now: bool | None = None
    now_problem: str | None = None        # why the chain is not valid now
    then_problem: str | None = None       # why the signer was not valid at the signing time
    claimed_time: dt.datetime | None = None   # the signingTime attribute (a claim)
    timestamp_tsa: str | None = None      # who stamped the trusted time (token verified)
    #: SHA-256 fingerprint of the pinned root the chain ends in (None: no chain), so a
    #: caller can tell *which* anchor vouched for the signer (trust anchors per role).
    anchor_sha256: str | None = None

    @property
    def ok(self) -> bool:
        return (self.intact and self.valid and self.trusted and self.key_usage_ok
                and not self.problems)


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
            raise CmsFormError(msg(N_("jenis isi CMS %(found)s, diharapkan signed_data"),
                                   found=str(info["content_type"].native)))
        signed = info["content"]
        signed.native  # noqa: B018  (force a full parse so damage shows here)
    except CmsFormError:
        raise
    except Exception as exc:  # asn1crypto raises many types (ValueError too) on hostile DER
        raise CmsFormError(not_der(exc)) from None
    if signed["encap_content_info"]["content"].native is not None:
        raise CmsFormError(msg(N_("tanda tangan memuat isinya; diharapkan tanda tangan "
                                  "terpisah")))
    if len(signed["signer_infos"]) != 1:
        raise CmsFormError(msg(N_("diharapkan tepat satu penanda tangan, ditemukan %(n)d"),
                               n=len(signed["signer_infos"])))
    signer_info = signed["signer_infos"][0]
    _require_strict_form(signature, info, signed, signer_info)
    claimed: dt.datetime | None = None
    for attr in signer_info["signed_attrs"] or []:
        if attr["type"].native == "signing_time":
            claimed = attr["values"][0].native
    time_problems, trusted_time, tsa = _trusted_time(signature, claimed, policy)
    # The chain is checked at the trusted time when a verified RFC 3161 token proves one,
    # else at the claimed signing time (policy "signing-time") — or at the verifier's
    # clock ("now"); validity now is computed and reported either way. A token that does
    # not verify never falls back to the claim: it is a problem of its own.
    judged = trusted_time or claimed
    moment = policy.clock() if policy.at == "now" or judged is None else judged
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
    from spbe_risk.evidence.keys import fingerprint

    chain: tuple[str, ...] = ()
    anchor: str | None = None
    if status.validation_path is not None:
        # RFC 4514 like ``subject``: asn1crypto's human_friendly has English labels
        chain = tuple(subject_text(c) for c in status.validation_path.iter_certs(
            include_root=True))
        root = next(iter(status.validation_path.iter_certs(include_root=True)))
        anchor = fingerprint(x509.load_der_x509_certificate(root.dump()))
    from spbe_risk.evidence.timing import future_problem

    problems = list(time_problems)
    now = policy.clock()
    if claimed is None:
        problems.append(msg(N_("tidak ada waktu penandatanganan dalam tanda tangan")))
    elif (late := future_problem(claimed, now, msg(N_("waktu penandatanganan yang diklaim")))
          ) is not None:
        problems.append(late)
    ca_problem = _end_entity_problem(cert)
    if ca_problem:
        problems.append(ca_problem)
    path_certs = ([x509.load_der_x509_certificate(c.dump()) for c in
                   status.validation_path.iter_certs(include_root=True)]
                  if status.validation_path is not None else [cert])
    now_problem = _validity_problem(path_certs, now)
    if policy.at == "now" and now_problem:
        problems.append(msg(N_("%(problem)s: tidak berlaku kini, dan kebijakannya --at now"),
                            problem=now_problem))
    if status.validation_path is not None:
        # Every embedded certificate must be a byte-exact member of the validated chain:
        # otherwise a copy of the CA inside the signature could be altered (or junk
        # added) without any check noticing, as path building uses the pinned root.
        in_path = {c.dump() for c in status.validation_path.iter_certs(include_root=True)}
        for choice in signed["certificates"] or []:
            if choice.name != "certificate" or choice.chosen.dump() not in in_path:
                who = (subject_text(choice.chosen) if choice.name == "certificate"
                       else choice.name)
                problems.append(msg(N_("sertifikat tertanam %(who)s bukan bagian dari rantai "
                                       "yang divalidasi (diubah atau berlebih)"), who=who))
    trust_problem = None
    if status.trust_problem_indic is not None:
        trust_problem = status.trust_problem_indic.name
    if not policy.roots:
        trust_problem = "NO_TRUST_ANCHOR"
    return SignatureCheck(intact=bool(status.intact), valid=bool(status.valid),
                          trusted=bool(status.trusted) and bool(policy.roots),
                          trust_problem=trust_problem, key_usage_ok=key_usage_ok, signer=cert,
                          signing_time=judged, signing_time_claimed=trusted_time is None,
                          chain=chain, claimed_time=claimed, timestamp_tsa=tsa,
                          revocation=(msg(N_("diperiksa terhadap CRL yang diberikan")) if crls
                                      else REVOCATION_OFFLINE),
                          problems=tuple(problems), valid_now=now_problem is None,
                          now_problem=now_problem,
                          then_problem=_validity_problem(path_certs, judged) if judged
                          else None, anchor_sha256=anchor if status.trusted else None)


def _trusted_time(signature: bytes, claimed: dt.datetime | None, policy: TrustPolicy,
                  ) -> tuple[list[str], dt.datetime | None, str | None]:
    """Problems, the proven time and its TSA from the signature's timestamp token."""
    from spbe_risk.evidence.timing import CLOCK_SKEW
    from spbe_risk.signing.cms import signature_value, timestamp_token
    from spbe_risk.signing.tsa import check_token

    token = timestamp_token(signature)
    if token is None:
        if policy.require_trusted_time:
            return ([msg(N_("tidak ada waktu tepercaya: tanda tangan tidak membawa token stempel "
                            "waktu RFC 3161, dan kebijakan mewajibkan waktu tepercaya (waktu "
                            "penandatanganan hanya diklaim)"))], None, None)
        return [], None, None
    found = check_token(token, signature_value(signature), policy.tsa_roots, policy.clock())
    if not found.ok:
        return [msg(N_("stempel waktu: %(problem)s"), problem=found.problem)], None, found.tsa
    problems = []
    if claimed is not None and found.time is not None and claimed > found.time + CLOCK_SKEW:
        problems.append(msg(N_("waktu penandatanganan yang diklaim %(claimed)s lebih lambat dari "
                               "waktu tepercaya %(trusted)s pada token stempel waktu"),
                            claimed=moment_words(claimed), trusted=moment_words(found.time)))
    return problems, found.time, found.tsa


def _end_entity_problem(cert: x509.Certificate) -> str | None:
    """A signer must be an end-entity certificate: no CA:TRUE, no keyCertSign."""
    from cryptography import x509

    try:
        if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            return msg(N_("sertifikat penanda tangan adalah sertifikat CA (CA:TRUE); bukti harus "
                          "ditandatangani dengan sertifikat entitas akhir"))
    except x509.ExtensionNotFound:
        pass
    try:
        if cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign:
            return msg(N_("sertifikat penanda tangan boleh menandatangani sertifikat (keyCertSign), "
                          "jadi kuncinya kunci CA; bukti harus ditandatangani dengan sertifikat "
                          "entitas akhir"))
    except x509.ExtensionNotFound:
        pass
    return None


def _validity_problem(certs: list[x509.Certificate], now: dt.datetime) -> str | None:
    for c in certs:
        who = name_text(c.subject)
        if now > c.not_valid_after_utc:
            return msg(N_("sertifikat %(who)s kedaluwarsa pada %(date)s"), who=who,
                       date=date_words(c.not_valid_after_utc.date()))
        if now < c.not_valid_before_utc:
            return msg(N_("sertifikat %(who)s baru berlaku mulai %(date)s"), who=who,
                       date=date_words(c.not_valid_before_utc.date()))
    return None


def _require_strict_form(signature: bytes, info: Any, signed: Any, signer_info: Any) -> None:
    """Parts of a CMS structure that no signature covers must hold exactly what a
    detached SHA-256 signature needs, so no byte of the ``.p7s`` can change unnoticed:
    DER only, the one digest algorithm the signer used, id-data content, no CRLs and no
    unsigned attribute but at most one RFC 3161 token (id-aa-signatureTimeStampToken,
    one value), which is judged on its own."""
    if info.dump(force=True) != signature:
        raise CmsFormError(msg(N_("bukan bentuk DER (pengodean tidak kanonis)")))
    algos = signed["digest_algorithms"]
    if len(algos) != 1 or algos[0].dump() != signer_info["digest_algorithm"].dump():
        raise CmsFormError(msg(N_("digestAlgorithms tidak mencantumkan tepat algoritme digest "
                                  "penanda tangan")))
    if signed["encap_content_info"]["content_type"].native != "data":
        raise CmsFormError(msg(N_("jenis isi yang dibungkus bukan id-data")))
    _require_versions(signed, signer_info)
    if signed["crls"].native:
        raise CmsFormError(msg(N_("data pencabutan tak bertanda tangan tertanam dalam tanda "
                                  "tangan")))
    unsigned = signer_info["unsigned_attrs"]
    if unsigned.native:
        if (len(unsigned) != 1 or unsigned[0]["type"].native != "signature_time_stamp_token"
                or len(unsigned[0]["values"]) != 1):
            raise CmsFormError(msg(N_("ada atribut tak bertanda tangan selain satu token "
                                      "stempel waktu")))


def _require_versions(signed: Any, signer_info: Any) -> None:
    """RFC 5652 §5.3: SignerInfo version 1 with issuerAndSerialNumber, 3 with
    subjectKeyIdentifier; §5.1: SignedData version 3 when a SignerInfo is version 3, else 1
    (id-data content and X.509 certificates only). Neither number is signed, so any other
    value is refused rather than ignored."""
    certs = signed["certificates"]
    if certs.native and any(c.name != "certificate" for c in certs):
        raise CmsFormError(msg(N_("himpunan certificates memuat selain sertifikat X.509")))
    want_si = "v1" if signer_info["sid"].name == "issuer_and_serial_number" else "v3"
    for what, found, want in (("SignerInfo", signer_info["version"].native, want_si),
                              ("SignedData", signed["version"].native, want_si)):
        if found != want:
            raise CmsFormError(msg(N_("version %(what)s diharapkan %(want)s (RFC 5652), "
                                      "ditemukan %(found)s"), what=what, want=want,
                                   found=found))


class CmsFormError(ValueError):
    """The ``.p7s`` is not the detached CMS SignedData a bundle carries; its argument is a
    ``messages.Msg`` (the reason, in the reader's language)."""


def cms_reason(exc: BaseException) -> str:
    """Why ``check_detached`` refused a signature: a ``CmsFormError``'s message, or — for a
    parser's own error, whose words are English — :func:`not_der`."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Msg):
        return exc.args[0]
    return not_der(exc)


def not_der(exc: BaseException) -> str:
    """The reason for a structure a parser refused: its words are the library's, in
    English, so only the kind of error is named."""
    return msg(N_("bukan struktur CMS DER (%(error)s)"), error=type(exc).__name__)


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

