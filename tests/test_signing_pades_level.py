"""The PAdES baseline level a signed PDF attains (issue 22, part 2): ``verify-pdf`` says per
signature B-B, B-T, B-LT or B-LTA, and claims a level only when it verified it against the
given trust — never from what the file merely contains. B-LT needs the signer's (and the
signature timestamp's) chain validated offline, revocation required, from the DSS alone;
B-LTA needs a valid document timestamp over that DSS.

Every PDF is signed once (module fixtures) through the real ``sign`` command and the test
TSA on 127.0.0.1; pdfsig checks that the signature itself stays valid."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from signing_fixtures import make_ca, pki, start_tsa
from test_signing_pades import formulir, run  # noqa: F401  (module fixture)


def _crl(path: Path, ca: tuple[object, object], *, issuer=None) -> Path:
    """A CRL (nothing revoked) signed by ``ca``'s key, naming ``issuer`` (default: ``ca``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    key, cert = ca
    now = dt.datetime.now(dt.UTC)
    crl = (x509.CertificateRevocationListBuilder()
           .issuer_name((issuer or cert).subject)
           .last_update(now - dt.timedelta(hours=1)).next_update(now + dt.timedelta(days=7))
           .sign(key, hashes.SHA256()))
    path.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    return path


def _validation_data(folder: Path, *, signer_crl: str = "good", tsa_crl: bool = True) -> Path:
    """Certificates of both roots, the TSA CA's CRL, and the signer CA's CRL: ``good``,
    ``none`` (left out) or ``forged`` (same issuer name, another CA's key)."""
    folder.mkdir()
    shutil.copy(pki().ca_pem, folder / "ca.pem")
    shutil.copy(pki().tsa_ca_pem, folder / "tsa-ca.pem")
    if tsa_crl:
        _crl(folder / "tsa-ca.crl.pem", pki().tsa_ca)
    if signer_crl == "good":
        _crl(folder / "ca.crl.pem", pki().ca)
    elif signer_crl == "forged":
        _crl(folder / "ca.crl.pem", make_ca("Impostor CA"), issuer=pki().ca[1])
    return folder


@pytest.fixture(scope="module")
def signed(formulir, tmp_path_factory) -> dict[str, Path]:  # noqa: F811
    """One PDF per case, all signed through the CLI."""
    base = tmp_path_factory.mktemp("level")
    cases = {
        "bb": [],
        "bt": ["--tsa"],
        "blt": ["--tsa", "--validation-data", _validation_data(base / "vd-good")],
        "blta": ["--tsa", "--validation-data", base / "vd-good", "--lta"],
        "no-crl": ["--tsa", "--validation-data", _validation_data(base / "vd-none",
                                                                  signer_crl="none")],
        "forged-crl": ["--tsa", "--validation-data", _validation_data(base / "vd-forged",
                                                                      signer_crl="forged")],
        "no-tsa-crl": ["--tsa", "--validation-data", _validation_data(base / "vd-notsa",
                                                                      tsa_crl=False)],
    }
    tsa = start_tsa()
    out = {}
    try:
        for name, extra in cases.items():
            args = [x for a in extra for x in (("--tsa", tsa.url) if a == "--tsa" else (str(a),))]
            out[name] = base / f"{name}.pdf"
            r = run("sign", str(formulir), "--key", str(pki().p12), *args, "--out",
                    str(out[name]))
            assert r.exit_code == 0, (name, r.output)
    finally:
        tsa.close()
    return out


def verify(pdf: Path, *extra: str, tsa_trust: Path | None = None):
    return run("verify-pdf", str(pdf), "--trust", str(pki().ca_pem), "--tsa-trust",
               str(tsa_trust or pki().tsa_ca_pem), *extra)


def level(pdf: Path, **kw) -> str | None:
    r = verify(pdf, "--format", "json", **kw)
    (sig,) = json.loads(r.output)["signatures"]
    return sig["tingkat_pades"]


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


@pytest.mark.parametrize(("case", "expected"), [
    ("bb", "B-B"), ("bt", "B-T"), ("blt", "B-LT"), ("blta", "B-LTA")])
