"""Findings (temuan) of counted audits and their follow-up (tindak lanjut).

Permenkominfo 16/2022 Lampiran I P-7 a: the auditor records the deadline the responsible
unit must meet for each finding (a.1), may verify the follow-up reported to it by a
special assignment (a.2), and escalates follow-up that is missing or inadequate to the
unit or a higher official (a.3). Pasal 22 b: the ministry monitors the follow-up.
Peraturan BSSN 8/2024 Pasal 25(2)(d): *pemantauan tindak lanjut* is the audit's fourth
phase.

Who decides what, in this tool:

- the **auditee** records progress in the workspace (``tindak-lanjut.yaml``): only
  ``belum-ditindaklanjuti``, ``dalam-proses`` or ``selesai-menurut-auditan``;
- only the **auditor** closes an item: a verified follow-up bundle (``evidence init
  --tindak-lanjut-dari``) whose verdict for the finding is ``tuntas`` or
  ``tidak-dapat-ditindaklanjuti``; ``belum-tuntas`` sends a claimed item back to
  ``dalam-proses``. A follow-up bundle counts only when it names the original bundle's
  tag-manifest SHA-256 and was done by the same kind of auditor (internal/external).

An item is overdue (``terlambat``) when ``today`` is after its ``batas_waktu`` and it is
not closed; it is marked for escalation (``eskalasi``) when it is overdue by more than
the escalation window. Neither number of days is set by a regulation: both are settings
(``tindak-lanjut.yaml`` ``pengaturan``), with the defaults below.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from spbe_risk.messages import N_, at, msg
from spbe_risk.tanggal import date_words

BELUM, PROSES, SELESAI_AUDITAN = "belum-ditindaklanjuti", "dalam-proses", "selesai-menurut-auditan"
TUNTAS, TIDAK_DAPAT = "tuntas", "tidak-dapat-ditindaklanjuti"
BELUM_TUNTAS = "belum-tuntas"
#: Every status of an item, in the order of the cycle.
STATUS: tuple[str, ...] = (BELUM, PROSES, SELESAI_AUDITAN, TUNTAS, TIDAK_DAPAT)
#: What the auditee may record in ``tindak-lanjut.yaml``.
STATUS_AUDITAN: tuple[str, ...] = (BELUM, PROSES, SELESAI_AUDITAN)
#: The auditor's verdicts in a follow-up bundle.
VERDIK: tuple[str, ...] = (TUNTAS, BELUM_TUNTAS, TIDAK_DAPAT)
#: Closed: nothing more to follow up.
SELESAI: frozenset[str] = frozenset({TUNTAS, TIDAK_DAPAT})

#: Days after the audit date when a finding without ``batas_waktu`` is due [?]: the
#: regulation leaves the deadline to the auditor (P-7 a.1); 60 days is the period UU 15/2004
#: Pasal 20(3) gives for answering BPK's recommendations, used here as a default only.
BATAS_WAKTU_BAWAAN_HARI = 60
#: Days overdue after which an item is marked for escalation (P-7 a.3) [?]: no number in
#: the regulation; a setting.
ESKALASI_HARI = 30


@dataclass(frozen=True, slots=True)
class Pengaturan:
    """Settings of the follow-up cycle (``tindak-lanjut.yaml`` ``pengaturan``)."""

    batas_waktu_bawaan_hari: int = BATAS_WAKTU_BAWAAN_HARI
    eskalasi_hari: int = ESKALASI_HARI


@dataclass(frozen=True, slots=True)
class CatatanAuditan:
    """One progress entry the auditee wrote in ``tindak-lanjut.yaml``."""

    id_audit: str
    temuan: str
    status: str
    tanggal: date
    uraian: str = ""
    penanggung_jawab: str = ""
    lokasi: str = ""            # FILE:LINE:COL of the entry, for warnings


@dataclass(frozen=True, slots=True)
class AuditBertemuan:
    """A counted (verified, complete) audit bundle and its findings."""

    id_audit: str
    aset: str
    jenis_audit: str
    pelaksana: str
    tanggal: date
    bundel: str                  # the bundle's file name
    sha256_tagmanifest: str
    temuan: tuple[Mapping[str, Any], ...]
    lembaga: str = ""
    rekaman: Mapping[str, Any] | None = None     # the whole audit.json (periodic report)


@dataclass(frozen=True, slots=True)
class VerifikasiBundel:
    """A verified follow-up bundle: the auditor's verdict per finding."""

    id_audit: str                # the follow-up bundle's own id
    dari: str                    # the original audit's id
    dari_sha256: str             # the original bundle's tag-manifest SHA-256
    pelaksana: str
    tanggal: date
    bundel: str
    penandatangan: str
    verdik: tuple[Mapping[str, Any], ...]    # {temuan, status, catatan}


