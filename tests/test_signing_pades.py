"""PAdES signatures on a rendered Formulir (issue 22, part 2): the field sits in the
document's own signature block (located in the laid-out box tree), the signature
verifies in pdfsig (poppler) and in pyHanko, the file still declares PDF/A-3, and one
changed byte makes both fail. B-T through the test TSA reports its timestamp."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from signing_fixtures import KEY_PW, pem, pki, start_tsa

from spbe_risk.cli import main

DATA = Path(__file__).parent / "data"


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()},
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def formulir(tmp_path_factory) -> Path:
    from spbe_risk.documents.formulir import formulir_documents
    from spbe_risk.report.writer import render_pdf
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    ws = load(str(DATA / "mini")).workspace
    (doc,) = [d for u, f, d in formulir_documents(ws, score_workspace(ws), date(2026, 11, 28))
              if u == "diskominfo" and f == "3.0"]
    out = tmp_path_factory.mktemp("pades") / "formulir-3.0.pdf"
    out.write_bytes(render_pdf("formulir-3.0.html.j2", doc, "id"))
    return out


@pytest.fixture(scope="module")
def signed(formulir) -> Path:
    out = formulir.with_name("signed.pdf")
    before = formulir.read_bytes()
    r = run("sign", str(formulir), "--key", str(pki().p12), "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "ttd-pemilik-risiko" in r.output
    assert "subset" not in r.output, r.output       # fontTools' chatter stays quiet
    assert formulir.read_bytes() == before          # the input is never modified
    return out


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def test_the_block_rectangle_is_recorded_by_the_renderer(formulir):
    info = subprocess.run(["pdfinfo", "-custom", str(formulir)], capture_output=True,
                          text=True).stdout
    line = next(ln for ln in info.splitlines() if ln.startswith("SPBESignatureFields"))
    assert "ttd-pemilik-risiko:" in line and "ttd-koordinator-risiko:" in line


def test_signed_formulir_verifies_in_pdfsig_and_pyhanko(signed):
    out = pdfsig(signed)
    assert "Signature Field Name: ttd-pemilik-risiko" in out
    assert "Signature Type: ETSI.CAdES.detached" in out
    assert "Signature is Valid." in out and "Total document signed" in out
    r = run("verify-pdf", str(signed), "--trust", str(pki().ca_pem), "--format", "json")
    assert r.exit_code == 0, r.output
    (sig,) = json.loads(r.output)["signatures"]
    assert sig["ok"] and sig["whole_file"] and sig["modifications"] == "NONE"
    assert sig["subfilter"] == "/ETSI.CAdES.detached" and "Budi Santoso" in sig["signer"]
    assert sig["timestamp"] is None


def test_visible_field_lies_in_the_signature_block(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from spbe_risk.signing.pades import field_rectangles

    with signed.open("rb") as fh:
        reader = PdfFileReader(fh)
        page, rect = field_rectangles(reader)["ttd-pemilik-risiko"]
        sig = reader.embedded_signatures[0]
        widget = sig.sig_field
        box = [float(v) for v in widget["/Rect"]]
        assert box == pytest.approx(list(rect), abs=0.01)
        assert box[2] > box[0] and box[3] > box[1]
        annots = reader.root["/Pages"]["/Kids"][page].get_object()["/Annots"]
        assert any(a.get_object().get("/T") == "ttd-pemilik-risiko" for a in annots)


def test_signed_pdf_still_declares_pdfa3(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    with signed.open("rb") as fh:
        xmp = PdfFileReader(fh).root["/Metadata"].get_object().data
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp or b'pdfaid:part="3"' in xmp


def test_one_changed_byte_fails_both(signed, tmp_path):
    data = bytearray(signed.read_bytes())
    at = data.index(b"Formulir") + 2 if b"Formulir" in data else len(data) // 3
    data[at] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    assert "Signature is Valid." not in pdfsig(bad)
    r = run("verify-pdf", str(bad), "--trust", str(pki().ca_pem))
    assert r.exit_code != 0


def test_untrusted_signer_is_reported(signed, tmp_path):
    other = pem(tmp_path / "other.pem", pki().tsa_ca[1])
    r = run("verify-pdf", str(signed), "--trust", str(other))
    assert r.exit_code == 1 and "TIDAK SAH" in r.output


def test_b_t_signature_reports_its_timestamp(formulir, tmp_path):
    tsa = start_tsa()
    try:
        out = tmp_path / "bt.pdf"
        r = run("sign", str(formulir), "--key", str(pki().p12), "--tsa", tsa.url, "--out",
                str(out), "--field", "ttd-koordinator-risiko")
        assert r.exit_code == 0, r.output
    finally:
        tsa.close()
    r = run("verify-pdf", str(out), "--trust", str(pki().ca_pem), "--tsa-trust",
            str(pki().tsa_ca_pem), "--format", "json")
    assert r.exit_code == 0, r.output
    (sig,) = json.loads(r.output)["signatures"]
    assert sig["field"] == "ttd-koordinator-risiko" and sig["timestamp"]


def test_unknown_field_is_refused(formulir, tmp_path):
    r = run("sign", str(formulir), "--key", str(pki().p12), "--field", "ttd-nobody",
            "--out", str(tmp_path / "x.pdf"))
    assert r.exit_code == 2 and "ttd-pemilik-risiko" in r.output
    assert not (tmp_path / "x.pdf").exists()


def test_report_sign_with_signs_every_formulir_in_its_block(tmp_path):
    out = tmp_path / "r"
    r = run("report", str(DATA / "mini"), "--upr", "diskominfo", "--out", str(out),
            "--sign-with", str(pki().p12))
    assert r.exit_code == 0, r.output
    forms = sorted(out.rglob("formulir-*.pdf"))
    assert len(forms) >= 4
    for pdf in forms:
        text = pdfsig(pdf)
        assert "Signature Field Name: ttd-pemilik-risiko" in text, pdf
        assert "Signature is Valid." in text and "Total document signed" in text, pdf


def _fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, emb) of every font ``pdffonts`` lists (all revisions' pages)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    return [(r.split()[0], r.split()[-5]) for r in rows if r.strip()]


def test_every_font_of_a_signed_formulir_is_embedded(signed, formulir):
    """PDF/A-3 needs embedded fonts: the visible stamp's font too (was standard Courier,
    not embedded); the stamp text is DejaVu Sans, embedded as a subset."""
    fonts = _fonts(signed)
    assert len(fonts) > len(_fonts(formulir)), fonts      # the stamp brought its own font
    assert [f for f in fonts if f[1] != "yes"] == [], fonts
    assert any("DejaVuSans" in name for name, _ in fonts), fonts


def test_stamp_font_falls_back_clearly_when_dejavu_is_missing(monkeypatch):
    from spbe_risk.signing import pades

    monkeypatch.setattr(pades, "FONT_CANDIDATES", (Path("/nonexistent/DejaVuSans.ttf"),))
    with pytest.raises(pades.StampFontMissing, match="fonts-dejavu-core"):
        pades.stamp_style()


def test_signing_prints_no_font_library_chatter(formulir, tmp_path):
    """fontTools logs "FFTM NOT subset…" while subsetting the stamp font; the command's
    stderr must carry only our own lines (a real process: pytest captures logging)."""
    import os
    import sys

    env = {**os.environ, "SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()}
    got = subprocess.run([sys.executable, "-m", "spbe_risk", "sign", str(formulir), "--key",
                          str(pki().p12), "--out", str(tmp_path / "s.pdf")], env=env,
                         capture_output=True, text=True)
    assert got.returncode == 0, got.stderr
    assert "subset" not in got.stderr, got.stderr


def _crl(folder: Path) -> Path:
    """A CRL of the test CA (nothing revoked), PEM."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    key, cert = pki().ca
    now = dt.datetime.now(dt.UTC)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(cert.subject)
           .last_update(now - dt.timedelta(hours=1)).next_update(now + dt.timedelta(days=7))
           .sign(key, hashes.SHA256()))
    path = folder / "ca.crl.pem"
    path.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.mark.parametrize("lta", [False, True])
