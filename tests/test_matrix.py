"""The PermenPANRB 5/2020 matrix as data: exact cells, bands, and matrix validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import en
from spbe_risk.load import load_matrices
from spbe_risk.resources import controls_dir
from spbe_risk.scoring import besaran, level_risiko

MATRICES = controls_dir() / "matrices"

# Reference table (spbe-reference.md §1), rows by kemungkinan 5..1 as printed there.
REFERENCE = {
    5: [9, 15, 18, 23, 25],
    4: [6, 12, 16, 19, 24],
    3: [4, 10, 14, 17, 22],
    2: [2, 7, 11, 13, 21],
    1: [1, 3, 5, 8, 20],
}
BANDS = [("Sangat Rendah", 1, 5, "biru"), ("Rendah", 6, 10, "hijau"), ("Sedang", 11, 15, "kuning"),
         ("Tinggi", 16, 20, "jingga"), ("Sangat Tinggi", 21, 25, "merah")]


def _load_all():
    problems = []
    files = {p.name: p.read_bytes() for p in sorted(MATRICES.glob("*.yaml"))}
    return load_matrices(files, problems), problems


def test_shipped_matrices_load_cleanly():
    mats, problems = _load_all()
    assert problems == []
    assert set(mats) == {"permenpanrb-5-2020", "iso-27005-multiplikatif"}


def test_permenpanrb_cells_exactly_as_regulation():
    mx = _load_all()[0]["permenpanrb-5-2020"]
    for k, row in REFERENCE.items():
        for d, value in enumerate(row, start=1):
            assert besaran(mx, k, d) == value, (k, d)


def test_permenpanrb_bands_exactly_as_regulation():
    mx = _load_all()[0]["permenpanrb-5-2020"]
    assert [(b.nama, b.min, b.max, b.warna) for b in mx.level_risiko] == BANDS
    for value in range(1, 26):
        band = level_risiko(mx, value)
        assert band.min <= value <= band.max


def test_permenpanrb_is_a_strictly_monotone_permutation():
    mx = _load_all()[0]["permenpanrb-5-2020"]
    cells = [v for row in mx.besaran for v in row]
    assert sorted(cells) == list(range(1, 26))
    for k in range(1, 6):
        for d in range(1, 6):
            if d < 5:
                assert besaran(mx, k, d) < besaran(mx, k, d + 1)
            if k < 5:
                assert besaran(mx, k, d) < besaran(mx, k + 1, d)
        assert besaran(mx, k, 5) >= 20
    # not multiplicative: the lookup differs from L × I somewhere
    assert any(besaran(mx, k, d) != k * d for k in range(1, 6) for d in range(1, 6))


def test_multiplicative_matrix_is_interchangeable():
    mx = _load_all()[0]["iso-27005-multiplikatif"]
    assert all(besaran(mx, k, d) == k * d for k in range(1, 6) for d in range(1, 6))
    assert level_risiko(mx, 25).nama == "Sangat Tinggi"


def _broken(tmp_path: Path, old: str, new: str) -> tuple[list, int]:
    text = (MATRICES / "permenpanrb-5-2020.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if new.splitlines()[0] in ln)
    problems: list = []
    mats = load_matrices({"m.yaml": text.encode()}, problems)
    assert mats == {}
    return problems, line


@pytest.mark.parametrize("old,new,message", [
    ("  - [2, 7, 11, 13, 21]", "  - [2, 7, 11, 13]", "expected 5 positive whole numbers"),
    ("  - [4, 10, 14, 17, 22]", "  - [4, 10, 9, 17, 22]", "non-decreasing along dampak"),
    ("  - [6, 12, 16, 19, 24]", "  - [6, 12, 13, 19, 24]", "non-decreasing along kemungkinan"),
    ("{nama: Rendah, min: 6, max: 10", "{nama: Rendah, min: 7, max: 10", "a gap between bands"),
    ("{nama: Sedang, min: 11, max: 15", "{nama: Sedang, min: 9, max: 15", "an overlap between bands"),
    ("{nama: Sangat Tinggi, min: 21, max: 25", "{nama: Sangat Tinggi, min: 21, max: 24",
     "expected max ≥ 25"),
])
def test_invalid_matrix_is_a_clear_error(tmp_path, old, new, message):
    problems, line = _broken(tmp_path, old, new)
    assert any(message in en(p.message) and p.line == line for p in problems), problems
