"""Datasette metadata for a spbe-risk database: Indonesian titles and descriptions of
every table, view and column people read (``datasette serve DB -m metadata.json``).

Plain data; ``metadata_json`` renders it. Layer: shell (store). Imports ``store.schema``.
"""

from __future__ import annotations

import json
from typing import Any

import spbe_risk.store.schema as schema

TABLES: dict[str, tuple[str, str]] = {
    "instansi": ("Instansi", "Konteks risiko (Formulir 2.x): instansi, periode, matriks, aturan selera"),
    "upr": ("Unit Pemilik Risiko", "UPR dan struktur pelaksana manajemen risiko (Formulir 2.1/2.3)"),
    "risiko": ("Risiko SPBE", "Penilaian (Formulir 3.0) dan rencana penanganan (Formulir 4.0)"),
    "skor": ("Skor per tahap", "Besaran dan level risiko tahap analisis, residual dan pemantauan"),
    "pemantauan": ("Pemantauan", "Laporan pemantauan per periode (Formulir 5.0)"),
    "kontrol": ("Kontrol", "Katalog kontrol (Peraturan BSSN 4/2021 dan katalog draf)"),
    "risiko_kontrol": ("Tautan risiko–kontrol", "Kontrol yang ada (ada) atau direncanakan (rencana)"),
    "aset": ("Aset SPBE", "Inventaris aplikasi dan infrastruktur SPBE"),
    "risiko_aset": ("Tautan risiko–aset", "Aset yang terdampak setiap risiko"),
    "aset_kontrol": ("Status kontrol per aset", "Kontrol yang berlaku pada aset dan statusnya"),
    "aset_prinsip": ("Cakupan prinsip per aset", "Kontrol berlaku dan diterapkan per prinsip keamanan"),
    "audit_selesai": ("Audit selesai", "Riwayat audit yang dinyatakan dan yang terbukti bundel"),
    "kesimpulan_audit": ("Kesimpulan audit", "Kesimpulan per kontrol dari audit terverifikasi terakhir"),
    "jadwal_audit": ("Jadwal audit TIK", "Audit yang jatuh tempo per aset (Perpres 95/2018 Pasal 54–58)"),
    "tindak_lanjut": ("Tindak lanjut temuan", "Setiap temuan audit terhitung: batas waktu, "
                      "penanggung jawab, status (Permenkominfo 16/2022 Lampiran I P-7)"),
    "bundel": ("Bundel bukti", "Bundel bukti audit di audits/: terverifikasi atau ditolak"),
    "persetujuan": ("Persetujuan register", "Persetujuan elektronik register per UPR: siapa "
                    "(peran, nama pada sertifikat), kapan (waktu terbukti stempel waktu atau "
                    "hanya diklaim) dan keadaannya: berlaku, usang, tidak sah"),
    "snapshot_persetujuan": ("Persetujuan per snapshot", "Persetujuan register pada saat "
                             "snapshot disimpan; hanya ditambah"),
    "snapshot": ("Snapshot", "Keadaan terskor per periode pemantauan; hanya ditambah"),
    "snapshot_risiko": ("Risiko per snapshot", "Risiko terskor yang disimpan setiap snapshot"),
    "log": ("Log berantai", "Log hanya-tambah; rantai = SHA-256(rantai sebelumnya ‖ baris kanonik)"),
    "meta": ("Metadata skema", "Nama dan versi skema basis data"),
    "risiko_di_atas_selera": ("Risiko di atas selera", "Besaran terkini pada/di atas selera risiko"),
    "audit_terlambat": ("Audit terlambat", "Kewajiban audit instansi yang tenggatnya terlewati"),
    "tindak_lanjut_terlambat": ("Tindak lanjut terlambat", "Temuan yang lewat batas waktu dan "
                                "belum tuntas; eskalasi = 1 bila lewat jendela eskalasi (P-7 a.3)"),
    "prinsip_tanpa_kontrol_diterapkan": ("Prinsip tanpa kontrol diterapkan",
                                         "Prinsip keamanan yang berlaku pada aset tanpa satu pun "
                                         "kontrol diterapkan"),
    "kontrol_diklaim_tidak_efektif": ("Kontrol diklaim tetapi tidak efektif",
                                      "Kontrol yang diandalkan risiko (peran ada) tetapi disimpulkan "
                                      "belum efektif atau tidak memadai oleh audit terverifikasi terakhir"),
}

COLUMNS: dict[str, str] = {
    "besaran": "Besaran risiko (hasil lookup matriks, bukan kemungkinan × dampak)",
    "level_risiko": "Level risiko (pita besaran)",
    "kemungkinan": "Level kemungkinan 1–5",
    "dampak": "Level dampak 1–5",
    "selera_risiko": "Selera risiko: besaran minimum yang perlu penanganan (Formulir 2.10)",
    "perlu_penanganan": "1 bila besaran analisis pada/di atas selera",
    "besaran_terkini": "Besaran pemantauan terakhir, atau analisis bila belum dipantau",
    "level_terkini": "Level risiko terkini",
    "di_atas_selera_terkini": "1 bila besaran terkini pada/di atas selera",
    "prioritas": "Peringkat 1..n menurut besaran, prioritas area dampak, urutan kategori",
    "tren": "naik / turun / tetap: pemantauan terakhir dibanding analisis",
    "tahap": "analisis, residual (target penanganan) atau pemantauan",
    "status": "Status (kontrol, jadwal atau bundel)",
    "sisa_hari": "Hari sampai tenggat praktis (negatif: terlambat)",
    "tenggat_praktis": "Tenggat: jatuh tempo, atau hari kerja terakhir sebelumnya",
    "hari_terlambat": "Hari sejak tenggat praktis terlewati",
    "rantai": "Hash rantai baris ini (hex)",
    "rantai_sebelumnya": "Hash rantai baris sebelumnya (64 nol untuk baris pertama)",
    "sha256_isi": "SHA-256 isi (snapshot: baris kanonik; bundel: tagmanifest)",
    "sidik_jari_penanda": "Sidik jari SHA-256 sertifikat penanda tangan",
}


def metadata(title: str) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    views = set(schema.VIEWS)
    for name, (judul, uraian) in TABLES.items():
        cols = (list(schema.CURRENT.get(name, schema.KEPT.get(name, ({},)))[0])
                if name not in views else [])
        entry: dict[str, Any] = {"title": judul, "description": uraian}
        described = {c: COLUMNS[c] for c in cols if c in COLUMNS}
        if described:
            entry["columns"] = described
        if name == "risiko":
            entry["fts_table"] = "risiko_fts"
            entry["fts_pk"] = "rowid"
        tables[name] = entry
    return {"title": title, "description": "Basis data manajemen risiko SPBE (spbe-risk)",
            "databases": {"*": {"tables": tables}}}


def metadata_json(title: str, db_name: str) -> str:
    doc = metadata(title)
    doc["databases"] = {db_name: doc["databases"]["*"]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
