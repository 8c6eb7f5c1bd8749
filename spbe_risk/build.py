"""``spbe-risk build``: every output of a workspace, written atomically into one folder.

Layer: shell (orchestration). May import the core, sources, documents and formats.
"""

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
    """Scores, coverage, the audit schedule and its calendar, written into ``out_dir``.

    Everything is computed before the first file is written, so invalid input or an
    unreadable bundle folder leaves the output folder as it was.
    """
    from spbe_risk.documents import coverage_document, schedule_document, score_document
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources.clock import parse_today
    from spbe_risk.sources.schedule import build_schedule

    results = score_workspace(ws)
    scores = score_document(ws, results=results)
    jadwal = build_schedule(ws, parse_today(today, ws.konteks.zona_waktu))
    cover = coverage_document(ws, results=results, kesimpulan=jadwal.bukti.kesimpulan)
    plan = schedule_document(ws, jadwal)
    written = [
        _write_doc(out_dir, "scores.json", scores, "json"),
        _write_doc(out_dir, "scores.csv", scores, "csv"),
        _write_doc(out_dir, "coverage.json", cover, "json"),
        _write_doc(out_dir, "schedule.json", plan, "json"),
        _write_doc(out_dir, "audit-schedule.ics", plan, "ics"),
    ]
    return written
