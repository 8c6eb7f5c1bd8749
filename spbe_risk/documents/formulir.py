"""The PermenPANRB 5/2020 forms as plain data, one document per UPR and form:
Formulir 1.0 (pakta integritas), 2.0 (konteks), 3.0 (penilaian), 4.0 (rencana
penanganan), 5.0 (pemantauan).

Each document is JSON-serialisable (dates as ISO text): the template renders it, and the
PDF carries the same data as an attachment. Column order follows the forms
(``shared/domain/spbe-reference.md`` §1). Words that the reports translate (level names,
jenis, opsi) stay as catalog ids here; the template translates them.

Pure: imports the model, vocabulary and scoring core only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from spbe_risk import vocab
from spbe_risk.documents.base import N_
from spbe_risk.documents.formulir_periode import periode_laporan, urutan
from spbe_risk.documents.peta import level_risiko_json, peta_risiko, peta_tiga_tahap
from spbe_risk.model import Upr, Workspace
from spbe_risk.scoring import HasilRisiko, Skor, riwayat_pemantauan

SCHEMA = "spbe-risk/formulir"
#: form number → (file stem, title id)
FORMS = {
    "1.0": ("formulir-1.0-pakta-integritas", N_("Pakta Integritas Manajemen Risiko SPBE")),
    "2.0": ("formulir-2.0-konteks", N_("Konteks Risiko SPBE")),
    "3.0": ("formulir-3.0-penilaian", N_("Penilaian Risiko SPBE")),
    "4.0": ("formulir-4.0-penanganan", N_("Rencana Penanganan Risiko SPBE")),
    "5.0": ("formulir-5.0-pemantauan", N_("Laporan Pemantauan Risiko SPBE")),
}


def skor_json(s: Skor | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"kemungkinan": s.kemungkinan, "dampak": s.dampak, "besaran": s.besaran,
            "level_risiko": s.level_risiko, "warna": s.warna}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def penandatangan(ws: Workspace, upr: Upr) -> dict[str, Any]:
    """Who prepares and who approves this UPR's forms: the UPR's own ``penandatangan``,
    else the instansi's, else its koordinator and pemilik risiko (name and NIP blank, for
    handwriting)."""
    signers = ws.konteks.extra.get("penandatangan", {})
    base = {"tempat": "", "disusun_oleh": {"jabatan": upr.koordinator_risiko, "nama": "", "nip": ""},
            "disetujui_oleh": {"jabatan": upr.pemilik_risiko, "nama": "", "nip": ""}}
    for layer in (signers.get("*", {}), signers.get(upr.id, {})):
        base.update({k: v for k, v in layer.items()})
    return base


def _head(ws: Workspace, upr: Upr, form: str, today: date) -> dict[str, Any]:
    k = ws.konteks
    return {
        "schema": SCHEMA, "schema_version": 1, "formulir": form,
        "judul": FORMS[form][1],
        "instansi": k.instansi, "periode": k.periode, "tanggal_dokumen": today.isoformat(),
        "upr": {"id": upr.id, "nama": upr.nama, "pemilik_risiko": upr.pemilik_risiko,
                "koordinator_risiko": upr.koordinator_risiko,
                "pengelola_risiko": upr.pengelola_risiko, "tugas": upr.tugas,
                "fungsi": upr.fungsi, "periode_mulai": _iso(upr.periode_mulai),
                "periode_selesai": _iso(upr.periode_selesai)},
        "subjudul": f"{upr.nama} — {k.periode}",
        "penandatangan": penandatangan(ws, upr),
        "matriks": {"id": ws.matriks.id, "nama": ws.matriks.nama},
    }


def _indikator(upr: Upr) -> dict[str, str]:
    """sasaran → indikator kinerja from the UPR's Formulir 2.2."""
    return {s.sasaran: s.indikator_kinerja for s in upr.sasaran_spbe if s.indikator_kinerja}


def _penilaian_row(no: int, h: HasilRisiko, indikator: dict[str, str]) -> dict[str, Any]:
    r = h.risiko
    return {"no": no, "id": r.id, "prioritas": h.prioritas, "sasaran": r.sasaran,
            "indikator_kinerja": r.indikator_kinerja or indikator.get(r.sasaran, ""),
            "jenis": r.jenis, "kejadian": r.kejadian, "penyebab": r.penyebab,
            "kategori": r.kategori, "uraian_dampak": r.uraian_dampak, "area_dampak": r.area_dampak,
            "pengendalian_ada": r.pengendalian_ada, "analisis": skor_json(h.analisis),
            "selera_risiko": h.selera_risiko, "perlu_penanganan": h.perlu_penanganan}


def _penanganan_row(no: int, h: HasilRisiko) -> dict[str, Any]:
    r, p = h.risiko, h.risiko.penanganan
    return {"no": no, "id": r.id, "kejadian": r.kejadian, "analisis": skor_json(h.analisis),
            "perlu_penanganan": h.perlu_penanganan,
            "opsi": p.opsi if p else None,
            "nama_opsi": vocab.NAMA_OPSI.get(p.opsi, p.opsi) if p and p.opsi else None,
            "rencana_aksi": p.rencana_aksi if p else "",
            "keluaran": p.keluaran if p else "", "mulai": _iso(p.mulai) if p else None,
            "selesai": _iso(p.selesai) if p else None,
            "penanggung_jawab": p.penanggung_jawab if p else "",
            "residual": skor_json(h.residual), "residual_di_atas_selera": h.residual_di_atas_selera}


