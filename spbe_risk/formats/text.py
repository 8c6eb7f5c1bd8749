"""Plain text for an evidence ``Document``: aligned rows, labelled sections, a verdict.

Plain (no colour, no box drawing) because verification reports get pasted into audit
working papers and e-mails, where they must read the same as on the terminal. Every
value is shown through ``safe.visible``: a bundle's text cannot move the cursor, rewrite
a line or reorder it with bidi controls.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

from typing import TextIO

from spbe_risk.documents.base import Document
from spbe_risk.formats.language import tr, tr_word
from spbe_risk.formats.safe import visible


def _cell(value: object) -> str:
    return "-" if value is None else visible(str(value))


def write(doc: Document, out: TextIO) -> None:
    out.write(visible(tr(doc.title)) + "\n")
    rows = doc.get_rows()
    words = set(doc.word_columns)
    if rows:
        keys = [k for k, _ in doc.columns]
        shown = [{k: _cell(tr_word(r.get(k)) if k in words else r.get(k))
                  for k in keys} for r in rows]
        widths = {k: max(len(r[k]) for r in shown) for k in keys[:-1]}
        if any(h != k for k, h in doc.columns) or doc.columns[0][0] == "kontrol":
            header = "  ".join(visible(tr(h)).ljust(widths.get(k, 0)) for k, h in doc.columns)
            out.write(header.rstrip() + "\n")
        for row in shown:
            out.write("  ".join(row[k].ljust(widths.get(k, 0)) for k in keys).rstrip() + "\n")
    for title, items in doc.extra.get("sections", []):
        out.write(f"\n{visible(tr(title))}:\n")
        labels = [visible(tr(label)) for label, _ in items]
        width = max((len(label) for label in labels), default=0)
        for label, (_, value) in zip(labels, items, strict=True):
            out.write(f"  {label.ljust(width)}  {_cell(value)}\n")
    if doc.footer:
        out.write("\n" + visible(tr(doc.footer), newlines=True) + "\n")
