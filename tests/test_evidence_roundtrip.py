"""Round trip through the CLI: keys → init → add → conclude/finding → seal → verify,
checked by our verifier and by tools we did not write (openssl, bagit-python)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import CA_PW, FIXED_TIME, KEY_PW, NIP, cli_signer, pki, read_entries, seal

from spbe_risk.cli import main
from spbe_risk.evidence import zipwrite
from spbe_risk.evidence.policy import TrustPolicy
from spbe_risk.evidence.seal import seal_folder
from spbe_risk.evidence.signing import Signer
from spbe_risk.evidence.verify import verify_bundle

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable

ENV = {"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode(), "SPBE_RISK_CA_PASSWORD": CA_PW.decode()}

#: The audit metadata every complete audit states (Permenkominfo 16/2022).
METADATA = ("--tujuan", "Menilai kepatuhan keamanan aplikasi", "--mulai", "2026-08-03",
            "--selesai", "2026-08-14")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env={**ENV, **(env or {})},
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A bundle made entirely through the CLI, as an auditor would."""
    root = tmp_path_factory.mktemp("roundtrip")
    ca, p12 = cli_signer(root, run)
    folder = root / "AUD-2026-0007"
    r = run("evidence", "init", str(folder), "--asset", "APL-BANSOS", "--kind", "keamanan",
            "--period", "2026", "--auditor", "Budi Santoso", "--nip", NIP,
            "--organisation", "Inspektorat Kabupaten Malinau", *METADATA, "--scope", "Aplikasi bansos")
    assert r.exit_code == 0, r.output
    src = root / "src"
    (src / "konfigurasi").mkdir(parents=True)
    (src / "login page.png").write_bytes(os.urandom(70_000))
    (src / "konfigurasi" / "nginx.conf").write_text("server { listen 443 ssl; }\n")
    (src / "Berita Acara é.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    r = run("evidence", "add", str(folder), str(src / "login page.png"),
            str(src / "Berita Acara é.pdf"), "--control", "WEB-1.a", "--control", "WEB-1.b,WEB-1.c",
            "--uraian", "Halaman login dan berita acara")
    assert r.exit_code == 0, r.output
    r = run("evidence", "add", str(folder), str(src / "konfigurasi"), "--control", "WEB-1.b",
            "--into", "ekspor")
    assert r.exit_code == 0, r.output
    assert run("evidence", "conclude", str(folder), "--control", "WEB-1.a", "--desain", "memadai",
               "--implementasi", "sesuai", "--efektivitas", "efektif").exit_code == 0
    assert run("evidence", "conclude", str(folder), "--control", "WEB-1.b", "--desain",
               "perlu-peningkatan", "--implementasi", "tidak-sesuai", "--efektivitas",
               "belum-efektif").exit_code == 0
    assert run("evidence", "conclude", str(folder), "--control", "WEB-1.c", "--desain",
               "tidak-memadai", "--efektivitas", "belum-efektif").exit_code == 0
    r = run("evidence", "finding", str(folder), "--id", "T-01", "--control", "WEB-1.b",
            "--tingkat", "tinggi", "--kondisi", "TLS 1.0 masih aktif", "--kriteria",
            "BSSN 4/2021", "--sebab", "Konfigurasi bawaan", "--akibat", "Penyadapan",
            "--rekomendasi", "Nonaktifkan TLS < 1.2", "--batas-waktu", "2026-12-31")
    assert r.exit_code == 0, r.output
    assert run("evidence", "check", str(folder)).exit_code == 0
    bundle = root / "AUD-2026-0007.zip"
    r = run("evidence", "seal", str(folder), "--key", str(p12), "--out", str(bundle),
            "--timestamp", FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert r.exit_code == 0, r.output
    return {"root": root, "bundle": bundle, "ca": ca / "ca.pem", "p12": p12, "folder": folder}


def test_verify_passes_with_trust(sealed):
    r = run("evidence", "verify", str(sealed["bundle"]), "--trust", str(sealed["ca"]))
    assert r.exit_code == 0, r.output
    for n, step in enumerate(("container", "declaration", "signature", "tag manifest",
                              "payload", "content", "completeness"), 1):   # SPBE_RISK_LANG=en
        assert f"[{n}/7] {step}" in r.output
    assert r.output.rstrip().split("\n")[-1].startswith("VALID:") and "INVALID" not in r.output
    assert "Budi Santoso" in r.output and "claimed" in r.output
    assert "not checked (offline)" in r.output


def test_verify_json_is_complete(sealed):
    r = run("evidence", "verify", str(sealed["bundle"]), "--trust", str(sealed["ca"]),
            "--format", "json")
    doc = json.loads(r.output)
    assert r.exit_code == 0 and doc["valid"] is True and doc["failure"] is None
    assert [s["step"] for s in doc["steps"]] == ["container", "declaration", "signature",
                                                 "tag-manifest", "payload", "content",
                                                 "completeness"]
    assert doc["audit"]["id_audit"] == "AUD-2026-0007"
    assert doc["audit"]["kesimpulan"][0]["kontrol"] == "WEB-1.a"
    assert doc["audit"]["temuan"][0]["batas_waktu"] == "2026-12-31"
    assert doc["signer"]["signing_time_source"] == "claimed"
    assert doc["bag_info"]["Payload-Oxum"].endswith(".4")


def test_without_trust_is_invalid_but_says_signature_is_intact(sealed):
    r = run("evidence", "verify", str(sealed["bundle"]))
    assert r.exit_code == 1
    assert "untrusted signer" in r.output
    assert "cryptographically intact" in r.output
    assert re.search(r"\[5/7\] payload\s+ok", r.output)      # everything else still checked


def test_wrong_trust_anchor_is_untrusted(sealed):
    r = run("evidence", "verify", str(sealed["bundle"]), "--trust", str(pki().other_ca_pem))
    assert r.exit_code == 1
    assert "does not chain to any pinned trust anchor" in r.output


def test_openssl_cms_verify_passes(sealed, tmp_path):
    with zipfile.ZipFile(sealed["bundle"]) as zf:
        zf.extractall(tmp_path)
    bag = tmp_path / "AUD-2026-0007"
    cmd = ["openssl", "cms", "-verify", "-binary", "-purpose", "any", "-inform", "DER",
           "-in", "signatures/tagmanifest-sha256.txt.p7s", "-content",
           "tagmanifest-sha256.txt", "-CAfile", str(sealed["ca"]), "-out", os.devnull]
    done = subprocess.run(cmd, cwd=bag, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Verification successful" in done.stderr
    # and openssl refuses the same signature over a changed tag manifest
    (bag / "tagmanifest-sha256.txt").write_bytes(
        (bag / "tagmanifest-sha256.txt").read_bytes().replace(b"bagit", b"bagiT"))
    assert subprocess.run(cmd, cwd=bag, capture_output=True).returncode != 0


def test_bagit_python_and_sha256sum_validate(sealed, tmp_path):
    with zipfile.ZipFile(sealed["bundle"]) as zf:
        zf.extractall(tmp_path)
    bag = tmp_path / "AUD-2026-0007"
    done = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "is valid" in done.stderr
    if shutil.which("sha256sum"):
        for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
            assert subprocess.run(["sha256sum", "--quiet", "-c", manifest], cwd=bag,
                                  capture_output=True).returncode == 0
    (bag / "data" / "evidence" / "login page.png").write_bytes(b"changed")
    assert subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)],
                          capture_output=True).returncode != 0


