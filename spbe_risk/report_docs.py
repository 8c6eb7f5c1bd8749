"""Documents (rows + JSON) for each command's output, built from core results."""

from __future__ import annotations

from collections.abc import Sequence

from spbe_risk import coverage as cov
from spbe_risk.formats.interface import Document
from spbe_risk.model import Katalog, Kontrol, Workspace
from spbe_risk.scoring import (
    SCORE_COLUMNS,
    SCORE_TABLE_COLUMNS,
    HasilRisiko,
    score_json,
    score_rows,
    score_workspace,
)


def score_document(ws: Workspace, upr: str | None = None,
                   results: Sequence[HasilRisiko] | None = None) -> Document:
    results = score_workspace(ws, upr) if results is None else results
    above = sum(h.perlu_penanganan for h in results)
    return Document(
        title=f"Penilaian Risiko SPBE — {ws.konteks.instansi} {ws.konteks.periode}"
              + (f" — UPR {upr}" if upr else ""),
        columns=SCORE_COLUMNS,
        table_columns=SCORE_TABLE_COLUMNS,
        rows=lambda: score_rows(results),
        data=lambda: score_json(ws, results),
        footer=f"{len(results)} risiko; {above} perlu penanganan (besaran "
               f"{ws.konteks.selera_risiko.aturan} selera risiko)",
    )


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
        doc = cov.coverage_json(ws, items)
        doc["kontrol_tidak_efektif"] = [{
            "risiko": w.risiko, "kontrol": w.kontrol, "aset": w.aset, "id_audit": w.id_audit,
            "tanggal": w.tanggal, "desain": w.desain, "efektivitas": w.efektivitas} for w in weak]
        return doc

    totals = ", ".join(f"{p['prinsip']} {p['diterapkan']}/{p['berlaku']}" for p in roll["per_prinsip"])
    return Document(
        title=f"Cakupan Kontrol Keamanan SPBE — {ws.konteks.instansi}",
        columns=cov.COVERAGE_COLUMNS,
        rows=lambda: cov.coverage_rows(items),
        data=data,
        colour_column="tanpa_kontrol",
        footer=f"{len(items)} aset; kontrol diterapkan per prinsip: {totals}; "
               f"{roll['risiko_terbuka']} tautan risiko-kontrol belum diterapkan"
               + "".join(f"\nkontrol tidak efektif menurut audit terverifikasi: risiko {w.risiko}, "
                         f"{w.message()}" for w in weak),
    )


def soa_document(ws: Workspace, aset_id: str) -> Document:
    (item,) = cov.coverage(ws, score_workspace(ws), aset_id)
    missing = ", ".join(item.prinsip_tanpa_kontrol) or "tidak ada"
    return Document(
        title=f"Pernyataan Keberlakuan (SoA) — {item.aset.nama} ({item.aset.id})",
        columns=cov.SOA_COLUMNS,
        rows=lambda: cov.soa_rows(item),
        data=lambda: cov.soa_json(ws, item),
        colour_column="status",
        footer=f"{len(item.kontrol)} kontrol berlaku; prinsip tanpa kontrol diterapkan: {missing}",
    )


CONTROL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "ID"), ("katalog", "Katalog"), ("judul", "Judul"), ("fungsi", "Fungsi"),
    ("prinsip", "Prinsip"), ("berlaku_untuk", "Berlaku untuk"), ("area_audit", "Area"),
    ("confidence", "Confidence"),
)


def kontrol_json(k: Kontrol) -> dict:
    return {"id": k.id, "katalog": k.katalog, "judul": k.judul, "judul_en": k.judul_en,
            "pernyataan": k.pernyataan, "fungsi": k.fungsi, "prinsip": list(k.prinsip),
            "berlaku_untuk": list(k.berlaku_untuk), "platform": list(k.platform),
            "area_audit": k.area_audit, "bukti_umum": list(k.bukti_umum),
            "source": dict(k.source), "confidence": k.confidence,
            "references": dict(k.references)}


def controls_document(katalog: Sequence[Katalog], catalog_id: str | None,
                      principle: str | None, kind: str | None) -> Document:
    chosen = [k for kat in katalog if catalog_id in (None, kat.id) for k in kat.kontrol
              if (principle is None or principle in k.prinsip)
              and (kind is None or kind in k.berlaku_untuk)]
    return Document(
        title="Katalog Kontrol Keamanan SPBE",
        columns=CONTROL_COLUMNS,
        rows=lambda: [{**kontrol_json(k), "prinsip": ", ".join(k.prinsip),
                       "berlaku_untuk": ", ".join(k.berlaku_untuk)} for k in chosen],
        data=lambda: {"schema": "spbe-risk/controls", "schema_version": 1,
                      "katalog": [{"id": kat.id, "nama": kat.nama, "dasar_hukum": kat.dasar_hukum,
                                   "confidence": kat.confidence} for kat in katalog
                                  if catalog_id in (None, kat.id)],
                      "kontrol": [kontrol_json(k) for k in chosen]},
        colour_column="",
        footer=f"{len(chosen)} kontrol",
    )


def schedule_document(ws: Workspace, jadwal) -> Document:
    from spbe_risk import schedule as sch

    items = jadwal.items
    data = sch.schedule_json(ws.konteks.instansi, jadwal.today, jadwal.within_days, items,
                             jadwal.bukti.ditolak)
    counts = data["ringkasan"]
    rejected = "".join(f"\nbukti ditolak: {r['bundel']} — langkah {r['langkah']}: {r['alasan']}"
                       for r in jadwal.bukti.ditolak)
    return Document(
        title=f"Jadwal Audit TIK — {ws.konteks.instansi} — per {jadwal.today.isoformat()} "
              f"({ws.konteks.zona_waktu})",
        columns=sch.SCHEDULE_COLUMNS,
        rows=lambda: sch.schedule_rows(items),
        data=data,
        colour_column="status",
        footer=(f"kewajiban instansi: {counts['terlambat']} terlambat, {counts['segera']} segera "
                f"(≤ {jadwal.within_days} hari), {counts['belum-pernah']} belum pernah, "
                f"{counts['aman']} aman; {len(jadwal.bukti.selesai)} bundel terverifikasi"
                + rejected),
    )
