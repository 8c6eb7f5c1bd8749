"""The bundles in a workspace's ``audits/`` as the store records them: verdict (from the
same scan the schedule uses), SHA-256 of the tag manifest and of the signature, and the
signer's certificate fingerprint.

The verdict is ``sources.bundles.scan``'s (verified against the workspace's trust
anchors, asset known to the inventory); the hashes are read from the ZIP with the
evidence package's safe reader, never extracted. A bundle too damaged to open gets no
hashes, only its verdict.

Layer: shell (store). Imports ``sources.bundles`` values and, lazily, ``evidence``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from spbe_risk.schedule import BuktiAudit


@dataclass(frozen=True)
class BundelTercatat:
    file: str                 # as the scan names it
    id_audit: str | None
    aset: str | None
    status: str               # "terverifikasi" | "ditolak"
    langkah: str | None
    alasan: str | None
    sha256_tagmanifest: str | None
    sha256_tanda_tangan: str | None
    sidik_jari_penanda: str | None

    def row(self) -> tuple:
        return (self.file, self.id_audit, self.aset, self.status, self.langkah, self.alasan,
                self.sha256_tagmanifest, self.sha256_tanda_tangan, self.sidik_jari_penanda)


def _hashes(path: Path) -> tuple[str | None, str | None, str | None]:
    """(tag manifest, signature, top folder name) hashes from the ZIP, or Nones."""
    from spbe_risk.evidence import SIGNATURE, TAGMANIFEST
    from spbe_risk.evidence.zipread import SafeZip

    try:
        with SafeZip(path) as zf:
            out = []
            for rel in (TAGMANIFEST, SIGNATURE):
                entry = zf.by_path.get(rel)
                out.append(hashlib.sha256(zf.read_bytes(entry, 1 << 20)).hexdigest()
                           if entry is not None else None)
            return out[0], out[1], zf.top
    except Exception:  # noqa: BLE001  a hostile ZIP is recorded by its verdict alone
        return None, None, None


def _fingerprint(path: Path, trust: list[Path]) -> tuple[str | None, str | None, str | None]:
    """(signer fingerprint, bundle id, asset) of a verified bundle."""
    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.evidence.verify import verify_bundle

    try:
        result = verify_bundle(path, TrustPolicy.from_pem_files(trust))
    except Exception:  # noqa: BLE001
        return None, None, None
    audit = result.audit or {}
    return (result.signer.fingerprint_sha256 if result.signer else None,
            audit.get("id_audit") or result.bundle_id, audit.get("aset"))


def bundles_seen(folder: Path, bukti: BuktiAudit, trust: list[Path]) -> list[BundelTercatat]:
    """Every ``*.zip`` in ``folder`` with the scan's verdict and its hashes."""
    if not folder.is_dir():
        return []
    rejected = {str(r["bundel"]): r for r in bukti.ditolak}
    out = []
    for path in sorted(p for p in folder.glob("*.zip") if p.is_file()):
        tag, sig, top = _hashes(path)
        r = rejected.get(str(path))
        if r is not None:
            out.append(BundelTercatat(path.name, top, None, "ditolak", r.get("langkah"),
                                      r.get("alasan"), tag, sig, None))
            continue
        fp, bid, aset = _fingerprint(path, trust)
        out.append(BundelTercatat(path.name, bid or top, aset, "terverifikasi", None, None,
                                  tag, sig, fp))
    return out
