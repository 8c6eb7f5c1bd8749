"""A cache of bundle verification outcomes, so ``check`` need not import pyHanko each run.

Verifying the sample bundle costs ~0.45 s, almost all of it importing the CMS validator;
``check`` runs on every commit and the bundles in ``audits/`` rarely change. The cache
remembers, per bundle, the outcome of a *passed* ``evidence verify`` as plain data.

What a cached entry is keyed by — SHA-256 over all of:

- the bundle's bytes (its SHA-256, read in full: a touched or renamed file with the
  same bytes hits, any changed byte misses);
- the bytes of every trust anchor file (sorted digests) and of any CRL;
- the verification policy: the profile version below (the container limits and every
  other default are in the verifier's source, next);
- the verifier itself: the package version, the source bytes of ``spbe_risk/evidence/``,
  ``spbe_risk/signing/`` (CMS and timestamp checks)
  and of the modules here that turn results into audits, and the versions of pyHanko,
  pyhanko-certvalidator, cryptography and asn1crypto. Any change of code or library is a
  miss, so an upgrade never serves a verdict the new code would not give.

What is stored and when: only outcomes that passed every step (a failure is recomputed
each time — it is the uncommon path, and some failures, such as a signing time in the
future, change with the clock). An entry records when it was made and the signer's
``notAfter``; it is served only while the clock is between the two, so a certificate
that expires since is verified afresh.

Where: in the user's own cache folder (``portable.user_cache_dir``: ``~/.cache/spbe-risk/
verify`` on Linux, ``~/Library/Caches/spbe-risk/verify`` on macOS, ``%LOCALAPPDATA%\\
spbe-risk\\Cache\\verify`` on Windows; ``SPBE_RISK_CACHE_DIR`` overrides it, for tests),
never in the workspace (issue 23 §7): an entry's key is computable from public inputs, so
an entry a colleague commits or plants in the workspace would vouch for any bytes. A
cache folder that lies inside the workspace is not used at all. Entries written before
this lived in ``WORKSPACE/.spbe-risk-cache/``; that folder is never read.

Integrity: an entry is one JSON file named after its key; it is read only if it parses,
repeats its own key, carries the SHA-256 of its record, and the record has the expected
fields and types. Anything else — truncated, edited, renamed, an older format — is
ignored and overwritten by a fresh verification. The cache is as trustworthy as the
user's own account (folder 0700, entries 0600); ``evidence verify`` never reads it,
``schedule`` and ``build`` never read it, and ``check --no-cache`` bypasses it. Entries
are written atomically (``spbe_risk.atomic``).

Layer: shell (outside world). Imports the standard library; ``atomic`` lazily.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spbe_risk

#: Where the cache lived inside the workspace before issue 23 (never read now).
CACHE_DIR = ".spbe-risk-cache"
#: Overrides the user's cache folder (tests; a shared build machine).
CACHE_ENV = "SPBE_RISK_CACHE_DIR"
FORMAT = "spbe-risk/verify-cache 3"
#: The verification profile: which checks decide (bump when their meaning changes).
POLICY_VERSION = "verify-policy 1: pinned anchors only, default container limits, no CRLs"
_LIBRARIES = ("pyhanko", "pyhanko_certvalidator", "cryptography", "asn1crypto")
_RECORD_FIELDS = {"ok": bool, "audit": dict, "bag_info": dict, "signer": str,
                  "not_after": str, "verified_at": str, "draft": bool, "signing_time": str,
                  "anchor_sha256": str}


def file_sha256(path: str | os.PathLike[str]) -> str:
    sha = hashlib.sha256()
    with open(path, "rb", buffering=0) as fh:
        while chunk := fh.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def _library_versions() -> list[str]:
    """Installed versions from the dist-info folder names (importlib.metadata costs
    ~0.1 s to import, more than the cache saves)."""
    import importlib.util

    out = []
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        where = list(spec.submodule_search_locations or []) if spec else []
        found = "absent"
        for loc in where[:1]:
            site = Path(loc).parent
            prefix = name.replace("_", "-").lower() + "-"
            try:
                names = os.listdir(site)
            except OSError:
                names = []
            hits = sorted(n for n in names if n.lower().replace("_", "-").startswith(prefix)
                          and n.endswith(".dist-info"))
            found = hits[0] if hits else f"unknown at {site}"
        out.append(f"{name}={found}")
    return out


def verifier_identity() -> str:
    """SHA-256 of everything that decides a verdict besides the bundle and the anchors."""
    package = Path(spbe_risk.__file__).parent
    sha = hashlib.sha256()
    sha.update(f"{FORMAT}\n{POLICY_VERSION}\n{spbe_risk.__version__}\n".encode())
    sources = sorted((package / "evidence").glob("*.py")) + sorted(
        (package / "audit").glob("*.py")) + sorted((package / "signing").glob("*.py")) + [
        package / "sources" / "bundles.py", Path(__file__)]
    for path in sources:
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for entry in _library_versions():
        sha.update(entry.encode() + b"\n")
    return sha.hexdigest()


class VerifyCache:
    """Entries in ``folder`` (``cache_folder``: the user's, outside the workspace)."""

    def __init__(self, folder: str | os.PathLike[str], anchors: Iterable[str | os.PathLike[str]],
                 now: dt.datetime | None = None):
        self.folder = Path(folder)
        self.now = now or dt.datetime.now(dt.UTC)
        sha = hashlib.sha256(verifier_identity().encode())
        for digest in sorted(file_sha256(p) for p in anchors):
            sha.update(b"anchor " + digest.encode())
        self._prefix = sha.hexdigest()

    def key(self, bundle_sha256: str) -> str:
        return hashlib.sha256(f"{self._prefix} bundle {bundle_sha256}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored record for ``key``, or None when absent, damaged or out of date."""
        try:
            raw = self._path(key).read_bytes()
            entry = json.loads(raw)
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        record = entry.get("record")
        if not isinstance(record, dict) or entry.get("record_sha256") != _digest(record):
            return None
        if set(record) != set(_RECORD_FIELDS) or any(
                type(record[k]) is not t for k, t in _RECORD_FIELDS.items()):
            return None
        if record["ok"] is not True:
            return None
        try:
            made = dt.datetime.fromisoformat(record["verified_at"])
            expires = dt.datetime.fromisoformat(record["not_after"])
        except ValueError:
            return None
        if made.tzinfo is None or expires.tzinfo is None or not made <= self.now < expires:
            return None
        return record

    def put(self, key: str, record: dict[str, Any]) -> None:
        """Store a passed verification; never fails the command (a read-only workspace
        simply gets no cache)."""
        from spbe_risk import atomic

        entry = {"format": FORMAT, "key": key, "record": record, "record_sha256": _digest(record)}
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic.write_text(self._path(key), json.dumps(entry, ensure_ascii=False,
                                                          sort_keys=True) + "\n", perms=0o600)
        except OSError:
            pass


def _digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode()).hexdigest()


def cache_folder(root: str | os.PathLike[str]) -> Path | None:
    """The verification cache's folder for the workspace at ``root``: the user's (or
    ``SPBE_RISK_CACHE_DIR``), None when there is none or it lies inside the workspace."""
    from spbe_risk.portable import user_cache_dir

    override = os.environ.get(CACHE_ENV)
    base = Path(override) if override else user_cache_dir("spbe-risk")
    if base is None:
        return None
    folder = Path(os.path.abspath(base)) / "verify"
    try:
        inside = Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(root))
    except OSError:
        return None
    return None if inside else folder


def workspace_cache(root: str | os.PathLike[str], anchors: Iterable[str | os.PathLike[str]]
                    ) -> VerifyCache | None:
    """The cache ``check`` uses for the workspace at ``root`` (None: no cache)."""
    folder = cache_folder(root)
    return VerifyCache(folder, list(anchors)) if folder is not None else None
