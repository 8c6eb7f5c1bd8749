"""Coverage arithmetic, inventory validation, and risk → asset/control links."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit, errors, line_of
from spbe_risk import coverage as cov
from spbe_risk import vocab
from spbe_risk.model import StatusKontrol
from spbe_risk.scoring import score_workspace
from spbe_risk.sources import load

REG = "risks/diskominfo-2026.yaml"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    import shutil

    from conftest import DATA

    dest = tmp_path_factory.mktemp("cov") / "ws"
    shutil.copytree(DATA / "mini", dest)
    ws = load(dest).workspace
    return ws


def test_status_resolution_and_applicability(base):
    app = base.aset_by_id()["app-layanan"]
    c = cov.asset_coverage(app, base, [])
    by_id = {k.kontrol.id: k for k in c.kontrol}
    assert by_id["WEB-1.a"].status == "diterapkan" and by_id["WEB-1.a"].sumber == "aset"
    assert by_id["MNJ-a"].status == "sebagian"          # the asset's own entry wins
    assert by_id["WEB-2.a"].status == cov.BELUM_DINILAI and by_id["WEB-2.a"].sumber == ""
    assert not any(k.kontrol.id.startswith("MOB-") for k in c.kontrol)   # web-only asset
    pd = cov.asset_coverage(base.aset_by_id()["pusat-data"], base, [])
    pd_ids = {k.kontrol.id: k for k in pd.kontrol}
    assert pd_ids["MNJ-a"].status == "diterapkan" and pd_ids["MNJ-a"].sumber == "instansi"
    assert not any(i.startswith("WEB-") for i in pd_ids)


statuses = st.sampled_from((*vocab.STATUS_KONTROL, None))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_adding_an_implemented_control_never_lowers_coverage(base, data):
    app = base.aset_by_id()["app-layanan"]
    applicable = [k.kontrol.id for k in cov.asset_coverage(app, base, []).kontrol]
    chosen = data.draw(st.dictionaries(st.sampled_from(applicable), statuses, max_size=30))
    kontrol = {i: StatusKontrol(s, "alasan") for i, s in chosen.items() if s}
    before = cov.asset_coverage(replace(app, kontrol=kontrol), base, [])
    target = data.draw(st.sampled_from(applicable))
    after = cov.asset_coverage(replace(app, kontrol={**kontrol, target: StatusKontrol("diterapkan")}),
                               base, [])
    for b, a in zip(before.per_prinsip, after.per_prinsip, strict=True):
        assert a.diterapkan >= b.diterapkan
        if b.rasio is not None and a.rasio is not None:
            assert a.rasio >= b.rasio
    # marking a control not applicable takes it out of the denominator of its principles
    na = cov.asset_coverage(replace(app, kontrol={**kontrol, target: StatusKontrol(
        "tidak-berlaku", "alasan")}), base, [])
    was_counted = kontrol.get(target, StatusKontrol("belum")).status != "tidak-berlaku"
    ctl = next(k.kontrol for k in before.kontrol if k.kontrol.id == target)
    for b, n in zip(before.per_prinsip, na.per_prinsip, strict=True):
        expected = b.berlaku - (1 if was_counted and b.prinsip in ctl.prinsip else 0)
        assert n.berlaku == expected


def test_risk_links_and_open_risks(mini):
    edit(mini / REG, "    analisis: {kemungkinan: 2, dampak: 5}",
         "    analisis: {kemungkinan: 2, dampak: 5}\n    aset: [app-layanan]\n"
         "    prinsip: [kerahasiaan]\n"
         "    kontrol:\n      - {id: WEB-1.a, peran: ada}\n      - {id: WEB-1.d, peran: ada}\n"
         "      - {id: WEB-1.f, peran: rencana}")
    ws = load(mini).workspace
    results = score_workspace(ws)
    (c,) = cov.coverage(ws, results, "app-layanan")
    assert [(t.risiko, t.kontrol, t.status) for t in c.risiko_terbuka] == [
        ("DKI-02", "WEB-1.d", "sebagian"), ("DKI-02", "WEB-1.f", cov.BELUM_DINILAI)]
    soa = {k.kontrol.id: k for k in c.kontrol}
    assert soa["WEB-1.a"].risiko == ("DKI-02",)


def test_open_risks_only_name_controls_that_apply_to_the_asset(mini):
    """A risk on an application and a data centre links controls for each; the data
    centre's control is no open link of the application (and vice versa)."""
    edit(mini / REG, "    analisis: {kemungkinan: 2, dampak: 5}",
         "    analisis: {kemungkinan: 2, dampak: 5}\n    aset: [app-layanan, pusat-data]\n"
         "    kontrol:\n      - {id: WEB-1.d, peran: ada}\n      - {id: PDC-1, peran: ada}")
    ws = load(mini).workspace
    results = score_workspace(ws)
    app, pd = cov.coverage(ws, results)
    assert [t.kontrol for t in app.risiko_terbuka] == ["WEB-1.d"]
    assert [t.kontrol for t in pd.risiko_terbuka] == ["PDC-1"]


