"""Executive summary (PDF/A-3b) and dashboard (self-contained HTML) of the Malinau sample.

The PDF is read back with poppler (``pdftotext``, ``pdftoppm``, ``pdfdetach``); the
dashboard is opened in headless Debian Chromium, whose net log and console output are
checked, and whose sort/filter script is driven by a second inline script appended to a
copy of the page (the page's own CSP allows inline scripts only), its results read back
with ``--dump-dom``. One risk of the copied sample carries hostile text aimed at a local
HTTP server that must receive nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import pdfcheck
from conftest import MALINAU, edit, recording_server

TODAY = date(2026, 11, 28)
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="Debian chromium (/usr/bin/chromium) is not installed")
needs_poppler = pdfcheck.needs_poppler
HOSTILE_ID = "BPD-2026-04"


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def server():
    """A local HTTP server that records every request it receives."""
    with recording_server() as got:
        yield got


def _payload(port: int) -> str:
    return (f'<script>alert(1)</script> <img src="http://127.0.0.1:{port}/x"> '
            f'<span style="background:url(http://127.0.0.1:{port}/y)">css</span> '
            f'<style>body {{ background: url(http://127.0.0.1:{port}/z) }}</style>')


@pytest.fixture(scope="module")
def built(tmp_path_factory, server):
    """The Malinau sample with one hostile risk (above appetite, no treatment plan) and
    one broken evidence bundle; its documents and rendered files."""
    from spbe_risk.build import analyse
    from spbe_risk.documents.ringkasan import dashboard_document, ringkasan_document
    from spbe_risk.report.jobs import render_job, summary_jobs
    from spbe_risk.sources import load

    port, _hits = server
    root = tmp_path_factory.mktemp("summary")
    ws_dir = root / "malinau"
    shutil.copytree(MALINAU, ws_dir)
    reg = ws_dir / "risks" / "bappeda-2026.yaml"
    edit(reg, """    kejadian: >-
      Penyusunan Peta Rencana SPBE periode berikutnya terlambat sehingga program SPBE
      dalam RPJMD baru belum dipetakan ke kegiatan tahunan
