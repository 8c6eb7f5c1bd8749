"""Formulir 2.0–5.0 as real PDF/A-3b files, checked with poppler-utils (issue 11).

One build of the Malinau sample (module fixture) is read by several tests: text, page
counts, a page rendered to PNG, XMP metadata, the attached source JSON. Hostile register
text is rendered from a small workspace while a local HTTP server counts requests.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import pdfcheck
from conftest import DATA, MALINAU, edit
from spbe_risk.cli import main

pytestmark = pdfcheck.needs_poppler
TODAY = "2026-11-28"
ENV = {"SPBE_RISK_LANG": ""}


def build(ws: Path, out: Path, *extra: str) -> None:
    res = CliRunner().invoke(main, ["build", str(ws), "--out", str(out), "--today", TODAY, *extra],
                             env=ENV)
    assert res.exit_code == 0, res.output


@pytest.fixture(scope="module")
def malinau_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "reports"
    build(MALINAU, out)
    return out


def formulir(out: Path, upr: str, stem: str) -> Path:
    return out / "laporan" / "formulir" / upr / f"{stem}.pdf"


def test_build_writes_four_forms_per_upr_listed_in_the_manifest(malinau_build):
    manifest = json.loads((malinau_build / "build-manifest.json").read_text())
    names = {f["name"] for f in manifest["files"]}
    from spbe_risk.sources import load

    ws = load(str(MALINAU)).workspace
    for u in ws.konteks.upr:
        for stem in ("formulir-1.0-pakta-integritas", "formulir-2.0-konteks",
                     "formulir-3.0-penilaian", "formulir-4.0-penanganan",
                     "formulir-5.0-pemantauan"):
            assert f"laporan/formulir/{u.id}/{stem}.pdf" in names
    assert "scores.json" in names          # every earlier output is still there


def test_penilaian_text_has_every_risk_level_heading_and_an_indonesian_date(malinau_build):
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    ws = load(str(MALINAU)).workspace
    mine = [h for h in score_workspace(ws) if h.risiko.upr == "diskominfo"]
    text = pdfcheck.text(formulir(malinau_build, "diskominfo", "formulir-3.0-penilaian"))
    flat = " ".join(text.split())
    assert "Formulir 3.0 — Penilaian Risiko SPBE" in flat
    assert "Kode Risiko" in flat and "Disetujui oleh" in flat
    assert "Malinau, 28 November 2026" in flat
    assert "Halaman 1 dari" in flat
    for h in mine:                          # ids whole; besaran and level in two cells
        assert h.risiko.id in text.split(), h.risiko.id
        assert h.analisis.level_risiko in flat


def test_pages_are_a4_landscape_and_page_counts_sane(malinau_build):
    """Every page says "Halaman k dari N" with N the file's page count; a register's
    Penilaian takes at most a page per risk plus one."""
    from spbe_risk.sources import load

    ws = load(str(MALINAU)).workspace
    risks = {r.upr: len(r.risiko) for r in ws.registers}
    for pdf in sorted((malinau_build / "laporan" / "formulir").rglob("*.pdf")):
        meta = pdfcheck.info(pdf)
        pages = int(meta["Pages"])
        assert pdfcheck.page_footers(pdf) == [(k, pages) for k in range(1, pages + 1)], pdf
        portrait = pdf.name.startswith("formulir-1.0")     # the Pakta Integritas
        assert meta["Page size"].strip().startswith(
            "595.276 x 841.89" if portrait else "841.89 x 595.276"), pdf
        if pdf.name.startswith("formulir-3.0"):
            assert pages <= risks[pdf.parent.name] + 1, pdf


def test_a_page_rendered_to_png_is_not_blank(malinau_build, tmp_path):
    pdf = formulir(malinau_build, "diskominfo", "formulir-3.0-penilaian")
    png = pdfcheck.png_page(pdf, 1, tmp_path / "page1")
    assert 0.02 < pdfcheck.ink_ratio(png) < 0.9


def test_every_pdf_is_pdfa3b_with_title_author_and_language(malinau_build):
    pdf = formulir(malinau_build, "bpkad", "formulir-4.0-penanganan")
    assert pdfcheck.is_pdfa3b(pdf)
    meta = pdfcheck.info(pdf)
    assert meta["Title"].strip() == "Formulir 4.0 — Rencana Penanganan Risiko SPBE"
    assert meta["Author"].strip() == "Pemerintah Kabupaten Malinau"
    assert pdfcheck.catalog_lang(pdf) == "id"
    assert "2026-11-28" in pdfcheck.xmp(pdf)            # the document's date, not the clock


def test_the_attachment_is_the_document_the_page_was_rendered_from(malinau_build, tmp_path):
    from spbe_risk.documents.formulir import formulir_documents
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    pdf = formulir(malinau_build, "dinsos", "formulir-5.0-pemantauan")
    got = pdfcheck.attachments(pdf, tmp_path / "att")
    assert list(got) == ["data.json"]
    ws = load(str(MALINAU)).workspace
    (doc,) = [d for u, f, d in formulir_documents(ws, score_workspace(ws), date(2026, 11, 28))
              if u == "dinsos" and f == "5.0"]
    assert json.loads(got["data.json"]) == doc
    assert doc["laporan"], "the sample has monitoring reports for dinsos"


def test_same_inputs_give_the_same_pdf_bytes(malinau_build, tmp_path):
    again = tmp_path / "again"
    res = CliRunner().invoke(main, ["report", str(MALINAU), "--out", str(again), "--today", TODAY],
                             env=ENV)
    assert res.exit_code == 0, res.output
    a = formulir(malinau_build, "setda", "formulir-2.0-konteks").read_bytes()
    b = formulir(again, "setda", "formulir-2.0-konteks").read_bytes()
    assert a == b


def test_english_reports_have_english_headings(tmp_path):
    out = tmp_path / "en"
    build(DATA / "mini", out, "--lang", "en")
    flat = " ".join(pdfcheck.text(formulir(out, "diskominfo", "formulir-3.0-penilaian")).split())
    assert "SPBE Risk Assessment" in flat and "Prepared by" in flat and "Page 1 of" in flat
    assert "28 November 2026" in flat
    for indonesian in ("Penilaian Risiko SPBE", "Disusun oleh", "Halaman", "Sistem pengendalian",
                       "Perlu penanganan"):
        assert indonesian not in flat
    assert pdfcheck.catalog_lang(formulir(out, "diskominfo", "formulir-3.0-penilaian")) == "en"


def test_spbe_risk_lang_environment_selects_english(tmp_path):
    out = tmp_path / "env"
    res = CliRunner().invoke(main, ["report", str(DATA / "mini"), "--out", str(out), "--today", TODAY],
                             env={"SPBE_RISK_LANG": "en"})
    assert res.exit_code == 0, res.output
    assert "SPBE Risk Assessment" in pdfcheck.text(formulir(out, "diskominfo",
                                                             "formulir-3.0-penilaian"))


def test_hostile_register_text_renders_escaped_and_fetches_nothing(tmp_path, http_counter):
    port, hits = http_counter
    ws = tmp_path / "ws"
    shutil.copytree(DATA / "mini", ws)
    payload = (f'<script>alert(1)</script><img src="http://127.0.0.1:{port}/x">'
               f'<div style="background:url(http://127.0.0.1:{port}/y)">css</div>'
               f'<link rel=stylesheet href="http://127.0.0.1:{port}/z">')
    edit(ws / "risks" / "diskominfo-2026.yaml", "kejadian: Pusat data padam",
         f"kejadian: {json.dumps(payload)}")
    out = tmp_path / "out"
    build(ws, out)
    text = pdfcheck.text(formulir(out, "diskominfo", "formulir-3.0-penilaian"), raw=True)
    flat = "".join(text.split()).replace("\u2010", "")     # hyphenated in a narrow column
    # the cell may wrap after "</" (a legal break); pdftotext then reads the next cell's
    # line in between, so the two halves are checked as printed text
    assert "<script>alert(1)</script>" in flat or \
        ("<script>alert(1)</" in flat and "script><img" in flat)
    # the markup is printed as text (its pieces; the cell wraps at "/")
    assert '<imgsrc="http:' in flat and f"127.0.0.1:{port}" in flat and "url(http:" in flat
    assert hits == []


def test_control_characters_in_text_are_shown_visibly(tmp_path):
    from spbe_risk.report.writer import render_html

    html = render_html("formulir-3.0.html.j2", _doc_with_text("A\u202eB\u200bC\x1b"), "id")
    assert "A⟨U+202E⟩B⟨U+200B⟩C␛" in html
    assert "\u202e" not in html and "\x1b" not in html


def _doc_with_text(kejadian: str) -> dict:
    from spbe_risk.documents.formulir import formulir_documents
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    ws = load(str(DATA / "mini")).workspace
    (doc,) = [d for u, f, d in formulir_documents(ws, score_workspace(ws), date(2026, 11, 28))
              if u == "diskominfo" and f == "3.0"]
    doc["risiko"][0]["kejadian"] = kejadian
    return doc


def test_translation_never_turns_data_into_markup():
    """``_()`` of a data value (a domain word) is escaped like any other value."""
    from spbe_risk.report.templates import environment

    tmpl = environment("id").from_string("{{ _(x) }}")
    assert tmpl.render(x="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_a_failing_check_exits_2_and_leaves_the_output_folder_untouched(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(DATA / "mini", ws)
    out = tmp_path / "out"
    build(ws, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(ws / "risks" / "diskominfo-2026.yaml", "analisis: {kemungkinan: 4, dampak: 4}",
         "analisis: {kemungkinan: 9, dampak: 4}")
    res = CliRunner().invoke(main, ["build", str(ws), "--out", str(out), "--today", TODAY], env=ENV)
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_no_reports_flag_writes_only_machine_files(tmp_path):
    out = tmp_path / "out"
    build(DATA / "mini", out, "--no-reports")
    assert not (out / "laporan").exists() and (out / "scores.json").exists()


def test_the_fetcher_alone_blocks_network_and_files_even_for_raw_html(http_counter):
    """Second layer: HTML that does reference outside resources (as if escaping failed)
    still fetches nothing — the URL fetcher refuses, and says which URLs it refused."""
    from spbe_risk.report.pdf import html_to_pdf

    port, hits = http_counter
    html = (f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
            f'<style>@import url("http://127.0.0.1:{port}/b.css"); body {{ background: '
            f'url(http://127.0.0.1:{port}/c.png) }}</style></head><body>'
            f'<img src="http://127.0.0.1:{port}/d.png"><img src="file:///etc/passwd">'
            f'<img src="spbe-asset:../report/pdf.py"></body></html>')
    refused: list[str] = []
    pdf = html_to_pdf(html, "{}", date(2026, 11, 28), refused=refused)
    assert pdf.startswith(b"%PDF")
    assert hits == []
    assert any("/d.png" in u for u in refused) and any("file:" in u for u in refused)
    assert any("../report" in u for u in refused)


@pytest.mark.parametrize("url", ["http://example.org/x", "https://x/y", "file:///etc/passwd",
                                 "ftp://x/y", "spbe-asset:../report/pdf.py",
                                 "spbe-asset:/nonexistent.css", "data:text/plain;base64," + "A" * 400_000,
                                 "javascript:alert(1)"])
def test_fetcher_refuses(url):
    from spbe_risk.report.fetcher import Refused, resolve

    with pytest.raises(Refused):
        resolve(url)


def test_fetcher_serves_template_assets_and_small_data_urls():
    from spbe_risk.report.fetcher import resolve

    body, mime = resolve("spbe-asset:style.css")
    assert b"font-family" in body and mime == "text/css"
    assert resolve("data:text/plain,abc") == (b"abc", "text/plain")


def test_heatmap_svg_matches_the_golden_file():
    """The 5×5 grid: the regulation's besaran numbers, band colours, risks per cell."""
    import os

    from spbe_risk.documents.peta import peta_risiko
    from spbe_risk.report.templates import environment
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    ws = load(str(MALINAU)).workspace
    peta = peta_risiko(score_workspace(ws), ws.matriks, "analisis")
    svg = environment("id").from_string(
        '{% from "_macros.html.j2" import heatmap %}{{ heatmap(peta) }}').render(peta=peta) + "\n"
    golden = Path(__file__).parent / "golden" / "heatmap-analisis.svg"
    if os.environ.get("SPBE_UPDATE_GOLDEN"):
        golden.write_text(svg, encoding="utf-8")
    assert svg == golden.read_text(encoding="utf-8")
    cells = [c for row in peta["baris"] for c in row["sel"]]
    assert sorted(c["besaran"] for c in cells) == list(range(1, 26))
    assert sum(c["jumlah"] for c in cells) == sum(len(r.risiko) for r in ws.registers)
    assert "<script" not in svg and "<image" not in svg and "href" not in svg


