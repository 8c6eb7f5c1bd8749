"""The follow-up part of ``audit.json``: a bundle that verifies another bundle's findings.

A follow-up bundle (``evidence init --tindak-lanjut-dari AUD-…``) is sealed and signed like any
bundle; its ``audit.json`` carries two more keys:

- ``tindak_lanjut_dari``: ``{id_audit, sha256_tagmanifest}`` — the original audit and the
  SHA-256 of its bundle's ``tagmanifest-sha256.txt`` (what its signature covers), so the
  verdicts cannot be moved to another version of the bundle;
- ``verifikasi_tindak_lanjut``: ``[{temuan, status, catatan}]`` — per finding the
  auditor's verdict (``tuntas``, ``belum-tuntas``, ``tidak-dapat-ditindaklanjuti``) and its
  basis (P-7 a.2: evaluation and verification of the reported follow-up).

It proves a verification, not an audit: it needs at least one verdict instead of a
conclusion, and never counts for the audit schedule.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spbe_risk.audit import diagnostics as D
from spbe_risk.audit.tindak_lanjut import VERDIK

DARI_KEY = "tindak_lanjut_dari"
VERDIK_KEY = "verifikasi_tindak_lanjut"
KEYS = (DARI_KEY, VERDIK_KEY)
DARI_KEYS = ("id_audit", "sha256_tagmanifest")
VERDIK_KEYS = ("temuan", "status", "catatan")

_ID_AUDIT = re.compile(r"AUD-\d{4}-\d{4}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_MAX_TEXT = 20_000


def is_follow_up(audit: Any) -> bool:
    return isinstance(audit, dict) and DARI_KEY in audit


def without_keys(audit: dict[str, Any]) -> dict[str, Any]:
    """The record without the follow-up keys (what the audit form checks see)."""
    return {k: v for k, v in audit.items() if k not in KEYS}


def validate(audit: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Form problems of the two follow-up keys, as ``(location, message)``."""
    from spbe_risk.audit.jsonform import found, kind_of

    if VERDIK_KEY in audit and DARI_KEY not in audit:
        yield VERDIK_KEY, D.VERDICT_WITHOUT_AUDIT(key=DARI_KEY)
    if DARI_KEY not in audit:
        return
    dari = audit[DARI_KEY]
    if not isinstance(dari, dict):
        yield DARI_KEY, _shape(DARI_KEYS, kind_of(dari))
    else:
        for key in dari:
            if key not in DARI_KEYS:
                yield f"{DARI_KEY}.{key}", D.UNKNOWN_KEY(allowed=", ".join(DARI_KEYS))
        if not (isinstance(dari.get("id_audit"), str) and _ID_AUDIT.fullmatch(dari["id_audit"])):
            yield f"{DARI_KEY}.id_audit", D.PATTERN(what=D.word(D.W_ID_AUDIT),
                                                    found=found(dari.get("id_audit")))
        elif dari["id_audit"] == audit.get("id_audit"):
            yield f"{DARI_KEY}.id_audit", D.FOLLOWS_ITSELF()
        if not (isinstance(dari.get("sha256_tagmanifest"), str)
                and _SHA256.fullmatch(dari["sha256_tagmanifest"])):
            yield f"{DARI_KEY}.sha256_tagmanifest", D.PATTERN(
                what=D.word(D.W_SHA256), found=found(dari.get("sha256_tagmanifest")))
    verdik = audit.get(VERDIK_KEY, [])
    if not isinstance(verdik, list):
        yield VERDIK_KEY, D.PATTERN(what=D.word(D.W_LIST), found=kind_of(verdik))
        return
    seen: set[str] = set()
    for i, v in enumerate(verdik):
        w = f"{VERDIK_KEY}[{i}]"
        if not isinstance(v, dict):
            yield w, _shape(VERDIK_KEYS, kind_of(v))
            continue
        for key in v:
            if key not in VERDIK_KEYS:
                yield f"{w}.{key}", D.UNKNOWN_KEY(allowed=", ".join(VERDIK_KEYS))
        tid = v.get("temuan")
        if not (isinstance(tid, str) and _IDENT.fullmatch(tid)):
            yield f"{w}.temuan", D.PATTERN(what=D.word(D.W_FINDING_ID), found=found(tid))
        elif tid in seen:
            yield f"{w}.temuan", D.USED_TWICE(what=D.word(D.T_VERDICT), id=tid)
        else:
            seen.add(tid)
        if v.get("status") not in VERDIK:
            yield f"{w}.status", D.ONE_OF(allowed=", ".join(VERDIK), or_null="",
                                          found=found(v.get("status")))
        note = v.get("catatan")
        if not isinstance(note, str) or not note.strip():
            yield f"{w}.catatan", D.NO_BASIS(found=found(note))
        elif len(note) > _MAX_TEXT:
            yield f"{w}.catatan", D.TOO_LONG(limit=_MAX_TEXT, length=len(note))
        elif any(ord(c) < 0x20 and c not in "\n\t" for c in note):
            yield f"{w}.catatan", D.CONTROL_CHARACTER()


def _shape(keys: tuple[str, ...], found: str) -> str:
    return D.SHAPE(shape="{" + ", ".join(keys) + "}", or_null="", found=found)


def follow_up_audit(base: dict[str, Any], original: dict[str, Any], digest: str
                    ) -> dict[str, Any]:
    """A new audit record (from ``auditmeta.new_audit``) turned into a follow-up of
    ``original``: the same asset and audit kind, no verdict yet."""
    out = dict(base)
    out["aset"] = original.get("aset", base.get("aset"))
    out["jenis_audit"] = original.get("jenis_audit", base.get("jenis_audit"))
    out[DARI_KEY] = {"id_audit": original.get("id_audit"),
                                "sha256_tagmanifest": digest}
    out[VERDIK_KEY] = []
    return out


def completeness(audit: dict[str, Any]) -> list[tuple[str, str]]:
    """Why a follow-up record does not prove a verification; [] if it does."""
    if not audit.get(VERDIK_KEY):
        return [(VERDIK_KEY, D.NO_VERDICT())]
    return []