def test_each_level_is_reported_as_such(signed, case, expected):
    r = verify(signed[case], "--format", "json")
    assert r.exit_code == 0, r.output
    got = json.loads(r.output)
    (sig,) = got["signatures"]          # the document timestamp is no signature of its own
    assert sig["tingkat_pades"] == expected and sig["ok"]
    assert (sig["stempel_waktu_dokumen"] is not None) == (expected == "B-LTA")
    stamps = got["document_timestamps"]
    assert len(stamps) == (1 if expected == "B-LTA" else 0)
    assert all(t["intact"] and t["trusted"] and t["timestamp"] for t in stamps)
    assert "Signature is Valid." in pdfsig(signed[case])


def test_level_in_words_in_both_languages(signed):
    r = verify(signed["blt"])
    assert r.exit_code == 0, r.output
    assert "tingkat PAdES: B-LT" in r.output
    r = run("--lang", "en", "verify-pdf", str(signed["blta"]), "--trust", str(pki().ca_pem),
            "--tsa-trust", str(pki().tsa_ca_pem))
    assert r.exit_code == 0, r.output
    assert "PAdES level: B-LTA" in r.output and "tingkat" not in r.output
    assert "document timestamp Timestamp-" in r.output and ": VALID" in r.output


@pytest.mark.parametrize("case", ["no-crl", "forged-crl", "no-tsa-crl"])
def test_dss_without_usable_revocation_data_is_not_b_lt(signed, case):
    """The DSS is there, with the certificates; but the signer CA's CRL is missing or
    signed by another CA (same issuer name), or the TSA's chain has none: B-T, and pdfsig
    still says the signature itself is valid."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    assert "/DSS" in PdfFileReader(signed[case].open("rb"), strict=False).root
    assert level(signed[case]) == "B-T"
    assert "Signature is Valid." in pdfsig(signed[case])


def test_tampered_document_timestamp_is_not_b_lta(signed, tmp_path):
    """One hex digit of the document timestamp's signature changed: the timestamp fails,
    the signature (an earlier revision) still holds with its DSS: B-LT."""
    data = signed["blta"].read_bytes()
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    hexes = data[start:data.index(b">", start)].rstrip(b"0")
    at = start + len(hexes) - 4             # inside the token's signature value
    bad = bytearray(data)
    bad[at:at + 1] = b"0" if bad[at:at + 1] != b"0" else b"1"
    out = tmp_path / "tampered.pdf"
    out.write_bytes(bytes(bad))
    r = verify(out, "--format", "json")
    got = json.loads(r.output)
    (sig,) = got["signatures"]
    assert sig["tingkat_pades"] == "B-LT" and sig["ok"]
    assert sig["kendala_tingkat"] == "tanpa-stempel-waktu-dokumen"
    (stamp,) = got["document_timestamps"]
    assert not stamp["intact"]              # a broken timestamp is reported, and
    assert r.exit_code == 1 and not got["valid"]         # fails the file
    assert "Signature is Valid." in pdfsig(out)


def test_levels_need_the_trust_given(signed, tmp_path):
    """The TSA's root not trusted: the timestamps prove nothing, so B-B only, however much
    the file contains; the signer not trusted: no level at all."""
    from signing_fixtures import pem

    stranger = pem(tmp_path / "stranger.pem", make_ca("Stranger")[1])
    assert level(signed["blta"], tsa_trust=stranger) == "B-B"
    r = verify(signed["blta"], tsa_trust=stranger)      # untrusted, not broken: reported
    assert r.exit_code == 0 and "UTUH, TIDAK TEPERCAYA" in r.output, r.output
    r = run("verify-pdf", str(signed["blta"]), "--trust", str(stranger), "--format", "json")
    assert r.exit_code == 1
    (sig,) = json.loads(r.output)["signatures"]
    assert sig["tingkat_pades"] is None


class _Attrs:
    """Signed attributes a PAdES baseline signature must not have (``signing-time``) or
    must have (ESS signing-certificate-v2) — for :func:`_sign_other`."""

    def __init__(self, signing_time: bool, signing_cert: bool, cert) -> None:
        self.signing_time, self.signing_cert, self.cert = signing_time, signing_cert, cert

    def signed_attr_providers(self, data_digest, digest_algorithm):
        from pyhanko.sign import attributes

        if self.signing_cert:
            yield attributes.SigningCertificateV2Provider(signing_cert=self.cert)
        if self.signing_time:
            yield attributes.SigningTimeProvider(timestamp=dt.datetime.now(dt.UTC))


def _sign_other(formulir: Path, out: Path, *, pades: bool = True,  # noqa: F811
                attrs: _Attrs | None = None) -> Path:
    """A signature made by pyHanko directly: not PAdES (adbe.pkcs7.detached), or PAdES
    with other signed attributes than the baseline's."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from spbe_risk.signing.pades import _hanko_signer

    writer = IncrementalPdfFileWriter(io.BytesIO(formulir.read_bytes()), strict=False)
    signer = _hanko_signer(pki().signer)
    if attrs is not None:
        attrs.cert = signer.signing_cert
        signer.signed_attr_prov_spec = attrs
    buf = io.BytesIO()
    signers.PdfSigner(signers.PdfSignatureMetadata(
        field_name="x", md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES if pades
        else fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED),
        signer=signer, new_field_spec=fields.SigFieldSpec(
            "x", box=(10, 10, 100, 60))).sign_pdf(writer, output=buf)
    out.write_bytes(buf.getvalue())
    return out


