"""Issue 21 item 5: the Excel round trip on forms as they come back from the OPDs — two
UPRs' workbooks merged by Diskominfo, and one saved with the Indonesian locale (decimal
comma, dates as serial numbers) — each imports, or is refused cell by cell with nothing
written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import MALINAU
from spbe_risk.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def malinau(tmp_path: Path) -> Path:
    dest = tmp_path / "malinau"
    shutil.copytree(MALINAU, dest)
    return dest


def snapshot(ws: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ws / "risks").glob("*.yaml"))}


def _export(ws: Path, out: Path, *extra) -> Path:
    r = run("excel", "export", ws, "--out", out, *extra)
    assert r.exit_code == 0, r.output
    return out


def _append_rows(src, dst, first: int = 3) -> None:
    for r in range(first, src.max_row + 1):
        values = [src.cell(r, c).value for c in range(1, src.max_column + 1)]
        if all(v is None for v in values):
            continue
        n = dst.max_row + 1
        for c, v in enumerate(values, start=1):
            dst.cell(n, c).value = v


def _merged(ws: Path, tmp: Path, with_ids: bool) -> Path:
    a = load_workbook(_export(ws, tmp / "bappeda.xlsx", "--upr", "bappeda"))
    b = load_workbook(_export(ws, tmp / "dinsos.xlsx", "--upr", "dinsos"))
    for name in ("Formulir 3.0", "Formulir 4.0", "Formulir 5.0"):
        _append_rows(b[name], a[name])
    if with_ids:
        _append_rows(b["_id"], a["_id"], first=2)
    out = tmp / "gabungan.xlsx"
    a.save(out)
    return out


def test_two_units_workbooks_merged_import_unchanged(malinau, tmp_path):
    book = _merged(malinau, tmp_path, with_ids=True)
    before = snapshot(malinau)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 0, r.output
    assert "0 berkas diubah" in r.output
    assert snapshot(malinau) == before


def test_merged_without_the_hidden_id_rows_is_refused_by_cell(malinau, tmp_path):
    book = _merged(malinau, tmp_path, with_ids=False)
    before = snapshot(malinau)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.splitlines() if "Formulir 3.0!C" in ln]
    assert lines and all("'dinsos'" in ln for ln in lines)
    assert "Traceback" not in r.output
    assert snapshot(malinau) == before


def test_indonesian_locale_serial_dates_and_decimal_comma(malinau, tmp_path):
    """Dates typed where the sheet had no date format come back as serial numbers; a level
    typed as "3,0" is text with a decimal comma: both mean what the user typed."""
    book = _export(malinau, tmp_path / "m.xlsx")
    wb = load_workbook(book)
    f4 = wb["Formulir 4.0"]
    f3 = wb["Formulir 3.0"]
    rid = f4["A3"].value
    f4["E3"] = 46054                     # 2026-02-01 as an Excel serial number, no format
    f4["E3"].number_format = "General"
    f4["F3"] = 46203.0                   # 2026-06-30
    row3 = next(r for r in range(3, f3.max_row + 1) if f3.cell(r, 2).value == rid)
    old_k = f3.cell(row3, 12).value
    f3.cell(row3, 12).value = f"{old_k},0"
    wb.save(book)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 0, r.output
    from spbe_risk.excel.yamlio import read_yaml

    for f in (malinau / "risks").glob("*.yaml"):
        for risk in read_yaml(f)["risiko"] or []:
            if risk["id"] == rid:
                t = risk["penanganan"]
                assert str(t["mulai"]) == "2026-02-01" and str(t["selesai"]) == "2026-06-30"
                assert risk["analisis"]["kemungkinan"] == old_k
                return
    raise AssertionError(rid)


@pytest.mark.parametrize("cell,value,expect", [
    ("E3", "01/02/2026", "diharapkan tanggal YYYY-MM-DD"),   # ambiguous day/month text
    ("E3", 10_000_000, "diharapkan tanggal YYYY-MM-DD"),     # no date at all
    ("H3", "2,5", "diharapkan level"),                       # not a whole level
])
def test_locale_values_that_mean_nothing_certain_are_refused_by_cell(malinau, tmp_path, cell,
                                                                    value, expect):
    book = _export(malinau, tmp_path / "m.xlsx")
    wb = load_workbook(book)
    wb["Formulir 4.0"][cell] = value
    wb.save(book)
    before = snapshot(malinau)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 2, r.output
    assert f"Formulir 4.0!{cell}:" in r.output and expect in r.output
    assert snapshot(malinau) == before
