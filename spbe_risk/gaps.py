"""``check``'s gaps in the risk owner's loop: what a reviewer of the register flags.

Three warnings, each with its own code (``--fail-on CODE`` makes it an error) and the
position of the risk in its register file:

- ``tanpa-penanganan``: the besaran meets the appetite (Formulir 2.10, by the instansi's
  rule, ``>=`` by default) so the Keputusan Penanganan Risiko is "Ya", but the risk has no
  ``penanganan`` (no Formulir 4.0 entry);
- ``penanganan-belum-dipantau``: the treatment's ``selesai`` date has passed and no
  monitoring entry (Formulir 5.0) covers a period ending on or after it;
- ``pemantauan-triwulan-kosong``: the register says ``jenis_laporan: triwulanan`` and a
  quarter of its year has ended without a monitoring entry in that quarter.

The date is given (``check --today``); there is no clock here.

Layer: core (pure). Imports the model, scoring, problems and the loader's position
machinery (``load.fields.FileCheck``); no I/O.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

import spbe_risk.load.diagnostics as dg
from spbe_risk.load.fields import FileCheck
from spbe_risk.messages import N_, msg
from spbe_risk.model import Register, Risiko, Workspace
from spbe_risk.problems import MORE_LINE, Problem
from spbe_risk.scoring import besaran, melebihi_selera, period_end
from spbe_risk.tanggal import date_words

#: a quarter as people write it ("Triwulan I 2026"; the same catalog id as the Formulir's)
TRIWULAN = N_("Triwulan %(ke)s %(tahun)s")
ROMAWI = ("I", "II", "III", "IV")

TANPA_PENANGANAN = "tanpa-penanganan"
BELUM_DIPANTAU = "penanganan-belum-dipantau"
TRIWULAN_KOSONG = "pemantauan-triwulan-kosong"
#: Every gap code, in the order ``check --help`` lists them.
CODES = (TANPA_PENANGANAN, BELUM_DIPANTAU, TRIWULAN_KOSONG)


def _end_date(periode: str) -> date:
    """The last day of a monitoring period (2026-Q1 → 2026-03-31)."""
    year, month = period_end(periode)
    return date(year, month, calendar.monthrange(year, month)[1])


def _in_quarter(periode: str, year: int, q: int) -> bool:
    """Whether a monitoring period reports on quarter ``q`` of ``year``: the quarter
    itself, or a month of it (a monthly report covers its quarter too)."""
    y, _, rest = periode.partition("-")
    if y != str(year) or not rest:
        return False
    if rest[0] == "Q":
        return int(rest[1]) == q
    if rest[0] == "S":
        return False
    return (int(rest) - 1) // 3 + 1 == q


def risk_gaps(ws: Workspace, reg: Register, r: Risiko, today: date) -> list[tuple[str, str]]:
    """(--fail-on word, coded message) of every gap of one risk."""
    out: list[tuple[str, str]] = []
    selera = ws.konteks.selera_risiko
    minimum = selera.nilai.get((r.kategori, r.jenis))
    nilai = besaran(ws.matriks, r.analisis.kemungkinan, r.analisis.dampak)
    if r.penanganan is None and minimum is not None and melebihi_selera(selera, minimum, nilai):
        out.append((TANPA_PENANGANAN, dg.GAP_NO_TREATMENT(
            kode=TANPA_PENANGANAN, risiko=r.id, besaran=nilai, selera=minimum,
            aturan=selera.aturan.replace(">=", "≥"))))
    t = r.penanganan
    if t is not None and t.selesai is not None and t.selesai < today and not any(
            _end_date(p.periode) >= t.selesai for p in r.pemantauan):
        out.append((BELUM_DIPANTAU, dg.GAP_NOT_MONITORED(
            kode=BELUM_DIPANTAU, risiko=r.id, selesai=date_words(t.selesai),
            today=date_words(today))))
    if reg.jenis_laporan == "triwulanan":
        for q in range(1, 5):
            end = _end_date(f"{reg.periode}-Q{q}")
            if end >= today:
                break
            if not any(_in_quarter(p.periode, reg.periode, q) for p in r.pemantauan):
                out.append((TRIWULAN_KOSONG, dg.GAP_EMPTY_QUARTER(
                    kode=TRIWULAN_KOSONG, risiko=r.id,
                    triwulan=msg(TRIWULAN, ke=ROMAWI[q - 1], tahun=reg.periode),
                    akhir=date_words(end))))
    return out


def gap_warnings(ws: Workspace, today: date, texts: Mapping[str, bytes],
                 fail_on: Iterable[str] = (), upr: str | None = None) -> list[Problem]:
    """Every gap as ``FILE:LINE:COL: warning: [code] …`` at the risk's entry; a code in
    ``fail_on`` is an error instead. ``texts`` maps each register file to its bytes (for
    the position); a register missing there is reported for the file as a whole."""
    errors = set(fail_on)
    out: list[Problem] = []
    for reg in ws.registers:
        if upr is not None and reg.upr != upr:
            continue
        fc = FileCheck(reg.file, texts[reg.file].decode("utf-8", "replace")) \
            if reg.file in texts else None
        for i, r in enumerate(reg.risiko):
            for code, message in risk_gaps(ws, reg, r, today):
                text = message
                if fc is None:
                    out.append(Problem(reg.file, 0, 0, text,
                                       "error" if code in errors else "warning"))
                elif code in errors:
                    fc.error(("risiko", i, "id"), text)
                else:
                    fc.warning(("risiko", i, "id"), text)
        if fc is not None:
            # the closing "… and N more" line of a capped file is as severe as what it counts
            out.extend(replace(p, severity="warning") if p.line == MORE_LINE and not fc.errors
                       else p for p in fc.problems())
    return out
