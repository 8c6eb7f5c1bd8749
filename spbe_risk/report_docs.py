"""Documents (rows + JSON) for each command's output, built from core results."""

from __future__ import annotations

from spbe_risk.formats.interface import Document
from spbe_risk.model import Workspace
from spbe_risk.scoring import SCORE_COLUMNS, score_json, score_rows, score_workspace


def score_document(ws: Workspace, upr: str | None = None) -> Document:
    results = score_workspace(ws, upr)
    above = sum(h.perlu_penanganan for h in results)
    return Document(
        title=f"Penilaian Risiko SPBE — {ws.konteks.instansi} {ws.konteks.periode}"
              + (f" — UPR {upr}" if upr else ""),
        columns=SCORE_COLUMNS,
        rows=score_rows(results),
        data=score_json(ws, results),
        footer=f"{len(results)} risiko; {above} perlu penanganan (besaran "
               f"{ws.konteks.selera_risiko.aturan} selera risiko)",
    )
