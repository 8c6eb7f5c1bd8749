"""Bounds and normalisation of what a workbook's cells hold, before any of it is read
as data: the rows that really hold a value (a stray cell at row 1,048,576 must not make
import walk a million rows), the length of a cell, the size of the book, and line breaks
in the register's form (a cell's text never lands in the YAML in a form the loader would
refuse or show differently).

Layer: shell (excel). Imports the loader's refused-character rule and the import's messages.
"""

from __future__ import annotations

import re

from spbe_risk.messages import Msg

#: Excel's own limit on the characters of one cell; a longer text was not typed in Excel.
MAX_CELL = 32_767
#: The largest workbook file import opens (the Formulir of a large pemda is a few MiB).
MAX_BOOK = 64 * 1024 * 1024
#: Line breaks as spreadsheets write them → the register's ``\n``: Excel's escaped CR
#: (``_x000D_``), CR LF, a lone CR, and the Unicode line and paragraph separators.
_BREAKS = re.compile("_x000D_\n|_x000D_|\r\n|\r|\u2028|\u2029")


def cell_text(v: str, column: str) -> tuple[str, Msg | None]:
    """(the text with its line breaks normalised, None or why it is refused — a coded
    message about ``column``): a cell's text reaches the register only in a form the
    loader accepts and shows as typed."""
    import spbe_risk.excel.diagnostics as dx
    from spbe_risk.load.fields import REFUSED_TEXT

    if len(v) > MAX_CELL:
        return v, dx.CELL_TOO_LONG(column=column, limit=MAX_CELL, n=len(v))
    text = _BREAKS.sub("\n", v)
    bad = REFUSED_TEXT.search(text)
    if bad:
        return text, dx.CELL_CONTROL_CHARACTER(column=column, code=f"{ord(bad.group()):04X}")
    return text, None


def data_rows(sh, cols, first: int) -> list[int]:
    """The rows at or below ``first`` holding a value in one of ``cols``, from the cells
    the file stores: a stray cell at row 1,048,576 costs one row, not a million."""
    present = getattr(sh, "_cells", None)
    if present is None:         # not openpyxl's in-memory sheet: walk it (bounded by max_row)
        return list(range(first, sh.max_row + 1))
    return sorted({r for (r, c), cell in present.items()
                   if r >= first and c in cols and cell.value is not None})
