"""The regulation's closed vocabularies, spelled as users write them in the forms.

Sources: PermenPANRB 5/2020 (kategori, area dampak, jenis, opsi penanganan), Perpres
95/2018 Pasal 40 (the five security principles) and Pasal 56–58 (audit kinds), and the
asset kinds of the SPBE architecture. See ``shared/domain/spbe-reference.md``.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

KATEGORI_RISIKO: tuple[str, ...] = (
    "Rencana Induk SPBE Nasional",
    "Arsitektur SPBE",
    "Peta Rencana SPBE",
    "Proses Bisnis",
    "Rencana dan Anggaran",
    "Inovasi",
    "Kepatuhan terhadap Peraturan",
    "Pengadaan Barang dan Jasa",
    "Proyek Pembangunan/Pengembangan Sistem",
    "Data dan Informasi",
    "Infrastruktur SPBE",
    "Aplikasi SPBE",
    "Keamanan SPBE",
    "Layanan SPBE",
    "Sumber Daya Manusia SPBE",
    "Bencana Alam",
)

AREA_DAMPAK: tuple[str, ...] = (
    "Finansial",
    "Reputasi",
    "Kinerja",
    "Layanan Organisasi",
    "Operasional dan Aset TIK",
    "Hukum dan Regulasi",
    "Sumber Daya Manusia",
)

JENIS_RISIKO: tuple[str, ...] = ("negatif", "positif")

OPSI_PENANGANAN: dict[str, tuple[str, ...]] = {
    "negatif": ("eskalasi", "mitigasi", "transfer", "penghindaran", "penerimaan"),
    "positif": ("eskalasi", "eksploitasi", "peningkatan", "pembagian", "penerimaan"),
}

#: The options' names as the regulation writes them ("Mitigasi Risiko"), shown in tables
#: and reports; YAML and JSON keep the short value.
NAMA_OPSI: dict[str, str] = {o: f"{o.capitalize()} Risiko"
                             for opts in OPSI_PENANGANAN.values() for o in opts}

PRINSIP: tuple[str, ...] = ("kerahasiaan", "keutuhan", "ketersediaan", "keaslian",
                            "kenirsangkalan")

JENIS_ASET: tuple[str, ...] = (
    "aplikasi-umum",
    "aplikasi-khusus",
    "pusat-data",
    "jaringan-intra",
    "sistem-penghubung-layanan",
    "infrastruktur-lain",
)
JENIS_APLIKASI: tuple[str, ...] = ("aplikasi-umum", "aplikasi-khusus")

PLATFORM: tuple[str, ...] = ("web", "mobile", "desktop")

KLASIFIKASI_DATA: tuple[str, ...] = ("publik", "terbatas", "rahasia")

STATUS_KONTROL: tuple[str, ...] = ("diterapkan", "sebagian", "direncanakan", "belum",
                                   "tidak-berlaku")

PERAN_KONTROL: tuple[str, ...] = ("ada", "rencana")

#: Formulir 5.0 "Jenis Laporan": how often the register's monitoring is reported.
JENIS_LAPORAN: tuple[str, ...] = ("bulanan", "triwulanan", "semesteran", "tahunan")

JENIS_AUDIT: tuple[str, ...] = ("keamanan", "aplikasi", "infrastruktur")

PELAKSANA_AUDIT: tuple[str, ...] = ("internal", "eksternal")

#: Severity of an audit finding, the most severe first (the LHAK lists them in this order).
TINGKAT_TEMUAN: tuple[str, ...] = ("kritis", "tinggi", "sedang", "rendah")

AREA_AUDIT: tuple[str, ...] = ("TK", "MK", "FK")

CONFIDENCE: tuple[str, ...] = ("regulation", "secondary", "draft")

ZONA_WAKTU: dict[str, int] = {"WIB": 7, "WITA": 8, "WIT": 9}

ATURAN_SELERA: tuple[str, ...] = (">=", ">")

TAHAP: tuple[str, ...] = ("analisis", "residual", "pemantauan")