@pytest.mark.parametrize("file,old,new,message,where", [
    (REG, "    analisis: {kemungkinan: 2, dampak: 5}",
     "    analisis: {kemungkinan: 2, dampak: 5}\n    aset: [app-layann]",
     "aset: expected an asset id from assets.yaml, found 'app-layann'; did you mean 'app-layanan'?",
     "aset: [app-layann]"),
    (REG, "    analisis: {kemungkinan: 2, dampak: 5}",
     "    analisis: {kemungkinan: 2, dampak: 5}\n    kontrol:\n      - {id: WEB-1.z, peran: ada}",
     "id: expected a control id from the catalogs in controls/, found 'WEB-1.z'", "WEB-1.z"),
    (REG, "    analisis: {kemungkinan: 2, dampak: 5}",
     "    analisis: {kemungkinan: 2, dampak: 5}\n    kontrol:\n      - {id: WEB-1.a, peran: mungkin}",
     "peran: expected one of ada, rencana, found 'mungkin'", "peran: mungkin"),
    (REG, "    analisis: {kemungkinan: 2, dampak: 5}",
     "    analisis: {kemungkinan: 2, dampak: 5}\n    prinsip: [kerahasiaan, integritas]",
     "kenirsangkalan), found 'integritas'", "integritas"),
    ("assets.yaml", "WEB-1.a: {status: diterapkan}", "WEB-1.a: {status: diterapka}",
     "did you mean 'diterapkan'?", "diterapka}"),
    ("assets.yaml", "WEB-11.d: {status: tidak-berlaku, justifikasi: Tidak ada unggahan berkas.}",
     "WEB-11.d: {status: tidak-berlaku}", "expected a justifikasi for status tidak-berlaku",
     "WEB-11.d"),
    ("assets.yaml", "      WEB-1.a: {status", "      WEB-1.x: {status",
     "kontrol: expected a control id from the catalogs in controls/, found 'WEB-1.x'", "WEB-1.x"),
    ("assets.yaml", "jenis: aplikasi-khusus", "jenis: aplikasi-kusus",
     "did you mean 'aplikasi-khusus'?", "aplikasi-kusus"),
    ("assets.yaml", "    platform: [web]\n", "", "missing key 'platform'", "- id: app-layanan"),
    ("assets.yaml", "    upr: diskominfo\n    operator", "    upr: dinkes\n    operator",
     "upr: expected a UPR id listed in instansi.yaml, found 'dinkes'", "upr: dinkes"),
    ("assets.yaml", "tanggal: 2024-05-14", "tanggal: 2024-13-14",
     "tanggal: expected a valid date YYYY-MM-DD between 1945-01-01 and 2200-12-31, found "
     "'2024-13-14'", "2024-13-14"),
    ("assets.yaml", "jenis_audit: keamanan, tanggal: 2024-05-14",
     "jenis_audit: keamanann, tanggal: 2024-05-14",
     "did you mean 'keamanan'?", "keamanann"),
    ("assets.yaml", "  - id: pusat-data\n", "  - id: app-layanan\n",
     "id: expected each asset id once, found 'app-layanan' again", "nama: Pusat Data"),
])
def test_inventory_and_link_errors(mini, file, old, new, message, where):
    edit(mini / file, old, new)
    found_errors = errors(mini)
    matching = [p for p in found_errors if message in p.message]
    assert matching, [p.format() for p in found_errors]
    expected = line_of(mini / file, where)
    if where == "nama: Pusat Data":
        expected -= 1          # the duplicate id sits on the line before
    assert matching[0].line == expected, matching[0].format()
