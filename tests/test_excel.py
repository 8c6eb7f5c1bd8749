"""excel export/import on real XLSX files: layout (sheets, dropdowns, frozen headers,
hidden ids, colours), the Malinau registers round trip byte for byte, an edited cell
changes only its record, a workbook with bad cells is rejected cell by cell with
nothing written, and YAML → xlsx → YAML is lossless over generated registers."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import MALINAU
from spbe_risk.cli import main
from spbe_risk.excel.merge import normal
from spbe_risk.excel.yamlio import read_yaml

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def malinau(tmp_path: Path) -> Path:
    dest = tmp_path / "malinau"
    shutil.copytree(MALINAU, dest)
    return dest


def export(ws: Path, out: Path, *extra) -> None:
    r = run("excel", "export", ws, "--out", out, *extra)
    assert r.exit_code == 0, r.output


def snapshot(ws: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ws / "risks").glob("*.yaml"))}


def test_layout(malinau: Path, tmp_path: Path):
    book = tmp_path / "m.xlsx"
    export(malinau, book)
    assert zipfile.is_zipfile(book)
    wb = load_workbook(book)
    assert wb.sheetnames[:4] == ["_daftar", "Formulir 2.x", "Formulir 3.0", "Formulir 4.0"]
    assert wb["_id"].sheet_state == "hidden" and wb["_daftar"].sheet_state == "hidden"
    f3 = wb["Formulir 3.0"]
    assert f3["B2"].value == "Kode Risiko" and f3["H2"].value == "Kategori Risiko SPBE"
    assert f3.freeze_panes == "C3"
    assert f3.max_row == 2 + 51
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1
             for dv in f3.data_validations.dataValidation}
    assert {"C", "E", "H", "J", "L", "M"} <= set(lists)
    # level bands coloured by conditional formats over the computed besaran (issue 21)
    fills = {rule.dxf.fill.fgColor.rgb for cf in f3.conditional_formatting for rule in cf.rules}
    assert len(fills) >= 3
    assert f3.column_dimensions["D"].width > f3.column_dimensions["A"].width


def test_malinau_round_trip_byte_identical(malinau: Path, tmp_path: Path):
    book = tmp_path / "m.xlsx"
    before = snapshot(malinau)
    export(malinau, book)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 0, r.output
    assert snapshot(malinau) == before


def test_edit_one_cell_changes_one_record_keeps_comments(malinau: Path, tmp_path: Path):
    book = tmp_path / "m.xlsx"
    export(malinau, book)
    wb = load_workbook(book)
    f3 = wb["Formulir 3.0"]
    row = next(r for r in range(3, f3.max_row + 1) if f3.cell(r, 2).value == "BPD-2026-01")
    f3.cell(row, 12).value = 1
    f3.cell(row, 20).value = "=1+1 ditulis sebagai teks"
    f3.cell(row, 20).data_type = "s"
    wb.save(book)
    before = snapshot(malinau)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 0, r.output
    after = snapshot(malinau)
    assert [n for n in after if after[n] != before[n]] == ["bappeda-2026.yaml"]
    text = after["bappeda-2026.yaml"].decode()
    assert text.startswith("# Register Risiko SPBE (Formulir 3.0–5.0)")   # comment kept
    doc = read_yaml(malinau / "risks" / "bappeda-2026.yaml")
    risk = doc["risiko"][0]
    assert risk["analisis"]["kemungkinan"] == 1 and risk["catatan"] == "=1+1 ditulis sebagai teks"
    old = read_yaml(MALINAU / "risks" / "bappeda-2026.yaml")
    assert normal(doc["risiko"][1:]) == normal(old["risiko"][1:])
    assert list(risk)[:4] == ["id", "sasaran", "jenis", "kategori"]


def test_bad_workbook_rejected_cell_by_cell(malinau: Path, tmp_path: Path):
    book = tmp_path / "m.xlsx"
    export(malinau, book)
    wb = load_workbook(book)
    f3 = wb["Formulir 3.0"]
    f3["M3"] = 9                                   # wrong level
    f3["H4"] = "Keamanan SPBEE"                    # misspelled kategori
    f3["F5"] = '=HYPERLINK("http://example.invalid","x")'   # formula in a text cell
    wb["Formulir 5.0"].delete_cols(7)              # deleted required column: Kondisi Saat Ini
    wb.save(book)
    before = snapshot(malinau)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    # the module runs in English (conftest); both languages: tests/test_one_language_excel.py
    assert any("Formulir 3.0!M3: 'Level Dampak': expected a level 1..5" in x
               and "found number 9" in x for x in lines), lines
    assert any("Formulir 3.0!H4: 'Kategori Risiko SPBE': expected one of" in x
               and "found 'Keamanan SPBEE'; did you mean 'Keamanan SPBE'?" in x for x in lines)
    assert any("Formulir 3.0!F5: 'Kejadian': expected a value, found a formula" in x
               for x in lines)
    assert any("Formulir 5.0!G2: expected the required column 'Kondisi Saat Ini'" in x
               for x in lines)
    assert "Traceback" not in r.output
    assert snapshot(malinau) == before


def test_treatment_option_checked_against_jenis(malinau: Path, tmp_path: Path):
    book = tmp_path / "m.xlsx"
    export(malinau, book)
    wb = load_workbook(book)
    wb["Formulir 4.0"]["B3"] = "eksploitasi"       # a positif option on a negatif risk
    wb.save(book)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 2 and "Formulir 4.0!B3: 'Opsi Penanganan': expected one of" in r.output


# ------------------------------------------------------------------ property: lossless
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Co", "Cn", "Zl", "Zp"),
                             blacklist_characters="\ufeff\ufffe\uffff"), min_size=1, max_size=40
               ).filter(lambda s: s.strip() == s and s.strip())
MULTI = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
KATEGORI = ["Infrastruktur SPBE", "Keamanan SPBE", "Aplikasi SPBE", "Layanan SPBE"]
LEVEL = st.integers(1, 5)


@st.composite
def risks(draw, prefix: str):
    out = []
    for i in range(draw(st.integers(1, 4))):
        jenis = "negatif"
        r = {"id": f"{prefix}-{i:02d}", "sasaran": draw(TEXT), "jenis": jenis,
             "kategori": draw(st.sampled_from(KATEGORI)), "kejadian": draw(st.one_of(TEXT, MULTI)),
             "penyebab": draw(TEXT), "uraian_dampak": draw(TEXT),
             "area_dampak": draw(st.sampled_from(["Reputasi", "Layanan Organisasi"])),
             "analisis": {"kemungkinan": draw(LEVEL), "dampak": draw(LEVEL)}}
        if draw(st.booleans()):
            r["pengendalian_ada"] = draw(TEXT)
        if draw(st.booleans()):
            t = {"opsi": draw(st.sampled_from(["mitigasi", "transfer", "penerimaan"]))}
            if draw(st.booleans()):
                t["rencana_aksi"] = draw(TEXT)
                t["mulai"], t["selesai"] = "2026-02-01", "2026-06-30"
                t["target"] = {"kemungkinan": draw(LEVEL), "dampak": draw(LEVEL)}
            r["penanganan"] = t
        if draw(st.booleans()):
            r["pemantauan"] = [{"periode": p, "kemungkinan": draw(LEVEL), "dampak": draw(LEVEL),
                                "kondisi": draw(TEXT)}
                               for p in draw(st.lists(st.sampled_from(["2026-Q1", "2026-Q2",
                                                                       "2026-S2"]),
                                                      unique=True, max_size=2))]
        if draw(st.booleans()):
            r["catatan"] = draw(st.one_of(TEXT, st.just("=SUM(A1:A9)")))
        out.append(r)
    return out


def _yaml(upr: str, items: list) -> str:
    import json

    lines = ["kind: register", "schema_version: 1", f"upr: {upr}", "periode: 2026", "risiko:"]
    for r in items:
        lines.append(f"  - {json.dumps(r, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(a=risks("DKI-G"), b=risks("BPD-G"))
def test_yaml_xlsx_yaml_lossless(tmp_path_factory, a, b):
    from conftest import DATA

    base = tmp_path_factory.mktemp("prop")
    src, dst = base / "src", base / "dst"
    shutil.copytree(DATA / "mini", src)
    for f in (src / "risks").glob("*.yaml"):
        f.unlink()
    (src / "risks" / "diskominfo-2026.yaml").write_text(_yaml("diskominfo", a), encoding="utf-8")
    (src / "risks" / "bappeda-2026.yaml").write_text(_yaml("bappeda", b), encoding="utf-8")
    assume(run("check", src).exit_code == 0)      # only registers the loader accepts
    shutil.copytree(src, dst)
    for f in (dst / "risks").glob("*.yaml"):
        f.unlink()                                 # import must rebuild every file from cells
    book = base / "g.xlsx"
    export(src, book)
    r = run("excel", "import", book, dst)
    assert r.exit_code == 0, r.output
    for name in ("diskominfo-2026.yaml", "bappeda-2026.yaml"):
        want = normal(read_yaml(src / "risks" / name))
        got = normal(read_yaml(dst / "risks" / name))
        assert got == want, name


# ------------------------------------------------- comments and key order (issue 21 §2)
COMMENT = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters=" -"),
                  min_size=1, max_size=20).map(lambda s: "# " + s.strip())


def _commented(upr: str, items: list, comments: list[str]) -> str:
    """A register with a comment before the list, after every risk and at the very end."""
    import json

    lines = [comments[0], "kind: register", "schema_version: 1", f"upr: {upr}",
             "periode: 2026", "risiko:"]
    for i, r in enumerate(items):
        lines.append(f"  - {json.dumps(r, ensure_ascii=False)}")
        lines.append(f"  {comments[(i + 1) % len(comments)]} nach {r['id']}")
    lines.append(comments[-1] + " akhir")
    return "\n".join(lines) + "\n"


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(a=risks("DKI-C"), comments=st.lists(COMMENT, min_size=2, max_size=5))
def test_export_import_identity_keeps_comments_and_a_new_row_too(tmp_path_factory, a, comments):
    from conftest import DATA

    base = tmp_path_factory.mktemp("comments")
    ws = base / "ws"
    shutil.copytree(DATA / "mini", ws)
    reg = ws / "risks" / "diskominfo-2026.yaml"
    reg.write_text(_commented("diskominfo", a, comments), encoding="utf-8")
    assume(run("check", ws).exit_code == 0)
    before = snapshot(ws)
    book = base / "c.xlsx"
    export(ws, book)
    r = run("excel", "import", book, ws)
    assert r.exit_code == 0, r.output
    assert snapshot(ws) == before                       # the identity
    # a new row (a copy of the first with a new id) keeps every comment, in order,
    # the file's trailing comment still last, and the keys in their order
    wb = load_workbook(book)
    f3 = wb["Formulir 3.0"]
    new = f3.max_row + 1
    for c in range(1, f3.max_column + 1):
        f3.cell(new, c).value = f3.cell(3, c).value
    f3.cell(new, 2).value = "DKI-C-NEW"
    f3.cell(new, 3).value = "diskominfo"
    wb.save(book)
    r = run("excel", "import", book, ws)
    assert r.exit_code == 0, r.output
    old_lines = before["diskominfo-2026.yaml"].decode().splitlines()
    text = reg.read_text(encoding="utf-8")
    got = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("#")]
    assert got == [ln.strip() for ln in old_lines if ln.strip().startswith("#")]
    assert text.rstrip("\n").splitlines()[-1] == old_lines[-1]
    assert "DKI-C-NEW" in text
    doc = read_yaml(reg)
    assert [x["id"] for x in doc["risiko"]] == [x["id"] for x in a] + ["DKI-C-NEW"]
    assert list(doc["risiko"][-1])[:4] == ["id", "sasaran", "jenis", "kategori"]


def test_new_row_keeps_the_files_trailing_comment(malinau: Path, tmp_path: Path):
    """Seen in issue 21: importing a new row deleted (moved) the file's closing comment."""
    book = tmp_path / "m.xlsx"
    export(malinau, book)
    reg = malinau / "risks" / "dinsos-2026.yaml"
    old = reg.read_text(encoding="utf-8")
    last = old.rstrip("\n").splitlines()[-1]
    assert last.startswith("# yaml-language-server")
    wb = load_workbook(book)
    f3 = wb["Formulir 3.0"]
    src = next(r for r in range(3, f3.max_row + 1) if f3.cell(r, 3).value == "dinsos")
    new = f3.max_row + 1
    for c in range(1, f3.max_column + 1):
        f3.cell(new, c).value = f3.cell(src, c).value
    f3.cell(new, 2).value = "DSS-2026-99"
    wb.save(book)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 0, r.output
    text = reg.read_text(encoding="utf-8")
    assert text.rstrip("\n").splitlines()[-1] == last
    assert text.index("DSS-2026-99") < text.index(last)
    assert [ln for ln in text.splitlines() if ln.lstrip().startswith("#")] == \
        [ln for ln in old.splitlines() if ln.lstrip().startswith("#")]
    assert run("check", malinau).exit_code == 0