@dataclass(frozen=True, slots=True)
class ItemTindakLanjut:
    """One finding of one counted audit, with where its follow-up stands."""

    id_audit: str
    temuan: str
    aset: str
    jenis_audit: str
    pelaksana: str
    tanggal_audit: date
    bundel: str
    tingkat: str
    kontrol: str
    kondisi: str
    rekomendasi: str
    batas_waktu: date
    batas_waktu_bawaan: bool     # True: the finding had none, the default was used
    penanggung_jawab: str
    status: str
    tanggal_status: date | None
    uraian: str
    diverifikasi_oleh: str       # the follow-up bundle that gave the last verdict
    hari_terlambat: int          # days past batas_waktu (0 when not overdue)
    eskalasi: bool
    catatan: tuple[str, ...] = ()

    @property
    def terlambat(self) -> bool:
        return self.hari_terlambat > 0

    @property
    def selesai(self) -> bool:
        return self.status in SELESAI


@dataclass(frozen=True)
class HasilTindakLanjut:
    """Every item, most urgent first, and what could not be matched (warnings)."""

    items: tuple[ItemTindakLanjut, ...]
    peringatan: tuple[str, ...] = ()
    verifikasi_ditolak: tuple[dict[str, str], ...] = field(default=())
    #: auditee entries naming a finding no counted bundle has (``check`` warns at them)
    tak_cocok: tuple[CatatanAuditan, ...] = ()

    @property
    def terlambat(self) -> tuple[ItemTindakLanjut, ...]:
        return tuple(i for i in self.items if i.terlambat)


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def accepted_verifications(audits: Sequence[AuditBertemuan],
                           verifikasi: Iterable[VerifikasiBundel]
                           ) -> tuple[dict[str, list[VerifikasiBundel]], list[dict[str, str]]]:
    """Follow-up bundles that match a counted audit: same id, same tag-manifest hash, the
    same kind of auditor; the rest with the reason they do not count."""
    by_id = {a.id_audit: a for a in audits}
    ok: dict[str, list[VerifikasiBundel]] = {}
    rejected: list[dict[str, str]] = []
    for v in verifikasi:
        original = by_id.get(v.dari)
        if original is None:
            why = msg(N_("merujuk %(dari)s, yang bukan audit terhitung di audits/"), dari=v.dari)
        elif v.dari_sha256 != original.sha256_tagmanifest:
            why = msg(N_("merujuk hash tag manifest %(hash)s…, bundel %(dari)s memiliki "
                         "%(asli)s…"), hash=v.dari_sha256[:12], dari=v.dari,
                      asli=original.sha256_tagmanifest[:12])
        elif v.pelaksana != original.pelaksana:
            why = msg(N_("diverifikasi oleh auditor %(pelaksana)s, audit %(dari)s oleh auditor "
                         "%(asli)s"), pelaksana=msg(v.pelaksana), dari=v.dari,
                      asli=msg(original.pelaksana))
        else:
            ok.setdefault(v.dari, []).append(v)
            continue
        rejected.append({"bundel": v.bundel, "id_audit": v.id_audit, "alasan": why})
    return ok, rejected


