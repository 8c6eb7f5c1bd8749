"""The findings-and-follow-up document (``spbe-risk findings``) and the follow-up pieces
other outputs embed (schedule, summary, dashboard, calendar, database, periodic report).

Plain data from ``audit.tindak_lanjut``; words people read are catalog ids (``N_``) the
formats and templates translate; JSON keeps the domain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from spbe_risk.audit.tindak_lanjut import (
    BELUM,
    PROSES,
    SELESAI_AUDITAN,
    TIDAK_DAPAT,
    TUNTAS,
    HasilTindakLanjut,
    ItemTindakLanjut,
    status_counts,
)
from spbe_risk.documents.base import N_, Document
from spbe_risk.messages import Msg, render
from spbe_risk.tanggal import date_words

SCHEMA = "spbe-risk/tindak-lanjut"

#: The statuses as words (catalog ids).
NAMA_STATUS = {
    BELUM: N_("Belum Ditindaklanjuti"),
    PROSES: N_("Dalam Proses"),
    SELESAI_AUDITAN: N_("Selesai menurut Auditan"),
    TUNTAS: N_("Tuntas (diverifikasi auditor)"),
    TIDAK_DAPAT: N_("Tidak Dapat Ditindaklanjuti"),
}
#: Where each reads from (P-7 a.1–a.3; BSSN 8/2024 Pasal 25(2)(d)).
DASAR_HUKUM = N_("Permenkominfo 16/2022 Lampiran I P-7; Peraturan BSSN 8/2024 Pasal 25 ayat "
                  "(2) huruf d")

COLUMNS: tuple[tuple[str, str], ...] = (
    ("status", N_("Status")), ("id_audit", N_("Audit")), ("temuan", N_("Temuan")),
    ("aset", N_("Aset")), ("tingkat", N_("Tingkat")), ("batas_waktu", N_("Batas Waktu")),
    ("hari_terlambat", N_("Hari Terlambat")), ("eskalasi", N_("Eskalasi")),
    ("penanggung_jawab", N_("Penanggung Jawab")), ("rekomendasi", N_("Rekomendasi")),
    ("diverifikasi_oleh", N_("Diverifikasi Oleh")),
)
PRIORITY = ("id_audit", "temuan", "status", "batas_waktu", "hari_terlambat", "eskalasi",
            "aset", "penanggung_jawab", "tingkat", "rekomendasi", "diverifikasi_oleh")


def item_json(i: ItemTindakLanjut) -> dict[str, Any]:
    """One item as the documented JSON (and CSV, database, attachments) record."""
    return {
        "id_audit": i.id_audit, "temuan": i.temuan, "aset": i.aset,
        "jenis_audit": i.jenis_audit, "pelaksana": i.pelaksana,
        "tanggal_audit": i.tanggal_audit.isoformat(), "bundel": i.bundel,
        "tingkat": i.tingkat, "kontrol": i.kontrol, "kondisi": i.kondisi,
        "rekomendasi": i.rekomendasi, "batas_waktu": i.batas_waktu.isoformat(),
        "batas_waktu_bawaan": i.batas_waktu_bawaan, "penanggung_jawab": i.penanggung_jawab,
        "status": i.status,
        "tanggal_status": i.tanggal_status.isoformat() if i.tanggal_status else None,
        "uraian": i.uraian, "diverifikasi_oleh": i.diverifikasi_oleh or None,
        "terlambat": i.terlambat, "hari_terlambat": i.hari_terlambat, "eskalasi": i.eskalasi,
        "catatan": list(i.catatan),
    }


def follow_up_json(hasil: HasilTindakLanjut, today: date, only_overdue: bool = False,
                   instansi: str = "") -> dict[str, Any]:
    """The documented ``findings --format json`` document."""
    items = hasil.terlambat if only_overdue else hasil.items
    return {
        "schema": SCHEMA, "schema_version": 1, "instansi": instansi,
        "tanggal_acuan": today.isoformat(),
        "dasar_hukum": DASAR_HUKUM,
        "ringkasan": status_counts(hasil.items),
        "temuan": [item_json(i) for i in items],
        "peringatan": list(hasil.peringatan),
        "verifikasi_ditolak": list(hasil.verifikasi_ditolak),
    }


def overdue_json(hasil: HasilTindakLanjut | None) -> list[dict[str, Any]]:
    """The overdue items (for the schedule, summary, dashboard): most overdue first."""
    return [item_json(i) for i in (hasil.terlambat if hasil else ())]


def open_json(hasil: HasilTindakLanjut | None) -> list[dict[str, Any]]:
    """The items not yet closed (for the calendar: a deadline event each)."""
    return [item_json(i) for i in (hasil.items if hasil else ()) if not i.selesai]


def rows(items: Sequence[ItemTindakLanjut], translate=lambda s: s) -> list[dict[str, Any]]:
    """Table/CSV rows: statuses as words, red when escalated, orange when overdue."""
    out = []
    for i in items:
        out.append({
            "status": translate(NAMA_STATUS[i.status]), "id_audit": i.id_audit,
            "temuan": i.temuan, "aset": i.aset, "tingkat": i.tingkat,
            "batas_waktu": i.batas_waktu.isoformat(), "hari_terlambat": i.hari_terlambat,
            "eskalasi": translate(N_("Ya")) if i.eskalasi else translate(N_("Tidak")),
            "penanggung_jawab": i.penanggung_jawab, "rekomendasi": i.rekomendasi,
            "diverifikasi_oleh": i.diverifikasi_oleh,
            "_warna": "merah" if i.eskalasi else "jingga" if i.terlambat else
            "hijau" if i.selesai else "",
        })
    return out


def findings_document(instansi: str, hasil: HasilTindakLanjut, today: date,
                      only_overdue: bool = False, translate=lambda s: s) -> Document:
    """``spbe-risk findings``: every finding (or the overdue ones) and its follow-up."""
    items = hasil.terlambat if only_overdue else hasil.items
    counts = status_counts(hasil.items)
    footer = translate(N_("%(n)d temuan: %(tuntas)d tuntas, %(terlambat)d terlambat, "
                          "%(eskalasi)d perlu eskalasi (%(dasar)s)")) % {
        "n": len(hasil.items), "tuntas": counts[TUNTAS], "terlambat": counts["terlambat"],
        "eskalasi": counts["eskalasi"], "dasar": translate(DASAR_HUKUM)}
    for w in hasil.peringatan:          # a message: in the reader's language, not str()
        footer += "\n" + translate(N_("peringatan: %(teks)s")) % {"teks": render(w, translate)}
    for r in hasil.verifikasi_ditolak:
        footer += "\n" + translate(N_("bundel tindak lanjut tidak dihitung: %(bundel)s — "
                                      "%(alasan)s")) % {k: render(v, translate) if isinstance(
                                          v, Msg) else v for k, v in r.items()}
    return Document(
        title=translate(N_("Tindak Lanjut Temuan Audit TIK — %(instansi)s — per %(tanggal)s"))
        % {"instansi": instansi, "tanggal": render(date_words(today), translate)},
        columns=tuple((k, translate(h)) for k, h in COLUMNS),
        priority=PRIORITY,
        rows=lambda: rows(items, translate),
        data=lambda: follow_up_json(hasil, today, only_overdue, instansi),
        colour_column="status",
        footer=footer,
    )


def summary_json(hasil: HasilTindakLanjut | None, today: date, nama_aset: dict[str, str],
                 eskalasi_hari: int) -> dict[str, Any]:
    """The follow-up block of the executive summary and the dashboard."""
    items = hasil.items if hasil else ()
    counts = status_counts(items)
    late = [dict(item_json(i), nama_aset=nama_aset.get(i.aset, i.aset),
                 nama_status=NAMA_STATUS[i.status]) for i in (hasil.terlambat if hasil else ())]
    return {"tanggal_acuan": today.isoformat(), "eskalasi_hari": eskalasi_hari,
            "ringkasan": {"jumlah": len(items), "tuntas": counts[TUNTAS],
                          "terlambat": counts["terlambat"], "eskalasi": counts["eskalasi"]},
            "terlambat": late}
