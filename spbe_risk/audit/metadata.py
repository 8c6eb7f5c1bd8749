"""The typed audit metadata of ``audit.json``, and the fresh record ``evidence init`` writes.

Schema 2 (this version) carries what Permenkominfo 16/2022 asks an audit to state:
``tujuan`` and ``waktu_pelaksanaan`` (Lampiran I P-1, P-4), the ``tim_auditor`` with one
ketua tim (Pasal 20: at least two certified auditors; for an accredited LATIK the ketua is
a permanent employee), the ``lembaga`` with its registration/accreditation number and the
LATIK's ``surat_keterangan`` (Pasal 14, Lampiran II), the report's ``penerima`` and
``pembatasan_distribusi``, ``batasan_lingkup`` (P-6(b)(1)–(3)) and the auditors'
``pernyataan_independensi`` (P-2), besides what schema 1 held.

Schema 1 records (one ``auditor`` {nama, nip, organisasi}) stay readable: :func:`meta_of`
reads both into one :class:`AuditMeta`, the old auditor as a one-person team whose
organisation is the lembaga. Whether such a record *counts* is ``duties``' question.

Layer: core (pure). May import only the vocabulary and other ``audit`` modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from spbe_risk import vocab

KIND = "audit"
#: The version ``evidence init`` writes; 1 is still read (bundles sealed before).
SCHEMA_VERSION = 2
SCHEMA_VERSIONS = (1, 2)

JENIS_AUDIT: tuple[str, ...] = ("keamanan", "aplikasi", "infrastruktur")
PELAKSANA: tuple[str, ...] = ("internal", "eksternal")
PERAN: tuple[str, ...] = ("ketua", "anggota")
DESAIN: tuple[str, ...] = ("memadai", "perlu-peningkatan", "tidak-memadai")
IMPLEMENTASI: tuple[str, ...] = ("sesuai", "tidak-sesuai")
EFEKTIVITAS: tuple[str, ...] = ("efektif", "perlu-peningkatan", "belum-efektif")
TINGKAT: tuple[str, ...] = vocab.TINGKAT_TEMUAN

ID_AUDIT = re.compile(r"AUD-\d{4}-\d{4}")
IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: Audit periods: a year, a month, a semester or a quarter (triwulan) of 2000..2100.
PERIODE = re.compile(r"(20\d\d|2100)(-(0[1-9]|1[0-2])|-S[12]|-TW[1-4]|-Q[1-4])?")
NIP = re.compile(r"[0-9]{18}")

#: Optional top-level key: ``"draft": true`` on a pack sealed incomplete (``seal --draft``).
DRAFT_KEY = "draft"
COMMON_KEYS = ("kind", "schema_version", "id_audit", "aset", "jenis_audit", "periode",
               "pelaksana", "ruang_lingkup", "kesimpulan", "temuan", "bukti")
TOP_KEYS_V1 = (*COMMON_KEYS, "auditor")
TOP_KEYS_V2 = (*COMMON_KEYS, "tujuan", "waktu_pelaksanaan", "tim_auditor", "lembaga",
               "surat_keterangan", "penerima", "pembatasan_distribusi", "batasan_lingkup",
               "pernyataan_independensi", "tanggapan_auditan")
AUDITOR_KEYS = ("nama", "nip", "organisasi")
ANGGOTA_KEYS = ("nama", "peran", "sertifikat", "pegawai_tetap", "nip", "jabatan")
LEMBAGA_KEYS = ("nama", "nomor_registrasi", "nomor_akreditasi")
SURAT_KEYS = ("nomor", "tanggal")
WAKTU_KEYS = ("mulai", "selesai")
KESIMPULAN_KEYS = ("kontrol", "desain", "implementasi", "efektivitas")
TEMUAN_KEYS = ("id", "kontrol", "tingkat", "kondisi", "kriteria", "sebab", "akibat",
               "rekomendasi", "tanggapan_manajemen", "batas_waktu")
BUKTI_KEYS = ("path", "kontrol", "uraian", "dikumpulkan")
EVIDENCE_PREFIX = "data/evidence/"


@dataclass(frozen=True, slots=True)
class AnggotaTim:
    """One auditor of the team (Pasal 20–21: certified; the ketua a permanent employee)."""

    nama: str
    peran: str                      # ketua | anggota
    sertifikat: str | None = None   # certificate of competence (Auditor TIK), if recorded
    pegawai_tetap: bool = False     # a permanent employee of the lembaga
    nip: str | None = None
    jabatan: str | None = None      # printed under the ketua tim's signature (P-6(b)(5))


@dataclass(frozen=True, slots=True)
class Lembaga:
    """The auditing institution: the Inspektorat (internal) or a LATIK (external)."""

    nama: str
    nomor_registrasi: str | None = None
    nomor_akreditasi: str | None = None

    @property
    def nomor(self) -> str | None:
        """The registration or accreditation number, whichever is recorded."""
        return self.nomor_registrasi or self.nomor_akreditasi


@dataclass(frozen=True, slots=True)
class SuratKeterangan:
    """The LATIK's statement that the audit took place (Pasal 14, Lampiran II)."""

    nomor: str
    tanggal: date | None


