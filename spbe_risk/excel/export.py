"""``excel export``: the registers of a workspace as a workbook in the Formulir layout.

One row per risk in Formulir 3.0, per treatment plan in 4.0, per monitoring entry in 5.0;
the 2.x sheet shows the context (read only). Enumerated columns carry data-validation
dropdowns fed from a hidden list sheet; level cells are filled in the band colours;
headers are frozen; the hidden ``_id`` sheet records which register file each risk came
from, so import puts it back. Every text is written as a string cell, never a formula,
so a text starting with ``=`` stays text (formula injection).

Values come from the YAML files themselves (not the model) so nothing is lost: keys the
model does not keep (``catatan``, ``tindak_lanjut``) travel too.

Layer: shell (excel). Imports the core, ``load.yamlsource`` and ``excel.layout``; openpyxl lazily.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from typing import Any

from spbe_risk import vocab
from spbe_risk.excel.layout import (
    CONTEXT_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    IDS_SHEET,
    KEPUTUSAN,
    LISTS_SHEET,
    SHEETS,
    TIDAK,
    TITLE_ROW,
    YA,
    Column,
    Sheet,
    display_value,
)
from spbe_risk.model import Workspace
from spbe_risk.scoring import cell_table, melebihi_selera


def lists(ws: Workspace) -> dict[str, list]:
    """The dropdown values of every enumerated column."""
    opsi = list(dict.fromkeys(o for j in vocab.JENIS_RISIKO for o in vocab.OPSI_PENANGANAN[j]))
    return {"upr": [u.id for u in ws.konteks.upr], "jenis": list(vocab.JENIS_RISIKO),
            "kategori": list(ws.konteks.kategori), "area_dampak": list(ws.konteks.area_dampak),
            "opsi": [display_value("opsi", o) for o in opsi],
            "level_k": list(range(1, ws.matriks.max_kemungkinan + 1)),
            "level_d": list(range(1, ws.matriks.max_dampak + 1))}


def get(m: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(m, dict):
            return None
        m = m.get(part)
    return m


def cell_value(col: Column, value: Any) -> Any:
    if value is None:
        return None
    if col.kind.startswith("list:"):
        return ", ".join(str(v) for v in value) if value else None
    if col.kind == "kontrol":
        return ", ".join(f"{k.get('id')}:{k.get('peran')}" for k in value) if value else None
    if col.kind == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return str(value).lower()
    if col.kind.startswith("enum:"):
        return display_value(col.kind.partition(":")[2], value)
    return value


def _relative(file: str) -> str:
    """A register's path as the id sheet keeps it: workspace-relative (``risks/NAME``), so
    a workbook sent to an OPD carries no folder layout of the exporting machine."""
    from spbe_risk.sources import source_path

    return f"risks/{source_path(file).name}"


def _read(file: str) -> dict:
    """A register as plain data, with the loader's own (fast, safe) parser."""
    from pathlib import Path

    from spbe_risk.load.yamlsource import parse
    from spbe_risk.sources import read_regular

    data = parse(file, read_regular(Path(file))).data
    return data if isinstance(data, dict) else {}