# --------------------------------------------------------------------------- issue 19: §Istilah headers
def _column(sh, header: str) -> int:
    return next(c for c in range(1, sh.max_column + 1) if sh.cell(2, c).value == header)


def _as_previous_release(book: Path, out: Path) -> None:
    """``book`` as the release before §Istilah wrote it: "ID Risiko", "Perlu Penanganan",
    treatment options as register words (``mitigasi``), in the sheets and the hidden list."""
    from spbe_risk import vocab
    from spbe_risk.excel.layout import KEPUTUSAN

    old = {"Kode Risiko": "ID Risiko", KEPUTUSAN: "Perlu Penanganan"}
    word = {name: w for w, name in vocab.NAMA_OPSI.items()}
    wb = load_workbook(book)
    for name in ("Formulir 3.0", "Formulir 4.0", "Formulir 5.0"):
        sh = wb[name]
        for c in range(1, sh.max_column + 1):
            if sh.cell(2, c).value in old:
                sh.cell(2, c).value = old[sh.cell(2, c).value]
    f4 = wb["Formulir 4.0"]
    opsi = _column(f4, "Opsi Penanganan")
    for r in range(3, f4.max_row + 1):
        if f4.cell(r, opsi).value in word:
            f4.cell(r, opsi).value = word[f4.cell(r, opsi).value]
    for row in wb["_daftar"].iter_rows():
        for cell in row:
            if cell.value in word:
                cell.value = word[cell.value]
    wb.save(out)


