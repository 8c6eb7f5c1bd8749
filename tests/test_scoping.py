"""Issue 21 item 4: ``score/matrix/report --upr ID`` work while another unit's register is
invalid, and say how many problems elsewhere keep the workspace from a full build;
problems of the unit itself, of shared files, or across files involving it still block."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import edit
from spbe_risk.cli import main

BPD, DKI = "risks/bappeda-2026.yaml", "risks/diskominfo-2026.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _break_diskominfo(mini):
    edit(mini / DKI, "kategori: Keamanan SPBE", "kategori: Kemanan SPBE")


def test_score_of_one_unit_while_another_is_invalid(mini):
    _break_diskominfo(mini)
    assert run("score", mini).exit_code == 2
    r = run("score", mini, "--upr", "bappeda", "--format", "json")
    assert r.exit_code == 0, r.output
    assert [x["id"] for x in json.loads(r.stdout)["risiko"]] == ["BPD-01"]
    assert "1 masalah di berkas UPR lain" in r.stderr
    m = run("matrix", mini, "--upr", "bappeda")
    assert m.exit_code == 0 and "1 masalah di berkas UPR lain" in m.stderr


def test_the_units_own_problem_still_blocks(mini):
    _break_diskominfo(mini)
    r = run("score", mini, "--upr", "diskominfo")
    assert r.exit_code == 2 and "Kemanan SPBE" in r.stderr
    assert r.stderr.rstrip().splitlines()[-1] == "1 masalah ditemukan"


def test_a_broken_yaml_file_named_for_the_unit_blocks_it(mini):
    (mini / DKI).write_text("kind: register\nupr: [diskominfo\n", encoding="utf-8")
    assert run("score", mini, "--upr", "diskominfo").exit_code == 2
    assert run("score", mini, "--upr", "bappeda").exit_code == 0


def test_a_duplicate_id_across_files_involving_the_unit_blocks_it(mini):
    _break_diskominfo(mini)
    edit(mini / DKI, "  - id: DKI-02", "  - id: BPD-01")
    r = run("score", mini, "--upr", "bappeda")
    assert r.exit_code == 2, r.output
    assert "BPD-01" in r.stderr


def test_shared_file_problem_blocks_every_unit(mini):
    edit(mini / "instansi.yaml", "zona_waktu: WITA", "zona_waktu: WITTA")
    assert run("score", mini, "--upr", "bappeda").exit_code == 2


def test_report_of_one_unit_while_another_is_invalid(mini, tmp_path, monkeypatch):
    import spbe_risk.build

    seen = []

    def fake_reports(ws, out, today, lang, progress):
        seen.append(sorted({r.upr for r in ws.registers}))
        return []

    monkeypatch.setattr(spbe_risk.build, "run_reports", fake_reports)
    _break_diskominfo(mini)
    r = run("report", mini, "--upr", "bappeda", "--out", tmp_path / "r", "--today", "2026-03-01")
    assert r.exit_code == 0, r.output
    assert seen == [["bappeda"]]
    assert "1 masalah di berkas UPR lain" in r.stderr
