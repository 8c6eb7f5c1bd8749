"""The ICT-audit schedule: which asset owes which audit, when, and how urgent it is.

Pure: today's date, the holidays and the completed audits are parameters. Rules come
from ``controls/audit-rules/`` (Perpres 95/2018 Pasal 54–58, BSSN 8/2024) as amended by
the instansi. Dates are calendar dates in the instansi's time zone.

Arithmetic, stated once:
- next due = last completed audit (or beroperasi_sejak, if later) + frekuensi_bulan
  months, clamped to the month's end (29 Feb 2024 + 24 months = 28 Feb 2026); never
  audited: beroperasi_sejak + frequency;
- the practical deadline is the due date, or the last working day before it when it
  falls on a weekend or an Indonesian public holiday;
- status, by urgency only: ``terlambat`` (practical deadline passed), ``segera`` (within
  the warning window), ``aman``; ``belum_pernah`` says, besides, that the duty has never
  been audited (a never-audited duty past its deadline is ``terlambat`` like any other,
  so every count — footer, ``ringkasan``, ``--fail-on`` — is the same count);
- order: the instansi's own duties first, most urgent first; national duties (BSSN,
  BRIN) after them;
- an overdue duty gets a reminder date: today, or the next working day.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from spbe_risk.messages import N_, msg
from spbe_risk.model import Aset, AturanAudit
from spbe_risk.tanggal import date_words

TERLAMBAT, SEGERA, AMAN = "terlambat", "segera", "aman"
STATUSES = (TERLAMBAT, SEGERA, AMAN)
#: Urgency rank of a status (higher: more urgent).
URGENSI = {AMAN: 0, SEGERA: 1, TERLAMBAT: 2}


@dataclass(frozen=True, slots=True)
class AuditSelesai:
    """A completed audit: declared in assets.yaml, or proven by a verified bundle."""

    aset: str
    jenis_audit: str
    tanggal: date
    pelaksana: str          # internal | eksternal
    auditor: str
    sumber: str             # "declared" | "verified"
    bundel: str = ""
    hasil: str = ""


@dataclass(frozen=True)
class BuktiAudit:
    """Everything the schedule and the risk cross-check need from a bundle folder."""

    selesai: tuple[AuditSelesai, ...]                 # verified audits
    ditolak: tuple[dict[str, Any], ...]               # rejected bundles with reasons
    kesimpulan: dict[str, dict[str, Any]]             # asset → latest verified audit's conclusions
    #: counted audits with their findings, and verified follow-up bundles (tindak lanjut)
    temuan: tuple[Any, ...] = ()                      # audit.tindak_lanjut.AuditBertemuan
    verifikasi: tuple[Any, ...] = ()                  # audit.tindak_lanjut.VerifikasiBundel


@dataclass(frozen=True, slots=True)
class ItemJadwal:
    aset: Aset
    aturan: AturanAudit
    terakhir: AuditSelesai | None
    jatuh_tempo: date
    tenggat_praktis: date
    status: str
    sisa_hari: int              # days from today to the practical deadline (negative: late)
    peringatan: tuple[str, ...] = ()
    pengingat: date | None = None   # overdue: the working day (today or next) to remind on
    #: The latest internal audit the rule does not count (Permenkominfo 16/2022 Pasal 17
    #: ayat (4)), when later than the last counted one: shown as what it is.
    audit_internal: AuditSelesai | None = None

    @property
    def belum_pernah(self) -> bool:
        """Never audited: no counted audit of this kind and no internal one either (an
        asset audited only internally is shown as such, not as never audited)."""
        return self.terakhir is None and self.audit_internal is None

    @property
    def lewat_tenggat(self) -> bool:
        return self.sisa_hari < 0

    @property
    def kewajiban_instansi(self) -> bool:
        return self.aturan.tanggung_jawab == "instansi"


def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the last day of the target month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def practical_deadline(due: date, holidays: Mapping[date, str] | frozenset[date]) -> date:
    """The due date, or the last working day before it (no weekend, no public holiday)."""
    day = due
    while day.weekday() >= 5 or day in holidays:
        day -= timedelta(days=1)
    return day


def next_working_day(day: date, holidays: Mapping[date, str] | frozenset[date]) -> date:
    """The day itself, or the first working day after it (no weekend, no public holiday)."""
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def rules_for(aset: Aset, rules: Iterable[AturanAudit]) -> list[AturanAudit]:
    """Per audit kind, the strictest (shortest frequency) rule that applies to the asset."""
    best: dict[str, AturanAudit] = {}
    for r in rules:
        if aset.jenis not in r.jenis_aset:
            continue
        if r.akses_internet is not None and r.akses_internet != aset.akses_internet:
            continue
        cur = best.get(r.jenis_audit)
        if cur is None or r.frekuensi_bulan < cur.frekuensi_bulan:
            best[r.jenis_audit] = r
    return [best[k] for k in sorted(best)]


def _internal_warnings(rule: AturanAudit, audits: Sequence[AuditSelesai]) -> tuple[str, ...]:
    """BSSN 8/2024: every external security audit needs an internal one in the window before."""
    if not rule.internal_dulu:
        return ()
    out = []
    for ext in (a for a in audits if a.pelaksana == "eksternal"):
        window_start = add_months(ext.tanggal, -rule.frekuensi_bulan)
        if not any(a.pelaksana == "internal" and window_start <= a.tanggal <= ext.tanggal
                   for a in audits):
            out.append(msg(N_("audit eksternal %(tanggal)s tanpa audit internal dalam %(n)d bulan "
                              "sebelumnya (Peraturan BSSN 8/2024)"),
                           tanggal=date_words(ext.tanggal), n=rule.frekuensi_bulan))
    return tuple(out)


def schedule_item(aset: Aset, rule: AturanAudit, audits: Sequence[AuditSelesai], today: date,
                  within_days: int, holidays: Mapping[date, str] | frozenset[date]) -> ItemJadwal:
    """One obligation of one asset; ``audits`` are that asset's audits of that kind."""
    counted = [a for a in audits if rule.dihitung_dari == "semua" or a.pelaksana == "eksternal"]
    last = max(counted, key=lambda a: (a.tanggal, a.sumber == "verified"), default=None)
    # The cycle starts at go-live at the earliest: a pre-production audit counts as done
    # on the day the asset started operating.
    base = max(last.tanggal, aset.beroperasi_sejak) if last else aset.beroperasi_sejak
    due = add_months(base, rule.frekuensi_bulan)
    deadline = practical_deadline(due, holidays)
    remaining = (deadline - today).days
    if remaining < 0:
        status = TERLAMBAT
    elif remaining <= within_days:
        status = SEGERA
    else:
        status = AMAN
    reminder = next_working_day(today, holidays) if status == TERLAMBAT else None
    internal = _uncounted_internal(rule, audits, last)
    notes = ((msg(N_("audit internal %(tanggal)s, tidak memenuhi kewajiban Pasal 17 ayat (4) "
                     "Permenkominfo 16/2022"), tanggal=date_words(internal.tanggal)),)
             if internal else ())
    return ItemJadwal(aset, rule, last, due, deadline, status, remaining,
                      notes + _internal_warnings(rule, audits), reminder, internal)


