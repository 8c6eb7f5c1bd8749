"""The audit report of one evidence folder, as plain data: its title says who audited
(Permenkominfo 16/2022; Peraturan Kepala BSSN 15/2024 KEI.11): an external security audit
gives the *Laporan Hasil Audit Keamanan SPBE (LHAK)*, an external application or
infrastructure audit the *Laporan Hasil Audit TIK*, an internal audit a *Laporan
Pelaksanaan Audit Internal …*. It holds every element Permenkominfo 16/2022 Lampiran I
P-6(b) lists as the minimum of a report — (1) identitas organisasi, penerima, pembatasan
distribusi; (2) tujuan, aspek, periode, sifat, waktu, kedalaman; (3) temuan, konklusi,
rekomendasi, pengecualian dan pembatasan lingkup; (4) tanggapan resmi auditan;
(5) tanggal, nama, jabatan and signature of the ketua tim; (6) ringkasan eksekutif —
each finding in the P-6(a) form (temuan, risiko, kriteria, rekomendasi, tanggapan), the
K15 konklusi per control and per area, a note on criteria that are not regulation text
(draft catalogs), and for an external audit the LATIK's surat keterangan (Lampiran II).

Inputs are what an audit already holds: the validated ``audit.json`` record, the list of
its evidence files with size and SHA-256 (hashed by the caller: this module does no
I/O), and optionally what the workspace knows about the asset and the controls. The
output is one JSON-serialisable document: the template renders it, the PDF carries it
as its attachment, and ``seal --with-report`` puts that PDF inside the signed bag.

The document's date (``tanggal_dokumen``) is the audit's own date — the day its last
evidence file was collected, else the last day of its period — never the clock, so the
same folder always renders the same PDF bytes (and a seal with the report stays
repeatable).

Method: the four steps of the internal audit procedure of Peraturan BSSN No. 8 Tahun
2024 Pasal 27 (pemahaman kontrol → evaluasi desain → evaluasi implementasi → evaluasi
efektivitas), and its phases (Pasal 25 ayat 2). Step names are the regulation's words;
that step d reads "evaluasi efektivitas kontrol Keamanan SPBE" is inferred from the
pattern of a–c (the transcription seen was cut off there).

Words the template translates (conclusion values, tingkat, jenis audit) stay as the
audit's own kebab-case values here.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from spbe_risk import vocab
from spbe_risk.documents.base import N_
from spbe_risk.scoring import period_end

SCHEMA = "spbe-risk/lhak"
#: Titles by who audited (translated by the renderer).
JUDUL_LHAK = N_("Laporan Hasil Audit Keamanan SPBE (LHAK)")
JUDUL_LHA_TIK = N_("Laporan Hasil Audit TIK")
JUDUL_INTERNAL = {"keamanan": N_("Laporan Pelaksanaan Audit Internal Keamanan SPBE"),
                  "aplikasi": N_("Laporan Pelaksanaan Audit Internal Aplikasi SPBE"),
                  "infrastruktur": N_("Laporan Pelaksanaan Audit Internal Infrastruktur SPBE")}
JUDUL = JUDUL_LHAK
#: Where ``seal --with-report`` puts the rendered report inside the bag.
REPORT_PATH = "data/report/lhak.pdf"

DASAR_METODE = "Peraturan BSSN No. 8 Tahun 2024 Pasal 27"
#: (huruf, the regulation's words); the template adds a translated explanation per huruf.
METODE = (
    ("a", "pemahaman kontrol Keamanan SPBE"),
    ("b", "evaluasi desain kontrol Keamanan SPBE"),
    ("c", "evaluasi implementasi kontrol Keamanan SPBE"),
    ("d", "evaluasi efektivitas kontrol Keamanan SPBE"),
)
#: The external (and any K15) audit keamanan: Peraturan Kepala BSSN 15/2024 Bab I.F.
DASAR_METODE_K15 = "Peraturan Kepala BSSN No. 15 Tahun 2024 Bab I.F"
METODE_K15 = (
    ("a", "pemahaman desain kontrol Keamanan SPBE"),
    ("b", "evaluasi desain kontrol Keamanan SPBE"),
    ("c", "evaluasi implementasi kontrol Keamanan SPBE"),
    ("d", "evaluasi efektivitas kontrol Keamanan SPBE"),
)
DASAR_TAHAPAN = "Peraturan BSSN No. 8 Tahun 2024 Pasal 25 ayat (2)"
TAHAPAN = ("perencanaan", "pelaksanaan", "pelaporan", "pemantauan tindak lanjut")
#: Order of findings in the report: the most severe first.
URUTAN_TINGKAT = vocab.TINGKAT_TEMUAN

def akhir_periode(periode: str) -> date | None:
    """The last day of an audit period (``2026``, ``2026-07``, ``2026-S1``, ``2026-TW3``,
    ``2026-Q3``): the monitoring periods' ``scoring.period_end``, triwulan written TW or Q."""
    try:
        year, month = period_end((periode or "").replace("-TW", "-Q"))
        return date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, IndexError):
        return None


