"""The Malinau sample workspace: checks clean, and its outputs match reviewed golden files.

After an intended change, regenerate with ``SPBE_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MALINAU
from spbe_risk.cli import main

GOLDEN = Path(__file__).parent / "golden"
TODAY = "2026-11-28"   # the sample bundle was signed 2026-11-28 03:02 WITA


def _cli(*args: str):
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code in (0, 1), res.output + res.stderr
    return res


@pytest.mark.parametrize("name,args", [
    ("malinau-score.json", ["score", str(MALINAU), "--format", "json"]),
    ("malinau-coverage.json", ["coverage", str(MALINAU), "--format", "json"]),
    ("malinau-schedule.json", ["schedule", str(MALINAU), "--format", "json", "--today", TODAY]),
])
def test_matches_golden(name, args):
    got = json.loads(_cli(*args).stdout)
    for item in got.get("bukti_ditolak", []):
        item["bundel"] = Path(item["bundel"]).name      # paths depend on the checkout
    path = GOLDEN / name
    if os.environ.get("SPBE_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert got == expected


def test_malinau_checks_clean():
    res = _cli("check", str(MALINAU))
    assert res.exit_code == 0
    assert res.stdout.startswith("ok: Pemerintah Kabupaten Malinau 2026")
    assert "error" not in res.stderr


def test_malinau_sample_covers_the_issue_requirements():
    doc = json.loads(_cli("score", str(MALINAU), "--format", "json").stdout)
    risks = doc["risiko"]
    assert len(risks) >= 45
    assert len({r["upr"] for r in risks}) >= 6
    assert len({r["kategori"] for r in risks}) >= 12
    assert len({r["area_dampak"] for r in risks}) == 7
    assert {r["jenis"] for r in risks} == {"negatif", "positif"}
    assert {r["analisis"]["level_risiko"] for r in risks} == {
        "Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"}
    assert sum(r["pemantauan"] is not None for r in risks) >= 5
    assert all(r["opsi_penanganan"] for r in risks if r["perlu_penanganan"])
