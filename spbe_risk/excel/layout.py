"""The workbook layout as data: the sheets (Formulir 3.0, 4.0, 5.0 and the 2.x context),
their columns with the regulation's headers, the YAML key each column holds and its kind.

Kinds: ``id``, ``text`` (required), ``opttext``, ``enum:<list>``, ``level_k``/``level_d``
(a level of the instansi's matrix), ``optlevel_k``/``optlevel_d``, ``date``, ``list:<list>``
(comma-separated), ``kontrol`` (``ID:peran``, comma-separated), ``computed`` (written
for the reader, ignored on import).

Headers are the words pemda documents use (spbe-reference.md §Istilah: Kode Risiko,
Keputusan Penanganan Risiko); ``HEADER_ALIASES`` is the one table of the headers earlier
releases wrote, which import still reads, so their workbooks keep importing. Treatment
options show their names (Mitigasi Risiko, not ``mitigasi``); import reads the name or the
register's word. Layer: shell (excel). Imports ``vocab`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spbe_risk import vocab

TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3

#: the computed appetite decision (Formulir 3.0), as the pemda forms head it
KEPUTUSAN = "Keputusan Penanganan Risiko (Ya/Tidak)"
YA, TIDAK = "Ya", "Tidak"
#: header → the headers earlier releases wrote for the same column (read on import only)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "Kode Risiko": ("ID Risiko",),
    KEPUTUSAN: ("Keputusan Penanganan Risiko", "Perlu Penanganan"),
}


@dataclass(frozen=True)
class Column:
    header: str
    key: str          # dotted key path inside a risk (penanganan.target.dampak), or "" for computed
    kind: str
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: tuple[Column, ...]

    def index(self) -> dict[str, int]:
        return {c.header: i for i, c in enumerate(self.columns)}


#: enumerated values shown by name in the workbook: list → {register word: name}
ENUM_NAMES: dict[str, dict[str, str]] = {"opsi": vocab.NAMA_OPSI}


def display_value(what: str, value: Any) -> Any:
    """An enumerated value as the workbook shows it (``mitigasi`` → "Mitigasi Risiko")."""
    return ENUM_NAMES.get(what, {}).get(value, value) if isinstance(value, str) else value


def enum_value(what: str, value: Any) -> Any:
    """The register's word for a cell of an enumerated column: its name (any case) or the
    word itself; anything else is returned unchanged for the caller to report."""
    names = ENUM_NAMES.get(what)
    if not names or not isinstance(value, str):
        return value
    wanted = value.strip().casefold()
    return next((word for word, name in names.items()
                 if wanted in (word.casefold(), name.casefold())), value)


def header_names(col: Column) -> tuple[str, ...]:
    """Every header import recognises for ``col``: today's first, then the older ones."""
    return (col.header, *HEADER_ALIASES.get(col.header, ()))


F30 = Sheet("Formulir 3.0", "Formulir 3.0 — Penilaian Risiko SPBE (PermenPANRB 5/2020)", (
    Column("No", "", "computed", 5),
    Column("Kode Risiko", "id", "id", 16),
    Column("UPR", "upr", "enum:upr", 14),
    Column("Sasaran SPBE", "sasaran", "text", 40),
    Column("Jenis Risiko", "jenis", "enum:jenis", 12),
    Column("Kejadian", "kejadian", "text", 40),
    Column("Penyebab", "penyebab", "text", 40),
    Column("Kategori Risiko SPBE", "kategori", "enum:kategori", 28),
    Column("Dampak", "uraian_dampak", "text", 40),
    Column("Area Dampak", "area_dampak", "enum:area_dampak", 22),
    Column("Sistem Pengendalian yang Ada", "pengendalian_ada", "opttext", 36),
    Column("Level Kemungkinan", "analisis.kemungkinan", "level_k", 12),
    Column("Level Dampak", "analisis.dampak", "level_d", 12),
    Column("Besaran Risiko", "", "computed", 10),
    Column("Level Risiko", "", "computed", 14),
    Column(KEPUTUSAN, "", "computed", 16),
    Column("Aset", "aset", "list:aset", 24),
    Column("Kontrol", "kontrol", "kontrol", 24),
    Column("Prinsip Keamanan", "prinsip", "list:prinsip", 24),
    Column("Catatan", "catatan", "opttext", 30),
    Column("Indikator Kinerja", "indikator_kinerja", "opttext", 30),   # appended: columns keep their letters
))

