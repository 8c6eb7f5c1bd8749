"""Formulir 1.0–5.0 as printed (issue 19), read back with poppler: every risk id whole,
no word broken without a hyphen (both languages), no page holding only signatures, the
header row on every page of a risk table, sections 2.1–2.10 in order, the regulation's
words; on the sample and on a generated register of 300 risks with long texts. Each
document set is rendered once per module; PNGs of first pages are kept under pytest's
tmp folder (``artifacts``)."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import formcheck
import pytest

import pdfcheck
from conftest import DATA, MALINAU

pytestmark = pdfcheck.needs_poppler
TODAY = date(2026, 11, 28)


def _render(ws_path: Path, out: Path, lang: str, keep=lambda name: True):
    """{job name: (pdf path, job, html)} for the Formulir jobs kept by ``keep``."""
    from spbe_risk.report.jobs import formulir_jobs, write_jobs
    from spbe_risk.report.writer import render_html
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    ws = load(str(ws_path)).workspace
    assert ws is not None
    jobs = [j for j in formulir_jobs(ws, score_workspace(ws), TODAY) if keep(j.name)]
    write_jobs(jobs, out, lang)
    return {j.name: (out / j.name, j, render_html(j.template, j.doc, lang, **j.extra))
            for j in jobs}


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    """Where first-page PNGs are kept: ``$SPBE_TEST_ARTIFACTS/formulir`` when set (a CI
    job can keep that folder), else pytest's own tmp folder (kept for its last runs)."""
    import os

    keep = os.environ.get("SPBE_TEST_ARTIFACTS")
    if keep:
        folder = Path(keep) / "formulir"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("artifacts")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return _render(MALINAU, tmp_path_factory.mktemp("id"), "id")


@pytest.fixture(scope="module")
def sample_en(tmp_path_factory):
    """The English build of every UPR's forms (the whole sample, as a user builds it)."""
    return _render(MALINAU, tmp_path_factory.mktemp("en"), "en")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root, ids = formcheck.big_workspace(tmp_path_factory.mktemp("big") / "ws", 300)
    docs = _render(root, tmp_path_factory.mktemp("big-out"), "id",
                   lambda n: "/diskominfo/" in n and any(f in n for f in ("3.0", "4.0", "5.0")))
    # The English build of the widest risk table: its headers and words are English, the
    # register's long texts stay Indonesian and must still never split without a hyphen.
    docs_en = _render(root, tmp_path_factory.mktemp("big-out-en"), "en",
                      lambda n: "/diskominfo/" in n and "3.0" in n)
    return docs, ids, docs_en


def _risk_ids(job) -> list[str]:
    if "risiko" in job.doc:
        return [r["id"] for r in job.doc["risiko"]]
    if "laporan" in job.doc:
        return list(dict.fromkeys(r["id"] for lap in job.doc["laporan"] for r in lap["risiko"]))
    return []


def _all_sets(sample, sample_en, big):
    return [("id", sample), ("en", sample_en), ("besar", big[0]), ("en", big[2])]


def test_every_risk_id_appears_whole(sample, sample_en, big):
    checked = 0
    for _, docs in _all_sets(sample, sample_en, big):
        for name, (pdf, job, _) in docs.items():
            ids = _risk_ids(job)
            assert formcheck.ids_whole(pdf, ids) == [], name
            checked += len(ids)
    assert checked > 2 * 300 + 51


def test_the_signature_page_always_holds_table_rows(sample, sample_en, big):
    """No page holds only a signature block: the page with the signatures carries at
    least one risk row (3.0–5.0) or other content of the form (1.0, 2.0)."""
    for _, docs in _all_sets(sample, sample_en, big):
        for name, (pdf, job, _) in docs.items():
            pages = formcheck.page_texts(pdf)
            signed = [i for i, p in enumerate(pages) if "NIP" in p]
            assert signed, name
            last = pages[signed[-1]]
            ids = _risk_ids(job)
            if ids:
                assert any(i in last for i in ids), f"{name}: signatures without rows"
            else:
                lines = [ln for ln in last.splitlines() if ln.strip()]
                assert len(lines) > 12, f"{name}: signatures alone on page {signed[-1] + 1}"


def test_every_page_of_a_risk_table_has_its_header_row(sample, sample_en, big):
    for lang, docs in _all_sets(sample, sample_en, big):
        head = "Risk Code" if lang == "en" else "Kode Risiko"
        for name, (pdf, job, _) in docs.items():
            ids = _risk_ids(job)
            for n, page in enumerate(formcheck.page_texts(pdf), 1):
                if any(i in page for i in ids):
                    flat = " ".join(page.split())
                    assert head in flat, f"{name} page {n}"
                    if "3.0" in name:
                        assert ("Identification" if lang == "en" else "Identifikasi") in flat


def test_no_word_is_split_without_a_hyphen(sample, sample_en, big):
    """Words of pdftotext against the words of the HTML the PDF was laid out from
    (which hold the register's words): a token that is neither a word, nor a fragment
    ending in a hyphen, nor the rest of a hyphenated word is a word broken mid-way."""
    for lang, docs in _all_sets(sample, sample_en, big):
        for name, (pdf, _, html) in docs.items():
            if "1.0" in name:
                continue
            bad = formcheck.broken_words(pdf, formcheck.html_words(html))
            assert bad == [], f"{lang} {name}: {bad[:10]}"


