"""Turn workspace files (bytes) into a validated ``Workspace`` or a list of problems.

Pure: the caller (``sources.py``) reads the files; this module never touches the disk.
All problems of all files are collected before giving up, so one ``check`` run shows a
risk owner everything to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from spbe_risk import vocab
from spbe_risk.model import (
    Aset,
    AturanAudit,
    Inventaris,
    Katalog,
    Konteks,
    Kontrol,
    Kriteria,
    LevelRisiko,
    Matriks,
    Pemantauan,
    Penanganan,
    Penilaian,
    Register,
    Risiko,
    RiwayatAudit,
    SeleraRisiko,
    StatusKontrol,
    TautanKontrol,
    Upr,
    Workspace,
)
from spbe_risk.problems import Problem
from spbe_risk.schema import _ISO_DATE, FileCheck, did_you_mean, found
from spbe_risk.yamlsource import parse

SCHEMA_VERSION = 1
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_PERIODE_PANTAU = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-S([12]))?")


@dataclass(frozen=True)
class LoadResult:
    """The workspace (None when any error was found) and every problem, errors first."""

    workspace: Workspace | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# --------------------------------------------------------------------------- documents
def _document(name: str, raw: bytes, kind: str,
              problems: list[Problem]) -> tuple[dict | None, FileCheck]:
    """Parse one file and check its envelope (``kind``, ``schema_version``)."""
    parsed = parse(name, raw)
    fc = FileCheck(name, parsed.text)
    if parsed.problems:
        problems.extend(parsed.problems)
        return None, fc
    doc = parsed.data
    if not isinstance(doc, dict):
        what = "a list (or several YAML documents)" if isinstance(doc, list) else found(doc)
        fc.error((), f"expected one YAML document holding a mapping with 'kind: {kind}', "
                     f"found {what}")
        problems.extend(fc.problems())
        return None, fc
    got = doc.get("kind")
    if got != kind:
        fc.error(("kind",) if "kind" in doc else (),
                 f"kind: expected '{kind}', found {found(got) if 'kind' in doc else 'no kind'}"
                 f"{did_you_mean(got, [kind])}")
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        fc.error(("schema_version",) if "schema_version" in doc else (),
                 f"schema_version: expected {SCHEMA_VERSION}, found "
                 f"{found(version) if 'schema_version' in doc else 'no schema_version'}")
    if not fc.ok:
        problems.extend(fc.problems())
        return None, fc
    return doc, fc


def _ident(fc: FileCheck, m: dict, key: str, path: tuple) -> str | None:
    value = fc.text(m, key, path)
    if value is not None and not _ID.fullmatch(value):
        fc.error(path + (key,), f"{key}: expected an id of letters, digits, '.', '_' or '-' "
                                f"(at most 64), found {found(value)}")
        return None
    return value


def _entries(fc: FileCheck, seq: list | None, path: tuple, what: str):
    """Each mapping of a list with its key path; other items are reported and skipped."""
    for i, item in enumerate(seq or []):
        q = path + (i,)
        m = fc.mapping(item, q, what)
        if m is not None:
            yield q, m


def _unique_id(fc: FileCheck, m: dict, q: tuple, seen: set[str], what: str) -> str | None:
    """The entry's ``id``, reported when it repeats an earlier one of the same list."""
    ident = _ident(fc, m, "id", q)
    if ident is not None:
        if ident in seen:
            fc.error(q + ("id",), f"id: expected each {what} id once, found '{ident}' again")
        seen.add(ident)
    return ident


def _periode(fc: FileCheck, m: dict, path: tuple) -> int | None:
    value = m.get("periode")
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100:
        return value
    if "periode" not in m:
        fc.error(path, "missing key 'periode': expected a year such as 2026")
    else:
        fc.error(path + ("periode",), f"periode: expected a year 2000..2100, found {found(value)}")
    return None


# --------------------------------------------------------------------------- matrix
MATRIX_KEYS = ("kind", "schema_version", "id", "nama", "source", "confidence", "catatan",
               "kemungkinan", "dampak", "besaran", "level_risiko")


def read_matrix(name: str, raw: bytes, problems: list[Problem]) -> Matriks | None:
    """A matrix file, validated: full grid, monotone cells, bands that tile the range."""
    doc, fc = _document(name, raw, "matrix", problems)
    if doc is None:
        return None
    fc.known_keys(doc, MATRIX_KEYS, ())
    mid = _ident(fc, doc, "id", ())
    nama = fc.text(doc, "nama", ())
    names = {}
    for axis in ("kemungkinan", "dampak"):
        seq = fc.sequence(fc.require(doc, axis, ()), (axis,), axis) if axis in doc else None
        levels: list[str] = []
        for i, item in enumerate(seq or []):
            m = fc.mapping(item, (axis, i), axis)
            if m is None:
                continue
            lvl = fc.integer(m, "level", (axis, i), 1, 10)
            if lvl is not None and lvl != i + 1:
                fc.error((axis, i, "level"), f"level: expected {i + 1} (levels in order from 1), "
                                             f"found {lvl}")
            levels.append(fc.text(m, "nama", (axis, i)) or "")
        names[axis] = tuple(levels)
    nk, nd = len(names.get("kemungkinan", ())), len(names.get("dampak", ()))
    grid: list[tuple[int, ...]] = []
    rows = fc.sequence(fc.require(doc, "besaran", ()), ("besaran",), "besaran") \
        if "besaran" in doc else None
    if rows is not None:
        if len(rows) != nk:
            fc.error(("besaran",), f"besaran: expected {nk} rows (one per kemungkinan level), "
                                   f"found {len(rows)}")
        for i, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != nd or not all(
                    isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in row):
                fc.error(("besaran", i), f"besaran row {i + 1}: expected {nd} positive whole "
                                         f"numbers (one per dampak level), found {found(row)}")
                continue
            grid.append(tuple(row))
    if fc.ok and grid:
        _check_monotone(fc, grid)
    bands = _read_bands(fc, doc)
    if fc.ok and grid and bands:
        _check_bands(fc, grid, bands)
    problems.extend(fc.problems())
    if not fc.ok:
        return None
    return Matriks(id=mid or "", nama=nama or "", kemungkinan=names["kemungkinan"],
                   dampak=names["dampak"], besaran=tuple(grid), level_risiko=bands,
                   source=str(doc.get("source") or ""), confidence=str(doc.get("confidence") or ""))


