"""The audit-schedule document (``schedule``, ``schedule.json``).

Plain data built from core results; imports the schedule core and ``base``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from spbe_risk.documents.base import Document
from spbe_risk.model import Workspace
from spbe_risk.schedule import AMAN, SEGERA, TERLAMBAT, ItemJadwal, status_counts


def schedule_document(ws: Workspace, jadwal) -> Document:
    items = jadwal.items
    data = schedule_json(ws.konteks.instansi, jadwal.today, jadwal.within_days, items,
                             jadwal.bukti.ditolak)
    counts = data["ringkasan"]
    rejected = "".join(f"\nbukti ditolak: {r['bundel']} — langkah {r['langkah']}: {r['alasan']}"
                       for r in jadwal.bukti.ditolak)
    return Document(
        title=f"Jadwal Audit TIK — {ws.konteks.instansi} — per {jadwal.today.isoformat()} "
              f"({ws.konteks.zona_waktu})",
        columns=SCHEDULE_COLUMNS,
        priority=SCHEDULE_PRIORITY,
        rows=lambda: schedule_rows(items),
        data=data,
        colour_column="status",
        extra={"instansi": ws.konteks.instansi, "items": items, "today": jadwal.today},
        footer=(f"kewajiban instansi: {counts['terlambat']} terlambat, {counts['segera']} segera "
                f"(≤ {jadwal.within_days} hari), {counts['aman']} aman; "
                f"{counts['belum_pernah']} di antaranya belum pernah diaudit; "
                f"{len(jadwal.bukti.selesai)} bundel terverifikasi" + rejected),
    )


def schedule_json(instansi: str, today: date, within_days: int, items: Sequence[ItemJadwal],
                  ditolak: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The documented ``schedule --format json`` / ``schedule.json`` document."""
    counts = status_counts(items)
    return {
        "schema": "spbe-risk/schedule",
        "schema_version": 1,
        "instansi": instansi,
        "tanggal_acuan": today.isoformat(),
        "peringatan_hari": within_days,
        "ringkasan": counts,
        "jadwal": [_item_json(i) for i in items],
        "bukti_ditolak": list(ditolak),
    }


def _item_json(i: ItemJadwal) -> dict[str, Any]:
    last = i.terakhir
    return {
        "aset": i.aset.id,
        "nama_aset": i.aset.nama,
        "jenis_aset": i.aset.jenis,
        "upr": i.aset.upr,
        "jenis_audit": i.aturan.jenis_audit,
        "aturan": i.aturan.id,
        "frekuensi_bulan": i.aturan.frekuensi_bulan,
        "pelaksana": i.aturan.pelaksana,
        "tanggung_jawab": i.aturan.tanggung_jawab,
        "dasar_hukum": i.aturan.dasar_hukum,
        "confidence": i.aturan.confidence,
        "terakhir": None if last is None else {
            "tanggal": last.tanggal.isoformat(), "pelaksana": last.pelaksana,
            "auditor": last.auditor, "sumber": last.sumber, "bundel": last.bundel or None},
        "audit_internal": None if i.audit_internal is None else {
            "tanggal": i.audit_internal.tanggal.isoformat(),
            "auditor": i.audit_internal.auditor, "sumber": i.audit_internal.sumber,
            "bundel": i.audit_internal.bundel or None,
            "memenuhi_kewajiban": False},
        "jatuh_tempo": i.jatuh_tempo.isoformat(),
        "tenggat_praktis": i.tenggat_praktis.isoformat(),
        "sisa_hari": i.sisa_hari,
        "status": i.status,
        "belum_pernah": i.belum_pernah,
        "peringatan": list(i.peringatan),
    }


#: Colours follow urgency; a national duty (not the instansi's to do) is dimmed.
STATUS_WARNA = {TERLAMBAT: "merah", SEGERA: "jingga", AMAN: "hijau"}
WARNA_NASIONAL = "redup"

SCHEDULE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("status", "Status"), ("aset", "Aset"), ("upr", "UPR"), ("jenis_audit", "Audit"),
    ("terakhir", "Terakhir"), ("sumber", "Sumber"), ("jatuh_tempo", "Jatuh tempo"),
    ("tenggat_praktis", "Tenggat praktis"), ("sisa_hari", "Sisa hari"), ("catatan", "Catatan"),
)


SCHEDULE_PRIORITY = ("aset", "status", "jenis_audit", "tenggat_praktis", "sisa_hari", "terakhir",
                     "upr", "catatan", "sumber", "jatuh_tempo")


def schedule_rows(items: Sequence[ItemJadwal]) -> list[dict[str, Any]]:
    rows = []
    for i in items:
        last = i.terakhir
        national = not i.kewajiban_instansi
        notes = ([f"diaudit oleh {i.aturan.pelaksana} (bukan kewajiban instansi)"] if national
                 else []) + (["belum pernah diaudit"] if i.belum_pernah else []) \
            + list(i.peringatan)
        rows.append({
            "status": i.status,
            "aset": i.aset.id, "upr": i.aset.upr, "jenis_audit": i.aturan.jenis_audit,
            "terakhir": last.tanggal.isoformat() if last else (
                f"{i.audit_internal.tanggal.isoformat()} (internal)" if i.audit_internal
                else "-"),
            "sumber": (last.sumber if last else i.audit_internal.sumber if i.audit_internal
                       else "-"),
            "jatuh_tempo": i.jatuh_tempo.isoformat(),
            "tenggat_praktis": i.tenggat_praktis.isoformat(),
            "sisa_hari": i.sisa_hari,
            "catatan": "; ".join(notes),
            "_warna": WARNA_NASIONAL if national else STATUS_WARNA[i.status],
        })
    return rows
