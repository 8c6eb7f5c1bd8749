"""The LHAK (Laporan Hasil Audit Keamanan) of one evidence folder, as plain data.

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
from spbe_risk.scoring import period_end

SCHEMA = "spbe-risk/lhak"
JUDUL = "Laporan Hasil Audit Keamanan (LHAK)"
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
    """The audit's own date: the latest ``bukti[].dikumpulkan`` day, else the period's
    last day (a draft with no evidence yet), else 1 January of the period's year."""
    days = []
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
            "katalog": info.get("katalog") or ""}


def _sorted_ids(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=lambda s: (s.encode("utf-8")))


def lhak_document(audit: Mapping[str, Any], bukti_files: Sequence[Mapping[str, Any]], *,
                  instansi: str | None = None, aset: Mapping[str, Any] | None = None,
                  kontrol: Mapping[str, Mapping[str, Any]] | None = None,
                  tempat: str = "", draft: bool | None = None) -> dict[str, Any]:
    """The LHAK document of ``audit`` (a validated ``audit.json`` record).

    ``bukti_files``: ``{"path", "bytes", "sha256"}`` for every evidence file (bag-relative
    paths, ``data/evidence/…``); the report itself is never one of them. ``aset``: the
    workspace's asset (``id``, ``nama``, ``jenis``) if known; ``kontrol``: control id →
    ``{judul, judul_en, katalog}``; ``instansi``: the audited agency (default: the
    auditing organisation); ``draft``: default from the record's ``draft`` key.
    """
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
    return {
        "schema": SCHEMA, "schema_version": 1,
        "judul": JUDUL,
        "subjudul": f"{id_audit} — {aset_doc['nama'] or aset_id} — {audit.get('periode', '')}",
        "instansi": instansi or meta.lembaga.nama,
        "tanggal_dokumen": tanggal.isoformat(),
        "tempat": tempat,
        "draft": is_draft,
        "id_audit": id_audit,
        "jenis_audit": audit.get("jenis_audit"),
        "pelaksana": audit.get("pelaksana"),
        "periode": audit.get("periode"),
        "aset": aset_doc,
        "auditor": {"nama": ketua.nama if ketua else "", "nip": (ketua.nip if ketua else "")
                    or "", "organisasi": meta.lembaga.nama},
        "ruang_lingkup": {
            "uraian": audit.get("ruang_lingkup") or "",
            "aset": aset_doc,
            "kontrol": [_kontrol_info(kontrol, c) for c in assessed],
        },
        "metode": {
            "dasar": DASAR_METODE,
            "sumber": "regulasi",
            "langkah": [{"huruf": h, "nama": n} for h, n in METODE],
            "dasar_tahapan": DASAR_TAHAPAN,
            "tahapan": list(TAHAPAN),
        },
        "kesimpulan": [
            {**_kontrol_info(kontrol, k["kontrol"]), "desain": k.get("desain"),
             "implementasi": k.get("implementasi"), "efektivitas": k.get("efektivitas"),
             "jumlah_bukti": len(bukti_by_kontrol.get(k["kontrol"], [])),
             "temuan": temuan_by_kontrol.get(k["kontrol"], [])}
            for k in sorted(kesimpulan, key=lambda k: k["kontrol"].encode("utf-8"))
        ],
        "temuan": [
            {"id": t["id"], "kontrol": t["kontrol"],
             "judul_kontrol": _kontrol_info(kontrol, t["kontrol"])["judul"],
             "tingkat": t.get("tingkat"), "kondisi": t.get("kondisi") or "",
             "kriteria": t.get("kriteria") or "", "sebab": t.get("sebab") or "",
             "akibat": t.get("akibat") or "", "rekomendasi": t.get("rekomendasi") or "",
             "tanggapan": t.get("tanggapan_manajemen"), "batas_waktu": t.get("batas_waktu")}
            for t in sorted(temuan, key=lambda t: (rank.get(t.get("tingkat"), 9),
                                                   str(t["id"]).encode("utf-8")))
        ],
        "ringkasan": {
            "kontrol_dinilai": len(assessed),
            "kesimpulan": len(kesimpulan),
            "temuan": {t: sum(1 for x in temuan if x.get("tingkat") == t)
                       for t in URUTAN_TINGKAT},
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
    }