def test_the_check_catches_a_word_broken_without_hyphen():
    """The split detector is not vacuous: a word cut in two is reported."""
    words = formcheck.html_words("<p>Kemungkinan terjadi pemeliharaan</p>")
    tokens = formcheck._tokens("Kemu ngkinan terjadi pemeli\u2010 haraan")
    assert "kemu" not in words and "pemeli" in {w[:6] for w in words}
    assert tokens[0] == "kemu"


def test_formulir_2_holds_sections_2_1_to_2_10_in_order(sample, sample_en):
    for lang, docs in (("id", sample), ("en", sample_en)):
        for name, (pdf, _, _) in docs.items():
            if "2.0" not in name:
                continue
            flat = " ".join(pdfcheck.text(pdf).split())
            at = [flat.find(f"2.{i} ") for i in range(1, 11)]
            assert -1 not in at and at == sorted(at), (lang, name, at)


def test_the_regulations_words_are_printed(sample):
    text = {n.split("/")[-2] + "/" + n.split("/")[-1][:12]:     # hyphenated header words joined
            " ".join(pdfcheck.text(p).split()).replace("\u2010 ", "").replace("/ ", "/")
            for n, (p, _, _) in sample.items()}
    f3, f4, f5 = (text["diskominfo/formulir-3.0"], text["diskominfo/formulir-4.0"],
                  text["diskominfo/formulir-5.0"])
    for word in ("Kode Risiko", "Keputusan Penanganan Risiko (Ya/Tidak)", "Besaran Risiko",
                 "Level Risiko", "Indikator Kinerja", "Prioritas", "Selera Risiko: 6"):
        assert word in f3, word
    assert "Mitigasi Risiko" in f4 and "2 Februari 2026 s.d. 31 Agustus 2026" in f4
    assert "Triwulan I 2026" in f5 and "Triwulanan" in f5 and "2026-Q1" not in f5
    assert "melampaui selera risiko" in f5 and "Rencana Penanganan Lanjutan" in f5
    assert "≥" in text["diskominfo/formulir-2.0"] and ">=" not in text["diskominfo/formulir-2.0"]
    assert "Pakta Integritas" in text["diskominfo/formulir-1.0"]
    for t in text.values():
        assert "PEMERINTAH KABUPATEN MALINAU" in t and "diskominfo@malinau.go.id" in t
        assert not re.search(r"\b(tidak-memadai|belum-efektif|mitigasi)\b", t)


def test_signature_blocks_carry_their_role_ids(sample):
    for name, (_, _, html) in sample.items():
        found = re.findall(r'<div class="blok-ttd" id="ttd-([a-z-]+)">', html)
        assert "pemilik-risiko" in found, name
        if "1.0" not in name:
            assert found == ["koordinator-risiko", "pemilik-risiko"], name


def test_first_pages_kept_as_png(sample, sample_en, big, artifacts):
    for lang, docs in _all_sets(sample, sample_en, big):
        for name, (pdf, _, _) in docs.items():
            if "/diskominfo/" not in name:
                continue
            stem = artifacts / f"{lang}-{Path(name).stem}"
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf),
                            str(stem)], check=True)
    pngs = sorted(artifacts.glob("*.png"))
    assert len(pngs) >= 12 and all(p.stat().st_size > 5000 for p in pngs)


def test_a_register_without_the_new_fields_still_builds(tmp_path):
    """An old workspace (no kop, no 2.1/2.2/2.4/2.5 fields, bare monitoring entries) loads
    with warnings that say what a complete form needs, and its forms render."""
    import shutil

    from spbe_risk.sources import load

    ws = tmp_path / "old"
    shutil.copytree(DATA / "mini", ws)
    new_keys = re.compile(r"^\s*(tugas|fungsi|periode_mulai|periode_selesai|pemangku_kepentingan|"
                          r"indikator_kinerja|kop|peraturan_perundangan):.*$\n?", re.M)
    ctx = ws / "instansi.yaml"
    text = new_keys.sub("", ctx.read_text())
    text = re.sub(r"^    sasaran_spbe:\n(      - .*\n)+", "", text, flags=re.M)
    text = re.sub(r"^  - \{nama: Peraturan.*\n", "", text, flags=re.M)
    ctx.write_text(text)
    reg = ws / "risks" / "diskominfo-2026.yaml"
    reg.write_text(re.sub(r",\n\s+penanganan_dilakukan:[^}]*}", "}",
                          new_keys.sub("", reg.read_text())))
    result = load(str(ws))
    assert result.workspace is not None, [p.format() for p in result.errors]
    said = " ".join(p.message for p in result.warnings)
    assert "tugas (Formulir 2.1)" in said and "kop:" in said
    assert "penanganan_dilakukan" in said and "indikator_kinerja (Formulir 3.0)" in said
    docs = _render(ws, tmp_path / "out", "id")
    assert len(docs) == 10 and all(p.stat().st_size > 1000 for p, _, _ in docs.values())
