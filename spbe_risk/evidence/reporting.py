"""What the LHAK needs from an evidence folder: the checked audit record and the
evidence files' sizes and SHA-256, gathered with the same checks ``seal`` applies.

``evidence report`` and ``seal --with-report`` both start here, so the report never
lists a file ``seal`` would refuse, and a complete folder gives the same report either
way. Rendering is not done here (evidence does not import ``report``): the CLI passes a
renderer — ``(audit, files, draft) -> PDF bytes`` — to ``seal_folder``.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spbe_risk.documents.lhak import REPORT_PATH
from spbe_risk.evidence import auditcheck
from spbe_risk.evidence.auditcheck import KnownIds
from spbe_risk.evidence.folder import load_audit
from spbe_risk.evidence.seal import Renderer, evidence_rows, plan_folder


@dataclass(frozen=True)
class ReportInput:
    audit: dict[str, Any]
    files: list[dict[str, Any]]
    draft: bool
    incomplete: list[tuple[str, str]]


def report_input(folder: str | os.PathLike[str], known: KnownIds | None = None) -> ReportInput:
    """The folder's audit and evidence for a report, checked as ``seal`` checks them
    (as ``seal --draft`` when the audit is incomplete or marked a draft)."""
    base = Path(folder)
    raw = load_audit(base)
    incomplete = auditcheck.completeness_problems(raw)
    draft = auditcheck.is_draft(raw) or bool(incomplete)
    plan = plan_folder(base, draft=draft, known=known)
    return ReportInput(plan.audit, evidence_rows(plan.files), plan.draft, incomplete)


__all__ = ["REPORT_PATH", "ReportInput", "Renderer", "evidence_rows", "report_input"]
