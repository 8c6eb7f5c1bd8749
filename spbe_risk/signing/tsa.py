"""RFC 3161 trusted time: ask a timestamping authority (TSA), and check what it gave.

The client is the standard library's ``urllib`` and asn1crypto (no event loop, no extra
dependency): a TimeStampReq with SHA-256 imprint, a random nonce and certReq (so the
token carries the TSA certificate), POSTed as ``application/timestamp-query``. The
answer is refused unless granted, with our imprint and nonce.

:func:`check_token` judges a token offline: it encapsulates a TSTInfo whose message
imprint is the expected digest; its signature verifies and the TSA certificate (EKU
timeStamping) chains to one of the pinned TSA roots at the token's time; the signed
attributes carry an ESSCertID(v2) naming exactly that certificate; the time is not in
the verifier's future. Any failure is a reason string — callers never fall back to a
time the signer merely claimed.

Layer: shell (signatures). pyHanko's validator lazily (through ``evidence.cms_validator``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spbe_risk.messages import N_, msg

if TYPE_CHECKING:  # pragma: no cover
    from cryptography import x509

MAX_RESPONSE = 1 << 20


class TimestampError(Exception):
    """The TSA could not be reached or gave no usable token; the argument is a
    ``messages.Msg`` for the user (``messages.reason(exc)``, never ``str(exc)``)."""


@dataclass(frozen=True)
class HttpTimestamper:
    """An RFC 3161 TSA at ``url`` (http or https)."""

    url: str
    timeout: float = 30.0

    def token(self, message: bytes) -> bytes:
        """A DER TimeStampToken (ContentInfo) over SHA-256(``message``)."""
        return self.token_for_digest(hashlib.sha256(message).digest())

    def token_for_digest(self, digest: bytes) -> bytes:
        from asn1crypto import algos, tsp

        if not self.url.startswith(("http://", "https://")):
            raise TimestampError(_bad_address(self.url))
        nonce = secrets.randbits(63)
        request = tsp.TimeStampReq({
            "version": "v1",
            "message_imprint": {"hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                                "hashed_message": digest},
            "nonce": nonce, "cert_req": True}).dump()
        body = post_request(self.url, request, self.timeout)
        return parse_response(body, digest, nonce, self.url)


def post_request(url: str, request: bytes, timeout: float = 30.0) -> bytes:
    """POST a DER TimeStampReq to ``url``; the raw answer (at most 1 MiB)."""
    import urllib.error
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise TimestampError(_bad_address(url))
    http = urllib.request.Request(url, data=request, method="POST", headers={
        "Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"})
    try:
        with urllib.request.urlopen(http, timeout=timeout) as answer:  # noqa: S310
            body = answer.read(MAX_RESPONSE + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        from spbe_risk.signing.networds import network_reason

        raise TimestampError(msg(N_("TSA %(url)s tidak menjawab: %(reason)s"), url=url,
                                 reason=network_reason(exc))) from None
    if len(body) > MAX_RESPONSE:
        raise TimestampError(msg(N_("TSA %(url)s menjawab lebih dari %(n)d bita"), url=url,
                                 n=MAX_RESPONSE))
    return body


def _bad_address(url: str) -> str:
    return msg(N_("alamat TSA harus diawali http:// atau https://, ditemukan %(found)s"),
               found=repr(url))


def parse_response(body: bytes, digest: bytes, nonce: int, where: str) -> bytes:
    """The token of a granted TimeStampResp for ``digest`` and ``nonce``."""
    from asn1crypto import cms, core, tsp

    class Response(core.Sequence):      # RFC 3161: the token is absent unless granted
        _fields = [("status", tsp.PKIStatusInfo),
                   ("time_stamp_token", cms.ContentInfo, {"optional": True})]

    try:
        response = Response.load(body)
        status = response["status"]["status"].native
        if status not in ("granted", "granted_with_mods"):
            text = response["status"]["status_string"].native
            raise TimestampError(msg(N_("TSA %(url)s menolak permintaan: %(status)s%(text)s"),
                                     url=where, status=status,
                                     text=f" ({'; '.join(text)})" if text else ""))
        token = response["time_stamp_token"]
        info = token["content"]["encap_content_info"]["content"].parsed
        info.native  # noqa: B018  (full parse)
    except TimestampError:
        raise
    except Exception as exc:  # noqa: BLE001  hostile DER raises many types
        raise TimestampError(msg(N_("TSA %(url)s menjawab sesuatu yang bukan respons RFC 3161 "
                                    "(%(error)s)"), url=where, error=type(exc).__name__)) from None
    if info["message_imprint"]["hashed_message"].native != digest:
        raise TimestampError(msg(N_("TSA %(url)s memberi stempel pada digest lain daripada yang "
                                    "diminta"), url=where))
    if info["nonce"].native != nonce:
        raise TimestampError(msg(N_("TSA %(url)s menjawab dengan nonce lain (jawaban yang "
                                    "diputar ulang?)"), url=where))
    return token.dump()


@dataclass(frozen=True)
class TokenCheck:
    """What :func:`check_token` found: ``problem`` None means the time is proven."""

    time: dt.datetime | None
    tsa: str | None
    problem: str | None
    tsa_fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def token_time(token: bytes) -> dt.datetime | None:
    """The genTime a token states (unjudged), or None when it cannot be read."""
    from asn1crypto import cms

    try:
        return cms.ContentInfo.load(token)["content"]["encap_content_info"]["content"].parsed[
            "gen_time"].native
    except Exception:  # noqa: BLE001
        return None


def check_token(token: bytes, message: bytes, roots: tuple[x509.Certificate, ...],
                now: dt.datetime) -> TokenCheck:
    """Judge ``token`` as a timestamp over ``message`` under the pinned TSA ``roots``."""
    from asn1crypto import cms, tsp
    from asn1crypto import x509 as a509

    from spbe_risk.evidence.cms_validator import tst_validator
    from spbe_risk.evidence.timing import future_problem
    from spbe_risk.signing.local import der

    try:
        info = cms.ContentInfo.load(token)
        signed = info["content"]
        tst = signed["encap_content_info"]["content"].parsed
        if info["content_type"].native != "signed_data" or not isinstance(tst, tsp.TSTInfo):
            raise ValueError
        when = tst["gen_time"].native
        signed.native  # noqa: B018  (full parse: damage shows here)
    except Exception:  # noqa: BLE001
        return TokenCheck(None, None, msg(N_("token stempel waktu bukan TimeStampToken RFC "
                                             "3161")))
    algo = tst["message_imprint"]["hash_algorithm"]["algorithm"].native
    if algo not in ("sha256", "sha384", "sha512"):
        return TokenCheck(when, None, msg(N_("token stempel waktu memakai digest %(algo)s; "
                                             "diharapkan SHA-256 atau lebih kuat"), algo=algo))
    expected = hashlib.new(algo, message).digest()
    if tst["message_imprint"]["hashed_message"].native != expected:
        return TokenCheck(when, None, msg(N_("token stempel waktu tidak mencakup tanda tangan "
                                             "ini (message imprint tidak cocok)")))
    signer_infos = signed["signer_infos"]
    if len(signer_infos) != 1:
        return TokenCheck(when, None, msg(N_("token stempel waktu harus punya tepat satu "
                                             "penanda tangan")))
    attrs = {a["type"].native for a in signer_infos[0]["signed_attrs"] or []}
    if not attrs & {"signing_certificate", "signing_certificate_v2"}:
        return TokenCheck(when, None, msg(N_("token stempel waktu tidak memuat ESSCertID(v2) "
                                             "yang menyebut sertifikat TSA")))
    if not roots:
        return TokenCheck(when, None, msg(N_("tidak ada jangkar kepercayaan TSA yang diberikan "
                                             "(--tsa-trust), dan tidak ada otoritas stempel "
                                             "waktu yang dipercaya secara bawaan")))
    validate, ValidationContext = tst_validator()
    context = ValidationContext(trust_roots=[a509.Certificate.load(der(c)) for c in roots],
                                allow_fetching=False, moment=when, revocation_mode="soft-fail")
    try:
        status = validate(signed, context, lambda name: hashlib.new(name, message).digest())
    except Exception as exc:  # noqa: BLE001  pyHanko raises its own errors on bad tokens
        return TokenCheck(when, None, msg(N_("tanda tangan token stempel waktu tidak "
                                             "terverifikasi (%(error)s)"),
                                          error=type(exc).__name__))
    cert = status.get("signing_cert")
    from spbe_risk.evidence.keys import subject_text

    who = subject_text(cert) if cert is not None else None
    if not status.get("intact") or not status.get("valid"):
        return TokenCheck(when, who, msg(N_("tanda tangan token stempel waktu tidak "
                                            "terverifikasi (token dipalsukan atau rusak)")))
    if status.get("trust_problem_indic") is not None or status.get("validation_path") is None:
        return TokenCheck(when, who, msg(N_("otoritas stempel waktu tidak terhubung ke jangkar "
                                            "kepercayaan TSA yang dipasang pada waktu token")))
    late = future_problem(when, now, msg(N_("stempel waktu")))
    if late:
        return TokenCheck(when, who, late)
    return TokenCheck(when, who, None, hashlib.sha256(cert.dump()).hexdigest())
