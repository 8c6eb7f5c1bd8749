"""Payload hashing in forked workers (``hashing.BackgroundHashes``) gives the verdicts of
in-process hashing: an untouched bundle passes, a changed, added or removed payload file
fails the payload step naming the file, and a failing worker falls back to in-process
hashing with the same outcome. The size threshold is lowered to 0 so the small test
bundles really take the forked path (asserted)."""

from __future__ import annotations

import pytest
from evidence_fixtures.helpers import read_entries, seal, trust, write_entries

from conftest import en
from spbe_risk.evidence import hashing
from spbe_risk.evidence import verify as verify_mod
from spbe_risk.evidence.verify import verify_bundle

FILES = {f"f{i}.txt": bytes([i]) * (1000 * i + 1) for i in range(6)}


@pytest.fixture
def forked(monkeypatch):
    """Every verification forks its hashing workers, and we count that it did."""
    monkeypatch.setattr(hashing, "BACKGROUND_MIN_BYTES", 0)
    started = []
    real = verify_mod._start_payload_hashes

    def spy(state):
        got = real(state)
        started.append(got is not None and got.forked)
        return got

    monkeypatch.setattr(verify_mod, "_start_payload_hashes", spy)
    return started


def test_untouched_bundle_passes_with_forked_hashing(tmp_path, forked):
    result = verify_bundle(seal(tmp_path, FILES), trust())
    assert forked == [True]
    assert result.ok, [s.to_dict() for s in result.steps]


def test_changed_payload_file_fails_the_payload_step(tmp_path, forked):
    path = seal(tmp_path, FILES)
    entries = read_entries(path)
    name = next(n for n, _ in entries if n.endswith("data/evidence/f3.txt"))
    write_entries(path, [(n, (b"X" + d[1:]) if n == name else d) for n, d in entries])
    result = verify_bundle(path, trust())
    assert forked == [True]
    assert result.failure.step == "payload" and result.failure.file == name
    assert "SHA-256 differs" in en(result.failure.reason)


def test_added_file_fails_before_any_worker_starts(tmp_path, forked):
    path = seal(tmp_path, FILES)
    entries = read_entries(path)
    extra = entries[0][0].split("/")[0] + "/data/evidence/zz-added.txt"
    write_entries(path, sorted([*entries, (extra, b"new")], key=lambda e: e[0].encode()))
    result = verify_bundle(path, trust())
    assert forked == [False]
    assert result.failure.step == "payload" and result.failure.file == extra


def test_worker_failure_falls_back_to_in_process_hashing(tmp_path, forked, monkeypatch):
    path = seal(tmp_path, FILES)
    baseline = verify_bundle(path, trust())
    real = hashing.BackgroundHashes._spawn

    def broken_spawn(self, share):      # the worker dies without reporting
        real(self, [])

    monkeypatch.setattr(hashing.BackgroundHashes, "_spawn", broken_spawn)
    again = verify_bundle(path, trust())
    assert forked == [True, True]
    assert again.ok and [s.to_dict() for s in again.steps] == [s.to_dict() for s in baseline.steps]


def test_background_digests_equal_in_process_digests():
    import hashlib

    blobs = [bytes([i]) * (i * 7919) for i in range(12)]
    bg = hashing.BackgroundHashes(blobs, len, lambda b: hashlib.sha256(b).hexdigest(),
                                  min_bytes=0)
    assert bg.forked
    seen = []
    assert bg.result(seen.append) == [hashlib.sha256(b).hexdigest() for b in blobs]
    assert sum(seen) == sum(map(len, blobs))


def test_small_work_is_not_forked():
    bg = hashing.BackgroundHashes([b"a", b"b"], len, lambda b: b.hex())
    assert not bg.forked and bg.result() == ["61", "62"]
