"""Terminal table with rich, coloured by the regulation's band colours, fitted to the width.

Data never drives the terminal: every cell, the title and the footer are ``rich.text.Text``
objects (markup in data such as ``[/x]`` is printed as written, never interpreted) made
from ``safe.visible`` text (control, escape and bidi characters shown as symbols).

The table fits the console width (``COLUMNS``, the terminal, or 80 when piped). Columns
are taken in the document's priority order (``Document.priority``, else left to right)
while their minimum widths fit; the chosen ones are shown in document order. A column
whose cells hold no spaces (ids, dates, numbers, levels) is a *token* column: it gets its
full width and is never broken. A column of free text may shrink to ``TEXT_MIN`` and is
cut with an ellipsis. Headers wrap at spaces only. Piped output (not a terminal) is plain
ASCII without colour.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from spbe_risk.documents.base import N_, Document
from spbe_risk.formats.language import row_value, tr, tr_word
from spbe_risk.formats.safe import visible

#: The band colour words of PermenPANRB 5/2020 (and schedule statuses) → terminal styles.
WARNA: dict[str, str] = {
    "biru": "bold white on blue",
    "hijau": "bold black on green",
    "kuning": "bold black on yellow",
    "jingga": "bold black on dark_orange",
    "merah": "bold white on red",
    "redup": "dim",
}

#: Narrowest a free-text column gets before it is dropped, and what it asks for first.
TEXT_MIN = 12
TEXT_WANT = 28
#: A column is free text (may be cut) when a cell has a space and is wider than this;
#: narrower labels ("Sangat Tinggi", "Layanan Organisasi") are shown whole.
LABEL_MAX = 20
#: Widest a free-text column grows (longer text is cut with an ellipsis).
TEXT_MAX = 60
#: Per column: one space of padding each side and one border.
COLUMN_OVERHEAD = 3


def style(warna: str) -> str:
    return WARNA.get(warna, "")


def cell_text(value: Any) -> str:
    """What a cell shows: ``""`` for None, else the value's text shown visibly."""
    return "" if value is None else visible(str(value))


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def fit_columns(columns: Sequence[tuple[str, str]], rows: Sequence[dict[str, str]],
                width: int, priority: Sequence[str] = ()) -> list[tuple[str, str, int, bool]]:
    """The columns that fit ``width``: ``(key, header, width, is_text)`` in display order.

    ``rows`` hold the cell texts already made visible. Pure; used by ``write`` and tests.
    """
    keys = [k for k, _ in columns]
    headers = dict(columns)
    natural: dict[str, int] = {}
    minimum: dict[str, int] = {}
    is_text: dict[str, bool] = {}
    for key in keys:
        cells = [r.get(key, "") for r in rows]
        widest = max((len(c) for c in cells), default=0)
        word = _longest_word(headers[key])
        text = widest > LABEL_MAX and any(" " in c for c in cells)
        is_text[key] = text
        natural[key] = max(word, min(widest, TEXT_MAX) if text else widest, 1)
        minimum[key] = max(word, min(natural[key], TEXT_MIN)) if text else natural[key]
    want = {k: max(minimum[k], min(natural[k], TEXT_WANT)) if is_text[k] else natural[k]
            for k in keys}
    order = [k for k in priority if k in headers] + [k for k in keys if k not in priority]
    budget = width - 1                                  # the left border
    chosen: dict[str, int] = {}
    for key in order:
        if minimum[key] + COLUMN_OVERHEAD <= budget:
            chosen[key] = min(want[key], budget - COLUMN_OVERHEAD)
            budget -= chosen[key] + COLUMN_OVERHEAD
        elif not chosen and budget > COLUMN_OVERHEAD:   # the first column always shows
            chosen[key] = budget - COLUMN_OVERHEAD
            budget = 0
    # Spare room widens the free-text columns toward their natural width, in priority order.
    for key in order:
        if key in chosen and is_text[key] and budget > 0:
            extra = min(budget, natural[key] - chosen[key])
            chosen[key] += extra
            budget -= extra
    return [(k, headers[k], chosen[k], is_text[k]) for k in keys if k in chosen]


def write(doc: Document, out: TextIO) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, emoji=False, markup=False)
    terminal = console.is_terminal
    columns = tuple((k, tr(h)) for k, h in (doc.table_columns or doc.columns))
    source = doc.get_rows()
    words = set(doc.word_columns)
    rows = [{k: cell_text(tr_word(r.get(k)) if k in words else row_value(doc, r, k))
             for k, _ in columns} for r in source]
    fitted = fit_columns(columns, rows, console.width, doc.priority)
    table = Table(title=Text(visible(tr(doc.title))), show_lines=False, header_style="bold",
                  box=box.HEAVY_HEAD if terminal else box.ASCII, expand=False,
                  caption=_dropped_caption(columns, fitted))
    for _, header, width, _text in fitted:
        table.add_column(Text(header, no_wrap=False, overflow="fold"), width=width, no_wrap=True,
                         overflow="ellipsis")
    for raw, cells in zip(source, rows, strict=True):
        colour = style(raw.get(doc.colour_key, ""))
        table.add_row(*(Text(cells[key], style=colour if colour and key == doc.colour_column
                             else "", no_wrap=True, overflow="ellipsis")
                        for key, *_ in fitted))
    console.print(table)
    if doc.footer:
        console.print(Text(visible(tr(doc.footer), newlines=True)), soft_wrap=True)


def _dropped_caption(columns: Sequence[tuple[str, str]],
                     fitted: Sequence[tuple[str, str, int, bool]]) -> Any:
    shown = {k for k, *_ in fitted}
    dropped = [h for k, h in columns if k not in shown]
    if not dropped:
        return None
    from rich.text import Text

    return Text(tr(DROPPED) % {"columns": ", ".join(dropped)})


DROPPED = N_("tidak muat di layar: %(columns)s (lebarkan terminal atau pakai --format csv/json)")
