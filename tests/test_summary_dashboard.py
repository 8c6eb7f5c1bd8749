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
    # the instansi's duties, overdue first; national ones (BRIN/BSSN audit them) apart
    statuses = [k["status"] for k in doc["jadwal"]["kewajiban"]]
    first_other = next(i for i, s in enumerate(statuses) if s != "terlambat")
    assert set(statuses[first_other:]) <= {"segera", "aman"}
    assert all(k["kewajiban_instansi"] for k in doc["jadwal"]["kewajiban"])
    assert doc["jadwal"]["nasional"] and not any(k["kewajiban_instansi"]
                                                 for k in doc["jadwal"]["nasional"])
    assert doc["jadwal"]["pelaksana_nasional"] == "BRIN/BSSN"
    assert doc["angka"]["terlambat"] == doc["jadwal"]["ringkasan"]["terlambat"] == first_other
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
                    "Sepuluh risiko prioritas teratas",
                    "Risiko yang melampaui selera risiko tanpa rencana penanganan",
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
    section = text.split("Status jadwal audit TIK", 1)[1].split("Kewajiban nasional", 1)[0]
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
    # a phone-sized page renders too: in a 390 px frame (a headless window is never
    # narrower than 500 px)
    phone = tmp_path / "ponsel.png"
    host = built["id"]["html"].with_name("ponsel.html")
    host.write_text(f'<!DOCTYPE html><body style="margin:0"><iframe src="{built["id"]["html"].name}"'
                    ' style="border:0;width:390px;height:844px"></iframe></body>', encoding="utf-8")
    _out, err, netlog = _chromium(host.as_uri(), tmp_path / "p",
                                  f"--screenshot={phone}", "--window-size=500,844")
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


# --------------------------------------------------------------------------- issue 19: the leadership's view
def _page_text(pdf: Path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page),
                          str(pdf), "-"], check=True, capture_output=True).stdout
    return " ".join(out.decode("utf-8").split())


@needs_poppler
def test_page_one_is_the_overview_with_a_signature(built):
    doc = built["doc"]
    a = doc["angka"]
    one = _page_text(built["id"]["pdf"], 1)
    # key figures, conclusions and decisions, the current heatmap, the signature block
    for words in ("risiko teridentifikasi", "masih melampaui selera risiko (kondisi terkini)",
                  "kewajiban audit TIK instansi lewat batas waktu", "Kesimpulan",
                  "Keputusan yang diminta dari pimpinan", "Level dampak",
                  "Angka di tengah: jumlah risiko", "Kondisi terkini:",
                  "Koordinator SPBE", "Sekretaris Daerah", "NIP", "Halaman 1 dari"):
        assert words in one, words
    # the narrative is the data's: the untreated hostile risk is named in a decision
    assert f"Teridentifikasi {a['jumlah_risiko']} risiko SPBE" in one
    assert "rencana penanganan untuk 1 risiko yang melampaui selera risiko: " + HOSTILE_ID in one
    assert f"{a['terlambat']} kewajiban audit TIK instansi telah lewat batas waktu" in one
    # the detail tables are not on page 1
    assert "Sepuluh risiko prioritas teratas" not in one and "Cakupan prinsip" not in one
    en = _page_text(built["en"]["pdf"], 1)
    for words in ("Conclusions", "Decisions requested from the leadership",
                  "SPBE Coordinator", "Current condition"):
        assert words in en, words
    for indonesian in ("Kesimpulan", "Keputusan yang diminta", "Koordinator SPBE"):
        assert indonesian not in en


def test_signature_block_carries_its_id_on_page_one(built):
    from spbe_risk.report.writer import render_html

    html = render_html("ringkasan.html.j2", built["doc"], "id")
    overview = html.split('<section class="rincian">', 1)[0]
    assert overview.count('<div class="blok-ttd" id="ttd-koordinator-spbe">') == 1
    assert html.count('id="ttd-koordinator-spbe"') == 1


def _content_bottom(png: Path) -> float:
    """Lowest inked row above the running footer, as a share of the page height."""
    from PIL import Image

    with Image.open(png) as im:
        g = im.convert("L")
        w, h = g.size
        body = g.crop((0, 0, w, int(h * 0.90)))        # the footer sits in the bottom margin
        rows = [y for y in range(body.height)
                if body.crop((0, y, w, y + 1)).getextrema()[0] < 200]
    return (rows[-1] + 1) / h if rows else 0.0


