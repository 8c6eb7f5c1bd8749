"""The one sanitising layer between data and every human-facing sink.

Workspace text, bundle metadata, certificate subjects and file names are data written by
people the tool audits. Before any of it reaches a terminal, a CSV cell, a calendar or a
plain-text report it passes through here:

- ``visible(text)`` shows every character that could drive a terminal or hide text as a
  visible symbol: ``\\x1b`` → ``␛``, other C0 controls → their U+2400-block symbol
  (``\\r`` → ``␍``), DEL → ``␡``, C1 controls, bidi overrides and isolates, zero-width and
  other invisible format characters, line/paragraph separators and lone surrogates →
  ``⟨U+202E⟩``. Nothing is dropped, so what a reader sees is what the data holds.
- ``csv_cell(value)`` makes a value safe for a spreadsheet: text that a spreadsheet would
  run as a formula (first character ``= + - @``, tab or CR, also after leading spaces)
  gets a leading ``'``; numbers stay numbers.

Rich markup is a separate matter: table cells are ``rich.text.Text`` objects, never markup
strings (``formats.table``).

Layer: shell (formats). Imports the standard library only.
"""

from __future__ import annotations

import re
from typing import Any

# Every character of Unicode categories Cc, Cf, Zl, Zp and Cs (checked against the running
# Python's unicodedata by tests/test_safe.py), except "\n" which ``newlines`` may keep.
_INVISIBLE = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\ud800-\udfff"
)
_UNSAFE = re.compile(f"[{_INVISIBLE}\n]")
_UNSAFE_KEEP_NL = re.compile(f"[{_INVISIBLE}]")

#: Characters a spreadsheet reads as the start of a formula (OWASP CSV injection), and
#: their full-width forms, which some spreadsheet locales treat the same way.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|\.\d+)(?:[eE][+-]?\d+)?")


def _symbol(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c == 0x7F:
        return "\u2421"                 # ␡
    if c < 0x20:
        return chr(0x2400 + c)          # ␀ … ␛ … ␟
    return f"\u27e8U+{c:04X}\u27e9"     # ⟨U+202E⟩


def visible(text: str, newlines: bool = False) -> str:
    """``text`` with every control, escape, bidi and invisible character shown visibly.

    ``newlines=True`` keeps ``"\\n"`` (for multi-line fields such as a calendar event's
    description); ``"\\r"`` is always shown, it would move the cursor back over a line.
    """
    if not isinstance(text, str):
        text = str(text)
    pattern = _UNSAFE_KEEP_NL if newlines else _UNSAFE
    return pattern.sub(_symbol, text) if pattern.search(text) else text


def is_visible(text: str, newlines: bool = False) -> bool:
    """True when ``visible(text)`` would change nothing."""
    return (_UNSAFE_KEEP_NL if newlines else _UNSAFE).search(text) is None


def csv_cell(value: Any) -> Any:
    """A CSV cell value: numbers unchanged, None → ``""``, text shown visibly (line breaks
    kept, a CSV cell may hold several lines) and never starting like a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float):
        return value
    text = visible(str(value), newlines=True)
    stripped = str(value).lstrip(" ")
    if stripped and stripped[0] in FORMULA_START and not _NUMBER.fullmatch(stripped):
        return "'" + text
    return text
