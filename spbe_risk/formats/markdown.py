"""Markdown (GitHub/GitLab flavoured) table, e.g. for a merge-request comment.

Untrusted text is data: pipes, backslashes, backticks, HTML angle brackets and markup
characters are escaped and line breaks folded, so a cell can neither break the table nor
inject HTML, links or images. Layer: shell (formats). May import ``documents`` only.
"""

from __future__ import annotations

import re
from typing import TextIO

from spbe_risk.documents.base import Document

_SPECIAL = re.compile(r"([\\`*_\[\]!|<>~&])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = _CONTROL.sub(" ", text)
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
