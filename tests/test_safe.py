"""The sanitising layer (``formats.safe``): control, escape, bidi and invisible characters
are shown visibly, and CSV cells never start a spreadsheet formula."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from spbe_risk.formats.safe import csv_cell, is_visible, visible


def test_escape_and_c0_controls_become_control_pictures():
    assert visible("a\x1b[2Kb") == "a␛[2Kb"
    assert visible("\r\x07\x00\x08") == "␍␇␀␈"
    assert visible("x\x7fy") == "x␡y"
    assert visible("tab\there") == "tab␉here"


def test_newline_shown_unless_kept():
    assert visible("a\nb") == "a␊b"
    assert visible("a\nb\r", newlines=True) == "a\nb␍"


def test_c1_bidi_zero_width_and_surrogates_are_named():
    assert visible("\x85") == "⟨U+0085⟩"
    assert visible("\x9b31m") == "⟨U+009B⟩31m"
    assert visible("abc\u202edcba") == "abc⟨U+202E⟩dcba"
    assert visible("\u2066x\u2069") == "⟨U+2066⟩x⟨U+2069⟩"
    assert visible("a\u200bb\ufeff") == "a⟨U+200B⟩b⟨U+FEFF⟩"
    assert visible("\U000e0041") == "⟨U+E0041⟩"
    assert visible("bad\udcff") == "bad⟨U+DCFF⟩"
    assert visible("line\u2028sep") == "line⟨U+2028⟩sep"


def test_ordinary_indonesian_text_is_untouched():
    text = "Pemkab [/x] Malinau — Dinas Kominfo, Tanggung-jawab: 100% ≤ ½ é ü ✓"
    assert visible(text) is text
    assert is_visible(text)
    assert not is_visible("\x1b")


def test_every_control_and_format_character_of_this_python_is_covered():
    """The hand-written class must cover Cc, Cf, Zl, Zp, Cs of the running unicodedata;
    a newer Unicode adding a format character makes this fail instead of leaking it."""
    missed = [f"U+{c:04X}" for c in range(sys.maxunicode + 1)
              if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp", "Cs")
              and is_visible(chr(c))]
    assert missed == []


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0",
                                  "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1+1", "＝1+1"])
def test_formula_cells_are_neutralised(cell):
    out = csv_cell(cell)
    assert out.startswith("'")


@pytest.mark.parametrize("value", [3, -3, 2.5, 0])
def test_numbers_stay_numbers(value):
    assert csv_cell(value) == value and type(csv_cell(value)) is type(value)


def test_numeric_text_and_plain_text_are_kept():
    assert csv_cell("-5") == "-5"
    assert csv_cell("+1.5") == "+1.5"
    assert csv_cell("Dinas Kominfo") == "Dinas Kominfo"
    assert csv_cell(None) == ""
    assert csv_cell("a=b") == "a=b"
    assert csv_cell("baris satu\nbaris dua") == "baris satu\nbaris dua"
    assert csv_cell("x\x1by") == "x␛y"
