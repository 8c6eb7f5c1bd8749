"""The one interface every output format implements, and the registry that finds them.

A format is a module of this package with ``write(doc: Document, out: TextIO) -> None``
(or another function of that signature, named ``module:function``).
The registry names modules instead of importing them, so choosing a format imports only
that format (and its heavy libraries), and no format module imports the package back:
there is no import cycle. New formats (html, pdf, xlsx) are one module and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TextIO

from spbe_risk.documents.base import Document

Writer = Callable[[Document, TextIO], None]

#: format name → module of ``spbe_risk.formats`` holding its ``write``.
FORMATS: dict[str, str] = {
    "table": "table",
    "json": "json",
    "csv": "csv",
    "csv-excel": "csv:write_excel",
    "ics": "ics",
    "heatmap": "heatmap",
    "text": "text",
    "markdown": "markdown",
}


def writer(fmt: str) -> Writer:
    """The ``write`` function of format ``fmt`` (imported on first use)."""
    module, _, function = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(f"spbe_risk.formats.{module}"), function or "write")


def render(doc: Document, fmt: str, out: TextIO, gettext: Callable[[str], str] | None = None,
           lang: str = "id") -> None:
    """Write ``doc`` as ``fmt``; terminal formats speak the language of ``gettext``
    (``formats.language``; None: Indonesian) and show English data columns for ``en``."""
    from spbe_risk.formats.language import writing_in

    with writing_in(gettext, lang):
        writer(fmt)(doc, out)
