"""The workbook's computed columns (Besaran, Level, Keputusan Penanganan Risiko) as
spreadsheet formulas over the level cells, and the import's check of values typed into
them.

The instansi's matrix is written to a hidden lookup sheet (``_matriks``): the besaran
grid (rows by kemungkinan, columns by dampak), the level bands (ascending minimum) and
the Selera Risiko table. Besaran is ``INDEX`` into the grid, the level a ``MATCH`` over the
band minimums, Keputusan Penanganan Risiko (Ya/Tidak) a ``SUMIFS`` of the appetite
with the instansi's rule baked in: the same lookups the engine makes (``scoring``), so a
changed level shows the new besaran at once in Excel or LibreOffice. Band colours follow the value through
conditional formatting. The formulas use only functions Excel 2007+ and LibreOffice
both compute.

On import, a computed cell holding a formula is ignored (it is the export's); a typed
value there is compared with the engine's result from the row's levels: a disagreement
is reported per cell (``besaran 18 typed, 22 computed from kemungkinan 4, dampak 5``).

Also here: the print setup of the Formulir sheets (A4 landscape, fit to width, the
title and header rows repeated on every page).

Layer: shell (excel). Imports the core (``scoring``) and ``excel.layout``; openpyxl lazily.
"""

from __future__ import annotations

import re
from typing import Any

import spbe_risk.excel.diagnostics as dx
from spbe_risk.excel.layout import (
    FILLS,
    FIRST_ROW,
    HEADER_ROW,
    KEPUTUSAN,
    SHEETS,
    TIDAK,
    TITLE_ROW,
    YA,
    Sheet,
)
from spbe_risk.messages import Msg, msg
from spbe_risk.model import Workspace
from spbe_risk.scoring import besaran, level_risiko, melebihi_selera

MATRIX_SHEET = "_matriks"
#: Where the lookup tables sit in the matrix sheet (a matrix has at most 10 levels: the
#: grid fits in B..K).
_BANDS = ("M", "N", "O")          # min, max, nama
_SELERA = ("Q", "R", "S")         # kategori, jenis, besaran minimum

#: For each computed column: the level columns it reads (by header) and what it holds.
#: F30 and F50 read their own Level Kemungkinan / Level Dampak, F40 its residual pair.
_SOURCES = {
    SHEETS[0].name: ("Level Kemungkinan", "Level Dampak", "Besaran Risiko", "Level Risiko",
                     KEPUTUSAN),
    SHEETS[1].name: ("Kemungkinan Residual", "Dampak Residual", "Besaran Residual",
                     "Level Residual", None),
    SHEETS[2].name: ("Level Kemungkinan", "Level Dampak", "Besaran Risiko", "Level Risiko",
                     None),
}