def _edit_level(book: Path, rid: str, level: int) -> None:
    wb = load_workbook(book)
    f3 = wb["Formulir 3.0"]
    row = next(r for r in range(3, f3.max_row + 1) if f3.cell(r, 2).value == rid)
    f3.cell(row, _column(f3, "Level Kemungkinan")).value = level
    wb.save(book)


def test_workbook_uses_the_pemda_words_and_round_trips(malinau: Path, tmp_path: Path):
    from spbe_risk import vocab
    from spbe_risk.excel.layout import KEPUTUSAN

    book = tmp_path / "m.xlsx"
    export(malinau, book)
    wb = load_workbook(book)
    for name in ("Formulir 3.0", "Formulir 4.0", "Formulir 5.0"):
        headers = [c.value for c in wb[name][2]]
        assert "Kode Risiko" in headers and "ID Risiko" not in headers, name
    f3_headers = [c.value for c in wb["Formulir 3.0"][2]]
    assert KEPUTUSAN in f3_headers and "Perlu Penanganan" not in f3_headers
    f4 = wb["Formulir 4.0"]
    opsi = {f4.cell(r, _column(f4, "Opsi Penanganan")).value for r in range(3, f4.max_row + 1)}
    assert "Mitigasi Risiko" in opsi and opsi <= set(vocab.NAMA_OPSI.values())
    assert ">=" not in [c.value for row in wb["Formulir 2.x"].iter_rows() for c in row]
    # lossless: an edited cell comes back, everything else byte for byte
    before = snapshot(malinau)
    _edit_level(book, "DKI-2026-01", 1)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 0, r.output
    after = snapshot(malinau)
    assert [n for n in after if after[n] != before[n]] == ["diskominfo-2026.yaml"]
    doc = read_yaml(malinau / "risks" / "diskominfo-2026.yaml")
    assert doc["risiko"][0]["id"] == "DKI-2026-01"
    assert doc["risiko"][0]["analisis"]["kemungkinan"] == 1
    assert doc["risiko"][0]["penanganan"]["opsi"] == "mitigasi"     # the register's word