def test_rendering_on_two_cores_gives_the_same_bytes_as_on_one(tmp_path):
    from spbe_risk.report.jobs import formulir_jobs, write_jobs
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    ws = load(str(DATA / "mini")).workspace
    jobs = formulir_jobs(ws, score_workspace(ws), date(2026, 11, 28))
    one, two = tmp_path / "one", tmp_path / "two"
    a = write_jobs(jobs, one, "id", workers=1)
    b = write_jobs(jobs, two, "id", workers=2)
    assert [p.relative_to(one) for p in a] == [p.relative_to(two) for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))


def test_a_progress_bar_on_a_terminal_and_none_in_a_log(tmp_path):
    """On a terminal ``build`` draws a progress bar for the reports on stderr; piped (CI
    logs) it prints none."""
    import os
    import pty
    import subprocess
    import sys

    def run_build(out, stderr):
        return subprocess.run([sys.executable, "-m", "spbe_risk", "build", str(DATA / "mini"),
                               "--out", str(out), "--today", TODAY], stdout=subprocess.PIPE,
                              stderr=stderr, env={**os.environ, "SPBE_RISK_LANG": "",
                                                  "COLUMNS": "100", "TERM": "xterm"},
                              timeout=300)

    leader, follower = pty.openpty()
    seen = bytearray()

    def drain():                       # read while it runs: a full pty would block it
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)

    import threading

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    done = run_build(tmp_path / "tty", follower)
    os.close(follower)
    reader.join(timeout=30)
    os.close(leader)
    assert done.returncode == 0
    assert "━".encode() in seen and b"/12" in seen, bytes(seen[-400:])
    piped = run_build(tmp_path / "log", subprocess.PIPE)
    assert piped.returncode == 0 and "━".encode() not in piped.stderr