@needs_poppler
def test_no_page_is_mostly_blank(built, tmp_path_factory):
    """Every page but the last is filled at least to 60 % of its height; the last has
    content. PNGs of every page stay in pytest's tmp as artifacts."""
    out = tmp_path_factory.mktemp("ringkasan-halaman")
    for lang in ("id", "en"):
        pdf = built[lang]["pdf"]
        n = pdfcheck.pages(pdf)
        assert pdfcheck.page_footers(pdf, ("Halaman", "dari") if lang == "id"
                                     else ("Page", "of")) == [(i, n) for i in range(1, n + 1)]
        for page in range(1, n + 1):
            png = pdfcheck.png_page(pdf, page, out / f"{lang}-{page}")
            bottom = _content_bottom(png)
            assert bottom > 0.15, f"{lang} page {page} is empty"
            if page < n:
                assert bottom >= 0.60, f"{lang} page {page} of {n}: content ends at {bottom:.0%}"


@needs_poppler
def test_national_duties_are_apart_and_not_counted(built):
    doc = built["doc"]
    text = _text(built["id"]["pdf"])
    own = text.split("Status jadwal audit TIK", 1)[1].split("Kewajiban nasional (BRIN/BSSN)", 1)
    assert len(own) == 2, "the national duties have their own labelled section"
    mine, national = own[0], own[1].split("Bukti audit yang ditolak", 1)[0]
    first = [ln.split()[0] for ln in mine.splitlines() if ln.split()]
    # a reader counting "terlambat" rows under the headline finds the headline's number
    assert first.count("terlambat") == doc["angka"]["terlambat"]
    # national rows: named by the body that audits them, never with a status word
    rows = [ln.split()[0] for ln in national.splitlines() if ln.split()
            and ln.split()[0] in ("BRIN", "BSSN", "terlambat", "segera", "aman")]
    assert rows and set(rows) <= {"BRIN", "BSSN"}
    assert len(rows) == len(doc["jadwal"]["nasional"])
    for k in doc["jadwal"]["nasional"]:
        assert k["aset"] not in mine.split()
    # the dashboard: national rows grey, without a status colour, outside t-jadwal
    html = built["id"]["html"].read_text(encoding="utf-8")
    own_table = html.split('id="t-jadwal"', 1)[1].split("</table>", 1)[0]
    nat_table = html.split('id="t-nasional"', 1)[1].split("</table>", 1)[0]
    assert "jadwal-nasional" not in own_table
    assert nat_table.count('class="jadwal-nasional"') == len(doc["jadwal"]["nasional"])
    assert "status-" not in nat_table


def test_kondisi_terkini_means_the_same_everywhere(built):
    doc, results = built["doc"], built["inputs"]["results"]
    n = doc["angka"]["jumlah_risiko"]
    cells = [c for row in doc["peta_terkini"]["baris"] for c in row["sel"]]
    assert sum(c["jumlah"] for c in cells) == doc["peta_terkini"]["jumlah"] == n
    assert doc["peta"][2] == doc["peta_terkini"]
    assert sum(r["terkini"] for r in doc["per_level"]) == n
    assert doc["angka"]["dipantau"] + doc["angka"]["belum_dipantau"] == n
    assert doc["angka"]["dipantau"] == sum(h.pemantauan is not None for h in results)
    by_id = {h.risiko.id: h for h in results}
    for r in doc["teratas"]:
        assert r["terkini"]["besaran"] == by_id[r["id"]].terkini.besaran


@needs_poppler
def test_kondisi_terkini_is_defined_once(built):
    flat = " ".join(pdfcheck.text(built["id"]["pdf"]).split())
    assert flat.count("risiko yang belum dipantau dihitung pada level analisisnya") == 1
    a = built["doc"]["angka"]
    assert f"({a['dipantau']} risiko sudah dipantau, {a['belum_dipantau']} belum)" in flat


def test_heatmap_likelihood_axis_reads_upwards(built):
    from spbe_risk.report.writer import render_html

    html = render_html("ringkasan.html.j2", built["doc"], "id")
    assert "↓" not in html
    labels = re.findall(r'<text x="10" y="([\d.]+)" transform="rotate\(-90 10 ([\d.]+)\)"'
                        r'[^>]*>Level kemungkinan →</text>', html)
    assert len(labels) == 4                      # page 1 and the three maps
    rows = [r["kemungkinan"] for r in built["doc"]["peta_terkini"]["baris"]]
    assert rows == sorted(rows, reverse=True)     # 5 at the top, as the arrow says