def test_adbe_pkcs7_signature_has_no_pades_level(tmp_path, formulir):  # noqa: F811
    """A valid signature that is not PAdES (SubFilter adbe.pkcs7.detached) attains no level."""
    out = _sign_other(formulir, tmp_path / "pkcs7.pdf", pades=False)
    r = verify(out, "--format", "json")
    (sig,) = json.loads(r.output)["signatures"]
    assert sig["ok"] and sig["tingkat_pades"] is None and sig["kendala_tingkat"] == "bukan-pades"
    assert re.search(r"tingkat PAdES: (tidak ada|-)", verify(out).output)


@pytest.mark.parametrize(("signing_time", "signing_cert"), [(True, True), (False, False)])
def test_pades_subfilter_without_baseline_attributes_is_not_b_b(tmp_path, formulir,  # noqa: F811
                                                                signing_time, signing_cert):
    """SubFilter ETSI.CAdES.detached alone is what the file claims: a CMS signing-time
    attribute (forbidden in PAdES) or no ESS signing-certificate attribute → no level,
    although the signature itself is valid (pdfsig and ``ok`` agree)."""
    out = _sign_other(formulir, tmp_path / "attrs.pdf",
                      attrs=_Attrs(signing_time, signing_cert, None))
    r = verify(out, "--format", "json")
    (sig,) = json.loads(r.output)["signatures"]
    assert sig["ok"] and sig["subfilter"] == "/ETSI.CAdES.detached"
    assert sig["tingkat_pades"] is None and sig["kendala_tingkat"] == "atribut-cades"
    assert "Signature is Valid." in pdfsig(out)


