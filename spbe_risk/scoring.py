"""The PermenPANRB 5/2020 scoring engine: matrix lookup, bands, appetite, priority, roll-ups.

Pure functions over the model. Besaran is always looked up in the instansi's matrix —
never kemungkinan × dampak — because the regulation's table is not multiplicative.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spbe_risk.model import (
    Konteks,
    LevelRisiko,
    Matriks,
    Pemantauan,
    Risiko,
    SeleraRisiko,
    Workspace,
)


@dataclass(frozen=True, slots=True)
class Skor:
    """One stage's assessment: levels, looked-up besaran and its band."""

    kemungkinan: int
    dampak: int
    besaran: int
    level_risiko: str
    warna: str

    def as_json(self) -> dict[str, Any]:
        return {"kemungkinan": self.kemungkinan, "dampak": self.dampak, "besaran": self.besaran,
                "level_risiko": self.level_risiko}


@dataclass(frozen=True, slots=True)
class HasilRisiko:
    """A scored risk (Formulir 3.0–5.0 columns) with its deterministic priority rank."""

    risiko: Risiko
    analisis: Skor
    residual: Skor | None
    pemantauan: Skor | None
    periode_pemantauan: str | None
    selera_risiko: int
    perlu_penanganan: bool
    residual_di_atas_selera: bool | None
    tren: str | None          # "naik", "turun", "tetap" (current vs analisis besaran)
    prioritas: int = 0

    @property
    def terkini(self) -> Skor:
        """The current view: latest monitoring if any, else the analysis."""
        return self.pemantauan or self.analisis


def besaran(matriks: Matriks, kemungkinan: int, dampak: int) -> int:
    """Look up the cell; levels are 1-based as in the forms."""
    if not (1 <= kemungkinan <= matriks.max_kemungkinan and 1 <= dampak <= matriks.max_dampak):
        raise ValueError(f"level outside the matrix: kemungkinan {kemungkinan}, dampak {dampak}")
    return matriks.besaran[kemungkinan - 1][dampak - 1]


def level_risiko(matriks: Matriks, nilai: int) -> LevelRisiko:
    for band in matriks.level_risiko:
        if band.min <= nilai <= band.max:
            return band
    raise ValueError(f"besaran {nilai} is in no level_risiko band of matrix {matriks.id}")


def skor(matriks: Matriks, kemungkinan: int, dampak: int) -> Skor:
    b = besaran(matriks, kemungkinan, dampak)
    band = level_risiko(matriks, b)
    return Skor(kemungkinan, dampak, b, band.nama, band.warna)


def cell_table(matriks: Matriks) -> dict[tuple[int, int], Skor]:
    """Every cell's Skor, computed once per matrix (a workspace has at most 25 cells)."""
    return {(k, d): skor(matriks, k, d)
            for k in range(1, matriks.max_kemungkinan + 1)
            for d in range(1, matriks.max_dampak + 1)}


def melebihi_selera(selera: SeleraRisiko, minimum: int, nilai: int) -> bool:
    """Formulir 2.10: at or above (``>=``, default) or strictly above (``>``) the appetite."""
    return nilai > minimum if selera.aturan == ">" else nilai >= minimum


@functools.lru_cache(maxsize=4096)
def period_end(periode: str) -> tuple[int, int]:
    """(year, last month) of a monitoring period: 2026 → 12, 2026-Q2 → 6, 2026-S1 → 6."""
    year, _, rest = periode.partition("-")
    if not rest:
        end = 12
    elif rest[0] == "Q":
        end = 3 * int(rest[1])
    elif rest[0] == "S":
        end = 6 * int(rest[1])
    else:
        end = int(rest)
    return int(year), end


def latest_pemantauan(risiko: Risiko) -> Pemantauan | None:
    """The monitoring entry whose period ends last (the later entry wins a tie)."""
    entries = risiko.pemantauan
    if len(entries) <= 1:
        return entries[0] if entries else None
    best = entries[0]
    for p in entries[1:]:
        if period_end(p.periode) >= period_end(best.periode):
            best = p
    return best


def score_risk(risiko: Risiko, konteks: Konteks, matriks: Matriks,
               cells: dict[tuple[int, int], Skor] | None = None, prioritas: int = 0
               ) -> HasilRisiko:
    """Formulir 3.0–5.0 for one risk: analysis, expected residual, latest monitoring."""
    cells = cells or cell_table(matriks)
    selera = konteks.selera_risiko
    minimum = selera.nilai[(risiko.kategori, risiko.jenis)]
    a = cells[(risiko.analisis.kemungkinan, risiko.analisis.dampak)]
    target = risiko.penanganan.target if risiko.penanganan else None
    residual = cells[(target.kemungkinan, target.dampak)] if target else None
    latest = latest_pemantauan(risiko)
    current = cells[(latest.kemungkinan, latest.dampak)] if latest else None
    tren = None
    if current is not None:
        tren = ("naik" if current.besaran > a.besaran
                else "turun" if current.besaran < a.besaran else "tetap")
    return HasilRisiko(
        risiko=risiko, analisis=a, residual=residual, pemantauan=current,
        periode_pemantauan=latest.periode if latest else None, selera_risiko=minimum,
        perlu_penanganan=melebihi_selera(selera, minimum, a.besaran),
        residual_di_atas_selera=(melebihi_selera(selera, minimum, residual.besaran)
                                 if residual else None),
        tren=tren, prioritas=prioritas,
    )


