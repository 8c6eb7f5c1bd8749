"""``spbe-risk build``: every output of a workspace, written atomically into one folder."""

from __future__ import annotations

from pathlib import Path

from spbe_risk import atomic
from spbe_risk.model import Workspace


def _write_doc(out_dir: Path, name: str, doc, fmt: str) -> Path:
    import io

    from spbe_risk.formats import render

    buf = io.StringIO()
    render(doc, fmt, buf)
    path = out_dir / name
    atomic.write_text(path, buf.getvalue())
    return path


def run_build(ws: Workspace, out_dir: Path, today: str | None = None) -> list[Path]:
    """Write scores (JSON, CSV) — and every later report — into ``out_dir``."""
    from spbe_risk.report_docs import score_document

    doc = score_document(ws)
    return [
        _write_doc(out_dir, "scores.json", doc, "json"),
        _write_doc(out_dir, "scores.csv", doc, "csv"),
    ]
