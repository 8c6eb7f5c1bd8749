"""Untrusted text never drives a terminal, a spreadsheet or a calendar (issue 10 §1).

Each test plants hostile text in the workspace (or in a document) and reads what reaches
the sink: rich markup is printed literally, control/escape/bidi characters are shown
visibly, CSV cells never start a formula, and ``check`` refuses controls that arrive
through YAML escapes at their line.
"""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from conftest import edit, line_of
from spbe_risk.cli import main
from spbe_risk.documents.base import Document
from spbe_risk.formats import render

HOSTILE = "A\x1b[2K\rVALID \u202eevil\u200b\x07 [/x] [bold red]B[/]"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def hostile_doc() -> Document:
    return Document(title=f"T {HOSTILE}", columns=(("id", "ID"), ("teks", "Teks"), ("n", "N")),
                    rows=[{"id": "X-1", "teks": HOSTILE, "n": 3, "_warna": "merah"}],
                    data={}, colour_column="teks", footer=f"footer {HOSTILE}",
                    extra={"sections": [("Bagian", [(f"label{HOSTILE}", HOSTILE)])]})


def rendered(fmt: str) -> str:
    buf = io.StringIO()
    render(hostile_doc(), fmt, buf)
    return buf.getvalue()


def assert_shown_visibly(out: str) -> None:
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out
    assert "\u202e" not in out and "\u200b" not in out
    assert "␛[2K␍VALID ⟨U+202E⟩evil⟨U+200B⟩␇" in out


def test_table_shows_markup_and_controls_literally():
    out = rendered("table")
    assert_shown_visibly(out)
    assert "[/x]" in out and "[bold red]B[/]" in out


def test_text_format_shows_controls_visibly():
    out = rendered("text")
    assert_shown_visibly(out)


def test_csv_cells_are_visible_and_formula_safe():
    doc = Document(title="t", columns=(("a", "A"), ("b", "B"), ("n", "N")),
                   rows=[{"a": "=HYPERLINK(\"http://evil\",\"x\")", "b": "@SUM(1)", "n": -3},
                         {"a": HOSTILE, "b": "+1+cmd", "n": 2.5}], data={})
    buf = io.StringIO()
    render(doc, "csv", buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue().lstrip("\ufeff"))))
    assert rows[1] == ["'=HYPERLINK(\"http://evil\",\"x\")", "'@SUM(1)", "-3"]
    assert rows[2][1] == "'+1+cmd" and rows[2][2] == "2.5"
    assert "\x1b" not in buf.getvalue() and "␛" in rows[2][0]


def test_instansi_with_markup_does_not_crash_tables(mini):
    edit(mini / "instansi.yaml", "instansi: Pemerintah Kabupaten Contoh",
         'instansi: "Pemkab [/x] Malinau"')
    edit(mini / "assets.yaml", "nama: Aplikasi Layanan Publik", 'nama: "Aplikasi [/x] Layanan"')
    for args in (("score", mini), ("coverage", mini), ("schedule", mini, "--today", "2026-03-01"),
                 ("soa", mini, "--asset", "app-layanan")):
        res = run(*args)
        assert res.exit_code in (0, 1), (args, res.output)
        assert "Traceback" not in res.output
        assert "Pemkab [/x] Malinau" in res.stdout or "Aplikasi [/x] Layanan" in res.stdout, args
    ok = run("check", mini)
    assert ok.exit_code == 0 and "Pemkab [/x] Malinau" in ok.stdout


def test_yaml_escapes_producing_controls_are_check_errors(mini):
    edit(mini / "instansi.yaml", "instansi: Pemerintah Kabupaten Contoh",
         'instansi: "Pemkab \\e[31mMerah\\a"')
    res = run("check", mini)
    assert res.exit_code == 2
    line = line_of(mini / "instansi.yaml", "instansi: \"Pemkab")
    first = res.stderr.splitlines()[0]
    assert f"instansi.yaml:{line}:" in first and "U+001B" in first
    assert "\x1b" not in res.output and "\x07" not in res.output


def test_bidi_override_through_escape_is_a_check_error(mini):
    edit(mini / "risks/diskominfo-2026.yaml", "kejadian: Pusat data padam",
         'kejadian: "Pusat \\u202Edata padam"')
    res = run("check", mini)
    assert res.exit_code == 2
    line = line_of(mini / "risks/diskominfo-2026.yaml", "kejadian: \"Pusat")
    assert any(f"diskominfo-2026.yaml:{line}:" in ln and "U+202E" in ln
               for ln in res.stderr.splitlines()), res.stderr


def test_soa_csv_justifikasi_formula_is_neutralised(mini):
    edit(mini / "assets.yaml", "justifikasi: Penguncian akun baru untuk admin.",
         "justifikasi: '=HYPERLINK(\"http://evil.example/\",\"klik\")'")
    res = run("soa", mini, "--asset", "app-layanan", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout.lstrip("\ufeff"))))
    cell = next(r["justifikasi"] for r in rows if r["kontrol"] == "WEB-1.d")
    assert cell.startswith("'=HYPERLINK")


def test_ics_text_fields_are_visible(mini):
    edit(mini / "assets.yaml", "nama: Aplikasi Layanan Publik", 'nama: "Aplikasi \u200bLayanan"')
    ics = mini / "jadwal.ics"
    res = run("schedule", mini, "--today", "2026-03-01", "--ics", ics)
    assert res.exit_code in (0, 1), res.output
    text = ics.read_text(encoding="utf-8")
    assert "\u200b" not in text and "⟨U+200B⟩" in text


def test_keys_show_prints_a_hostile_certificate_subject_visibly(tmp_path):
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Budi\x1b[2K\rVALID \u202eevil")])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    pem = tmp_path / "c.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    res = run("keys", "show", pem)
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stdout and "\r" not in res.stdout and "\u202e" not in res.stdout
    assert "␛[2K␍VALID ⟨U+202E⟩evil" in res.stdout
