"""The konklusi of an audit keamanan: Peraturan Kepala BSSN 15/2024 Bab I.G.

The *Matriks Konklusi Audit Keamanan SPBE* (K15, printed page 9 of the PDF, section
"G. Status Pemeriksaan Audit Keamanan") turns the three evaluations of a control —
desain (Memadai / Perlu Peningkatan / Tidak Memadai), implementasi (Sesuai / Tidak
Sesuai Desain Kontrol) and efektivitas (Efektif / Perlu Peningkatan / Belum Efektif) —
into one konklusi: Memadai, Perlu Peningkatan or Tidak Memadai. Transcribed cell by cell
from the rendered table (not from a text extraction). Its 15 cells are :data:`MATRIKS`.

K15 page 10: when desain is *Tidak Memadai* "tidak diperlukan lagi evaluasi terhadap
implementasi desain kontrol" — the audit goes straight to efektivitas; the konklusi is
Tidak Memadai whatever the efektivitas (the matrix's "-" row).

The konklusi *per area* (K15 Pasal 3: manajemen keamanan informasi; standar teknis dan
prosedur keamanan) is not given by a rule in K15; this module takes the weakest konklusi
of the area's controls (a control that is Tidak Memadai makes the area Tidak Memadai),
which is the tool's reading, not regulation text.

Layer: core (pure). Imports only the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

MEMADAI, PERLU_PENINGKATAN, TIDAK_MEMADAI = "memadai", "perlu-peningkatan", "tidak-memadai"
#: Konklusi values, best first.
KONKLUSI: tuple[str, ...] = (MEMADAI, PERLU_PENINGKATAN, TIDAK_MEMADAI)

SUMBER = "Peraturan Kepala BSSN 15/2024 Bab I.G, Matriks Konklusi Audit Keamanan SPBE (hlm. 9)"

_M, _PP, _TM = MEMADAI, PERLU_PENINGKATAN, TIDAK_MEMADAI
_S, _TS = "sesuai", "tidak-sesuai"
_E, _BE = "efektif", "belum-efektif"

#: (desain, implementasi, efektivitas) → konklusi; implementasi None: not evaluated.
MATRIKS: dict[tuple[str, str | None, str], str] = {
    (_M, _S, _E): _M,
    (_M, _S, _PP): _M,
    (_M, _S, _BE): _PP,
    (_M, _TS, _E): _PP,
    (_M, _TS, _PP): _TM,
    (_M, _TS, _BE): _TM,
    (_PP, _S, _E): _M,
    (_PP, _S, _PP): _PP,
    (_PP, _S, _BE): _TM,
    (_PP, _TS, _E): _TM,
    (_PP, _TS, _PP): _TM,
    (_PP, _TS, _BE): _TM,
    (_TM, None, _E): _TM,
    (_TM, None, _PP): _TM,
    (_TM, None, _BE): _TM,
}

#: The two areas of an audit keamanan (K15 Pasal 3), and the catalogs' ``area_audit``
#: codes that fall in each: tata kelola and manajemen keamanan → manajemen keamanan
#: informasi (K15 Bab II); fungsionalitas keamanan → standar teknis dan prosedur (Bab III).
AREA: dict[str, str] = {"TK": "manajemen-keamanan-informasi",
                        "MK": "manajemen-keamanan-informasi",
                        "FK": "standar-teknis-dan-prosedur"}
AREAS: tuple[str, ...] = ("manajemen-keamanan-informasi", "standar-teknis-dan-prosedur")


def N_(text: str) -> str:
    """Marks a word for the message catalog; the shell translates it when it prints."""
    return text


#: The words people read for each value (translated by the shell with ``_()``).
KATA: dict[str, str] = {
    MEMADAI: N_("Memadai"), PERLU_PENINGKATAN: N_("Perlu Peningkatan"),
    TIDAK_MEMADAI: N_("Tidak Memadai"), "sesuai": N_("Sesuai Desain Kontrol"),
    "tidak-sesuai": N_("Tidak Sesuai Desain Kontrol"), "efektif": N_("Efektif"),
    "belum-efektif": N_("Belum Efektif"),
    "manajemen-keamanan-informasi": N_("Manajemen Keamanan Informasi"),
    "standar-teknis-dan-prosedur": N_("Standar Teknis dan Prosedur Keamanan"),
}


def konklusi(desain: str | None, implementasi: str | None, efektivitas: str | None
             ) -> str | None:
    """The konklusi of one control, or None while the evaluation is unfinished (or its
    combination is not a path of the matrix: see :func:`path_problem`)."""
    if desain is None or efektivitas is None:
        return None
    if desain == TIDAK_MEMADAI:     # the "-" row: implementasi is not evaluated
        implementasi = None
    return MATRIKS.get((desain, implementasi, efektivitas))


def path_problem(desain: Any, implementasi: Any, efektivitas: Any) -> tuple[str, str] | None:
    """Why a recorded evaluation can never reach a konklusi, as ``(where, message)`` with
    ``@`` standing for the conclusion's location; None when it can (possibly later)."""
    from spbe_risk.audit import diagnostics as D

    if desain == TIDAK_MEMADAI and implementasi is not None:
        return ("@.implementasi", D.NOT_EVALUATED(found=repr(implementasi)))
    if desain != TIDAK_MEMADAI and implementasi is None and efektivitas is not None:
        return ("@.efektivitas", D.EFFECTIVENESS_FIRST())
    return None


def of_entry(entry: Mapping[str, Any]) -> str | None:
    """The konklusi of one ``kesimpulan`` entry of ``audit.json``."""
    return konklusi(entry.get("desain"), entry.get("implementasi"), entry.get("efektivitas"))


def weakest(values: Iterable[str | None]) -> str | None:
    """The weakest konklusi of several (None when any is unfinished or there are none)."""
    found = list(values)
    if not found or any(v is None for v in found):
        return None
    return max(found, key=KONKLUSI.index)


def per_area(kesimpulan: Iterable[Mapping[str, Any]], area_of: Mapping[str, str]
             ) -> dict[str, dict[str, Any]]:
    """Per area (of :data:`AREAS`, only those with concluded controls): the controls and
    their overall konklusi. ``area_of`` maps a control id to its ``area_audit`` code;
    controls of unknown area are left out."""
    groups: dict[str, list[tuple[str, str | None]]] = {}
    for k in kesimpulan:
        area = AREA.get(area_of.get(str(k.get("kontrol")), ""))
        if area is not None:
            groups.setdefault(area, []).append((str(k.get("kontrol")), of_entry(k)))
    return {area: {"kontrol": [c for c, _ in groups[area]],
                   "konklusi": weakest(v for _, v in groups[area])}
            for area in AREAS if area in groups}


def summary(kesimpulan: Iterable[Mapping[str, Any]], area_of: Mapping[str, str]
            ) -> dict[str, Any]:
    """The ``konklusi`` block of ``evidence show --format json`` and of the report: per
    control (its three evaluations and the matrix's konklusi, None while unfinished) and
    per area (the weakest of its controls)."""
    entries = [k for k in kesimpulan if isinstance(k, Mapping)]
    return {
        "dasar": SUMBER,
        "kontrol": [{"kontrol": k.get("kontrol"), "area": AREA.get(
                        area_of.get(str(k.get("kontrol")), "")),
                     "desain": k.get("desain"), "implementasi": k.get("implementasi"),
                     "efektivitas": k.get("efektivitas"), "konklusi": of_entry(k)}
                    for k in entries],
        "area": [{"area": area, **value} for area, value in per_area(entries, area_of).items()],
    }
