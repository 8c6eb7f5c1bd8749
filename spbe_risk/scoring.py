"""The PermenPANRB 5/2020 scoring engine: matrix lookup, bands, appetite, priority, roll-ups.

Pure functions over the model. Besaran is always looked up in the instansi's matrix —
never kemungkinan × dampak — because the regulation's table is not multiplicative.
"""

from __future__ import annotations

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


def melebihi_selera(selera: SeleraRisiko, minimum: int, nilai: int) -> bool:
    """Formulir 2.10: at or above (``>=``, default) or strictly above (``>``) the appetite."""
    return nilai > minimum if selera.aturan == ">" else nilai >= minimum


def _period_key(p: Pemantauan, index: int) -> tuple[int, int, int]:
    year, _, rest = p.periode.partition("-")
    if not rest:
        end = 12
    elif rest[0] == "Q":
        end = 3 * int(rest[1])
    elif rest[0] == "S":
        end = 6 * int(rest[1])
    else:
        end = int(rest)
    return int(year), end, index


def latest_pemantauan(risiko: Risiko) -> Pemantauan | None:
    """The monitoring entry whose period ends last (the later entry wins a tie)."""
    if not risiko.pemantauan:
        return None
    return max(enumerate(risiko.pemantauan), key=lambda ip: _period_key(ip[1], ip[0]))[1]


def score_risk(risiko: Risiko, konteks: Konteks, matriks: Matriks) -> HasilRisiko:
    selera = konteks.selera_risiko
    minimum = selera.nilai[(risiko.kategori, risiko.jenis)]
    a = skor(matriks, risiko.analisis.kemungkinan, risiko.analisis.dampak)
    target = risiko.penanganan.target if risiko.penanganan else None
    residual = skor(matriks, target.kemungkinan, target.dampak) if target else None
    latest = latest_pemantauan(risiko)
    current = skor(matriks, latest.kemungkinan, latest.dampak) if latest else None
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
        tren=tren,
    )


def priority_key(konteks: Konteks):
    """Sort key: besaran descending, then impact-area priority, then kategori order, then id."""
    area_rank = {a: i for i, a in enumerate(konteks.area_dampak)}
    kat_rank = {k: i for i, k in enumerate(konteks.kategori)}

    def key(h: HasilRisiko) -> tuple[int, int, int, str]:
        r = h.risiko
        return (-h.analisis.besaran, area_rank.get(r.area_dampak, len(area_rank)),
                kat_rank.get(r.kategori, len(kat_rank)), r.id)

    return key


def rank(results: Iterable[HasilRisiko], konteks: Konteks) -> list[HasilRisiko]:
    """Results in priority order with ``prioritas`` 1..n set."""
    from dataclasses import replace

    ordered = sorted(results, key=priority_key(konteks))
    return [replace(h, prioritas=i) for i, h in enumerate(ordered, start=1)]


def score_workspace(ws: Workspace, upr: str | None = None) -> list[HasilRisiko]:
    """Every risk of the workspace (or of one UPR), scored and ranked."""
    risks = [r for r in ws.risiko if upr is None or r.upr == upr]
    return rank((score_risk(r, ws.konteks, ws.matriks) for r in risks), ws.konteks)


def stage_skor(h: HasilRisiko, stage: str) -> Skor | None:
    """The assessment at one stage: analisis, residual (target) or pemantauan (latest)."""
    if stage == "analisis":
        return h.analisis
    if stage == "residual":
        return h.residual
    if stage == "pemantauan":
        return h.pemantauan
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


def rollup(results: Sequence[HasilRisiko], matriks: Matriks) -> dict[str, Any]:
    """Counts one UPR or a whole instansi reports: per level, kategori, area, cell."""
    levels = [b.nama for b in matriks.level_risiko]
    per_level = Counter(h.analisis.level_risiko for h in results)
    current = Counter(h.terkini.level_risiko for h in results)
    return {
        "jumlah_risiko": len(results),
        "perlu_penanganan": sum(h.perlu_penanganan for h in results),
        "residual_di_atas_selera": sum(bool(h.residual_di_atas_selera) for h in results),
        "per_level_risiko": {lv: per_level.get(lv, 0) for lv in levels},
        "per_level_risiko_terkini": {lv: current.get(lv, 0) for lv in levels},
        "per_kategori": dict(sorted(Counter(h.risiko.kategori for h in results).items())),
        "per_area_dampak": dict(sorted(Counter(h.risiko.area_dampak for h in results).items())),
        "per_jenis": dict(sorted(Counter(h.risiko.jenis for h in results).items())),
        "peta_risiko": heatmap(results, matriks, "analisis"),
    }


