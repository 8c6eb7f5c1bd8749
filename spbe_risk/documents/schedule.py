"""The audit-schedule document (``schedule``, ``schedule.json``).

Plain data built from core results; imports the schedule core and ``base``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from spbe_risk.documents.base import N_, Document
from spbe_risk.load.diagnostics import step_word
from spbe_risk.messages import Msg, msg
from spbe_risk.model import Workspace
from spbe_risk.schedule import AMAN, SEGERA, TERLAMBAT, ItemJadwal, status_counts
from spbe_risk.tanggal import date_words


def schedule_document(ws: Workspace, jadwal) -> Document:
    from spbe_risk.documents.tindak_lanjut import open_json

    items = jadwal.items
    data = schedule_json(ws.konteks.instansi, jadwal.today, jadwal.within_days, items,
                         jadwal.bukti.ditolak, getattr(jadwal, "tindak_lanjut", None))
    counts = data["ringkasan"]
    footer = msg(N_("kewajiban instansi: %(terlambat)d terlambat, %(segera)d segera (≤ %(hari)d "
                    "hari), %(aman)d aman; %(belum)d di antaranya belum pernah diaudit; "
                    "%(bundel)d bundel terverifikasi"),
                 terlambat=counts["terlambat"], segera=counts["segera"], hari=jadwal.within_days,
                 aman=counts["aman"], belum=counts["belum_pernah"],
                 bundel=len(jadwal.bukti.selesai))
    for r in jadwal.bukti.ditolak:
        footer = msg(N_("%(before)s\nbukti ditolak: %(bundel)s — langkah %(langkah)s: %(alasan)s"),
                     before=footer, bundel=r["bundel"], langkah=step_word(r["langkah"]), alasan=r["alasan"])
    return Document(
        title=msg(N_("Jadwal Audit TIK — %(instansi)s — per %(tanggal)s (%(zona)s)"),
                  instansi=ws.konteks.instansi, tanggal=date_words(jadwal.today),
                  zona=ws.konteks.zona_waktu),
        columns=SCHEDULE_COLUMNS,
        priority=SCHEDULE_PRIORITY,
        rows=lambda: schedule_rows(items),
        data=data,
        colour_column="status",
        extra={"instansi": ws.konteks.instansi, "items": items, "today": jadwal.today,
               "tindak_lanjut": open_json(getattr(jadwal, "tindak_lanjut", None))},
        footer=footer,
        word_columns=("status", "jenis_audit", "sumber", "catatan"),
    )


def schedule_json(instansi: str, today: date, within_days: int, items: Sequence[ItemJadwal],
                  ditolak: Sequence[dict[str, Any]] = (), tindak_lanjut: Any = None
                  ) -> dict[str, Any]:
    """The documented ``schedule --format json`` / ``schedule.json`` document; with the
    follow-up result (``audit.tindak_lanjut``), the overdue findings too."""
    from spbe_risk.documents.tindak_lanjut import overdue_json

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
        "tindak_lanjut_terlambat": overdue_json(tindak_lanjut),
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
    ("status", N_("Status")), ("aset", N_("Aset")), ("upr", "UPR"), ("jenis_audit", N_("Audit")),
    ("terakhir", N_("Terakhir")), ("sumber", N_("Sumber")), ("jatuh_tempo", N_("Jatuh tempo")),
    ("tenggat_praktis", N_("Batas waktu (hari kerja)")), ("sisa_hari", N_("Sisa hari")),
    ("catatan", N_("Catatan")),
)


SCHEDULE_PRIORITY = ("aset", "status", "jenis_audit", "tenggat_praktis", "sisa_hari", "terakhir",
                     "upr", "catatan", "sumber", "jatuh_tempo")


def schedule_rows(items: Sequence[ItemJadwal]) -> list[dict[str, Any]]:
    rows = []
    for i in items:
        last = i.terakhir
        national = not i.kewajiban_instansi
        notes = ([msg(N_("diaudit oleh %(pelaksana)s (bukan kewajiban instansi)"),
                      pelaksana=i.aturan.pelaksana)] if national else []) \
            + ([msg(N_("belum pernah diaudit"))] if i.belum_pernah else []) + list(i.peringatan)
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
            "catatan": _joined(notes),
            "_warna": WARNA_NASIONAL if national else STATUS_WARNA[i.status],
        })
    return rows


def _joined(notes: list) -> str:
    """Notes as one cell, "a; b": a ``Msg`` (translated on the terminal and in CSV/JSON)."""
    if not notes:
        return ""
    out: Msg | str = notes[0]
    for note in notes[1:]:
        out = msg(N_("%(a)s; %(b)s"), a=out, b=note)
    return out