def _pemantauan_laporan(results: Sequence[HasilRisiko], ws: Workspace) -> list[dict[str, Any]]:
    """Formulir 5.0 as one report per monitoring period (a *laporan triwulanan* for
    Triwulan I 2026, …), in time order; inside a report the risks keep register order.
    The person responsible is the entry's own, else the treatment plan's."""
    by_periode: dict[str, list[dict[str, Any]]] = {}
    for h in results:
        r = h.risiko
        plan_pj = r.penanganan.penanggung_jawab if r.penanganan else ""
        for m, s, above in riwayat_pemantauan(h, ws.konteks, ws.matriks):
            rows = by_periode.setdefault(m.periode, [])
            rows.append({"no": len(rows) + 1, "id": r.id, "kejadian": r.kejadian,
                         "periode": m.periode, "skor": skor_json(s),
                         "selera_risiko": h.selera_risiko, "di_atas_selera": above,
                         "kondisi": m.kondisi, "penanganan_dilakukan": m.penanganan_dilakukan,
                         "rekomendasi": m.rekomendasi, "rencana_lanjutan": m.rencana_lanjutan,
                         "waktu_pelaksanaan": m.waktu_pelaksanaan,
                         "penanggung_jawab": m.penanggung_jawab or plan_pj,
                         "tindak_lanjut": m.tindak_lanjut})
    return [{**periode_laporan(p), "risiko": by_periode[p]}
            for p in sorted(by_periode, key=urutan)]


def formulir_documents(ws: Workspace, results: Sequence[HasilRisiko], today: date
                       ) -> list[tuple[str, str, dict[str, Any]]]:
    """Every form of every UPR: ``(upr id, form number, document)``, in instansi.yaml
    order. Risks keep their register order (the order they were identified in)."""
    by_upr: dict[str, list[HasilRisiko]] = {u.id: [] for u in ws.konteks.upr}
    order = _register_order(ws)
    for h in sorted(results, key=lambda h: order.get(h.risiko.id, len(order))):
        by_upr.setdefault(h.risiko.upr, []).append(h)
    out = []
    for upr in ws.konteks.upr:
        hs = by_upr.get(upr.id, [])
        out.append((upr.id, "1.0", _head(ws, upr, "1.0", today)))
        out.append((upr.id, "2.0", konteks_document(ws, upr, hs, today)))
        doc = _head(ws, upr, "3.0", today)
        indikator = _indikator(upr)
        doc["risiko"] = [_penilaian_row(i, h, indikator) for i, h in enumerate(hs, 1)]
        doc["peta"] = peta_risiko(hs, ws.matriks, "analisis")
        out.append((upr.id, "3.0", doc))
        doc = _head(ws, upr, "4.0", today)
        doc["risiko"] = [_penanganan_row(i, h) for i, h in enumerate(hs, 1)]
        doc["peta"] = peta_risiko(hs, ws.matriks, "residual")
        out.append((upr.id, "4.0", doc))
        doc = _head(ws, upr, "5.0", today)
        doc["laporan"] = _pemantauan_laporan(hs, ws)
        doc["peta"] = peta_tiga_tahap(hs, ws.matriks)
        out.append((upr.id, "5.0", doc))
    return out


def _register_order(ws: Workspace) -> dict[str, int]:
    return {r.id: i for i, r in enumerate(r for reg in ws.registers for r in reg.risiko)}


def konteks_document(ws: Workspace, upr: Upr, results: Sequence[HasilRisiko], today: date
                     ) -> dict[str, Any]:
    """Formulir 2.0: 2.1 informasi umum, 2.2 sasaran SPBE with indikator kinerja and
    target (the UPR's list, then any sasaran a risk names that the list lacks), 2.3
    struktur pelaksana, 2.4 pemangku kepentingan, 2.5 peraturan perundang-undangan (the
    instansi's, then the UPR's own), 2.6 kategori, 2.7 area dampak, 2.8 kriteria,
    2.9 matriks, 2.10 selera."""
    k, m = ws.konteks, ws.matriks
    doc = _head(ws, upr, "2.0", today)
    sasaran = {s.sasaran: {"sasaran": s.sasaran, "indikator_kinerja": s.indikator_kinerja,
                           "target": s.target} for s in upr.sasaran_spbe}
    for h in results:
        r = h.risiko
        row = sasaran.setdefault(r.sasaran, {"sasaran": r.sasaran, "indikator_kinerja": "",
                                             "target": ""})
        if not row["indikator_kinerja"] and r.indikator_kinerja:
            row["indikator_kinerja"] = r.indikator_kinerja
    doc["sasaran"] = list(sasaran.values())
    doc["pemangku_kepentingan"] = [{"nama": p.nama, "hubungan": p.hubungan}
                                   for p in upr.pemangku_kepentingan]
    doc["peraturan_perundangan"] = [{"nama": p.nama, "amanat": p.amanat}
                                    for p in k.peraturan_perundangan + upr.peraturan_perundangan]
    doc["kategori"] = list(k.kategori)
    doc["area_dampak"] = list(k.area_dampak)
    doc["kriteria_kemungkinan"] = [{"kategori": c.kunci, "level": {str(n): t for n, t in
                                                                  sorted(c.level.items())}}
                                   for c in k.kriteria_kemungkinan]
    doc["kriteria_dampak"] = [{"area_dampak": c.kunci, "jenis": c.jenis,
                               "level": {str(n): t for n, t in sorted(c.level.items())}}
                              for c in k.kriteria_dampak]
    doc["level_kemungkinan"] = list(m.kemungkinan)
    doc["level_dampak"] = list(m.dampak)
    doc["level_risiko"] = level_risiko_json(m)
    doc["matriks_peta"] = peta_risiko((), m, "analisis")
    doc["selera_risiko"] = {"aturan": k.selera_risiko.aturan,
                            "nilai": [{"kategori": kat, "jenis": j, "besaran_minimum": v}
                                      for (kat, j), v in k.selera_risiko.nilai.items()]}
    return doc
