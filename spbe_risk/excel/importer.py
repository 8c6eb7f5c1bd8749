"""``excel import``: read a Formulir workbook back, cell by cell, into register records.

Every cell is checked against the workspace (kategori and area dampak chosen in
instansi.yaml, jenis, opsi valid for the jenis, levels of the matrix, ISO dates,
monitoring periods, known UPRs, assets, controls and principles). Each bad cell is one
problem ``SHEET!CELL: message`` with what was expected and what was found; a formula
anywhere in an input column is refused (a spreadsheet formula is never data). Columns
are found by their header (today's, or one an earlier release wrote:
``layout.HEADER_ALIASES``), so a reordered sheet still reads; a missing required column
is one problem at the header row. Treatment options are read by their name (Mitigasi
Risiko) or the register's word. Nothing is returned unless every cell is good.

Layer: shell (excel). Imports the core, ``excel.layout``; openpyxl lazily.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import spbe_risk.excel.diagnostics as dx
from spbe_risk import vocab
from spbe_risk.excel.cells import MAX_BOOK, cell_text, data_rows
from spbe_risk.excel.layout import (
    FIRST_ROW,
    HEADER_ROW,
    IDS_SHEET,
    SHEETS,
    Column,
    Sheet,
    display_value,
    enum_value,
    header_names,
)
from spbe_risk.load.fields import did_you_mean
from spbe_risk.messages import Msg, msg
from spbe_risk.model import Workspace
from spbe_risk.problems import Problem

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_PERIODE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4]|-S[12])?")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE_COMMA = re.compile(r"\d{1,2},0+")
#: Serial numbers read as dates: 1 January 1990 .. 31 December 2100 (a register's dates).
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415


class CellProblems:
    def __init__(self, book: str) -> None:
        self.book = book
        self.items: list[Problem] = []

    def add(self, sheet: str, ref: str, message: Msg) -> None:
        """One problem at ``SHEET!CELL`` (a coded catalog message, rendered by the printer)."""
        self.items.append(Problem(self.book, 0, 0, dx.located(f"{sheet}!{ref}", message)))


_found = dx.found_cell


class Reader:
    """Reads one sheet's data rows into key → value dicts, reporting bad cells."""

    def __init__(self, ws: Workspace, problems: CellProblems) -> None:
        self.ws, self.p = ws, problems
        k = ws.konteks
        self.enums = {"upr": tuple(u.id for u in k.upr), "jenis": vocab.JENIS_RISIKO,
                      "kategori": k.kategori, "area_dampak": k.area_dampak,
                      "opsi": tuple(dict.fromkeys(o for j in vocab.JENIS_RISIKO
                                                  for o in vocab.OPSI_PENANGANAN[j]))}
        self.known = {"aset": {a.id for a in ws.aset}, "prinsip": set(vocab.PRINSIP),
                      "kontrol": set(ws.kontrol_by_id())}
        self.complete = True        # every required column was found in every sheet

    def columns(self, sh, sheet: Sheet) -> tuple[dict[int, Column], bool]:
        from openpyxl.utils import get_column_letter

        headers = {}
        for c in range(1, sh.max_column + 1):
            v = sh.cell(HEADER_ROW, c).value
            if isinstance(v, str):
                headers[v.strip()] = c
        out: dict[int, Column] = {}
        ok = True
        for i, col in enumerate(sheet.columns):
            found = next((headers[h] for h in header_names(col) if h in headers), None)
            if found is not None:         # today's header or one an earlier release wrote
                out[found] = col
            elif col.kind != "computed":        # every input column: dropping one loses data
                ok = False
                here = sh.cell(HEADER_ROW, i + 1).value
                self.p.add(sheet.name, f"{get_column_letter(i + 1)}{HEADER_ROW}",
                           dx.MISSING_COLUMN(column=col.header, found=_found(here),
                                             row=HEADER_ROW,
                                             hint=did_you_mean(here, [col.header])))
        return out, ok

    def rows(self, sh, sheet: Sheet) -> list[tuple[int, dict[str, Any]]]:
        """Every data row; the columns present are checked even when one is missing."""
        cols, ok = self.columns(sh, sheet)
        self.complete = self.complete and ok
        out = []
        for r in data_rows(sh, cols, FIRST_ROW):
            cells = {c: sh.cell(r, c) for c in cols}
            if all(cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())
                   for c, cell in cells.items() if cols[c].kind != "computed"):
                continue
            rec: dict[str, Any] = {}
            typed: dict[str, tuple[str, Any]] = {}
            for c, col in cols.items():
                if col.kind == "computed":
                    v = cells[c].value
                    if v is not None and cells[c].data_type != "f" and not (
                            isinstance(v, str) and (v.startswith("=") or not v.strip())):
                        typed[col.header] = (cells[c].coordinate, v)
                    continue
                value = self.value(sheet.name, cells[c], col)
                if value is not None:
                    rec[col.key] = value
            if typed:
                rec["_typed"] = typed
            out.append((r, rec))
        return out

    def value(self, sheet: str, cell, col: Column) -> Any:
        ref, v = cell.coordinate, cell.value
        if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=") and
                                     cell.data_type != "s"):
            self.p.add(sheet, ref, dx.FORMULA(column=col.header, formula=repr(v)))
            return None
        if isinstance(v, str) and col.kind not in ("text", "opttext"):
            v = v.strip() or None
        kind, _, what = col.kind.partition(":")
        optional = kind in ("opttext", "date", "list", "kontrol") or kind.startswith("optlevel")
        if v is None or v == "":
            if not optional:
                self.p.add(sheet, ref, dx.EMPTY(column=col.header))
            return None
        if isinstance(v, str):
            v, bad = cell_text(v, col.header)
            if bad is not None:
                self.p.add(sheet, ref, bad)
                return None
        if kind in ("text", "opttext"):
            if isinstance(v, bool) or not isinstance(v, str | int | float):
                self.p.add(sheet, ref, dx.EXPECTED_TEXT(column=col.header, found=_found(v)))
                return None
            text = v if isinstance(v, str) else str(v)
            if kind == "text" and not text.strip():
                self.p.add(sheet, ref, dx.ONLY_SPACES(column=col.header))
                return None
            return text
        if kind in ("id", "ref"):
            v = str(v) if isinstance(v, int) and not isinstance(v, bool) else v
            if not isinstance(v, str) or not _ID.fullmatch(v):
                self.p.add(sheet, ref, dx.EXPECTED_ID(column=col.header, found=_found(v)))
                return None
            return v
        if kind == "enum":
            allowed = self.enums[what]
            v = enum_value(what, v)
            if v not in allowed:
                allowed = tuple(display_value(what, a) for a in allowed)
                # the values to type, quoted: the workbook's words, not the screen's
                self.p.add(sheet, ref, dx.EXPECTED_ONE_OF(column=col.header,
                                                          allowed=tuple(map(repr, allowed)),
                                                          found=_found(v),
                                                          hint=did_you_mean(v, allowed)))
                return None
            return v
        if kind.endswith(("level_k", "level_d")):
            top = self.ws.matriks.max_kemungkinan if kind.endswith("_k") else self.ws.matriks.max_dampak
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            if isinstance(v, str) and v.isdigit():
                v = int(v)
            elif isinstance(v, str) and _WHOLE_COMMA.fullmatch(v):
                v = int(v.split(",")[0])     # "3,0": a whole number with a decimal comma
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= top:
                self.p.add(sheet, ref, dx.EXPECTED_LEVEL(column=col.header, top=top,
                                                         matrix=self.ws.matriks.id,
                                                         found=_found(v)))
                return None
            return v
        if kind == "date":
            if isinstance(v, datetime) and v.time() == datetime.min.time():
                return v.date()
            if isinstance(v, date) and not isinstance(v, datetime):
                return v
            if isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer() \
                    and _SERIAL_MIN <= v <= _SERIAL_MAX:
                # a date typed into a cell without a date format (an Indonesian-locale
                # Excel keeps it as its serial number): the 1900 date system's day count
                from openpyxl.utils.datetime import from_excel

                return from_excel(int(v)).date()
            if isinstance(v, str) and _ISO.fullmatch(v):
                try:
                    return date.fromisoformat(v)
                except ValueError:
                    pass
            self.p.add(sheet, ref, dx.EXPECTED_DATE(column=col.header, found=_found(v)))
            return None
        if kind == "periode":
            v = str(v) if isinstance(v, int) and not isinstance(v, bool) else v
            if not isinstance(v, str) or not _PERIODE.fullmatch(v):
                self.p.add(sheet, ref, dx.EXPECTED_PERIOD(column=col.header, found=_found(v)))
                return None
            return int(v) if v.isdigit() else v     # a year alone is an integer in YAML
        if kind == "list":
            items = [x.strip() for x in str(v).split(",") if x.strip()]
            bad = [x for x in items if x not in self.known[what]]
            for x in bad:
                self.p.add(sheet, ref, dx.UNKNOWN_IDS(column=col.header, what=what,
                                                      found=repr(x),
                                                      hint=did_you_mean(x, self.known[what])))
            return None if bad else items
        if kind == "kontrol":
            links = []
            for part in (x.strip() for x in str(v).split(",") if x.strip()):
                kid, _, peran = part.rpartition(":")
                if kid not in self.known["kontrol"] or peran not in vocab.PERAN_KONTROL:
                    self.p.add(sheet, ref, dx.EXPECTED_KONTROL(column=col.header,
                                                               found=repr(part)))
                    return None
                links.append({"id": kid, "peran": peran})
            return links
        raise AssertionError(col.kind)


