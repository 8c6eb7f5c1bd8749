"""The score document: every risk scored and ranked (``score``, ``scores.json``/``.csv``).

Plain data built from core results; imports the model, the scoring core and ``base``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spbe_risk import vocab
from spbe_risk.documents.base import Document
from spbe_risk.model import Workspace
from spbe_risk.scoring import HasilRisiko, Skor, heatmap, rollups, score_workspace


def score_document(ws: Workspace, upr: str | None = None,
                   results: Sequence[HasilRisiko] | None = None) -> Document:
    results = score_workspace(ws, upr) if results is None else results
    above = sum(h.perlu_penanganan for h in results)
    return Document(
        title=f"Penilaian Risiko SPBE — {ws.konteks.instansi} {ws.konteks.periode}"
              + (f" — UPR {upr}" if upr else ""),
        columns=SCORE_COLUMNS,
        table_columns=SCORE_TABLE_COLUMNS,
        priority=SCORE_PRIORITY,
        rows=lambda: score_rows(results),
        data=lambda: score_json(ws, results),
        footer=f"{len(results)} risiko; {above} perlu penanganan (besaran "
               f"{ws.konteks.selera_risiko.aturan} selera risiko)",
    )


def heatmap_document(ws: Workspace, results: Sequence[HasilRisiko], stage: str) -> Document:
    """Risk counts per matrix cell at one stage (``matrix``); rendered by ``heatmap``."""
    counts = heatmap(results, ws.matriks, stage)
    return Document(
        title=f"Peta Risiko ({stage}) — {ws.konteks.instansi} {ws.konteks.periode}",
        columns=(), rows=[], colour_column="",
        data={"schema": "spbe-risk/heatmap", "schema_version": 1, "tahap": stage,
              "peta_risiko": counts},
        extra={"matriks": ws.matriks, "counts": counts, "stage": stage, "konteks": ws.konteks},
    )


def _risk_json(h: HasilRisiko, cell_json: dict[int, dict[str, Any]]) -> dict[str, Any]:
    r = h.risiko

    def cell(s: Skor) -> dict[str, Any]:
        # Skor objects come from one 25-cell table, so their JSON is built once each.
        got = cell_json.get(id(s))
        if got is None:
            got = cell_json[id(s)] = s.as_json()
        return got

    return {
        "id": r.id,
        "prioritas": h.prioritas,
        "upr": r.upr,
        "periode": r.periode,
        "jenis": r.jenis,
        "kategori": r.kategori,
        "area_dampak": r.area_dampak,
        "kejadian": r.kejadian,
        "analisis": cell(h.analisis),
        "residual": cell(h.residual) if h.residual else None,
        "pemantauan": ({"periode": h.periode_pemantauan, **cell(h.pemantauan)}
                       if h.pemantauan else None),
        "selera_risiko": h.selera_risiko,
        "perlu_penanganan": h.perlu_penanganan,
        "residual_di_atas_selera": h.residual_di_atas_selera,
        "opsi_penanganan": r.penanganan.opsi if r.penanganan else None,
        "tren": h.tren,
        "aset": list(r.aset),
        "file": r.file,
    }


def _relative(path: str, root: str) -> str:
    """A register's path relative to the workspace, so JSON does not depend on the cwd."""
    prefix = root.rstrip("/") + "/"
    return path[len(prefix):] if path.startswith(prefix) else path


def score_json(ws: Workspace, results: Sequence[HasilRisiko], with_rollups: bool = True
               ) -> dict[str, Any]:
    """The documented ``score --format json`` document (schema in README)."""
    cell_json: dict[int, dict[str, Any]] = {}
    files: dict[str, str] = {}
    risiko = []
    for h in results:
        item = _risk_json(h, cell_json)
        f = item["file"]
        item["file"] = files.get(f) or files.setdefault(f, _relative(f, ws.root))
        risiko.append(item)
    doc: dict[str, Any] = {
        "schema": "spbe-risk/score",
        "schema_version": 1,
        "instansi": ws.konteks.instansi,
        "periode": ws.konteks.periode,
        "matriks": ws.matriks.id,
        "aturan_selera": ws.konteks.selera_risiko.aturan,
        "risiko": risiko,
    }
    if with_rollups:
        doc["ringkasan"] = rollups(results, ws)
    return doc


