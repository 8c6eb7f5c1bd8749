"""Completed audits proven by sealed bundles: verify every ZIP in a workspace's audits/.

Shell: reads the bundle folder and the trust anchors, runs ``evidence verify``, and hands
plain ``BuktiAudit`` to the core (schedule, coverage, cross-check).

A bundle counts for the schedule only when ``evidence verify`` passes against the
workspace's trust anchors (``<workspace>/trust/*.pem``, or ``--trust``) **and** it proves a
completed audit (complete, not a draft) of an asset in ``assets.yaml``; anything else is
listed as rejected evidence with the failing step and reason, and does not count.

The audit's date is the signing time (checked against the verifier's clock and the
Bagging-Date by ``verify``) taken as a calendar date in the instansi's time zone
(``zona_waktu``), so a bundle signed at 23:30 WITA on 1 July counts from 1 July, never a
day early or late.

Layer: shell (outside world). May import the core and, lazily, ``evidence``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spbe_risk.model import Workspace
from spbe_risk.problems import InputError
from spbe_risk.schedule import AuditSelesai, BuktiAudit


def trust_files(workspace: str | os.PathLike[str], extra: Sequence[str] = ()) -> list[Path]:
    own = sorted((Path(workspace) / "trust").glob("*.pem"))
    return [*own, *map(Path, extra)]


def audit_day(signing_time: datetime | None, bagging_timestamp: str,
              zona_waktu: str) -> date:
    """The calendar date of an audit in the instansi's zone (WIB, WITA, WIT): of the
    signing time, else of the Bagging-Timestamp (both are UTC instants)."""
    from datetime import timedelta, timezone

    from spbe_risk.vocab import ZONA_WAKTU

    moment = signing_time or datetime.fromisoformat(bagging_timestamp.replace("Z", "+00:00"))
    zone = timezone(timedelta(hours=ZONA_WAKTU.get(zona_waktu, 7)))
    return moment.astimezone(zone).date()


def scan(folder: str | os.PathLike[str], trust: Iterable[str | os.PathLike[str]],
         aset_ids: Iterable[str], zona_waktu: str = "WIB") -> BuktiAudit:
    """Verify every ``*.zip`` directly in ``folder`` (none there: nothing to count)."""
    base = Path(folder)
    bundles = sorted(p for p in base.glob("*.zip") if p.is_file()) if base.is_dir() else []
    if not bundles:
        return BuktiAudit((), (), {})
    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.evidence.verify import verify_bundle

    policy = TrustPolicy.from_pem_files(list(trust))
    known = set(aset_ids)
    done: list[AuditSelesai] = []
    rejected: list[dict[str, Any]] = []
    latest: dict[str, tuple[date, dict[str, Any]]] = {}
    for path in bundles:
        try:
            result = verify_bundle(path, policy)
        except InputError as exc:
            rejected.append({"bundel": str(path), "langkah": "container",
                             "alasan": exc.problems[0].message})
            continue
        if not result.ok:
            f = result.failure
            step = f.step if f else next((s.name for s in result.steps if not s.ok), "?")
            reason = f.reason if f else "not every verification step passed"
            if f and f.file:
                reason = f"{f.file}: {reason}"
            rejected.append({"bundel": str(path), "langkah": step, "alasan": reason})
            continue
        audit = result.audit or {}
        info = result.bag_info or {}
        if result.draft:
            rejected.append({"bundel": str(path), "langkah": "completeness",
                             "alasan": "a draft (sealed with --draft): it does not prove a "
                                       "completed audit"})
            continue
        if audit.get("aset") not in known:
            rejected.append({"bundel": str(path), "langkah": "aset",
                             "alasan": f"audit.json names asset {audit.get('aset')!r}, which "
                                       f"is not in assets.yaml"})
            continue
        day = audit_day(result.signer.signing_time if result.signer else None,
                        info["Bagging-Timestamp"], zona_waktu)
        auditor = audit.get("auditor") or {}
        done.append(AuditSelesai(audit["aset"], audit["jenis_audit"], day, audit["pelaksana"],
                                 auditor.get("organisasi") or auditor.get("nama") or "",
                                 "verified", audit.get("id_audit", ""),
                                 f"bundel terverifikasi, ditandatangani "
                                 f"{result.signer.subject if result.signer else '?'}"))
        prev = latest.get(audit["aset"])
        if prev is None or day >= prev[0]:
            latest[audit["aset"]] = (day, {"id_audit": audit.get("id_audit"), "tanggal": day,
                                           "kesimpulan": audit.get("kesimpulan") or []})
    return BuktiAudit(tuple(done), tuple(rejected), {k: v for k, (_, v) in latest.items()})


def workspace_evidence(ws: Workspace) -> BuktiAudit:
    """The bundles in ``WORKSPACE/audits/`` verified against ``WORKSPACE/trust/*.pem``."""
    from spbe_risk.sources import source_path

    root = source_path(ws.root)          # the folder on disk behind the display name
    return scan(root / "audits", trust_files(root), [a.id for a in ws.aset],
                ws.konteks.zona_waktu)


def evidence_warnings(ws: Workspace, bukti: BuktiAudit | None = None) -> list:
    """``check``'s cross-check of registers against verified audit conclusions: reads the
    workspace's bundles and the register texts, then runs the pure cross-check."""
    from spbe_risk.crosscheck import crosscheck_warnings

    bukti = workspace_evidence(ws) if bukti is None else bukti
    from spbe_risk.sources import read_regular, source_path

    texts = {reg.file: read_regular(source_path(reg.file)) for reg in ws.registers}
    return crosscheck_warnings(ws, bukti, texts)
