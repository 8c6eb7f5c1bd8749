"""Issue 21 item 3: the diff's direction compares one stage on both sides and says which,
the footer counts the same, every output format works, a bad revision is named, and
``--git REV`` alone compares that revision with the working tree (uncommitted edits)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_diff import git

from spbe_risk.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def repo(mini: Path, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(mini, repo / "ws")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    return repo


def _lower_analysis(ws: Path) -> None:
    f = ws / "risks/diskominfo-2026.yaml"
    text = f.read_text(encoding="utf-8")
    assert text.count("analisis: {kemungkinan: 4, dampak: 4}") == 1
    f.write_text(text.replace("analisis: {kemungkinan: 4, dampak: 4}",
                              "analisis: {kemungkinan: 2, dampak: 2}"), encoding="utf-8")


def test_direction_names_its_stage_and_footer_counts_it(repo: Path):
    # DKI-01 has monitoring on both sides; only its analysis changes: the monitoring stage
    # is compared (tetap) and the row says so; the footer counts the same directions
    _lower_analysis(repo / "ws")
    git(repo, "commit", "-qam", "two")
    r = run("diff", "--git", "HEAD~1", "HEAD", repo / "ws", "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    (row,) = doc["berubah"]
    assert row["arah"] == "tetap" and row["arah_tahap"] == "pemantauan"
    assert doc["ringkasan"]["naik"] == 0 and doc["ringkasan"]["turun"] == 0
    c = run("diff", "--git", "HEAD~1", "HEAD", repo / "ws", "--format", "csv")
    (line,) = [x for x in csv.DictReader(io.StringIO(c.output))]
    assert line[next(k for k in line if k.lower() == "arah")] == "tetap (pemantauan)"
    t = run("diff", "--git", "HEAD~1", "HEAD", repo / "ws")
    assert "0 naik, 0 turun" in t.output and "pemantauan" in t.output.splitlines()[-1]


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown", "table"])
def test_every_format(repo: Path, fmt: str):
    _lower_analysis(repo / "ws")
    git(repo, "commit", "-qam", "two")
    r = run("diff", "--git", "HEAD~1", "HEAD", repo / "ws", "--format", fmt)
    assert r.exit_code == 0, r.output
    assert "DKI-01" in r.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.output)))
        assert rows and "DKI-01" in rows[0].values()


def test_bad_revision_is_named(repo: Path):
    r = run("diff", "--git", "HEAD~5", "HEAD", repo / "ws")
    assert r.exit_code == 2
    assert "HEAD~5" in r.output and "Traceback" not in r.output


def test_one_revision_compares_with_the_working_tree(repo: Path):
    _lower_analysis(repo / "ws")                 # not committed
    r = run("diff", "--git", "HEAD", repo / "ws", "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert [x["id"] for x in doc["berubah"]] == ["DKI-01"]
    assert doc["dari"] == "HEAD"
    before = (repo / "ws/risks/diskominfo-2026.yaml").read_bytes()
    import os

    cwd = os.getcwd()
    os.chdir(repo / "ws")
    try:
        r = run("diff", "--git", "HEAD", "--format", "json")
    finally:
        os.chdir(cwd)
    assert r.exit_code == 0, r.output
    assert [x["id"] for x in json.loads(r.output)["berubah"]] == ["DKI-01"]
    assert (repo / "ws/risks/diskominfo-2026.yaml").read_bytes() == before
