"""Monitoring entries of a register (Formulir 5.0) with exact errors, and the warnings
that say what a risk still lacks for complete Formulir 3.0 and 5.0.

The jenis laporan is not a key: it follows from the form of ``periode`` (``2026-03``
bulanan, ``2026-Q1`` triwulanan, ``2026-S1`` semesteran, ``2026`` tahunan), so the two
can never disagree.

Pure; imports the model, problems and the field machinery only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk.load.fields import FileCheck, found
from spbe_risk.messages import msg
from spbe_risk.model import Konteks, Matriks, Pemantauan, Risiko

_PERIODE_PANTAU = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-S([12]))?")
#: The optional texts of a monitoring entry, as the model's field names.
PEMANTAUAN_TEXTS = ("kondisi", "rekomendasi", "penanganan_dilakukan", "rencana_lanjutan",
                    "waktu_pelaksanaan", "penanggung_jawab", "tindak_lanjut")
PEMANTAUAN_KEYS = spec.PEMANTAUAN.keys


def periode_pantau(value: Any) -> tuple[int, str] | None:
    """``(year, text)`` of a monitoring period, or None when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    mm = _PERIODE_PANTAU.fullmatch(value)
    return (int(mm.group(1)), value) if mm else None


def _level_pair(fc: FileCheck, m: dict, p: tuple, mx: Matriks) -> tuple[int | None, int | None]:
    k = fc.integer(m, "kemungkinan", p, 1, mx.max_kemungkinan, what=dg.LEVEL_KEMUNGKINAN)
    d = fc.integer(m, "dampak", p, 1, mx.max_dampak, what=dg.LEVEL_DAMPAK)
    return k, d


def read_pemantauan(fc: FileCheck, m: dict, p: tuple, periode: int | None,
                    mx: Matriks) -> tuple[Pemantauan, ...]:
    if "pemantauan" not in m or m["pemantauan"] is None:
        return ()
    seq = fc.sequence(m["pemantauan"], p + ("pemantauan",), "pemantauan")
    out = []
    seen: set[str] = set()
    for i, item in enumerate(seq or []):
        q = p + ("pemantauan", i)
        e = fc.mapping(item, q, "pemantauan")
        if e is None:
            continue
        fc.known_keys(e, PEMANTAUAN_KEYS, q)
        per = periode_pantau(e.get("periode"))
        if per is None:
            fc.error(q + ("periode",) if "periode" in e else q, dg.BAD_MONITORING_PERIOD(
                found=found(e.get("periode")) if "periode" in e else msg(dg.FOUND_NONE)))
        elif periode and per[0] != periode:
            fc.error(q + ("periode",), dg.MONITORING_OUTSIDE(periode=periode, value=per[1]))
        elif per[1] in seen:
            fc.error(q + ("periode",), dg.MONITORING_TWICE(value=per[1]))
        k, d = _level_pair(fc, e, q, mx)
        texts = {key: fc.text(e, key, q, required=False) or "" for key in PEMANTAUAN_TEXTS}
        if per and k and d:
            seen.add(per[1])
            out.append(Pemantauan(per[1], k, d, **texts))
    return tuple(out)


#: What a complete Formulir 5.0 entry needs besides its levels.
_ENTRY_NEEDS = ("kondisi", "penanganan_dilakukan", "rencana_lanjutan", "waktu_pelaksanaan",
                "penanggung_jawab")


def warn_incomplete_risks(fc: FileCheck, risks: Sequence[Risiko], konteks: Konteks,
                          upr: str) -> None:
    """One warning per risk naming what complete Formulir 3.0 and 5.0 still need: an
    indikator kinerja (its own, or its UPR's for the same sasaran) and, per monitoring
    entry, the condition, the treatment done and the further plan with its time and
    person responsible."""
    unit = next((u for u in konteks.upr if u.id == upr), None)
    indikator = {s.sasaran for s in unit.sasaran_spbe if s.indikator_kinerja} if unit else set()
    for i, r in enumerate(risks):
        missing = []
        if not r.indikator_kinerja and r.sasaran not in indikator:
            missing.append(msg(dg.FORM_NEEDS_INDIKATOR))
        for m in r.pemantauan:
            lacking = [k for k in _ENTRY_NEEDS if not getattr(m, k)]
            if lacking:
                missing.append(msg(dg.FORM_NEEDS_ENTRY, periode=m.periode, keys=lacking))
        if missing:
            fc.warning(("risiko", i), dg.FORM_INCOMPLETE(id=r.id, missing=missing))
