"""``check``'s cross-check of risk registers against verified audit conclusions.

Reads the workspace's sealed bundles (verifying them, which imports the CMS stack only
when a bundle exists) and turns each contradiction into a warning positioned at the
risk's control link, ``FILE:LINE:COL: warning: …``; warnings never change the exit code.
"""

from __future__ import annotations

from pathlib import Path

from spbe_risk.audit_evidence import BuktiAudit, scan, trust_files
from spbe_risk.coverage import KontrolTidakEfektif, ineffective_links
from spbe_risk.model import Workspace
from spbe_risk.problems import Problem
from spbe_risk.schema import FileCheck
from spbe_risk.yamlsource import parse


def workspace_evidence(ws: Workspace) -> BuktiAudit:
    return scan(Path(ws.root) / "audits", trust_files(ws.root), [a.id for a in ws.aset])


def _locate(item: KontrolTidakEfektif) -> tuple[FileCheck, tuple] | None:
    raw = Path(item.file).read_bytes()
    parsed = parse(item.file, raw)
    risks = (parsed.data or {}).get("risiko") or []
    for i, r in enumerate(risks):
        if isinstance(r, dict) and r.get("id") == item.risiko:
            for j, link in enumerate(r.get("kontrol") or []):
                if isinstance(link, dict) and link.get("id") == item.kontrol:
                    return FileCheck(item.file, parsed.text), ("risiko", i, "kontrol", j, "id")
    return None


def crosscheck_warnings(ws: Workspace, bukti: BuktiAudit | None = None) -> list[Problem]:
    bukti = workspace_evidence(ws) if bukti is None else bukti
    out: list[Problem] = []
    for item in ineffective_links(ws, bukti.kesimpulan):
        found = _locate(item)
        if found is None:
            out.append(Problem(item.file, 0, 0, item.message(), "warning"))
            continue
        fc, path = found
        fc.warning(path, item.message())
        out.extend(fc.problems())
    for r in bukti.ditolak:
        out.append(Problem(r["bundel"], 0, 0, f"evidence bundle rejected at step {r['langkah']}: "
                                              f"{r['alasan']} (it does not count as an audit)",
                           "warning"))
    return out
