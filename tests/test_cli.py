"""The CLI contract: exit codes, formats, atomic outputs, and a light start-up path."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import edit, line_of
from spbe_risk.cli import main

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_version_and_module_entry_point():
    assert run("--version").output.startswith("spbe-risk ")
    out = subprocess.run([sys.executable, "-m", "spbe_risk", "--version"], capture_output=True,
                         text=True, check=True)
    assert "spbe-risk" in out.stdout


def test_check_ok_and_problem_exit_codes(mini):
    ok = run("check", mini)
    assert ok.exit_code == 0 and ok.stdout.startswith("ok: Pemerintah Kabupaten Contoh 2026")
    edit(mini / "risks/diskominfo-2026.yaml", "kategori: Keamanan SPBE", "kategori: Kemanan SPBE")
    bad = run("check", mini)
    assert bad.exit_code == 2
    line = bad.stderr.splitlines()[0]
    at = line_of(mini / "risks/diskominfo-2026.yaml", "kategori: Kemanan SPBE")
    assert f"diskominfo-2026.yaml:{at}:15: kategori:" in line and "maksud Anda 'Keamanan SPBE'" in line


def test_missing_workspace_is_exit_2_without_traceback(tmp_path):
    res = run("score", tmp_path / "nope")
    assert res.exit_code == 2
    assert "Traceback" not in res.stderr


def test_score_json_document(mini):
    res = run("score", mini, "--format", "json")
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["schema"] == "spbe-risk/score" and doc["schema_version"] == 1
    first = doc["risiko"][0]
    assert first["id"] == "DKI-02" and first["prioritas"] == 1
    assert first["analisis"] == {"kemungkinan": 2, "dampak": 5, "besaran": 21,
                                 "level_risiko": "Sangat Tinggi"}
    assert first["perlu_penanganan"] is True
    dki01 = next(r for r in doc["risiko"] if r["id"] == "DKI-01")
    assert dki01["residual"]["besaran"] == 11 and dki01["pemantauan"]["periode"] == "2026-Q2"
    assert doc["ringkasan"]["instansi"]["jumlah_risiko"] == 3
    assert set(doc["ringkasan"]["upr"]) == {"diskominfo", "bappeda"}


def test_score_csv_and_upr_filter(mini):
    res = run("score", mini, "--format", "csv", "--upr", "bappeda")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["id"] for r in rows] == ["BPD-01"] and rows[0]["perlu_penanganan"] == "tidak"
    bad = run("score", mini, "--upr", "nobody")
    assert bad.exit_code == 2


def test_matrix_stages(mini):
    for stage in ("analisis", "residual", "pemantauan"):
        res = run("matrix", mini, "--stage", stage)
        assert res.exit_code == 0, res.output
        assert f"Peta Risiko ({stage})" in res.output
    assert "3 risiko pada tahap analisis" in run("matrix", mini).output
    assert "1 risiko pada tahap residual" in run("matrix", mini, "--stage", "residual").output


def test_build_writes_outputs_atomically(mini, tmp_path):
    out = tmp_path / "reports"
    res = run("build", mini, "--out", out)
    assert res.exit_code == 0, res.output
    doc = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert len(doc["risiko"]) == 3
    assert (out / "scores.csv").read_text(encoding="utf-8").startswith("prioritas,id,")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]   # no temp files left


def test_build_on_invalid_workspace_writes_nothing(mini, tmp_path):
    edit(mini / "instansi.yaml", "zona_waktu: WITA", "zona_waktu: WITTA")
    out = tmp_path / "reports"
    res = run("build", mini, "--out", out)
    assert res.exit_code == 2 and not out.exists()


@pytest.mark.parametrize("lang", [[], ["--lang", "en"]], ids=["id", "en"])
def test_check_does_not_import_heavy_libraries(mini, lang):
    """The pre-commit path stays light in both languages: messages use stdlib gettext and
    the compiled .mo; no Babel, Jinja2, WeasyPrint, pandas, pyHanko, openpyxl."""
    code = (
        "import sys\n"
        "from spbe_risk.cli import main\n"
        "try:\n"
        f"    main({lang + ['check', str(mini)]!r})\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "heavy = [m for m in ('pandas', 'weasyprint', 'pyhanko', 'openpyxl', 'cryptography',"
        " 'jinja2', 'babel') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert out.returncode == 0, out.stderr
    assert "HEAVY=\n" in out.stdout, out.stdout
    assert (" risk(s), " if lang else " risiko, ") in out.stdout, out.stdout