""", "    kejadian: '" + _payload(port).replace("'", "''") + "'\n")
    edit(reg, """      dijadikan acuan sementara
    analisis: {kemungkinan: 3, dampak: 3}""", """      dijadikan acuan sementara
    analisis: {kemungkinan: 5, dampak: 5}""")
    (ws_dir / "audits" / "AUD-rusak.zip").write_bytes(b"PK\x03\x04 not really a bundle")
    result = load(ws_dir)
    assert result.workspace is not None, result.errors
    ws = result.workspace
    a = analyse(ws, TODAY.isoformat())
    inputs = {"results": a.results, "jadwal": a.jadwal, "cakupan": a.cakupan}
    out = {"root": root, "ws": ws, "inputs": inputs,
           "doc": ringkasan_document(ws, today=TODAY, **inputs),
           "board": dashboard_document(ws, today=TODAY, **inputs)}
    for lang in ("id", "en"):
        (root / lang).mkdir()
        jobs = summary_jobs(ws, today=TODAY, **inputs)
        for job, key in zip(jobs, ("pdf", "html"), strict=True):
            path = root / lang / Path(job.name).name
            path.write_bytes(render_job(job, lang))
            out.setdefault(lang, {})[key] = path
    return out


def _text(pdf: Path) -> str:
    return pdfcheck.text(pdf, layout=True)


# --------------------------------------------------------------------------- the document
def test_document_is_plain_data_and_adds_up(built):
    doc = built["doc"]
    ws, results = built["ws"], built["inputs"]["results"]
    assert json.loads(json.dumps(doc)) == doc
    assert doc["tanggal_dokumen"] == "2026-11-28"
    n = len(results)
    assert doc["angka"]["jumlah_risiko"] == n == 51
    assert sum(r["analisis"] for r in doc["per_level"]) == n
    assert sum(r["terkini"] for r in doc["per_level"]) == n
    assert sum(sum(u["per_level"].values()) for u in doc["per_upr"]) == n
    assert [u["upr"] for u in doc["per_upr"]] == [u.id for u in ws.konteks.upr]
    # trend: one count per monitoring entry, periods in time order
    assert sum(t["jumlah"] for t in doc["tren"]) == sum(len(r.pemantauan) for r in ws.risiko)
    assert [t["periode"] for t in doc["tren"]] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    # top ten by priority; the hostile risk (25, no plan) is first and listed as untreated
    assert [r["prioritas"] for r in doc["teratas"]] == list(range(1, 11))
    assert doc["teratas"][0]["id"] == HOSTILE_ID
    assert [r["id"] for r in doc["tanpa_rencana"]] == [HOSTILE_ID]
    # overdue duties first — national ones too, although the schedule puts those last
    statuses = [k["status"] for k in doc["jadwal"]["kewajiban"]]
    first_other = next(i for i, s in enumerate(statuses) if s != "terlambat")
    assert set(statuses[first_other:]) <= {"segera", "aman"}
    assert any(not k["kewajiban_instansi"] for k in doc["jadwal"]["kewajiban"][:first_other])
    assert doc["angka"]["terlambat"] == doc["jadwal"]["ringkasan"]["terlambat"]
    # the broken bundle is rejected evidence, named by file name only
    assert [b["bundel"] for b in doc["bukti_ditolak"]] == ["AUD-rusak.zip"]
    assert len(doc["peta"]) == 3
    assert [len(a["per_prinsip"]) for a in doc["cakupan"]["aset"]] == [5] * len(ws.aset)
    assert len(built["board"]["risiko"]) == n


# --------------------------------------------------------------------------- the PDF
@needs_poppler
def test_summary_pdf_text(built):
    text = _text(built["id"]["pdf"])
    flat = " ".join(text.split())
    for heading in ("Ringkasan Eksekutif Manajemen Risiko SPBE", "Jumlah risiko per level",
                    "Sepuluh risiko prioritas teratas", "Risiko di atas selera tanpa rencana",
                    "Tren per periode pemantauan", "Status jadwal audit TIK",
                    "Bukti audit yang ditolak", "Cakupan prinsip keamanan per aset",
                    "Peta risiko", "Halaman 1 dari"):
        assert heading in flat, heading
    for r in built["doc"]["teratas"]:
        assert r["id"] in text
    assert "28 November 2026" in flat
    assert "AUD-rusak.zip" in text
    # hostile register text is printed as text
    assert "<script>alert(1)</script>" in flat
    # schedule rows: every overdue duty is listed before any other
    section = text.split("Status jadwal audit TIK", 1)[1].split("Bukti audit yang ditolak", 1)[0]
    rows = [ln.split()[0] for ln in section.splitlines()
            if ln.split() and ln.split()[0] in ("terlambat", "segera", "aman")]
    assert len(rows) == len(built["doc"]["jadwal"]["kewajiban"])
    assert rows == sorted(rows, key=lambda s: s != "terlambat")
    assert rows[0] == "terlambat" and rows[-1] == "aman"


@needs_poppler
def test_summary_pdf_page_one_is_not_blank(built, tmp_path):
    _assert_not_blank(pdfcheck.png_page(built["id"]["pdf"], 1, tmp_path / "p"))


def _assert_not_blank(png: Path, minimum: float = 0.01) -> None:
    inked = pdfcheck.ink_ratio(png)
    assert inked > minimum, f"{png.name}: only {inked:.2%} of the pixels are not white"


def test_summary_pdf_is_pdfa_3b(built):
    assert pdfcheck.is_pdfa3b(built["id"]["pdf"])


@needs_poppler
def test_summary_attachment_is_the_document(built, tmp_path):
    from spbe_risk.report.writer import source_json

    pdf = built["id"]["pdf"]
    listing = subprocess.run(["pdfdetach", "-list", str(pdf)], check=True, capture_output=True,
                             text=True).stdout
    assert "data.json" in listing
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(pdf)], check=True)
    attached = (tmp_path / "data.json").read_text(encoding="utf-8")
    assert attached == source_json(built["doc"])
    assert json.loads(attached) == built["doc"]


@needs_poppler
def test_summary_in_english(built):
    flat = " ".join(_text(built["en"]["pdf"]).split())
    for heading in ("Executive Summary of SPBE Risk Management", "Top ten priority risks",
                    "ICT audit schedule status", "Rejected audit evidence",
                    "Security principle coverage per asset"):
        assert heading in flat, heading
    for indonesian in ("Sepuluh risiko prioritas teratas", "Status jadwal audit TIK",
                       "Ringkasan Eksekutif"):
        assert indonesian not in flat
    assert "28 November 2026" in flat


# --------------------------------------------------------------------------- the dashboard
def test_dashboard_html_escapes_hostile_text(built, server):
    port, _hits = server
    for lang in ("id", "en"):
        html = built[lang]["html"].read_text(encoding="utf-8")
        assert html.count("<script") == 1                   # our own, and only ours
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert f"127.0.0.1:{port}" in html                   # the text is there …
        assert f'src="http://127.0.0.1:{port}' not in html   # … but never as markup
        assert "<img" not in html and "<style>body" not in html
        assert "innerHTML" not in html and "eval(" not in html
        assert "http-equiv=\"Content-Security-Policy\"" in html
        assert re.search(r"https?://(?!127\.0\.0\.1|www\.w3\.org/2000/svg)", html) is None


def _chromium(url: str, tmp: Path, *extra: str) -> tuple[str, str, Path]:
    """Run headless chromium on ``url``: (stdout, stderr, net log path)."""
    netlog = tmp / "net.json"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr",
           "--v=0", f"--log-net-log={netlog}", *extra, url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr, netlog


def _page_requests(netlog: Path) -> list[str]:
    """http(s) URLs the page asked for: every URL request except the browser's own
    background jobs (component updates, sign-in checks), whose initiator is "not an
    origin"; and any request at all to this machine."""
    data = json.loads(netlog.read_text(encoding="utf-8"))
    kinds = {v: k for k, v in data["constants"]["logEventTypes"].items()}
    urls = []
    for e in data["events"]:
        p = e.get("params") or {}
        url = p.get("url", "")
        if not url.startswith(("http:", "https:", "ws:", "wss:")):
            continue
        local = re.match(r"^\w+://(127\.|localhost|\[::1\])", url)
        if local or (kinds.get(e["type"]) == "URL_REQUEST_START_JOB"
                     and p.get("initiator") != "not an origin"):
            urls.append(url)
    return urls