#: CSV columns: one value per cell, the risk's own words and assets, numbers as numbers.
SCORE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("prioritas", "#"), ("id", "ID"), ("upr", "UPR"), ("jenis", "Jenis"),
    ("kategori", "Kategori"), ("sasaran", "Sasaran"), ("kejadian", "Kejadian"),
    ("penyebab", "Penyebab"), ("uraian_dampak", "Uraian dampak"), ("area_dampak", "Area dampak"),
    ("aset", "Aset"),
    ("kemungkinan", "K"), ("dampak", "D"), ("besaran", "Besaran"), ("level_risiko", "Level"),
    ("selera_risiko", "Selera"), ("perlu_penanganan", "Perlu penanganan"),
    ("opsi_penanganan", "Opsi"), ("besaran_residual", "Residual"),
    ("level_residual", "Level residual"), ("residual_di_atas_selera", "Residual di atas selera"),
    ("periode_pemantauan", "Pemantauan"),
    ("besaran_pemantauan", "Besaran terkini"), ("level_pemantauan", "Level terkini"),
    ("tren", "Tren"),
)


#: Terminal columns; ``SCORE_PRIORITY`` says which stay on a narrow terminal.
SCORE_TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("prioritas", "#"), ("id", "ID"), ("upr", "UPR"), ("jenis", "Jenis"),
    ("kejadian", "Kejadian"), ("kategori", "Kategori"),
    ("area_dampak", "Area dampak"), ("kemungkinan", "K"), ("dampak", "D"),
    ("besaran", "Besaran"), ("level_risiko", "Level"), ("selera_risiko", "Selera"),
    ("perlu_penanganan", "Tangani"), ("besaran_residual", "Residual"),
    ("besaran_pemantauan", "Terkini"), ("tren", "Tren"),
)
SCORE_PRIORITY = ("id", "besaran", "level_risiko", "perlu_penanganan", "jenis", "kejadian",
                  "prioritas", "upr", "besaran_residual", "besaran_pemantauan",
                  "kemungkinan", "dampak", "tren", "selera_risiko", "kategori", "area_dampak")


def _ya(flag: bool | None) -> str:
    return "" if flag is None else ("ya" if flag else "tidak")


def score_rows(results: Sequence[HasilRisiko]) -> list[dict[str, Any]]:
    """Flat rows (one per risk) for table and CSV output."""
    rows = []
    for h in results:
        r = h.risiko
        rows.append({
            "prioritas": h.prioritas, "id": r.id, "upr": r.upr, "jenis": r.jenis,
            "kategori": r.kategori, "sasaran": r.sasaran, "kejadian": r.kejadian,
            "penyebab": r.penyebab, "uraian_dampak": r.uraian_dampak,
            "area_dampak": r.area_dampak, "aset": ", ".join(r.aset),
            "kemungkinan": h.analisis.kemungkinan, "dampak": h.analisis.dampak,
            "besaran": h.analisis.besaran, "level_risiko": h.analisis.level_risiko,
            "selera_risiko": h.selera_risiko,
            "perlu_penanganan": _ya(h.perlu_penanganan),
            "opsi_penanganan": vocab.NAMA_OPSI.get(r.penanganan.opsi, r.penanganan.opsi)
            if r.penanganan else "",
            "besaran_residual": h.residual.besaran if h.residual else "",
            "level_residual": h.residual.level_risiko if h.residual else "",
            "residual_di_atas_selera": _ya(h.residual_di_atas_selera),
            "periode_pemantauan": h.periode_pemantauan or "",
            "besaran_pemantauan": h.pemantauan.besaran if h.pemantauan else "",
            "level_pemantauan": h.pemantauan.level_risiko if h.pemantauan else "",
            "tren": h.tren or "",
            "_warna": h.analisis.warna,
        })
    return rows
