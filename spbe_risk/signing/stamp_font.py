"""The signature stamp's font engine: pyHanko's ``GlyphAccumulator`` (HarfBuzz shaping,
fontTools subset embedded in the PDF) without its two per-signature wastes.

Measured (``benchmarks/bench_signing.py``): the embedded DejaVu Sans stamp made signing a
Formulir ~5× slower than pyHanko's default (not embedded) stamp, and nearly all of it was
fontTools decompiling the font's GSUB/GPOS/GDEF layout tables on every signature — tables
pyHanko's subset options drop anyway (``drop_tables += GPOS, GDEF, GSUB``; fontTools
compacts them in memory before looking at the drop list). The subset itself cannot be
cached per process: its glyphs are those of the stamp text (signer and time). So:

* the font file is read once per process (and no file handle is left open per signature,
  as ``GlyphAccumulatorFactory.create_font_engine`` does);
* before subsetting, the tables the subset drops are removed from the in-memory font
  without being decompiled — ``GDEF``, ``GPOS``, ``GSUB``, and ``kern`` exactly when
  fontTools would drop it (it drops a legacy ``kern`` table while ``GPOS`` is present).
  HarfBuzz still shapes with the whole font, so glyphs and positions are unchanged; the
  embedded font program is byte-identical (``tests/test_signing_stamp_font.py``).

Layer: shell (signatures). pyHanko/fontTools lazily.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

#: Tables pyHanko's subset drops (``GlyphAccumulator._extract_subset``).
LAYOUT_TABLES = ("GDEF", "GPOS", "GSUB")


@functools.cache
def font_bytes(path: str) -> bytes:
    """The font file, read once per process."""
    return Path(path).read_bytes()


def font_engine_factory(path: str) -> Any:
    """A pyHanko ``FontEngineFactory`` for the font at ``path`` (see module docstring)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class LeanSubset(GlyphAccumulator):
        def _extract_subset(self, options: Any = None) -> None:
            if options is None:      # pyHanko's default options: these tables are dropped
                font = self.tt
                if "GPOS" in font and "kern" in font:
                    del font["kern"]     # fontTools drops kern while GPOS is there
                for tag in LAYOUT_TABLES:
                    if tag in font:
                        del font[tag]    # removed undecoded
            super()._extract_subset(options)

    class Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return LeanSubset(writer=writer, font_handle=io.BytesIO(font_bytes(self.font_file)),
                              font_size=self.font_size, ot_script_tag=self.ot_script_tag,
                              ot_language_tag=self.ot_language_tag,
                              writing_direction=self.writing_direction,
                              bcp47_lang_code=self.bcp47_lang_code, obj_stream=obj_stream)

    return Factory(path)
