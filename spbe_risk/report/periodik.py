"""Render the Laporan Periodik Penyelenggaraan Audit TIK: the cover letter (Lampiran III
Format 1) and the report (Format 2) as PDF/A-3b, each with the report's JSON attached
(``report.pdf``), plus the JSON itself and two CSV tables for the ministry's portal.

Everything is rendered in memory first; files are then written one by one, each
atomically (``atomic.write_bytes``), so a failure leaves no half-written file and a
rendering error leaves the output folder untouched.

Layer: shell (report).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

SURAT = "surat-laporan-periodik-audit-tik.pdf"
LAPORAN = "laporan-periodik-audit-tik.pdf"
DATA = "laporan-periodik-audit-tik.json"
CSV_AUDIT = "laporan-periodik-audit-tik-audit.csv"
CSV_KEWAJIBAN = "laporan-periodik-audit-tik-kewajiban.csv"


def render_files(doc: dict[str, Any], lang: str, excel: bool = False) -> dict[str, bytes]:
    """Every file of the report, by name."""
    from spbe_risk.documents.periodik import csv_documents
    from spbe_risk.formats import render
    from spbe_risk.formats.json import localised
    from spbe_risk.formats.language import writing_in
    from spbe_risk.report.i18n import gettext_for
    from spbe_risk.report.writer import render_pdf

    gettext = gettext_for(lang)         # notes in the JSON and CSVs: the report's language
    with writing_in(gettext, lang):
        data = localised(doc)
    out = {SURAT: render_pdf("periodik-surat.html.j2", doc, lang, orientation="portrait"),
           LAPORAN: render_pdf("periodik.html.j2", doc, lang),
           DATA: (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}
    for name, table in zip((CSV_AUDIT, CSV_KEWAJIBAN), csv_documents(doc), strict=True):
        buf = io.StringIO(newline="")
        render(table, "csv-excel" if excel else "csv", buf, gettext, lang)
        out[name] = buf.getvalue().encode("utf-8")
    return out


def write_files(files: dict[str, bytes], folder: str | Path) -> list[Path]:
    """Write ``files`` into ``folder`` (created if needed), each file atomically."""
    from spbe_risk import atomic

    base = Path(folder)
    with atomic.doing("create the folder", base):
        base.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        atomic.write_bytes(base / name, data)
        written.append(base / name)
    return written
