"""Render report documents to files: one PDF (and optionally HTML) per document.

``render_pdf`` is the single path from a plain document to a PDF: template → HTML (Jinja2,
autoescaped) → PDF/A-3b with that same document attached as JSON. Files are written by
the caller's publishing step (``build.publish``), so a report folder appears whole or not
at all.

Layer: shell (report).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from spbe_risk.report.pdf import html_to_pdf
from spbe_risk.report.templates import render

#: progress(done, total, label) — called after each document (for a progress bar).
Progress = Callable[[int, int, str], None]


def source_json(doc: dict[str, Any]) -> str:
    """The JSON text a PDF carries: the exact document its page was rendered from."""
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def render_html(template: str, doc: dict[str, Any], lang: str, **extra: Any) -> str:
    return render(template, lang, doc=doc, **extra)


def render_pdf(template: str, doc: dict[str, Any], lang: str, refused: list[str] | None = None,
               **extra: Any) -> bytes:
    """``doc`` rendered by ``template`` as PDF/A-3b bytes, with ``doc`` attached; a very
    large Formulir in parts (``report.paged``: bounded memory, time linear in pages)."""
    from spbe_risk.report import paged

    if paged.applies(template, doc):
        return paged.render_pdf_parts(template, doc, lang, source_json(doc), refused, **extra)
    html = render_html(template, doc, lang, **extra)
    return html_to_pdf(html, source_json(doc), date.fromisoformat(doc["tanggal_dokumen"]),
                       refused=refused)
