"""The terminal heatmap: the matrix laid out as in Formulir 2.9, counts in band colours.

Renders a heatmap ``Document`` (``documents.score.heatmap_document``): its ``extra``
holds the matrix, the counts per cell, the stage and the context.

Workspace text (the instansi's name, level names) reaches the terminal only as
``rich.text.Text`` made visible by ``safe.visible``, never as markup.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

from typing import TextIO

from spbe_risk.documents.base import N_, Document
from spbe_risk.formats.language import tr
from spbe_risk.formats.safe import visible
from spbe_risk.formats.table import style
from spbe_risk.scoring import level_risiko


def write(doc: Document, out: TextIO) -> None:
    matriks, counts = doc.extra["matriks"], doc.extra["counts"]
    stage = doc.extra["stage"]
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def text(s: str, style_: str = "") -> Text:
        return Text(visible(s), style=style_)

    from rich import box

    console = Console(file=out, highlight=False, emoji=False, markup=False)
    table = Table(title=text(tr(doc.title)), caption=text(tr(CAPTION)), show_lines=True,
                  box=box.HEAVY_HEAD if console.is_terminal else box.ASCII)
    def breakable(s: str) -> str:
        # a hyphenated level name ("Kadang-Kadang Terjadi") may wrap after its hyphen
        return visible(s).replace("-", "- ")

    def widest_word(*texts: str) -> int:
        return max(len(w) for t in texts for w in breakable(t).split())

    # Fixed widths of whole words: a header or level name is never broken mid-word.
    kemungkinan = [tr(n) for n in matriks.kemungkinan]
    dampak = [tr(n) for n in matriks.dampak]
    table.add_column(text(tr(CORNER)), style="bold",
                     width=widest_word(tr(CORNER).split(" \\ ")[0], *kemungkinan))
    for j, name in enumerate(dampak, start=1):
        table.add_column(text(f"{j} {name}"), justify="center",
                         width=max(widest_word(name), 8))
    for i in range(matriks.max_kemungkinan, 0, -1):
        cells = []
        for j in range(1, matriks.max_dampak + 1):
            b = matriks.besaran[i - 1][j - 1]
            n = counts[i - 1][j - 1]
            band = level_risiko(matriks, b)
            label = f"{b} ({n})" if n else f"{b}"
            cells.append(text(f" {label} ", style(band.warna)))
        table.add_row(Text(breakable(f"{i} {kemungkinan[i - 1]}")), *cells)
    console.print(table)
    items = [text(f" {tr(b.nama)} {b.min}–{b.max} ", style(b.warna)) for b in matriks.level_risiko]
    legend = Text("  ").join(items)
    if legend.cell_len <= console.width:
        console.print(legend, soft_wrap=True)
    else:                           # one band per line rather than a band cut in two
        for item in items:
            console.print(item, soft_wrap=True)
    console.print(text(tr(TOTAL) % {"n": sum(map(sum, counts)), "tahap": tr(stage)}))


CAPTION = N_("sel: besaran (jumlah risiko)")
CORNER = N_("Kemungkinan \\ Dampak")
TOTAL = N_("%(n)d risiko pada tahap %(tahap)s")