def test_a_workbook_of_the_previous_release_imports_identically(tmp_path: Path):
    """The same edit made in today's workbook and in the same workbook with the old
    headers and option words gives byte-identical registers."""
    new_ws, old_ws = tmp_path / "baru", tmp_path / "lama"
    shutil.copytree(MALINAU, new_ws)
    shutil.copytree(MALINAU, old_ws)
    book, old_book = tmp_path / "baru.xlsx", tmp_path / "lama.xlsx"
    export(new_ws, book)
    _as_previous_release(book, old_book)
    wb = load_workbook(old_book)
    assert wb["Formulir 3.0"]["B2"].value == "ID Risiko"
    assert "Perlu Penanganan" in [c.value for c in wb["Formulir 3.0"][2]]
    assert "mitigasi" in [c.value for c in wb["Formulir 4.0"]["B"]]
    for b in (book, old_book):
        _edit_level(b, "DKI-2026-01", 1)
    for b, ws in ((book, new_ws), (old_book, old_ws)):
        r = run("excel", "import", b, ws)
        assert r.exit_code == 0, r.output
    assert snapshot(old_ws) == snapshot(new_ws) != snapshot(MALINAU)


def test_a_missing_column_is_named_by_todays_header(malinau: Path, tmp_path: Path):
    book = tmp_path / "m.xlsx"
    export(malinau, book)
    wb = load_workbook(book)
    wb["Formulir 4.0"]["A2"] = "Nomor"
    wb.save(book)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 2
    assert "Formulir 4.0!A2: expected the required column 'Kode Risiko', found 'Nomor'" in r.output
