"""Follow-up bundles (tindak lanjut): start one from a sealed audit, record verdicts.

``evidence init --tindak-lanjut-dari AUD-…`` finds the original bundle (by its id, in the
workspace's ``audits/`` or beside the new folder; or ``--original FILE``), reads its
``audit.json`` and the SHA-256 of its tag manifest with the safe ZIP reader (nothing is
extracted), and starts a folder whose ``audit.json`` names both; ``evidence verdict``
records the auditor's verdict per finding. Sealing, signing and verifying are those of
every bundle; ``audit.verifikasi`` holds the rules of the two extra keys.

The original is only read here, not verified: whether its verdicts count is decided
when the workspace's bundles are verified (``sources.bundles``) — a follow-up of a
bundle that does not verify, or of another version of it, counts for nothing.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from spbe_risk.audit import verifikasi
from spbe_risk.evidence import auditmeta
from spbe_risk.evidence.auditcheck import KnownIds
from spbe_risk.messages import N_, msg, reason
from spbe_risk.problems import InputError, Problem


def bundle_facts(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """``(audit.json, SHA-256 of tagmanifest-sha256.txt)`` of a sealed bundle ZIP."""
    from spbe_risk.evidence import TAGMANIFEST
    from spbe_risk.evidence.zipread import SafeZip

    shown = str(path)
    try:
        with SafeZip(path) as zf:
            tag = zf.by_path.get(TAGMANIFEST)
            meta = zf.by_path.get("data/audit.json")
            if tag is None or meta is None:
                raise InputError([Problem(shown, 0, 0, msg(N_(
                    "diharapkan bundel tersegel berisi %(tag)s dan data/audit.json, "
                    "ditemukan bundel tanpa keduanya"), tag=TAGMANIFEST))])
            digest = hashlib.sha256(zf.read_bytes(tag, 1 << 20)).hexdigest()
            audit = auditmeta.parse(zf.read_bytes(meta, 1 << 24))
    except InputError:
        raise
    except auditmeta.AuditJsonError as exc:
        raise InputError([Problem(f"{shown}:data/audit.json", exc.line, exc.col,
                                  exc.message)]) from None
    except Exception as exc:  # noqa: BLE001  a damaged ZIP is bad input, never a traceback
        raise InputError([Problem(shown, 0, 0, msg(N_("bundel tidak dapat dibaca: %(reason)s"),
                                                   reason=reason(exc)))]) from None
    return audit, digest


def find_original(id_audit: str, places: list[Path]) -> Path:
    """The bundle of ``id_audit``: ``<id>.zip`` in one of ``places`` (first found)."""
    for where in places:
        candidate = where / f"{id_audit}.zip"
        if candidate.is_file() and not candidate.is_symlink():
            return candidate
    shown = ", ".join(str(p) for p in places)
    raise InputError([Problem("--tindak-lanjut-dari", 0, 0, msg(N_(
        "diharapkan bundel tersegel %(id)s.zip di %(where)s, ditemukan tidak ada (berikan "
        "dengan --original BERKAS)"), id=id_audit, where=shown))])


def record_verdict(folder: str | os.PathLike[str], temuan: str, status: str, catatan: str,
                   known: KnownIds | None = None) -> dict[str, Any]:
    """Record (or replace) the verdict on one finding in a follow-up folder."""
    from spbe_risk.evidence.folder import audit_path, load_audit, save_audit

    audit = load_audit(folder)
    if not verifikasi.is_follow_up(audit):
        raise InputError([Problem(str(audit_path(folder)), 0, 0,
                                  msg(N_("bukan folder tindak lanjut: mulai dengan `spbe-risk "
                                         "evidence init --tindak-lanjut-dari AUD-…`")))])
    entry = {"temuan": temuan, "status": status, "catatan": catatan}
    rest = [v for v in audit[verifikasi.VERDIK_KEY] if v.get("temuan") != temuan]
    audit[verifikasi.VERDIK_KEY] = sorted(rest + [entry], key=lambda v: str(v["temuan"]))
    save_audit(folder, audit, known)
    return entry


def follow_up_source(folder: str, follow_up_of: str | None, original: str | None,
                     workspace: str | None) -> tuple[dict[str, Any], str] | None:
    """``(original audit.json, its tag-manifest SHA-256)`` for ``init --tindak-lanjut-dari``
    (looked up in the workspace's ``audits/`` and beside ``folder``, or ``original``)."""
    if follow_up_of is None:
        if original is not None:
            raise InputError([Problem("--original", 0, 0, msg(N_(
                "diharapkan bersama --tindak-lanjut-dari, ditemukan sendirian")))])
        return None
    ws = Path(workspace) if workspace else Path(".")
    path = Path(original) if original else find_original(
        follow_up_of, [ws / "audits", Path(folder).resolve().parent])
    audit, digest = bundle_facts(path)
    if audit.get("id_audit") != follow_up_of:
        raise InputError([Problem(str(path), 0, 0, msg(N_(
            "diharapkan bundel %(id)s, ditemukan %(found)s"), id=follow_up_of,
            found=repr(audit.get("id_audit"))))])
    return audit, digest


def follow_up_defaults(follow: tuple[dict[str, Any], str] | None, aset: str | None,
                       jenis: str | None, ruang_lingkup: str | None) -> tuple[str, str, str]:
    """``--aset``, ``--jenis-audit`` and ``--ruang-lingkup``: given, or taken from the
    original audit of a follow-up; without ``--tindak-lanjut-dari`` all three are required."""
    if follow is None:
        missing = [f for f, v in (("--aset", aset), ("--jenis-audit", jenis),
                                  ("--ruang-lingkup", ruang_lingkup)) if not v]
        if missing:
            raise InputError([Problem("evidence init", 0, 0, msg(N_(
                "%(options)s tidak diberikan: wajib kecuali dengan --tindak-lanjut-dari"),
                options=", ".join(missing)))])
        return aset, jenis, ruang_lingkup  # type: ignore[return-value]
    original = follow[0]
    # audit.json is data in the regulation's language, whatever --lang says
    return (aset or original.get("aset"), jenis or original.get("jenis_audit"),
            ruang_lingkup or f"Verifikasi tindak lanjut temuan {original.get('id_audit')}")