def _uncounted_internal(rule: AturanAudit, audits: Sequence[AuditSelesai],
                        last: AuditSelesai | None) -> AuditSelesai | None:
    """The latest internal audit the rule does not count, when later than the last
    counted audit (Permenkominfo 16/2022 Pasal 17 ayat (4): it does not remove the duty
    of the audit by a Lembaga Pelaksana Audit TIK)."""
    if rule.dihitung_dari != "eksternal":
        return None
    later = [a for a in audits if a.pelaksana == "internal"
             and (last is None or a.tanggal > last.tanggal)]
    return max(later, key=lambda a: (a.tanggal, a.sumber == "verified"), default=None)


def compute_schedule(aset: Iterable[Aset], rules: Sequence[AturanAudit],
                     audits: Iterable[AuditSelesai], today: date, within_days: int = 90,
                     holidays: Mapping[date, str] | frozenset[date] = frozenset()
                     ) -> list[ItemJadwal]:
    """Every asset × applicable rule: the instansi's own duties first, then national ones;
    within each, most urgent first (days remaining, then asset, kind)."""
    by_key: dict[tuple[str, str], list[AuditSelesai]] = {}
    for a in audits:
        if a.tanggal <= today:          # an audit dated in the future has not happened yet
            by_key.setdefault((a.aset, a.jenis_audit), []).append(a)
    items = [schedule_item(x, r, by_key.get((x.id, r.jenis_audit), []), today, within_days,
                           holidays)
             for x in aset for r in rules_for(x, rules)]
    return sorted(items, key=lambda i: (not i.kewajiban_instansi, i.sisa_hari, i.aset.id,
                                        i.aturan.jenis_audit))


def declared_audits(aset: Iterable[Aset]) -> list[AuditSelesai]:
    """The inventory's audit history, marked "declared" (nobody proved it)."""
    return [AuditSelesai(x.id, h.jenis_audit, h.tanggal, h.pelaksana, h.auditor, "declared",
                         h.bundel, h.hasil)
            for x in aset for h in x.riwayat_audit]


def merge_audits(declared: Sequence[AuditSelesai], verified: Sequence[AuditSelesai]
                 ) -> list[AuditSelesai]:
    """Verified bundles count; a declared entry naming a verified bundle is the same audit."""
    proven = {v.bundel for v in verified if v.bundel}
    return [d for d in declared if not (d.bundel and d.bundel in proven)] + list(verified)


def fails(items: Sequence[ItemJadwal], fail_on: str | None, within_days: int) -> list[ItemJadwal]:
    """Items that make ``--fail-on`` exit 1: the instansi's own duties only.

    ``terlambat``: the status is terlambat (never-audited duties included);
    ``segera``: terlambat or segera. The same statuses ``status_counts`` counts.
    """
    if fail_on is None:
        return []
    wanted = {TERLAMBAT} if fail_on == TERLAMBAT else {TERLAMBAT, SEGERA}
    return [i for i in items if i.kewajiban_instansi and i.status in wanted]


def status_counts(items: Sequence[ItemJadwal]) -> dict[str, int]:
    """How many of the instansi's own duties are in each status (national ones excluded),
    and ``belum_pernah``: how many of them (in any status) were never audited."""
    counts = {s: 0 for s in STATUSES}
    counts["belum_pernah"] = 0
    for i in items:
        if i.kewajiban_instansi:
            counts[i.status] += 1
            counts["belum_pernah"] += i.belum_pernah
    return counts