@needs_poppler
def test_summary_uses_the_pemda_words(built):
    for lang, present, absent in (
            ("id", ("Kode Risiko", "Batas waktu", "Mitigasi Risiko", "melampaui selera risiko",
                    "Prinsip yang belum memiliki kontrol diterapkan",
                    "Risiko yang belum tertangani", "≥"),
             ("Id risiko", "Tenggat praktis", "Risiko terbuka", "Prinsip tanpa kontrol",
              "di atas selera", "Di atas selera", "Perlindungan", ">=", "tidak-memadai",
              "belum-efektif", "Tanggung jawab")),
            ("en", ("Risk Code", "Deadline", "Risk Mitigation", "≥"), (">=", "Id risiko"))):
        flat = " ".join(pdfcheck.text(built[lang]["pdf"]).split())
        html = built[lang]["html"].read_text(encoding="utf-8")
        for w in present:
            assert w in flat, (lang, w)
        for w in absent:
            assert w not in flat, (lang, w)
            assert f">{w}<" not in html, (lang, w)


#: a period id as the register writes it (2026-Q1, 2026-S2, 2026-03 after a year): never printed
PERIODE_ID = re.compile(r"\b20\d\d-(?:Q[1-4]|S[12]|TW[1-4])\b")


@needs_poppler
def test_periods_are_printed_in_words(built):
    """The trend table and the "kondisi terkini" notes name periods as the forms do
    ("Triwulan I 2026"), in the PDF and the dashboard, both languages; the attached
    JSON keeps the period id (machine data)."""
    assert [t["periode"] for t in built["doc"]["tren"]][0] == "2026-Q1"
    for lang, words in (("id", ("Triwulan I 2026", "Triwulan II 2026", "Triwulan III 2026")),
                        ("en", ("Quarter I 2026", "Quarter II 2026", "Quarter III 2026"))):
        flat = " ".join(pdfcheck.text(built[lang]["pdf"]).split())
        html = built[lang]["html"].read_text(encoding="utf-8")
        visible = re.sub(r"<[^>]*>", " ", html.split("<script", 1)[0])
        for w in words:
            assert w in flat and w in visible, (lang, w)
        assert PERIODE_ID.findall(flat) == [], lang
        assert PERIODE_ID.findall(visible) == [], lang
        trend = flat.split("Tren per periode pemantauan" if lang == "id"
                           else "Trend per monitoring period", 1)[1][:600]
        assert words[0] in trend, (lang, trend[:200])


