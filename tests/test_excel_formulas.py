"""Issue 21 item 2 and 5: the workbook's computed columns are formulas that LibreOffice
(headless) computes to the engine's values; a value typed into a computed cell that
disagrees with the engine is refused per cell (``--accept-computed`` lets the engine
win); print setup; a LibreOffice-saved workbook imports to the same YAML."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import MALINAU
from spbe_risk.cli import main
from spbe_risk.excel.layout import KEPUTUSAN

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice, Debian libreoffice-calc-nogui) is not "
                            "installed; CI installs it through .ci/run")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def recalc(book: Path, out: Path) -> Path:
    """``book`` opened, recalculated and saved by LibreOffice headless."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(book)],
                   check=True, capture_output=True, timeout=180)
    return out / book.name


@pytest.fixture(scope="module")
def ws_book(tmp_path_factory):
    d = tmp_path_factory.mktemp("formulas")
    ws = d / "malinau"
    shutil.copytree(MALINAU, ws)
    book = d / "m.xlsx"
    r = run("excel", "export", ws, "--out", book)
    assert r.exit_code == 0, r.output
    return ws, book


@pytest.fixture(scope="module")
def engine(ws_book):
    ws, _ = ws_book
    r = run("score", ws, "--format", "json")
    assert r.exit_code == 0, r.output
    return {x["id"]: x for x in json.loads(r.stdout)["risiko"]}


