"""The workspace as an immutable typed model; field names are the regulation's words.

Everything here is plain data: loading fills it (``load.py``), the rest of the core
(scoring, coverage, schedule) reads it. Nothing here does I/O.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class LevelRisiko:
    nama: str
    min: int
    max: int
    warna: str


@dataclass(frozen=True, slots=True)
class Matriks:
    """A likelihood × impact matrix: besaran is looked up, never computed."""

    id: str
    nama: str
    kemungkinan: tuple[str, ...]          # level names, index 0 = level 1
    dampak: tuple[str, ...]
    besaran: tuple[tuple[int, ...], ...]  # rows by kemungkinan, columns by dampak
    level_risiko: tuple[LevelRisiko, ...]
    source: str = ""
    confidence: str = ""

    @property
    def max_kemungkinan(self) -> int:
        return len(self.kemungkinan)

    @property
    def max_dampak(self) -> int:
        return len(self.dampak)


@dataclass(frozen=True, slots=True)
class SasaranSpbe:
    """Formulir 2.2: one SPBE objective of a UPR with its performance indicator and target."""

    sasaran: str
    indikator_kinerja: str = ""
    target: str = ""


@dataclass(frozen=True, slots=True)
class PemangkuKepentingan:
    """Formulir 2.4: a stakeholder unit and its relation to the UPR."""

    nama: str
    hubungan: str = ""


@dataclass(frozen=True, slots=True)
class Peraturan:
    """Formulir 2.5: a law or regulation and what it mandates of the UPR."""

    nama: str
    amanat: str = ""


@dataclass(frozen=True, slots=True)
class Kop:
    """The letterhead (kop surat) every document carries. ``logo`` is a path inside the
    workspace (PNG or SVG), read only by the shell's safe fetcher; "" when absent."""

    pemerintah_daerah: str = ""
    perangkat_daerah: str = ""
    alamat: str = ""
    telepon: str = ""
    laman: str = ""
    surel: str = ""
    logo: str = ""


@dataclass(frozen=True, slots=True)
class Upr:
    id: str
    nama: str
    pemilik_risiko: str
    koordinator_risiko: str
    pengelola_risiko: str = ""
    # Formulir 2.1 informasi umum: tugas, fungsi and the period of the risk management
    tugas: str = ""
    fungsi: str = ""
    periode_mulai: date | None = None
    periode_selesai: date | None = None
    sasaran_spbe: tuple[SasaranSpbe, ...] = ()                      # Formulir 2.2
    pemangku_kepentingan: tuple[PemangkuKepentingan, ...] = ()      # Formulir 2.4
    peraturan_perundangan: tuple[Peraturan, ...] = ()               # Formulir 2.5 (own)
    kop: Kop | None = None            # overrides of the instansi's letterhead


@dataclass(frozen=True, slots=True)
class SeleraRisiko:
    """Formulir 2.10: minimum besaran per (kategori, jenis) and the comparison rule."""

    aturan: str                                   # ">=" (default) or ">"
    nilai: Mapping[tuple[str, str], int]          # (kategori, jenis) → besaran_minimum


@dataclass(frozen=True, slots=True)
class Kriteria:
    """Formulir 2.8: free-text criteria per level for one kategori or area × jenis."""

    kunci: str          # kategori ("*" for all) or area dampak
    jenis: str          # "" for likelihood criteria
    level: Mapping[int, str]


@dataclass(frozen=True, slots=True)
class Konteks:
    instansi: str
    periode: int
    zona_waktu: str
    matriks: str
    upr: tuple[Upr, ...]
    kategori: tuple[str, ...]
    area_dampak: tuple[str, ...]       # in the instansi's priority order
    selera_risiko: SeleraRisiko
    kriteria_kemungkinan: tuple[Kriteria, ...] = ()
    kriteria_dampak: tuple[Kriteria, ...] = ()
    kop: Kop | None = None                              # the instansi's letterhead
    peraturan_perundangan: tuple[Peraturan, ...] = ()  # Formulir 2.5 for every UPR
    extra: Mapping[str, Any] = field(default_factory=dict)  # sections later modules read


@dataclass(frozen=True, slots=True)
class Penilaian:
    kemungkinan: int
    dampak: int


@dataclass(frozen=True, slots=True)
class Penanganan:
    opsi: str
    rencana_aksi: str = ""
    keluaran: str = ""
    mulai: date | None = None
    selesai: date | None = None
    penanggung_jawab: str = ""
    target: Penilaian | None = None


@dataclass(frozen=True, slots=True)
class Pemantauan:
    """Formulir 5.0: one monitoring report of a risk. The jenis laporan (bulanan,
    triwulanan, semesteran, tahunan) follows from the form of ``periode``."""

    periode: str
    kemungkinan: int
    dampak: int
    kondisi: str = ""
    rekomendasi: str = ""
    penanganan_dilakukan: str = ""    # penanganan yang telah dilakukan
    rencana_lanjutan: str = ""        # rencana penanganan lanjutan …
    waktu_pelaksanaan: str = ""       # … its time of execution
    penanggung_jawab: str = ""        # … and who is responsible
    tindak_lanjut: str = ""


