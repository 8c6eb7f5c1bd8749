"""The remote signer (issue 22, part 4): the documented HTTP protocol spoken to a
signing service the test starts on 127.0.0.1, which holds the key. A bundle sealed and a
PDF signed through it verify exactly like local ones; a service that signs something
else is caught."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.serialization import Encoding
from evidence_fixtures.helpers import make_folder
from signing_fixtures import NOW, pki

from spbe_risk.cli import main
from spbe_risk.evidence.policy import TrustPolicy
from spbe_risk.evidence.seal import seal_folder
from spbe_risk.evidence.verify import verify_bundle
from spbe_risk.signing.cms import detached_cms
from spbe_risk.signing.remote import RemoteSigner, RemoteSignerError

TOKEN = "s3cret-token"


class Service:
    """A signing service holding the test auditor's key; ``lie`` makes it sign the
    wrong digest."""

    def __init__(self) -> None:
        signer = pki().signer
        self.calls: list[dict] = []
        self.lie = False
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, code: int, data: dict) -> None:
                body = json.dumps(data).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(401, {"error": "unauthorised"})
                certs = [signer.certificate, *signer.chain]
                self._send(200, {"certificates": [base64.b64encode(
                    c.public_bytes(Encoding.DER)).decode() for c in certs]})

            def do_POST(self) -> None:  # noqa: N802
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(401, {"error": "unauthorised"})
                req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                service.calls.append(req)
                digest = base64.b64decode(req["digest"])
                if service.lie:
                    digest = bytes(32)
                if req["format"] == "raw":
                    value = signer.sign_digest(digest, req["digest_algorithm"])
                    return self._send(200, {"signature": base64.b64encode(value).decode()})
                der = detached_cms(None, signer, content_digest=digest)
                self._send(200, {"cms": base64.b64encode(der).decode()})

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def service():
    s = Service()
    yield s
    s.server.shutdown()


@pytest.mark.parametrize("mode", ["raw", "cms"])
def test_bundle_sealed_through_the_service_verifies(service, tmp_path, mode):
    signer = RemoteSigner(service.url, mode=mode, token=TOKEN)
    assert signer.certificate == pki().signer.certificate
    folder = make_folder(tmp_path, {"log.txt": b"log\n"})
    before = len(service.calls)
    seal_folder(folder, signer, tmp_path / "b.zip", timestamp=NOW)
    assert len(service.calls) == before + 1 and service.calls[-1]["format"] == mode
    assert len(base64.b64decode(service.calls[-1]["digest"])) == 32   # a digest, not content
    result = verify_bundle(tmp_path / "b.zip", TrustPolicy.from_pem_files([pki().ca_pem]))
    assert result.ok, result.failure


def test_pdf_signed_through_the_service_verifies(service, tmp_path):
    from datetime import date

    from spbe_risk.report.pdf import html_to_pdf

    html = ('<html lang="id"><head><title>t</title></head><body><p>Formulir</p>'
            '<div class="blok-ttd" id="ttd-pemilik-risiko" style="height:60pt;width:200pt">'
            '</div></body></html>')
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(html_to_pdf(html, "{}", date(2026, 1, 1)))
    runner = CliRunner()
    r = runner.invoke(main, ["sign", str(pdf), "--signer-url", service.url, "-o",
                             str(tmp_path / "s.pdf")], env={"SPBE_RISK_SIGNER_TOKEN": TOKEN},
                      catch_exceptions=False)
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["verify-pdf", str(tmp_path / "s.pdf"), "--trust", str(pki().ca_pem)])
    assert r.exit_code == 0, r.output


def test_a_service_signing_something_else_is_caught(service, tmp_path):
    folder = make_folder(tmp_path, {"log.txt": b"log\n"})
    service.lie = True
    try:
        with pytest.raises(RemoteSignerError, match="tidak menandatangani digest"):
            seal_folder(folder, RemoteSigner(service.url, mode="cms", token=TOKEN),
                        tmp_path / "c.zip", timestamp=NOW)
        seal_folder(folder, RemoteSigner(service.url, mode="raw", token=TOKEN),
                    tmp_path / "r.zip", timestamp=NOW)
    finally:
        service.lie = False
    assert not (tmp_path / "c.zip").exists()
    result = verify_bundle(tmp_path / "r.zip", TrustPolicy.from_pem_files([pki().ca_pem]))
    assert not result.ok and result.failure.step == "signature"


def test_no_token_or_no_service_is_a_plain_error(service):
    with pytest.raises(RemoteSignerError, match="HTTP 401"):
        RemoteSigner(service.url)
    with pytest.raises(RemoteSignerError, match="tidak menjawab: koneksi ditolak"):
        RemoteSigner("http://127.0.0.1:9", timeout=2)
    r = CliRunner().invoke(main, ["sign", str(Path(__file__)), "--signer-url",
                                  "http://127.0.0.1:9"])
    assert r.exit_code == 2 and "Traceback" not in r.output


# --------------------------------------------------------------------------- the evidence CLI
def test_evidence_seal_signer_url_seals_through_the_service(service, tmp_path):
    """``evidence seal --signer-url`` (was: ``--key`` only) signs through the service."""
    folder = make_folder(tmp_path, {"log.txt": b"log\n"})
    before = len(service.calls)
    r = CliRunner().invoke(main, ["evidence", "seal", str(folder), "--signer-url", service.url,
                                  "--out", str(tmp_path / "s.zip")],
                           env={"SPBE_RISK_SIGNER_TOKEN": TOKEN}, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert len(service.calls) == before + 1
    assert TOKEN not in r.output
    result = verify_bundle(tmp_path / "s.zip", TrustPolicy.from_pem_files([pki().ca_pem]))
    assert result.ok, result.failure
    r = CliRunner().invoke(main, ["evidence", "seal", str(folder), "--out",
                                  str(tmp_path / "none.zip")])
    assert r.exit_code == 2 and "--signer-url" in r.output and not (tmp_path / "none.zip").exists()


def test_evidence_report_sign_with_signs_the_lhak_in_the_team_leader_block(tmp_path):
    import subprocess

    from signing_fixtures import KEY_PW

    folder = make_folder(tmp_path, {"log.txt": b"log\n"})
    out = tmp_path / "lhak.pdf"
    r = CliRunner().invoke(main, ["evidence", "report", str(folder), "--out", str(out),
                                  "--sign-with", str(pki().p12)],
                           env={"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()},
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert KEY_PW.decode() not in r.output
    got = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
    assert "ETSI.CAdES.detached" in got and "Signature is Valid" in got, got
    assert "Total document signed" in got
    r = CliRunner().invoke(main, ["verify-pdf", str(out), "--trust", str(pki().ca_pem),
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    assert [s["field"] for s in json.loads(r.stdout)["signatures"]] == ["ttd-ketua-tim"]
