"""Terminal table with rich, coloured by the regulation's band colours.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

from typing import TextIO

from spbe_risk.documents.base import Document

#: The band colour words of PermenPANRB 5/2020 (and schedule statuses) → terminal styles.
WARNA: dict[str, str] = {
    "biru": "bold white on blue",
    "hijau": "bold black on green",
    "kuning": "bold black on yellow",
    "jingga": "bold black on dark_orange",
    "merah": "bold white on red",
    "redup": "dim",
}


def style(warna: str) -> str:
    return WARNA.get(warna, "")


def write(doc: Document, out: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=out, width=max(160, Console(file=out).width))
    table = Table(title=doc.title, show_lines=False, header_style="bold")
    columns = doc.table_columns or doc.columns
    for _, header in columns:
        table.add_column(header, overflow="fold")
    for row in doc.get_rows():
        colour = style(row.get(doc.colour_key, ""))
        cells = []
        for key, _ in columns:
            text = "" if row.get(key) is None else str(row.get(key))
            cells.append(f"[{colour}]{escape(text)}[/]" if colour and key == doc.colour_column
                         else escape(text))
        table.add_row(*cells)
    console.print(table)
    if doc.footer:
        console.print(doc.footer)
