"""The context file ``instansi.yaml`` (Formulir 2.x) → ``Konteks`` and its matrix.

Pure; imports the model, vocabulary, problems and the field machinery only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk import vocab
from spbe_risk.load.audit_rules import read_jadwal
from spbe_risk.load.fields import (
    FileCheck,
    did_you_mean,
    document,
    entries,
    found,
    periode_tahun,
    repeat,
    unique_id,
)
from spbe_risk.load.formulir2 import complete_upr, read_kop, read_peraturan, warn_incomplete_context
from spbe_risk.messages import msg
from spbe_risk.model import (
    Konteks,
    Kriteria,
    Matriks,
    SeleraRisiko,
    Upr,
)
from spbe_risk.problems import Problem

# --------------------------------------------------------------------------- context
# Known keys come from the field specification (spec.py), which the JSON Schema shares.
CONTEXT_KEYS = spec.CONTEXT.keys
UPR_KEYS = spec.UPR.keys


def read_context(name: str, raw: bytes, matrices: Mapping[str, Matriks],
                 problems: list[Problem]) -> tuple[Konteks, Matriks] | None:
    doc, fc = document(name, raw, "context", problems)
    if doc is None:
        return None
    fc.known_keys(doc, CONTEXT_KEYS, ())
    instansi = fc.text(doc, "instansi", ())
    periode = periode_tahun(fc, doc, ())
    zona = fc.choice(doc, "zona_waktu", (), tuple(vocab.ZONA_WAKTU))
    mid = fc.text(doc, "matriks", ())
    matriks = matrices.get(mid) if mid else None
    if mid and matriks is None:
        fc.error(("matriks",), dg.UNKNOWN_MATRIX(values=sorted(matrices), found=found(mid),
                                                hint=did_you_mean(mid, matrices)))
    upr = _read_upr(fc, doc)
    kategori = _chosen(fc, doc, "kategori", vocab.KATEGORI_RISIKO, dg.KATEGORI_16)
    area = _chosen(fc, doc, "area_dampak", vocab.AREA_DAMPAK, dg.AREA_7)
    selera = _read_selera(fc, doc, kategori, matriks)
    kk = _read_kriteria(fc, doc, "kriteria_kemungkinan", "kategori", ("*",) + kategori, False)
    kd = _read_kriteria(fc, doc, "kriteria_dampak", "area_dampak", area, True)
    extra: dict[str, Any] = {}
    if "jadwal_audit" in doc:
        extra["jadwal_audit"] = read_jadwal(fc, doc)
    signers = _read_signers(fc, doc)
    if signers:
        extra["penandatangan"] = signers
    kop = read_kop(fc, doc["kop"], ("kop",)) if doc.get("kop") is not None else None
    peraturan = read_peraturan(fc, doc, ())
    if fc.ok:
        warn_incomplete_context(fc, doc, upr, bool(peraturan), kop is not None)
    problems.extend(fc.problems())
    if not fc.ok or matriks is None:
        return None
    return Konteks(instansi=instansi or "", periode=periode or 0, zona_waktu=zona or "",
                   matriks=matriks.id, upr=upr, kategori=kategori, area_dampak=area,
                   selera_risiko=selera, kriteria_kemungkinan=kk, kriteria_dampak=kd,
                   kop=kop, peraturan_perundangan=peraturan, extra=extra), matriks


def _read_upr(fc: FileCheck, doc: dict) -> tuple[Upr, ...]:
    if "upr" not in doc:            # required (spec.CONTEXT)
        fc.require(doc, "upr", ())
    seq = fc.sequence(doc["upr"], ("upr",), "upr") if "upr" in doc else None
    out: list[Upr] = []
    seen: dict = {}
    for p, m in entries(fc, seq, ("upr",), "upr"):
        fc.known_keys(m, UPR_KEYS, p)
        uid = unique_id(fc, m, p, seen, "UPR")
        values = [fc.text(m, k, p) for k in ("nama", "pemilik_risiko", "koordinator_risiko")]
        pengelola = fc.text(m, "pengelola_risiko", p, required=False) or ""
        upr = Upr(uid or "", *(v or "" for v in values), pengelola)
        upr = complete_upr(fc, m, p, upr)
        if uid and None not in values:
            out.append(upr)
    if seq is not None and not seq:
        fc.error(("upr",), dg.NO_UPR())
    return tuple(out)


def _chosen(fc: FileCheck, doc: dict, key: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    values = fc.text_list(doc, key, (), allowed, required=True, what=what)
    seen: dict = {}
    items = doc.get(key)
    for i, v in enumerate(items if isinstance(items, list) else []):
        # text items only (anything else is reported by text_list); names the first one
        repeat(fc, v, (key, i), seen, msg(dg.EACH_VALUE_ONCE), key)
    return values


def _read_selera(fc: FileCheck, doc: dict, kategori: tuple[str, ...],
                 matriks: Matriks | None) -> SeleraRisiko:
    m = fc.mapping(fc.require(doc, "selera_risiko", ()), ("selera_risiko",), "selera_risiko") \
        if "selera_risiko" in doc else None
    if m is None:
        return SeleraRisiko(">=", {})
    p = ("selera_risiko",)
    fc.known_keys(m, spec.SELERA.keys, p)
    aturan = fc.choice(m, "aturan", p, vocab.ATURAN_SELERA, required=False) or ">="
    top = max((max(r) for r in matriks.besaran), default=25) if matriks else 25
    nilai: dict[tuple[str, str], int] = {}
    seq = fc.sequence(m.get("nilai"), p + ("nilai",), "selera_risiko.nilai")
    for i, item in enumerate(seq or []):
        q = p + ("nilai", i)
        e = fc.mapping(item, q, "selera_risiko.nilai")
        if e is None:
            continue
        fc.known_keys(e, spec.SELERA_NILAI.keys, q)
        kat = fc.choice(e, "kategori", q, kategori, what=dg.KATEGORI_CHOSEN)
        jenis = fc.choice(e, "jenis", q, vocab.JENIS_RISIKO)
        minimum = fc.integer(e, "besaran_minimum", q, 1, top, what=dg.BESARAN)
        if kat and jenis and minimum is not None:
            if (kat, jenis) in nilai:
                fc.error(q, dg.SELERA_TWICE(kategori=repr(kat), jenis=jenis))
            nilai[(kat, jenis)] = minimum
    return SeleraRisiko(aturan, nilai)


def _read_kriteria(fc: FileCheck, doc: dict, key: str, subject: str, allowed: tuple[str, ...],
                   with_jenis: bool) -> tuple[Kriteria, ...]:
    if key not in doc:
        return ()
    seq = fc.sequence(doc[key], (key,), key)
    out = []
    for i, item in enumerate(seq or []):
        q = (key, i)
        e = fc.mapping(item, q, key)
        if e is None:
            continue
        fc.known_keys(e, (spec.KRITERIA_DAMPAK if with_jenis else spec.KRITERIA_KEMUNGKINAN).keys, q)
        kunci = fc.choice(e, subject, q, allowed, what=dg.KATEGORI_CHOSEN_IN_CONTEXT
                          if subject == "kategori" else dg.AREA_CHOSEN_IN_CONTEXT)
        jenis = fc.choice(e, "jenis", q, vocab.JENIS_RISIKO) if with_jenis else ""
        lv = fc.mapping(e.get("level"), q + ("level",), f"{key}.level")
        levels: dict[int, str] = {}
        for k, v in (lv or {}).items():
            if not (isinstance(k, int) and 1 <= k <= 10) or not isinstance(v, str):
                fc.error(q + ("level", k) if isinstance(k, str | int) else q,
                         dg.CRITERIA_LEVEL(key=key, found=found(k), value=found(v)))
            else:
                levels[k] = v
        if kunci and jenis is not None:
            out.append(Kriteria(kunci, jenis, levels))
    return tuple(out)


_NIP_DIGITS = 18


def _read_signers(fc: FileCheck, doc: dict) -> dict[str, dict[str, Any]]:
    """``penandatangan`` of the instansi (key ``"*"``) and of each UPR (its id), as plain
    dicts ``{disusun_oleh: {jabatan, nama, nip}, disetujui_oleh: …, tempat}``."""
    out: dict[str, dict[str, Any]] = {}
    if "penandatangan" in doc:
        found_ = _read_penandatangan(fc, doc["penandatangan"], ("penandatangan",))
        if found_ is not None:
            out["*"] = found_
    for i, m in enumerate(doc.get("upr") if isinstance(doc.get("upr"), list) else []):
        if isinstance(m, dict) and "penandatangan" in m and isinstance(m.get("id"), str):
            found_ = _read_penandatangan(fc, m["penandatangan"], ("upr", i, "penandatangan"))
            if found_ is not None:
                out[m["id"]] = found_
    return out


def _read_penandatangan(fc: FileCheck, value: Any, p: tuple) -> dict[str, Any] | None:
    m = fc.mapping(value, p, "penandatangan")
    if m is None:
        return None
    fc.known_keys(m, spec.PENANDATANGAN.keys, p)
    out: dict[str, Any] = {}
    tempat = fc.text(m, "tempat", p, required=False)
    if tempat:
        out["tempat"] = tempat
    for role in ("disusun_oleh", "disetujui_oleh", "koordinator_spbe"):
        if role not in m:
            continue
        q = p + (role,)
        r = fc.mapping(m[role], q, f"penandatangan.{role}")
        if r is None:
            continue
        fc.known_keys(r, spec.PEJABAT.keys, q)
        jabatan = fc.text(r, "jabatan", q)
        nama = fc.text(r, "nama", q, required=False) or ""
        if isinstance(r.get("nip"), int) and not isinstance(r.get("nip"), bool):
            r = {**r, "nip": str(r["nip"])}     # an unquoted NIP is read as a number
        nip = fc.text(r, "nip", q, required=False) or ""
        digits = nip.replace(" ", "")
        if nip and not (digits.isdigit() and digits.isascii() and len(digits) == _NIP_DIGITS):
            fc.error(q + ("nip",), dg.NIP_DIGITS(digits=_NIP_DIGITS, found=found(nip)))
        if jabatan:
            out[role] = {"jabatan": jabatan, "nama": nama, "nip": nip}
    return out
