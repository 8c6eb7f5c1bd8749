"""The parts of ``instansi.yaml`` that complete Formulir 2.0 (2.1 informasi umum, 2.2
sasaran SPBE, 2.4 pemangku kepentingan, 2.5 peraturan perundang-undangan) and the
letterhead (``kop``), each with exact errors, and the warnings that say what a UPR still
lacks for a complete form.

All of these keys are optional, so registers and contexts written before them stay
valid; ``check`` names what is missing as a warning. Field lists follow a PermenPANRB
5/2020 application (secondary source, see ``spec.py``).

Pure; imports the model, vocabulary, problems and the field machinery only.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk.load.fields import FileCheck, entries, found
from spbe_risk.model import Kop, PemangkuKepentingan, Peraturan, SasaranSpbe, Upr

#: A logo is a relative path inside the workspace to a PNG or SVG file: no scheme, no
#: absolute path, no ``..``, no backslash (the fetcher checks the file itself).
_LOGO = re.compile(r"(?!.*(?:^|/)\.\.(?:/|$))[A-Za-z0-9._-][A-Za-z0-9._/ -]{0,200}\.(?:png|svg)",
                   re.IGNORECASE)


def read_kop(fc: FileCheck, value: Any, p: tuple) -> Kop | None:
    """A ``kop`` mapping (the instansi's or a UPR's overrides)."""
    m = fc.mapping(value, p, "kop")
    if m is None:
        return None
    fc.known_keys(m, spec.KOP.keys, p)
    texts = {k: fc.text(m, k, p, required=False) or "" for k in spec.KOP.keys}
    logo = texts["logo"]
    if logo and (not _LOGO.fullmatch(logo) or "//" in logo or logo.startswith("/")):
        fc.error(p + ("logo",), dg.BAD_LOGO(found=found(logo)))
        texts["logo"] = ""
    return Kop(**texts)


def read_peraturan(fc: FileCheck, m: dict, p: tuple) -> tuple[Peraturan, ...]:
    """``peraturan_perundangan: [{nama, amanat}]`` of the instansi or of one UPR."""
    if m.get("peraturan_perundangan") is None:
        return ()
    q = p + ("peraturan_perundangan",)
    seq = fc.sequence(m["peraturan_perundangan"], q, "peraturan_perundangan")
    out = []
    for r, e in entries(fc, seq, q, "peraturan_perundangan"):
        fc.known_keys(e, spec.PERATURAN.keys, r)
        nama = fc.text(e, "nama", r)
        amanat = fc.text(e, "amanat", r, required=False) or ""
        if nama:
            out.append(Peraturan(nama, amanat))
    return tuple(out)


def complete_upr(fc: FileCheck, m: dict, p: tuple, upr: Upr) -> Upr:
    """``upr`` with its Formulir 2.1, 2.2, 2.4 and 2.5 fields and letterhead read from
    ``m`` (the UPR's mapping at key path ``p``)."""
    tugas = fc.text(m, "tugas", p, required=False) or ""
    fungsi = fc.text(m, "fungsi", p, required=False) or ""
    mulai = fc.iso_date(m, "periode_mulai", p, required=False)
    selesai = fc.iso_date(m, "periode_selesai", p, required=False)
    if mulai and selesai and selesai < mulai:
        fc.error(p + ("periode_selesai",),
                 dg.PERIODE_SELESAI_BEFORE_MULAI(mulai=mulai.isoformat(), selesai=selesai.isoformat()))
    sasaran = []
    if m.get("sasaran_spbe") is not None:
        q = p + ("sasaran_spbe",)
        seen: set[str] = set()
        for r, e in entries(fc, fc.sequence(m["sasaran_spbe"], q, "sasaran_spbe"), q,
                            "sasaran_spbe"):
            fc.known_keys(e, spec.SASARAN_SPBE.keys, r)
            teks = fc.text(e, "sasaran", r)
            if teks and teks in seen:
                fc.error(r + ("sasaran",), dg.SASARAN_TWICE())
            elif teks:
                seen.add(teks)
                sasaran.append(SasaranSpbe(
                    teks, fc.text(e, "indikator_kinerja", r, required=False) or "",
                    fc.text(e, "target", r, required=False) or ""))
    pemangku = []
    if m.get("pemangku_kepentingan") is not None:
        q = p + ("pemangku_kepentingan",)
        for r, e in entries(fc, fc.sequence(m["pemangku_kepentingan"], q, "pemangku_kepentingan"),
                            q, "pemangku_kepentingan"):
            fc.known_keys(e, spec.PEMANGKU.keys, r)
            nama = fc.text(e, "nama", r)
            if nama:
                pemangku.append(PemangkuKepentingan(
                    nama, fc.text(e, "hubungan", r, required=False) or ""))
    kop = read_kop(fc, m["kop"], p + ("kop",)) if m.get("kop") is not None else None
    return replace(upr, tugas=tugas, fungsi=fungsi, periode_mulai=mulai, periode_selesai=selesai,
                   sasaran_spbe=tuple(sasaran), pemangku_kepentingan=tuple(pemangku),
                   peraturan_perundangan=read_peraturan(fc, m, p), kop=kop)


#: What a complete Formulir 2.0 needs of each UPR, in form order.
_UPR_NEEDS = (("tugas", "2.1"), ("fungsi", "2.1"), ("periode_mulai", "2.1"),
              ("periode_selesai", "2.1"), ("sasaran_spbe", "2.2"),
              ("pemangku_kepentingan", "2.4"))


def warn_incomplete_context(fc: FileCheck, doc: dict, upr: tuple[Upr, ...],
                            has_peraturan: bool, has_kop: bool) -> None:
    """One warning per UPR naming the keys a complete Formulir 2.0 still needs, one for
    a missing 2.5 list and one for a missing letterhead."""
    items = doc.get("upr") if isinstance(doc.get("upr"), list) else []
    for i, u in enumerate(upr):
        i = next((j for j, m in enumerate(items) if isinstance(m, dict) and m.get("id") == u.id), i)
        missing = [f"{k} (Formulir {f})" for k, f in _UPR_NEEDS if not getattr(u, k)]
        if not has_peraturan and not u.peraturan_perundangan:
            missing.append("peraturan_perundangan (Formulir 2.5)")
        if missing:
            fc.warning(("upr", i), dg.INCOMPLETE_FORMULIR_2(upr=u.id, missing=", ".join(missing)))
    if not has_kop:
        fc.warning((), dg.NO_KOP())