@dataclass(frozen=True, slots=True)
class TautanKontrol:
    id: str
    peran: str          # "ada" (in place) or "rencana" (planned)


@dataclass(frozen=True, slots=True)
class Risiko:
    id: str
    upr: str
    periode: int
    sasaran: str
    jenis: str
    kategori: str
    kejadian: str
    penyebab: str
    uraian_dampak: str
    area_dampak: str
    pengendalian_ada: str
    analisis: Penilaian
    penanganan: Penanganan | None = None
    pemantauan: tuple[Pemantauan, ...] = ()
    aset: tuple[str, ...] = ()
    kontrol: tuple[TautanKontrol, ...] = ()
    prinsip: tuple[str, ...] = ()
    file: str = ""
    indikator_kinerja: str = ""       # Formulir 3.0; "" → the UPR's sasaran_spbe entry


@dataclass(frozen=True, slots=True)
class Register:
    file: str
    upr: str
    periode: int
    risiko: tuple[Risiko, ...]
    jenis_laporan: str = ""     # Formulir 5.0 "Jenis Laporan" (vocab.JENIS_LAPORAN), "" unsaid


@dataclass(frozen=True, slots=True)
class StatusKontrol:
    status: str
    justifikasi: str = ""


@dataclass(frozen=True, slots=True)
class RiwayatAudit:
    jenis_audit: str
    tanggal: date
    auditor: str
    pelaksana: str = "internal"
    hasil: str = ""
    bundel: str = ""


@dataclass(frozen=True, slots=True)
class Aset:
    id: str
    nama: str
    jenis: str
    upr: str
    beroperasi_sejak: date
    platform: tuple[str, ...] = ()
    operator: str = ""
    klasifikasi_data: str = ""
    akses_internet: bool = False
    uraian: str = ""
    kontrol: Mapping[str, StatusKontrol] = field(default_factory=dict)
    riwayat_audit: tuple[RiwayatAudit, ...] = ()


@dataclass(frozen=True, slots=True)
class Inventaris:
    """assets.yaml: the assets, and control statuses that hold for the whole instansi
    (security management, BSSN 4/2021 Pasal 3–16) unless an asset overrides them."""

    kontrol_instansi: Mapping[str, StatusKontrol]
    aset: tuple[Aset, ...]


@dataclass(frozen=True, slots=True)
class Kontrol:
    """One catalog control (BSSN 4/2021 item or a draft control)."""

    id: str
    katalog: str
    judul: str
    judul_en: str
    pernyataan: str
    fungsi: str
    prinsip: tuple[str, ...]
    berlaku_untuk: tuple[str, ...]
    area_audit: str
    bukti_umum: tuple[str, ...]
    source: Mapping[str, Any]
    confidence: str
    references: Mapping[str, Any]
    platform: tuple[str, ...] = ()
    panduan: str = ""       # the project's reading of the item (ASVS ids, examples), not regulation text


@dataclass(frozen=True, slots=True)
class Katalog:
    id: str
    nama: str
    dasar_hukum: str
    confidence: str
    catatan: str
    kontrol: tuple[Kontrol, ...]
    file: str = ""


@dataclass(frozen=True, slots=True)
class AturanAudit:
    """One audit obligation (Perpres 95/2018 Pasal 54–58) for some asset kinds."""

    id: str
    jenis_audit: str
    jenis_aset: tuple[str, ...]
    frekuensi_bulan: int
    pelaksana: str
    tanggung_jawab: str             # "instansi" (the pemda's duty) or "nasional" (BSSN/BRIN)
    internal_dulu: bool = False     # BSSN 8/2024: internal audit precedes the external one
    dihitung_dari: str = "semua"    # which completed audits satisfy it: "semua" or "eksternal"
    akses_internet: bool | None = None   # only for assets with this akses_internet (None: all)
    dasar_hukum: str = ""
    confidence: str = ""


@dataclass(frozen=True, slots=True)
class Workspace:
    root: str
    konteks: Konteks
    matriks: Matriks
    registers: tuple[Register, ...]
    aset: tuple[Aset, ...] = ()
    katalog: tuple[Katalog, ...] = ()
    kontrol_instansi: Mapping[str, StatusKontrol] = field(default_factory=dict)
    aturan_audit: tuple[AturanAudit, ...] = ()
    peringatan_hari: int = 90
    #: ``tindak-lanjut.yaml``: the auditee's follow-up entries (``audit.tindak_lanjut.
    #: CatatanAuditan``) and the cycle's settings (``Pengaturan``; None: the defaults)
    tindak_lanjut: tuple[Any, ...] = ()
    pengaturan_tindak_lanjut: Any = None

    @property
    def risiko(self) -> tuple[Risiko, ...]:
        return tuple(r for reg in self.registers for r in reg.risiko)

    def kontrol_by_id(self) -> dict[str, Kontrol]:
        return {k.id: k for kat in self.katalog for k in kat.kontrol}

    def aset_by_id(self) -> dict[str, Aset]:
        return {a.id: a for a in self.aset}
