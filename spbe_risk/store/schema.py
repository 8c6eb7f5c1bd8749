"""The database layout: tables of the current state, snapshot tables, indexes, full-text
search and the views for the common questions — all as data, created with sqlite-utils.

Current-state tables are dropped and re-created by every build (inside its one
transaction); ``snapshot``, ``snapshot_risiko`` and the log are kept and only appended
to (triggers refuse UPDATE and DELETE on them).

Layer: shell (store). Imports the core's state columns (``diff``); sqlite-utils is passed in by the caller.
"""

from __future__ import annotations

from typing import Any

from spbe_risk.diff import STATE_TYPES
from spbe_risk.store.approvals import COLUMNS as PERSETUJUAN

#: Version 2 added ``persetujuan`` and ``snapshot_persetujuan`` (approvals); a version-1
#: database is upgraded by the next build (the new tables are created, its old snapshots
#: keep their bindings); a newer version is refused (``store.connection.check_version``).
SCHEMA_NAME, SCHEMA_VERSION = "spbe-risk/db", 2

T, N = str, int  # column types as sqlite-utils takes them

#: name → (columns, primary key, foreign keys (column, table, column), indexed columns)
CURRENT: dict[str, tuple[dict[str, Any], Any, list[tuple[str, str, str]], list[Any]]] = {
    "instansi": ({"id": N, "nama": T, "periode": N, "zona_waktu": T, "matriks": T,
                  "aturan_selera": T, "tanggal_acuan": T}, "id", [], []),
    "upr": ({"id": T, "nama": T, "pemilik_risiko": T, "koordinator_risiko": T,
             "pengelola_risiko": T}, "id", [], []),
    "risiko": ({"id": T, "upr": T, "periode": N, "sasaran": T, "jenis": T, "kategori": T,
                "kejadian": T, "penyebab": T, "uraian_dampak": T, "area_dampak": T,
                "pengendalian_ada": T, "opsi_penanganan": T, "rencana_aksi": T, "keluaran": T,
                "mulai": T, "selesai": T, "penanggung_jawab": T, "selera_risiko": N,
                "perlu_penanganan": N, "residual_di_atas_selera": N, "besaran_terkini": N,
                "level_terkini": T, "di_atas_selera_terkini": N, "prioritas": N, "tren": T,
                "file": T},
               "id", [("upr", "upr", "id")],
               ["upr", "kategori", "jenis", "area_dampak", "level_terkini", "prioritas"]),
    "skor": ({"risiko": T, "tahap": T, "periode": T, "kemungkinan": N, "dampak": N,
              "besaran": N, "level_risiko": T, "warna": T},
             ("risiko", "tahap"), [("risiko", "risiko", "id")],
             [["tahap", "level_risiko"], ["besaran"]]),
    "pemantauan": ({"risiko": T, "periode": T, "kemungkinan": N, "dampak": N, "besaran": N,
                    "level_risiko": T, "kondisi": T, "rekomendasi": T},
                   ("risiko", "periode"), [("risiko", "risiko", "id")], ["periode"]),
    "kontrol": ({"id": T, "katalog": T, "judul": T, "judul_en": T, "fungsi": T,
                 "area_audit": T, "confidence": T, "prinsip": T}, "id", [], ["katalog"]),
    "risiko_kontrol": ({"risiko": T, "kontrol": T, "peran": T}, ("risiko", "kontrol"),
                       [("risiko", "risiko", "id"), ("kontrol", "kontrol", "id")], ["kontrol"]),
    "aset": ({"id": T, "nama": T, "jenis": T, "upr": T, "beroperasi_sejak": T, "platform": T,
              "operator": T, "klasifikasi_data": T, "akses_internet": N}, "id",
             [("upr", "upr", "id")], ["upr", "jenis"]),
    "risiko_aset": ({"risiko": T, "aset": T}, ("risiko", "aset"),
                    [("risiko", "risiko", "id"), ("aset", "aset", "id")], ["aset"]),
    "aset_kontrol": ({"aset": T, "kontrol": T, "status": T, "justifikasi": T, "sumber": T},
                     ("aset", "kontrol"), [("aset", "aset", "id"), ("kontrol", "kontrol", "id")],
                     ["status", "kontrol"]),
    "aset_prinsip": ({"aset": T, "prinsip": T, "berlaku": N, "diterapkan": N, "sebagian": N},
                     ("aset", "prinsip"), [("aset", "aset", "id")], []),
    "audit_selesai": ({"id": N, "aset": T, "jenis_audit": T, "tanggal": T, "pelaksana": T,
                       "auditor": T, "sumber": T, "bundel": T, "hasil": T}, "id",
                      [("aset", "aset", "id")], ["aset", "jenis_audit"]),
    "kesimpulan_audit": ({"aset": T, "id_audit": T, "tanggal": T, "kontrol": T, "desain": T,
                          "implementasi": T, "efektivitas": T}, ("aset", "kontrol"),
                         [("aset", "aset", "id")], ["kontrol"]),
    "jadwal_audit": ({"aset": T, "aturan": T, "jenis_audit": T, "pelaksana": T,
                      "terakhir": T, "jatuh_tempo": T, "tenggat_praktis": T, "status": T,
                      "sisa_hari": N, "kewajiban_instansi": N}, ("aset", "aturan"),
                     [("aset", "aset", "id")], ["status", "jatuh_tempo"]),
    "tindak_lanjut": ({"id_audit": T, "temuan": T, "aset": T, "jenis_audit": T, "pelaksana": T,
                       "tanggal_audit": T, "bundel": T, "tingkat": T, "kontrol": T,
                       "rekomendasi": T, "batas_waktu": T, "batas_waktu_bawaan": N,
                       "penanggung_jawab": T, "status": T, "tanggal_status": T, "uraian": T,
                       "diverifikasi_oleh": T, "hari_terlambat": N, "eskalasi": N},
                      ("id_audit", "temuan"), [("aset", "aset", "id")],
                      ["status", "batas_waktu"]),
    "bundel": ({"file": T, "id_audit": T, "aset": T, "status": T, "langkah": T, "alasan": T,
                "sha256_tagmanifest": T, "sha256_tanda_tangan": T, "sidik_jari_penanda": T},
               "file", [], ["status"]),
    "persetujuan": (PERSETUJUAN, "file", [], ["upr", "keadaan"]),
    "meta": ({"kunci": T, "nilai": T}, "kunci", [], []),
}

