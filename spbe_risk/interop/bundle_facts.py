"""What an OSCAL export needs from a sealed evidence bundle, read only once it verified.

``verified_facts(path, policy)`` runs the six verification steps; anything but a pass is
an ``InputError`` naming the failing step (exit 2: we never export results from a bundle
that does not verify). It then re-reads the payload manifest (now known to be intact and
signed) for each evidence file's SHA-256.

Layer: shell (interop). Reads the bundle file through ``spbe_risk.evidence``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from spbe_risk.problems import InputError, Problem


@dataclass(frozen=True)
class BundleFacts:
    bundle: str                       # the path as given
    audit: dict[str, Any]             # audit.json
    bag_info: dict[str, str]
    signer: dict[str, Any]
    manifest: dict[str, str]          # payload path (data/...) → sha256 hex
    trusted: bool                     # signer chains to a pinned root


def verified_facts(path: str | os.PathLike[str], policy: Any) -> BundleFacts:
    from spbe_risk.evidence import MANIFEST
    from spbe_risk.evidence.manifest import parse_manifest
    from spbe_risk.evidence.verify import verify_bundle
    from spbe_risk.evidence.zipread import SafeZip

    shown = os.fspath(path)
    result = verify_bundle(path, policy)
    if not result.ok:
        from spbe_risk.load.diagnostics import step_word
        from spbe_risk.messages import N_, at, msg

        f = result.failure
        step = f.step if f else next((s.name for s in result.steps if not s.ok), "?")
        reason = f.reason if f else msg(N_("tidak semua langkah verifikasi lulus"))
        raise InputError([Problem(shown, 0, 0, msg(N_(
            "diharapkan bundel yang lolos verifikasi, ditemukan bundel yang gagal pada "
            "langkah %(step)s: %(reason)s"), step=step_word(step),
            reason=at(f.file, reason) if f and f.file else reason))])
    with SafeZip(path, policy.limits) as zf:
        manifest = parse_manifest(zf.read_bytes(zf.by_path[MANIFEST]), "data/")
    signer = result.signer.to_dict() if result.signer else {}
    return BundleFacts(shown, result.audit or {}, result.bag_info or {}, signer, manifest,
                       bool(signer.get("trusted")))
