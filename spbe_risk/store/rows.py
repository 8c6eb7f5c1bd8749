"""Rows of the current-state tables, built from a scored workspace, its coverage, its
audit schedule and the bundles seen. Plain tuples in the column order of ``schema``, so
the build can hand them to ``executemany`` (sqlite-utils' ``insert_all`` costs several
times more per row at 120,000 risks).

Layer: shell (store). Imports the core, ``store.schema`` and plain values from ``sources``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from spbe_risk.coverage import coverage
from spbe_risk.model import Workspace
from spbe_risk.schedule import declared_audits, merge_audits
from spbe_risk.scoring import HasilRisiko, melebihi_selera
from spbe_risk.store.schema import CURRENT


def _d(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def columns(table: str) -> list[str]:
    return list(CURRENT[table][0])


def risk_rows(ws: Workspace, results: Sequence[HasilRisiko]
              ) -> dict[str, Iterator[tuple[Any, ...]]]:
    """risiko, skor, pemantauan, risiko_kontrol and risiko_aset rows."""
    selera = ws.konteks.selera_risiko
    cells: dict[int, Any] = {}

    def risiko() -> Iterator[tuple[Any, ...]]:
        for h in results:
            r, t = h.risiko, h.risiko.penanganan
            now = h.pemantauan or h.analisis
            yield (r.id, r.upr, r.periode, r.sasaran, r.jenis, r.kategori, r.kejadian, r.penyebab,
                   r.uraian_dampak, r.area_dampak, r.pengendalian_ada,
                   t.opsi if t else None, t.rencana_aksi if t else None,
                   t.keluaran if t else None, _d(t.mulai) if t else None,
                   _d(t.selesai) if t else None, t.penanggung_jawab if t else None,
                   h.selera_risiko, int(h.perlu_penanganan),
                   None if h.residual_di_atas_selera is None else int(h.residual_di_atas_selera),
                   now.besaran, now.level_risiko,
                   int(melebihi_selera(selera, h.selera_risiko, now.besaran)),
                   h.prioritas, h.tren, r.file)

    def skor() -> Iterator[tuple[Any, ...]]:
        for h in results:
            rid = h.risiko.id
            for tahap, s, per in (("analisis", h.analisis, None), ("residual", h.residual, None),
                                  ("pemantauan", h.pemantauan, h.periode_pemantauan)):
                if s is not None:
                    yield (rid, tahap, per, s.kemungkinan, s.dampak, s.besaran, s.level_risiko,
                           s.warna)

    def pemantauan() -> Iterator[tuple[Any, ...]]:
        from spbe_risk.scoring import cell_table

        table = cells.setdefault(0, cell_table(ws.matriks))
        for h in results:
            for p in h.risiko.pemantauan:
                s = table[(p.kemungkinan, p.dampak)]
                yield (h.risiko.id, p.periode, p.kemungkinan, p.dampak, s.besaran, s.level_risiko,
                       p.kondisi, p.rekomendasi)

    def risiko_kontrol() -> Iterator[tuple[Any, ...]]:
        for h in results:
            seen = set()
            for link in h.risiko.kontrol:
                if link.id not in seen:
                    seen.add(link.id)
                    yield (h.risiko.id, link.id, link.peran)

    def risiko_aset() -> Iterator[tuple[Any, ...]]:
        for h in results:
            for a in dict.fromkeys(h.risiko.aset):
                yield (h.risiko.id, a)

    return {"risiko": risiko(), "skor": skor(), "pemantauan": pemantauan(),
            "risiko_kontrol": risiko_kontrol(), "risiko_aset": risiko_aset()}


def context_rows(ws: Workspace, tanggal_acuan: str) -> dict[str, list[tuple[Any, ...]]]:
    k = ws.konteks
    return {
        "instansi": [(1, k.instansi, k.periode, k.zona_waktu, k.matriks, k.selera_risiko.aturan,
                      tanggal_acuan)],
        "upr": [(u.id, u.nama, u.pemilik_risiko, u.koordinator_risiko, u.pengelola_risiko)
                for u in k.upr],
        "kontrol": [(c.id, kat.id, c.judul, c.judul_en, c.fungsi, c.area_audit, c.confidence,
                     json.dumps(list(c.prinsip), ensure_ascii=False))
                    for kat in ws.katalog for c in kat.kontrol],
        "aset": [(a.id, a.nama, a.jenis, a.upr, _d(a.beroperasi_sejak),
                  json.dumps(list(a.platform), ensure_ascii=False), a.operator,
                  a.klasifikasi_data, int(a.akses_internet)) for a in ws.aset],
    }


def asset_rows(ws: Workspace, results: Sequence[HasilRisiko], jadwal) -> dict[str, list]:
    """aset_kontrol, aset_prinsip, audit_selesai, kesimpulan_audit and jadwal_audit rows."""
    aset_kontrol, aset_prinsip = [], []
    for c in coverage(ws, results):
        for item in c.kontrol:
            aset_kontrol.append((c.aset.id, item.kontrol.id, item.status, item.justifikasi,
                                 item.sumber or None))
        for p in c.per_prinsip:
            aset_prinsip.append((c.aset.id, p.prinsip, p.berlaku, p.diterapkan, p.sebagian))
    audits = merge_audits(declared_audits(ws.aset), jadwal.bukti.selesai)
    selesai = [(i, a.aset, a.jenis_audit, _d(a.tanggal), a.pelaksana, a.auditor, a.sumber,
                a.bundel or None, a.hasil or None)
               for i, a in enumerate(sorted(audits, key=lambda a: (a.aset, a.tanggal,
                                                                   a.jenis_audit, a.sumber)),
                                     start=1)]
    kesimpulan = []
    for aset_id, latest in sorted(jadwal.bukti.kesimpulan.items()):
        seen = set()
        for k in latest.get("kesimpulan") or ():
            kid = k.get("kontrol")
            if not kid or kid in seen:
                continue
            seen.add(kid)
            kesimpulan.append((aset_id, latest.get("id_audit"), _d(latest.get("tanggal")), kid,
                               k.get("desain"), k.get("implementasi"), k.get("efektivitas")))
    jadwal_rows = [(i.aset.id, i.aturan.id, i.aturan.jenis_audit, i.aturan.pelaksana,
                    _d(i.terakhir.tanggal) if i.terakhir else None, _d(i.jatuh_tempo),
                    _d(i.tenggat_praktis), i.status, i.sisa_hari, int(i.kewajiban_instansi))
                   for i in jadwal.items]
    return {"aset_kontrol": aset_kontrol, "aset_prinsip": aset_prinsip,
            "audit_selesai": selesai, "kesimpulan_audit": kesimpulan,
            "jadwal_audit": jadwal_rows}


def follow_up_rows(hasil) -> list[tuple]:  # noqa: ANN001  audit.tindak_lanjut.HasilTindakLanjut
    """``tindak_lanjut``: every finding of every counted audit and its follow-up."""
    from spbe_risk.documents.tindak_lanjut import item_json

    cols = ("id_audit", "temuan", "aset", "jenis_audit", "pelaksana", "tanggal_audit", "bundel",
            "tingkat", "kontrol", "rekomendasi", "batas_waktu", "batas_waktu_bawaan",
            "penanggung_jawab", "status", "tanggal_status", "uraian", "diverifikasi_oleh",
            "hari_terlambat", "eskalasi")
    out, seen = [], set()
    for i in (hasil.items if hasil is not None else ()):
        if (i.id_audit, i.temuan) in seen:      # one row per finding (the primary key)
            continue
        seen.add((i.id_audit, i.temuan))
        j = item_json(i)
        out.append(tuple(int(j[c]) if isinstance(j[c], bool) else j[c] for c in cols))
    return out