def test_show_prints_summary_and_signer_without_judging(sealed):
    r = run("evidence", "show", str(sealed["bundle"]), env={"SPBE_RISK_LANG": "en"})
    assert r.exit_code == 0, r.output
    assert "AUD-2026-0007" in r.output and "APL-BANSOS" in r.output
    assert "Budi Santoso" in r.output and "not verified" in r.output
    assert "Needs Improvement" in r.output and "perlu-peningkatan" not in r.output  # words
    doc = json.loads(run("evidence", "show", str(sealed["bundle"]), "--format", "json").output)
    assert doc["signer"]["subject"].endswith("CN=Budi Santoso")
    assert doc["files"] == 4


def test_library_api_result_fields(sealed):
    result = verify_bundle(sealed["bundle"], TrustPolicy.from_pem_files([sealed["ca"]]))
    assert result.ok and result.failure is None
    assert [s.ok for s in result.steps] == [True] * 7
    assert result.audit["aset"] == "APL-BANSOS"
    assert result.signer.trusted and len(result.signer.fingerprint_sha256) == 95
    assert result.signer.signing_time is not None
    assert result.bundle_id == "AUD-2026-0007"


def test_private_key_never_in_bundle(sealed):
    from cryptography.hazmat.primitives import serialization

    data = sealed["bundle"].read_bytes()
    key = pki().signer.key
    raw = key.private_numbers().private_value.to_bytes(32, "big")
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    for secret in (raw, der, KEY_PW, CA_PW, sealed["p12"].read_bytes()[-64:]):
        assert secret not in data
    # the CLI-issued auditor key: decrypt it and look for it too
    from cryptography.hazmat.primitives.serialization import pkcs12

    own = pkcs12.load_pkcs12(sealed["p12"].read_bytes(), KEY_PW).key
    assert own.private_numbers().private_value.to_bytes(32, "big") not in data
    names = [n for n, _ in read_entries(sealed["bundle"])]
    assert not any(n.endswith((".p12", ".pfx", "-key.pem")) for n in names)


