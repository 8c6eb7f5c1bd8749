"""The Laporan Periodik Penyelenggaraan Audit TIK (Permenkominfo 16/2022 Pasal 23,
Lampiran III) as plain data.

Pasal 23(1): through the Koordinator SPBE, the pemda sends the ministry, electronically
and at least once in 2 years, a periodic report on how its ICT audits were held; (2) the
format is Lampiran III — Format 1 the cover letter (citing Perpres 95/2018 Pasal 56, 57
and 58), Format 2 the report, whose table did not survive the text conversion of the
regulation. Its columns here are designed from what Pasal 22–23 say the ministry monitors
(the audits held under the pedoman umum, and the follow-up of their results) and from the
audits' own data:

- **audits held in the period** (every verified, complete bundle dated in it): jenis
  audit, objek (asset), pelaksana (internal/external), lembaga and its registration,
  tim auditor (ketua, anggota), waktu pelaksanaan, surat keterangan (Pasal 14),
  konklusi per area (Peraturan Kepala BSSN 15/2024 Bab I.G), findings per tingkat and
  their follow-up status (Pasal 22 b; Lampiran I P-7);
- **verifications of follow-up** (follow-up bundles) in the period;
- **duties per asset** (Pasal 4(3): each of the pemda's audits at least once in 2 years):
  met in the period, not yet due, or missed, with the schedule's notes (e.g. an internal
  audit that does not meet the duty, Pasal 17(4));
- **bundles not counted**, with the reason, so nothing in ``audits/`` is left out.

Pure: every input is a parameter (the schedule as of the period's end, the follow-up
items, the verified bundles); dates are ISO text in the result.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from spbe_risk.audit import konklusi as k15
from spbe_risk.audit.metadata import meta_of
from spbe_risk.audit.tindak_lanjut import (
    STATUS,
    AuditBertemuan,
    HasilTindakLanjut,
    VerifikasiBundel,
)
from spbe_risk.schedule import TERLAMBAT, ItemJadwal

SCHEMA = "spbe-risk/laporan-periodik-audit-tik"
DASAR_HUKUM = ("Peraturan Menteri Komunikasi dan Informatika Nomor 16 Tahun 2022 Pasal 23 dan "
               "Lampiran III")
TERPENUHI, BELUM_JATUH_TEMPO, TIDAK_TERPENUHI = "terpenuhi", "belum-jatuh-tempo", "tidak-terpenuhi"


def in_period(day: date, since: date, until: date) -> bool:
    return since <= day <= until


def audit_row(a: AuditBertemuan, hasil: HasilTindakLanjut, area_of: Mapping[str, str],
              nama_aset: Mapping[str, str]) -> dict[str, Any]:
    """One audit held in the period, as a row of Format 2's first table."""
    record = dict(a.rekaman or {})
    meta = meta_of(record)
    kesimpulan = [k for k in record.get("kesimpulan") or [] if isinstance(k, dict)]
    areas = k15.per_area(kesimpulan, area_of)
    items = [i for i in hasil.items if i.id_audit == a.id_audit]
    per_status = {s: sum(i.status == s for i in items) for s in STATUS}
    per_tingkat: dict[str, int] = {}
    for t in a.temuan:
        per_tingkat[str(t.get("tingkat"))] = per_tingkat.get(str(t.get("tingkat")), 0) + 1
    return {
        "id_audit": a.id_audit, "bundel": a.bundel, "sha256_tagmanifest": a.sha256_tagmanifest,
        "jenis_audit": a.jenis_audit, "pelaksana": a.pelaksana,
        "aset": a.aset, "nama_aset": nama_aset.get(a.aset, a.aset),
        "periode_audit": meta.periode, "tujuan": meta.tujuan,
        "ruang_lingkup": meta.ruang_lingkup,
        "lembaga": {"nama": meta.lembaga.nama,
                    "nomor_registrasi": meta.lembaga.nomor_registrasi,
                    "nomor_akreditasi": meta.lembaga.nomor_akreditasi},
        "tim_auditor": [{"nama": m.nama, "peran": m.peran, "sertifikat": m.sertifikat}
                        for m in meta.tim],
        "waktu_pelaksanaan": {"mulai": _iso(meta.mulai), "selesai": _iso(meta.selesai)},
        "tanggal_bundel": a.tanggal.isoformat(),
        "surat_keterangan": None if meta.surat_keterangan is None else {
            "nomor": meta.surat_keterangan.nomor,
            "tanggal": _iso(meta.surat_keterangan.tanggal)},
        "konklusi": {area: v["konklusi"] for area, v in areas.items()},
        "konklusi_keseluruhan": k15.weakest(v["konklusi"] for v in areas.values())
        if areas else None,
        "jumlah_kontrol": len(kesimpulan),
        "temuan": {"jumlah": len(a.temuan), "per_tingkat": per_tingkat},
        "tindak_lanjut": {**per_status, "terlambat": sum(i.terlambat for i in items),
                          "eskalasi": sum(i.eskalasi for i in items)},
    }


