"""Property tests: over random payload trees, every tampering is caught at the right
step, and an untouched bundle always passes."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from asn1crypto import cms
from evidence_fixtures.helpers import pki, read_entries, seal, trust, write_entries
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import en
from spbe_risk.evidence.paths import collision_key, path_problem
from spbe_risk.evidence.signing import sign_detached
from spbe_risk.evidence.verify import verify_bundle

TOP = "AUD-2026-0007/"
SIG = TOP + "signatures/tagmanifest-sha256.txt.p7s"
SETTINGS = settings(max_examples=int(os.environ.get("SPBE_TAMPER_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

segment = st.text(st.sampled_from("abcXYZ019-_ é中ü"), min_size=1, max_size=10)


@st.composite
def trees(draw) -> dict[str, bytes]:
    """1-5 evidence files with canonical, non-colliding relative paths."""
    out: dict[str, bytes] = {}
    keys: set[str] = set()
    for _ in range(draw(st.integers(1, 5))):
        parts = draw(st.lists(segment, min_size=1, max_size=3))
        rel = "/".join(parts)
        full = "data/evidence/" + rel
        if path_problem(full) or collision_key(full) in keys:
            continue
        if any(collision_key(full).startswith(k + "/") or k.startswith(collision_key(full) + "/")
               for k in keys):
            continue                                  # a file where a folder is needed
        keys.add(collision_key(full))
        out[rel] = draw(st.binary(min_size=0, max_size=2000))
    if not out:
        out["x.txt"] = b"x"
    return out


class Bundle:
    """A sealed bundle in its own temporary folder (hypothesis cannot use tmp_path)."""

    def __init__(self, files: dict[str, bytes]):
        self.root = Path(tempfile.mkdtemp(prefix="spbe-tamper-"))
        self.path = seal(self.root, files)
        self.entries = read_entries(self.path)

    def rewrite(self, entries: list[tuple[str, bytes]]):
        write_entries(self.path, entries)
        return verify_bundle(self.path, trust())

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def expected_steps(name: str) -> set[str]:
    rel = name[len(TOP):]
    if rel.startswith("data/"):
        return {"payload"}
    return {"bagit.txt": {"declaration"}, "bag-info.txt": {"declaration", "tag-manifest"},
            "manifest-sha256.txt": {"declaration", "tag-manifest"},
            "tagmanifest-sha256.txt": {"declaration", "signature"},
            "signatures/tagmanifest-sha256.txt.p7s": {"signature"},
            "signatures/VERIFY.txt": {"tag-manifest"}}[rel]


@SETTINGS
@given(trees())
def test_untouched_bundle_passes(files):
    b = Bundle(files)
    try:
        result = verify_bundle(b.path, trust())
        assert result.ok, result.failure
        assert len(result.audit["bukti"]) == len(files)
    finally:
        b.close()


@SETTINGS
@given(trees(), st.data())
def test_any_single_byte_change_is_caught(files, data):
    b = Bundle(files)
    try:
        candidates = [i for i, (_, d) in enumerate(b.entries) if d]
        i = data.draw(st.sampled_from(candidates))
        name, content = b.entries[i]
        # modulo, not a bound from len(): signature lengths vary between runs (ECDSA)
        pos = data.draw(st.integers(0, 1 << 20)) % len(content)
        flip = data.draw(st.integers(1, 255))
        changed = bytearray(content)
        changed[pos] ^= flip
        entries = list(b.entries)
        entries[i] = (name, bytes(changed))
        result = b.rewrite(entries)
        assert not result.ok
        assert result.failure.step in expected_steps(name), (name, result.failure)
    finally:
        b.close()


@SETTINGS
@given(trees(), st.data())
def test_added_removed_renamed_files_are_caught(files, data):
    b = Bundle(files)
    try:
        entries = list(b.entries)
        action = data.draw(st.sampled_from(["add", "remove", "rename"]))
        if action == "add":
            where = data.draw(st.sampled_from(["data/evidence/", "data/", "", "signatures/"]))
            name = TOP + where + "zz-added.txt"
            entries.append((name, b"added"))
            expected = {"payload"} if where.startswith("data") else {"tag-manifest"}
        elif action == "remove":
            i = data.draw(st.integers(0, len(entries) - 1))
            name = entries.pop(i)[0]
            rel = name[len(TOP):]
            expected = ({"payload"} if rel.startswith("data/") else
                        {"signature"} if rel.endswith(".p7s") else
                        {"tag-manifest"} if rel.endswith("VERIFY.txt") else {"declaration"})
        else:
            payload = [i for i, (n, _) in enumerate(entries) if n.startswith(TOP + "data/")]
            i = data.draw(st.sampled_from(payload))
            name, content = entries[i]
            entries[i] = (name + "-renamed", content)
            expected = {"payload"}
        result = b.rewrite(entries)
        assert not result.ok
        assert result.failure.step in expected, (action, name, result.failure)
    finally:
        b.close()


@SETTINGS
@given(trees(), st.data())
def test_reordered_manifest_line_is_caught(files, data):
    b = Bundle(files)
    try:
        entries = list(b.entries)
        i = next(k for k, (n, _) in enumerate(entries) if n.endswith("/manifest-sha256.txt"))
        lines = entries[i][1].splitlines(keepends=True)
        assert len(lines) >= 2                        # audit.json + at least one file
        j = data.draw(st.integers(0, len(lines) - 2))
        lines[j], lines[j + 1] = lines[j + 1], lines[j]
        entries[i] = (entries[i][0], b"".join(lines))
        result = b.rewrite(entries)
        assert not result.ok and result.failure.step == "declaration"
        assert "out of order" in en(result.failure.reason)
    finally:
        b.close()


def _tagmanifest(entries):
    return next(d for n, d in entries if n.endswith("/tagmanifest-sha256.txt"))


def _with_signature(entries, sig: bytes):
    return [(n, sig if n == SIG else d) for n, d in entries]


@SETTINGS
@given(trees(), st.sampled_from(["other-key", "truncated", "swapped-cert", "other-content"]),
       st.data())
def test_signature_tampering_is_caught(files, how, data):
    b = Bundle(files)
    try:
        entries = list(b.entries)
        original = dict(entries)[SIG]
        if how == "other-key":
            sig = sign_detached(_tagmanifest(entries), pki().other_signer)
        elif how == "truncated":
            sig = original[:data.draw(st.integers(0, 1 << 20)) % len(original)]
        elif how == "swapped-cert":
            info = cms.ContentInfo.load(original)
            other = cms.ContentInfo.load(sign_detached(b"x", pki().other_signer))
            info["content"]["certificates"] = other["content"]["certificates"]
            sig = info.dump(force=True)
        else:
            sig = sign_detached(b"some other content\n", pki().signer)
        result = b.rewrite(_with_signature(entries, sig))
        assert not result.ok
        assert result.failure.step == "signature", (how, result.failure)
        assert result.failure.file == SIG
    finally:
        b.close()


@pytest.mark.parametrize("where", ["signed-data", "signer-info"])
def test_a_changed_cms_version_is_caught(where):
    """The SignedData and SignerInfo version numbers are covered by no signature; found by
    the single-byte property above (v1 → v0 still verified). RFC 5652 §5.1/§5.3 fix them
    from the rest of the structure, so any other number is refused."""
    b = Bundle({"a.txt": b"a"})
    try:
        entries = list(b.entries)
        info = cms.ContentInfo.load(dict(entries)[SIG])
        part = info["content"] if where == "signed-data" else info["content"]["signer_infos"][0]
        part["version"] = "v0" if where == "signed-data" else "v2"
        result = b.rewrite(_with_signature(entries, info.dump(force=True)))
        assert not result.ok
        assert result.failure.step == "signature" and result.failure.file == SIG
        assert "version" in en(result.failure.reason), en(result.failure.reason)
    finally:
        b.close()
