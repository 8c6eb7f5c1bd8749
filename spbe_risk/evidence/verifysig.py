"""The verification state shared by the steps, and step 3 (the signature).

Split from ``verify`` to keep each module short; ``verify`` runs the steps in order.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from spbe_risk.evidence import BAG_INFO_TXT, SIGNATURE, TAGMANIFEST
from spbe_risk.evidence.keys import name_text
from spbe_risk.evidence.manifest import BagInfo
from spbe_risk.evidence.models import SignerInfo
from spbe_risk.evidence.policy import TrustPolicy
from spbe_risk.evidence.zipread import SafeZip
from spbe_risk.messages import N_, msg
from spbe_risk.tanggal import moment_words


class _Fail(Exception):
    """A failed step; ``go_on`` lets the steps that depend on it run all the same (a
    re-packed but readable container)."""

    def __init__(self, detail: str, file: str | None = None, go_on: bool = False):
        self.detail, self.file, self.go_on = detail, file, go_on
        super().__init__(detail)


@dataclass
class _State:
    """What earlier steps established for later ones."""

    zf: SafeZip                 # or a FolderBag (an unzipped bundle), same interface
    policy: TrustPolicy
    raw: dict[str, bytes] = field(default_factory=dict)
    bag_info: BagInfo | None = None
    manifest: dict[str, str] | None = None
    tagmanifest: dict[str, str] | None = None
    signer: SignerInfo | None = None
    audit: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    hashes: Any = None          # evidence.hashing.BackgroundHashes: payload digests meanwhile

    def name(self, rel: str) -> str:
        return f"{self.zf.top}/{rel}"


# ------------------------------------------------------------------ 3. signature


def _signature(s: _State) -> str:
    from spbe_risk.evidence.keys import fingerprint
    from spbe_risk.evidence.signing import check_detached

    sig_name = s.name(SIGNATURE)
    if SIGNATURE not in s.raw:
        raise _Fail(msg(N_("tidak ada: bundel tidak ditandatangani")), sig_name)
    if TAGMANIFEST not in s.raw:
        raise _Fail(msg(N_("tidak ada yang diperiksa: %(file)s tidak ada"), file=TAGMANIFEST),
                    s.name(TAGMANIFEST))
    try:
        check = check_detached(s.raw[SIGNATURE], s.raw[TAGMANIFEST], s.policy)
    except ValueError as exc:           # CmsFormError, or a parser's own (English) words
        from spbe_risk.evidence.signing import cms_reason

        raise _Fail(msg(N_("bukan tanda tangan CMS terpisah yang valid: %(reason)s"),
                        reason=cms_reason(exc)), sig_name) from None
    cert = check.signer
    if cert is not None:
        s.signer = SignerInfo(subject=name_text(cert.subject),
                              issuer=name_text(cert.issuer),
                              serial=format(cert.serial_number, "X"),
                              fingerprint_sha256=fingerprint(cert),
                              not_before=cert.not_valid_before_utc,
                              not_after=cert.not_valid_after_utc,
                              signing_time=check.signing_time,
                              signing_time_claimed=check.signing_time_claimed,
                              trusted=check.ok, chain=check.chain, revocation=check.revocation,
                              valid_now=check.valid_now, now_problem=check.now_problem,
                              claimed_time=check.claimed_time,
                              timestamp_tsa=check.timestamp_tsa,
                              anchor_sha256=check.anchor_sha256)
        if check.now_problem:
            judged = msg(N_("jam pemverifikasi") if s.policy.at == "now"
                         else N_("waktu penandatanganan yang diklaim")
                         if check.signing_time_claimed
                         else N_("waktu tepercaya dari token stempel waktu"))
            s.warnings.append(msg(N_("penanda tangan: %(problem)s: tidak berlaku kini (rantai "
                                     "dinilai pada %(judged)s)"),
                                  problem=check.now_problem, judged=judged))
    who = s.signer.subject if s.signer else msg(N_("penanda tangan tidak dikenal"))
    if not check.intact:
        raise _Fail(msg(N_("tidak cocok dengan %(file)s: manifes tag berubah setelah "
                           "ditandatangani, atau tanda tangan milik isi lain"), file=TAGMANIFEST),
                    sig_name)
    if not check.valid:
        raise _Fail(msg(N_("nilai tanda tangan tidak terverifikasi dengan sertifikat %(who)s yang "
                           "tertanam (kunci salah, sertifikat ditukar atau tanda tangan rusak)"),
                        who=who), sig_name)
    if not check.key_usage_ok:
        raise _Fail(msg(N_("sertifikat %(who)s tidak mengizinkan digitalSignature atau "
                           "nonRepudiation"), who=who), sig_name)
    if check.problems:
        raise _Fail(msg(N_("%(problems)s"), problems=list(check.problems)), sig_name)
    if s.bag_info is not None and check.signing_time is not None:
        from spbe_risk.evidence.timing import bagging_bound_problem

        bagged = dt.datetime.fromisoformat(s.bag_info.bagging_timestamp.replace("Z", "+00:00"))
        problem = bagging_bound_problem(bagged, check.signing_time)
        if problem:
            raise _Fail(problem, s.name(BAG_INFO_TXT))
    if check.trust_problem == "NO_TRUST_ANCHOR":
        raise _Fail(msg(N_("penanda tangan tidak tepercaya: tanda tangan utuh secara kriptografis "
                           "atas %(file)s dan dibuat oleh %(who)s, tetapi tidak ada jangkar "
                           "kepercayaan yang diberikan (--trust CA.pem), dan secara bawaan tidak "
                           "ada yang dipercaya"), file=TAGMANIFEST, who=who), sig_name)
    if not check.trusted:
        at = msg(N_("waktu penandatanganan yang diklaim") if check.signing_time_claimed
                 else N_("waktu tepercaya"))
        words = {"NO_CERTIFICATE_CHAIN_FOUND": N_("tidak terhubung ke jangkar kepercayaan mana pun"),
                 "EXPIRED": N_("sebuah sertifikat dalam rantai tidak berlaku pada %(at)s"),
                 "NOT_YET_VALID": N_("sebuah sertifikat dalam rantai belum berlaku pada %(at)s"),
                 "REVOKED": N_("sebuah sertifikat dalam rantai telah dicabut"),
                 "CHAIN_CONSTRAINTS_FAILURE": N_("rantai melanggar batasan jalur")}
        if (check.trust_problem or "") in words:
            reason = msg(words[check.trust_problem or ""], at=at)
        elif check.then_problem:
            reason = msg(N_("pada %(at)s: %(problem)s"), at=at, problem=check.then_problem)
        else:
            reason = f"({check.trust_problem})"
        raise _Fail(msg(N_("penanda tangan tidak tepercaya %(who)s: %(reason)s; tanda tangannya "
                           "sendiri utuh"), who=who, reason=reason), sig_name)
    when = moment_words(s.signer.signing_time) if (
        s.signer and s.signer.signing_time) else "?"
    source = (msg(N_("diklaim, tanpa token stempel waktu")) if check.signing_time_claimed else
              msg(N_("waktu tepercaya: stempel waktu RFC 3161 oleh %(tsa)s"),
                  tsa=check.timestamp_tsa))
    return msg(N_("tanda tangan CMS valid oleh %(who)s, terhubung ke jangkar kepercayaan yang "
                  "dipasang; ditandatangani %(when)s (%(source)s); pencabutan %(revocation)s"),
               who=who, when=when, source=source, revocation=check.revocation)
