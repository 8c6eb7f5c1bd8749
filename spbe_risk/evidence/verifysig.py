"""The verification state shared by the steps, and step 3 (the signature).

Split from ``verify`` to keep each module short; ``verify`` runs the steps in order.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from spbe_risk.evidence import BAG_INFO_TXT, SIGNATURE, TAGMANIFEST
from spbe_risk.evidence.manifest import BagInfo
from spbe_risk.evidence.models import SignerInfo
from spbe_risk.evidence.policy import TrustPolicy
from spbe_risk.evidence.zipread import SafeZip


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
        raise _Fail("missing: the bundle is not signed", sig_name)
    if TAGMANIFEST not in s.raw:
        raise _Fail(f"nothing to check: {TAGMANIFEST} is missing", s.name(TAGMANIFEST))
    try:
        check = check_detached(s.raw[SIGNATURE], s.raw[TAGMANIFEST], s.policy)
    except ValueError as exc:
        raise _Fail(f"not a valid detached CMS signature: {exc}", sig_name) from None
    cert = check.signer
    if cert is not None:
        s.signer = SignerInfo(subject=cert.subject.rfc4514_string(),
                              issuer=cert.issuer.rfc4514_string(),
                              serial=format(cert.serial_number, "X"),
                              fingerprint_sha256=fingerprint(cert),
                              not_before=cert.not_valid_before_utc,
                              not_after=cert.not_valid_after_utc,
                              signing_time=check.signing_time,
                              signing_time_claimed=check.signing_time_claimed,
                              trusted=check.ok, chain=check.chain, revocation=check.revocation,
                              valid_now=check.valid_now, now_problem=check.now_problem,
                              anchor_sha256=check.anchor_sha256)
        if check.now_problem:
            judged = "verifier's clock" if s.policy.at == "now" else "claimed signing time"
            s.warnings.append(f"the signer's {check.now_problem}: not valid now (the chain "
                              f"was judged at the {judged})")
    who = s.signer.subject if s.signer else "unknown signer"
    if not check.intact:
        raise _Fail(f"does not match {TAGMANIFEST}: the tag manifest changed after signing, "
                    "or the signature belongs to other content", sig_name)
    if not check.valid:
        raise _Fail(f"signature value does not verify with the embedded certificate of {who} "
                    "(wrong key, swapped certificate or damaged signature)", sig_name)
    if not check.key_usage_ok:
        raise _Fail(f"certificate of {who} does not allow digitalSignature or nonRepudiation",
                    sig_name)
    if check.problems:
        raise _Fail("; ".join(check.problems), sig_name)
    if s.bag_info is not None and check.signing_time is not None:
        from spbe_risk.evidence.timing import bagging_bound_problem

        bagged = dt.datetime.fromisoformat(s.bag_info.bagging_timestamp.replace("Z", "+00:00"))
        problem = bagging_bound_problem(bagged, check.signing_time)
        if problem:
            raise _Fail(problem, s.name(BAG_INFO_TXT))
    if check.trust_problem == "NO_TRUST_ANCHOR":
        raise _Fail(f"untrusted signer: the signature is cryptographically intact over {TAGMANIFEST} "
                    f"and was made by {who}, but no trust anchor was given (--trust CA.pem), "
                    "and nothing is trusted by default", sig_name)
    if not check.trusted:
        reason = {"NO_CERTIFICATE_CHAIN_FOUND": "does not chain to any pinned trust anchor",
                  "EXPIRED": "a certificate in the chain was not valid at the signing time",
                  "NOT_YET_VALID": "a certificate in the chain was not yet valid at the "
                                   "signing time",
                  "REVOKED": "a certificate in the chain is revoked",
                  "CHAIN_CONSTRAINTS_FAILURE": "the chain breaks path constraints",
                  }.get(check.trust_problem or "", check.then_problem and
                        f"at the claimed signing time the {check.then_problem}"
                        or f"({check.trust_problem})")
        raise _Fail(f"untrusted signer {who}: {reason}; the signature itself is intact",
                    sig_name)
    when = s.signer.signing_time.strftime("%Y-%m-%dT%H:%M:%SZ") if (
        s.signer and s.signer.signing_time) else "?"
    return (f"valid CMS signature by {who}, chained to a pinned trust anchor; signed {when} "
            f"(claimed, no timestamp token); revocation {check.revocation}")