def _overflowing_headers(html: str) -> list[tuple[str, float]]:
    """Header-cell text that WeasyPrint lays out beyond its cell (the PDF's own layout,
    read from its box tree: ``Document.pages[i]._page_box``): (text, points past the edge)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from spbe_risk.report.fetcher import ASSET_SCHEME, make_fetcher

    document = HTML(string=html, base_url=f"{ASSET_SCHEME}:/",
                    url_fetcher=make_fetcher([])).render()
    bad: list[tuple[str, float]] = []

    def walk(box, cell=None) -> None:
        if isinstance(box, boxes.TableCellBox) and box.element_tag == "th":
            cell = box
        if cell is not None and isinstance(box, boxes.TextBox):
            left = cell.content_box_x()
            right = left + cell.width
            if box.position_x < left - 0.5 or box.position_x + box.width > right + 0.5:
                bad.append((box.text, round(box.position_x + box.width - right, 1)))
        for child in getattr(box, "children", ()):
            walk(child, cell)

    for page in document.pages:
        walk(page._page_box)
    return bad


def test_summary_headers_stay_inside_their_cells(built):
    """"Kontrol berlaku" ran into "kerahasiaan" and "Risiko terbuka" past the border."""
    from spbe_risk.report.writer import render_html

    for lang in ("id", "en"):
        html = render_html("ringkasan.html.j2", built["doc"], lang)
        assert _overflowing_headers(html) == [], lang


def test_header_check_sees_an_overflowing_header():
    """The check above can fail: a one-word header wider than its fixed column."""
    html = ('<html><style>table{table-layout:fixed;width:300px}</style><table><colgroup>'
            '<col style="width:20px"><col></colgroup><tr><th style="white-space:nowrap">'
            'Kenirsangkalan</th><th>b</th></tr></table></html>')
    assert [t for t, _pt in _overflowing_headers(html)] == ["Kenirsangkalan"]


# --------------------------------------------------------------------------- dashboard layout
#: Measures the page it is appended to and posts the result to the frame's parent.
MEASURE = """<script>
(function () {
  var de = document.documentElement;
  var out = {lebar: window.innerWidth, scrollWidth: de.scrollWidth, clientWidth: de.clientWidth,
             kepala: [], kartu: null};
  document.querySelectorAll("th").forEach(function (th) {
    var r = th.getBoundingClientRect();
    if (!r.width || !r.height) { return; }
    var range = document.createRange();
    range.selectNodeContents(th);
    var c = range.getBoundingClientRect();
    if (th.scrollWidth > th.clientWidth + 1 ||
        (c.width && (c.right > r.right + 0.5 || c.left < r.left - 0.5))) {
      out.kepala.push([th.textContent.trim(), th.scrollWidth, th.clientWidth]);
    }
  });
  out.lebih = [];                                   // what sticks out, for the message
  document.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width && r.right > de.clientWidth + 0.5 && out.lebih.length < 5) {
      out.lebih.push(el.tagName + (el.id ? "#" + el.id : "") + "." + el.className + " " +
                     Math.round(r.right));
    }
  });
  var row = document.querySelector("#t-risiko tbody tr");
  out.kartu = row ? getComputedStyle(row).display : null;
  parent.postMessage(JSON.stringify(out), "*");
}());
</script>"""


def _measure(page: Path, width: int, tmp: Path) -> dict:
    """Open ``page`` (with MEASURE appended) in a ``width``-px iframe of headless Chromium
    (its window cannot be narrower than 500 px) and read the measurements back."""
    import html as htmlmod

    host = page.with_name(f"host-{width}.html")
    host.write_text('<!DOCTYPE html><html><body style="margin:0">'
                    f'<iframe src="{page.name}" style="border:0;width:{width}px;height:900px">'
                    '</iframe><script>addEventListener("message", function (e) {'
                    'document.body.setAttribute("data-ukur", e.data); });</script></body></html>',
                    encoding="utf-8")
    out, _err, _netlog = _chromium(host.as_uri(), tmp / str(width), "--window-size=1400,1000",
                                   "--virtual-time-budget=5000", "--dump-dom")
    m = re.search(r'data-ukur="([^"]*)"', out)
    assert m, out[-2000:]
    return json.loads(htmlmod.unescape(m.group(1)))


@needs_chromium
def test_layout_harness_sees_overflow(tmp_path):
    """The measurement can fail: a wide table and a header whose word does not fit."""
    page = tmp_path / "lebar.html"
    page.write_text('<!DOCTYPE html><meta name="viewport" content="width=device-width">'
                    '<table style="width:900px;table-layout:fixed"><tr><th style="width:20px">'
                    'Kenirsangkalan</th><th>b</th></tr></table>' + MEASURE, encoding="utf-8")
    got = _measure(page, 390, tmp_path)
    assert got["lebar"] == 390
    assert got["scrollWidth"] > got["clientWidth"]
    assert [k[0] for k in got["kepala"]] == ["Kenirsangkalan"]


@needs_chromium
@pytest.mark.parametrize("width", [390, 1280])
def test_dashboard_fits_without_sideways_scroll_or_clipped_headers(built, tmp_path, width):
    for lang in ("id", "en"):
        page = tmp_path / f"dasbor-{lang}.html"
        page.write_text(built[lang]["html"].read_text(encoding="utf-8")
                        .replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        got = _measure(page, width, tmp_path / lang)
        assert got["lebar"] == width
        assert got["scrollWidth"] <= got["clientWidth"], (lang, got["lebih"])
        assert got["kepala"] == [], (lang, got["kepala"])
        # on a phone every risk row is a card; on a desktop a table row
        assert got["kartu"] == ("block" if width == 390 else "table-row"), (lang, got)


def test_signer_is_the_koordinator_spbe_named_or_blank():
    """Blank lines for handwriting unless instansi.yaml names the Koordinator SPBE."""
    from types import SimpleNamespace

    from spbe_risk.documents.ringkasan import koordinator_spbe

    def ws(signers):
        return SimpleNamespace(konteks=SimpleNamespace(extra={"penandatangan": signers}))

    blank = koordinator_spbe(ws({"*": {"tempat": "Malinau"}}))
    assert blank == {"peran": "Koordinator SPBE", "jabatan": "Sekretaris Daerah",
                     "tempat": "Malinau", "nama": "", "nip": ""}
    named = koordinator_spbe(ws({"*": {"koordinator_spbe": {
        "jabatan": "Sekretaris Daerah Kabupaten Contoh", "nama": "A. Contoh",
        "nip": "19800101 200501 1 001"}}}))
    assert (named["jabatan"], named["nama"], named["nip"], named["tempat"]) == (
        "Sekretaris Daerah Kabupaten Contoh", "A. Contoh", "19800101 200501 1 001", "")
