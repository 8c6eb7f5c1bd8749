"""Terminal and CSV output a person can read (issue 9 §4).

Tables fit the terminal (80 columns included), never break an id, are plain when piped;
the score table shows ``jenis`` and ``kejadian``; CSV has one value per cell, numbers as
numbers, the risk's text, its assets and ``residual_di_atas_selera``, and an Excel dialect
with a BOM.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from conftest import MALINAU
from spbe_risk.cli import main
from spbe_risk.formats.table import fit_columns

TODAY = "2026-11-27"
COMMANDS = [("score",), ("coverage",), ("schedule", "--today", TODAY),
            ("soa", "--asset", "srikandi"), ("matrix",)]


def run(*args, columns: int | None = None):
    env = {"COLUMNS": str(columns)} if columns else {}
    return CliRunner(env=env).invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("columns", [80, 100, 200])
@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c[0])
def test_tables_fit_the_terminal(cmd, columns):
    res = run(cmd[0], MALINAU, *cmd[1:], columns=columns)
    assert res.exit_code in (0, 1), res.output
    table_lines = [ln for ln in res.stdout.splitlines() if ln.startswith(("|", "+"))]
    assert table_lines
    assert max(len(ln) for ln in table_lines) <= columns


def test_piped_output_is_plain_without_colour():
    res = run("score", MALINAU, columns=80)
    assert "\x1b" not in res.stdout
    assert all(ord(c) < 0x2500 or ord(c) > 0x257F for c in res.stdout)   # no box drawing


def _table_cells(stdout: str, header: str) -> list[str]:
    """The cells of the column headed ``header`` (headers may wrap over several lines)."""
    lines = [ln for ln in stdout.splitlines() if ln.startswith("|")]
    sep = next(i for i, ln in enumerate(lines) if ln.startswith("|-"))

    def split(ln: str) -> list[str]:
        return [c.strip() for c in ln.strip("|").split("|")]

    heads = [" ".join(p for p in parts if p) for parts in zip(*map(split, lines[:sep]), strict=True)]
    col = heads.index(header)
    return [split(ln)[col] for ln in lines[sep + 1:]]


def test_ids_are_never_broken_at_80_columns():
    ids = {r["id"] for r in json.loads(run("score", MALINAU, "--format", "json").stdout)["risiko"]}
    shown = _table_cells(run("score", MALINAU, columns=80).stdout, "Kode Risiko")
    assert set(shown) == ids                     # whole ids, one per line, none cut
    assets = _table_cells(run("coverage", MALINAU, columns=80).stdout, "Aset")
    doc = json.loads(run("coverage", MALINAU, "--format", "json").stdout)
    assert set(assets) == {a["id"] for a in doc["aset"]}


def test_score_table_shows_jenis_and_kejadian_at_80_columns():
    out = run("score", MALINAU, columns=80).stdout
    lines = [ln for ln in out.splitlines() if ln.startswith("|")]
    head = " ".join(lines[:next(i for i, ln in enumerate(lines) if ln.startswith("|-"))])
    assert "Jenis" in head and "Kejadian" in head
    assert "positif" in out and "negatif" in out
    assert "…" in out                              # long kejadian cut with an ellipsis


def test_fit_columns_prefers_priority_and_never_cuts_tokens():
    cols = (("a", "A"), ("id", "ID"), ("t", "Teks"))
    rows = [{"a": "x", "id": "AAAA-BBBB-CCCC-DDDD", "t": "kata " * 20}]
    fitted = fit_columns(cols, rows, 40, priority=("id", "t"))
    by_key = {k: w for k, _, w, _ in fitted}
    assert by_key["id"] == len("AAAA-BBBB-CCCC-DDDD")
    assert sum(w + 3 for w in by_key.values()) + 1 <= 40
    narrow = fit_columns(cols, rows, 26, priority=("id", "t"))
    assert [k for k, *_ in narrow] == ["id"]       # text dropped before the id is cut


def test_score_csv_one_value_per_cell_with_text_assets_and_residual_flag():
    res = run("score", MALINAU, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    first = rows[0]
    for key in ("kejadian", "penyebab", "aset", "residual_di_atas_selera", "jenis"):
        assert key in first, key
    assert re.fullmatch(r"\d+", first["besaran"]) and re.fullmatch(r"\d+", first["kemungkinan"])
    assert {r["residual_di_atas_selera"] for r in rows} <= {"ya", "tidak", ""}
    assert any(r["aset"] for r in rows)


def test_coverage_csv_splits_ratios_into_numbers():
    res = run("coverage", MALINAU, "--format", "csv")
    assert "/" not in res.stdout.split("\n", 1)[1].split(",")[0]
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    for row in rows:
        for key, value in row.items():
            assert not re.search(r"\d+/\d+", value), (key, value)
    first = rows[0]
    assert int(first["kerahasiaan_berlaku"]) >= int(first["kerahasiaan_diterapkan"])
    assert first["kerahasiaan_persen"] == "" or 0 <= int(first["kerahasiaan_persen"]) <= 100


def test_excel_dialect_has_bom_semicolons_and_keeps_indonesian_text():
    res = run("score", MALINAU, "--excel")
    raw = res.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) >= 45 and rows[0]["kejadian"]
    plain = list(csv.DictReader(io.StringIO(run("score", MALINAU, "--format", "csv").stdout)))
    assert [r["kejadian"] for r in rows] == [r["kejadian"] for r in plain]


def test_heatmap_headers_and_levels_are_whole_words_at_80_columns():
    out = run("matrix", MALINAU, columns=80).stdout
    assert "Kemungkinan" in out and "Signifikan" in out and "Sangat Tinggi" in out
    assert "…" not in out