F40 = Sheet("Formulir 4.0", "Formulir 4.0 — Rencana Penanganan Risiko SPBE", (
    Column("Kode Risiko", "id", "ref", 16),
    Column("Opsi Penanganan", "penanganan.opsi", "enum:opsi", 16),
    Column("Rencana Aksi", "penanganan.rencana_aksi", "opttext", 40),
    Column("Keluaran", "penanganan.keluaran", "opttext", 32),
    Column("Jadwal Mulai", "penanganan.mulai", "date", 13),
    Column("Jadwal Selesai", "penanganan.selesai", "date", 13),
    Column("Penanggung Jawab", "penanganan.penanggung_jawab", "opttext", 28),
    Column("Kemungkinan Residual", "penanganan.target.kemungkinan", "optlevel_k", 12),
    Column("Dampak Residual", "penanganan.target.dampak", "optlevel_d", 12),
    Column("Besaran Residual", "", "computed", 10),
    Column("Level Residual", "", "computed", 14),
))

F50 = Sheet("Formulir 5.0", "Formulir 5.0 — Laporan Pemantauan Risiko SPBE", (
    Column("Kode Risiko", "id", "ref", 16),
    Column("Periode", "periode", "periode", 10),
    Column("Level Kemungkinan", "kemungkinan", "level_k", 12),
    Column("Level Dampak", "dampak", "level_d", 12),
    Column("Besaran Risiko", "", "computed", 10),
    Column("Level Risiko", "", "computed", 14),
    Column("Kondisi Saat Ini", "kondisi", "opttext", 36),
    Column("Rekomendasi", "rekomendasi", "opttext", 36),
    Column("Tindak Lanjut", "tindak_lanjut", "opttext", 30),
    Column("Penanggung Jawab", "penanggung_jawab", "opttext", 26),
    # appended (Formulir 5.0 complete): existing columns keep their letters
    Column("Penanganan yang Telah Dilakukan", "penanganan_dilakukan", "opttext", 32),
    Column("Rencana Penanganan Lanjutan", "rencana_lanjutan", "opttext", 32),
    Column("Waktu Pelaksanaan", "waktu_pelaksanaan", "opttext", 16),
))

SHEETS = (F30, F40, F50)
CONTEXT_SHEET = "Formulir 2.x"
IDS_SHEET = "_id"
LISTS_SHEET = "_daftar"

#: Risk keys in the order the register format writes them (new records use it).
RISK_ORDER = ("id", "sasaran", "indikator_kinerja", "jenis",
              "kategori", "kejadian", "penyebab", "uraian_dampak",
              "area_dampak", "pengendalian_ada", "analisis", "aset", "kontrol", "prinsip",
              "penanganan", "pemantauan", "catatan")
PENANGANAN_ORDER = ("opsi", "rencana_aksi", "keluaran", "mulai", "selesai", "penanggung_jawab",
                    "target")
PEMANTAUAN_ORDER = ("periode", "kemungkinan", "dampak", "kondisi", "penanganan_dilakukan",
                    "rekomendasi", "rencana_lanjutan", "waktu_pelaksanaan", "penanggung_jawab",
                    "tindak_lanjut")

#: Band colour words of the matrices → ARGB fills.
FILLS = {"biru": "FF5B9BD5", "hijau": "FF70AD47", "kuning": "FFFFD966", "jingga": "FFF4B183",
         "merah": "FFFF5050"}
