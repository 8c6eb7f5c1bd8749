"""The LHAK (Laporan Hasil Audit Keamanan): ``evidence report`` and ``seal --with-report``.

PDFs are checked with poppler (pdftotext, pdfinfo, pdfdetach, pdftoppm), the bundle with
our verifier and with ``openssl cms``; hostile audit text must reach the page as text and
never as a request to a local server.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import (
    CA_PW,
    FIXED_TIME,
    KEY_PW,
    NIP,
    cli_signer,
    pki,
    read_entries,
    write_entries,
)

import pdfcheck
from conftest import en, recording_server
from spbe_risk.cli import main
from spbe_risk.documents.lhak import REPORT_PATH, akhir_periode, lhak_document, tanggal_audit
from spbe_risk.evidence import adding, folder
from spbe_risk.evidence.reporting import report_input
from spbe_risk.evidence.seal import seal_folder
from spbe_risk.problems import InputError
from spbe_risk.report.lhak import context_from, lhak_for

REPO = Path(__file__).resolve().parent.parent
MALINAU = REPO / "registers" / "malinau"
ENV = {"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode(), "SPBE_RISK_CA_PASSWORD": CA_PW.decode(),
       "SPBE_RISK_LANG": None}
COLLECTED = "2026-08-17"                       # → "17 Agustus 2026" / "17 August 2026"
STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")

#: The audit metadata every complete audit states (Permenkominfo 16/2022).
METADATA = ("--tujuan", "Menilai kepatuhan keamanan aplikasi", "--mulai", "2026-08-03",
            "--selesai", "2026-08-14")


def run(*args: str, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(main, list(args), env={**ENV, **(env or {})},
                              catch_exceptions=False)


def pdftext(pdf: Path) -> str:
    return pdfcheck.text(pdf, layout=True)


def flat(text: str) -> str:
    """Text without whitespace (a 64-hex hash may wrap inside its table cell)."""
    return re.sub(r"\s+", "", text)


def make(root: Path, name: str = "AUD-2026-0042", *, aset: str = "APL-BANSOS",
         kondisi: str = "TLS 1.0 masih aktif pada server aplikasi",
         scope: str = "Aplikasi bansos: autentikasi dan manajemen sesi",
         auditor: str = "Budi Santoso", uraian: str = "Halaman login",
         workspace: Path | None = None) -> Path:
    """A complete evidence folder built through the CLI: 2 files, 2 conclusions, 1 finding."""
    base = root / name
    ws = ["--workspace", str(workspace)] if workspace else []
    r = run("evidence", "init", str(base), "--asset", aset, "--kind", "keamanan", "--period",
            "2026-S2", "--auditor", auditor, "--nip", NIP, "--organisation",
            "Inspektorat Kabupaten Malinau", *METADATA, "--scope", scope, *ws)
    assert r.exit_code == 0, r.output
    src = root / f"src-{name}"
    src.mkdir()
    (src / "login.png").write_bytes(b"\x89PNG fake screenshot " * 50)
    (src / "nginx.conf").write_text("ssl_protocols TLSv1 TLSv1.2;\n")
    r = run("evidence", "add", str(base), str(src / "login.png"), "--control", "WEB-1.a",
            "--uraian", uraian, "--collected", "2026-08-10", *ws)
    assert r.exit_code == 0, r.output
    r = run("evidence", "add", str(base), str(src / "nginx.conf"), "--control", "WEB-8.a",
            "--uraian", "Konfigurasi TLS", "--collected", COLLECTED, *ws)
    assert r.exit_code == 0, r.output
    assert run("evidence", "conclude", str(base), "--control", "WEB-1.a", "--desain", "memadai",
               "--implementasi", "sesuai", "--efektivitas", "efektif", *ws).exit_code == 0
    assert run("evidence", "conclude", str(base), "--control", "WEB-8.a", "--desain",
               "perlu-peningkatan", "--implementasi", "tidak-sesuai", "--efektivitas",
               "perlu-peningkatan", *ws).exit_code == 0
    r = run("evidence", "finding", str(base), "--id", "T-01", "--control", "WEB-8.a",
            "--tingkat", "tinggi", "--kondisi", kondisi, "--kriteria",
            "BSSN 4/2021 Pasal 27 ayat (8)", "--sebab", "Konfigurasi bawaan server",
            "--akibat", "Lalu lintas dapat disadap", "--rekomendasi",
            "Nonaktifkan TLS di bawah 1.2", "--tanggapan", "Disetujui, diperbaiki Desember",
            "--batas-waktu", "2026-12-31", *ws)
    assert r.exit_code == 0, r.output
    return base


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("lhak")
    base = make(root)
    r = run("evidence", "report", str(base))
    assert r.exit_code == 0, r.output
    pdf = root / "AUD-2026-0042-lhak.pdf"
    assert pdf.is_file() and "AUD-2026-0042" in r.output
    return {"root": root, "folder": base, "pdf": pdf}


# ------------------------------------------------------------------ the document


def test_document_date_is_the_audits_own_not_the_clock():
    audit = {"periode": "2026-TW3", "bukti": [{"path": "data/evidence/a", "kontrol": ["X"],
                                               "dikumpulkan": "2026-08-17T03:00:00Z"},
                                              {"path": "data/evidence/b", "kontrol": ["X"],
                                               "dikumpulkan": "2026-05-01"}]}
    assert tanggal_audit(audit) == date(2026, 8, 17)
    assert tanggal_audit({"periode": "2026-TW3", "bukti": []}) == date(2026, 9, 30)
    assert akhir_periode("2026") == date(2026, 12, 31)
    assert akhir_periode("2024-02") == date(2024, 2, 29)
    assert akhir_periode("2026-S1") == date(2026, 6, 30)
    assert akhir_periode("nonsense") is None


def test_document_orders_findings_by_severity_and_never_lists_the_report():
    audit = folder.auditmeta.new_audit(id_audit="AUD-2026-0001", aset="A", jenis_audit="keamanan",
                                       periode="2026", lembaga={"nama": "Inspektorat"},
                                       tim_auditor=[folder.auditmeta.anggota_dict("X", "ketua")])
    base = {"kriteria": "k", "sebab": "s", "akibat": "a", "rekomendasi": "r",
            "tanggapan_manajemen": None, "batas_waktu": None, "kondisi": "c"}
    audit["temuan"] = [{**base, "id": "T-1", "kontrol": "WEB-1.a", "tingkat": "rendah"},
                       {**base, "id": "T-2", "kontrol": "WEB-1.b", "tingkat": "kritis"}]
    audit["bukti"] = [{"path": "data/evidence/x.txt", "kontrol": ["WEB-1.a"], "uraian": "",
                       "dikumpulkan": "2026-03-01"}]
    files = [{"path": "data/evidence/x.txt", "bytes": 3, "sha256": "ab" * 32},
             {"path": REPORT_PATH, "bytes": 9, "sha256": "cd" * 32}]
    doc = lhak_document(audit, files)
    assert [t["id"] for t in doc["temuan"]] == ["T-2", "T-1"]
    assert [b["path"] for b in doc["bukti"]] == ["data/evidence/x.txt"]
    assert doc["ringkasan"]["bukti_bytes"] == 3
    assert doc["instansi"] == "Inspektorat" and doc["draft"] is False
    assert [k["id"] for k in doc["ruang_lingkup"]["kontrol"]] == ["WEB-1.a", "WEB-1.b"]
    assert [s["huruf"] for s in doc["metode"]["langkah"]] == ["a", "b", "c", "d"]
    assert doc["metode"]["langkah"][0]["nama"] == "pemahaman kontrol Keamanan SPBE"
    json.dumps(doc)                                               # plain data


# ------------------------------------------------------------------ the PDF


def test_pdf_text_has_ids_findings_headings_and_an_indonesian_date(made):
    text = pdftext(made["pdf"])
    for expected in ("Laporan Pelaksanaan Audit Internal Keamanan SPBE", "AUD-2026-0042", "WEB-1.a",
                     "WEB-8.a", "T-01", "TLS 1.0 masih aktif pada server aplikasi",
                     "Nonaktifkan TLS di bawah 1.2", "Disetujui, diperbaiki Desember",
                     "Ruang Lingkup", "Metode Audit", "Konklusi per Kontrol", "Temuan dan Rekomendasi",
                     "Daftar Bukti", "Temuan (kondisi)", "Kriteria", "Sebab", "Risiko (akibat)",
                     "Rekomendasi",
                     "Tanggapan Auditan", "pemahaman kontrol Keamanan SPBE",
                     "evaluasi efektivitas kontrol Keamanan SPBE", "Peraturan BSSN No. 8 Tahun 2024",
                     "Memadai", "Perlu Peningkatan", "Tidak Sesuai", "17 Agustus 2026",
                     "31 Desember 2026", "Halaman 1 dari", "Budi Santoso", NIP):
        assert expected in text, expected
    sha = subprocess.run(["sha256sum", str(made["folder"] / "data/evidence/nginx.conf")],
                         capture_output=True, text=True, check=True).stdout.split()[0]
    assert sha in flat(text)
    assert "DRAF" not in text                                  # a complete audit


def test_pdfinfo_portrait_a4_title_and_sane_page_count(made):
    info = subprocess.run(["pdfinfo", str(made["pdf"])], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    # every page numbered "Halaman k dari N" with N the page count; two evidence files,
    # two conclusions and one finding fit on two pages
    assert pdfcheck.page_footers(made["pdf"]) == [(k, pages) for k in range(1, pages + 1)]
    assert pages <= 2
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(w), round(h)) == (595, 842)                 # A4 portrait
    assert "Laporan Pelaksanaan Audit Internal Keamanan SPBE" in info   # an internal audit
    assert "Inspektorat Kabupaten Malinau" in info             # author: no workspace given
    assert "Aug 17" in info                                    # dated by the audit


def test_first_page_renders_not_blank(made, tmp_path):
    png = pdfcheck.png_page(made["pdf"], 1, tmp_path / "p")
    assert pdfcheck.ink_ratio(png) > 0.01


def test_xmp_declares_pdfa_3b(made):
    assert pdfcheck.is_pdfa3b(made["pdf"])


def test_attachment_is_the_document_json(made, tmp_path):
    listed = subprocess.run(["pdfdetach", "-list", str(made["pdf"])], capture_output=True,
                            text=True, check=True).stdout
    assert "data.json" in listed
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(made["pdf"])], check=True)
    attached = json.loads((tmp_path / "data.json").read_text(encoding="utf-8"))
    found = report_input(made["folder"])
    expected = lhak_for(found.audit, found.files, "id", context_from())
    assert attached == expected
    assert attached["id_audit"] == "AUD-2026-0042"
    assert attached["tanggal_dokumen"] == COLLECTED
    assert {b["path"] for b in attached["bukti"]} == {"data/evidence/login.png",
                                                      "data/evidence/nginx.conf"}


def test_same_folder_same_bytes(made, tmp_path):
    out = tmp_path / "again.pdf"
    assert run("evidence", "report", str(made["folder"]), "--out", str(out)).exit_code == 0
    assert out.read_bytes() == made["pdf"].read_bytes()


def test_english_headings_and_date(made, tmp_path):
    out = tmp_path / "en.pdf"
    r = run("evidence", "report", str(made["folder"]), "--out", str(out), "--lang", "en")
    assert r.exit_code == 0, r.output
    text = pdftext(out)
    for expected in ("Internal SPBE Security Audit Report", "Scope", "Audit Method",
                     "Conclusion per Control", "Findings and Recommendations", "Evidence List",
                     "Finding (condition)", "Criteria", "Cause", "Risk (effect)",
                     "Auditee's Response",
                     "Adequate", "Needs Improvement", "17 August 2026", "Password"):
        assert expected in text, expected
    for indonesian in ("Ruang Lingkup", "Konklusi per Kontrol", "Daftar Bukti",
                       "Tanggapan Auditan", "Agustus"):
        assert indonesian not in text, indonesian
    # the regulation's step names stay in its own words
    assert "pemahaman kontrol Keamanan SPBE" in text
    # SPBE_RISK_LANG gives the same as --lang
    out2 = tmp_path / "en2.pdf"
    assert run("evidence", "report", str(made["folder"]), "--out", str(out2),
               env={"SPBE_RISK_LANG": "en"}).exit_code == 0
    assert out2.read_bytes() == out.read_bytes()


def test_workspace_names_the_instansi_asset_and_place(tmp_path):
    base = make(tmp_path, aset="app-seleksi-bansos", workspace=MALINAU)
    out = tmp_path / "ws.pdf"
    r = run("evidence", "report", str(base), "--out", str(out), "--workspace", str(MALINAU))
    assert r.exit_code == 0, r.output
    text = pdftext(out)
    assert "PEMERINTAH KABUPATEN MALINAU" in text              # kop (uppercased by CSS)
    assert "Malinau, 17 Agustus 2026" in text                  # tempat from instansi.yaml
    from spbe_risk.evidence.auditcheck import ids_and_sources

    ws = ids_and_sources(MALINAU)[1]
    nama = next(a.nama for a in ws.aset if a.id == "app-seleksi-bansos")
    assert flat(nama) in flat(text)


def test_incomplete_audit_renders_as_a_draft(tmp_path):
    base = tmp_path / "AUD-2026-0050"
    folder.init_folder(base, aset="APL-BANSOS", jenis_audit="keamanan", periode="2026-S1",
                       tim_auditor=[folder.auditmeta.anggota_dict("Budi Santoso", "ketua")],
                       lembaga={"nama": "Inspektorat Kabupaten Malinau"},
                       ruang_lingkup="Belum dimulai")
    r = run("evidence", "report", str(base))
    assert r.exit_code == 0, r.output
    text = pdftext(tmp_path / "AUD-2026-0050-lhak.pdf")
    assert "DRAF" in text and "Belum ada kesimpulan." in text and "Tidak ada temuan." in text
    assert "30 Juni 2026" in text                              # no evidence: period's end
    assert "DRAF" in r.output


# ------------------------------------------------------------------ hostile text


@pytest.fixture
def server():
    with recording_server() as (port, hits):
        _Counter.hits = hits
        yield port


class _Counter:
    hits: list[str] = []


def test_hostile_audit_text_is_escaped_and_fetches_nothing(tmp_path, server):
    port = server
    payload = (f'<script>alert(1)</script><img src="http://127.0.0.1:{port}/x">'
               f'<style>body{{background:url(http://127.0.0.1:{port}/y)}}</style>'
               f'</td></tr></table><link rel=stylesheet href="http://127.0.0.1:{port}/z">')
    base = make(tmp_path, kondisi="Kondisi " + payload, scope="Lingkup " + payload,
                uraian="Uraian " + payload)
    out = tmp_path / "hostile.pdf"
    r = run("evidence", "report", str(base), "--out", str(out))
    assert r.exit_code == 0, r.output
    text = flat(pdftext(out))
    for shown in ("<script>alert(1)</script>", f'<imgsrc="http://127.0.0.1:{port}/x">',
                  f"url(http://127.0.0.1:{port}/y)", "</td></tr></table>"):
        assert shown in text, shown                   # printed as text, thrice over
    assert text.count("<script>alert(1)</script>") >= 3
    assert _Counter.hits == []
    from spbe_risk.report.writer import render_html

    found = report_input(base)
    html = render_html("lhak.html.j2", lhak_for(found.audit, found.files, "id", context_from()),
                       "id", orientation="portrait")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert f'<img src="http://127.0.0.1:{port}' not in html
    assert f'href="http://127.0.0.1:{port}' not in html
    assert _Counter.hits == []


# ------------------------------------------------------------------ sealed with the report


@pytest.fixture(scope="module")
def bundle(made) -> dict[str, Path]:
    root = made["root"]
    ca, p12 = cli_signer(root, run)
    out = root / "AUD-2026-0042.zip"
    r = run("evidence", "seal", str(made["folder"]), "--key", str(p12), "--out", str(out),
            "--timestamp", STAMP, "--with-report")
    assert r.exit_code == 0, r.output
    assert "lhak.pdf" in r.output
    return {"zip": out, "ca": ca / "ca.pem", "p12": p12}


def test_sealed_report_is_in_the_manifest_and_verifies(made, bundle):
    with zipfile.ZipFile(bundle["zip"]) as zf:
        manifest = zf.read("AUD-2026-0042/manifest-sha256.txt").decode()
        pdf = zf.read("AUD-2026-0042/" + REPORT_PATH)
    lines = dict(reversed(ln.split("  ", 1)) for ln in manifest.splitlines())
    assert REPORT_PATH in lines
    import hashlib

    assert lines[REPORT_PATH] == hashlib.sha256(pdf).hexdigest()
    assert pdf == made["pdf"].read_bytes()      # the same report as `evidence report`
    r = run("evidence", "verify", str(bundle["zip"]), "--trust", str(bundle["ca"]))
    assert r.exit_code == 0, r.output
    assert r.output.rstrip().split("\n")[-1].startswith("SAH:") and "TIDAK SAH" not in r.output


def test_sealed_report_openssl_verifies(bundle, tmp_path):
    with zipfile.ZipFile(bundle["zip"]) as zf:
        zf.extractall(tmp_path)
    bag = tmp_path / "AUD-2026-0042"
    done = subprocess.run(["openssl", "cms", "-verify", "-binary", "-purpose", "any", "-inform",
                           "DER", "-in", "signatures/tagmanifest-sha256.txt.p7s", "-content",
                           "tagmanifest-sha256.txt", "-CAfile", str(bundle["ca"]), "-out",
                           os.devnull], cwd=bag, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(["sha256sum", "-c", "--quiet", "manifest-sha256.txt"], cwd=bag,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # the report lists the evidence but not itself
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(bag / REPORT_PATH)],
                   check=True)
    attached = json.loads((tmp_path / "data.json").read_text(encoding="utf-8"))
    assert REPORT_PATH not in {b["path"] for b in attached["bukti"]}
    assert len(attached["bukti"]) == 2


def test_tampered_report_fails_verification(bundle, tmp_path):
    entries = read_entries(bundle["zip"])
    name = "AUD-2026-0042/" + REPORT_PATH
    changed = [(n, d[:200] + bytes([d[200] ^ 1]) + d[201:] if n == name else d)
               for n, d in entries]
    assert changed != entries
    bad = tmp_path / "tampered.zip"
    write_entries(bad, changed)
    r = run("evidence", "verify", str(bad), "--trust", str(bundle["ca"]))
    assert r.exit_code == 1
    assert "muatan" in r.output and "lhak.pdf" in r.output and "TIDAK SAH" in r.output


def test_seal_with_report_twice_gives_the_same_payload(made, bundle, tmp_path):
    out = tmp_path / "again.zip"
    r = run("evidence", "seal", str(made["folder"]), "--key", str(bundle["p12"]), "--out",
            str(out), "--timestamp", STAMP, "--with-report")
    assert r.exit_code == 0, r.output
    sig = "AUD-2026-0042/signatures/tagmanifest-sha256.txt.p7s"
    first = [e for e in read_entries(bundle["zip"]) if e[0] != sig]
    assert first == [e for e in read_entries(out) if e[0] != sig]


def test_seal_replaces_a_stale_report_in_the_folder(tmp_path):
    base = make(tmp_path, name="AUD-2026-0060")
    stale = base / REPORT_PATH
    stale.write_bytes(b"%PDF-1.7 stale report\n")
    out = tmp_path / "b.zip"
    r = run("evidence", "seal", str(base), "--key", str(pki().p12), "--out", str(out),
            "--timestamp", STAMP, "--with-report")
    assert r.exit_code == 0, r.output
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        pdf = zf.read("AUD-2026-0060/" + REPORT_PATH)
    assert names.count("AUD-2026-0060/" + REPORT_PATH) == 1
    assert b"stale" not in pdf and pdf.startswith(b"%PDF-")
    r = run("evidence", "verify", str(out), "--trust", str(pki().ca_pem))
    assert r.exit_code == 0, r.output


def test_evidence_changed_while_sealing_is_refused(tmp_path):
    base = make(tmp_path, name="AUD-2026-0061")
    target = base / "data" / "evidence" / "nginx.conf"

    def renderer(audit, files, draft):  # noqa: ANN001, ANN202
        data = target.read_bytes()
        target.write_bytes(data.replace(b"TLSv1 ", b"TLSv9 "))   # same size, other bytes
        return b"%PDF-1.7\n"

    out = tmp_path / "b.zip"
    with pytest.raises(InputError) as err:
        seal_folder(base, pki().signer, out, timestamp=FIXED_TIME, report=renderer)
    assert "changed while being sealed" in en(err.value.problems[0].message)
    assert not out.exists()


# ------------------------------------------------------------------ bad input


def test_bad_input_is_one_line_exit_2(tmp_path, made):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("--lang", "en", "evidence", "report", str(empty))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "audit.json" in r.output and "not found" in r.output

    broken = tmp_path / "broken"
    (broken / "data").mkdir(parents=True)
    (broken / "data" / "audit.json").write_text('{"kind": "audit",\n  "x": }')
    r = run("evidence", "report", str(broken))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert re.search(r"audit\.json:2:\d+: JSON tidak valid", r.output), r.output

    r = run("evidence", "report", str(made["folder"]), "--out",
            str(made["folder"] / "data" / "evidence" / "lhak.pdf"))
    assert r.exit_code == 2 and "data/evidence/" in r.output
    assert not (made["folder"] / "data" / "evidence" / "lhak.pdf").exists()

    r = run("evidence", "report", str(made["folder"]), "--out", str(tmp_path))
    assert r.exit_code == 2 and "Traceback" not in r.output

    stray = tmp_path / "AUD-2026-0070"
    make(tmp_path, name="AUD-2026-0070")
    (stray / "data" / "evidence" / "unindexed.txt").write_text("x")
    r = run("--lang", "en", "evidence", "report", str(stray))
    assert r.exit_code == 2 and "not indexed" in r.output

    r = run("evidence", "report", str(made["folder"]), "--lang", "fr")
    assert r.exit_code == 2


def test_draft_marked_audit_stays_a_draft_when_sealed(tmp_path):
    base = tmp_path / "AUD-2026-0080"
    folder.init_folder(base, aset="APL-BANSOS", jenis_audit="keamanan", periode="2026",
                       tim_auditor=[folder.auditmeta.anggota_dict("Budi Santoso", "ketua")],
                       lembaga={"nama": "Inspektorat Kabupaten Malinau"},
                       ruang_lingkup="Draf")
    (tmp_path / "e.txt").write_text("bukti\n")
    adding.add_evidence(base, [tmp_path / "e.txt"], ("WEB-1.a",), uraian="bukti",
                        collected=COLLECTED)
    out = tmp_path / "d.zip"
    r = run("evidence", "seal", str(base), "--key", str(pki().p12), "--out", str(out),
            "--timestamp", STAMP, "--with-report", "--draft")
    assert r.exit_code == 0, r.output
    with zipfile.ZipFile(out) as zf:
        pdf = zf.read("AUD-2026-0080/" + REPORT_PATH)
    (tmp_path / "d.pdf").write_bytes(pdf)
    assert "DRAF" in pdftext(tmp_path / "d.pdf")
