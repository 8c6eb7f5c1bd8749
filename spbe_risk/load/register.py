"""Register files (``risks/*.yaml``, Formulir 3.0–5.0) → ``Register``.

Two paths side by side: ``fast_risk`` builds a clean risk without diagnostics (the common
case, and most of the load time at scale); ``_diagnose_risk`` runs on a record the fast
path refuses and reports every problem with its key path. A test keeps them equal.

Pure; imports the model, vocabulary, problems and the field machinery only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk import vocab
from spbe_risk.load.fields import (
    ID_PATTERN,
    FileCheck,
    did_you_mean,
    document,
    found,
    iso_date,
    periode_tahun,
    read_id,
)
from spbe_risk.load.pemantauan import (
    PEMANTAUAN_TEXTS,
    periode_pantau,
    read_pemantauan,
    warn_incomplete_risks,
)
from spbe_risk.messages import msg
from spbe_risk.model import (
    Konteks,
    Matriks,
    Pemantauan,
    Penanganan,
    Penilaian,
    Register,
    Risiko,
    TautanKontrol,
)
from spbe_risk.problems import Problem

# --------------------------------------------------------------------------- register
# Known keys come from the field specification (spec.py), which the JSON Schema shares.
REGISTER_KEYS = spec.REGISTER.keys
RISK_KEYS = spec.RISIKO.keys
PENANGANAN_KEYS = spec.PENANGANAN.keys
PEMANTAUAN_KEYS = spec.PEMANTAUAN.keys
LEVEL_KEYS = spec.PENILAIAN.keys
LINK_KEYS = spec.TAUTAN_KONTROL.keys


@dataclass(frozen=True)
class Refs:
    """What a register may refer to, from the other workspace files."""

    konteks: Konteks
    matriks: Matriks
    upr_ids: frozenset[str]
    aset_ids: frozenset[str] | None         # None: no inventory in the workspace
    kontrol_ids: frozenset[str]


def read_register(name: str, raw: bytes, refs: Refs, problems: list[Problem],
                  ids: list[tuple[str, int, str]] | None = None) -> Register | None:
    """One register, or None when it has an error (all its problems go to ``problems``).

    ``ids`` collects ``(file, index, id)`` of every risk entry holding a text id, valid
    or not, so the workspace checks ids across records even in a file with errors.
    """
    doc, fc = document(name, raw, "register", problems)
    if doc is None:
        return None
    fc.known_keys(doc, REGISTER_KEYS, ())
    upr = fc.text(doc, "upr", ())
    if upr is not None and upr not in refs.upr_ids:
        fc.error(("upr",), dg.UPR_NOT_LISTED(values=sorted(refs.upr_ids), found=found(upr),
                                            hint=did_you_mean(upr, refs.upr_ids)))
    periode = periode_tahun(fc, doc, ())
    laporan = fc.choice(doc, "jenis_laporan", (), vocab.JENIS_LAPORAN, required=False)
    seq = fc.sequence(fc.require(doc, "risiko", ()), ("risiko",), "risiko") \
        if "risiko" in doc else None
    risks = []
    for i, item in enumerate(seq or []):
        if ids is not None and type(item) is dict and type(item.get("id")) is str:
            ids.append((name, i, item["id"]))
        r = _read_risk(fc, item, ("risiko", i), refs, upr or "", periode)
        if r is not None:
            risks.append(r)
    if fc.ok:
        _warn_residual_above_analysis(fc, risks, refs.matriks)
        warn_incomplete_risks(fc, risks, refs.konteks, upr or "")
    problems.extend(fc.problems())
    if not fc.ok:
        return None
    return Register(name, upr or "", periode or 0, tuple(risks), laporan or "")


def _warn_residual_above_analysis(fc: FileCheck, risks: list[Risiko], mx: Matriks) -> None:
    """A treatment that leaves a threat (negatif) worse than before is almost always a
    slip in the form: said once, as a warning, at the target."""
    grid = mx.besaran
    for i, r in enumerate(risks):
        target = r.penanganan.target if r.penanganan else None
        if r.jenis != "negatif" or target is None:
            continue
        before = grid[r.analisis.kemungkinan - 1][r.analisis.dampak - 1]
        after = grid[target.kemungkinan - 1][target.dampak - 1]
        if after > before:
            fc.warning(("risiko", i, "penanganan", "target"),
                       dg.RESIDUAL_ABOVE_ANALYSIS(before=before, after=after))


def _level_pair(fc: FileCheck, m: dict, p: tuple, mx: Matriks) -> tuple[int | None, int | None]:
    k = fc.integer(m, "kemungkinan", p, 1, mx.max_kemungkinan, what=dg.LEVEL_KEMUNGKINAN)
    d = fc.integer(m, "dampak", p, 1, mx.max_dampak, what=dg.LEVEL_DAMPAK)
    return k, d


def _read_risk(fc: FileCheck, item: Any, p: tuple, refs: Refs, upr: str,
               periode: int | None) -> Risiko | None:
    """A risk through the fast path when it is clean, else through the full diagnosis."""
    if periode is not None:
        fast = fast_risk(item, refs, upr, periode, fc.name)
        if fast is not None:
            return fast
    return _diagnose_risk(fc, item, p, refs, upr, periode)


_RISK_KEYSET = frozenset(RISK_KEYS) - {"aset", "kontrol", "prinsip"}
_PENANGANAN_KEYSET = frozenset(PENANGANAN_KEYS)
_PEMANTAUAN_KEYSET = frozenset(PEMANTAUAN_KEYS)
_LEVEL_KEYS = frozenset(LEVEL_KEYS)
_DATES: dict[str, date] = {}


def _fast_date(value: Any) -> date | None:
    """A cached ISO date, or None when absent; raises ValueError when invalid."""
    if value is None:
        return None
    got = _DATES.get(value) if type(value) is str else None
    if got is None:
        got = iso_date(value)
        if got is None:
            raise ValueError(value)
        _DATES[value] = got
    return got


_LEVELS: dict[tuple[int, int, int, int], Penilaian] = {}


def _fast_levels(m: Any, mx: Matriks) -> Penilaian:
    if type(m) is not dict or not m.keys() <= _LEVEL_KEYS:
        raise ValueError(m)
    return _level_pair_fast(m["kemungkinan"], m["dampak"], mx)


def _level_pair_fast(k: Any, d: Any, mx: Matriks) -> Penilaian:
    """A shared (immutable) Penilaian per cell; ValueError unless both are in range ints."""
    if type(k) is not int or type(d) is not int:
        raise ValueError((k, d))
    key = (k, d, len(mx.kemungkinan), len(mx.dampak))
    got = _LEVELS.get(key)
    if got is None:
        if not (1 <= k <= key[2] and 1 <= d <= key[3]):
            raise ValueError((k, d))
        got = _LEVELS[key] = Penilaian(k, d)
    return got


def _opt_text(m: dict, key: str) -> str:
    value = m.get(key)
    if value is None:
        return ""
    if type(value) is not str:
        raise ValueError(value)
    return value


def _req_text(m: dict, key: str) -> str:
    value = m[key]
    if type(value) is not str or not value.strip():
        raise ValueError(value)
    return value


def fast_risk(m: Any, refs: Refs, upr: str, periode: int, file: str) -> Risiko | None:
    """Build a clean risk without diagnostics, or return None to let the full path explain.

    Registers are large and nearly always clean; this path accepts exactly what
    ``_diagnose_risk`` accepts without a problem (a property test holds them equal) and
    costs a fraction of it. Risks with asset/control/principle links take the full path.
    """
    try:
        if type(m) is not dict or not m.keys() <= _RISK_KEYSET:
            return None
        rid = m["id"]
        if type(rid) is not str or not ID_PATTERN.fullmatch(rid):
            return None
        jenis, kategori, area = m["jenis"], m["kategori"], m["area_dampak"]
        ktx = refs.konteks
        if (jenis not in vocab.JENIS_RISIKO or kategori not in ktx.kategori
                or area not in ktx.area_dampak or (kategori, jenis) not in ktx.selera_risiko.nilai):
            return None
        mx = refs.matriks
        analisis = _fast_levels(m["analisis"], mx)
        penanganan = None
        if "penanganan" in m:
            t = m["penanganan"]
            if type(t) is not dict or not t.keys() <= _PENANGANAN_KEYSET:
                return None
            if t["opsi"] not in vocab.OPSI_PENANGANAN[jenis]:
                return None
            mulai, selesai = _fast_date(t.get("mulai")), _fast_date(t.get("selesai"))
            if mulai and selesai and selesai < mulai:
                return None
            target = _fast_levels(t["target"], mx) if "target" in t else None
            penanganan = Penanganan(t["opsi"], _opt_text(t, "rencana_aksi"), _opt_text(t, "keluaran"),
                                    mulai, selesai, _opt_text(t, "penanggung_jawab"), target)
        pemantauan: tuple[Pemantauan, ...] = ()
        pm = m.get("pemantauan")
        if pm is not None:
            if type(pm) is not list:
                return None
            seen = set()
            items = []
            for e in pm:
                if type(e) is not dict or not e.keys() <= _PEMANTAUAN_KEYSET:
                    return None
                per = periode_pantau(e["periode"])
                if per is None or per[0] != periode or per[1] in seen:
                    return None
                seen.add(per[1])
                lv = _level_pair_fast(e["kemungkinan"], e["dampak"], mx)
                items.append(Pemantauan(per[1], lv.kemungkinan, lv.dampak,
                                        **{k: _opt_text(e, k) for k in PEMANTAUAN_TEXTS}))
            pemantauan = tuple(items)
        return Risiko(rid, upr, periode, _req_text(m, "sasaran"), jenis, kategori,
                      _req_text(m, "kejadian"), _req_text(m, "penyebab"),
                      _req_text(m, "uraian_dampak"), area, _opt_text(m, "pengendalian_ada"),
                      analisis, penanganan, pemantauan, file=file,
                      indikator_kinerja=_opt_text(m, "indikator_kinerja"))
    except (KeyError, TypeError, ValueError):
        return None


def _diagnose_risk(fc: FileCheck, item: Any, p: tuple, refs: Refs, upr: str,
                   periode: int | None) -> Risiko | None:
    m = fc.mapping(item, p, "risiko")
    if m is None:
        return None
    before = fc.recorded
    fc.known_keys(m, RISK_KEYS, p)
    rid = read_id(fc, m, "id", p)
    texts = {k: fc.text(m, k, p) for k in ("sasaran", "kejadian", "penyebab", "uraian_dampak")}
    pengendalian = fc.text(m, "pengendalian_ada", p, required=False) or ""
    indikator = fc.text(m, "indikator_kinerja", p, required=False) or ""
    jenis = fc.choice(m, "jenis", p, vocab.JENIS_RISIKO)
    ktx = refs.konteks
    kategori = _chosen_value(fc, m, "kategori", p, ktx.kategori, vocab.KATEGORI_RISIKO,
                             dg.KATEGORI_FORM)
    area = _chosen_value(fc, m, "area_dampak", p, ktx.area_dampak, vocab.AREA_DAMPAK,
                         dg.AREA_FORM)
    if kategori and jenis and (kategori, jenis) not in ktx.selera_risiko.nilai:
        fc.error(p + ("kategori",), dg.NO_SELERA(kategori=kategori, jenis=jenis))
    analisis = None
    if "analisis" in m:
        a = fc.mapping(m["analisis"], p + ("analisis",), "analisis")
    else:   # required (spec.RISIKO): a risk without its analysis is an error, not dropped
        fc.require(m, "analisis", p)
        a = None
    if a is not None:
        fc.known_keys(a, LEVEL_KEYS, p + ("analisis",))
        k, d = _level_pair(fc, a, p + ("analisis",), refs.matriks)
        if k and d:
            analisis = Penilaian(k, d)
    penanganan = _read_penanganan(fc, m, p, jenis, refs.matriks) if "penanganan" in m else None
    pemantauan = read_pemantauan(fc, m, p, periode, refs.matriks)
    aset = _read_refs(fc, m, "aset", p, refs.aset_ids, msg(dg.ASSET_ID))
    kontrol = _read_kontrol_links(fc, m, p, refs.kontrol_ids)
    prinsip = fc.text_list(m, "prinsip", p, vocab.PRINSIP, what=dg.PRINCIPLE)
    if fc.recorded != before or analisis is None or rid is None:
        return None
    return Risiko(id=rid, upr=upr, periode=periode or 0, jenis=jenis or "", kategori=kategori or "",
                  area_dampak=area or "", pengendalian_ada=pengendalian, analisis=analisis,
                  penanganan=penanganan, pemantauan=pemantauan, aset=aset, kontrol=kontrol,
                  prinsip=prinsip, file=fc.name, indikator_kinerja=indikator,
                  **texts)  # type: ignore[arg-type]


def _chosen_value(fc: FileCheck, m: dict, key: str, p: tuple, chosen: tuple[str, ...],
                  universe: tuple[str, ...], what: str) -> str | None:
    value = m.get(key)
    if isinstance(value, str) and value in chosen:
        return value
    if key not in m:
        fc.error(p, dg.MISSING_CHOSEN(key=key, what=msg(what)))
    elif isinstance(value, str) and value in universe:
        fc.error(p + (key,), dg.NOT_CHOSEN(key=key, what=msg(what), value=value))
    else:
        fc.error(p + (key,), dg.UNKNOWN_CHOSEN(key=key, what=msg(what), found=found(value),
                                              hint=did_you_mean(value, chosen or universe)))
    return None


def _read_penanganan(fc: FileCheck, m: dict, p: tuple, jenis: str | None,
                     mx: Matriks) -> Penanganan | None:
    q = p + ("penanganan",)
    t = fc.mapping(m["penanganan"], q, "penanganan")
    if t is None:
        return None
    fc.known_keys(t, PENANGANAN_KEYS, q)
    opsi = t.get("opsi")
    allowed = vocab.OPSI_PENANGANAN.get(jenis or "", ())
    every = tuple(dict.fromkeys(o for opts in vocab.OPSI_PENANGANAN.values() for o in opts))
    if "opsi" not in t:
        fc.error(q, dg.MISSING_OPSI())
        opsi = None
    elif not jenis and opsi not in every:
        # the risk's jenis is wrong too (reported there): the option is still checked
        fc.error(q + ("opsi",), dg.UNKNOWN_OPSI(values=every, found=found(opsi),
                                               hint=did_you_mean(opsi, every)))
        opsi = None
    elif jenis and opsi not in allowed:
        other = "positif" if jenis == "negatif" else "negatif"
        if opsi in vocab.OPSI_PENANGANAN[other]:
            fc.error(q + ("opsi",), dg.OPSI_OF_OTHER_JENIS(opsi=opsi, other=other, jenis=jenis,
                                                          values=allowed))
        else:
            fc.error(q + ("opsi",), dg.OPSI_NOT_ALLOWED(values=allowed, found=found(opsi),
                                                       hint=did_you_mean(opsi, allowed)))
        opsi = None
    texts = {k: fc.text(t, k, q, required=False) or ""
             for k in ("rencana_aksi", "keluaran", "penanggung_jawab")}
    mulai = fc.iso_date(t, "mulai", q, required=False)
    selesai = fc.iso_date(t, "selesai", q, required=False)
    if mulai and selesai and selesai < mulai:
        fc.error(q + ("selesai",), dg.SELESAI_BEFORE_MULAI(mulai=mulai, selesai=selesai))
    target = None
    if "target" in t:
        g = fc.mapping(t["target"], q + ("target",), "target")
        if g is not None:
            fc.known_keys(g, LEVEL_KEYS, q + ("target",))
            k, d = _level_pair(fc, g, q + ("target",), mx)
            target = Penilaian(k, d) if k and d else None
    return Penanganan(opsi=opsi or "", mulai=mulai, selesai=selesai, target=target, **texts)


def _read_refs(fc: FileCheck, m: dict, key: str, p: tuple, known: frozenset[str] | None,
               what: str) -> tuple[str, ...]:
    ids = fc.text_list(m, key, p)
    if ids and known is None:
        fc.error(p + (key,), dg.LINKS_WITHOUT_ASSETS(key=key, what=what))
        return ()
    out = []
    for i, ident in enumerate(ids):
        if known is not None and ident not in known:
            fc.error(p + (key, i), dg.UNKNOWN_REF(key=key, what=what, found=found(ident),
                                                 hint=did_you_mean(ident, known)))
        else:
            out.append(ident)
    return tuple(out)


def _read_kontrol_links(fc: FileCheck, m: dict, p: tuple,
                        known: frozenset[str]) -> tuple[TautanKontrol, ...]:
    if "kontrol" not in m or m["kontrol"] is None:
        return ()
    seq = fc.sequence(m["kontrol"], p + ("kontrol",), "kontrol")
    out = []
    for i, item in enumerate(seq or []):
        q = p + ("kontrol", i)
        e = fc.mapping(item, q, "kontrol")
        if e is None:
            continue
        fc.known_keys(e, LINK_KEYS, q)
        cid = fc.text(e, "id", q)
        peran = fc.choice(e, "peran", q, vocab.PERAN_KONTROL)
        if cid is not None and cid not in known:
            fc.error(q + ("id",), dg.UNKNOWN_CONTROL(key="id", found=found(cid),
                                                    hint=did_you_mean(cid, known)))
        elif cid and peran:
            out.append(TautanKontrol(cid, peran))
    return tuple(out)
