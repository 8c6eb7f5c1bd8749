"""The one interface every output format implements.

A command builds a ``Document`` — a title, columns and flat rows for tables and CSV, and
the nested JSON data for automation — and hands it to a format by name. Commands never
build output strings themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass(frozen=True)
class Document:
    title: str
    columns: tuple[tuple[str, str], ...]      # (row key, column header)
    rows: list[dict[str, Any]]
    data: Any                                  # the JSON document
    colour_key: str = "_warna"                 # row key holding a colour word (optional)
    colour_column: str = "level_risiko"        # the column whose cell shows that colour
    footer: str = ""                           # a line under the table
    extra: dict[str, Any] = field(default_factory=dict)


Writer = Callable[[Document, TextIO], None]


def _json(doc: Document, out: TextIO) -> None:
    from spbe_risk.formats.json_format import write
    write(doc, out)


def _csv(doc: Document, out: TextIO) -> None:
    from spbe_risk.formats.csv_format import write
    write(doc, out)


def _table(doc: Document, out: TextIO) -> None:
    from spbe_risk.formats.table_format import write
    write(doc, out)


FORMATS: dict[str, Writer] = {"table": _table, "json": _json, "csv": _csv}


def render(doc: Document, fmt: str, out: TextIO) -> None:
    FORMATS[fmt](doc, out)
