"""Output formats: one small module per format behind one interface (``interface``).

May import ``spbe_risk.documents`` and the core's plain values; never the CLI.
"""

from spbe_risk.formats.interface import FORMATS, render, writer

__all__ = ["FORMATS", "render", "writer"]
