"""``Document``: what every output format renders, and nothing else.

A command builds a ``Document`` — a title, columns and flat rows for tables and CSV, and
the nested JSON data for automation — and hands it to a format by name. Commands never
build output strings themselves. Imports nothing of the package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def N_(text: str) -> str:
    """Mark ``text`` as a catalog id: documents keep Indonesian ids, the templates
    translate them; ``scripts/update-catalog`` extracts every ``N_("…")``."""
    return text


@dataclass(frozen=True)
class Document:
    """What a command outputs. ``rows`` and ``data`` may be zero-argument callables so a
    format only pays for what it prints (JSON never builds table rows, and vice versa)."""

    title: str                                 # a catalog id or ``messages.Msg``
    columns: tuple[tuple[str, str], ...]      # (row key, column header: a catalog id)
    rows: list[dict[str, Any]] | Callable[[], list[dict[str, Any]]]
    data: Any                                  # the JSON document (or a callable making it)
    colour_key: str = "_warna"                 # row key holding a colour word (optional)
    colour_column: str = "level_risiko"        # the column whose cell shows that colour
    footer: str = ""                           # a line under the table (id or Msg)
    table_columns: tuple[tuple[str, str], ...] = ()   # narrower set for terminals (default: columns)
    priority: tuple[str, ...] = ()             # column keys kept first on a narrow terminal
    extra: dict[str, Any] = field(default_factory=dict)
    #: columns whose cells are catalog words (levels, statuses, "ya"): translated on the
    #: terminal, kept as written in CSV and JSON
    word_columns: tuple[str, ...] = ()
    #: column → row key of its English twin (``judul`` → ``judul_en``), shown with --lang en
    english_columns: dict[str, str] = field(default_factory=dict)

    def get_rows(self) -> list[dict[str, Any]]:
        return self.rows() if callable(self.rows) else self.rows

    def get_data(self) -> Any:
        return self.data() if callable(self.data) else self.data
