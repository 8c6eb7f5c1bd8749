"""``check``'s cross-check of risk registers against verified audit conclusions (pure).

Each contradiction — a control a risk counts on that the latest verified audit of the
asset found ineffective — becomes a warning positioned at the risk's control link,
``FILE:LINE:COL: warning: …``; rejected bundles become warnings too. Warnings never change
the exit code. The shell (``sources.bundles.evidence_warnings``) reads the bundles and the
register texts; this module imports only the model, coverage, schedule data and the loader's
position machinery.
"""

from __future__ import annotations

from collections.abc import Mapping

from spbe_risk.coverage import KontrolTidakEfektif, ineffective_links
from spbe_risk.load.diagnostics import BUNDLE_REJECTED, step_word
from spbe_risk.load.fields import FileCheck
from spbe_risk.load.yamlsource import parse
from spbe_risk.model import Workspace
from spbe_risk.problems import Problem
from spbe_risk.schedule import BuktiAudit


def _locate(item: KontrolTidakEfektif, raw: bytes) -> tuple[FileCheck, tuple] | None:
    parsed = parse(item.file, raw)
    risks = (parsed.data or {}).get("risiko") or []
    for i, r in enumerate(risks):
        if isinstance(r, dict) and r.get("id") == item.risiko:
            for j, link in enumerate(r.get("kontrol") or []):
                if isinstance(link, dict) and link.get("id") == item.kontrol:
                    return FileCheck(item.file, parsed.text), ("risiko", i, "kontrol", j, "id")
    return None


def crosscheck_warnings(ws: Workspace, bukti: BuktiAudit, texts: Mapping[str, bytes]
                        ) -> list[Problem]:
    """Warnings for ineffective controls and rejected bundles; ``texts`` maps each
    register file to its bytes (to position the warning)."""
    out: list[Problem] = []
    for item in ineffective_links(ws, bukti.kesimpulan):
        found = _locate(item, texts[item.file]) if item.file in texts else None
        if found is None:
            out.append(Problem(item.file, 0, 0, item.message(), "warning"))
            continue
        fc, path = found
        fc.warning(path, item.message())
        out.extend(fc.problems())
    for r in bukti.ditolak:
        out.append(Problem(r["bundel"], 0, 0, BUNDLE_REJECTED(step=_step(r["langkah"]),
                                                              reason=r["alasan"]), "warning"))
    return out


def _step(name: str):
    """A verification step as a word (``payload`` → "muatan")."""
    return step_word(name)
