"""The fast score encoder gives exactly the bytes of the generic encoder.

``score --format json`` writes ``documents.score.score_json_text``; the documented
document is ``score_json`` (plain data). These tests hold the two byte-identical, on the
sample workspace and on generated risks whose texts carry quotes, backslashes, control
characters, non-ASCII and lone surrogates.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MALINAU
from spbe_risk import vocab
from spbe_risk.documents.score import score_document, score_json, score_json_text
from spbe_risk.formats import render
from spbe_risk.formats.json import dumps
from spbe_risk.model import Pemantauan, Penanganan, Penilaian, Register, Risiko
from spbe_risk.scoring import score_workspace
from spbe_risk.sources import load


def _generic(ws, results, with_rollups=True) -> str:
    return json.dumps(score_json(ws, results, with_rollups), ensure_ascii=False, default=str)


def test_sample_workspace_bytes_equal_the_generic_encoder():
    ws = load(MALINAU).workspace
    for upr in (None, "diskominfo", "nobody"):
        results = score_workspace(ws, upr)
        assert score_json_text(ws, results) == _generic(ws, results)
        assert score_json_text(ws, results, False) == _generic(ws, results, False)
        out = io.StringIO()
        render(score_document(ws, upr, results), "json", out)
        assert out.getvalue() == dumps(score_json(ws, results))


texts = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    ['"', "\\", "\n", "\t", "\x00", "\x1f", "\x7f", "\u2028", "é", "\ud800"]), max_size=12)
levels = st.tuples(st.integers(1, 5), st.integers(1, 5))


@st.composite
def risks(draw, i):
    k, d = draw(levels)
    jenis = draw(st.sampled_from(vocab.JENIS_RISIKO))
    penanganan = None
    if draw(st.booleans()):
        target = Penilaian(*draw(levels)) if draw(st.booleans()) else None
        penanganan = Penanganan(draw(st.sampled_from(vocab.OPSI_PENANGANAN[jenis])),
                                target=target)
    pemantauan = tuple(Pemantauan(p, *draw(levels), draw(texts)) for p in draw(
        st.lists(st.sampled_from(["2026", "2026-Q1", "2026-S2", "2026-07"]), unique=True,
                 max_size=3)))
    return Risiko(f"R-{i}-{draw(texts)}", draw(st.sampled_from(["diskominfo", "bappeda"])),
                  2026, draw(texts), jenis, draw(st.sampled_from(vocab.KATEGORI_RISIKO[:3])),
                  draw(texts), draw(texts), draw(texts),
                  draw(st.sampled_from(vocab.AREA_DAMPAK)), draw(texts), Penilaian(k, d),
                  penanganan, pemantauan, aset=tuple(draw(st.lists(texts, max_size=3))),
                  file=draw(st.sampled_from(["a.yaml", "b/\"c\".yaml"])))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 6).flatmap(lambda n: st.tuples(*[risks(i) for i in range(n)])),
       texts)
def test_generated_risks_bytes_equal_the_generic_encoder(risiko, instansi):
    ws = load(MALINAU).workspace
    nilai = {(k, j): 11 for k in vocab.KATEGORI_RISIKO for j in vocab.JENIS_RISIKO}
    konteks = replace(ws.konteks, instansi=instansi,
                      selera_risiko=replace(ws.konteks.selera_risiko, nilai=nilai))
    ws = replace(ws, konteks=konteks, registers=(Register("a.yaml", "diskominfo", 2026, risiko),))
    results = score_workspace(ws)
    assert score_json_text(ws, results) == _generic(ws, results)
