"""Issue 9 §5: the catalogs, matrix and tables say what the regulation says
(shared/domain/spbe-reference.md, section Corrections); the project's own reading of an
item lives in ``panduan``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from spbe_risk import vocab
from spbe_risk.cli import main
from spbe_risk.load import load_catalogs, load_matrices
from spbe_risk.resources import controls_dir

FILES = {p.name: p.read_bytes() for p in sorted(controls_dir().glob("*.yaml"))}


@pytest.fixture(scope="module")
def kontrol():
    problems: list = []
    kats = load_catalogs(FILES, problems)
    assert problems == []
    return {k.id: k for kat in kats for k in kat.kontrol}, {kat.id: kat for kat in kats}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# Pasal 27 wording (Corrections): the words each judul or pernyataan must carry, and the
# interpretation that must have moved out of them into panduan.
LITERAL = {
    "WEB-2.g": (["duplikasi", "persetujuan pengguna"], []),
    "WEB-3.b": (["serangan otomatis"], []),
    "WEB-4.f": (["fitur kode dinamis"], ["escaping"]),
    "WEB-6.f": (["enkripsi", "injeksi log"], ["dienkode", "pengodean"]),
    "WEB-7.d": (["jumlah parameter"], []),
    "WEB-8.c": (["algoritma", "alat pengujian"], ["TLS 1.2"]),
    "WEB-9.d": (["pelindungan integritas"], ["Subresource"]),
    "WEB-10.e": (["serangan otomatis", "aktivitas yang tidak biasa"], []),
    "WEB-12.f": (["metode pelindungan layanan berbasis web"], ["Web Application Firewall",
                                                                "WAF"]),
}


@pytest.mark.parametrize("cid", sorted(LITERAL))
def test_web_items_say_what_pasal_27_says(kontrol, cid):
    k = kontrol[0][cid]
    must, moved = LITERAL[cid]
    text = f"{k.judul} {k.pernyataan}".lower()
    for word in must:
        assert word.lower() in text, (cid, word, text)
    for word in moved:
        assert word.lower() not in text, (cid, word)
    assert k.panduan, cid


def test_web_items_and_matrix_are_secondary(kontrol):
    web = [k for k in kontrol[0].values() if k.katalog == "bssn-4-2021-web"]
    assert len(web) == 75 and {k.confidence for k in web} == {"secondary"}
    assert kontrol[1]["bssn-4-2021-web"].confidence == "secondary"
    problems: list = []
    mx = load_matrices({p.name: p.read_bytes()
                        for p in (controls_dir() / "matrices").glob("*.yaml")}, problems)
    assert mx["permenpanrb-5-2020"].confidence == "secondary"
    assert mx["permenpanrb-5-2020"].kemungkinan[2] == "Kadang-Kadang Terjadi"


def test_no_unconfirmed_marks_left_on_k_numbers():
    for name, raw in FILES.items():
        assert b"[?]" not in raw, name


def test_manajemen_catalog_by_article(kontrol):
    mnj = {cid: k for cid, k in kontrol[0].items() if k.katalog == "bssn-4-2021-manajemen"}
    pasal = {cid: k.source.get("pasal") for cid, k in mnj.items()}
    assert all("huruf" not in k.source for k in mnj.values())
    assert pasal["MNJ-a"] == 4 and str(pasal["MNJ-b"]) in ("5-7", "6")
    covered = " ".join(str(p) for p in pasal.values())
    for article in ("7", "11", "12", "13", "14", "15", "16"):
        assert article in covered.replace("-", " ").split() or any(
            str(p) == article for p in pasal.values()), (article, pasal)
    b = mnj["MNJ-b"].pernyataan
    assert "Koordinator SPBE" in b and "Kepala daerah menetapkan" not in b
    a = mnj["MNJ-a"].pernyataan.lower()
    for area in ("data dan informasi", "aplikasi", "infrastruktur", "kebijakan keamanan"):
        assert area in a
    assert "eksternal" in a
    for cid in ("MNJ-c.1", "MNJ-c.3"):
        text = mnj[cid].pernyataan.lower()
        assert "tahunan" not in text and "setahun sekali" not in text, cid


def test_controls_show_prints_panduan():
    res = run("controls", "show", "WEB-12.f")
    assert res.exit_code == 0 and "Guidance:" in res.stdout and "WAF" in res.stdout
    doc = json.loads(run("controls", "show", "WEB-12.f", "--format", "json").stdout)
    assert "WAF" in doc["panduan"]


def test_treatment_options_shown_with_full_names(mini):
    assert vocab.NAMA_OPSI["mitigasi"] == "Mitigasi Risiko"
    assert set(vocab.NAMA_OPSI) == {o for opts in vocab.OPSI_PENANGANAN.values() for o in opts}
    res = run("score", mini, "--format", "csv")
    assert "Mitigasi Risiko" in res.stdout
    doc = json.loads(run("score", mini, "--format", "json").stdout)
    assert {r["opsi_penanganan"] for r in doc["risiko"]} >= {"mitigasi"}


def test_panduan_field_is_optional_text():
    text = FILES["bssn-4-2021-web.yaml"].decode()
    bad = text.replace("    panduan: ", "    panduan: [", 1)
    problems: list = []
    load_catalogs({"w.yaml": bad.encode()}, problems)
    assert problems


@pytest.mark.parametrize("cid,word", [("WEB-1.f", "bcrypt"), ("WEB-5.b", "AES-GCM"),
                                      ("WEB-5.c", "HSM"), ("WEB-13.d", "CDN"),
                                      ("WEB-13.e", "Strict-Transport-Security")])
def test_named_technologies_are_guidance_not_the_statement(kontrol, cid, word):
    k = kontrol[0][cid]
    assert word not in k.pernyataan and word in k.panduan
