"""A very large Formulir rendered in parts (issue 23 §9, ``report/paged.py``), read back with
poppler and signed: every risk id whole and in order, the header row on every page, one
"Halaman X dari Y" sequence over the whole joined file, the letterhead on the first page
only, the signature blocks on the last page with rows, still PDF/A-3b with the WHOLE
document as data.json, the same bytes twice, and a PAdES signature in the block that
verifies. The part size is lowered (40 rows) so that a register of 120 long risks makes
three parts; the threshold itself is checked without rendering."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import formcheck
import pytest
from signing_fixtures import KEY_PW, pki

import pdfcheck

pytestmark = pdfcheck.needs_poppler
N, PER = 120, 40


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    from spbe_risk.report.jobs import formulir_jobs
    from spbe_risk.report.paged import bounds, render_pdf_parts
    from spbe_risk.report.writer import source_json
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    tmp = tmp_path_factory.mktemp("parts")
    root, ids = formcheck.big_workspace(tmp / "ws", N)
    ws = load(str(root)).workspace
    assert ws is not None
    (job,) = [j for j in formulir_jobs(ws, score_workspace(ws), date(2026, 11, 28))
              if "/diskominfo/formulir-3.0" in j.name]
    assert len(bounds(len(job.doc["risiko"]), PER)) == 3
    data = render_pdf_parts(job.template, job.doc, "id", source_json(job.doc), [], per=PER,
                            **job.extra)
    again = render_pdf_parts(job.template, job.doc, "id", source_json(job.doc), [], per=PER,
                             **job.extra)
    pdf = tmp / "formulir-3.0.pdf"
    pdf.write_bytes(data)
    return pdf, job, ids, data == again


def test_every_risk_id_whole_and_in_order(parts):
    pdf, _, ids, _ = parts
    assert formcheck.ids_whole(pdf, ids) == []
    text = pdfcheck.text(pdf, raw=True)
    where = [text.index(i) for i in ids]
    assert where == sorted(where)


def test_header_row_on_every_page(parts):
    pdf, _, ids, _ = parts
    pages = formcheck.page_texts(pdf)
    assert len(pages) > 3
    for n, page in enumerate(pages, 1):
        assert any(i in page for i in ids), f"page {n} without rows"
        flat = " ".join(page.split())
        assert "Kode Risiko" in flat and "Identifikasi" in flat, f"page {n}"


def test_page_numbers_run_over_the_whole_file(parts):
    pdf, _, _, _ = parts
    n = pdfcheck.pages(pdf)
    assert pdfcheck.page_footers(pdf) == [(i, n) for i in range(1, n + 1)]
    pages = formcheck.page_texts(pdf)
    footer = "Pemerintah Kabupaten Malinau — Formulir 3.0 — Penilaian Risiko SPBE"
    assert all(footer in p for p in pages)     # the running footer (from the letterhead)


def test_letterhead_and_upr_header_only_on_the_first_page(parts):
    pdf, job, _, _ = parts
    pages = formcheck.page_texts(pdf)
    unit = "Unit Pemilik Risiko"
    assert unit in pages[0]
    assert not any(unit in p for p in pages[1:])
    assert sum(p.count("Dibuat dengan spbe-risk") for p in pages) == 1
    assert "Dibuat dengan spbe-risk" in pages[-1]


def test_signature_blocks_end_the_file_with_rows(parts):
    pdf, _, ids, _ = parts
    pages = formcheck.page_texts(pdf)
    signed = [i for i, p in enumerate(pages) if "NIP" in p]
    assert signed == [len(pages) - 1]
    assert any(i in pages[-1] for i in ids)
    info = pdfcheck.info(pdf)
    fields = info.get("SPBESignatureFields")
    if fields is None:       # older poppler prints custom keys only with -custom
        out = subprocess.run(["pdfinfo", "-custom", str(pdf)], capture_output=True, text=True)
        fields = next(ln.split(":", 1)[1] for ln in out.stdout.splitlines()
                      if ln.startswith("SPBESignatureFields"))
    assert f"ttd-pemilik-risiko:{len(pages) - 1}:" in fields


def test_still_pdfa3b_with_the_whole_document_attached(parts, tmp_path):
    pdf, job, _, same = parts
    from spbe_risk.report.writer import source_json

    assert pdfcheck.is_pdfa3b(pdf)
    got = pdfcheck.attachments(pdf, tmp_path / "att")
    assert list(got) == ["data.json"]
    assert got["data.json"].decode("utf-8") == source_json(job.doc)
    assert len(json.loads(got["data.json"])["risiko"]) == N
    assert pdfcheck.info(pdf)["Title"].strip().startswith("Formulir 3.0")
    assert same, "the same inputs gave different bytes"


def test_signs_in_its_block_and_verifies(parts):
    from click.testing import CliRunner

    from spbe_risk.cli import main

    pdf, _, _, _ = parts
    out = pdf.with_name("signed.pdf")
    env = {"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()}
    r = CliRunner().invoke(main, ["sign", str(pdf), "--key", str(pki().p12), "--out", str(out)],
                           env=env, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    sig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
    assert "Signature Field Name: ttd-pemilik-risiko" in sig
    assert "Signature is Valid." in sig and "Total document signed" in sig
    r = CliRunner().invoke(main, ["verify-pdf", str(out), "--trust", str(pki().ca_pem),
                                  "--format", "json"], env=env, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    (one,) = json.loads(r.output)["signatures"]
    assert one["ok"] and one["whole_file"] and one["modifications"] == "NONE"
    assert pdfcheck.is_pdfa3b(out)


def test_only_large_forms_are_rendered_in_parts():
    from spbe_risk.report.paged import BATAS, applies, bounds

    rows = {"risiko": [{"id": f"R-{i}"} for i in range(BATAS)]}
    assert not applies("formulir-3.0.html.j2", rows)          # small forms: as before
    more = {"risiko": rows["risiko"] + [{"id": "R-x"}]}
    assert applies("formulir-3.0.html.j2", more) and applies("formulir-4.0.html.j2", more)
    assert not applies("ringkasan.html.j2", more)
    assert bounds(1001, 250) == [(0, 200), (200, 400), (400, 600), (600, 800), (800, 1001)]
    assert bounds(7, 250) == [(0, 7)]


@pytest.fixture(scope="module")
def pemantauan(tmp_path_factory):
    """Formulir 5.0 of the same register (its monitored third) in parts of 15 rows."""
    from spbe_risk.report.jobs import formulir_jobs
    from spbe_risk.report.paged import render_pdf_parts
    from spbe_risk.report.writer import source_json
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    tmp = tmp_path_factory.mktemp("parts5")
    root, _ = formcheck.big_workspace(tmp / "ws", N)
    ws = load(str(root)).workspace
    (job,) = [j for j in formulir_jobs(ws, score_workspace(ws), date(2026, 11, 28))
              if "/diskominfo/formulir-5.0" in j.name]
    pdf = tmp / "formulir-5.0.pdf"
    pdf.write_bytes(render_pdf_parts(job.template, job.doc, "id", source_json(job.doc), [],
                                     per=15, **job.extra))
    return pdf, job


def test_monitoring_reports_continue_across_parts(pemantauan):
    pdf, job = pemantauan
    ids = [r["id"] for lap in job.doc["laporan"] for r in lap["risiko"]]
    assert len(ids) > 30                               # three parts at least
    assert formcheck.ids_whole(pdf, ids) == []
    n = pdfcheck.pages(pdf)
    assert pdfcheck.page_footers(pdf) == [(i, n) for i in range(1, n + 1)]
    pages = formcheck.page_texts(pdf)
    flat = " ".join(" ".join(p.split()) for p in pages)
    assert flat.count("Jenis Laporan:") == len(job.doc["laporan"])   # each heading once
    assert [i for i, p in enumerate(pages) if "NIP" in p] == [n - 1]
    assert any(i in pages[-1] for i in ids)
    assert pdfcheck.is_pdfa3b(pdf)
