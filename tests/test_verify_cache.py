"""``check``'s verification cache (``sources.verify_cache``): a passed bundle is not
verified again while its bytes, the trust anchors, the policy and the verifier are the
same; anything else is verified afresh, and a damaged cache entry is never believed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import pki

from conftest import MALINAU
from spbe_risk.cli import main
from spbe_risk.evidence import verify as verify_mod
from spbe_risk.sources import verify_cache

WARNING = "concluded design Inadequate"      # the sample bundle's cross-check warning (a word, not a slug)


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch) -> Path:
    """The user's cache folder, outside the workspace (``SPBE_RISK_CACHE_DIR``)."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("SPBE_RISK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    dest = tmp_path / "malinau"
    shutil.copytree(MALINAU, dest, ignore=shutil.ignore_patterns(verify_cache.CACHE_DIR))
    # one bundle is enough to watch the cache (the sample also holds an external one)
    (dest / "audits" / "AUD-2026-0008.zip").unlink()
    return dest


@pytest.fixture
def verified(monkeypatch) -> list[str]:
    """Every real verification, by bundle path."""
    calls: list[str] = []
    real = verify_mod.verify_bundle

    def counting(path, *args, **kwargs):
        calls.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(verify_mod, "verify_bundle", counting)
    return calls


def check(ws: Path, *extra: str):
    res = CliRunner().invoke(main, ["check", str(ws), *extra])
    assert res.exit_code == 0, res.output
    return res


def entries(ws: Path) -> list[Path]:
    """The cache's entries (``ws`` unused: the cache is the user's, not the workspace's)."""
    return sorted(verify_cache.cache_folder(ws).glob("*.json"))


def test_second_check_is_served_from_the_cache(ws, verified):
    first = check(ws)
    assert len(verified) == 1 and WARNING in first.stderr
    assert len(entries(ws)) == 1
    assert not (ws / verify_cache.CACHE_DIR).exists()        # nothing in the workspace
    second = check(ws)
    assert len(verified) == 1, "served from the cache: no second verification"
    assert second.stdout == first.stdout and second.stderr == first.stderr


def test_no_cache_verifies_and_writes_nothing(ws, verified):
    check(ws)
    res = check(ws, "--no-cache")
    assert len(verified) == 2 and WARNING in res.stderr
    shutil.rmtree(verify_cache.cache_folder(ws))
    check(ws, "--no-cache")
    assert not verify_cache.cache_folder(ws).exists()