def tanggal_audit(audit: Mapping[str, Any]) -> date:
    """The audit's own date: the later of the last fieldwork day
    (``waktu_pelaksanaan.selesai``) and the latest ``bukti[].dikumpulkan`` day, else the
    period's last day (a draft with no evidence yet), else 1 January of the period's year."""
    days = []
    waktu = audit.get("waktu_pelaksanaan")
    if isinstance(waktu, Mapping) and isinstance(waktu.get("selesai"), str):
        try:
            days.append(date.fromisoformat(waktu["selesai"]))
        except ValueError:
            pass
    for b in audit.get("bukti") or []:
        value = b.get("dikumpulkan") if isinstance(b, Mapping) else None
        if isinstance(value, str):
            try:
                days.append(date.fromisoformat(value[:10]))
            except ValueError:
                continue
    if days:
        return max(days)
    end = akhir_periode(str(audit.get("periode") or ""))
    return end or date(2000, 1, 1)


def _kontrol_info(kontrol: Mapping[str, Mapping[str, Any]], cid: str) -> dict[str, Any]:
    info = kontrol.get(cid) or {}
    return {"id": cid, "judul": info.get("judul") or "", "judul_en": info.get("judul_en") or "",
            "katalog": info.get("katalog") or "", "confidence": info.get("confidence") or ""}


def _sorted_ids(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=lambda s: (s.encode("utf-8")))


def judul_laporan(jenis_audit: str, pelaksana: str) -> str:
    """The report's title by who audited and what (the Indonesian message id)."""
    if pelaksana != "eksternal":
        return JUDUL_INTERNAL.get(jenis_audit, JUDUL_INTERNAL["keamanan"])
    return JUDUL_LHAK if jenis_audit == "keamanan" else JUDUL_LHA_TIK


def _anggota(a: Any) -> dict[str, Any]:
    return {"nama": a.nama, "peran": a.peran, "sertifikat": a.sertifikat,
            "pegawai_tetap": a.pegawai_tetap, "nip": a.nip, "jabatan": a.jabatan}


