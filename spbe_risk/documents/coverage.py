"""Coverage and Statement-of-Applicability documents (``coverage``, ``soa``, ``coverage.json``).

Plain data built from core results; imports the model, the coverage and scoring core and
``base``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spbe_risk import coverage as cov
from spbe_risk import vocab
from spbe_risk.coverage import (
    BELUM_DINILAI,
    DITERAPKAN,
    TIDAK_BERLAKU,
    CakupanAset,
    instansi_rollup,
    prinsip_counts,
)
from spbe_risk.documents.base import N_, Document
from spbe_risk.messages import msg
from spbe_risk.model import Workspace
from spbe_risk.scoring import HasilRisiko, score_workspace


def coverage_document(ws: Workspace, aset_id: str | None = None,
                      results: Sequence[HasilRisiko] | None = None,
                      kesimpulan: dict | None = None) -> Document:
    """Coverage per asset; ``kesimpulan`` (latest verified audit conclusions per asset)
    adds the controls a risk counts on that an audit found ineffective."""
    results = score_workspace(ws) if results is None else results
    items = cov.coverage(ws, results, aset_id)
    roll = cov.instansi_rollup(items)
    weak = [w for w in cov.ineffective_links(ws, kesimpulan or {}) if aset_id in (None, w.aset)]

    def data() -> dict:
        doc = coverage_json(ws, items)
        doc["kontrol_tidak_efektif"] = [{
            "risiko": w.risiko, "kontrol": w.kontrol, "aset": w.aset, "id_audit": w.id_audit,
            "tanggal": w.tanggal, "desain": w.desain, "efektivitas": w.efektivitas} for w in weak]
        return doc

    totals = [msg(N_("%(prinsip)s %(diterapkan)d/%(berlaku)d"), prinsip=msg(p["prinsip"]),
                  diterapkan=p["diterapkan"], berlaku=p["berlaku"]) for p in roll["per_prinsip"]]
    footer = msg(N_("%(n)d aset; kontrol diterapkan per prinsip: %(totals)s; %(terbuka)d risiko "
                    "yang belum tertangani (%(tautan)d tautan risiko-kontrol belum diterapkan)"),
                 n=len(items), totals=totals, terbuka=roll["risiko_terbuka"],
                 tautan=roll["tautan_risiko_terbuka"])
    for w in weak:
        footer = msg(N_("%(before)s\nkontrol tidak efektif menurut audit terverifikasi: risiko "
                        "%(risiko)s, %(pesan)s"), before=footer, risiko=w.risiko, pesan=w.message())
    return Document(
        title=msg(N_("Cakupan Kontrol Keamanan SPBE — %(instansi)s"), instansi=ws.konteks.instansi),
        columns=COVERAGE_COLUMNS,
        table_columns=COVERAGE_TABLE_COLUMNS,
        priority=COVERAGE_PRIORITY,
        rows=lambda: coverage_rows(items),
        data=data,
        colour_column="tanpa_kontrol",
        footer=footer,
        word_columns=("jenis", "tanpa_kontrol"),
    )


def soa_document(ws: Workspace, aset_id: str) -> Document:
    (item,) = cov.coverage(ws, score_workspace(ws), aset_id)
    missing = [msg(p) for p in item.prinsip_tanpa_kontrol] or msg(N_("tidak ada"))
    return Document(
        title=msg(N_("Pernyataan Keberlakuan (SoA) — %(nama)s (%(id)s)"), nama=item.aset.nama,
                  id=item.aset.id),
        columns=SOA_COLUMNS,
        priority=SOA_PRIORITY,
        rows=lambda: soa_rows(item),
        data=lambda: soa_json(ws, item),
        colour_column="status",
        footer=msg(N_("%(n)d kontrol berlaku; prinsip yang belum memiliki kontrol diterapkan: "
                      "%(missing)s"), n=len(item.kontrol), missing=missing),
        word_columns=("prinsip", "status"),
        english_columns={"judul": "judul_en"},
    )


def coverage_json(ws: Workspace, items: Sequence[CakupanAset]) -> dict[str, Any]:
    """The documented ``coverage --format json`` / ``coverage.json`` document."""
    return {
        "schema": "spbe-risk/coverage",
        "schema_version": 1,
        "instansi": ws.konteks.instansi,
        "periode": ws.konteks.periode,
        "aset": [{
            "id": c.aset.id,
            "nama": c.aset.nama,
            "jenis": c.aset.jenis,
            "platform": list(c.aset.platform),
            "upr": c.aset.upr,
            "kontrol_berlaku": len(c.kontrol),
            "status": c.status_count,
            "per_prinsip": [prinsip_counts(p) for p in c.per_prinsip],
            "prinsip_tanpa_kontrol": list(c.prinsip_tanpa_kontrol),
            "risiko_terbuka": [{
                "risiko": t.risiko, "besaran": t.besaran, "level_risiko": t.level_risiko,
                "kontrol": t.kontrol, "peran": t.peran, "status": t.status,
            } for t in c.risiko_terbuka],
        } for c in items],
        "ringkasan": instansi_rollup(items),
    }


def coverage_rows(items: Sequence[CakupanAset]) -> list[dict[str, Any]]:
    rows = []
    for c in items:
        row: dict[str, Any] = {"aset": c.aset.id, "jenis": c.aset.jenis, "upr": c.aset.upr,
                               "berlaku": len(c.kontrol),
                               "diterapkan": c.status_count[DITERAPKAN],
                               "sebagian": c.status_count["sebagian"]}
        for p in c.per_prinsip:
            r = p.rasio
            row[p.prinsip] = f"{p.diterapkan}/{p.berlaku}" + (f" ({r:.0%})" if r is not None else "")
            row[f"{p.prinsip}_diterapkan"] = p.diterapkan
            row[f"{p.prinsip}_berlaku"] = p.berlaku
            row[f"{p.prinsip}_persen"] = round(100 * r) if r is not None else None
        row["tanpa_kontrol"] = ", ".join(c.prinsip_tanpa_kontrol) or "-"
        row["risiko_terbuka"] = len({t.risiko for t in c.risiko_terbuka})
        row["_warna"] = "merah" if c.prinsip_tanpa_kontrol else ""
        rows.append(row)
    return rows


#: Terminal columns: one "diterapkan/berlaku (persen)" cell per principle.
COVERAGE_TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("aset", N_("Aset")), ("jenis", N_("Jenis")), ("upr", "UPR"), ("berlaku", N_("Berlaku")),
    ("diterapkan", N_("Diterapkan")), ("sebagian", N_("Sebagian")),
    *((p, p) for p in vocab.PRINSIP),
    ("tanpa_kontrol", N_("Prinsip yang belum memiliki kontrol diterapkan")),
    ("risiko_terbuka", N_("Risiko yang belum tertangani")),
)
COVERAGE_PRIORITY = ("aset", "risiko_terbuka", "berlaku", "diterapkan", "tanpa_kontrol",
                     *vocab.PRINSIP, "upr", "sebagian", "jenis")

#: CSV columns: one number per cell (diterapkan, berlaku and persen per principle).
COVERAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("aset", "Aset"), ("jenis", "Jenis"), ("upr", "UPR"), ("berlaku", "Berlaku"),
    ("diterapkan", "Diterapkan"), ("sebagian", "Sebagian"),
    *((f"{p}_{part}", f"{p.capitalize()} {part}") for p in vocab.PRINSIP
      for part in ("diterapkan", "berlaku", "persen")),
    ("tanpa_kontrol", "Prinsip tanpa kontrol"), ("risiko_terbuka", "Risiko terbuka"),
)

SOA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kontrol", N_("Kontrol")), ("judul", N_("Judul")), ("fungsi", N_("Fungsi")),
    ("prinsip", N_("Prinsip")), ("status", N_("Status")), ("sumber", N_("Sumber status")),
    ("justifikasi", N_("Justifikasi")), ("risiko", N_("Risiko terkait")),
    ("confidence", N_("Keyakinan")),
)

SOA_PRIORITY = ("kontrol", "status", "judul", "justifikasi", "prinsip", "risiko", "sumber",
                "fungsi", "confidence")

STATUS_WARNA = {"diterapkan": "hijau", "sebagian": "kuning", "direncanakan": "jingga",
                "belum": "merah", BELUM_DINILAI: "merah", TIDAK_BERLAKU: "biru"}


def soa_rows(c: CakupanAset) -> list[dict[str, Any]]:
    return [{
        "kontrol": k.kontrol.id, "judul": k.kontrol.judul, "judul_en": k.kontrol.judul_en,
        "fungsi": k.kontrol.fungsi,
        "prinsip": ", ".join(k.kontrol.prinsip), "status": k.status, "sumber": k.sumber or "-",
        "justifikasi": k.justifikasi, "risiko": ", ".join(k.risiko),
        "confidence": k.kontrol.confidence, "_warna": STATUS_WARNA.get(k.status, ""),
    } for k in c.kontrol]


def soa_json(ws: Workspace, c: CakupanAset) -> dict[str, Any]:
    """Statement of Applicability of one asset (``soa --format json``)."""
    return {
        "schema": "spbe-risk/soa",
        "schema_version": 1,
        "instansi": ws.konteks.instansi,
        "aset": {"id": c.aset.id, "nama": c.aset.nama, "jenis": c.aset.jenis,
                 "platform": list(c.aset.platform), "upr": c.aset.upr},
        "kontrol": [{
            "id": k.kontrol.id, "katalog": k.kontrol.katalog, "judul": k.kontrol.judul,
            "fungsi": k.kontrol.fungsi, "prinsip": list(k.kontrol.prinsip),
            "area_audit": k.kontrol.area_audit, "status": k.status, "sumber_status": k.sumber or None,
            "justifikasi": k.justifikasi or None, "risiko": list(k.risiko),
            "confidence": k.kontrol.confidence,
        } for k in c.kontrol],
        "per_prinsip": [prinsip_counts(p) for p in c.per_prinsip],
        "prinsip_tanpa_kontrol": list(c.prinsip_tanpa_kontrol),
    }