def read_workbook(path: str, ws: Workspace, shown: str, accept_computed: bool = False
                  ) -> tuple[list[dict], dict, list[Problem]]:
    """(risk records in sheet order, id sheet info, problems). Records carry ``_upr``.

    The file is read as a regular file only (a FIFO or device is refused before anything
    waits on it) and bounded in size; every failure is a problem, never a traceback."""
    import io
    import zipfile

    from openpyxl import load_workbook

    from spbe_risk.problems import InputError
    from spbe_risk.sources import read_regular

    p = CellProblems(shown)
    try:
        size = os.stat(path).st_size
        if size > MAX_BOOK:
            return [], {}, [Problem(shown, 0, 0, dx.BOOK_TOO_LARGE(limit=MAX_BOOK, size=size))]
        raw = read_regular(Path(path))
    except InputError as exc:
        return [], {}, [Problem(shown, 0, 0, q.message) for q in exc.problems]
    try:
        if sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(raw)).infolist()) > 16 * MAX_BOOK:
            return [], {}, [Problem(shown, 0, 0, dx.BOOK_UNPACKS_TOO_LARGE(limit=16 * MAX_BOOK))]
        wb = load_workbook(io.BytesIO(raw), data_only=False)
    except Exception as exc:  # noqa: BLE001  not a workbook, damaged ZIP, …
        return [], {}, [Problem(shown, 0, 0, dx.NOT_A_WORKBOOK(error=type(exc).__name__))]
    for sheet in SHEETS:
        if sheet.name not in wb.sheetnames:
            p.add(sheet.name, "A1", dx.MISSING_SHEET(sheet=sheet.name,
                                                     sheets=tuple(wb.sheetnames)))
    if p.items:
        return [], {}, p.items
    reader = Reader(ws, p)
    f30, f40, f50 = (reader.rows(wb[s.name], s) for s in SHEETS)
    if not reader.complete:     # rows cannot be matched across sheets without every column
        return [], {}, p.items
    notes = _computed(ws, p, accept_computed, f30, f40, f50)
    risks: dict[str, dict] = {}
    where: dict[str, int] = {}
    for r, rec in f30:
        rid = rec.get("id")
        if rid is None:
            continue
        if rid in risks:
            p.add(SHEETS[0].name, f"B{r}", dx.DUPLICATE_ID(column="Kode Risiko", id=rid,
                                                           row=where[rid]))
            continue
        risks[rid], where[rid] = _nest(rec), r
        risks[rid]["_row"] = r
    for sheet, rows in ((SHEETS[1], f40), (SHEETS[2], f50)):
        for r, rec in rows:
            rid = rec.pop("id", None)
            if rid is None:
                continue
            if rid not in risks:
                p.add(sheet.name, f"A{r}", dx.NOT_IN_FORM_3(column="Kode Risiko", id=rid,
                                                            hint=did_you_mean(rid, list(risks))))
                continue
            risk = risks[rid]
            if sheet is SHEETS[1]:
                if "penanganan" in risk:
                    p.add(sheet.name, f"A{r}", dx.ONE_PLAN_PER_RISK(column="Kode Risiko", id=rid))
                    continue
                t = _nest(rec)["penanganan"] if rec else {}
                if "opsi" not in t:
                    p.add(sheet.name, f"B{r}", dx.EMPTY(column="Opsi Penanganan"))
                    continue
                allowed = vocab.OPSI_PENANGANAN.get(risk.get("jenis", ""), ())
                if allowed and t["opsi"] not in allowed:
                    p.add(sheet.name, f"B{r}", dx.OPSI_FOR_JENIS(
                        column="Opsi Penanganan", jenis=risk["jenis"],
                        allowed=tuple(repr(display_value("opsi", o)) for o in allowed),
                        found=repr(display_value("opsi", t["opsi"]))))
                    continue
                risk["penanganan"] = t
            else:
                risk.setdefault("pemantauan", []).append(rec)
    info = _ids(wb[IDS_SHEET], p) if IDS_SHEET in wb.sheetnames else {"risks": {}, "registers": []}
    info["notes"] = notes
    return list(risks.values()), info, p.items


