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
    """What a command outputs. ``rows`` and ``data`` may be zero-argument callables so a
    format only pays for what it prints (JSON never builds table rows, and vice versa)."""

    title: str
    columns: tuple[tuple[str, str], ...]      # (row key, column header)
    rows: list[dict[str, Any]] | Callable[[], list[dict[str, Any]]]
    data: Any                                  # the JSON document (or a callable making it)
    colour_key: str = "_warna"                 # row key holding a colour word (optional)
    colour_column: str = "level_risiko"        # the column whose cell shows that colour
    footer: str = ""                           # a line under the table
    table_columns: tuple[tuple[str, str], ...] = ()   # narrower set for terminals (default: columns)
    extra: dict[str, Any] = field(default_factory=dict)

    def get_rows(self) -> list[dict[str, Any]]:
        return self.rows() if callable(self.rows) else self.rows

    def get_data(self) -> Any:
        return self.data() if callable(self.data) else self.data


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