@pytest.mark.parametrize(("crl_days", "expected"), [((-3, -1), "B-LT"), ((-10, -5), "B-T")])
def test_b_lt_is_judged_at_the_timestamps_time(formulir, tmp_path, crl_days,  # noqa: F811
                                               expected):
    """What B-LT is for: verified later, when the CRL kept in the DSS is no longer current,
    the signature still validates as of the time its timestamp proves (two days ago) —
    but not with a CRL that had already expired by then."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from signing_fixtures import NOW, issue

    from spbe_risk.signing.pades import add_validation_data, sign_pdf

    signer = issue(pki().ca, "Sari Dewi", not_before=NOW - dt.timedelta(days=30),
                   not_after=NOW + dt.timedelta(days=365))
    ca_key, ca_cert = pki().ca
    crl = (x509.CertificateRevocationListBuilder().issuer_name(ca_cert.subject)
           .last_update(NOW + dt.timedelta(days=crl_days[0]))
           .next_update(NOW + dt.timedelta(days=crl_days[1])).sign(ca_key, hashes.SHA256()))
    tsa_crl = _crl(tmp_path / "tsa.crl", pki().tsa_ca).read_bytes()
    files = [("ca.pem", pki().ca_pem.read_bytes()), ("tsa.pem", pki().tsa_ca_pem.read_bytes()),
             ("ca.crl", crl.public_bytes(serialization.Encoding.DER)), ("tsa.crl", tsa_crl)]
    tsa = start_tsa()
    tsa.at = NOW - dt.timedelta(days=2)
    try:
        data = sign_pdf(formulir.read_bytes(), signer, tsa_url=tsa.url)[0]
    finally:
        tsa.close()
    out = tmp_path / "later.pdf"
    out.write_bytes(add_validation_data(data, files))
    assert level(out) == expected


# --- `sign` says the level it produced (judged like verify-pdf) -------------------------

def _sign(formulir: Path, out: Path, *args: str, lang: str = "id"):  # noqa: F811
    return run("--lang", lang, "sign", str(formulir), "--key", str(pki().p12), *args,
               "--out", str(out))


def test_sign_prints_the_level_it_produced_against_the_trust_given(formulir, tmp_path):  # noqa: F811
    """With --trust/--tsa-trust, ``sign`` judges its output with verify-pdf's own code:
    the same level as verify-pdf reports, in either language."""
    vd = _validation_data(tmp_path / "vd")
    tsa = start_tsa()
    try:
        r = _sign(formulir, tmp_path / "blt.pdf", "--tsa", tsa.url, "--validation-data",
                  str(vd), "--trust", str(pki().ca_pem), "--tsa-trust", str(pki().tsa_ca_pem))
        assert r.exit_code == 0, r.output
        assert "tingkat PAdES yang dihasilkan: B-LT" in r.output
        assert "belum mencapai tingkat berikutnya" in r.output
        assert level(tmp_path / "blt.pdf") == "B-LT"
        r = _sign(formulir, tmp_path / "bt.pdf", "--tsa", tsa.url, "--trust",
                  str(pki().ca_pem), "--tsa-trust", str(pki().tsa_ca_pem), lang="en")
        assert r.exit_code == 0, r.output
        assert "PAdES level produced: B-T" in r.output and "tingkat" not in r.output
        # a TSA the caller does not trust: the timestamp is not counted, so B-B, said so
        r = _sign(formulir, tmp_path / "bt2.pdf", "--tsa", tsa.url, "--trust",
                  str(pki().ca_pem))
        assert r.exit_code == 0, r.output
        assert "tingkat PAdES yang dihasilkan: B-B" in r.output
        assert "--tsa-trust" in r.output
    finally:
        tsa.close()


def test_sign_without_trust_uses_the_signers_own_chain_and_says_so(formulir, tmp_path):  # noqa: F811
    r = _sign(formulir, tmp_path / "bb.pdf")
    assert r.exit_code == 0, r.output
    assert "tingkat PAdES yang dihasilkan: B-B" in r.output
    assert "rantai sertifikat penanda tangan sendiri" in r.output


def test_sign_claims_no_level_when_it_cannot_verify_one(formulir, tmp_path):  # noqa: F811
    """A key whose chain carries no root and no --trust: the level is not claimed."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from signing_fixtures import KEY_PW

    s = pki().signer
    p12 = tmp_path / "no-chain.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"x", s.key, s.certificate, None,
        BestAvailableEncryption(KEY_PW)))
    r = run("sign", str(formulir), "--key", str(p12), "--out", str(tmp_path / "x.pdf"))
    assert r.exit_code == 0, r.output
    assert "tingkat PAdES tidak diverifikasi" in r.output and "B-B" not in r.output
    # trust given that the signer does not chain to: no level, said, exit 1
    from signing_fixtures import pem

    stranger = pem(tmp_path / "stranger.pem", make_ca("Stranger")[1])
    r = run("sign", str(formulir), "--key", str(p12), "--trust", str(stranger),
            "--out", str(tmp_path / "y.pdf"))
    assert r.exit_code == 1, r.output
    assert "tingkat PAdES yang dihasilkan: tidak ada" in r.output


# --- OCSP responses (no CRLs) in the DSS --------------------------------------------------

