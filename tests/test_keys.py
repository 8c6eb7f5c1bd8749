"""Agency CA and auditor PKCS#12 files: made right, protected, and shown."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from spbe_risk.cli import main
from spbe_risk.evidence import keys
from spbe_risk.evidence.signing import load_signer
from spbe_risk.problems import InputError

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable

CA_PW, KEY_PW = "ca-pass-word", "key-pass-word"
ENV = {"SPBE_RISK_CA_PASSWORD": CA_PW, "SPBE_RISK_KEY_PASSWORD": KEY_PW}
NIP = "199002022015022002"


def run(*args: str, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(main, list(args), env={**ENV, **(env or {})},
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("keys")
    r = run("keys", "init-ca", "--out", str(root / "ca"), "--name", "CA Diskominfo",
            "--organisation", "Pemkab Malinau")
    assert r.exit_code == 0, r.output
    r = run("keys", "issue", "--ca", str(root / "ca"), "--name", "Siti Aminah", "--nip", NIP,
            "--organisation", "Inspektorat", "--email", "siti@example.go.id", "--out",
            str(root / "siti.p12"))
    assert r.exit_code == 0, r.output
    return root


def test_ca_key_encrypted_and_private(made):
    key_file = made / "ca" / keys.CA_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    pem = key_file.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in pem
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(pem, password=None)
    key = serialization.load_pem_private_key(pem, password=CA_PW.encode())
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    cert = x509.load_pem_x509_certificate((made / "ca" / keys.CA_CERT).read_bytes())
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_auditor_p12(made):
    p12 = made / "siti.p12"
    assert stat.S_IMODE(p12.stat().st_mode) == 0o600
    with pytest.raises(ValueError):
        pkcs12.load_pkcs12(p12.read_bytes(), None)
    bundle = pkcs12.load_pkcs12(p12.read_bytes(), KEY_PW.encode())
    cert = bundle.cert.certificate
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment
    assert not ku.key_cert_sign and not ku.key_encipherment
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    subject = cert.subject.rfc4514_string()
    assert "CN=Siti Aminah" in subject and NIP in subject and "O=Inspektorat" in subject
    assert len(bundle.additional_certs) == 1                 # the CA, embedded when signing
    signer = load_signer(p12, KEY_PW.encode())
    assert len(signer.chain) == 1


def test_rsa_ca(tmp_path):
    keys.init_ca(tmp_path / "ca", "RSA CA", b"password-1", algorithm="rsa-3072")
    keys.issue_auditor(tmp_path / "ca", b"password-1", name="A", nip=NIP, organisation="O",
                       out=tmp_path / "a.p12", password=b"password-2")
    signer = load_signer(tmp_path / "a.p12", b"password-2")
    assert isinstance(signer.key, rsa.RSAPrivateKey) and signer.key.key_size == 3072


@pytest.mark.parametrize("target", ["siti.p12", "ca/ca.pem", "ca.der"])
def test_show(made, target):
    if target == "ca.der":
        cert = x509.load_pem_x509_certificate((made / "ca" / "ca.pem").read_bytes())
        (made / "ca.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    r = run("keys", "show", str(made / target), env={"SPBE_RISK_LANG": "en"})
    assert r.exit_code == 0, r.output
    for label in ("Subject:", "Serial:", "Valid from:", "Valid until:", "SHA-256:"):
        assert label in r.output
    default = run("keys", "show", str(made / target)).output      # Bahasa Indonesia
    for label in ("Subjek:", "Nomor seri:", "Berlaku dari:", "Berlaku sampai:", "SHA-256:"):
        assert label in default
    assert "CN=CA Diskominfo" in r.output
    if target.endswith(".p12"):
        assert "CN=Siti Aminah" in r.output and "digitalSignature, nonRepudiation" in r.output


def test_show_fingerprint_matches_openssl_style(made):
    cert = x509.load_pem_x509_certificate((made / "ca" / "ca.pem").read_bytes())
    out = run("keys", "show", str(made / "ca" / "ca.pem")).output
    assert keys.fingerprint(cert) in out and len(keys.fingerprint(cert)) == 95


def test_wrong_password_is_clear(made):
    r = run("keys", "show", str(made / "siti.p12"),
            env={"SPBE_RISK_KEY_PASSWORD": "not-the-password"})
    assert r.exit_code == 2
    assert "wrong password" in r.output and "not-the-password" not in r.output
    r = run("keys", "issue", "--ca", str(made / "ca"), "--name", "X", "--nip", NIP,
            "--organisation", "O", "--out", str(made / "x.p12"),
            env={"SPBE_RISK_CA_PASSWORD": "wrong-ca-pass"})
    assert r.exit_code == 2 and "cannot decrypt the CA key" in r.output
    assert not (made / "x.p12").exists()
    with pytest.raises(InputError, match="wrong password"):
        load_signer(made / "siti.p12", b"nope")


def test_password_from_named_env_var_only(made, tmp_path):
    r = run("keys", "init-ca", "--out", str(tmp_path / "ca2"), "--name", "N",
            "--password-env", "MY_CA_PW", env={"MY_CA_PW": "secret-pass-1"})
    assert r.exit_code == 0, r.output
    assert "secret-pass-1" not in r.output
    keys.load_ca(tmp_path / "ca2", b"secret-pass-1")
    r = run("keys", "init-ca", "--out", str(tmp_path / "ca3"), "--name", "N",
            env={"SPBE_RISK_CA_PASSWORD": None})
    assert r.exit_code == 2 and "SPBE_RISK_CA_PASSWORD" in r.output    # no tty, no env
    assert not (tmp_path / "ca3").exists()


def test_refusals(made, tmp_path):
    r = run("keys", "init-ca", "--out", str(made / "ca"), "--name", "again")
    assert r.exit_code == 2 and "already exists" in r.output
    r = run("keys", "issue", "--ca", str(made / "ca"), "--name", "X", "--nip", "123",
            "--organisation", "O", "--out", str(tmp_path / "x.p12"))
    assert r.exit_code == 2 and "18-digit NIP" in r.output
    r = run("keys", "init-ca", "--out", str(tmp_path / "c"), "--name", "N",
            env={"SPBE_RISK_CA_PASSWORD": "short"})
    assert r.exit_code == 2 and "too short" in r.output
    r = run("keys", "show", str(tmp_path / "missing.pem"))
    assert r.exit_code == 2


def test_password_not_accepted_on_argv():
    r = run("keys", "init-ca", "--out", "x", "--name", "N", "--password", "p")
    assert r.exit_code == 2 and "Opsi tidak dikenal" in r.output
