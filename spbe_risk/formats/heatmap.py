"""The terminal heatmap: the matrix laid out as in Formulir 2.9, counts in band colours.

Renders a heatmap ``Document`` (``documents.score.heatmap_document``): its ``extra``
holds the matrix, the counts per cell, the stage and the context.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

from typing import TextIO

from spbe_risk.documents.base import Document
from spbe_risk.formats.table import style
from spbe_risk.scoring import level_risiko


def write(doc: Document, out: TextIO) -> None:
    matriks, counts = doc.extra["matriks"], doc.extra["counts"]
    stage, konteks = doc.extra["stage"], doc.extra["konteks"]
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Peta Risiko ({stage}) — {konteks.instansi} {konteks.periode}",
                  caption="sel: besaran (jumlah risiko)", show_lines=True)
    table.add_column("Kemungkinan \\ Dampak", style="bold")
    for j, name in enumerate(matriks.dampak, start=1):
        table.add_column(f"{j} {name}", justify="center")
    for i in range(matriks.max_kemungkinan, 0, -1):
        cells = []
        for j in range(1, matriks.max_dampak + 1):
            b = matriks.besaran[i - 1][j - 1]
            n = counts[i - 1][j - 1]
            band = level_risiko(matriks, b)
            text = f"{b} ({n})" if n else f"{b}"
            cells.append(f"[{style(band.warna)}] {text} [/]")
        table.add_row(f"{i} {matriks.kemungkinan[i - 1]}", *cells)
    console = Console(file=out)
    console.print(table)
    legend = "  ".join(f"[{style(b.warna)}] {b.nama} {b.min}–{b.max} [/]"
                       for b in matriks.level_risiko)
    console.print(legend)
    console.print(f"{sum(map(sum, counts))} risiko pada tahap {stage}")