def lhak_document(audit: Mapping[str, Any], bukti_files: Sequence[Mapping[str, Any]], *,
                  instansi: str | None = None, aset: Mapping[str, Any] | None = None,
                  kontrol: Mapping[str, Mapping[str, Any]] | None = None,
                  tempat: str = "", draft: bool | None = None) -> dict[str, Any]:
    """The report document of ``audit`` (a validated ``audit.json`` record).

    ``bukti_files``: ``{"path", "bytes", "sha256"}`` for every evidence file (bag-relative
    paths, ``data/evidence/…``); the report itself is never one of them. ``aset``: the
    workspace's asset (``id``, ``nama``, ``jenis``) if known; ``kontrol``: control id →
    ``{judul, judul_en, katalog, katalog_nama, area_audit, confidence}``; ``instansi``: the
    audited agency (default: the auditing organisation); ``draft``: default from the
    record's ``draft`` key.
    """
    from spbe_risk.audit import konklusi as k15
    from spbe_risk.audit.metadata import meta_of

    kontrol = kontrol or {}
    meta = meta_of(dict(audit))
    ketua = meta.ketua
    kesimpulan = [k for k in audit.get("kesimpulan") or [] if isinstance(k, Mapping)]
    temuan = [t for t in audit.get("temuan") or [] if isinstance(t, Mapping)]
    bukti = [b for b in audit.get("bukti") or [] if isinstance(b, Mapping)]
    files = {f["path"]: f for f in bukti_files if f["path"] != REPORT_PATH}

    bukti_by_kontrol: dict[str, list[str]] = {}
    for b in bukti:
        for cid in b.get("kontrol") or []:
            bukti_by_kontrol.setdefault(cid, []).append(b["path"])
    temuan_by_kontrol: dict[str, list[str]] = {}
    for t in temuan:
        temuan_by_kontrol.setdefault(t["kontrol"], []).append(t["id"])

    assessed = _sorted_ids([k["kontrol"] for k in kesimpulan] + [t["kontrol"] for t in temuan]
                           + [c for b in bukti for c in b.get("kontrol") or []])
    aset_id = str(audit.get("aset") or "")
    aset_doc = {"id": aset_id, "nama": (aset or {}).get("nama") or "",
                "jenis": (aset or {}).get("jenis") or ""}
    tanggal = tanggal_audit(audit)
    is_draft = bool(audit.get("draft")) if draft is None else draft
    rank = {t: i for i, t in enumerate(URUTAN_TINGKAT)}
    id_audit = str(audit.get("id_audit") or "")
    area_of = {c: str((kontrol.get(c) or {}).get("area_audit") or "") for c in assessed}
    konklusi = k15.summary(kesimpulan, area_of)
    by_konklusi = {v: sum(1 for k in konklusi["kontrol"] if k["konklusi"] == v)
                   for v in k15.KONKLUSI}
    judul = judul_laporan(meta.jenis_audit, meta.pelaksana)
    ketua_doc = {"nama": ketua.nama if ketua else "", "nip": (ketua.nip if ketua else "") or "",
                 "jabatan": (ketua.jabatan if ketua else "") or "",
                 "organisasi": meta.lembaga.nama}
    temuan_sorted = sorted(temuan, key=lambda t: (rank.get(t.get("tingkat"), 9),
                                                  str(t["id"]).encode("utf-8")))
    instansi_doc = instansi or meta.lembaga.nama
    return {
        "schema": SCHEMA, "schema_version": 2,
        "judul": judul,
        "jenis_laporan": ("internal" if meta.pelaksana != "eksternal" else
                          "lhak" if meta.jenis_audit == "keamanan" else "laporan-hasil-audit-tik"),
        "subjudul": f"{id_audit} — {aset_doc['nama'] or aset_id} — {audit.get('periode', '')}",
        "instansi": instansi_doc,
        "tanggal_dokumen": tanggal.isoformat(),
        "tempat": tempat,
        "draft": is_draft,
        "id_audit": id_audit,
        "jenis_audit": audit.get("jenis_audit"),
        "pelaksana": audit.get("pelaksana"),
        "periode": audit.get("periode"),
        "aset": aset_doc,
        "auditor": ketua_doc,
        "ketua_tim": ketua_doc,
        # P-6(b)(1): identitas organisasi, penerima, pembatasan distribusi
        "identitas": {
            "instansi": instansi_doc, "objek": aset_doc,
            "lembaga": {"nama": meta.lembaga.nama,
                        "nomor_registrasi": meta.lembaga.nomor_registrasi,
                        "nomor_akreditasi": meta.lembaga.nomor_akreditasi},
            "penerima": list(meta.penerima),
            "pembatasan_distribusi": meta.pembatasan_distribusi,
        },
        # P-6(b)(2): tujuan, aspek, periode, sifat, waktu, kedalaman (P-2: independensi)
        "pelaksanaan": {
            "tujuan": meta.tujuan,
            "aspek": [k15.AREA[a] for a in ("MK", "FK") if any(
                k["area"] == k15.AREA[a] for k in konklusi["kontrol"])],
            "periode": audit.get("periode"),
            "sifat": meta.pelaksana,
            "mulai": meta.mulai.isoformat() if meta.mulai else None,
            "selesai": meta.selesai.isoformat() if meta.selesai else None,
            "kedalaman": {"kontrol_dinilai": len(assessed), "kesimpulan": len(kesimpulan),
                          "bukti": len(bukti)},
            "batasan_lingkup": meta.batasan_lingkup,
            "pernyataan_independensi": meta.pernyataan_independensi,
        },
        "tim_auditor": [_anggota(a) for a in sorted(meta.tim, key=lambda a: a.peran != "ketua")],
        "ruang_lingkup": {
            "uraian": audit.get("ruang_lingkup") or "",
            "aset": aset_doc,
            "kontrol": [_kontrol_info(kontrol, c) for c in assessed],
        },
        "metode": {
            "dasar": DASAR_METODE if meta.pelaksana != "eksternal" else DASAR_METODE_K15,
            "sumber": "regulasi",
            "langkah": [{"huruf": h, "nama": n} for h, n in
                        (METODE if meta.pelaksana != "eksternal" else METODE_K15)],
            "dasar_tahapan": DASAR_TAHAPAN,
            "tahapan": list(TAHAPAN),
            "dasar_konklusi": k15.SUMBER,
        },
        "konklusi": konklusi,
        "kesimpulan": [
            {**_kontrol_info(kontrol, k["kontrol"]), "desain": k.get("desain"),
             "implementasi": k.get("implementasi"), "efektivitas": k.get("efektivitas"),
             "konklusi": k15.of_entry(k),
             "jumlah_bukti": len(bukti_by_kontrol.get(k["kontrol"], [])),
             "temuan": temuan_by_kontrol.get(k["kontrol"], [])}
            for k in sorted(kesimpulan, key=lambda k: k["kontrol"].encode("utf-8"))
        ],
        # P-6(a): temuan (kondisi), risiko (akibat), kriteria, rekomendasi, tanggapan
        "temuan": [
            {"id": t["id"], "kontrol": t["kontrol"],
             "judul_kontrol": _kontrol_info(kontrol, t["kontrol"])["judul"],
             "tingkat": t.get("tingkat"), "kondisi": t.get("kondisi") or "",
             "kriteria": t.get("kriteria") or "", "sebab": t.get("sebab") or "",
             "akibat": t.get("akibat") or "", "rekomendasi": t.get("rekomendasi") or "",
             "tanggapan": t.get("tanggapan_manajemen"), "batas_waktu": t.get("batas_waktu")}
            for t in temuan_sorted
        ],
        "kriteria_bukan_regulasi": [
            {"kontrol": c, "katalog": info["katalog"], "confidence": info["confidence"]}
            for c in assessed if (info := _kontrol_info(kontrol, c))["confidence"]
            in ("draft", "secondary")],
        # P-6(b)(4)
        "tanggapan_auditan": meta.tanggapan_auditan,
        # P-6(b)(6): the figures the narrative executive summary is written from
        "ringkasan": {
            "kontrol_dinilai": len(assessed),
            "kesimpulan": len(kesimpulan),
            "konklusi": by_konklusi,
            "temuan": {t: sum(1 for x in temuan if x.get("tingkat") == t)
                       for t in URUTAN_TINGKAT},
            "jumlah_temuan": len(temuan),
            "temuan_utama": [t["id"] for t in temuan_sorted
                             if t.get("tingkat") in ("kritis", "tinggi")],
            "bukti": len(bukti),
            "bukti_bytes": sum(int(f["bytes"]) for f in files.values()),
        },
        "bukti": [
            {"no": i, "path": b["path"], "kontrol": list(b.get("kontrol") or []),
             "uraian": b.get("uraian") or "", "dikumpulkan": b.get("dikumpulkan"),
             "bytes": files[b["path"]]["bytes"] if b["path"] in files else None,
             "sha256": files[b["path"]]["sha256"] if b["path"] in files else None}
            for i, b in enumerate(sorted(bukti, key=lambda b: b["path"].encode("utf-8")), 1)
        ],
        "surat_keterangan": _surat_keterangan(meta, instansi_doc, aset_doc, tempat),
    }


def _surat_keterangan(meta: Any, instansi: str, aset: Mapping[str, Any],
                      tempat: str) -> dict[str, Any] | None:
    """Permenkominfo 16/2022 Lampiran II, for an external audit: what the LATIK states."""
    if meta.pelaksana != "eksternal":
        return None
    sk = meta.surat_keterangan
    return {
        "nomor": sk.nomor if sk else "", "tanggal": sk.tanggal.isoformat() if sk and sk.tanggal
        else None, "tempat": tempat, "lembaga": meta.lembaga.nama, "instansi": instansi,
        "objek": aset.get("nama") or aset.get("id"),
        "mulai": meta.mulai.isoformat() if meta.mulai else None,
        "selesai": meta.selesai.isoformat() if meta.selesai else None,
        "jenis_audit": meta.jenis_audit, "lingkup": meta.ruang_lingkup,
        "tim": [f"{a.nama} ({a.peran})" for a in sorted(meta.tim, key=lambda a: a.peran != "ketua")],
    }