#: Columns of a snapshot's risk rows (also the keys of ``spbe_risk.diff`` states).
SNAPSHOT_RISIKO: dict[str, Any] = {"snapshot": N, **STATE_TYPES}
KEPT: dict[str, tuple[dict[str, Any], Any, list[tuple[str, str, str]], list[Any]]] = {
    "snapshot": ({"id": N, "label": T, "versi": N, "waktu": T, "instansi": T, "periode": N,
                  "jumlah_risiko": N, "sha256_isi": T, "seq_log": N}, "id", [],
                 [["label", "versi"]]),
    "snapshot_risiko": (SNAPSHOT_RISIKO, ("snapshot", "risiko"),
                        [("snapshot", "snapshot", "id")], ["risiko"]),
    "snapshot_persetujuan": ({"snapshot": N, **PERSETUJUAN}, ("snapshot", "file"),
                             [("snapshot", "snapshot", "id")], []),
}

FTS_TABLE, FTS_COLUMNS = "risiko", ["sasaran", "kejadian", "penyebab", "uraian_dampak",
                                    "pengendalian_ada"]

#: The common questions, as views (titles in ``store.metadata``).
VIEWS: dict[str, str] = {
    "risiko_di_atas_selera": """
        SELECT r.id, r.upr, r.kategori, r.jenis, r.kejadian, r.besaran_terkini,
               r.level_terkini, r.selera_risiko, r.opsi_penanganan, r.prioritas
        FROM risiko r WHERE r.di_atas_selera_terkini = 1 ORDER BY r.prioritas""",
    "audit_terlambat": """
        SELECT j.aset, a.nama AS nama_aset, a.upr, j.jenis_audit, j.pelaksana, j.terakhir,
               j.jatuh_tempo, j.tenggat_praktis, -j.sisa_hari AS hari_terlambat
        FROM jadwal_audit j JOIN aset a ON a.id = j.aset
        WHERE j.status = 'terlambat' AND j.kewajiban_instansi = 1
        ORDER BY j.sisa_hari, j.aset""",
    "tindak_lanjut_terlambat": """
        SELECT t.id_audit, t.temuan, t.aset, a.nama AS nama_aset, t.tingkat,
               t.rekomendasi, t.penanggung_jawab, t.status, t.batas_waktu,
               t.hari_terlambat, t.eskalasi
        FROM tindak_lanjut t JOIN aset a ON a.id = t.aset
        WHERE t.hari_terlambat > 0
        ORDER BY t.eskalasi DESC, t.hari_terlambat DESC, t.id_audit, t.temuan""",
    "prinsip_tanpa_kontrol_diterapkan": """
        SELECT p.aset, a.nama AS nama_aset, p.prinsip, p.berlaku, p.sebagian
        FROM aset_prinsip p JOIN aset a ON a.id = p.aset
        WHERE p.berlaku > 0 AND p.diterapkan = 0 ORDER BY p.aset, p.prinsip""",
    "kontrol_diklaim_tidak_efektif": """
        SELECT rk.risiko, rk.kontrol, ra.aset, k.id_audit, k.tanggal, k.desain,
               k.efektivitas
        FROM risiko_kontrol rk
        JOIN risiko_aset ra ON ra.risiko = rk.risiko
        JOIN kesimpulan_audit k ON k.aset = ra.aset AND k.kontrol = rk.kontrol
        WHERE rk.peran = 'ada' AND (k.desain = 'tidak-memadai' OR k.efektivitas = 'belum-efektif')
        ORDER BY rk.risiko, rk.kontrol, ra.aset""",
}

