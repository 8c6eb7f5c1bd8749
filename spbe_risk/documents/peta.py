"""The heatmap as plain data for the SVG template: the 5×5 grid with the matrix's besaran
numbers and band colours, and the risks in each cell, for one stage.

Pure: imports the model and the scoring core only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spbe_risk.documents.base import N_
from spbe_risk.model import Matriks
from spbe_risk.scoring import HasilRisiko, level_risiko, stage_skor

#: Stage → its title (a catalog id: the template translates it). "Kondisi terkini" is
#: every risk at its latest monitoring, an unmonitored one at its analysis (``terkini``);
#: "pemantauan" holds only the monitored risks and is titled as such.
JUDUL_TAHAP = {"analisis": N_("Analisis risiko"), "residual": N_("Risiko residual harapan"),
               "pemantauan": N_("Hasil pemantauan terakhir"),
               "terkini": N_("Kondisi terkini")}


def level_risiko_json(matriks: Matriks) -> list[dict[str, Any]]:
    """The matrix's bands (name, besaran range, colour word), for legends and tables."""
    return [{"nama": b.nama, "min": b.min, "max": b.max, "warna": b.warna}
            for b in matriks.level_risiko]


def peta_risiko(results: Sequence[HasilRisiko], matriks: Matriks, stage: str) -> dict[str, Any]:
    """``{judul, tahap, baris: [{kemungkinan, nama, sel: [...]}], dampak: [...]}``; rows
    from the highest kemungkinan down, as the Formulir prints the matrix."""
    ids: dict[tuple[int, int], list[str]] = {}
    for h in results:
        s = stage_skor(h, stage)
        if s is not None:
            ids.setdefault((s.kemungkinan, s.dampak), []).append(h.risiko.id)
    baris = []
    for k in range(matriks.max_kemungkinan, 0, -1):
        sel = []
        for d in range(1, matriks.max_dampak + 1):
            nilai = matriks.besaran[k - 1][d - 1]
            here = ids.get((k, d), [])
            sel.append({"dampak": d, "besaran": nilai, "warna": level_risiko(matriks, nilai).warna,
                        "jumlah": len(here), "risiko": sorted(here)})
        baris.append({"kemungkinan": k, "nama": matriks.kemungkinan[k - 1], "sel": sel})
    return {"judul": JUDUL_TAHAP[stage], "tahap": stage, "baris": baris,
            "jumlah": sum(len(v) for v in ids.values()),
            "dampak": [{"level": d, "nama": matriks.dampak[d - 1]}
                       for d in range(1, matriks.max_dampak + 1)]}


def peta_tiga_tahap(results: Sequence[HasilRisiko], matriks: Matriks,
                    terakhir: str = "pemantauan") -> list[dict[str, Any]]:
    """Analysis, residual and a third stage side by side: the latest monitoring
    (Formulir 5.0, a monitoring report) or ``terkini`` (the summary: every risk)."""
    return [peta_risiko(results, matriks, s) for s in ("analisis", "residual", terakhir)]