def test_b_lt_and_b_lta_from_offline_validation_data(formulir, tmp_path, lta):
    """--validation-data puts the CA certificate and its CRL into a DSS in a later
    revision (B-LT); --lta adds a document timestamp after it (B-LTA). pdfsig still
    verifies the signature; pyHanko reads the DSS and the document timestamp."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    data_dir = tmp_path / "vd"
    data_dir.mkdir()
    shutil.copy(pki().ca_pem, data_dir / "ca.pem")
    _crl(data_dir)
    out = tmp_path / "lt.pdf"
    tsa = start_tsa()
    try:
        r = run("sign", str(formulir), "--key", str(pki().p12), "--tsa", tsa.url,
                "--validation-data", str(data_dir), *(["--lta"] if lta else []),
                "--out", str(out))
        assert r.exit_code == 0, r.output
    finally:
        tsa.close()
    got = pdfsig(out)
    assert "Signature is Valid." in got and "ETSI.CAdES.detached" in got, got
    reader = PdfFileReader(out.open("rb"), strict=False)
    dss = reader.root["/DSS"]
    assert len(dss["/Certs"]) >= 1 and len(dss["/CRLs"]) == 1
    (sig,) = reader.embedded_regular_signatures
    assert sig.field_name == "ttd-pemilik-risiko"
    assert not sig.sig_object_type == "/DocTimeStamp"
    assert len(reader.embedded_timestamp_signatures) == (1 if lta else 0)
    # the signature covers its own revision, not the DSS added later on request
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    assert sig.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_REVISION


def test_lta_needs_tsa_and_validation_data(formulir, tmp_path):
    r = run("sign", str(formulir), "--key", str(pki().p12), "--lta", "--out",
            str(tmp_path / "x.pdf"))
    assert r.exit_code == 2 and "--lta" in r.output and not (tmp_path / "x.pdf").exists()