def _letter(sheet: Sheet, header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(sheet.index()[header] + 1)


def matrix_sheet(wb, ws: Workspace) -> dict[str, str]:
    """Write the hidden lookup sheet; returns the absolute ranges the formulas use."""
    from openpyxl.utils import get_column_letter

    mx = ws.matriks
    sh = wb.create_sheet(MATRIX_SHEET)
    sh["A1"] = "kemungkinan \\ dampak"
    for d in range(1, mx.max_dampak + 1):
        sh.cell(1, d + 1).value = d
    for k in range(1, mx.max_kemungkinan + 1):
        sh.cell(k + 1, 1).value = k
        for d in range(1, mx.max_dampak + 1):
            sh.cell(k + 1, d + 1).value = mx.besaran[k - 1][d - 1]
    bands = sorted(mx.level_risiko, key=lambda b: b.min)
    for c, head in zip(_BANDS, ("min", "max", "level_risiko"), strict=True):
        sh[f"{c}1"] = head
    for i, b in enumerate(bands, start=2):
        sh[f"{_BANDS[0]}{i}"], sh[f"{_BANDS[1]}{i}"] = b.min, b.max
        sh[f"{_BANDS[2]}{i}"] = b.nama
        sh[f"{_BANDS[2]}{i}"].data_type = "s"
    selera = sorted(ws.konteks.selera_risiko.nilai.items())
    for c, head in zip(_SELERA, ("kategori", "jenis", "besaran_minimum"), strict=True):
        sh[f"{c}1"] = head
    for i, ((kat, jenis), v) in enumerate(selera, start=2):
        sh[f"{_SELERA[0]}{i}"], sh[f"{_SELERA[1]}{i}"], sh[f"{_SELERA[2]}{i}"] = kat, jenis, v
        sh[f"{_SELERA[0]}{i}"].data_type = sh[f"{_SELERA[1]}{i}"].data_type = "s"
    sh.sheet_state = "hidden"
    last = get_column_letter(mx.max_dampak + 1)
    nb, ns = len(bands) + 1, max(len(selera), 1) + 1
    q = f"'{MATRIX_SHEET}'!" if not MATRIX_SHEET.isidentifier() else f"{MATRIX_SHEET}!"
    return {"grid": f"{q}$B$2:${last}${mx.max_kemungkinan + 1}",
            "min": f"{q}${_BANDS[0]}$2:${_BANDS[0]}${nb}",
            "nama": f"{q}${_BANDS[2]}$2:${_BANDS[2]}${nb}",
            "kat": f"{q}${_SELERA[0]}$2:${_SELERA[0]}${ns}",
            "jenis": f"{q}${_SELERA[1]}$2:${_SELERA[1]}${ns}",
            "min_selera": f"{q}${_SELERA[2]}$2:${_SELERA[2]}${ns}",
            "rule": ">" if ws.konteks.selera_risiko.aturan == ">" else ">="}


def fill(sh, sheet: Sheet, n_rows: int, ranges: dict[str, str], ws: Workspace) -> None:
    """Formulas in the computed cells of ``n_rows`` data rows, band colours as conditional
    formats, computed columns shaded grey in their header (not typed into)."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    k_h, d_h, b_h, l_h, p_h = _SOURCES[sheet.name]
    k, d, b, lv = (_letter(sheet, h) for h in (k_h, d_h, b_h, l_h))
    grey = PatternFill("solid", fgColor="FFE7E6E6")
    for r in range(FIRST_ROW, FIRST_ROW + n_rows):
        sh[f"{b}{r}"] = (f'=IF(OR({k}{r}="",{d}{r}=""),"",'
                         f'INDEX({ranges["grid"]},{k}{r},{d}{r}))')
        sh[f"{lv}{r}"] = (f'=IF({b}{r}="","",INDEX({ranges["nama"]},'
                          f'MATCH({b}{r},{ranges["min"]},1)))')
        if p_h is not None:
            kat, jenis = _letter(sheet, "Kategori Risiko SPBE"), _letter(sheet, "Jenis Risiko")
            minimum = (f'SUMIFS({ranges["min_selera"]},{ranges["kat"]},{kat}{r},'
                       f'{ranges["jenis"]},{jenis}{r})')
            count = f'COUNTIFS({ranges["kat"]},{kat}{r},{ranges["jenis"]},{jenis}{r})'
            sh[f"{_letter(sheet, p_h)}{r}"] = (
                f'=IF(OR({b}{r}="",{count}=0),"",'
                f'IF({b}{r}{ranges["rule"]}{minimum},"{YA}","{TIDAK}"))')
    for h in (b_h, l_h, p_h):
        if h is not None:
            cell = sh[f"{_letter(sheet, h)}{HEADER_ROW}"]
            cell.fill, cell.font = grey, Font(bold=True, italic=True)
    if n_rows:
        end = FIRST_ROW + n_rows - 1
        for band in ws.matriks.level_risiko:
            argb = FILLS.get(band.warna)
            if argb is None:
                continue
            rule = FormulaRule(formula=[f'AND(ISNUMBER(${b}{FIRST_ROW}),${b}{FIRST_ROW}>={band.min},'
                                        f'${b}{FIRST_ROW}<={band.max})'],
                               fill=PatternFill("solid", fgColor=argb, bgColor=argb))
            sh.conditional_formatting.add(f"{b}{FIRST_ROW}:{lv}{end}", rule)


def print_setup(sh) -> None:
    """A4 landscape, every column on the page width, the Formulir's title and header
    rows repeated on every printed page."""
    sh.page_setup.orientation = "landscape"
    sh.page_setup.paperSize = sh.PAPERSIZE_A4
    sh.page_setup.fitToWidth = 1
    sh.page_setup.fitToHeight = 0
    sh.sheet_properties.pageSetUpPr.fitToPage = True
    sh.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    sh.print_options.gridLines = True


# ------------------------------------------------------------------- import side
def _number(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, str) and re.fullmatch(r"\d+(?:,0+)?", v.strip()):
        return int(v.strip().split(",")[0])     # "22" or "22,0" (a decimal comma)
    return None


def typed_disagreements(ws: Workspace, sheet: Sheet, levels: tuple[Any, Any],
                        typed: dict[str, tuple[str, Any]], kategori: Any = None,
                        jenis: Any = None) -> list[tuple[str, Msg]]:
    """(cell, message) for every value typed into a computed cell of one row that is not
    what the engine computes from the row's levels. ``typed`` maps a computed column's
    header to (cell ref, value) for the cells holding a value, not a formula."""
    k_h, d_h, b_h, l_h, p_h = _SOURCES[sheet.name]
    k, d = levels
    mx = ws.matriks
    if not (isinstance(k, int) and isinstance(d, int) and 1 <= k <= mx.max_kemungkinan
            and 1 <= d <= mx.max_dampak):
        return []           # the level cells are reported (or empty) themselves
    nilai = besaran(mx, k, d)
    nama = level_risiko(mx, nilai).nama
    out = []
    if b_h in typed:
        ref, v = typed[b_h]
        if _number(v) != nilai:
            out.append((ref, msg(dx.TYPED_BESARAN, typed=str(v), computed=nilai, k=k, d=d)))
    if l_h in typed:
        ref, v = typed[l_h]
        if not isinstance(v, str) or v.strip().casefold() != nama.casefold():
            out.append((ref, msg(dx.TYPED_LEVEL, typed=repr(v), computed=repr(nama),
                                 nilai=nilai, k=k, d=d)))
    if p_h is not None and p_h in typed:
        ref, v = typed[p_h]
        selera = ws.konteks.selera_risiko
        minimum = selera.nilai.get((kategori, jenis))
        if minimum is not None:
            want = YA if melebihi_selera(selera, minimum, nilai) else TIDAK
            if not isinstance(v, str) or v.strip().casefold() != want.casefold():
                out.append((ref, msg(dx.TYPED_KEPUTUSAN, typed=repr(v), computed=repr(want),
                                     nilai=nilai, minimum=minimum, aturan=selera.aturan)))
    return out
