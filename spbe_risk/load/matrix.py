"""Matrix files (``controls/matrices/*.yaml``) → a validated ``Matriks``: full grid,
monotone cells, level bands tiling the range.

Pure; imports the model, problems and the field-checking machinery only.
"""

from __future__ import annotations

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk.load.fields import FileCheck, document, found, read_id
from spbe_risk.messages import msg
from spbe_risk.model import LevelRisiko, Matriks
from spbe_risk.problems import Problem

# --------------------------------------------------------------------------- matrix
# Known keys come from the field specification (spec.py), which the JSON Schema shares.
MATRIX_KEYS = spec.MATRIX.keys


def read_matrix(name: str, raw: bytes, problems: list[Problem]) -> Matriks | None:
    """A matrix file, validated: full grid, monotone cells, bands that tile the range."""
    doc, fc = document(name, raw, "matrix", problems)
    if doc is None:
        return None
    fc.known_keys(doc, MATRIX_KEYS, ())
    mid = read_id(fc, doc, "id", ())
    nama = fc.text(doc, "nama", ())
    names = {}
    for axis in ("kemungkinan", "dampak"):
        if axis not in doc:         # required (spec.MATRIX)
            fc.require(doc, axis, ())
        seq = fc.sequence(doc[axis], (axis,), axis) if axis in doc else None
        levels: list[str] = []
        for i, item in enumerate(seq or []):
            m = fc.mapping(item, (axis, i), axis)
            if m is None:
                continue
            lvl = fc.integer(m, "level", (axis, i), 1, 10)
            if lvl is not None and lvl != i + 1:
                fc.error((axis, i, "level"), dg.LEVEL_ORDER(expected=i + 1, found=lvl))
            levels.append(fc.text(m, "nama", (axis, i)) or "")
        names[axis] = tuple(levels)
    nk, nd = len(names.get("kemungkinan", ())), len(names.get("dampak", ()))
    grid: list[tuple[int, ...]] = []
    if "besaran" not in doc:        # required (spec.MATRIX)
        fc.require(doc, "besaran", ())
    rows = fc.sequence(doc["besaran"], ("besaran",), "besaran") if "besaran" in doc else None
    if rows is not None:
        if len(rows) != nk:
            fc.error(("besaran",), dg.BESARAN_ROWS(n=nk, found=len(rows)))
        for i, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != nd or not all(
                    isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in row):
                fc.error(("besaran", i), dg.BESARAN_ROW(row=i + 1, n=nd, found=found(row)))
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
                fc.error(("besaran", i, j), dg.BESARAN_ALONG_DAMPAK(row=i + 1, col=j + 1,
                                                                   min=row[j - 1], found=value))
            if i and value < grid[i - 1][j]:
                fc.error(("besaran", i, j), dg.BESARAN_ALONG_KEMUNGKINAN(
                    row=i + 1, col=j + 1, min=grid[i - 1][j], found=value))


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
            fc.error(("level_risiko", i), dg.BAND_MIN_MAX(nama=band.nama, min=band.min,
                                                         max=band.max))
        if band.min != expect:
            kind = msg(dg.GAP if band.min > expect else dg.OVERLAP)
            fc.error(("level_risiko", i, "min"), dg.BAND_GAP(nama=band.nama, expected=expect,
                                                            found=band.min, kind=kind))
        expect = band.max + 1
    if bands and bands[-1].max < max(values):
        fc.error(("level_risiko", len(bands) - 1, "max"),
                 dg.BAND_TOP(nama=bands[-1].nama, top=max(values), found=bands[-1].max))
