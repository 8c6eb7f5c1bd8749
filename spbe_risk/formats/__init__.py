"""Output formats: one small module per format, one interface (``interface.Document``)."""

from spbe_risk.formats.interface import FORMATS, Document, render

__all__ = ["FORMATS", "Document", "render"]
