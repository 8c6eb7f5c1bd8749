"""The stamp font engine (``signing.stamp_font``) embeds exactly what pyHanko's own
``GlyphAccumulatorFactory`` embeds — same font program bytes, widths, ToUnicode map and
shaped glyphs — for stamp texts with and without kerning pairs, while skipping the layout
tables' decoding. Its speed is measured in benchmarks/bench_signing.py, not asserted."""

from __future__ import annotations

import pytest

from spbe_risk.signing import pades
from spbe_risk.signing.stamp_font import font_engine_factory

FONT = next((str(f) for f in pades.FONT_CANDIDATES if f.is_file()), None)
pytestmark = pytest.mark.skipif(FONT is None, reason="DejaVu Sans not installed "
                                                      "(fonts-dejavu-core)")


def embedded(factory, text: str) -> dict[str, object]:
    """What one stamp text puts into a PDF through ``factory``'s engine."""
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    engine = factory.create_font_engine(writer)
    shaped = engine.shape(text)
    engine.prepare_write()
    cid = engine.cidfont_obj
    program = cid["/FontDescriptor"]["/FontFile2"].get_object().data
    type0 = engine.as_resource().get_object()
    return {"program": program, "widths": repr(cid["/W"]),
            "tounicode": type0["/ToUnicode"].get_object().data,
            "ops": shaped.graphics_ops, "width": shaped.x_advance,
            "base": str(cid["/BaseFont"]).split("+", 1)[1]}


@pytest.mark.parametrize("text", [
    "CN=Budi Santoso,O=Inspektorat Kabupaten Malinau\n2026-12-05 18:50:06 +07:00",
    "AVATAR Ty Wo; «ŠČŽ» – ffi fl 0123456789",       # kerning pairs, ligature candidates
])
def test_same_embedded_font_as_pyhanko_factory(text, monkeypatch):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    # fontTools stamps the subset's head.modified with the current second: two subsets made
    # across a second boundary differed in that field alone (a flaky failure in CI)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764892800")

    theirs = embedded(GlyphAccumulatorFactory(FONT), text)
    ours = embedded(font_engine_factory(FONT), text)
    assert ours == theirs
    assert len(ours["program"]) > 1000


@pytest.mark.parametrize("ours", [True, False])
def test_layout_tables_are_dropped_undecoded(monkeypatch, ours):
    """The point of the engine: fontTools never decodes GSUB/GPOS/GDEF for the subset
    (pyHanko's own factory does — the control that the probe sees decoding at all)."""
    from fontTools.ttLib.tables import otBase
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.writer import PdfFileWriter

    decoded = []
    original = otBase.BaseTTXConverter.decompile

    def probe(self, data, font):
        decoded.append(self.tableTag)
        return original(self, data, font)

    monkeypatch.setattr(otBase.BaseTTXConverter, "decompile", probe)
    factory = font_engine_factory(FONT) if ours else GlyphAccumulatorFactory(FONT)
    engine = factory.create_font_engine(PdfFileWriter())
    engine.shape("Budi Santoso")
    engine.prepare_write()
    layout = {"GSUB", "GPOS", "GDEF"} & set(decoded)
    assert (layout == set()) if ours else (layout == {"GSUB", "GPOS", "GDEF"}), decoded
