"""Trusted time on evidence bundles (issue 22, part 3): RFC 3161 tokens from a TSA on
127.0.0.1, checked by our verifier and by ``openssl ts -verify`` (the commands printed in
VERIFY.txt), and the signer's certificate judged at the token's time."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import make_folder, read_entries, write_entries
from signing_fixtures import KEY_PW, NOW, issue, pki, start_tsa

from conftest import en
from spbe_risk.cli import main
from spbe_risk.evidence.policy import TrustPolicy
from spbe_risk.evidence.seal import seal_folder
from spbe_risk.evidence.verify import verify_bundle
from spbe_risk.evidence.verifytext import verify_text
from spbe_risk.messages import reason
from spbe_risk.signing.cms import signature_value, timestamp_token, with_timestamp
from spbe_risk.signing.tsa import HttpTimestamper, TimestampError

SIG = "signatures/tagmanifest-sha256.txt.p7s"


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()},
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def tsa():
    server = start_tsa()
    yield server
    server.close()


def policy(**kw) -> TrustPolicy:
    return TrustPolicy.from_pem_files([pki().ca_pem], tsa_paths=[pki().tsa_ca_pem], **kw)


def seal_with(root: Path, signer, *, tsa=None, when: dt.datetime | None = None,
              name: str = "b.zip") -> Path:
    """A bundle signed by ``signer`` claiming ``when`` (bagged then too), stamped by
    ``tsa`` if given."""
    when = when or NOW
    folder = make_folder(root / name.removesuffix(".zip"), {"log.txt": b"log\n"})
    out = root / name
    seal_folder(folder, signer, out, timestamp=when, signing_time=when,
                timestamper=HttpTimestamper(tsa.url) if tsa else None)
    return out


def replace_signature(bundle: Path, out: Path, signature: bytes) -> Path:
    entries = dict(read_entries(bundle))
    top = next(iter(entries)).split("/")[0]
    entries[f"{top}/{SIG}"] = signature
    entries[f"{top}/signatures/VERIFY.txt"] = verify_text(top, signature)
    write_entries(out, sorted(entries.items()))
    return out


def signature_of(bundle: Path) -> bytes:
    with zipfile.ZipFile(bundle) as zf:
        return zf.read(next(n for n in zf.namelist() if n.endswith(SIG)))


@pytest.fixture(scope="module")
def stamped(tsa, tmp_path_factory) -> Path:
    """A bundle sealed through the CLI with --tsa."""
    root = tmp_path_factory.mktemp("stamped")
    folder = make_folder(root, {"log.txt": b"log\n"})
    out = root / "stamped.zip"
    r = run("evidence", "seal", str(folder), "--key", str(pki().p12), "--out", str(out),
            "--tsa", tsa.url)
    assert r.exit_code == 0, r.output
    assert tsa.url in r.output
    return out


def test_stamped_bundle_verifies_with_trusted_time(stamped):
    r = run("evidence", "verify", str(stamped), "--trust", str(pki().ca_pem), "--tsa-trust",
            str(pki().tsa_ca_pem), "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["valid"] and doc["signer"]["signing_time_source"] == "timestamp"
    assert doc["signer"]["timestamp_authority"] == "CN=Test TSA"
    text = run("evidence", "verify", str(stamped), "--trust", str(pki().ca_pem),
               "--tsa-trust", str(pki().tsa_ca_pem)).output
    assert "stempel waktu tepercaya" in text.splitlines()[-1]


def test_stamped_bundle_without_tsa_anchor_fails_never_falls_back(stamped):
    r = run("--lang", "en", "evidence", "verify", str(stamped), "--trust", str(pki().ca_pem))
    assert r.exit_code == 1
    assert "no TSA trust anchor" in r.output
    # another root as TSA anchor: the token's chain is not trusted
    r = run("--lang", "en", "evidence", "verify", str(stamped), "--trust", str(pki().ca_pem),
            "--tsa-trust", str(pki().ca_pem))
    assert r.exit_code == 1 and "does not chain to a pinned TSA" in r.output


def test_token_verifies_with_openssl_ts_as_verify_txt_says(stamped, tmp_path):
    with zipfile.ZipFile(stamped) as zf:
        zf.extractall(tmp_path)
    top = next(p for p in tmp_path.iterdir() if p.is_dir())
    (top / "tsa-ca.pem").write_bytes(pki().tsa_ca_pem.read_bytes())
    text = (top / "signatures" / "VERIFY.txt").read_text()
    lines = [ln.strip() for ln in text.split("Trusted time", 1)[1].splitlines()]
    commands = [ln for ln in lines if ln.startswith(("tail ", "openssl ts -verify"))]
    assert len(commands) == 3
    out = subprocess.run(" && ".join(commands), shell=True, cwd=top, capture_output=True,
                         text=True)
    assert out.returncode == 0 and "Verification: OK" in out.stdout, out.stdout + out.stderr
    # the same commands fail against the wrong TSA root
    (top / "tsa-ca.pem").write_bytes(pki().ca_pem.read_bytes())
    out = subprocess.run(" && ".join(commands), shell=True, cwd=top, capture_output=True,
                         text=True)
    assert out.returncode != 0


def test_certificate_judged_at_the_token_time(tsa, tmp_path):
    """A certificate that expired after the token's time still verifies; one that
    expired before it does not — whatever the signer claims."""
    expired = issue(pki().ca, "Budi Santoso", not_before=NOW - dt.timedelta(days=400),
                    not_after=NOW - dt.timedelta(days=10))
    then = NOW - dt.timedelta(days=20)
    tsa.at = then
    try:
        ok = seal_with(tmp_path, expired, tsa=tsa, when=then, name="ok.zip")
        tsa.at = NOW - dt.timedelta(days=5)
        late = seal_with(tmp_path, expired, tsa=tsa, when=then, name="late.zip")
    finally:
        tsa.at = None
    result = verify_bundle(ok, policy())
    assert result.ok, result.failure
    assert not result.signer.signing_time_claimed
    assert result.signer.signing_time == then and result.signer.valid_now is False
    result = verify_bundle(late, policy())
    assert not result.ok and result.failure.step == "signature"
    assert "trusted time" in en(result.failure.reason)


def test_forged_token_fails(stamped, tmp_path):
    sig = bytearray(signature_of(stamped))
    token = timestamp_token(bytes(sig))
    at = bytes(sig).index(token) + len(token) - 5      # inside the TSA's signature value
    sig[at] ^= 0x01
    forged = replace_signature(stamped, tmp_path / "forged.zip", bytes(sig))
    result = verify_bundle(forged, policy())
    assert not result.ok and result.failure.step == "signature"
    assert "timestamp" in en(result.failure.reason)


def test_mismatched_token_fails(stamped, tsa, tmp_path):
    other = seal_with(tmp_path, pki().signer, tsa=tsa, name="other.zip")
    swapped = with_timestamp(signature_of(stamped), timestamp_token(signature_of(other)))
    bad = replace_signature(stamped, tmp_path / "swapped.zip", swapped)
    result = verify_bundle(bad, policy())
    assert not result.ok and "message imprint mismatch" in en(result.failure.reason)


def test_client_refuses_a_wrong_imprint_or_a_rejection(tsa):
    for mode, words in (("wrong-imprint", "another digest"), ("refuse", "refused")):
        tsa.mode = mode
        try:
            with pytest.raises(TimestampError) as caught:
                HttpTimestamper(tsa.url).token(b"x")
            assert words in en(reason(caught.value))
        finally:
            tsa.mode = "ok"
    with pytest.raises(TimestampError) as caught:
        HttpTimestamper("http://127.0.0.1:9/none", timeout=2).token(b"x")
    assert "did not answer: connection refused" in en(reason(caught.value))


def test_backdated_expired_key_needs_trusted_time(tmp_path):
    """An expired key claims a time (and Bagging-Date) inside its validity: without a
    policy the bundle is valid but says the time is only claimed; a policy requiring
    trusted time fails it."""
    expired = issue(pki().ca, "Budi Santoso", not_before=NOW - dt.timedelta(days=400),
                    not_after=NOW - dt.timedelta(days=10))
    bundle = seal_with(tmp_path, expired, when=NOW - dt.timedelta(days=20))
    lax = verify_bundle(bundle, policy())
    assert lax.ok and lax.signer.signing_time_claimed
    r = run("evidence", "verify", str(bundle), "--trust", str(pki().ca_pem))
    assert r.exit_code == 0 and "hanya diklaim" in r.output.splitlines()[-1]
    strict = verify_bundle(bundle, policy(require_trusted_time=True))
    assert not strict.ok and "requires trusted time" in en(strict.failure.reason)
    r = run("evidence", "verify", str(bundle), "--trust", str(pki().ca_pem),
            "--require-trusted-time")
    assert r.exit_code == 1


def test_token_covers_the_signature_value(stamped):
    import hashlib

    from asn1crypto import cms

    sig = signature_of(stamped)
    tst = cms.ContentInfo.load(timestamp_token(sig))["content"]["encap_content_info"][
        "content"].parsed
    assert tst["message_imprint"]["hashed_message"].native == hashlib.sha256(
        signature_value(sig)).digest()


def test_workspace_policy_requires_trusted_time(stamped, tmp_path):
    """``trust/policy.yaml`` with ``require_trusted_time: true``: a bundle whose time is
    only claimed no longer counts for the schedule; a stamped one does (TSA root in
    ``trust/tsa/``)."""
    from spbe_risk.problems import InputError
    from spbe_risk.sources.bundles import require_trusted_time, scan, tsa_trust_files

    ws = tmp_path / "ws"
    (ws / "trust" / "tsa").mkdir(parents=True)
    (ws / "audits").mkdir()
    (ws / "trust" / "ca.pem").write_bytes(pki().ca_pem.read_bytes())
    (ws / "trust" / "tsa" / "tsa.pem").write_bytes(pki().tsa_ca_pem.read_bytes())
    assert require_trusted_time(ws) is False
    (ws / "trust" / "policy.yaml").write_text(
        "kind: trust-policy\nschema_version: 1\nrequire_trusted_time: true\n")
    assert require_trusted_time(ws) is True
    claimed = seal_with(tmp_path, pki().signer, name="claimed.zip")
    (ws / "audits" / "a.zip").write_bytes(claimed.read_bytes())
    (ws / "audits" / "b.zip").write_bytes(stamped.read_bytes())
    found = scan(ws / "audits", [ws / "trust" / "ca.pem"], ["APL-BANSOS"],
                 tsa_trust=tsa_trust_files(ws), trusted_time=True)
    assert [r["bundel"].rsplit("/", 1)[1] for r in found.ditolak] == ["a.zip"]
    assert "mewajibkan waktu tepercaya" in found.ditolak[0]["alasan"]
    assert len(found.selesai) == 1
    (ws / "trust" / "policy.yaml").write_text(
        "kind: trust-policy\nschema_version: 1\nrequire_trusted_time: yes-please\n")
    with pytest.raises(InputError, match=r"require_trusted_time: true \| false"):
        require_trusted_time(ws)