def _console(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ":CONSOLE" in ln]


@needs_chromium
def test_harness_sees_requests_and_console(tmp_path, server):
    """The checks below can fail: a page that loads an image from the local server and
    logs to the console is caught by each of them."""
    port, hits = server
    page = tmp_path / "canary.html"
    page.write_text(f'<!DOCTYPE html><p>canary</p><img src="http://127.0.0.1:{port}/canary">'
                    '<script>console.error("canary")</script>', encoding="utf-8")
    before = len(hits)
    _out, err, netlog = _chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert "/canary" in hits[before:]
    assert any("/canary" in u for u in _page_requests(netlog))
    assert any("canary" in ln for ln in _console(err))
    del hits[before:]


@needs_chromium
def test_dashboard_in_chromium(built, server, tmp_path):
    port, hits = server
    before = len(hits)
    shot = tmp_path / "dasbor.png"
    _out, err, netlog = _chromium(built["id"]["html"].as_uri(), tmp_path,
                                  f"--screenshot={shot}", "--window-size=1280,1600")
    assert _console(err) == []
    assert _page_requests(netlog) == []
    assert hits[before:] == []
    _assert_not_blank(shot, 0.02)
    # a phone-sized window renders too
    phone = tmp_path / "ponsel.png"
    _out, err, netlog = _chromium(built["id"]["html"].as_uri(), tmp_path / "p",
                                  f"--screenshot={phone}", "--window-size=390,844")
    assert _console(err) == [] and _page_requests(netlog) == [] and hits[before:] == []
    _assert_not_blank(phone, 0.02)