def _ocsp(path: Path, ca: tuple[object, object], cert, *, revoked_at=None) -> Path:
    """A DER OCSP response from ``ca`` (signing its own responses) for ``cert``: good, or
    revoked at ``revoked_at``."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp

    key, ca_cert = ca
    now = dt.datetime.now(dt.UTC)
    status = ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD
    response = (ocsp.OCSPResponseBuilder()
                .add_response(cert=cert, issuer=ca_cert, algorithm=hashes.SHA256(),
                              cert_status=status, this_update=now - dt.timedelta(hours=1),
                              next_update=now + dt.timedelta(days=7),
                              revocation_time=revoked_at, revocation_reason=None)
                .responder_id(ocsp.OCSPResponderEncoding.HASH, ca_cert)
                .sign(key, hashes.SHA256()))
    path.write_bytes(response.public_bytes(serialization.Encoding.DER))
    return path


def _ocsp_signers(tmp_path: Path) -> tuple[Path, object, object]:
    """A signer's PKCS#12 and a TSA signer whose certificates name an OCSP responder (AIA;
    it is never asked: the responses come as files)."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from signing_fixtures import KEY_PW, NOW, issue

    url = "http://127.0.0.1:9/ocsp"
    signer = issue(pki().ca, "Sari Dewi", not_before=NOW - dt.timedelta(days=30),
                   not_after=NOW + dt.timedelta(days=365), ocsp_url=url)
    tsa = issue(pki().tsa_ca, "OCSP TSA", not_before=NOW - dt.timedelta(days=30),
                not_after=NOW + dt.timedelta(days=365), tsa=True, ocsp_url=url)
    p12 = tmp_path / "sari.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"sari", signer.key, signer.certificate, [pki().ca[1]],
        BestAvailableEncryption(KEY_PW)))
    return p12, signer, tsa


def _ocsp_data(folder: Path, signer, tsa, *, signer_revoked: bool = False) -> Path:
    """Both roots' certificates and one OCSP response each for the signer's and the TSA's
    certificate; no CRL at all."""
    folder.mkdir()
    shutil.copy(pki().ca_pem, folder / "ca.pem")
    shutil.copy(pki().tsa_ca_pem, folder / "tsa-ca.pem")
    revoked = dt.datetime.now(dt.UTC) - dt.timedelta(days=1) if signer_revoked else None
    _ocsp(folder / "signer.ocsp", pki().ca, signer.certificate, revoked_at=revoked)
    _ocsp(folder / "tsa.der", pki().tsa_ca, tsa.certificate)
    return folder


def test_ocsp_responses_in_the_dss_make_b_lt_and_a_revoked_one_does_not(formulir, tmp_path):  # noqa: F811
    """``--validation-data`` with OCSP responses (DER, .ocsp and .der) and no CRL: B-LT
    in verify-pdf; the signer's certificate revoked (OCSP "revoked" a day before signing):
    not B-LT."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from signing_fixtures import Tsa

    p12, signer, tsa_signer = _ocsp_signers(tmp_path)
    tsa = Tsa(tsa_signer, pki().tsa_ca[1])
    try:
        for name, revoked in (("good", False), ("revoked", True)):
            r = run("sign", str(formulir), "--key", str(p12), "--tsa", tsa.url,
                    "--validation-data", str(_ocsp_data(tmp_path / name, signer, tsa_signer,
                                                         signer_revoked=revoked)),
                    "--out", str(tmp_path / f"{name}.pdf"))
            assert r.exit_code == 0, r.output
    finally:
        tsa.close()
    dss = DocumentSecurityStore.read_dss(
        PdfFileReader((tmp_path / "good.pdf").open("rb"), strict=False))
    assert len(list(dss.ocsps)) == 2 and not list(dss.crls)
    assert level(tmp_path / "good.pdf") == "B-LT"
    assert "Signature is Valid." in pdfsig(tmp_path / "good.pdf")
    r = verify(tmp_path / "revoked.pdf", "--format", "json")
    (sig,) = json.loads(r.output)["signatures"]
    assert sig["tingkat_pades"] is None and sig["kendala_tingkat"] == "sertifikat-dicabut"
    assert sig["revoked"] and not sig["ok"] and r.exit_code == 1      # the file proves it
    r = verify(tmp_path / "revoked.pdf")
    assert "TIDAK SAH" in r.output and "dicabut" in r.output, r.output


# --- renewing a B-LTA file's document timestamp ---------------------------------------

def _dss_of(path: Path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    return DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(path.read_bytes()),
                                                        strict=False))


def test_renew_timestamp_adds_the_dss_and_a_new_document_timestamp(signed, tmp_path):
    """``sign --renew-timestamp`` on a B-LTA file: a later revision with the previous
    document timestamp's validation data (its TSA's certificate, a fresh CRL of the TSA
    CA), then a new document timestamp; the input is untouched, earlier revisions are a
    byte prefix, verify-pdf still says B-LTA and lists both timestamps, pdfsig still
    verifies the signature, the file still declares PDF/A-3."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    source = signed["blta"]
    before = source.read_bytes()
    vd = tmp_path / "renew"
    vd.mkdir()
    shutil.copy(pki().tsa_ca_pem, vd / "tsa-ca.pem")
    _crl(vd / "tsa-ca-new.crl.pem", pki().tsa_ca)
    out = tmp_path / "renewed.pdf"
    tsa = start_tsa()
    try:
        r = run("sign", str(source), "--renew-timestamp", "--tsa", tsa.url,
                "--validation-data", str(vd), "--trust", str(pki().ca_pem),
                "--tsa-trust", str(pki().tsa_ca_pem), "--out", str(out))
    finally:
        tsa.close()
    assert r.exit_code == 0, r.output
    assert "stempel waktu dokumen diperbarui" in r.output
    assert "tingkat PAdES: B-LTA" in r.output, r.output
    assert re.search(r"data validasi stempel waktu dokumen sebelumnya \(Timestamp-[^)]+\): "
                     r"lengkap", r.output), r.output
    assert source.read_bytes() == before                   # input never modified
    renewed = out.read_bytes()
    assert renewed.startswith(before) and len(renewed) > len(before)
    assert len(list(_dss_of(out).crls)) == len(list(_dss_of(source).crls)) + 1
    got = json.loads(verify(out, "--format", "json").output)
    assert got["valid"]
    (sig,) = got["signatures"]
    assert sig["tingkat_pades"] == "B-LTA"
    first, second = got["document_timestamps"]
    assert all(t["intact"] and t["trusted"] for t in (first, second))
    assert first["modifications"] == "LTA_UPDATES" and second["modifications"] == "NONE"
    assert second["field"] != first["field"]
    assert "Signature is Valid." in pdfsig(out)
    with out.open("rb") as fh:
        xmp = PdfFileReader(fh, strict=False).root["/Metadata"].get_object().data
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp or b'pdfaid:part="3"' in xmp


