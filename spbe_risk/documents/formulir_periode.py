"""Monitoring periods as the forms name them: ``2026-Q1`` is a *laporan triwulanan* for
*Triwulan I 2026*, ``2026-03`` a *laporan bulanan* for March 2026, ``2026-S1`` a
*laporan semesteran* for *Semester I 2026*, ``2026`` a *laporan tahunan*.

The result is plain data (a catalog id for the jenis laporan and the pieces of the
label); the template words it in the report's language, so "2026-Q1" never reaches print.

Pure: imports nothing of the package but ``documents.base``.
"""

from __future__ import annotations

import re
from typing import Any

from spbe_risk.documents.base import N_

ROMAWI = ("I", "II", "III", "IV")
#: jenis laporan → its name as a catalog id, in the order the forms list them
JENIS_LAPORAN = {"bulanan": N_("Bulanan"), "triwulanan": N_("Triwulanan"),
                 "semesteran": N_("Semesteran"), "tahunan": N_("Tahunan")}

#: a period's name in words, by jenis laporan (catalog ids; a month is named by Babel)
NAMA_PERIODE = {"triwulanan": N_("Triwulan %(ke)s %(tahun)s"),
                "semesteran": N_("Semester %(ke)s %(tahun)s"),
                "tahunan": N_("Tahun %(tahun)s")}
#: every period form a register or an audit writes: year, month, quarter (``Q`` or the
#: Indonesian ``TW``), semester
_BENTUK = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2]|Q[1-4]|TW[1-4]|S[12]))?")


def baca_periode(value: Any) -> dict[str, Any] | None:
    """``periode_laporan`` of any period id a person may be shown (``2026-TW1`` read as
    ``2026-Q1``), or ``None`` for text that is not a period (printed as it is)."""
    m = _BENTUK.fullmatch(str(value).strip()) if value is not None else None
    if m is None:
        return None
    rest = m.group(2) or ""
    return periode_laporan(m.group(1) + ("-" + rest.replace("TW", "Q") if rest else ""))


def periode_laporan(periode: str) -> dict[str, Any]:
    """``{periode, jenis_laporan, nama_jenis, tahun, ke, romawi, bulan}`` of a monitoring
    period in one of the loader's forms (``2026``, ``2026-03``, ``2026-Q1``, ``2026-S1``)."""
    tahun, _, rest = periode.partition("-")
    out: dict[str, Any] = {"periode": periode, "tahun": int(tahun), "ke": None, "romawi": "",
                           "bulan": None}
    if not rest:
        jenis = "tahunan"
    elif rest[0] == "Q":
        jenis, out["ke"] = "triwulanan", int(rest[1:])
    elif rest[0] == "S":
        jenis, out["ke"] = "semesteran", int(rest[1:])
    else:
        jenis, out["bulan"] = "bulanan", int(rest)
    if out["ke"]:
        out["romawi"] = ROMAWI[out["ke"] - 1]
    out["jenis_laporan"] = jenis
    out["nama_jenis"] = JENIS_LAPORAN[jenis]
    return out


def urutan(periode: str) -> tuple[int, int, int]:
    """A sort key: by year, then by the period's end month, shorter periods first."""
    p = periode_laporan(periode)
    end = {"bulanan": p["bulan"] or 12, "triwulanan": 3 * (p["ke"] or 4),
           "semesteran": 6 * (p["ke"] or 2), "tahunan": 12}[p["jenis_laporan"]]
    span = {"bulanan": 1, "triwulanan": 3, "semesteran": 6, "tahunan": 12}[p["jenis_laporan"]]
    return p["tahun"], end, span
