"""The periodic ICT-audit report's flat tables (CSV for the ministry's portal) from the
document of ``audit.periodik``: one row per audit held in the period, one row per duty
of an asset.

Plain data; imports ``base`` only.
"""

from __future__ import annotations

from typing import Any

from spbe_risk.documents.base import N_, Document

AUDIT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id_audit", "id_audit"), ("jenis_audit", "jenis_audit"), ("pelaksana", "pelaksana"),
    ("aset", "aset"), ("nama_aset", "nama_aset"), ("lembaga", "lembaga"),
    ("nomor_registrasi", "nomor_registrasi"), ("ketua_tim", "ketua_tim"),
    ("anggota_tim", "anggota_tim"), ("mulai", "mulai"), ("selesai", "selesai"),
    ("tanggal_bundel", "tanggal_bundel"), ("surat_keterangan_nomor", "surat_keterangan_nomor"),
    ("surat_keterangan_tanggal", "surat_keterangan_tanggal"),
    ("konklusi_keseluruhan", "konklusi_keseluruhan"), ("jumlah_temuan", "jumlah_temuan"),
    ("temuan_tuntas", "temuan_tuntas"), ("temuan_terlambat", "temuan_terlambat"),
    ("bundel", "bundel"), ("sha256_tagmanifest", "sha256_tagmanifest"),
)
DUTY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("aset", "aset"), ("nama_aset", "nama_aset"), ("jenis_aset", "jenis_aset"),
    ("jenis_audit", "jenis_audit"), ("status", "status"), ("terakhir", "terakhir"),
    ("pelaksana_terakhir", "pelaksana_terakhir"), ("tenggat_praktis", "tenggat_praktis"),
    ("dasar_hukum", "dasar_hukum"), ("catatan", "catatan"),
)


def audit_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for a in doc["audit"]:
        ketua = [m["nama"] for m in a["tim_auditor"] if m["peran"] == "ketua"]
        sk = a["surat_keterangan"] or {}
        out.append({
            "id_audit": a["id_audit"], "jenis_audit": a["jenis_audit"],
            "pelaksana": a["pelaksana"], "aset": a["aset"], "nama_aset": a["nama_aset"],
            "lembaga": a["lembaga"]["nama"],
            "nomor_registrasi": a["lembaga"]["nomor_registrasi"] or "",
            "ketua_tim": "; ".join(ketua),
            "anggota_tim": "; ".join(m["nama"] for m in a["tim_auditor"]
                                     if m["peran"] != "ketua"),
            "mulai": a["waktu_pelaksanaan"]["mulai"] or "",
            "selesai": a["waktu_pelaksanaan"]["selesai"] or "",
            "tanggal_bundel": a["tanggal_bundel"],
            "surat_keterangan_nomor": sk.get("nomor") or "",
            "surat_keterangan_tanggal": sk.get("tanggal") or "",
            "konklusi_keseluruhan": a["konklusi_keseluruhan"] or "",
            "jumlah_temuan": a["temuan"]["jumlah"],
            "temuan_tuntas": a["tindak_lanjut"]["tuntas"],
            "temuan_terlambat": a["tindak_lanjut"]["terlambat"],
            "bundel": a["bundel"], "sha256_tagmanifest": a["sha256_tagmanifest"],
        })
    return out


def duty_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"aset": d["aset"], "nama_aset": d["nama_aset"], "jenis_aset": d["jenis_aset"],
             "jenis_audit": d["jenis_audit"], "status": d["status"],
             "terakhir": (d["terakhir"] or {}).get("tanggal") or "",
             "pelaksana_terakhir": (d["terakhir"] or {}).get("pelaksana") or "",
             "tenggat_praktis": d["tenggat_praktis"], "dasar_hukum": d["dasar_hukum"],
             "catatan": _joined(d["catatan"])} for d in doc["kewajiban"]]


def _joined(notes: list) -> str:
    """Notes as one cell, "a; b", still a message (the CSV renders it in the report's
    language; ``"; ".join`` would freeze it in Indonesian)."""
    from spbe_risk.documents.schedule import _joined as joined

    return joined(list(notes))


def csv_documents(doc: dict[str, Any]) -> tuple[Document, Document]:
    """(audits, duties) as documents for the CSV format (machine column names)."""
    return (Document(N_("Audit TIK yang diselenggarakan"), AUDIT_COLUMNS,
                     lambda: audit_rows(doc), doc),
            Document(N_("Pemenuhan kewajiban Audit TIK per aset"), DUTY_COLUMNS,
                     lambda: duty_rows(doc), doc))
