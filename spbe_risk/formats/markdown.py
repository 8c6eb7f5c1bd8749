"""Markdown (GitHub/GitLab flavoured) table, e.g. for a merge-request comment.

Untrusted text is data: control and invisible characters are shown (``safe.visible``);
pipes, backslashes, backticks, HTML angle brackets and markup characters are escaped, so
a cell can neither break the table nor inject HTML, links or images.
Layer: shell (formats). May import ``documents`` and ``formats.safe``.
"""

from __future__ import annotations

import re
from typing import TextIO

from spbe_risk.documents.base import Document
from spbe_risk.formats.safe import visible

_SPECIAL = re.compile(r"([\\`*_\[\]!|<>~&])")


def cell(value: object) -> str:
    """One table cell: controls and invisible characters made visible (``safe.visible``),
    then every character Markdown or HTML would act on escaped."""
    text = visible("" if value is None else str(value))
    return _SPECIAL.sub(r"\\\1", text).strip()


def write(doc: Document, out: TextIO) -> None:
    columns = doc.table_columns or doc.columns
    out.write(f"### {cell(doc.title)}\n\n")
    rows = doc.get_rows()
    if rows:
        out.write("| " + " | ".join(cell(h) for _, h in columns) + " |\n")
        out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
        for row in rows:
            out.write("| " + " | ".join(cell(row.get(k)) for k, _ in columns) + " |\n")
        out.write("\n")
    if doc.footer:
        out.write(cell(doc.footer) + "\n")