def _check_monotone(fc: FileCheck, grid: list[tuple[int, ...]]) -> None:
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if j and value < row[j - 1]:
                fc.error(("besaran", i, j), f"besaran[{i + 1}][{j + 1}]: expected ≥ "
                                            f"{row[j - 1]} (non-decreasing along dampak), found {value}")
            if i and value < grid[i - 1][j]:
                fc.error(("besaran", i, j), f"besaran[{i + 1}][{j + 1}]: expected ≥ "
                                            f"{grid[i - 1][j]} (non-decreasing along kemungkinan), "
                                            f"found {value}")


def _read_bands(fc: FileCheck, doc: dict) -> tuple[LevelRisiko, ...]:
    seq = fc.sequence(doc.get("level_risiko"), ("level_risiko",), "level_risiko")
    out = []
    for i, item in enumerate(seq or []):
        m = fc.mapping(item, ("level_risiko", i), "level_risiko")
        if m is None:
            continue
        nama = fc.text(m, "nama", ("level_risiko", i))
        lo = fc.integer(m, "min", ("level_risiko", i), 1, 10_000)
        hi = fc.integer(m, "max", ("level_risiko", i), 1, 10_000)
        warna = fc.text(m, "warna", ("level_risiko", i))
        if None not in (nama, lo, hi, warna):
            out.append(LevelRisiko(nama, lo, hi, warna))
    return tuple(out)


def _check_bands(fc: FileCheck, grid: list[tuple[int, ...]], bands: tuple[LevelRisiko, ...]) -> None:
    values = [v for row in grid for v in row]
    expect = min(values)
    for i, band in enumerate(bands):
        if band.max < band.min:
            fc.error(("level_risiko", i), f"level_risiko '{band.nama}': expected min ≤ max, "
                                          f"found {band.min}..{band.max}")
        if band.min != expect:
            kind = "a gap" if band.min > expect else "an overlap"
            fc.error(("level_risiko", i, "min"), f"level_risiko '{band.nama}': expected min "
                                                 f"{expect}, found {band.min} ({kind} between bands)")
        expect = band.max + 1
    if bands and bands[-1].max < max(values):
        fc.error(("level_risiko", len(bands) - 1, "max"),
                 f"level_risiko '{bands[-1].nama}': expected max ≥ {max(values)} (the largest "
                 f"besaran in the matrix), found {bands[-1].max}")


# --------------------------------------------------------------------------- context
CONTEXT_KEYS = ("kind", "schema_version", "instansi", "periode", "zona_waktu", "matriks", "upr",
                "kategori", "area_dampak", "selera_risiko", "kriteria_kemungkinan",
                "kriteria_dampak", "jadwal_audit")
UPR_KEYS = ("id", "nama", "pemilik_risiko", "koordinator_risiko", "pengelola_risiko")


def read_context(name: str, raw: bytes, matrices: Mapping[str, Matriks],
                 problems: list[Problem]) -> tuple[Konteks, Matriks] | None:
    doc, fc = _document(name, raw, "context", problems)
    if doc is None:
        return None
    fc.known_keys(doc, CONTEXT_KEYS, ())
    instansi = fc.text(doc, "instansi", ())
    periode = _periode(fc, doc, ())
    zona = fc.choice(doc, "zona_waktu", (), tuple(vocab.ZONA_WAKTU))
    mid = fc.text(doc, "matriks", ())
    matriks = matrices.get(mid) if mid else None
    if mid and matriks is None:
        fc.error(("matriks",), f"matriks: expected one of the shipped matrices "
                               f"{', '.join(sorted(matrices))}, found {found(mid)}"
                               f"{did_you_mean(mid, matrices)}")
    upr = _read_upr(fc, doc)
    kategori = _chosen(fc, doc, "kategori", vocab.KATEGORI_RISIKO, "one of the 16 SPBE categories")
    area = _chosen(fc, doc, "area_dampak", vocab.AREA_DAMPAK, "one of the 7 impact areas")
    selera = _read_selera(fc, doc, kategori, matriks)
    kk = _read_kriteria(fc, doc, "kriteria_kemungkinan", "kategori", ("*",) + kategori, False)
    kd = _read_kriteria(fc, doc, "kriteria_dampak", "area_dampak", area, True)
    extra: dict[str, Any] = {}
    if "jadwal_audit" in doc:
        extra["jadwal_audit"] = _read_jadwal(fc, doc)
    problems.extend(fc.problems())
    if not fc.ok or matriks is None:
        return None
    return Konteks(instansi=instansi or "", periode=periode or 0, zona_waktu=zona or "",
                   matriks=matriks.id, upr=upr, kategori=kategori, area_dampak=area,
                   selera_risiko=selera, kriteria_kemungkinan=kk, kriteria_dampak=kd,
                   extra=extra), matriks