def compute_items(audits: Sequence[AuditBertemuan], catatan: Iterable[CatatanAuditan],
                  verifikasi: Iterable[VerifikasiBundel], today: date,
                  unit_aset: Mapping[str, str] | None = None,
                  pengaturan: Pengaturan = Pengaturan()) -> HasilTindakLanjut:
    """Every finding of every counted audit as a follow-up item as of ``today``.

    ``unit_aset`` maps an asset id to its responsible unit (the owning UPR), used when
    the auditee names none."""
    unit_aset = unit_aset or {}
    accepted, rejected = accepted_verifications(audits, verifikasi)
    notes: dict[tuple[str, str], list[CatatanAuditan]] = {}
    for c in catatan:
        notes.setdefault((c.id_audit, c.temuan), []).append(c)
    items: list[ItemTindakLanjut] = []
    known: set[tuple[str, str]] = set()
    warnings: list[str] = []
    for a in audits:
        verdicts = sorted(((v.tanggal, v.id_audit, v, d) for v in accepted.get(a.id_audit, [])
                           for d in v.verdik), key=lambda t: (t[0], t[1]))
        ids = {str(t.get("id")) for t in a.temuan}
        for _day, _bid, v, d in verdicts:
            if d.get("temuan") not in ids:
                warnings.append(at(v.bundel, msg(N_("verdik untuk temuan %(temuan)s, yang tidak "
                                                    "ada di %(id)s"), temuan=str(d.get("temuan")),
                                                 id=a.id_audit)))
        for t in a.temuan:
            tid = str(t.get("id"))
            known.add((a.id_audit, tid))
            items.append(_item(a, t, notes.get((a.id_audit, tid), []),
                               [(day, v, d) for day, _b, v, d in verdicts
                                if d.get("temuan") == tid],
                               today, unit_aset, pengaturan))
    orphans = []
    for key, entries in sorted(notes.items()):
        if key not in known:
            orphans.extend(entries)
            warnings.append(at(entries[0].lokasi, orphan_message(entries[0])))
    items.sort(key=lambda i: (i.selesai, -i.hari_terlambat, i.batas_waktu, i.id_audit, i.temuan))
    return HasilTindakLanjut(tuple(items), tuple(warnings), tuple(rejected), tuple(orphans))


def orphan_message(c: CatatanAuditan) -> str:
    return msg(N_("temuan: diharapkan temuan dari bundel terverifikasi di audits/, ditemukan "
                  "%(temuan)s dari %(id)s, yang tidak dimuat bundel terhitung mana pun; entri ini "
                  "tidak dipakai"), temuan=c.temuan, id=c.id_audit)


def _item(a: AuditBertemuan, t: Mapping[str, Any], notes: list[CatatanAuditan],
          verdicts: list[tuple[date, VerifikasiBundel, Mapping[str, Any]]], today: date,
          unit_aset: Mapping[str, str], pengaturan: Pengaturan) -> ItemTindakLanjut:
    deadline = _date(t.get("batas_waktu"))
    default = deadline is None
    if deadline is None:
        deadline = a.tanggal + timedelta(days=pengaturan.batas_waktu_bawaan_hari)
    status, when, uraian, by = BELUM, None, "", ""
    unit = unit_aset.get(a.aset, "")
    events: list[tuple[date, int, str, str, str]] = []
    for n in notes:
        if n.penanggung_jawab:
            unit = n.penanggung_jawab
        events.append((n.tanggal, 0, n.status, n.uraian, ""))
    for day, v, d in verdicts:
        # on the same day the auditor's verdict comes after the auditee's claim
        events.append((day, 1, str(d.get("status")), str(d.get("catatan") or ""), v.id_audit))
    notes_out: list[str] = []
    for day, by_auditor, what, text, bundle in sorted(events, key=lambda e: (e[0], e[1])):
        if status in SELESAI and not by_auditor:
            notes_out.append(msg(N_("catatan auditan %(tanggal)s (%(status)s) setelah verifikasi "
                                    "auditor tidak mengubah status"), tanggal=date_words(day),
                                 status=msg(what)))
            continue
        if by_auditor:
            status = PROSES if what == BELUM_TUNTAS else what
            by = bundle
        else:
            status = what
        when, uraian = day, text
    overdue = max(0, (today - deadline).days) if status not in SELESAI else 0
    return ItemTindakLanjut(
        id_audit=a.id_audit, temuan=str(t.get("id")), aset=a.aset, jenis_audit=a.jenis_audit,
        pelaksana=a.pelaksana, tanggal_audit=a.tanggal, bundel=a.bundel,
        tingkat=str(t.get("tingkat") or ""), kontrol=str(t.get("kontrol") or ""),
        kondisi=str(t.get("kondisi") or ""), rekomendasi=str(t.get("rekomendasi") or ""),
        batas_waktu=deadline, batas_waktu_bawaan=default, penanggung_jawab=unit,
        status=status, tanggal_status=when, uraian=uraian, diverifikasi_oleh=by,
        hari_terlambat=overdue, eskalasi=overdue > pengaturan.eskalasi_hari,
        catatan=tuple(notes_out))


def status_counts(items: Iterable[ItemTindakLanjut]) -> dict[str, int]:
    """Items per status, plus ``terlambat`` and ``eskalasi`` (any status)."""
    counts = {s: 0 for s in STATUS}
    counts["terlambat"] = counts["eskalasi"] = 0
    for i in items:
        counts[i.status] += 1
        counts["terlambat"] += i.terlambat
        counts["eskalasi"] += i.eskalasi
    return counts
