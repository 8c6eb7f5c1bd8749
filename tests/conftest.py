"""Shared fixtures: a small valid workspace that tests copy and break one rule at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from spbe_risk.sources import load

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
MALINAU = REPO / "registers" / "malinau"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of tests/data/mini (2 UPRs, 3 risks) that a test may edit."""
    dest = tmp_path / "ws"
    shutil.copytree(DATA / "mini", dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet (asserting it is there, so a test cannot silently pass)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"snippet not unique in {path.name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, snippet: str) -> int:
    """1-based line number of the single line containing ``snippet``."""
    hits = [i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if snippet in ln]
    assert len(hits) == 1, f"{snippet!r} found on lines {hits}"
    return hits[0]


def errors(ws: Path):
    result = load(ws)
    assert result.workspace is None, "expected the workspace to be rejected"
    return result.errors