@pytest.fixture(scope="module")
def recalculated(ws_book, tmp_path_factory):
    """The exported workbook with two level cells edited, recalculated by LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it through .ci/run")
    _, book = ws_book
    d = tmp_path_factory.mktemp("lo")
    edited = d / "edited.xlsx"
    wb = load_workbook(book)
    f3 = wb["Formulir 3.0"]
    f3["L3"], f3["M3"] = 5, 5           # row 3's levels changed in the sheet
    wb.save(edited)
    return recalc(book, d / "plain"), recalc(edited, d / "edited")


def _by_header(sh) -> dict[str, int]:
    return {sh.cell(2, c).value: c for c in range(1, sh.max_column + 1)}


def test_computed_columns_are_formulas(ws_book):
    _, book = ws_book
    wb = load_workbook(book)
    for name, headers in (("Formulir 3.0", ("Besaran Risiko", "Level Risiko", KEPUTUSAN)),
                          ("Formulir 4.0", ("Besaran Residual", "Level Residual")),
                          ("Formulir 5.0", ("Besaran Risiko", "Level Risiko"))):
        sh = wb[name]
        h = _by_header(sh)
        for header in headers:
            cell = sh.cell(3, h[header])
            assert cell.data_type == "f" and cell.value.startswith("="), (name, header, cell.value)
    assert wb["_matriks"].sheet_state == "hidden"
    assert wb["Formulir 3.0"].conditional_formatting     # band colours follow the value


@needs_soffice
def test_libreoffice_computes_the_engines_values(recalculated, engine):
    plain, _ = recalculated
    wb = load_workbook(plain, data_only=True)
    f3 = wb["Formulir 3.0"]
    h = _by_header(f3)
    seen = 0
    for r in range(3, f3.max_row + 1):
        rid = f3.cell(r, h["Kode Risiko"]).value
        if rid is None:
            continue
        e = engine[rid]
        assert f3.cell(r, h["Besaran Risiko"]).value == e["analisis"]["besaran"], rid
        assert f3.cell(r, h["Level Risiko"]).value == e["analisis"]["level_risiko"], rid
        want = "Ya" if e["perlu_penanganan"] else "Tidak"
        assert f3.cell(r, h[KEPUTUSAN]).value == want, rid
        seen += 1
    assert seen == len(engine)
    f4 = wb["Formulir 4.0"]
    h4 = _by_header(f4)
    residual = 0
    for r in range(3, f4.max_row + 1):
        rid = f4.cell(r, 1).value
        if rid and engine[rid].get("residual"):
            assert f4.cell(r, h4["Besaran Residual"]).value == engine[rid]["residual"]["besaran"]
            assert f4.cell(r, h4["Level Residual"]).value == engine[rid]["residual"]["level_risiko"]
            residual += 1
    assert residual > 10


@needs_soffice
def test_edited_level_recomputes_in_libreoffice(recalculated, ws_book):
    _, edited = recalculated
    f3 = load_workbook(edited, data_only=True)["Formulir 3.0"]
    h = _by_header(f3)
    assert f3.cell(3, h["Besaran Risiko"]).value == 25      # permenpanrb 5×5 corner
    assert f3.cell(3, h["Level Risiko"]).value == "Sangat Tinggi"


@needs_soffice
def test_libreoffice_saved_workbook_imports_to_the_same_yaml(recalculated, ws_book, tmp_path):
    plain, _ = recalculated
    ws = tmp_path / "ws"
    shutil.copytree(MALINAU, ws)
    before = {p.name: p.read_bytes() for p in (ws / "risks").glob("*.yaml")}
    r = run("excel", "import", plain, ws)
    assert r.exit_code == 0, r.output
    assert "0 berkas diubah" in r.output
    assert {p.name: p.read_bytes() for p in (ws / "risks").glob("*.yaml")} == before


def _typed(book: Path, dest: Path, **cells) -> tuple[Path, str]:
    wb = load_workbook(book)
    f3 = wb["Formulir 3.0"]
    rid = f3["B3"].value
    for ref, v in cells.items():
        f3[ref] = v
    wb.save(dest)
    return dest, rid


def test_typed_besaran_disagreeing_is_refused_per_cell(ws_book, engine, tmp_path):
    _, book = ws_book
    ws = tmp_path / "ws"
    shutil.copytree(MALINAU, ws)
    wb = load_workbook(book)
    rid = wb["Formulir 3.0"]["B3"].value
    k, d = wb["Formulir 3.0"]["L3"].value, wb["Formulir 3.0"]["M3"].value
    right = engine[rid]["analisis"]["besaran"]
    typed, _ = _typed(book, tmp_path / "t.xlsx", N3=right + 1, O3="Sangat Rendah")
    before = {p.name: p.read_bytes() for p in (ws / "risks").glob("*.yaml")}
    r = run("excel", "import", typed, ws)
    assert r.exit_code == 2, r.output
    assert (f"Formulir 3.0!N3: besaran {right + 1} diketik, {right} dihitung dari kemungkinan "
            f"{k}, dampak {d}") in r.output
    assert "Formulir 3.0!O3: level 'Sangat Rendah' diketik" in r.output
    assert {p.name: p.read_bytes() for p in (ws / "risks").glob("*.yaml")} == before
    ok = run("excel", "import", typed, ws, "--accept-computed")
    assert ok.exit_code == 0, ok.output
    assert "peringatan: " in ok.stderr and "Formulir 3.0!N3" in ok.stderr
    assert {p.name: p.read_bytes() for p in (ws / "risks").glob("*.yaml")} == before


def test_typed_value_agreeing_with_engine_is_accepted(ws_book, engine, tmp_path):
    _, book = ws_book
    ws = tmp_path / "ws"
    shutil.copytree(MALINAU, ws)
    wb = load_workbook(book)
    rid = wb["Formulir 3.0"]["B3"].value
    a = engine[rid]["analisis"]
    typed, _ = _typed(book, tmp_path / "t.xlsx", N3=float(a["besaran"]),
                      O3=a["level_risiko"].upper(),
                      P3="Ya" if engine[rid]["perlu_penanganan"] else "Tidak")
    r = run("excel", "import", typed, ws)
    assert r.exit_code == 0, r.output


def test_print_setup(ws_book):
    _, book = ws_book
    wb = load_workbook(book)
    for name in ("Formulir 2.x", "Formulir 3.0", "Formulir 4.0", "Formulir 5.0"):
        sh = wb[name]
        assert sh.page_setup.orientation == "landscape", name
        assert str(sh.page_setup.paperSize) == str(sh.PAPERSIZE_A4), name
        assert sh.sheet_properties.pageSetUpPr.fitToPage and sh.page_setup.fitToWidth == 1
        assert sh.page_setup.fitToHeight == 0
        assert sh.print_title_rows == "$1:$2", name


_L10N = ('<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="{}" oor:op="fuse">'
         '<value>id-ID</value></prop></item>\n')
_ID_LOCALE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
              'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
              + _L10N.format("ooSetupSystemLocale") + _L10N.format("ooLocale") + "</oor:items>\n")


@needs_soffice
def test_workbook_saved_by_libreoffice_in_indonesian_locale_imports_unchanged(ws_book, engine,
                                                                             tmp_path):
    """LibreOffice with the id-ID locale (decimal comma, d/m/y display) saves the same
    numbers and dates: the book imports to the same YAML and computes the same values."""
    _, book = ws_book
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_ID_LOCALE, encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(book)],
                   check=True, capture_output=True, timeout=180)
    saved = out / book.name
    f3 = load_workbook(saved, data_only=True)["Formulir 3.0"]
    rid = f3["B3"].value
    assert f3["N3"].value == engine[rid]["analisis"]["besaran"]
    ws = tmp_path / "ws"
    shutil.copytree(MALINAU, ws)
    before = {p.name: p.read_bytes() for p in (ws / "risks").glob("*.yaml")}
    r = run("excel", "import", saved, ws)
    assert r.exit_code == 0, r.output
    assert {p.name: p.read_bytes() for p in (ws / "risks").glob("*.yaml")} == before