def test_renew_timestamp_needs_a_document_timestamp_to_renew(signed, tmp_path):
    out = tmp_path / "x.pdf"
    r = run("sign", str(signed["blt"]), "--renew-timestamp", "--tsa", "http://127.0.0.1:9/",
            "--validation-data", str(pki().tsa_ca_pem), "--out", str(out))
    assert r.exit_code == 2 and not out.exists(), r.output
    assert "--lta" in r.output.splitlines()[0] and "masalah" in r.output, r.output
    r = run("sign", str(signed["blta"]), "--renew-timestamp", "--key", str(pki().p12),
            "--tsa", "http://127.0.0.1:9/", "--validation-data", str(pki().tsa_ca_pem),
            "--out", str(out))
    assert r.exit_code == 2 and not out.exists(), r.output


def test_renew_timestamp_says_when_the_previous_timestamp_is_not_covered(formulir, tmp_path):  # noqa: F811
    """A document timestamp over a DSS without the TSA CA's CRL: renewing it with only the
    TSA's certificates is said to leave it not validated offline; with the CRL, covered."""
    tsa = start_tsa()
    try:
        first = tmp_path / "lta-notsa.pdf"
        r = run("sign", str(formulir), "--key", str(pki().p12), "--tsa", tsa.url,
                "--validation-data", str(_validation_data(tmp_path / "vd", tsa_crl=False)),
                "--lta", "--out", str(first))
        assert r.exit_code == 0, r.output
        said = {}
        for name, files in (("certs", [pki().tsa_ca_pem]),
                            ("crl", [pki().tsa_ca_pem, _crl(tmp_path / "t.crl", pki().tsa_ca)])):
            args = [x for f in files for x in ("--validation-data", str(f))]
            r = run("sign", str(first), "--renew-timestamp", "--tsa", tsa.url, *args,
                    "--tsa-trust", str(pki().tsa_ca_pem), "--out", str(tmp_path / f"{name}.pdf"))
            assert r.exit_code == 0, r.output
            said[name] = r.output
    finally:
        tsa.close()
    assert ": tidak lengkap" in said["certs"] and ": lengkap" not in said["certs"]
    assert ": lengkap" in said["crl"]
