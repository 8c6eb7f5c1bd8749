"""The pre-commit hook runs in a temporary git repository with ``pre-commit try-repo``.

pre-commit builds the hook's own virtual environment from this repository (pip, from the
package index), so the test is slow (about half a minute) and marked so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, REPO, edit

pytestmark = pytest.mark.slow


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_hook_definition():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "spbe-risk-check" and hook["entry"] == "spbe-risk check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False


def test_try_repo_passes_then_fails_on_a_bad_register(tmp_path):
    repo = tmp_path / "agency"
    shutil.copytree(DATA / "mini", repo)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "register")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "spbe-risk-check",
           "--all-files"]
    ok = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout
    edit(repo / "risks/diskominfo-2026.yaml", "kategori: Keamanan SPBE", "kategori: Kemanan SPBE")
    git(repo, "commit", "-qam", "typo")
    bad = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert bad.returncode != 0
    assert "Failed" in bad.stdout and "did you mean 'Keamanan SPBE'" in bad.stdout
