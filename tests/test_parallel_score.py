"""``score --format json`` on several processes (``sources.parallel_score``) writes the
bytes of the ordinary path, and hands every workspace with a problem back to it."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MALINAU, REPO, edit
from spbe_risk.cli import main
from spbe_risk.documents.score import score_json
from spbe_risk.formats.json import dumps
from spbe_risk.scoring import score_workspace
from spbe_risk.sources import load, parallel_score
from spbe_risk.sources.parallel_score import score_json_parallel

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate  # noqa: E402


def ordinary(root: Path, upr: str | None = None) -> str:
    from spbe_risk.signing.approval import approvals_by_upr

    ws = load(root).workspace
    return dumps(score_json(ws, score_workspace(ws, upr),
                            persetujuan=approvals_by_upr(ws, upr)))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("syn") / "ws", 7, 40)


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("upr", [None, "u0003"])
def test_synthetic_workspace_bytes_equal_the_ordinary_path(synthetic, workers, upr):
    fast = score_json_parallel(synthetic, upr, workers=workers, min_bytes=0)
    assert fast is not None and fast.warnings == ()
    assert fast.text + "\n" == ordinary(synthetic, upr)


@pytest.mark.parametrize("upr", [None, "diskominfo", "dinsos"])
def test_sample_workspace_bytes_equal_the_ordinary_path(upr):
    fast = score_json_parallel(MALINAU, upr, workers=2, min_bytes=0)
    assert fast is not None
    assert fast.text + "\n" == ordinary(MALINAU, upr)
    assert sorted(fast.warnings) == sorted(load(MALINAU).warnings)


def test_warnings_are_the_ordinary_loads(mini):
    edit(mini / "risks/diskominfo-2026.yaml", "target: {kemungkinan: 2, dampak: 3}",
         "target: {kemungkinan: 5, dampak: 5}")
    warnings = load(mini).warnings
    assert warnings, "the edit must cause a warning"
    fast = score_json_parallel(mini, workers=2, min_bytes=0)
    assert fast is not None and sorted(fast.warnings) == sorted(warnings)
    res = CliRunner().invoke(main, ["score", str(mini), "--format", "json"])
    assert res.exit_code == 0 and res.stdout == ordinary(mini)
    assert res.stderr.count("warning:") == len(warnings)


def _both_paths(monkeypatch, args):
    """CLI result with the parallel path, and with the ordinary path alone."""
    fast = CliRunner().invoke(main, args)
    monkeypatch.setattr(parallel_score, "score_json_parallel", lambda *a, **k: None)
    slow = CliRunner().invoke(main, args)
    return fast, slow


def test_an_invalid_register_takes_the_ordinary_path(mini, monkeypatch):
    edit(mini / "risks/diskominfo-2026.yaml", "kategori: Keamanan SPBE", "kategori: Kemanan SPBE")
    assert score_json_parallel(mini, workers=2, min_bytes=0) is None
    fast, slow = _both_paths(monkeypatch, ["score", str(mini), "--format", "json"])
    assert fast.exit_code == slow.exit_code == 2
    assert fast.stderr == slow.stderr and "did you mean 'Keamanan SPBE'" in fast.stderr


def test_a_duplicate_id_across_registers_takes_the_ordinary_path(synthetic, tmp_path,
                                                                 monkeypatch):
    ws = tmp_path / "dup"
    shutil.copytree(synthetic, ws)
    edit(ws / "risks/u0002-2026.yaml", "id: R-0002-0005", "id: R-0001-0005")
    assert score_json_parallel(ws, workers=2, min_bytes=0) is None
    fast, slow = _both_paths(monkeypatch, ["score", str(ws), "--format", "json"])
    assert fast.exit_code == slow.exit_code == 2
    assert fast.stderr == slow.stderr and "unique across the workspace" in fast.stderr


def test_unknown_upr_and_missing_folder_take_the_ordinary_path(mini, tmp_path):
    assert score_json_parallel(mini, "nobody", workers=2, min_bytes=0) is None
    assert score_json_parallel(tmp_path / "nope", workers=2, min_bytes=0) is None
    res = CliRunner().invoke(main, ["score", str(mini), "--format", "json", "--upr", "nobody"])
    assert res.exit_code == 2


def test_a_failed_worker_takes_the_ordinary_path(synthetic, monkeypatch):
    parent = os.getpid()
    real = parallel_score._work

    def work(*args):
        if os.getpid() != parent:
            raise RuntimeError("the worker dies")
        return real(*args)

    monkeypatch.setattr(parallel_score, "_work", work)
    assert score_json_parallel(synthetic, workers=2, min_bytes=0) is None
    assert score_json_parallel(synthetic, workers=1, min_bytes=0) is not None


def test_a_workspace_with_approvals_takes_the_ordinary_path(mini):
    """Judging approvals needs every register loaded (and pyHanko): the ordinary path."""
    (mini / "persetujuan").mkdir()
    (mini / "persetujuan" / "diskominfo-2026-pemilik-risiko.json").write_text("{}\n")
    assert score_json_parallel(mini, workers=2, min_bytes=0) is None
    res = CliRunner().invoke(main, ["score", str(mini), "--format", "json"])
    assert res.exit_code == 0
    # a statement naming no UPR belongs to none (``check`` reports it as tidak-sah)
    assert json.loads(res.stdout)["persetujuan"] == {"diskominfo": [], "bappeda": []}
    res = CliRunner().invoke(main, ["check", str(mini)])
    assert "persetujuan-tidak-sah" in res.output
