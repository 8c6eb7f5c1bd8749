"""CSV: one row per item, one value per cell, headers as keys (for spreadsheets).

Every cell goes through ``safe.csv_cell``: numbers stay numbers, text is shown visibly
and can never start a spreadsheet formula. Two dialects:

- ``csv``: UTF-8 without BOM, ``,`` separator, ``\\n`` line ends — for scripts and pandas.
- ``csv-excel`` (``--excel``): UTF-8 with BOM (so Excel reads Indonesian text intact),
  ``;`` separator (the list separator of Excel in the Indonesian locale) and CRLF.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

import csv
from typing import TextIO

from spbe_risk.documents.base import Document
from spbe_risk.formats.safe import csv_cell

BOM = "\ufeff"


def _write(doc: Document, out: TextIO, delimiter: str, lineterminator: str) -> None:
    keys = [k for k, _ in doc.columns]
    w = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)
    w.writerow(keys)
    for row in doc.get_rows():
        w.writerow([csv_cell(_cell(row.get(k))) for k in keys])


def _cell(value: object) -> object:
    """A message (a note, a warning) in the language of this render, as JSON does
    (``formats.json.localised``); ids, slugs, numbers and data stay as they are."""
    from spbe_risk.formats.language import tr
    from spbe_risk.messages import Msg

    return tr(value) if isinstance(value, Msg) else value


def write(doc: Document, out: TextIO) -> None:
    _write(doc, out, ",", "\n")


def write_excel(doc: Document, out: TextIO) -> None:
    out.write(BOM)
    _write(doc, out, ";", "\r\n")