def riwayat_pemantauan(h: HasilRisiko, konteks: Konteks, matriks: Matriks
                       ) -> list[tuple[Pemantauan, Skor, bool]]:
    """Every monitoring entry of a scored risk (Formulir 5.0, the summary's trend) with
    its looked-up score and whether it is at or above the risk's appetite."""
    out = []
    for p in h.risiko.pemantauan:
        s = skor(matriks, p.kemungkinan, p.dampak)
        out.append((p, s, melebihi_selera(konteks.selera_risiko, h.selera_risiko, s.besaran)))
    return out


def priority_key(konteks: Konteks, matriks: Matriks):
    """Sort key: besaran descending, then impact-area priority, then kategori order, then id."""
    area_rank = {a: i for i, a in enumerate(konteks.area_dampak)}
    kat_rank = {k: i for i, k in enumerate(konteks.kategori)}
    grid = matriks.besaran

    def key(r: Risiko) -> tuple[int, int, int, str]:
        return (-grid[r.analisis.kemungkinan - 1][r.analisis.dampak - 1],
                area_rank.get(r.area_dampak, len(area_rank)),
                kat_rank.get(r.kategori, len(kat_rank)), r.id)

    return key


def score_all(risks: Iterable[Risiko], konteks: Konteks, matriks: Matriks) -> list[HasilRisiko]:
    """Risks scored and ranked: ``prioritas`` 1..n in priority order (a total order)."""
    cells = cell_table(matriks)
    ordered = sorted(risks, key=priority_key(konteks, matriks))
    return [score_risk(r, konteks, matriks, cells, i) for i, r in enumerate(ordered, start=1)]


def score_workspace(ws: Workspace, upr: str | None = None) -> list[HasilRisiko]:
    """Every risk of the workspace (or of one UPR), scored and ranked."""
    risks = [r for r in ws.risiko if upr is None or r.upr == upr]
    return score_all(risks, ws.konteks, ws.matriks)


def stage_skor(h: HasilRisiko, stage: str) -> Skor | None:
    """The assessment at one stage: analisis, residual (target), pemantauan (latest
    monitoring; None when unmonitored) or terkini (the current view: latest monitoring,
    else the analysis — every risk counts)."""
    if stage == "analisis":
        return h.analisis
    if stage == "residual":
        return h.residual
    if stage == "pemantauan":
        return h.pemantauan
    if stage == "terkini":
        return h.terkini
    raise ValueError(f"unknown stage {stage!r}")


def heatmap(results: Sequence[HasilRisiko], matriks: Matriks, stage: str = "analisis"
            ) -> list[list[int]]:
    """Risk counts per cell, rows by kemungkinan 1..n, columns by dampak 1..m."""
    grid = [[0] * matriks.max_dampak for _ in range(matriks.max_kemungkinan)]
    for h in results:
        s = stage_skor(h, stage)
        if s is not None:
            grid[s.kemungkinan - 1][s.dampak - 1] += 1
    return grid


def rollup_counts(results: Sequence[HasilRisiko]) -> dict[str, Any]:
    """The counters of a roll-up; counters of disjoint sets of risks add up
    (``merge_counts``), so workers can count their registers separately."""
    # Counter(iterable) counts in C; one pass per count beats one Python loop of +=.
    risks = [h.risiko for h in results]
    analyses = [h.analisis for h in results]
    return {
        "n": len(results),
        "level": Counter([a.level_risiko for a in analyses]),
        "terkini": Counter([(h.pemantauan or h.analisis).level_risiko for h in results]),
        "kategori": Counter([r.kategori for r in risks]),
        "area": Counter([r.area_dampak for r in risks]),
        "jenis": Counter([r.jenis for r in risks]),
        "sel": Counter([(a.kemungkinan, a.dampak) for a in analyses]),
        "perlu": sum([h.perlu_penanganan for h in results]),
        "residual": sum([bool(h.residual_di_atas_selera) for h in results]),
    }


def merge_counts(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    out = rollup_counts(())
    for part in parts:
        for key, value in part.items():
            if isinstance(value, Counter):
                out[key].update(value)
            else:
                out[key] += value
    return out


def rollup_from_counts(c: dict[str, Any], matriks: Matriks) -> dict[str, Any]:
    grid = [[0] * matriks.max_dampak for _ in range(matriks.max_kemungkinan)]
    for (k, d), n in c["sel"].items():
        grid[k - 1][d - 1] += n
    levels = [b.nama for b in matriks.level_risiko]
    return {
        "jumlah_risiko": c["n"],
        "perlu_penanganan": c["perlu"],
        "residual_di_atas_selera": c["residual"],
        "per_level_risiko": {lv: c["level"].get(lv, 0) for lv in levels},
        "per_level_risiko_terkini": {lv: c["terkini"].get(lv, 0) for lv in levels},
        "per_kategori": dict(sorted(c["kategori"].items())),
        "per_area_dampak": dict(sorted(c["area"].items())),
        "per_jenis": dict(sorted(c["jenis"].items())),
        "peta_risiko": grid,
    }


def rollup(results: Sequence[HasilRisiko], matriks: Matriks) -> dict[str, Any]:
    """Counts one UPR or a whole instansi reports: per level, kategori, area, cell."""
    return rollup_from_counts(rollup_counts(results), matriks)


def rollups(results: Sequence[HasilRisiko], ws: Workspace) -> dict[str, Any]:
    """Roll-ups per UPR (in instansi.yaml order) and for the whole instansi."""
    by_upr: dict[str, list[HasilRisiko]] = {u.id: [] for u in ws.konteks.upr}
    for h in results:
        by_upr.setdefault(h.risiko.upr, []).append(h)
    return {
        "instansi": rollup(results, ws.matriks),
        "upr": {uid: rollup(hs, ws.matriks) for uid, hs in by_upr.items()},
    }
