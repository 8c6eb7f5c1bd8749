"""Scoring properties: monotone besaran, consistent appetite, a total deterministic order."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_risk import vocab
from spbe_risk.load import load_matrices
from spbe_risk.model import Konteks, Pemantauan, Penanganan, Penilaian, Risiko, SeleraRisiko
from spbe_risk.resources import controls_dir
from spbe_risk.scoring import (
    besaran,
    latest_pemantauan,
    melebihi_selera,
    rollup,
    score_all,
    score_risk,
)

MATS = load_matrices({p.name: p.read_bytes() for p in (controls_dir() / "matrices").glob("*.yaml")},
                     [])
matrices = st.sampled_from(sorted(MATS.values(), key=lambda m: m.id))
levels = st.integers(1, 5)


@given(matrices, levels, levels, levels, levels)
def test_raising_a_level_never_lowers_besaran(mx, k, d, k2, d2):
    if k2 >= k and d2 >= d:
        assert besaran(mx, k2, d2) >= besaran(mx, k, d)


def _konteks(aturan=">=", minimum=11):
    nilai = {(k, j): minimum for k in vocab.KATEGORI_RISIKO for j in vocab.JENIS_RISIKO}
    return Konteks("Uji", 2026, "WITA", "permenpanrb-5-2020", (), vocab.KATEGORI_RISIKO,
                   vocab.AREA_DAMPAK, SeleraRisiko(aturan, nilai))


def _risk(rid, k, d, kategori="Keamanan SPBE", area="Reputasi", jenis="negatif", **kw):
    return Risiko(rid, "u", 2026, "s", jenis, kategori, "e", "c", "i", area, "", Penilaian(k, d), **kw)


@given(levels, levels, st.integers(1, 25), st.sampled_from([">=", ">"]))
def test_appetite_decision_is_consistent_with_besaran(k, d, minimum, aturan):
    mx = MATS["permenpanrb-5-2020"]
    h = score_risk(_risk("R", k, d), _konteks(aturan, minimum), mx)
    b = besaran(mx, k, d)
    assert h.perlu_penanganan == (b >= minimum if aturan == ">=" else b > minimum)
    assert h.selera_risiko == minimum
    # monotone: a risk with a higher besaran is never "less in need" of treatment
    for k2 in range(k, 6):
        assert melebihi_selera(_konteks(aturan).selera_risiko, minimum, besaran(mx, k2, d)) >= \
            h.perlu_penanganan


risk_specs = st.lists(st.tuples(levels, levels, st.sampled_from(vocab.KATEGORI_RISIKO),
                                st.sampled_from(vocab.AREA_DAMPAK)), min_size=1, max_size=40)


@settings(max_examples=80)
@given(risk_specs, st.randoms())
def test_priority_is_a_total_deterministic_order(specs, rnd):
    mx = MATS["permenpanrb-5-2020"]
    ktx = _konteks()
    risks = [_risk(f"R{i:03d}", k, d, kat, area) for i, (k, d, kat, area) in enumerate(specs)]
    first = score_all(risks, ktx, mx)
    shuffled = risks[:]
    rnd.shuffle(shuffled)
    second = score_all(shuffled, ktx, mx)
    assert [h.risiko.id for h in first] == [h.risiko.id for h in second]
    assert [h.prioritas for h in first] == list(range(1, len(risks) + 1))
    area_rank = {a: i for i, a in enumerate(ktx.area_dampak)}
    for a, b in zip(first, first[1:], strict=False):
        assert a.analisis.besaran >= b.analisis.besaran
        if a.analisis.besaran == b.analisis.besaran:
            assert area_rank[a.risiko.area_dampak] <= area_rank[b.risiko.area_dampak]


def test_impact_area_priority_breaks_ties():
    mx = MATS["permenpanrb-5-2020"]
    ktx = _konteks()
    # same besaran; "Finansial" comes before "Reputasi" in the instansi's priority
    ranked = score_all([_risk("A", 3, 3, area="Reputasi"), _risk("B", 3, 3, area="Finansial")],
                       ktx, mx)
    assert [h.risiko.id for h in ranked] == ["B", "A"]


def test_residual_monitoring_and_trend():
    mx = MATS["permenpanrb-5-2020"]
    r = _risk("R", 4, 4, penanganan=Penanganan("mitigasi", target=Penilaian(2, 3)),
              pemantauan=(Pemantauan("2026-Q2", 3, 3), Pemantauan("2026-03", 4, 4),
                          Pemantauan("2026-S1", 3, 4)))
    h = score_risk(r, _konteks(), mx)
    assert (h.analisis.besaran, h.analisis.level_risiko) == (19, "Tinggi")
    assert (h.residual.besaran, h.residual.level_risiko) == (11, "Sedang")
    assert h.residual_di_atas_selera is True       # 11 >= 11
    # 2026-Q2 and 2026-S1 both end in June; the later entry wins the tie
    assert h.periode_pemantauan == "2026-S1" and h.pemantauan.besaran == 17
    assert h.tren == "turun"
    assert latest_pemantauan(replace(r, pemantauan=())) is None


@pytest.mark.parametrize("seed", range(3))
def test_rollup_counts_add_up(seed):
    mx = MATS["permenpanrb-5-2020"]
    rng = random.Random(seed)
    risks = [_risk(f"R{i}", rng.randint(1, 5), rng.randint(1, 5),
                   rng.choice(vocab.KATEGORI_RISIKO), rng.choice(vocab.AREA_DAMPAK)) for i in range(60)]
    results = score_all(risks, _konteks(), mx)
    roll = rollup(results, mx)
    assert roll["jumlah_risiko"] == 60
    assert sum(roll["per_level_risiko"].values()) == 60
    assert sum(roll["per_kategori"].values()) == 60
    assert sum(map(sum, roll["peta_risiko"])) == 60
    assert roll["perlu_penanganan"] == sum(h.analisis.besaran >= 11 for h in results)
