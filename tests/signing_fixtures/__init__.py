"""An offline PKI and RFC 3161 timestamping authority for the signing tests.

The TSA is pyHanko's ``DummyTimeStamper`` (RSA key, certificate with the critical
extended key usage timeStamping that ``openssl ts -verify`` requires) behind a real HTTP
server on 127.0.0.1, so the client under test speaks the real protocol. Its clock can be
fixed (``at``) to stamp any moment, and it can be told to misbehave.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from spbe_risk.evidence import keys
from spbe_risk.signing.local import KeySigner, load_pkcs12

CA_PW = b"ca-password-1"
KEY_PW = b"key-password-1"
NIP = "198001012005011001"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(cn: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(65537, 2048)
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=3650))
            .not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def issue(ca: tuple[object, x509.Certificate], cn: str, *, not_before: dt.datetime,
          not_after: dt.datetime, tsa: bool = False, rsa_key: bool = False,
          ocsp_url: str | None = None) -> KeySigner:
    """An end-entity certificate from ``ca``: a signer (P-256, digitalSignature +
    nonRepudiation) or, with ``tsa``, a timestamping authority (RSA, EKU timeStamping)."""
    ca_key, ca_cert = ca
    key = rsa.generate_private_key(65537, 2048) if (tsa or rsa_key) else ec.generate_private_key(
        ec.SECP256R1())
    builder = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(ca_cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(True, not tsa, False, False, False, False, False,
                                            False, False), critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   ca_cert.public_key()), critical=False)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False))
    if ocsp_url:        # where its OCSP responder is (pyHanko only weighs OCSP if named)
        builder = builder.add_extension(x509.AuthorityInformationAccess([
            x509.AccessDescription(x509.oid.AuthorityInformationAccessOID.OCSP,
                                   x509.UniformResourceIdentifier(ocsp_url))]), critical=False)
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                                        critical=True)
    return KeySigner(key, builder.sign(ca_key, hashes.SHA256()), ())


def pem(path: Path, *certs: x509.Certificate) -> Path:
    path.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs))
    return path


class Tsa:
    """A running test TSA: ``url``; ``at`` fixes its clock; ``mode`` makes it misbehave
    (``"wrong-imprint"`` stamps another digest, ``"refuse"`` answers rejection)."""

    def __init__(self, signer: KeySigner, ca_cert: x509.Certificate) -> None:
        from asn1crypto import keys as akeys
        from asn1crypto import x509 as a509

        self.cert = a509.Certificate.load(signer.certificate.public_bytes(
            serialization.Encoding.DER))
        self.key = akeys.PrivateKeyInfo.load(signer.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        self.at: dt.datetime | None = None
        self.mode = "ok"
        self.requests = 0
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answer = tsa.answer(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"

    def answer(self, body: bytes) -> bytes:
        from asn1crypto import tsp
        from pyhanko.sign.timestamps import DummyTimeStamper

        self.requests += 1
        request = tsp.TimeStampReq.load(body)
        if self.mode == "refuse":
            status = tsp.PKIStatusInfo({"status": "rejection",
                                        "status_string": ["not today"]}).dump()
            return b"\x30" + bytes([len(status)]) + status      # TimeStampResp, no token
        if self.mode == "wrong-imprint":
            imprint = request["message_imprint"]
            request = tsp.TimeStampReq({
                "version": "v1", "nonce": request["nonce"], "cert_req": True,
                "message_imprint": {"hash_algorithm": imprint["hash_algorithm"],
                                    "hashed_message": b"\x00" * 32}})
        stamper = DummyTimeStamper(self.cert, self.key, fixed_dt=self.at)
        return stamper.request_tsa_response(request).dump()

    def close(self) -> None:
        self.server.shutdown()


@dataclass(frozen=True)
class Pki:
    base: Path
    ca_pem: Path              # the agency CA (spbe-risk keys), trust anchor of signers
    p12: Path                 # an auditor issued by it (password KEY_PW)
    signer: KeySigner
    ca: tuple[object, x509.Certificate]
    tsa_ca_pem: Path          # root of the test TSA
    tsa_signer: KeySigner
    tsa_ca: tuple[object, x509.Certificate]


@functools.cache
def pki() -> Pki:
    base = Path(tempfile.mkdtemp(prefix="spbe-signing-pki-"))
    atexit.register(shutil.rmtree, base, True)
    keys.init_ca(base / "ca", "CA Inspektorat Kab. Malinau", CA_PW, organisation="Pemkab Malinau")
    keys.issue_auditor(base / "ca", CA_PW, name="Budi Santoso", nip=NIP,
                       organisation="Inspektorat Kabupaten Malinau", out=base / "auditor.p12",
                       password=KEY_PW)
    ca_key = serialization.load_pem_private_key((base / "ca" / "ca-key.pem").read_bytes(), CA_PW)
    ca_cert = x509.load_pem_x509_certificate((base / "ca" / "ca.pem").read_bytes())
    tsa_ca = make_ca("Test TSA Root")
    tsa_signer = issue(tsa_ca, "Test TSA", not_before=NOW - dt.timedelta(days=3000),
                       not_after=NOW + dt.timedelta(days=365), tsa=True)
    return Pki(base, base / "ca" / "ca.pem", base / "auditor.p12",
               load_pkcs12(base / "auditor.p12", KEY_PW), (ca_key, ca_cert),
               pem(base / "tsa-ca.pem", tsa_ca[1]), tsa_signer, tsa_ca)


def start_tsa() -> Tsa:
    p = pki()
    return Tsa(p.tsa_signer, p.tsa_ca[1])
