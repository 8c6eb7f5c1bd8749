"""The Laporan Periodik Penyelenggaraan Audit TIK (Permenkominfo 16/2022 Pasal 23,
Lampiran III): for the sample it lists every bundle in audits/; real PDFs (poppler),
PDF/A-3b with the JSON attached, the JSON and CSVs for the portal, the signature block
the PAdES step finds by id."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MALINAU
from pdfcheck import attachments, is_pdfa3b, page_footers, pages, text
from spbe_risk.cli import main

TODAY = "2027-02-15"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("periodik")
    res = run("periodic-report", MALINAU, "--out", out, "--today", TODAY)
    assert res.exit_code == 0, res.output
    return out


def test_the_sample_report_lists_every_bundle_in_audits(sample):
    bundles = sorted(p.name for p in (MALINAU / "audits").glob("*.zip"))
    assert bundles
    report = text(sample / "laporan-periodik-audit-tik.pdf")
    doc = json.loads((sample / "laporan-periodik-audit-tik.json").read_text(encoding="utf-8"))
    listed = ([a["bundel"] for a in doc["audit"]] + [b["bundel"] for b in doc["bundel_ditolak"]]
              + doc["bundel_di_luar_periode"]
              + [v["bundel"] for v in doc["verifikasi_tindak_lanjut"]])
    assert sorted(listed) == bundles
    for name in bundles:
        assert name.removesuffix(".zip") in report
    rows = list(csv.DictReader((sample / "laporan-periodik-audit-tik-audit.csv").open(
        encoding="utf-8", newline="")))
    assert sorted(r["bundel"] for r in rows) == sorted(a["bundel"] for a in doc["audit"])


def test_the_report_holds_what_pasal_23_monitors(sample):
    report = " ".join(text(sample / "laporan-periodik-audit-tik.pdf").split())
    for words in ("Laporan Periodik Penyelenggaraan Audit Teknologi Informasi dan Komunikasi",
                  "16 Februari 2025 s.d. 15 Februari 2027",
                  "A. Audit TIK yang diselenggarakan dalam periode", "Inspektorat Kabupaten Malinau",
                  "Yohanes Lawing", "B. Tindak lanjut temuan", "T-02", "perlu eskalasi",
                  "C. Pemenuhan kewajiban Audit TIK per aset", "Tidak Terpenuhi",
                  "D. Bundel bukti yang tidak dihitung", "Sekretaris Daerah selaku Koordinator SPBE"):
        assert words in report, words
    doc = json.loads((sample / "laporan-periodik-audit-tik.json").read_text(encoding="utf-8"))
    by_kind = {a["pelaksana"]: a for a in doc["audit"]}
    assert by_kind["internal"]["surat_keterangan"] is None
    external = by_kind["eksternal"]
    assert external["surat_keterangan"]["nomor"] and external["lembaga"]["nomor_registrasi"]
    assert sum(m["peran"] == "ketua" for m in external["tim_auditor"]) == 1
    assert len(external["tim_auditor"]) >= 2 and external["konklusi"]
    flat = "".join(report.split())          # a cell may wrap a long number anywhere
    for words in (external["surat_keterangan"]["nomor"], external["lembaga"]["nama"]):
        assert "".join(words.split()) in flat, words
    assert doc["ringkasan"]["kewajiban_tidak_terpenuhi"] == sum(
        d["status"] == "tidak-terpenuhi" for d in doc["kewajiban"]) > 0
    duties = list(csv.DictReader((sample / "laporan-periodik-audit-tik-kewajiban.csv").open(
        encoding="utf-8", newline="")))
    assert len(duties) == len(doc["kewajiban"])
    # a duty met only by an internal audit is not met (Pasal 17(4)): the note says why
    assert any("tidak memenuhi kewajiban Pasal 17 ayat (4)" in d["catatan"] for d in duties)


def test_letter_follows_format_1_and_both_pdfs_are_archival(sample, tmp_path):
    letter = sample / "surat-laporan-periodik-audit-tik.pdf"
    words = " ".join(text(letter).split())
    assert ("Pasal 56, Pasal 57, dan Pasal 58 Peraturan Presiden Nomor 95 Tahun 2018" in words
            and "Peraturan Menteri Komunikasi dan Informatika Nomor 16 Tahun 2022" in words)
    assert "diselenggarakan oleh Pemerintah Kabupaten Malinau sebagaimana terlampir" in words
    assert pages(letter) == 1
    report = sample / "laporan-periodik-audit-tik.pdf"
    assert page_footers(report) == [(k, pages(report)) for k in range(1, pages(report) + 1)]
    for pdf in (letter, report):
        assert is_pdfa3b(pdf)
        got = attachments(pdf, tmp_path / pdf.stem)
        assert json.loads(got["data.json"]) == json.loads(
            (sample / "laporan-periodik-audit-tik.json").read_text(encoding="utf-8"))


def test_signature_block_by_id_for_the_pades_step(tmp_path):
    import datetime as dt

    from spbe_risk.report.writer import render_html
    from spbe_risk.sources import load_or_raise
    from spbe_risk.sources.periodik import build_report

    ws, _ = load_or_raise(MALINAU)
    doc = build_report(ws, dt.date(2025, 2, 16), dt.date(2027, 2, 15), dt.date(2027, 2, 15))
    for template in ("periodik-surat.html.j2", "periodik.html.j2"):
        html = render_html(template, doc, "id")
        assert html.count('<div class="blok-ttd" id="ttd-koordinator-spbe">') == 1


def test_period_options_and_english(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(MALINAU, ws)
    (ws / ".spbe-risk-cache").exists() and shutil.rmtree(ws / ".spbe-risk-cache")
    bad = run("periodic-report", ws, "--out", tmp_path / "x", "--since", "2027-01-01",
              "--until", "2026-01-01")
    assert bad.exit_code == 2 and "--since" in bad.output and not (tmp_path / "x").exists()
    typo = run("periodic-report", ws, "--out", tmp_path / "x", "--until", "2026-13-01")
    assert typo.exit_code == 2 and "--until" in typo.output
    out = tmp_path / "early"
    res = run("periodic-report", ws, "--out", out, "--since", "2025-01-01", "--until",
              "2025-12-31", "--today", "2026-01-05", "--lang", "en")
    assert res.exit_code == 0, res.output
    doc = json.loads((out / "laporan-periodik-audit-tik.json").read_text(encoding="utf-8"))
    bundles = sorted(p.name for p in (ws / "audits").glob("*.zip"))
    assert doc["audit"] == [] and doc["bundel_di_luar_periode"] == bundles
    report = " ".join(text(out / "laporan-periodik-audit-tik.pdf").split())
    assert "Periodic Report on the Conduct of Information and Communication Technology Audits" \
        in report
    assert all(name in report for name in bundles)