def _computed(ws: Workspace, p: CellProblems, accept: bool, *sheets) -> list[Problem]:
    """Values typed into computed cells that disagree with the engine: problems, or with
    ``accept`` (``--accept-computed``) warnings, the engine's value winning."""
    from spbe_risk.excel.formulas import typed_disagreements

    prefixes = ("analisis.", "penanganan.target.", "")
    notes: list[Problem] = []
    for sheet, rows, prefix in zip(SHEETS, sheets, prefixes, strict=True):
        for _r, rec in rows:
            typed = rec.pop("_typed", None)
            if not typed:
                continue
            levels = (rec.get(prefix + "kemungkinan"), rec.get(prefix + "dampak"))
            for ref, message in typed_disagreements(ws, sheet, levels, typed,
                                                    rec.get("kategori"), rec.get("jenis")):
                if accept:
                    notes.append(Problem(p.book, 0, 0, dx.located(
                        f"{sheet.name}!{ref}", dx.COMPUTED_KEPT(what=message)), "warning"))
                else:
                    p.add(sheet.name, ref, dx.COMPUTED_DISAGREES(what=message))
    return notes


def _nest(rec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in rec.items():
        parts = key.split(".")
        m = out
        for part in parts[:-1]:
            m = m.setdefault(part, {})
        m[parts[-1]] = value
    return out


def _ids(sh, p: CellProblems) -> dict[str, Any]:
    """The hidden id sheet: which register file each risk came from, and the registers
    the workbook covers. Only the shape is checked here (text where text belongs, each
    problem by cell); which files may be named is decided against the workspace
    (``apply``). A row whose id cell is empty is not a row."""
    risks: dict[str, dict] = {}
    registers: list[dict] = []
    for r in data_rows(sh, {1, 2, 3, 4}, 2):
        row = [sh.cell(r, c).value for c in (1, 2, 3, 4)]
        if row[0] is None:
            continue
        if row[0] == "#register" and row[1] == "file":
            continue
        bad = False
        for c, what in ((1, dx.REGISTER_FILE), (2, dx.UPR_ID)):
            if not isinstance(row[c], str) or not row[c].strip():
                p.add(IDS_SHEET, f"{'ABCD'[c]}{r}", dx.ID_SHEET_VALUE(what=msg(what),
                                                                      found=_found(row[c])))
                bad = True
        if bad:
            continue
        entry = {"file": row[1].strip(), "upr": row[2].strip(), "periode": row[3],
                 "cell": f"{IDS_SHEET}!B{r}"}
        if row[0] == "#register":
            registers.append(entry)
        elif isinstance(row[0], str):
            risks[row[0]] = entry
        else:
            p.add(IDS_SHEET, f"A{r}", dx.ID_SHEET_RISK(found=_found(row[0])))
    return {"risks": risks, "registers": registers}
