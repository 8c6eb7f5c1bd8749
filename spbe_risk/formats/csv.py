"""CSV: one row per item, the table's columns, headers as keys (for spreadsheets).

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

import csv
from typing import TextIO

from spbe_risk.documents.base import Document


def write(doc: Document, out: TextIO) -> None:
    keys = [k for k, _ in doc.columns]
    w = csv.writer(out, lineterminator="\n")
    w.writerow(keys)
    for row in doc.get_rows():
        w.writerow(["" if row.get(k) is None else row.get(k) for k in keys])
