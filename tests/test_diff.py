"""diff: on two crafted snapshots of one database, and on two commits of a temporary git
repository (read with git show; the work tree is not touched)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import edit
from spbe_risk.cli import main
from spbe_risk.diff import diff_states
from spbe_risk.formats.markdown import cell


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def risks_file(ws: Path) -> Path:
    return ws / "risks" / "diskominfo-2026.yaml"


def test_diff_db_two_crafted_snapshots(mini: Path, tmp_path: Path):
    db = tmp_path / "d.db"
    assert run("db", "build", mini, "--db", db, "--snapshot", "2026-Q2",
               "--today", "2026-07-01").exit_code == 0
    first = "DKI-01"
    edit(risks_file(mini), "analisis: {kemungkinan: 4, dampak: 4}",
         "analisis: {kemungkinan: 5, dampak: 5}")
    edit(risks_file(mini), "opsi: mitigasi\n      rencana_aksi: Pasang genset",
         "opsi: transfer\n      rencana_aksi: Pasang genset")
    r = run("db", "build", mini, "--db", db, "--snapshot", "2026-Q3", "--today", "2026-10-01")
    assert r.exit_code == 0, r.output
    r = run("diff", "--db", db, "2026-Q2", "2026-Q3", "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["schema"] == "spbe-risk/diff"
    assert doc["ringkasan"]["berubah"] == 1 and doc["ringkasan"]["ditambah"] == 0
    (ch,) = doc["berubah"]
    assert ch["id"] == first and ch["lama"]["besaran"] == 19 and ch["baru"]["besaran"] == 25
    assert ch["lama"]["level_risiko"] == "Tinggi" and ch["baru"]["level_risiko"] == "Sangat Tinggi"
    cols = {c["kolom"]: (c["lama"], c["baru"]) for c in ch["kolom"]}
    assert cols["kemungkinan"] == (4, 5) and cols["dampak"] == (4, 5)
    assert ch["penanganan"] == [{"kunci": "opsi", "lama": "mitigasi", "baru": "transfer"}]
    table = run("diff", "--db", db, "2026-Q2", "2026-Q3")
    assert table.exit_code == 0 and first in table.output and "19 → 25" in table.output
    md = run("diff", "--db", db, "2026-Q2", "2026-Q3", "--format", "markdown")
    assert md.output.startswith("### ") and f"| berubah | {cell(first)} |" in md.output
    assert "opsi: mitigasi → transfer" in md.output
    bad = run("--lang", "en", "diff", "--db", db, "2026-Q2", "2027-Q1")
    assert bad.exit_code == 2 and "expected a snapshot label" in bad.output


def test_diff_states_added_removed_treatment_and_monitoring():
    base = {"risiko": "A", "upr": "u", "jenis": "negatif", "kategori": "k", "area_dampak": "a",
            "kejadian": "x", "kemungkinan": 3, "dampak": 3, "besaran": 14, "level_risiko": "Sedang",
            "besaran_residual": None, "level_residual": None, "periode_pemantauan": None,
            "besaran_pemantauan": None, "level_pemantauan": None, "selera_risiko": 11,
            "perlu_penanganan": 1, "penanganan": '{"opsi":"mitigasi"}', "pemantauan": "[]"}
    old = {"A": base, "B": {**base, "risiko": "B"}}
    new = {"A": {**base, "penanganan": '{"opsi":"transfer"}',
                 "pemantauan": '[{"periode":"2026-Q3","kemungkinan":1,"dampak":1}]',
                 "besaran_pemantauan": 1, "level_pemantauan": "Sangat Rendah"},
           "C": {**base, "risiko": "C"}}
    d = diff_states(old, new, "p", "q")
    assert [r["risiko"] for r in d.ditambah] == ["C"]
    assert [r["risiko"] for r in d.dihapus] == ["B"]
    (p,) = d.berubah
    assert p.penanganan == (("opsi", "mitigasi", "transfer"),)
    assert p.pemantauan[0][0] == "2026-Q3" and p.pemantauan[0][1] is None
    # issue 21: the direction compares the same stage on both sides (only the new side
    # has monitoring, so the analysis is compared) and says which
    assert (p.arah, p.tahap) == ("tetap", "analisis")
    both = {"A": {**new["A"], "besaran_pemantauan": 9, "level_pemantauan": "Rendah"}}
    (q,) = diff_states({"A": new["A"]}, both).berubah
    assert (q.arah, q.tahap) == ("naik", "pemantauan")
    assert diff_states(old, old).kosong


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                                          "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
                                          "HOME": str(repo), "PATH": "/usr/bin:/bin"}).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_git_two_commits(mini: Path, tmp_path: Path):
    repo = tmp_path / "repo"
    shutil.copytree(mini, repo / "ws")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    f = risks_file(repo / "ws")
    text = f.read_text(encoding="utf-8")
    first = "DKI-02"            # removed entirely in the second commit
    start = text.index(f"  - id: {first}\n")
    nxt = text.find("\n  - id: ", start + 1)
    f.write_text(text[:start] + (text[nxt + 1:] if nxt != -1 else ""), encoding="utf-8")
    git(repo, "commit", "-qam", "two")
    work_before = f.read_bytes()
    r = run("diff", "--git", "HEAD~1", "HEAD", repo / "ws", "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert [x["id"] for x in doc["dihapus"]] == [first]
    assert doc["ringkasan"]["berubah"] == 0 and doc["ringkasan"]["ditambah"] == 0
    assert f.read_bytes() == work_before            # no checkout happened
    r = run("diff", "--git", "HEAD", "HEAD~1", repo / "ws", "--format", "markdown")
    assert "ditambah" in r.output and cell(first) in r.output
    assert run("diff", "--git", "--upload-pack=x", "HEAD", repo / "ws").exit_code == 2
    assert run("diff", "--git", "nosuchrev", "HEAD", repo / "ws").exit_code == 2


def test_markdown_cell_escapes_table_and_html():
    assert cell("a|b<script>\n[x](y)\u202e") == "a\\|b\\<script\\>␊\\[x\\](y)⟨U+202E⟩"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_git_checks_a_blob_size_before_reading_it(mini: Path, tmp_path: Path, monkeypatch):
    """Issue 23 §8: ``diff --git`` read a whole blob before capping it (a 400 MiB register
    that git stores as 1.8 MiB peaked at 840 MiB). The size comes from ``git ls-tree -l``
    first; a blob over the per-file cap is never read."""
    from spbe_risk.load import yamlsource
    from spbe_risk.sources import git as gitsrc

    repo = tmp_path / "repo"
    shutil.copytree(mini, repo / "ws")
    big = repo / "ws" / "risks" / "besar.yaml"
    big.write_text("# " + "x" * 5000 + "\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 4096)
    shown: list[str] = []
    real = gitsrc._git

    def recording(top, *args):
        if args[0] in ("show", "cat-file"):
            shown.append(args[-1])
        return real(top, *args)

    monkeypatch.setattr(gitsrc, "_git", recording)
    r = run("diff", "--git", "HEAD", "HEAD", repo / "ws")
    assert r.exit_code == 2
    assert "HEAD:ws/risks/besar.yaml" in r.output and "berkas terlalu besar" in r.output
    assert not any(s.endswith("besar.yaml") for s in shown), shown