def duty_row(i: ItemJadwal, since: date) -> dict[str, Any]:
    """One duty of one asset: met in the period, not yet due, or missed."""
    last = i.terakhir
    if last is not None and last.tanggal >= since:
        status = TERPENUHI
    elif i.status == TERLAMBAT:
        status = TIDAK_TERPENUHI
    else:
        status = BELUM_JATUH_TEMPO
    return {"aset": i.aset.id, "nama_aset": i.aset.nama, "jenis_aset": i.aset.jenis,
            "jenis_audit": i.aturan.jenis_audit, "frekuensi_bulan": i.aturan.frekuensi_bulan,
            "dasar_hukum": i.aturan.dasar_hukum, "confidence": i.aturan.confidence,
            "terakhir": None if last is None else {
                "tanggal": last.tanggal.isoformat(), "pelaksana": last.pelaksana,
                "sumber": last.sumber, "bundel": last.bundel or None},
            "tenggat_praktis": i.tenggat_praktis.isoformat(), "status": status,
            "catatan": list(i.peringatan)}


def periodic_report(*, instansi: str, since: date, until: date, today: date,
                    audits: Sequence[AuditBertemuan], verifikasi: Sequence[VerifikasiBundel],
                    ditolak: Sequence[Mapping[str, Any]], hasil: HasilTindakLanjut,
                    jadwal: Sequence[ItemJadwal], area_of: Mapping[str, str],
                    nama_aset: Mapping[str, str], penandatangan: Mapping[str, Any]
                    ) -> dict[str, Any]:
    """Format 1 and Format 2 as one document (the PDFs, the JSON and the CSVs render it)."""
    held = sorted((a for a in audits if in_period(a.tanggal, since, until)),
                  key=lambda a: (a.tanggal, a.id_audit))
    ids = {a.id_audit for a in held}
    checks = sorted((v for v in verifikasi if in_period(v.tanggal, since, until)),
                    key=lambda v: (v.tanggal, v.id_audit))
    duties = [duty_row(i, since) for i in jadwal if i.kewajiban_instansi]
    findings = [i for i in hasil.items if i.id_audit in ids]
    return {
        "schema": SCHEMA, "schema_version": 1, "jenis": "laporan-periodik",
        "judul": "Laporan Periodik Penyelenggaraan Audit Teknologi Informasi dan Komunikasi",
        "instansi": instansi, "dasar_hukum": DASAR_HUKUM,
        "periode": {"mulai": since.isoformat(), "selesai": until.isoformat()},
        "tanggal_dokumen": today.isoformat(),
        "penandatangan": dict(penandatangan),
        "ringkasan": {
            "audit": len(held),
            "audit_eksternal": sum(a.pelaksana == "eksternal" for a in held),
            "audit_internal": sum(a.pelaksana == "internal" for a in held),
            "temuan": len(findings),
            "temuan_tuntas": sum(i.status == "tuntas" for i in findings),
            "temuan_terlambat": sum(i.terlambat for i in findings),
            "kewajiban": len(duties),
            "kewajiban_terpenuhi": sum(d["status"] == TERPENUHI for d in duties),
            "kewajiban_tidak_terpenuhi": sum(d["status"] == TIDAK_TERPENUHI for d in duties),
            "bundel_ditolak": len(ditolak),
        },
        "audit": [audit_row(a, hasil, area_of, nama_aset) for a in held],
        "verifikasi_tindak_lanjut": [
            {"id_audit": v.id_audit, "bundel": v.bundel, "dari": v.dari,
             "tanggal": v.tanggal.isoformat(), "pelaksana": v.pelaksana,
             "verdik": [dict(d) for d in v.verdik]} for v in checks],
        "temuan": [_finding(i) for i in findings],
        "kewajiban": duties,
        "bundel_ditolak": [{"bundel": _file_name(str(r.get("bundel", ""))),
                            "langkah": r.get("langkah", ""), "alasan": r.get("alasan", "")}
                           for r in ditolak],
        "bundel_di_luar_periode": sorted(
            [a.bundel for a in audits if not in_period(a.tanggal, since, until)]
            + [v.bundel for v in verifikasi if not in_period(v.tanggal, since, until)]),
    }


def _finding(i: Any) -> dict[str, Any]:
    return {"id_audit": i.id_audit, "temuan": i.temuan, "aset": i.aset, "tingkat": i.tingkat,
            "rekomendasi": i.rekomendasi, "batas_waktu": i.batas_waktu.isoformat(),
            "penanggung_jawab": i.penanggung_jawab, "status": i.status,
            "diverifikasi_oleh": i.diverifikasi_oleh or None,
            "hari_terlambat": i.hari_terlambat, "eskalasi": i.eskalasi}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