APPEND_ONLY = ("snapshot", "snapshot_risiko", "snapshot_persetujuan")


def drop_current(db) -> None:
    """Drop the views, the full-text index and every current-state table (children first)."""
    for view in VIEWS:
        db.execute(f"DROP VIEW IF EXISTS {view}")
    db.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}_fts")
    for name in reversed(list(CURRENT)):
        db.execute(f"DROP TABLE IF EXISTS {name}")


def create_current(db) -> None:
    for name, (columns, pk, fks, _) in CURRENT.items():
        db[name].create(columns, pk=pk, foreign_keys=fks, not_null=_not_null(pk))


def index_current(db) -> None:
    """Indexes, full-text search and views, after the rows are in (faster than before)."""
    for name, (_, _, _, indexes) in CURRENT.items():
        for cols in indexes:
            db[name].create_index(cols if isinstance(cols, list) else [cols])
    db[FTS_TABLE].enable_fts(FTS_COLUMNS, tokenize="unicode61", create_triggers=False)
    for view, sql in VIEWS.items():
        db.create_view(view, sql.strip())


def create_kept(db) -> None:
    """Snapshot tables (if absent) and the triggers that make them append-only."""
    for name, (columns, pk, fks, indexes) in KEPT.items():
        if not db[name].exists():
            db[name].create(columns, pk=pk, foreign_keys=fks, not_null=_not_null(pk))
            for cols in indexes:
                db[name].create_index(cols if isinstance(cols, list) else [cols],
                                      unique=name == "snapshot")
    for name in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER IF NOT EXISTS {name}_no_{verb.lower()} BEFORE {verb} "
                       f"ON {name} BEGIN SELECT RAISE(ABORT, '{name} hanya boleh ditambah: "
                       f"{verb} ditolak'); END")


def _not_null(pk: Any) -> set[str]:
    return set(pk) if isinstance(pk, tuple) else {pk}