def export_workbook(ws: Workspace, out: str | os.PathLike[str], upr: str | None = None) -> dict:
    """Write the workbook atomically; returns row counts per sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    registers = [reg for reg in ws.registers if upr is None or reg.upr == upr]
    raw = [(reg, _read(reg.file)) for reg in registers]
    cells = cell_table(ws.matriks)
    selera = ws.konteks.selera_risiko
    rows: dict[str, list[list[Any]]] = {s.name: [] for s in SHEETS}
    ids: list[list[Any]] = []
    f30, f40, f50 = SHEETS

    def scored(k: Any, d: Any):
        return cells.get((k, d)) if isinstance(k, int) and isinstance(d, int) else None

    for reg, doc in raw:
        for risk in doc.get("risiko") or []:
            rid = risk.get("id")
            ids.append([rid, _relative(reg.file), reg.upr, reg.periode])
            a = scored(get(risk, "analisis.kemungkinan"), get(risk, "analisis.dampak"))
            minimum = selera.nilai.get((risk.get("kategori"), risk.get("jenis")))
            line = []
            for col in f30.columns:
                if col.header == "No":
                    line.append(len(rows[f30.name]) + 1)
                elif col.key == "upr":
                    line.append(reg.upr)
                elif col.header == "Besaran Risiko":
                    line.append(a.besaran if a else None)
                elif col.header == "Level Risiko":
                    line.append(a.level_risiko if a else None)
                elif col.header == KEPUTUSAN:
                    line.append((YA if melebihi_selera(selera, minimum, a.besaran) else TIDAK)
                                if a and minimum is not None else None)
                else:
                    line.append(cell_value(col, get(risk, col.key)))
            rows[f30.name].append(line)
            t = risk.get("penanganan")
            if isinstance(t, dict):
                r = scored(get(t, "target.kemungkinan"), get(t, "target.dampak"))
                line = [rid]
                for col in f40.columns[1:]:
                    if col.header == "Besaran Residual":
                        line.append(r.besaran if r else None)
                    elif col.header == "Level Residual":
                        line.append(r.level_risiko if r else None)
                    else:
                        line.append(cell_value(col, get(risk, col.key)))
                rows[f40.name].append(line)
            for e in risk.get("pemantauan") or []:
                p = scored(e.get("kemungkinan"), e.get("dampak"))
                line = [rid]
                for col in f50.columns[1:]:
                    if col.header == "Besaran Risiko":
                        line.append(p.besaran if p else None)
                    elif col.header == "Level Risiko":
                        line.append(p.level_risiko if p else None)
                    else:
                        line.append(cell_value(col, e.get(col.key)))
                rows[f50.name].append(line)

    dropdowns = lists(ws)
    _lists_sheet(wb, dropdowns)
    _context_sheet(wb, ws)
    from spbe_risk.excel.formulas import fill, matrix_sheet, print_setup

    for sheet in SHEETS:
        _data_sheet(wb, sheet, rows[sheet.name], dropdowns)
    ranges = matrix_sheet(wb, ws)
    for sheet in SHEETS:
        fill(wb[sheet.name], sheet, len(rows[sheet.name]), ranges, ws)
    for name in (CONTEXT_SHEET, *(s.name for s in SHEETS)):
        print_setup(wb[name])
    idx = wb.create_sheet(IDS_SHEET)
    idx.append(["id", "file", "upr", "periode"])
    for line in ids:
        idx.append(line)
    idx.append([])
    idx.append(["#register", "file", "upr", "periode"])
    for reg in registers:
        idx.append(["#register", _relative(reg.file), reg.upr, reg.periode])
    idx.sheet_state = "hidden"
    wb.active = wb.sheetnames.index(SHEETS[0].name)     # opens on Formulir 3.0
    from spbe_risk.atomic import atomic_output

    with atomic_output(out, "wb") as fh:
        wb.save(fh)
    return {name: len(r) for name, r in rows.items()}


def _text(cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"       # never a formula, whatever the text starts with


def _lists_sheet(wb, dropdowns: dict[str, list[str]]) -> None:
    sh = wb.create_sheet(LISTS_SHEET)
    for c, (name, values) in enumerate(dropdowns.items(), start=1):
        _text(sh.cell(1, c), name)
        for r, v in enumerate(values, start=2):
            _text(sh.cell(r, c), v)
    sh.sheet_state = "hidden"


def _context_sheet(wb, ws: Workspace) -> None:
    from openpyxl.styles import Font

    k = ws.konteks
    sh = wb.create_sheet(CONTEXT_SHEET)
    lines: list[Sequence[Any]] = [
        ["Formulir 2.0 — Konteks Risiko SPBE (hanya dibaca; ubah di instansi.yaml)"],
        ["Instansi", k.instansi], ["Periode", k.periode], ["Matriks", ws.matriks.nama],
        ["Aturan selera risiko", "≥" if k.selera_risiko.aturan == ">=" else k.selera_risiko.aturan],
        [],
        ["Formulir 2.1 / 2.3 — UPR", "Nama", "Pemilik Risiko", "Koordinator Risiko",
         "Pengelola Risiko"],
        *[[u.id, u.nama, u.pemilik_risiko, u.koordinator_risiko, u.pengelola_risiko]
          for u in k.upr], [],
        ["Formulir 2.6 — Kategori Risiko SPBE"], *[[x] for x in k.kategori], [],
        ["Formulir 2.7 — Area Dampak (urutan prioritas)"], *[[x] for x in k.area_dampak], [],
        ["Formulir 2.10 — Selera Risiko", "Jenis", "Besaran minimum"],
        *[[kat, jenis, v] for (kat, jenis), v in sorted(k.selera_risiko.nilai.items())],
    ]
    for line in lines:
        sh.append([None] * len(line))
        for c, v in enumerate(line, start=1):
            _text(sh.cell(sh.max_row, c), v)
    sh["A1"].font = Font(bold=True, size=12)
    for col, width in zip("ABCDE", (44, 40, 34, 34, 34), strict=True):
        sh.column_dimensions[col].width = width


def _data_sheet(wb, sheet: Sheet, rows: list[list[Any]], dropdowns: dict[str, list[str]]
                ) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sh = wb.create_sheet(sheet.name)
    _text(sh.cell(TITLE_ROW, 1), sheet.title)
    sh.cell(TITLE_ROW, 1).font = Font(bold=True, size=12)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor="FFD9E1F2")
    for c, col in enumerate(sheet.columns, start=1):
        cell = sh.cell(HEADER_ROW, c)
        _text(cell, col.header)
        cell.font, cell.alignment, cell.fill = bold, wrap, header_fill
    for r, line in enumerate(rows, start=FIRST_ROW):
        for c, value in enumerate(line, start=1):
            cell = sh.cell(r, c)
            _text(cell, value)
            col = sheet.columns[c - 1]
            if col.kind == "date" and isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif col.width >= 24:
                cell.alignment = wrap
    sh.freeze_panes = sh.cell(FIRST_ROW, 3 if sheet.columns[0].kind == "computed" else 2)
    last = max(len(rows) + FIRST_ROW + 500, 1000)
    letters = list(dropdowns)
    for c, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(c)
        longest = max([len(str(v[c - 1])) for v in rows if v[c - 1] is not None] or [0])
        sh.column_dimensions[letter].width = max(len(col.header) * 0.9, min(col.width, longest + 2), 8)
        kind = col.kind.split(":")[-1].removeprefix("opt")
        if kind in dropdowns:
            src = get_column_letter(letters.index(kind) + 1)
            n = len(dropdowns[kind]) + 1
            dv = DataValidation(type="list", formula1=f"{LISTS_SHEET}!${src}$2:${src}${n}",
                                allow_blank=col.kind.startswith("opt"), showErrorMessage=True,
                                errorTitle="Nilai tidak sah",
                                error=f"{col.header}: pilih salah satu nilai dari daftar")
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            sh.add_data_validation(dv)
        elif col.kind == "date":
            dv = DataValidation(type="date", operator="greaterThan", formula1="1",
                                allow_blank=True, showErrorMessage=True,
                                error=f"{col.header}: tanggal YYYY-MM-DD")
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            sh.add_data_validation(dv)
    last_col = get_column_letter(len(sheet.columns))
    sh.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{max(HEADER_ROW, len(rows) + HEADER_ROW)}"