#: Appended to a copy of the dashboard: drives the page's own script and reports back.
DRIVER = """<script>
(function () {
  var out = {};
  var t = document.getElementById("t-risiko");
  function ids() {
    return Array.prototype.map.call(t.tBodies[0].rows, function (r) { return r.cells[1].textContent; });
  }
  function nums(table, i) {
    return Array.prototype.map.call(table.tBodies[0].rows,
                                    function (r) { return +r.cells[i].getAttribute("data-nilai"); });
  }
  function visible() {
    return Array.prototype.filter.call(t.tBodies[0].rows, function (r) { return !r.hidden; }).length;
  }
  out.ready = document.documentElement.getAttribute("data-skrip");
  out.before = ids();
  var idHead = t.tHead.rows[0].cells[1];
  idHead.querySelector("button").click();
  out.asc = ids(); out.ariaAsc = idHead.getAttribute("aria-sort");
  idHead.querySelector("button").click();
  out.desc = ids(); out.ariaDesc = idHead.getAttribute("aria-sort");
  var analysis = t.tHead.rows[0].cells[5];
  analysis.querySelector("button").click();
  out.byScore = nums(t, 5);
  var box = document.querySelector('input[data-tabel="t-risiko"]');
  box.value = "BKD-2026-07"; box.dispatchEvent(new Event("input"));
  out.filtered = visible();
  out.count = document.querySelector('.jumlah-baris[data-tabel="t-risiko"]').textContent;
  box.value = ""; box.dispatchEvent(new Event("input"));
  out.cleared = visible();
  var j = document.getElementById("t-jadwal");
  j.tHead.rows[0].cells[6].querySelector("button").click();
  out.sisa = nums(j, 6);
  document.body.setAttribute("data-hasil", JSON.stringify(out));
}());
</script>"""


@needs_chromium
def test_dashboard_script_sorts_and_filters(built, tmp_path):
    html = built["id"]["html"].read_text(encoding="utf-8")
    page = tmp_path / "driven.html"
    page.write_text(html.replace("</body>", DRIVER + "</body>"), encoding="utf-8")
    out, err, _netlog = _chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert _console(err) == []
    m = re.search(r'data-hasil="([^"]*)"', out)
    assert m, out[-2000:]
    import html as htmlmod

    res = json.loads(htmlmod.unescape(m.group(1)))
    ids = [r["id"] for r in built["board"]["risiko"]]
    assert res["ready"] == "siap"
    assert res["before"] == ids                             # priority order as rendered
    assert res["asc"] == sorted(ids) and res["ariaAsc"] == "ascending"
    assert res["desc"] == sorted(ids, reverse=True) and res["ariaDesc"] == "descending"
    assert res["byScore"] == sorted(res["byScore"])
    assert res["filtered"] == 1 and res["count"] == f"1 / {len(ids)}"
    assert res["cleared"] == len(ids)
    assert res["sisa"] == sorted(res["sisa"])


def test_dashboard_in_english(built):
    html = built["en"]["html"].read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    for heading in ("SPBE Risk Dashboard", "All risks by priority", "ICT audit schedule status",
                    "Security principle coverage per asset", "Risk map"):
        assert heading in html, heading
    for indonesian in ("Dasbor Risiko SPBE", "Seluruh risiko menurut prioritas",
                       "Status jadwal audit TIK"):
        assert indonesian not in html
    assert "28 November 2026" in html
