"""Plain text for an evidence ``Document``: aligned rows, labelled sections, a verdict.

Plain (no colour, no box drawing) because verification reports get pasted into audit
working papers and e-mails, where they must read the same as on the terminal.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

from typing import TextIO

from spbe_risk.documents.base import Document


def write(doc: Document, out: TextIO) -> None:
    out.write(doc.title + "\n")
    if doc.rows:
        keys = [k for k, _ in doc.columns]
        widths = {k: max(len(str(r.get(k) or "")) for r in doc.rows) for k in keys[:-1]}
        if any(h != k for k, h in doc.columns) or doc.columns[0][0] == "kontrol":
            header = "  ".join(h.ljust(widths.get(k, 0)) for k, h in doc.columns)
            out.write(header.rstrip() + "\n")
        for row in doc.rows:
            cells = [str(row.get(k) if row.get(k) is not None else "-").ljust(widths.get(k, 0))
                     for k in keys]
            out.write("  ".join(cells).rstrip() + "\n")
    for title, items in doc.extra.get("sections", []):
        out.write(f"\n{title}:\n")
        width = max((len(str(label)) for label, _ in items), default=0)
        for label, value in items:
            out.write(f"  {str(label).ljust(width)}  {'-' if value is None else value}\n")
    if doc.footer:
        out.write("\n" + doc.footer + "\n")
