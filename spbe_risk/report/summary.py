"""The executive summary (PDF/A-3b) and the dashboard (one self-contained HTML file) of a
workspace, rendered into memory, and a writer for a build's generation folder.

``build.plan_outputs`` already has the scored results, the schedule and the coverage; it
passes them here, so nothing is computed twice. The files are published by the caller
(``build.publish``) — ``write_summary`` is the ``Writer`` form of the same thing.

Layer: shell (report).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

#: File names inside a report folder.
RINGKASAN_PDF = "ringkasan-eksekutif.pdf"
DASBOR_HTML = "dasbor.html"


def render_summary(ws, results: Sequence, jadwal, cakupan: Sequence, today: date, lang: str
                   ) -> dict[str, bytes]:
    """``{file name: bytes}``: the summary PDF and the dashboard HTML."""
    from spbe_risk.documents.ringkasan import dashboard_document, ringkasan_document
    from spbe_risk.report.writer import render_html, render_pdf

    summary = ringkasan_document(ws, results, jadwal, cakupan, today)
    board = dashboard_document(ws, results, jadwal, cakupan, today)
    return {RINGKASAN_PDF: render_pdf("ringkasan.html.j2", summary, lang),
            DASBOR_HTML: render_html("dashboard.html.j2", board, lang).encode("utf-8")}


def write_summary(files: dict[str, bytes], folder: Path) -> list[Path]:
    """Write rendered files into ``folder`` (atomic replace, one file at a time)."""
    from spbe_risk import atomic

    out = []
    for name, data in files.items():
        atomic.write_bytes(folder / name, data)
        out.append(folder / name)
    return out


def summary_inputs(ws, today: date) -> dict[str, Any]:
    """Results, schedule and coverage computed as ``build`` does (for callers that have
    none yet, e.g. ``spbe-risk report``)."""
    from spbe_risk import coverage as cov
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources.schedule import build_schedule

    results = score_workspace(ws)
    return {"results": results, "jadwal": build_schedule(ws, today),
            "cakupan": cov.coverage(ws, results)}