def test_seal_twice_identical_except_signature(tmp_path):
    files = {"a.txt": b"alpha\n", "sub/b.bin": os.urandom(5000)}
    one = seal(tmp_path / "1", files)
    two = seal(tmp_path / "2", files)
    e1, e2 = read_entries(one), read_entries(two)
    assert [n for n, _ in e1] == [n for n, _ in e2]
    for (name, d1), (_, d2) in zip(e1, e2, strict=True):
        if name.endswith(".p7s"):
            assert d1 != d2
        else:
            assert d1 == d2, name
    # byte-identical up to the signature entry (the layout is the same)
    b1, b2 = one.read_bytes(), two.read_bytes()
    cut = b1.index(b"signatures/tagmanifest-sha256.txt.p7s")
    assert b1[:cut] == b2[:cut]
    # the tail after the signature entry is the same too, apart from offsets in the
    # central directory (signature lengths may differ by a byte or two)
    assert e1[-1] == e2[-1]


def test_container_is_canonical(sealed):
    with zipfile.ZipFile(sealed["bundle"]) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names, key=lambda n: n.encode())
        for i in infos:
            assert i.date_time == (1980, 1, 1, 0, 0, 0)
            assert i.flag_bits & 0x800 and i.extra == b"" and i.compress_type == 0
            assert i.external_attr >> 16 == 0o100644
        assert zf.testzip() is None
    assert {n.split("/", 1)[0] for n in names} == {"AUD-2026-0007"}
    assert "AUD-2026-0007/signatures/VERIFY.txt" in names


def test_zip64_layout_reads_everywhere(tmp_path, monkeypatch):
    monkeypatch.setattr(zipwrite, "ZIP64_LIMIT", 1000)       # force ZIP64 fields on small data
    bundle = seal(tmp_path, {"big.bin": os.urandom(5000), "small.txt": b"x"})
    with zipfile.ZipFile(bundle) as zf:
        assert zf.testzip() is None
        assert len(zf.read("AUD-2026-0007/data/evidence/big.bin")) == 5000
    assert verify_bundle(bundle, TrustPolicy.from_pem_files([pki().ca_pem])).ok


def test_interrupted_seal_leaves_no_bundle(tmp_path):
    from cryptography.hazmat.primitives.asymmetric import ed25519

    base = tmp_path / "AUD-2026-0007"
    from evidence_fixtures.helpers import make_folder

    make_folder(tmp_path, {"a.txt": b"a"})
    broken = Signer(ed25519.Ed25519PrivateKey.generate(), pki().signer.certificate)
    with pytest.raises((TypeError, ValueError)):
        seal_folder(base, broken, tmp_path / "out.zip", timestamp=FIXED_TIME)
    assert not (tmp_path / "out.zip").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.zip")]


def test_seal_refuses_to_overwrite(sealed):
    r = run("evidence", "seal", str(sealed["folder"]), "--key", str(sealed["p12"]), "--out",
            str(sealed["bundle"]))
    assert r.exit_code == 2 and "already exists" in r.output


def test_seal_wrong_password_is_clear(sealed, tmp_path):
    r = run("evidence", "seal", str(sealed["folder"]), "--key", str(sealed["p12"]), "--out",
            str(tmp_path / "x.zip"), env={"SPBE_RISK_KEY_PASSWORD": "wrong-password"})
    assert r.exit_code == 2
    assert "wrong password" in r.output and "Traceback" not in r.output
    assert "wrong-password" not in r.output
    assert not (tmp_path / "x.zip").exists()


def test_verify_unreadable_input_exit_2(tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"this is not a zip file at all")
    r = run("evidence", "verify", str(junk))
    assert r.exit_code == 2 and "cannot read the bundle" in r.output
    r = run("evidence", "verify", str(tmp_path / "missing.zip"))
    assert r.exit_code == 2
    r = run("evidence", "verify", str(junk), "--trust", str(tmp_path / "nope.pem"))
    assert r.exit_code == 2 and "nope.pem" in r.output