def _read_upr(fc: FileCheck, doc: dict) -> tuple[Upr, ...]:
    seq = fc.sequence(fc.require(doc, "upr", ()), ("upr",), "upr") if "upr" in doc else None
    out: list[Upr] = []
    seen: set[str] = set()
    for p, m in _entries(fc, seq, ("upr",), "upr"):
        fc.known_keys(m, UPR_KEYS, p)
        uid = _unique_id(fc, m, p, seen, "UPR")
        values = [fc.text(m, k, p) for k in ("nama", "pemilik_risiko", "koordinator_risiko")]
        pengelola = fc.text(m, "pengelola_risiko", p, required=False) or ""
        if uid and None not in values:
            out.append(Upr(uid, values[0], values[1], values[2], pengelola))  # type: ignore[arg-type]
    if seq is not None and not seq:
        fc.error(("upr",), "upr: expected at least one Unit Pemilik Risiko, found an empty list")
    return tuple(out)


def _chosen(fc: FileCheck, doc: dict, key: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    values = fc.text_list(doc, key, (), allowed, required=True, what=what)
    seen: set[str] = set()
    for i, v in enumerate(doc.get(key) or []):
        if v in seen:
            fc.error((key, i), f"{key}: expected each value once, found '{v}' again")
        seen.add(v)
    return values


def _read_selera(fc: FileCheck, doc: dict, kategori: tuple[str, ...],
                 matriks: Matriks | None) -> SeleraRisiko:
    m = fc.mapping(fc.require(doc, "selera_risiko", ()), ("selera_risiko",), "selera_risiko") \
        if "selera_risiko" in doc else None
    if m is None:
        return SeleraRisiko(">=", {})
    p = ("selera_risiko",)
    fc.known_keys(m, ("aturan", "nilai"), p)
    aturan = fc.choice(m, "aturan", p, vocab.ATURAN_SELERA, required=False) or ">="
    top = max((max(r) for r in matriks.besaran), default=25) if matriks else 25
    nilai: dict[tuple[str, str], int] = {}
    seq = fc.sequence(m.get("nilai"), p + ("nilai",), "selera_risiko.nilai")
    for i, item in enumerate(seq or []):
        q = p + ("nilai", i)
        e = fc.mapping(item, q, "selera_risiko.nilai")
        if e is None:
            continue
        fc.known_keys(e, ("kategori", "jenis", "besaran_minimum"), q)
        kat = fc.choice(e, "kategori", q, kategori, what="a kategori chosen in 'kategori'")
        jenis = fc.choice(e, "jenis", q, vocab.JENIS_RISIKO)
        minimum = fc.integer(e, "besaran_minimum", q, 1, top, what="a besaran")
        if kat and jenis and minimum is not None:
            if (kat, jenis) in nilai:
                fc.error(q, f"selera_risiko: expected one value per kategori × jenis, found "
                            f"'{kat}' × {jenis} again")
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
        fc.known_keys(e, (subject, "jenis", "level") if with_jenis else (subject, "level"), q)
        kunci = fc.choice(e, subject, q, allowed, what=f"a {subject} chosen in instansi.yaml")
        jenis = fc.choice(e, "jenis", q, vocab.JENIS_RISIKO) if with_jenis else ""
        lv = fc.mapping(e.get("level"), q + ("level",), f"{key}.level")
        levels: dict[int, str] = {}
        for k, v in (lv or {}).items():
            if not (isinstance(k, int) and 1 <= k <= 10) or not isinstance(v, str):
                fc.error(q + ("level", k) if isinstance(k, str | int) else q,
                         f"{key}.level: expected 'LEVEL: text' with LEVEL 1..5, "
                         f"found {found(k)}: {found(v)}")
            else:
                levels[k] = v
        if kunci and jenis is not None:
            out.append(Kriteria(kunci, jenis, levels))
    return tuple(out)


# --------------------------------------------------------------------------- audit rules
RULE_KEYS = ("id", "jenis_audit", "jenis_aset", "frekuensi_bulan", "pelaksana", "tanggung_jawab",
             "internal_dulu", "dihitung_dari", "akses_internet", "dasar_hukum", "confidence")


def _read_rules(fc: FileCheck, seq: Any, path: tuple) -> tuple[AturanAudit, ...]:
    items = fc.sequence(seq, path, "aturan")
    out = []
    seen: set[str] = set()
    for q, m in _entries(fc, items, path, "aturan"):
        fc.known_keys(m, RULE_KEYS, q)
        rid = _unique_id(fc, m, q, seen, "rule")
        jenis = fc.choice(m, "jenis_audit", q, vocab.JENIS_AUDIT)
        aset = fc.text_list(m, "jenis_aset", q, vocab.JENIS_ASET, required=True, what="an asset kind")
        freq = fc.integer(m, "frekuensi_bulan", q, 1, 120, what="a number of months")
        pelaksana = fc.text(m, "pelaksana", q)
        tj = fc.choice(m, "tanggung_jawab", q, ("instansi", "nasional"))
        dihitung = fc.choice(m, "dihitung_dari", q, ("semua", "eksternal"), required=False) or "semua"
        akses = m.get("akses_internet")
        if akses is not None and not isinstance(akses, bool):
            fc.error(q + ("akses_internet",), f"akses_internet: expected true or false, found {found(akses)}")
            akses = None
        conf = fc.choice(m, "confidence", q, vocab.CONFIDENCE, required=False) or ""
        if None not in (rid, jenis, freq, pelaksana, tj) and aset:
            out.append(AturanAudit(rid, jenis, aset, freq, pelaksana, tj,  # type: ignore[arg-type]
                                   fc.boolean(m, "internal_dulu", q), dihitung, akses,
                                   fc.text(m, "dasar_hukum", q, required=False) or "", conf))
    return tuple(out)


def read_audit_rules(name: str, raw: bytes, problems: list[Problem]) -> tuple[AturanAudit, ...]:
    doc, fc = _document(name, raw, "audit-rules", problems)
    if doc is None:
        return ()
    fc.known_keys(doc, ("kind", "schema_version", "nama", "catatan", "aturan"), ())
    rules = _read_rules(fc, fc.require(doc, "aturan", ()), ("aturan",)) if "aturan" in doc else ()
    problems.extend(fc.problems())
    return rules if fc.ok else ()


def _read_jadwal(fc: FileCheck, doc: dict) -> dict[str, Any]:
    """instansi.yaml ``jadwal_audit``: warning window and rules that replace or add."""
    p = ("jadwal_audit",)
    m = fc.mapping(doc["jadwal_audit"], p, "jadwal_audit") or {}
    fc.known_keys(m, ("peringatan_hari", "aturan"), p)
    out: dict[str, Any] = {}
    if "peringatan_hari" in m:
        out["peringatan_hari"] = fc.integer(m, "peringatan_hari", p, 1, 3650, what="a number of days")
    if "aturan" in m:
        out["aturan"] = _read_rules(fc, m["aturan"], p + ("aturan",))
    return out


def merge_rules(shipped: tuple[AturanAudit, ...], own: tuple[AturanAudit, ...]
                ) -> tuple[AturanAudit, ...]:
    """Workspace rules replace shipped rules with the same id and add the others."""
    mine = {r.id: r for r in own}
    return tuple(mine.pop(r.id, r) for r in shipped) + tuple(mine.values())


# --------------------------------------------------------------------------- register
REGISTER_KEYS = ("kind", "schema_version", "upr", "periode", "risiko")
RISK_KEYS = ("id", "sasaran", "jenis", "kategori", "kejadian", "penyebab", "uraian_dampak",
             "area_dampak", "pengendalian_ada", "analisis", "penanganan", "pemantauan", "aset",
             "kontrol", "prinsip", "catatan")
PENANGANAN_KEYS = ("opsi", "rencana_aksi", "keluaran", "mulai", "selesai", "penanggung_jawab",
                   "target")
PEMANTAUAN_KEYS = ("periode", "kemungkinan", "dampak", "kondisi", "rekomendasi", "tindak_lanjut",
                   "penanggung_jawab")


@dataclass(frozen=True)
class _Refs:
    """What a register may refer to, from the other workspace files."""

    konteks: Konteks
    matriks: Matriks
    upr_ids: frozenset[str]
    aset_ids: frozenset[str] | None         # None: no inventory in the workspace
    kontrol_ids: frozenset[str]


def read_register(name: str, raw: bytes, refs: _Refs, problems: list[Problem]) -> Register | None:
    doc, fc = _document(name, raw, "register", problems)
    if doc is None:
        return None
    fc.known_keys(doc, REGISTER_KEYS, ())
    upr = fc.text(doc, "upr", ())
    if upr is not None and upr not in refs.upr_ids:
        fc.error(("upr",), f"upr: expected a UPR id listed in instansi.yaml "
                           f"({', '.join(sorted(refs.upr_ids))}), found {found(upr)}"
                           f"{did_you_mean(upr, refs.upr_ids)}")
    periode = _periode(fc, doc, ())
    seq = fc.sequence(fc.require(doc, "risiko", ()), ("risiko",), "risiko") \
        if "risiko" in doc else None
    risks = []
    for i, item in enumerate(seq or []):
        r = _read_risk(fc, item, ("risiko", i), refs, upr or "", periode)
        if r is not None:
            risks.append(r)
    if fc.ok:
        _warn_residual_above_analysis(fc, risks, refs.matriks)
    problems.extend(fc.problems())
    if not fc.ok:
        return None
    return Register(name, upr or "", periode or 0, tuple(risks))


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
                       f"target: expected a residual besaran at most the analysis besaran "
                       f"{before} for a negatif risk, found {after}")


