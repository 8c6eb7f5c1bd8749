"""Issue 10 section 5 and issue 9 section 1 (re-packed bundles): the container is
canonical, all of it, and ``unzip`` never disagrees with a VALID verdict."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from evidence_fixtures.helpers import Raw, raw_zip, read_entries, seal, trust

from conftest import en
from spbe_risk.evidence.verify import verify_bundle

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable

TOP = "AUD-2026-0007/"
needs_unzip = pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip not installed "
                                 "(.ci/run installs it)")


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seal(tmp_path_factory.mktemp("container"), {"a.txt": b"alpha\n",
                                                       "sub/b.bin": os.urandom(3000)})


def steps(result) -> dict[str, str]:
    return {s.name: s.status for s in result.steps}


@needs_unzip
def test_forged_crc_is_invalid_like_unzip_says(tmp_path, good):
    raws = [Raw(n.encode(), d) for n, d in read_entries(good)]
    for r in raws:
        if r.name.endswith(b"a.txt"):
            r.crc = 0x12345678
    path = tmp_path / "b.zip"
    path.write_bytes(raw_zip(raws))
    assert subprocess.run(["unzip", "-tqq", str(path)], capture_output=True).returncode != 0
    result = verify_bundle(path, trust())
    assert not result.ok
    assert "CRC-32" in en(result.failure.reason) and result.failure.file.endswith("a.txt")


def test_zip64_end_records_must_agree(tmp_path, good):
    data = good.read_bytes()
    eocd = data[-22:]
    (_, _, _, n_disk, count, cd_size, cd_offset, _) = struct.unpack("<4sHHHHIIH", eocd)
    z64_offset = len(data) - 22
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, (3 << 8) | 45, 45, 0, 0,
                         count + 1, count + 1, cd_size, cd_offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, z64_offset, 1)
    path = tmp_path / "b.zip"
    path.write_bytes(data[:-22] + record + locator + eocd)
    result = verify_bundle(path, trust())
    assert not result.ok and result.failure.step == "container"
    assert "end records disagree" in en(result.failure.reason)


@needs_unzip
@pytest.mark.parametrize("mode", [0o104777, 0o100777, 0o100600])
def test_file_mode_must_be_the_canonical_0644(tmp_path, good, mode):
    raws = [Raw(n.encode(), d) for n, d in read_entries(good)]
    for r in raws:
        if r.name.endswith(b"a.txt"):
            r.ext_attr = mode << 16
    path = tmp_path / "b.zip"
    path.write_bytes(raw_zip(raws))
    result = verify_bundle(path, trust())
    assert not result.ok and result.failure.step == "container"
    assert f"mode {mode & 0o7777:04o}" in en(result.failure.reason)


def test_python_rezip_is_repacked_not_tampered(tmp_path, good):
    path = tmp_path / "rezipped.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in read_entries(good):
            out.writestr(name, data)
    result = verify_bundle(path, trust())
    assert not result.ok
    assert result.failure.step == "container"
    assert en(result.failure.reason).startswith("the ZIP was re-packed: ")
    st = steps(result)
    assert st["signature"] == "passed" and st["payload"] == "passed", result.steps
    assert st["tag-manifest"] == "passed" and st["content"] == "passed"


@pytest.mark.skipif(shutil.which("zip") is None or shutil.which("unzip") is None,
                    reason="zip/unzip not installed (.ci/run installs them)")
def test_unzip_and_zip_r_is_repacked_and_tampering_still_shows(tmp_path, good):
    subprocess.run(["unzip", "-q", str(good), "-d", str(tmp_path / "x")], check=True)
    subprocess.run(["zip", "-qr", str(tmp_path / "re.zip"), "AUD-2026-0007"],
                   cwd=tmp_path / "x", check=True)
    result = verify_bundle(tmp_path / "re.zip", trust())
    assert result.failure.step == "container"
    assert "re-packed" in en(result.failure.reason)
    assert steps(result)["payload"] == "passed" and steps(result)["signature"] == "passed"
    (tmp_path / "x" / "AUD-2026-0007" / "data" / "evidence" / "a.txt").write_bytes(b"ALPHA\n")
    subprocess.run(["zip", "-qr", str(tmp_path / "bad.zip"), "AUD-2026-0007"],
                   cwd=tmp_path / "x", check=True)
    bad = verify_bundle(tmp_path / "bad.zip", trust())
    assert steps(bad)["payload"] == "failed"         # a tampered one reads differently
    assert steps(bad)["signature"] == "passed"


@needs_unzip
def test_valid_bundle_passes_the_readme_independent_check(tmp_path, good):
    assert verify_bundle(good, trust()).ok
    assert subprocess.run(["unzip", "-tqq", str(good)]).returncode == 0
    subprocess.run(["unzip", "-q", str(good), "-d", str(tmp_path)], check=True)
    bag = tmp_path / "AUD-2026-0007"
    for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
        assert subprocess.run(["sha256sum", "--quiet", "-c", manifest], cwd=bag).returncode == 0
    for p in bag.rglob("*"):
        if p.is_file():
            assert p.stat().st_mode & 0o7777 & ~0o644 == 0, p


@needs_unzip
def test_unzipped_folder_verifies_with_the_same_steps(tmp_path, good):
    subprocess.run(["unzip", "-q", str(good), "-d", str(tmp_path)], check=True)
    bag = tmp_path / "AUD-2026-0007"
    result = verify_bundle(bag, trust())
    assert result.ok, result.steps
    assert result.steps[0].name == "container" and en(result.steps[0].detail).startswith("folder")
    assert [s.name for s in result.steps] == [s.name for s in verify_bundle(good, trust()).steps]
    (bag / "data" / "evidence" / "a.txt").write_bytes(b"ALPHA\n")
    bad = verify_bundle(bag, trust())
    assert bad.failure.step == "payload" and bad.failure.file.endswith("a.txt")
    os.symlink("/etc/passwd", bag / "data" / "evidence" / "link")
    assert verify_bundle(bag, trust()).failure.step == "container"


@needs_unzip
def test_show_reads_an_unzipped_folder(tmp_path, good):
    from click.testing import CliRunner

    from spbe_risk.cli import main

    subprocess.run(["unzip", "-q", str(good), "-d", str(tmp_path)], check=True)
    r = CliRunner().invoke(main, ["evidence", "show", str(tmp_path / "AUD-2026-0007")])
    assert r.exit_code == 0, r.output
    assert "APL-BANSOS" in r.output