def test_a_changed_bundle_is_verified_again_and_rejected(ws, verified):
    check(ws)
    bundle = ws / "audits" / "AUD-2026-0007.zip"
    data = bytearray(bundle.read_bytes())
    at = data.find(b'"kesimpulan"')          # inside data/audit.json, a stored entry
    assert at > 0
    data[at + 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    res = check(ws)
    assert len(verified) == 2
    assert "evidence bundle rejected" in res.stderr and WARNING not in res.stderr


def test_a_changed_trust_anchor_is_verified_again_and_rejected(ws, verified):
    check(ws)
    (anchor,) = (ws / "trust" / "internal").glob("*.pem")
    shutil.copyfile(pki().other_ca_pem, anchor)          # same name, another CA
    res = check(ws)
    assert len(verified) == 2
    assert "rejected at step signature" in res.stderr and WARNING not in res.stderr


def test_an_added_trust_anchor_changes_the_key(ws, verified):
    check(ws)
    shutil.copyfile(pki().other_ca_pem, ws / "trust" / "another.pem")
    res = check(ws)
    assert len(verified) == 2 and WARNING in res.stderr        # still valid, verified anew
    assert len(entries(ws)) == 2


def test_a_changed_policy_or_verifier_is_verified_again(ws, verified, monkeypatch):
    check(ws)
    monkeypatch.setattr(verify_cache, "POLICY_VERSION", verify_cache.POLICY_VERSION + " (new)")
    check(ws)
    assert len(verified) == 2
    monkeypatch.setattr(verify_cache, "verifier_identity", lambda: "another verifier build")
    check(ws)
    assert len(verified) == 3


def _edit_entry(ws: Path, change) -> None:
    (path,) = entries(ws)
    entry = json.loads(path.read_text(encoding="utf-8"))
    change(entry)
    path.write_text(json.dumps(entry), encoding="utf-8")


@pytest.mark.parametrize("damage", [
    "truncated", "not json", "edited record", "wrong key", "missing field", "wrong type",
    "not ok", "clock before entry", "certificate expired since",
])
def test_a_damaged_or_stale_entry_is_ignored_and_replaced(ws, verified, damage):
    check(ws)
    (path,) = entries(ws)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "not json":
        path.write_bytes(b"\x00\xff garbage")
    elif damage == "edited record":          # e.g. someone edits the cached conclusions
        _edit_entry(ws, lambda e: e["record"]["audit"].update(kesimpulan=[]))
    elif damage == "wrong key":
        _edit_entry(ws, lambda e: e.update(key="0" * 64))
    else:
        def resign(e, field, value):         # a consistent digest: only the checks stop it
            e["record"][field] = value
            e["record_sha256"] = verify_cache._digest(e["record"])
        far = (dt.datetime.now(dt.UTC) + dt.timedelta(days=365)).isoformat()
        past = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
        change = {"missing field": lambda e: (e["record"].pop("signer"),
                                              e.update(record_sha256=verify_cache._digest(
                                                  e["record"]))),
                  "wrong type": lambda e: resign(e, "audit", "a string"),
                  "not ok": lambda e: resign(e, "ok", False),
                  "clock before entry": lambda e: resign(e, "verified_at", far),
                  "certificate expired since": lambda e: resign(e, "not_after", past),
                  }[damage]
        _edit_entry(ws, change)
    res = check(ws)
    assert len(verified) == 2, "the damaged entry must not be served"
    assert WARNING in res.stderr
    third = check(ws)                         # the fresh verification replaced it
    assert len(verified) == 2 and third.stderr == res.stderr


def test_a_forged_entry_for_another_bundle_does_not_apply(ws, verified):
    """Entries are found by key only: copying a valid entry under the name of a different
    bundle's key is a key mismatch, never a hit."""
    check(ws)
    (path,) = entries(ws)
    bundle = ws / "audits" / "AUD-2026-0007.zip"
    bundle.write_bytes(bundle.read_bytes() + b"\0")        # different bytes, broken ZIP
    cache = verify_cache.workspace_cache(ws, sorted((ws / "trust").glob("*.pem")))
    new_key = cache.key(verify_cache.file_sha256(bundle))
    shutil.copyfile(path, path.with_name(f"{new_key}.json"))
    res = check(ws)
    assert len(verified) == 2 and "evidence bundle rejected" in res.stderr


def test_a_read_only_cache_folder_is_no_error(ws, verified, user_cache):
    user_cache.write_text("not a folder")                   # mkdir will fail
    res = check(ws)
    assert WARNING in res.stderr
    check(ws)
    assert len(verified) == 2


def plant(ws: Path, name: str, data: bytes) -> None:
    """Issue 23 §7: 13 bytes as a bundle plus a cache entry vouching for them, written
    where the cache used to live (``WORKSPACE/.spbe-risk-cache/verify/``: its key is
    computable from public inputs, and ``git add -f`` commits it)."""
    check(ws)                                   # a real entry to copy the shape from
    (real,) = entries(ws)
    record = json.loads(real.read_text(encoding="utf-8"))["record"]
    record["audit"]["id_audit"] = name
    bundle = ws / "audits" / f"{name}.zip"
    bundle.write_bytes(data)
    planted = verify_cache.VerifyCache(ws / verify_cache.CACHE_DIR / "verify",
                                       sorted((ws / "trust").glob("*.pem")))
    planted.folder.mkdir(parents=True)
    key = planted.key(verify_cache.file_sha256(bundle))
    entry = {"format": verify_cache.FORMAT, "key": key, "record": record,
             "record_sha256": verify_cache._digest(record)}
    (planted.folder / f"{key}.json").write_text(json.dumps(entry), encoding="utf-8")


def test_a_planted_or_committed_entry_in_the_workspace_never_counts(ws, verified):
    plant(ws, "AUD-2026-0999", b"not a bundle!")
    res = check(ws)
    fresh = check(ws, "--no-cache")
    assert "AUD-2026-0999" in res.stderr and "evidence bundle rejected" in res.stderr
    assert res.stderr == fresh.stderr


def test_a_cache_folder_inside_the_workspace_is_not_used(ws, verified, monkeypatch):
    monkeypatch.setenv("SPBE_RISK_CACHE_DIR", str(ws / "cache"))
    check(ws)
    check(ws)
    assert len(verified) == 2 and not (ws / "cache").exists()


def test_the_default_cache_folder_is_the_users(monkeypatch, tmp_path):
    monkeypatch.delenv("SPBE_RISK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = verify_cache.cache_folder(tmp_path / "ws")
    assert folder is not None and folder.name == "verify" and "spbe-risk" in folder.parts
    assert folder.is_relative_to(tmp_path) and not folder.is_relative_to(tmp_path / "ws")
