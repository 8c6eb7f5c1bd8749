"""Typed results of a verification (sigstore-python's ``models``, in our words).

A :class:`VerificationResult` is plain data: the six steps in order, each passed,
failed or skipped with a one-line detail and the file it concerns, the signer as the
signature describes it, and the parsed ``audit.json``. ``to_dict`` is the stable JSON
document of ``evidence verify --format json``.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

#: The verification steps of the spec, in order.
STEPS: tuple[str, ...] = ("container", "declaration", "signature", "tag-manifest", "payload",
                          "content", "completeness")

Status = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class StepResult:
    name: str
    status: Status
    detail: str
    file: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "passed"

    @property
    def number(self) -> int:
        return STEPS.index(self.name) + 1

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.name, "number": self.number, "status": self.status,
                "ok": self.ok, "detail": self.detail, "file": self.file}


@dataclass(frozen=True)
class Failure:
    """The first failing step: which, on what file, why."""

    step: str
    file: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "file": self.file, "reason": self.reason}


def rfc3339(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class SignerInfo:
    """The signer as the CMS signature names it (trusted or not: see ``trusted``)."""

    subject: str
    issuer: str
    serial: str
    fingerprint_sha256: str
    not_before: dt.datetime
    not_after: dt.datetime
    signing_time: dt.datetime | None
    signing_time_claimed: bool
    trusted: bool
    chain: tuple[str, ...] = ()
    revocation: str = "not checked (offline)"
    valid_now: bool | None = None
    now_problem: str | None = None
    claimed_time: dt.datetime | None = None
    timestamp_tsa: str | None = None
    #: SHA-256 of the pinned trust anchor the chain ends in (None: not trusted).
    anchor_sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "issuer": self.issuer, "serial": self.serial,
                "fingerprint_sha256": self.fingerprint_sha256,
                "not_before": rfc3339(self.not_before), "not_after": rfc3339(self.not_after),
                "signing_time": rfc3339(self.signing_time),
                "signing_time_source": "claimed" if self.signing_time_claimed else "timestamp",
                "trusted": self.trusted, "chain": list(self.chain),
                "revocation": self.revocation, "valid_now": self.valid_now,
                "not_valid_now_because": self.now_problem,
                "claimed_signing_time": rfc3339(self.claimed_time),
                "timestamp_authority": self.timestamp_tsa,
                "trust_anchor_sha256": self.anchor_sha256}


@dataclass(frozen=True)
class VerificationResult:
    """Outcome of :func:`spbe_risk.evidence.verify.verify_bundle`."""

    bundle: str
    steps: tuple[StepResult, ...]
    audit: dict[str, Any] | None = None
    signer: SignerInfo | None = None
    bag_info: dict[str, str] | None = None
    warnings: tuple[str, ...] = field(default=())
    at: str = "signing-time"

    @property
    def ok(self) -> bool:
        """True only when every step passed (a draft may be ok: see ``counts``)."""
        return len(self.steps) == len(STEPS) and all(s.ok for s in self.steps)

    @property
    def draft(self) -> bool:
        return bool(self.bag_info and self.bag_info.get("Audit-Status") == "draft")

    @property
    def counts(self) -> bool:
        """True when the bundle proves a completed audit: valid, complete, not a draft."""
        return self.ok and not self.draft

    @property
    def failure(self) -> Failure | None:
        for s in self.steps:
            if s.status == "failed":
                return Failure(s.name, s.file, s.detail)
        return None

    @property
    def bundle_id(self) -> str | None:
        if self.bag_info:
            return self.bag_info.get("External-Identifier")
        return None

    def to_dict(self) -> dict[str, Any]:
        failure = self.failure
        return {
            "bundle": self.bundle,
            "bundle_id": self.bundle_id,
            "valid": self.ok,
            "draft": self.draft,
            "counts_as_audit": self.counts,
            "steps": [s.to_dict() for s in self.steps],
            "failure": failure.to_dict() if failure else None,
            "signer": self.signer.to_dict() if self.signer else None,
            "bag_info": self.bag_info,
            # of a bundle that failed, only the facts of the failure (``evidence show``
            # reads its audit.json without judging it)
            "audit": self.audit if self.ok else None,
            "warnings": list(self.warnings),
            "policy": {"at": self.at},
        }
