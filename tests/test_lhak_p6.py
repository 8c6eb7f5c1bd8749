"""The report of an external audit (issue 18 item 4): titled by who audited, every element
of Permenkominfo 16/2022 Lampiran I P-6(b) in the PDF text, each finding in the P-6(a)
form, a note on criteria that are not regulation, the surat keterangan of Lampiran II, and
the ketua tim's signature block as ``div#ttd-ketua-tim``. One PDF, many assertions."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import cli_signer

import pdfcheck
from conftest import MALINAU
from spbe_risk.cli import main
from spbe_risk.documents.lhak import judul_laporan

ENV = {"SPBE_RISK_KEY_PASSWORD": "key-password-1", "SPBE_RISK_CA_PASSWORD": "ca-password-1",
       "SPBE_RISK_LANG": "id"}
WS = ("--workspace", str(MALINAU))

META = {
    "tujuan": "Audit keamanan dua tahunan sebagaimana diwajibkan Pasal 4 ayat (3)",
    "penerima": ["Sekretaris Daerah selaku Koordinator SPBE", "Kepala Bappeda"],
    "pembatasan": "Terbatas untuk penerima laporan dan kementerian",
    "batasan": "Integrasi dengan SIPD tidak diuji",
    "independensi": "Tim tidak memberikan jasa pengembangan dalam dua tahun terakhir",
    "tanggapan": "Bappeda menyetujui seluruh temuan dan menyusun rencana aksi",
    "kondisi": "Program kerja keamanan tidak memuat penanganan insiden",
    "akibat": "Insiden dapat tertangani terlambat",
    "kriteria": "Peraturan BSSN 4/2021 Pasal 8",
    "rekomendasi": "Lengkapi program kerja dengan penanganan insiden",
    "tanggapan_temuan": "Disetujui dan dianggarkan 2027",
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env=ENV)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("p6")
    ca, p12 = cli_signer(root, run)
    f = root / "AUD-2026-0301"
    r = run("evidence", "init", f, *WS, "--aset", "app-perencanaan", "--jenis-audit",
            "keamanan", "--periode", "2026-S2", "--pelaksana", "eksternal",
            "--ketua-tim", "Ratna Sari", "--tim-auditor",
            "nama=Ratna Sari;peran=ketua;sertifikat=LSP-KS-0311;pegawai_tetap=ya;"
            "jabatan=Ketua Tim Auditor TIK Senior", "--anggota-tim", "Andreas Lahang",
            "--lembaga", "PT Audit TIK Contoh", "--nomor-registrasi", "BSSN-LATIK-0042",
            "--surat-keterangan", "017/SK/XII/2026", "--tanggal-surat-keterangan", "2026-09-01",
            "--tujuan", META["tujuan"], "--mulai", "2026-08-03", "--selesai", "2026-08-14",
            "--ruang-lingkup", "Manajemen keamanan dan autentikasi aplikasi perencanaan",
            "--penerima", META["penerima"][0], "--penerima", META["penerima"][1],
            "--pembatasan-distribusi", META["pembatasan"], "--batasan-lingkup", META["batasan"],
            "--pernyataan-independensi", META["independensi"],
            "--tanggapan-auditan", META["tanggapan"])
    assert r.exit_code == 0, r.output
    src = root / "src"
    src.mkdir()
    for name, control in (("kebijakan.txt", "MNJ-c.1"), ("login.txt", "WEB-1.a"),
                          ("data.txt", "DAT-5")):
        (src / name).write_text(f"bukti {name}\n")
        assert run("evidence", "add", f, src / name, "--control", control, *WS,
                   "--collected", "2026-08-10").exit_code == 0
    for control, args in (("MNJ-c.1", ("perlu-peningkatan", "--implementasi", "sesuai",
                                       "--efektivitas", "perlu-peningkatan")),
                          ("WEB-1.a", ("memadai", "--implementasi", "sesuai",
                                       "--efektivitas", "efektif")),
                          ("DAT-5", ("tidak-memadai", "--efektivitas", "belum-efektif"))):
        assert run("evidence", "conclude", f, "--control", control, "--desain", *args,
                   *WS).exit_code == 0
    r = run("evidence", "finding", f, *WS, "--id", "T-01", "--control", "MNJ-c.1",
            "--tingkat", "tinggi", "--kondisi", META["kondisi"], "--kriteria", META["kriteria"],
            "--sebab", "Belum berbasis risiko", "--akibat", META["akibat"],
            "--rekomendasi", META["rekomendasi"], "--tanggapan", META["tanggapan_temuan"],
            "--batas-waktu", "2027-06-30")
    assert r.exit_code == 0, r.output
    bundle = root / "b.zip"
    r = run("evidence", "seal", f, "--key", p12, "--out", bundle, "--with-report", *WS)
    assert r.exit_code == 0, r.output
    pdf = root / "lhak.pdf"
    assert run("evidence", "report", f, "--out", pdf, *WS).exit_code == 0
    from spbe_risk.evidence.auditcheck import known_ids
    from spbe_risk.evidence.folder import load_audit
    from spbe_risk.evidence.reporting import report_input
    from spbe_risk.report.lhak import context_from, lhak_for
    from spbe_risk.report.writer import render_html
    from spbe_risk.sources import load_or_raise

    ws, _ = load_or_raise(MALINAU)
    found = report_input(f, known_ids(MALINAU))
    doc = lhak_for(load_audit(f), found.files, "id", context_from(ws, None))
    return {"text": flat(pdfcheck.text(pdf)), "layout": flat(pdfcheck.text(pdf, layout=True)),
            "pdf": pdf, "doc": doc,
            "html": render_html("lhak.html.j2", doc, "id", orientation="portrait"),
            "bundle": bundle, "ca": ca}


def test_title_says_who_audited(report):
    assert report["text"].startswith("PEMERINTAH KABUPATEN MALINAU Laporan Hasil Audit "
                                      "Keamanan SPBE (LHAK)")
    assert judul_laporan("aplikasi", "eksternal") == "Laporan Hasil Audit TIK"
    assert judul_laporan("infrastruktur", "eksternal") == "Laporan Hasil Audit TIK"
    assert judul_laporan("keamanan", "internal") == \
        "Laporan Pelaksanaan Audit Internal Keamanan SPBE"
    assert judul_laporan("aplikasi", "internal") == \
        "Laporan Pelaksanaan Audit Internal Aplikasi SPBE"


@pytest.mark.parametrize("element,expected", [
    # (1) identitas organisasi, penerima, pembatasan distribusi
    ("1 identitas", ("Instansi yang diaudit Pemerintah Kabupaten Malinau",
                     "PT Audit TIK Contoh", "nomor registrasi BSSN-LATIK-0042")),
    ("1 penerima", ("Penerima laporan", *META["penerima"])),
    ("1 distribusi", ("Pembatasan distribusi", META["pembatasan"])),
    # (2) tujuan, aspek, periode, sifat, waktu, kedalaman
    ("2 tujuan", ("Tujuan", META["tujuan"])),
    ("2 aspek", ("Aspek Manajemen Keamanan Informasi; Standar Teknis dan Prosedur Keamanan",)),
    ("2 periode", ("Periode yang dicakup Semester II 2026",)),
    ("2 sifat", ("Sifat audit Audit eksternal oleh Lembaga Pelaksana Audit TIK",)),
    ("2 waktu", ("Waktu pelaksanaan 3 Agustus 2026 s.d. 14 Agustus 2026",)),
    ("2 kedalaman", ("Kedalaman audit 3 kontrol dinilai",)),
    ("2 independensi", ("Pernyataan Independensi", META["independensi"])),
    # (3) temuan, konklusi, rekomendasi, pengecualian dan pembatasan lingkup
    ("3 konklusi", ("Konklusi per Area", "Konklusi per Kontrol", "Tidak Memadai")),
    ("3 temuan", ("Temuan dan Rekomendasi", META["kondisi"], META["rekomendasi"])),
    ("3 batasan", ("Pengecualian dan Pembatasan Lingkup", META["batasan"])),
    # (4) tanggapan resmi auditan
    ("4 tanggapan", ("Tanggapan Resmi Auditan", META["tanggapan"])),
    # (5) tanggal, nama, jabatan, tanda tangan ketua tim
    ("5 ttd", ("Malinau, 14 Agustus 2026 Ketua Tim Auditor, PT Audit TIK Contoh",
               "Ratna Sari Ketua Tim Auditor TIK Senior")),
    # (6) ringkasan eksekutif, as a narrative
    ("6 ringkasan", ("1 Ringkasan Eksekutif PT Audit TIK Contoh melaksanakan Audit Keamanan "
                     "SPBE atas Aplikasi Perencanaan Pembangunan",
                     "Dari 3 kontrol yang dinilai, 1 berkonklusi Memadai, 1 Perlu Peningkatan "
                     "dan 1 Tidak Memadai", "Temuan yang memerlukan perhatian segera "
                     "pimpinan: T-01")),
])
def test_every_p6b_element_is_in_the_pdf_text(report, element, expected):
    for text in expected:
        assert text in report["text"], (element, text)


def test_each_finding_in_the_p6a_form(report):
    text = report["text"]
    start = text.index("Temuan T-01")
    form = text[start:text.index("Batas waktu tindak lanjut", start)]
    for label, value in (("Temuan (kondisi)", META["kondisi"]),
                         ("Risiko (akibat)", META["akibat"]),
                         ("Kriteria", META["kriteria"]), ("Rekomendasi", META["rekomendasi"]),
                         ("Tanggapan Auditan", META["tanggapan_temuan"])):
        assert f"{label} {value}" in form, label


def test_criteria_that_are_not_regulation_are_named(report):
    note = report["text"][report["text"].index("Catatan atas kriteria"):]
    assert "DAT-5 (draft-data-informasi, draf)" in note
    assert [c["kontrol"] for c in report["doc"]["kriteria_bukan_regulasi"]
            if c["confidence"] == "draft"] == ["DAT-5"]


def test_surat_keterangan_in_the_lampiran_ii_format(report):
    text = report["layout"]
    sk = text[text.index("Surat Keterangan Pelaksanaan Audit Teknologi Informasi"):]
    for expected in ("Nomor : 017/SK/XII/2026", "Perihal : Surat Keterangan Pelaksanaan Audit TIK",
                     "Malinau, 1 September 2026",
                     "Dengan ini kami menerangkan bahwa PT Audit TIK Contoh telah melaksanakan "
                     "Audit TIK sebagai berikut",
                     "Nama Instansi : Pemerintah Kabupaten Malinau",
                     "Tanggal pelaksanaan Audit TIK : 3 Agustus 2026 s.d. 14 Agustus 2026",
                     "Jenis Audit TIK : Audit Keamanan SPBE",
                     "Tim Auditor TIK : Ratna Sari (ketua); Andreas Lahang (anggota)",
                     "Pedoman Umum Audit TIK dari Kementerian Komunikasi dan Informatika",
                     "Standar dan tata cara Audit TIK dari Lembaga Pelaksana Audit TIK Pemerintah",
                     "Pimpinan PT Audit TIK Contoh"):
        assert expected in sk, expected


def test_signature_block_of_the_ketua_tim_is_one_element_by_id(report):
    html = report["html"]
    assert html.count('<div class="blok-ttd" id="ttd-ketua-tim">') == 1
    block = html[html.index('id="ttd-ketua-tim"'):]
    block = block[:block.index("</div>\n</section>")]
    assert "Ratna Sari" in block and "Ketua Tim Auditor TIK Senior" in block


def test_sealed_report_is_covered_and_verifies(report):
    r = run("evidence", "verify", report["bundle"], "--trust", report["ca"] / "ca.pem")
    assert r.exit_code == 0, r.output
    import zipfile
    with zipfile.ZipFile(report["bundle"]) as zf:
        assert any(n.endswith("data/report/lhak.pdf") for n in zf.namelist())


def test_internal_report_has_no_surat_keterangan(tmp_path):
    from spbe_risk.audit.metadata import anggota_dict, new_audit
    from spbe_risk.documents.lhak import lhak_document

    audit = new_audit(id_audit="AUD-2026-0001", aset="a", jenis_audit="aplikasi",
                      periode="2026", tim_auditor=[anggota_dict("X", "ketua")],
                      lembaga={"nama": "Inspektorat"})
    doc = lhak_document(audit, [])
    assert doc["surat_keterangan"] is None
    assert doc["judul"] == "Laporan Pelaksanaan Audit Internal Aplikasi SPBE"