def _level_pair(fc: FileCheck, m: dict, p: tuple, mx: Matriks) -> tuple[int | None, int | None]:
    k = fc.integer(m, "kemungkinan", p, 1, mx.max_kemungkinan, what="a kemungkinan level")
    d = fc.integer(m, "dampak", p, 1, mx.max_dampak, what="a dampak level")
    return k, d


def _read_risk(fc: FileCheck, item: Any, p: tuple, refs: _Refs, upr: str,
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
_LEVEL_KEYS = frozenset(("kemungkinan", "dampak"))
_DATES: dict[str, date] = {}


def _fast_date(value: Any) -> date | None:
    """A cached ISO date, or None when absent; raises ValueError when invalid."""
    if value is None:
        return None
    got = _DATES.get(value) if type(value) is str else None
    if got is None:
        if type(value) is not str or not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        got = _DATES[value] = date.fromisoformat(value)
    return got


def _fast_levels(m: Any, mx: Matriks) -> Penilaian:
    if type(m) is not dict or not m.keys() <= _LEVEL_KEYS:
        raise ValueError(m)
    k, d = m["kemungkinan"], m["dampak"]
    if type(k) is not int or type(d) is not int or not (
            1 <= k <= mx.max_kemungkinan and 1 <= d <= mx.max_dampak):
        raise ValueError(m)
    return Penilaian(k, d)


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


def fast_risk(m: Any, refs: _Refs, upr: str, periode: int, file: str) -> Risiko | None:
    """Build a clean risk without diagnostics, or return None to let the full path explain.

    Registers are large and nearly always clean; this path accepts exactly what
    ``_diagnose_risk`` accepts without a problem (a property test holds them equal) and
    costs a fraction of it. Risks with asset/control/principle links take the full path.
    """
    try:
        if type(m) is not dict or not m.keys() <= _RISK_KEYSET:
            return None
        rid = m["id"]
        if type(rid) is not str or not _ID.fullmatch(rid):
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
                per = _periode_pantau(e["periode"])
                if per is None or per[0] != periode or per[1] in seen:
                    return None
                seen.add(per[1])
                lv = _fast_levels({"kemungkinan": e["kemungkinan"], "dampak": e["dampak"]}, mx)
                items.append(Pemantauan(per[1], lv.kemungkinan, lv.dampak, _opt_text(e, "kondisi"),
                                        _opt_text(e, "rekomendasi")))
            pemantauan = tuple(items)
        return Risiko(rid, upr, periode, _req_text(m, "sasaran"), jenis, kategori,
                      _req_text(m, "kejadian"), _req_text(m, "penyebab"),
                      _req_text(m, "uraian_dampak"), area, _opt_text(m, "pengendalian_ada"),
                      analisis, penanganan, pemantauan, file=file)
    except (KeyError, TypeError, ValueError):
        return None


def _diagnose_risk(fc: FileCheck, item: Any, p: tuple, refs: _Refs, upr: str,
                   periode: int | None) -> Risiko | None:
    m = fc.mapping(item, p, "risiko")
    if m is None:
        return None
    before = len(fc.issues)
    fc.known_keys(m, RISK_KEYS, p)
    rid = _ident(fc, m, "id", p)
    texts = {k: fc.text(m, k, p) for k in ("sasaran", "kejadian", "penyebab", "uraian_dampak")}
    pengendalian = fc.text(m, "pengendalian_ada", p, required=False) or ""
    jenis = fc.choice(m, "jenis", p, vocab.JENIS_RISIKO)
    ktx = refs.konteks
    kategori = _chosen_value(fc, m, "kategori", p, ktx.kategori, vocab.KATEGORI_RISIKO,
                             "kategori (Formulir 2.6)")
    area = _chosen_value(fc, m, "area_dampak", p, ktx.area_dampak, vocab.AREA_DAMPAK,
                         "area_dampak (Formulir 2.7)")
    if kategori and jenis and (kategori, jenis) not in ktx.selera_risiko.nilai:
        fc.error(p + ("kategori",), f"kategori: expected a selera_risiko entry in instansi.yaml "
                                    f"for '{kategori}' × {jenis}, found none")
    analisis = None
    a = fc.mapping(fc.require(m, "analisis", p), p + ("analisis",), "analisis") \
        if "analisis" in m else None
    if a is not None:
        fc.known_keys(a, ("kemungkinan", "dampak"), p + ("analisis",))
        k, d = _level_pair(fc, a, p + ("analisis",), refs.matriks)
        if k and d:
            analisis = Penilaian(k, d)
    penanganan = _read_penanganan(fc, m, p, jenis, refs.matriks) if "penanganan" in m else None
    pemantauan = _read_pemantauan(fc, m, p, periode, refs.matriks)
    aset = _read_refs(fc, m, "aset", p, refs.aset_ids, "an asset id from assets.yaml")
    kontrol = _read_kontrol_links(fc, m, p, refs.kontrol_ids)
    prinsip = fc.text_list(m, "prinsip", p, vocab.PRINSIP, what="a principle of Keamanan SPBE")
    if len(fc.issues) != before or analisis is None or rid is None:
        return None
    return Risiko(id=rid, upr=upr, periode=periode or 0, jenis=jenis or "", kategori=kategori or "",
                  area_dampak=area or "", pengendalian_ada=pengendalian, analisis=analisis,
                  penanganan=penanganan, pemantauan=pemantauan, aset=aset, kontrol=kontrol,
                  prinsip=prinsip, file=fc.name, **texts)  # type: ignore[arg-type]


def _chosen_value(fc: FileCheck, m: dict, key: str, p: tuple, chosen: tuple[str, ...],
                  universe: tuple[str, ...], what: str) -> str | None:
    value = m.get(key)
    if isinstance(value, str) and value in chosen:
        return value
    if key not in m:
        fc.error(p, f"missing key '{key}': expected a {what} chosen in instansi.yaml")
    elif isinstance(value, str) and value in universe:
        fc.error(p + (key,), f"{key}: expected a {what} chosen in instansi.yaml, found "
                             f"'{value}', which instansi.yaml does not choose")
    else:
        fc.error(p + (key,), f"{key}: expected a {what} chosen in instansi.yaml, found "
                             f"{found(value)}{did_you_mean(value, chosen or universe)}")
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
    if "opsi" not in t:
        fc.error(q, "missing key 'opsi': expected a treatment option (opsi penanganan)")
        opsi = None
    elif jenis and opsi not in allowed:
        other = "positif" if jenis == "negatif" else "negatif"
        if opsi in vocab.OPSI_PENANGANAN[other]:
            fc.error(q + ("opsi",), f"opsi: '{opsi}' is an option for {other} risks; this risk is "
                                    f"{jenis}: expected one of {', '.join(allowed)}")
        else:
            fc.error(q + ("opsi",), f"opsi: expected one of {', '.join(allowed)}, found "
                                    f"{found(opsi)}{did_you_mean(opsi, allowed)}")
        opsi = None
    texts = {k: fc.text(t, k, q, required=False) or ""
             for k in ("rencana_aksi", "keluaran", "penanggung_jawab")}
    mulai = fc.iso_date(t, "mulai", q, required=False)
    selesai = fc.iso_date(t, "selesai", q, required=False)
    if mulai and selesai and selesai < mulai:
        fc.error(q + ("selesai",), f"selesai: expected a date on or after mulai {mulai}, "
                                   f"found {selesai}")
    target = None
    if "target" in t:
        g = fc.mapping(t["target"], q + ("target",), "target")
        if g is not None:
            fc.known_keys(g, ("kemungkinan", "dampak"), q + ("target",))
            k, d = _level_pair(fc, g, q + ("target",), mx)
            target = Penilaian(k, d) if k and d else None
    return Penanganan(opsi=opsi or "", mulai=mulai, selesai=selesai, target=target, **texts)


def _periode_pantau(value: Any) -> tuple[int, str] | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    mm = _PERIODE_PANTAU.fullmatch(value)
    return (int(mm.group(1)), value) if mm else None


def _read_pemantauan(fc: FileCheck, m: dict, p: tuple, periode: int | None,
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
        per = _periode_pantau(e.get("periode"))
        if per is None:
            fc.error(q + ("periode",) if "periode" in e else q,
                     f"periode: expected a monitoring period such as 2026-03, 2026-Q1 or "
                     f"2026-S1, found {found(e.get('periode')) if 'periode' in e else 'none'}")
        elif periode and per[0] != periode:
            fc.error(q + ("periode",), f"periode: expected a monitoring period inside the "
                                       f"register's periode {periode}, found '{per[1]}'")
        elif per[1] in seen:
            fc.error(q + ("periode",), f"periode: expected one monitoring entry per period, "
                                       f"found '{per[1]}' again")
        k, d = _level_pair(fc, e, q, mx)
        kondisi = fc.text(e, "kondisi", q, required=False) or ""
        rekomendasi = fc.text(e, "rekomendasi", q, required=False) or ""
        if per and k and d:
            seen.add(per[1])
            out.append(Pemantauan(per[1], k, d, kondisi, rekomendasi))
    return tuple(out)


def _read_refs(fc: FileCheck, m: dict, key: str, p: tuple, known: frozenset[str] | None,
               what: str) -> tuple[str, ...]:
    ids = fc.text_list(m, key, p)
    if ids and known is None:
        fc.error(p + (key,), f"{key}: expected {what}, found links but the workspace has no "
                             f"assets.yaml")
        return ()
    out = []
    for i, ident in enumerate(ids):
        if known is not None and ident not in known:
            fc.error(p + (key, i), f"{key}: expected {what}, found {found(ident)}"
                                   f"{did_you_mean(ident, known)}")
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
        fc.known_keys(e, ("id", "peran"), q)
        cid = fc.text(e, "id", q)
        peran = fc.choice(e, "peran", q, vocab.PERAN_KONTROL)
        if cid is not None and cid not in known:
            fc.error(q + ("id",), f"id: expected a control id from the catalogs in controls/, "
                                  f"found {found(cid)}{did_you_mean(cid, known)}")
        elif cid and peran:
            out.append(TautanKontrol(cid, peran))
    return tuple(out)


# --------------------------------------------------------------------------- inventory
INVENTORY_KEYS = ("kind", "schema_version", "kontrol_instansi", "aset")
ASET_KEYS = ("id", "nama", "jenis", "platform", "upr", "operator", "beroperasi_sejak",
             "klasifikasi_data", "akses_internet", "uraian", "kontrol", "riwayat_audit")
AUDIT_KEYS = ("jenis_audit", "tanggal", "auditor", "pelaksana", "hasil", "bundel")


def read_inventory(name: str, raw: bytes, upr_ids: frozenset[str], kontrol_ids: frozenset[str],
                   problems: list[Problem]) -> Inventaris | None:
    doc, fc = _document(name, raw, "inventory", problems)
    if doc is None:
        return None
    fc.known_keys(doc, INVENTORY_KEYS, ())
    instansi_wide = _read_statuses(fc, doc, "kontrol_instansi", (), kontrol_ids)
    seq = fc.sequence(fc.require(doc, "aset", ()), ("aset",), "aset") if "aset" in doc else None
    out: list[Aset] = []
    seen: set[str] = set()
    for i, item in enumerate(seq or []):
        a = _read_aset(fc, item, ("aset", i), upr_ids, kontrol_ids)
        if a is None:
            continue
        if a.id in seen:
            fc.error(("aset", i, "id"), f"id: expected each asset id once, found '{a.id}' again")
        seen.add(a.id)
        out.append(a)
    problems.extend(fc.problems())
    return Inventaris(instansi_wide, tuple(out)) if fc.ok else None


def _read_statuses(fc: FileCheck, m: dict, key: str, p: tuple,
                   kontrol_ids: frozenset[str]) -> dict[str, StatusKontrol]:
    """A ``{control id: {status, justifikasi}}`` mapping (per asset or instansi-wide)."""
    out: dict[str, StatusKontrol] = {}
    ctl = fc.mapping(m[key], p + (key,), key) if m.get(key) else {}
    for cid, st in (ctl or {}).items():
        q = p + (key, cid)
        if cid not in kontrol_ids:
            fc.error(q, f"{key}: expected a control id from the catalogs in controls/, "
                        f"found {found(cid)}{did_you_mean(cid, kontrol_ids)}", on_key=True)
            continue
        e = fc.mapping(st, q, f"{key} {cid}")
        if e is None:
            continue
        fc.known_keys(e, ("status", "justifikasi"), q)
        status = fc.choice(e, "status", q, vocab.STATUS_KONTROL)
        just = fc.text(e, "justifikasi", q, required=False) or ""
        if status == "tidak-berlaku" and not just:
            fc.error(q, f"{key} {cid}: expected a justifikasi for status tidak-berlaku "
                        f"(Statement of Applicability), found none")
        if status:
            out[cid] = StatusKontrol(status, just)
    return out


def _read_aset(fc: FileCheck, item: Any, p: tuple, upr_ids: frozenset[str],
               kontrol_ids: frozenset[str]) -> Aset | None:
    m = fc.mapping(item, p, "aset")
    if m is None:
        return None
    before = len(fc.issues)
    fc.known_keys(m, ASET_KEYS, p)
    aid = _ident(fc, m, "id", p)
    nama = fc.text(m, "nama", p)
    jenis = fc.choice(m, "jenis", p, vocab.JENIS_ASET)
    upr = fc.text(m, "upr", p)
    if upr is not None and upr not in upr_ids:
        fc.error(p + ("upr",), f"upr: expected a UPR id listed in instansi.yaml, found "
                               f"{found(upr)}{did_you_mean(upr, upr_ids)}")
    sejak = fc.iso_date(m, "beroperasi_sejak", p)
    platform = fc.text_list(m, "platform", p, vocab.PLATFORM)
    if jenis in vocab.JENIS_APLIKASI and not platform:
        fc.error(p, "missing key 'platform': expected web, mobile and/or desktop for an "
                    "application")
    klas = fc.choice(m, "klasifikasi_data", p, vocab.KLASIFIKASI_DATA, required=False) or ""
    kontrol = _read_statuses(fc, m, "kontrol", p, kontrol_ids)
    riwayat = []
    hist = fc.sequence(m["riwayat_audit"], p + ("riwayat_audit",), "riwayat_audit") \
        if m.get("riwayat_audit") is not None and "riwayat_audit" in m else []
    for j, h in enumerate(hist or []):
        q = p + ("riwayat_audit", j)
        e = fc.mapping(h, q, "riwayat_audit")
        if e is None:
            continue
        fc.known_keys(e, AUDIT_KEYS, q)
        ja = fc.choice(e, "jenis_audit", q, vocab.JENIS_AUDIT)
        tgl = fc.iso_date(e, "tanggal", q)
        auditor = fc.text(e, "auditor", q)
        pel = fc.choice(e, "pelaksana", q, vocab.PELAKSANA_AUDIT, required=False) or "internal"
        hasil = fc.text(e, "hasil", q, required=False) or ""
        bundel = fc.text(e, "bundel", q, required=False) or ""
        if sejak and tgl and tgl < sejak:
            fc.warning(q + ("tanggal",), f"tanggal: expected a date on or after beroperasi_sejak "
                                         f"{sejak}, found {tgl}")
        if ja and tgl and auditor:
            riwayat.append(RiwayatAudit(ja, tgl, auditor, pel, hasil, bundel))
    if len([x for x in fc.issues[before:] if x[3] == "error"]) or None in (aid, nama, jenis, sejak):
        return None
    return Aset(id=aid, nama=nama, jenis=jenis, upr=upr or "", beroperasi_sejak=sejak,  # type: ignore[arg-type]
                platform=platform, operator=fc.text(m, "operator", p, required=False) or "",
                klasifikasi_data=klas, akses_internet=fc.boolean(m, "akses_internet", p),
                uraian=fc.text(m, "uraian", p, required=False) or "", kontrol=kontrol,
                riwayat_audit=tuple(sorted(riwayat, key=lambda r: r.tanggal)))


# --------------------------------------------------------------------------- catalog
CATALOG_KEYS = ("kind", "schema_version", "katalog", "kontrol")
KONTROL_KEYS = ("id", "judul", "judul_en", "pernyataan", "fungsi", "prinsip", "berlaku_untuk",
                "platform", "area_audit", "bukti_umum", "source", "confidence", "references")


def read_catalog(name: str, raw: bytes, problems: list[Problem]) -> Katalog | None:
    doc, fc = _document(name, raw, "catalog", problems)
    if doc is None:
        return None
    fc.known_keys(doc, CATALOG_KEYS, ())
    head = fc.mapping(fc.require(doc, "katalog", ()), ("katalog",), "katalog") \
        if "katalog" in doc else None
    head = head or {}
    q = ("katalog",)
    kid = _ident(fc, head, "id", q) if head else None
    nama = fc.text(head, "nama", q) if head else None
    dasar = fc.text(head, "dasar_hukum", q, required=False) or ""
    conf = fc.choice(head, "confidence", q, vocab.CONFIDENCE) if head else None
    catatan = fc.text(head, "catatan", q, required=False) or ""
    seq = fc.sequence(fc.require(doc, "kontrol", ()), ("kontrol",), "kontrol") \
        if "kontrol" in doc else None
    items = []
    for i, item in enumerate(seq or []):
        k = _read_kontrol(fc, item, ("kontrol", i), kid or "")
        if k is not None:
            items.append(k)
    problems.extend(fc.problems())
    if not fc.ok:
        return None
    return Katalog(kid or "", nama or "", dasar, conf or "", catatan, tuple(items), name)


def _read_kontrol(fc: FileCheck, item: Any, p: tuple, katalog: str) -> Kontrol | None:
    m = fc.mapping(item, p, "kontrol")
    if m is None:
        return None
    before = len(fc.issues)
    fc.known_keys(m, KONTROL_KEYS, p)
    cid = _ident(fc, m, "id", p)
    texts = {k: fc.text(m, k, p) for k in ("judul", "judul_en", "pernyataan", "fungsi")}
    prinsip = fc.text_list(m, "prinsip", p, vocab.PRINSIP, required=True,
                           what="a principle of Keamanan SPBE")
    if "prinsip" in m and not prinsip and len(fc.issues) == before:
        fc.error(p + ("prinsip",), "prinsip: expected at least one of the five principles, "
                                   "found an empty list")
    berlaku = fc.text_list(m, "berlaku_untuk", p, vocab.JENIS_ASET, required=True,
                           what="an asset kind")
    platform = fc.text_list(m, "platform", p, vocab.PLATFORM)
    area = fc.choice(m, "area_audit", p, vocab.AREA_AUDIT)
    bukti = fc.text_list(m, "bukti_umum", p, required=True)
    source = m.get("source")
    if not isinstance(source, dict | str):
        fc.error(p + ("source",) if "source" in m else p,
                 f"source: expected the regulation reference, found "
                 f"{found(source) if 'source' in m else 'none'}")
    conf = fc.choice(m, "confidence", p, vocab.CONFIDENCE)
    refs = m.get("references") or {}
    if not isinstance(refs, dict):
        fc.error(p + ("references",), f"references: expected a mapping, found {found(refs)}")
    if len(fc.issues) != before:
        return None
    return Kontrol(id=cid, katalog=katalog, prinsip=prinsip, berlaku_untuk=berlaku,  # type: ignore[arg-type]
                   area_audit=area, bukti_umum=bukti,  # type: ignore[arg-type]
                   source=source if isinstance(source, dict) else {"teks": source},
                   confidence=conf, references=refs, platform=platform, **texts)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- workspace
@dataclass(frozen=True)
class SourceFiles:
    """The bytes of every file a workspace load reads, keyed by display name.

    ``context``/``inventory`` are single files (None when absent); ``registers`` maps
    each register's name to its bytes; ``matrices`` and ``catalogs`` come from
    ``controls/`` (shipped, or the workspace's own).
    """

    root: str
    context: tuple[str, bytes] | None
    registers: Mapping[str, bytes]
    inventory: tuple[str, bytes] | None = None
    matrices: Mapping[str, bytes] = None  # type: ignore[assignment]
    catalogs: Mapping[str, bytes] = None  # type: ignore[assignment]
    audit_rules: Mapping[str, bytes] = None  # type: ignore[assignment]


def load_catalogs(files: Mapping[str, bytes], problems: list[Problem]) -> tuple[Katalog, ...]:
    """Every catalog, plus a check that control ids are unique across all of them."""
    out = []
    first: dict[str, str] = {}
    for name in sorted(files):
        kat = read_catalog(name, files[name], problems)
        if kat is None:
            continue
        dup = [k for k in kat.kontrol if k.id in first]
        if dup:
            fc = FileCheck(name, files[name].decode("utf-8", "replace"))
            for i, k in enumerate(kat.kontrol):
                if k.id in first:
                    fc.error(("kontrol", i, "id"), f"id: expected control ids unique across all "
                                                   f"catalogs, found '{k.id}' also in {first[k.id]}")
            problems.extend(fc.problems())
            continue
        first.update({k.id: name for k in kat.kontrol})
        out.append(kat)
    return tuple(out)


def load_matrices(files: Mapping[str, bytes], problems: list[Problem]) -> dict[str, Matriks]:
    out = {}
    for name in sorted(files):
        mx = read_matrix(name, files[name], problems)
        if mx is not None:
            out[mx.id] = mx
    return out


def load_workspace(src: SourceFiles) -> LoadResult:
    """Validate every file of a workspace; a Workspace only when there is no error."""
    problems: list[Problem] = []
    matrices = load_matrices(src.matrices or {}, problems)
    katalog = load_catalogs(src.catalogs or {}, problems)
    if src.context is None:
        problems.append(Problem(f"{src.root}/instansi.yaml", 0, 0,
                                "expected the context file instansi.yaml (Formulir 2.x), "
                                "found no such file"))
        return LoadResult(None, tuple(sorted(problems)))
    ctx = read_context(*src.context, matrices, problems)
    if ctx is None:
        return LoadResult(None, tuple(sorted(problems)))
    konteks, matriks = ctx
    upr_ids = frozenset(u.id for u in konteks.upr)
    kontrol_ids = frozenset(k.id for kat in katalog for k in kat.kontrol)
    inventaris = Inventaris({}, ())
    aset_ids: frozenset[str] | None = None
    if src.inventory is not None:
        inventaris = read_inventory(*src.inventory, upr_ids, kontrol_ids, problems) or inventaris
        aset_ids = frozenset(a.id for a in inventaris.aset)
    refs = _Refs(konteks, matriks, upr_ids, aset_ids, kontrol_ids)
    registers = []
    for name in sorted(src.registers):
        reg = read_register(name, src.registers[name], refs, problems)
        if reg is not None:
            registers.append(reg)
    _check_unique_risk_ids(src, registers, problems)
    shipped_rules: tuple[AturanAudit, ...] = ()
    for name in sorted(src.audit_rules or {}):
        shipped_rules += read_audit_rules(name, src.audit_rules[name], problems)
    jadwal = konteks.extra.get("jadwal_audit", {})
    rules = merge_rules(shipped_rules, jadwal.get("aturan", ()))
    if any(p.severity == "error" for p in problems):
        return LoadResult(None, tuple(sorted(problems)))
    ws = Workspace(src.root, konteks, matriks, tuple(registers), inventaris.aset, katalog,
                   inventaris.kontrol_instansi, rules, jadwal.get("peringatan_hari") or 90)
    return LoadResult(ws, tuple(sorted(problems)))


def _check_unique_risk_ids(src: SourceFiles, registers: list[Register],
                           problems: list[Problem]) -> None:
    first: dict[str, str] = {}
    for reg in registers:
        seen_here: set[str] = set()
        dups = []
        for i, r in enumerate(reg.risiko):
            if r.id in first or r.id in seen_here:
                dups.append((i, r.id, first.get(r.id, reg.file)))
            seen_here.add(r.id)
        if dups:    # only a file with duplicates is decoded again, to locate them
            fc = FileCheck(reg.file, src.registers[reg.file].decode("utf-8", "replace"))
            for i, rid, where in dups:
                fc.error(("risiko", i, "id"), f"id: expected risk ids unique across the "
                                              f"workspace, found '{rid}' also in {where}")
            problems.extend(fc.problems())
        for r in reg.risiko:
            first.setdefault(r.id, reg.file)