def rollups(results: Sequence[HasilRisiko], ws: Workspace) -> dict[str, Any]:
    """Roll-ups per UPR (in instansi.yaml order) and for the whole instansi."""
    by_upr: dict[str, list[HasilRisiko]] = {u.id: [] for u in ws.konteks.upr}
    for h in results:
        by_upr.setdefault(h.risiko.upr, []).append(h)
    return {
        "instansi": rollup(results, ws.matriks),
        "upr": {uid: rollup(hs, ws.matriks) for uid, hs in by_upr.items()},
    }


def _risk_json(h: HasilRisiko) -> dict[str, Any]:
    r = h.risiko
    return {
        "id": r.id,
        "prioritas": h.prioritas,
        "upr": r.upr,
        "periode": r.periode,
        "jenis": r.jenis,
        "kategori": r.kategori,
        "area_dampak": r.area_dampak,
        "kejadian": r.kejadian,
        "analisis": h.analisis.as_json(),
        "residual": h.residual.as_json() if h.residual else None,
        "pemantauan": ({"periode": h.periode_pemantauan, **h.pemantauan.as_json()}
                       if h.pemantauan else None),
        "selera_risiko": h.selera_risiko,
        "perlu_penanganan": h.perlu_penanganan,
        "residual_di_atas_selera": h.residual_di_atas_selera,
        "opsi_penanganan": r.penanganan.opsi if r.penanganan else None,
        "tren": h.tren,
        "aset": list(r.aset),
        "file": r.file,
    }


def score_json(ws: Workspace, results: Sequence[HasilRisiko], with_rollups: bool = True
               ) -> dict[str, Any]:
    """The documented ``score --format json`` document (schema in README)."""
    doc: dict[str, Any] = {
        "schema": "spbe-risk/score",
        "schema_version": 1,
        "instansi": ws.konteks.instansi,
        "periode": ws.konteks.periode,
        "matriks": ws.matriks.id,
        "aturan_selera": ws.konteks.selera_risiko.aturan,
        "risiko": [_risk_json(h) for h in results],
    }
    if with_rollups:
        doc["ringkasan"] = rollups(results, ws)
    return doc


SCORE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("prioritas", "#"), ("id", "ID"), ("upr", "UPR"), ("jenis", "Jenis"),
    ("kategori", "Kategori"), ("area_dampak", "Area dampak"),
    ("kemungkinan", "K"), ("dampak", "D"), ("besaran", "Besaran"), ("level_risiko", "Level"),
    ("selera_risiko", "Selera"), ("perlu_penanganan", "Perlu penanganan"),
    ("opsi_penanganan", "Opsi"), ("besaran_residual", "Residual"),
    ("level_residual", "Level residual"), ("periode_pemantauan", "Pemantauan"),
    ("besaran_pemantauan", "Besaran terkini"), ("level_pemantauan", "Level terkini"),
    ("tren", "Tren"),
)


def score_rows(results: Sequence[HasilRisiko]) -> list[dict[str, Any]]:
    """Flat rows (one per risk) for table and CSV output."""
    rows = []
    for h in results:
        r = h.risiko
        rows.append({
            "prioritas": h.prioritas, "id": r.id, "upr": r.upr, "jenis": r.jenis,
            "kategori": r.kategori, "area_dampak": r.area_dampak,
            "kemungkinan": h.analisis.kemungkinan, "dampak": h.analisis.dampak,
            "besaran": h.analisis.besaran, "level_risiko": h.analisis.level_risiko,
            "selera_risiko": h.selera_risiko,
            "perlu_penanganan": "ya" if h.perlu_penanganan else "tidak",
            "opsi_penanganan": r.penanganan.opsi if r.penanganan else "",
            "besaran_residual": h.residual.besaran if h.residual else "",
            "level_residual": h.residual.level_risiko if h.residual else "",
            "periode_pemantauan": h.periode_pemantauan or "",
            "besaran_pemantauan": h.pemantauan.besaran if h.pemantauan else "",
            "level_pemantauan": h.pemantauan.level_risiko if h.pemantauan else "",
            "tren": h.tren or "",
            "_warna": h.analisis.warna,
        })
    return rows