@dataclass(frozen=True)
class AuditMeta:
    """What an audit record says about who audited what, when, for whom."""

    schema_version: int
    id_audit: str
    aset: str
    jenis_audit: str
    periode: str
    pelaksana: str
    ruang_lingkup: str
    tujuan: str
    mulai: date | None
    selesai: date | None
    tim: tuple[AnggotaTim, ...]
    lembaga: Lembaga
    surat_keterangan: SuratKeterangan | None
    penerima: tuple[str, ...]
    pembatasan_distribusi: str
    batasan_lingkup: str
    pernyataan_independensi: str
    tanggapan_auditan: str | None
    draft: bool = False

    @property
    def ketua(self) -> AnggotaTim | None:
        """The ketua tim, when exactly one member is ketua."""
        ketua = [a for a in self.tim if a.peran == "ketua"]
        return ketua[0] if len(ketua) == 1 else None

    @property
    def anggota(self) -> tuple[AnggotaTim, ...]:
        return tuple(a for a in self.tim if a.peran != "ketua")

    @property
    def eksternal(self) -> bool:
        return self.pelaksana == "eksternal"


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _opt(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def meta_of(audit: dict[str, Any]) -> AuditMeta:
    """The typed view of a form-valid record of schema 1 or 2 (missing parts empty)."""
    if audit.get("schema_version") == 1:
        au = audit.get("auditor") if isinstance(audit.get("auditor"), dict) else {}
        tim: tuple[AnggotaTim, ...] = ((AnggotaTim(_str(au.get("nama")), "ketua",
                                                   nip=_opt(au.get("nip"))),)
                                       if au.get("nama") else ())
        lembaga = Lembaga(_str(au.get("organisasi")))
        surat, waktu = None, {}
    else:
        tim = tuple(AnggotaTim(_str(m.get("nama")), _str(m.get("peran")),
                               _opt(m.get("sertifikat")), m.get("pegawai_tetap") is True,
                               _opt(m.get("nip")), _opt(m.get("jabatan")))
                    for m in audit.get("tim_auditor") or [] if isinstance(m, dict))
        lb = audit.get("lembaga") if isinstance(audit.get("lembaga"), dict) else {}
        lembaga = Lembaga(_str(lb.get("nama")), _opt(lb.get("nomor_registrasi")),
                          _opt(lb.get("nomor_akreditasi")))
        sk = audit.get("surat_keterangan")
        surat = (SuratKeterangan(_str(sk.get("nomor")), _day(sk.get("tanggal")))
                 if isinstance(sk, dict) and _opt(sk.get("nomor")) else None)
        waktu = audit.get("waktu_pelaksanaan") if isinstance(
            audit.get("waktu_pelaksanaan"), dict) else {}
    penerima = audit.get("penerima") if isinstance(audit.get("penerima"), list) else []
    return AuditMeta(
        schema_version=audit.get("schema_version") if isinstance(
            audit.get("schema_version"), int) else SCHEMA_VERSION,
        id_audit=_str(audit.get("id_audit")), aset=_str(audit.get("aset")),
        jenis_audit=_str(audit.get("jenis_audit")), periode=_str(audit.get("periode")),
        pelaksana=_str(audit.get("pelaksana")), ruang_lingkup=_str(audit.get("ruang_lingkup")),
        tujuan=_str(audit.get("tujuan")), mulai=_day(waktu.get("mulai")),
        selesai=_day(waktu.get("selesai")), tim=tim, lembaga=lembaga, surat_keterangan=surat,
        penerima=tuple(p for p in penerima if isinstance(p, str)),
        pembatasan_distribusi=_str(audit.get("pembatasan_distribusi")),
        batasan_lingkup=_str(audit.get("batasan_lingkup")),
        pernyataan_independensi=_str(audit.get("pernyataan_independensi")),
        tanggapan_auditan=_opt(audit.get("tanggapan_auditan")),
        draft=audit.get(DRAFT_KEY) is True)


def ketua_nama(audit: dict[str, Any]) -> str:
    """The lead auditor's name (bag-info ``Auditor-Name``), of either schema."""
    ketua = meta_of(audit).ketua
    return ketua.nama if ketua else ""


def lembaga_nama(audit: dict[str, Any]) -> str:
    """The auditing institution's name (bag-info ``Source-Organization``)."""
    return meta_of(audit).lembaga.nama


def anggota_dict(nama: str, peran: str, sertifikat: str | None = None,
                 pegawai_tetap: bool = False, nip: str | None = None,
                 jabatan: str | None = None) -> dict[str, Any]:
    """One ``tim_auditor`` entry in its stored form."""
    return {"nama": nama, "peran": peran, "sertifikat": sertifikat,
            "pegawai_tetap": pegawai_tetap, "nip": nip, "jabatan": jabatan}


def new_audit(*, id_audit: str, aset: str, jenis_audit: str, periode: str,
              tim_auditor: list[dict[str, Any]], lembaga: dict[str, Any],
              pelaksana: str = "internal", ruang_lingkup: str = "", tujuan: str = "",
              mulai: str | None = None, selesai: str | None = None,
              surat_keterangan: dict[str, Any] | None = None,
              penerima: list[str] | None = None, pembatasan_distribusi: str = "",
              batasan_lingkup: str = "", pernyataan_independensi: str = "",
              tanggapan_auditan: str | None = None) -> dict[str, Any]:
    """A fresh schema-2 record with empty conclusions, findings and evidence index."""
    return {
        "kind": KIND, "schema_version": SCHEMA_VERSION, "id_audit": id_audit, "aset": aset,
        "jenis_audit": jenis_audit, "periode": periode, "pelaksana": pelaksana,
        "ruang_lingkup": ruang_lingkup, "tujuan": tujuan,
        "waktu_pelaksanaan": {"mulai": mulai, "selesai": selesai},
        "tim_auditor": tim_auditor,
        "lembaga": {"nama": lembaga.get("nama", ""),
                    "nomor_registrasi": lembaga.get("nomor_registrasi"),
                    "nomor_akreditasi": lembaga.get("nomor_akreditasi")},
        "surat_keterangan": surat_keterangan, "penerima": list(penerima or []),
        "pembatasan_distribusi": pembatasan_distribusi, "batasan_lingkup": batasan_lingkup,
        "pernyataan_independensi": pernyataan_independensi,
        "tanggapan_auditan": tanggapan_auditan,
        "kesimpulan": [], "temuan": [], "bukti": [],
    }


def evidence_paths(audit: dict[str, Any]) -> list[str]:
    """The ``bukti[].path`` values of a (validated) audit record."""
    return [b["path"] for b in audit.get("bukti") or [] if isinstance(b, dict)
            and isinstance(b.get("path"), str)]


def upgrade(audit: dict[str, Any]) -> dict[str, Any]:
    """A schema-1 record as schema 2 (the auditor becomes the ketua of a one-person team,
    the organisation the lembaga); a schema-2 record unchanged. Used when an old folder
    is edited again; sealed bundles are never rewritten."""
    if audit.get("schema_version") != 1:
        return audit
    au = audit.get("auditor") if isinstance(audit.get("auditor"), dict) else {}
    out = {k: v for k, v in audit.items() if k != "auditor"}
    fresh = new_audit(id_audit="", aset="", jenis_audit="", periode="",
                      tim_auditor=[anggota_dict(au.get("nama", ""), "ketua", nip=au.get("nip"))],
                      lembaga={"nama": au.get("organisasi", "")})
    for key, value in fresh.items():
        out.setdefault(key, value)
    out["schema_version"] = SCHEMA_VERSION
    return out
