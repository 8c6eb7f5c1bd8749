"""``db build``: the whole scored workspace into one SQLite file, all or nothing.

Everything is computed first (scores, coverage, schedule, bundles seen); then one
transaction drops and re-creates the current-state tables, fills them, appends the
snapshot (if asked) and the log events, and commits. A build that fails or is killed
leaves the previous database exactly as it was: SQLite's WAL journal discards an
uncommitted transaction on the next open. Readers are never blocked (WAL mode) and a
second writer waits (busy timeout) instead of failing at once.

A build without changes is idempotent: the same rows, and bundle events are logged only
when a bundle is new or its verdict or hashes changed.

Layer: shell (store). Imports the core, ``sources`` and the other ``store`` modules;
sqlite-utils lazily.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spbe_risk.store.approvals as approvals
import spbe_risk.store.chain as chain
import spbe_risk.store.diagnostics as dg
import spbe_risk.store.schema as schema
from spbe_risk.diff import content_bytes, state_of
from spbe_risk.messages import N_, msg
from spbe_risk.model import Workspace
from spbe_risk.problems import InputError, Problem
from spbe_risk.store.bundles import bundles_seen
from spbe_risk.store.connection import (
    check_version,
    connect,
    is_ours,
    not_ours,
    refuse_foreign,
    regular_file,
)
from spbe_risk.store.rows import asset_rows, context_rows, follow_up_rows, risk_rows


@dataclass(frozen=True)
class BuildReport:
    path: str
    counts: dict[str, int]
    snapshot: str | None
    events: tuple[dict, ...]
    head: str


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build_database(ws: Workspace, db_path: str | os.PathLike[str], today: dt.date,
                   snapshot: str | None = None, replace: bool = False, now: str | None = None,
                   bundles: str | os.PathLike[str] | None = None, trust: Sequence[str] = (),
                   ) -> BuildReport:
    from sqlite_utils import Database

    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources.bundles import trust_files
    from spbe_risk.sources.schedule import build_schedule

    shown = regular_file(db_path, must_exist=False)
    now = now or utc_now()
    results = score_workspace(ws)
    jadwal = build_schedule(ws, today, bundles=bundles, trust=trust)
    folder = Path(bundles) if bundles is not None else Path(ws.root) / "audits"
    seen = bundles_seen(folder, jadwal.bukti, trust_files(ws.root, trust))
    approved = approvals.rows(_approval_records(ws))
    tables = {**context_rows(ws, today.isoformat()), **risk_rows(ws, results),
              **asset_rows(ws, results, jadwal),
              "tindak_lanjut": follow_up_rows(jadwal.tindak_lanjut),
              "bundel": [b.row() for b in seen], "persetujuan": approved,
              "meta": [("schema", schema.SCHEMA_NAME), ("schema_version", str(schema.SCHEMA_VERSION))]}
    refuse_foreign(shown)
    try:
        conn = connect(shown)
    except sqlite3.Error as exc:
        raise InputError([Problem(shown, 0, 0, msg(N_("tidak dapat membuka basis data: %(reason)s"),
                                                   reason=dg.sqlite_reason(exc)))]) from None
    try:
        try:
            ours = is_ours(conn)
            if ours is False:
                raise not_ours(shown)
            if ours:
                check_version(conn, shown)
        except sqlite3.DatabaseError:
            raise not_ours(shown) from None
        db = Database(conn, execute_plugins=False)
        try:
            return _write(conn, db, tables, snapshot, replace, results, ws, now, shown,
                          approved, seen)
        except sqlite3.OperationalError as exc:   # locked, disk full, I/O: rolled back
            raise InputError([Problem(shown, 0, 0, dg.CANNOT_WRITE(
                reason=dg.sqlite_reason(exc)))]) from None
    finally:
        conn.close()


def _write(conn: sqlite3.Connection, db: Any, tables: dict, snapshot: str | None,
           replace: bool, results: Any, ws: Workspace, now: str, shown: str,
           approved: list, seen: Any) -> BuildReport:
    """The build's one transaction: current tables, kept tables, log events."""
    counts: dict[str, int] = {}
    events: list[dict] = []
    with db.atomic():
        schema.drop_current(db)
        schema.create_current(db)
        for name in schema.CURRENT:
            cols = list(schema.CURRENT[name][0])
            cur = conn.executemany(
                f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                tables[name])
            counts[name] = cur.rowcount
        schema.index_current(db)
        schema.create_kept(db)
        chain.create_log(conn)
        if snapshot is not None:
            events.append(_snapshot(conn, snapshot, replace, results, ws, now, shown,
                                    approved))
        events.extend(_bundle_events(conn, seen, now))
        events.extend(approvals.events(conn, approved, now))
        _check_keys(conn, shown)
        head = chain.head(conn)[1]
    return BuildReport(shown, counts, snapshot, tuple(events), head)


def _check_keys(conn: sqlite3.Connection, shown: str) -> None:
    """Every foreign key resolves, or the build is rolled back (a defect, not bad input)."""
    bad = conn.execute("PRAGMA foreign_key_check").fetchmany(5)
    if bad:
        raise RuntimeError(f"{shown}: foreign keys do not resolve: {bad}")


def _approval_records(ws: Workspace) -> list[dict]:
    """The workspace's approvals as ``check`` judges them (``signing.approval.judge``);
    pyHanko is imported only when ``persetujuan/`` holds a statement."""
    from spbe_risk.signing.approval import has_approvals, judge
    from spbe_risk.sources import source_path

    root = Path(source_path(ws.root))
    return [s.to_dict() for s in judge(ws, root)] if has_approvals(root) else []


def _snapshot(conn: sqlite3.Connection, label: str, replace: bool, results, ws: Workspace,
              now: str, shown: str, approved: list[tuple]) -> dict:
    state = state_of(results)
    digest = hashlib.sha256(content_bytes(state)).hexdigest()
    got = conn.execute("SELECT MAX(versi) FROM snapshot WHERE label = ?", (label,)).fetchone()[0]
    if got is not None and not replace:
        raise InputError([Problem(shown, 0, 0, msg(N_(
            "--snapshot: diharapkan label baru, ditemukan '%(label)s' yang sudah tersimpan "
            "(versi %(versi)s); pakai --replace untuk menyimpan versi baru, yang dicatat di log"),
            label=label, versi=got))])
    versi = (got or 0) + 1
    event = chain.append(conn, now, chain.SNAPSHOT if got is None else chain.SNAPSHOT_REPLACED,
                         label, sha256_isi=digest,
                         keterangan=chain.snapshot_binding(versi, len(state), ws.konteks.instansi,
                                                           ws.konteks.periode,
                                                           approvals.digest(approved)))
    cur = conn.execute("INSERT INTO snapshot (label, versi, waktu, instansi, periode, "
                       "jumlah_risiko, sha256_isi, seq_log) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (label, versi, event["waktu"], ws.konteks.instansi, ws.konteks.periode, len(state),
                        digest, event["seq"]))
    sid = cur.lastrowid
    cols = list(schema.SNAPSHOT_RISIKO)
    conn.executemany(f"INSERT INTO snapshot_risiko ({', '.join(cols)}) VALUES "
                     f"({', '.join('?' * len(cols))})",
                     ((sid, *row.values()) for row in (state[k] for k in sorted(state))))
    approvals.store_snapshot(conn, sid, approved)
    return event


def _bundle_events(conn: sqlite3.Connection, seen, now: str) -> list[dict]:
    """One event per bundle whose verdict or hashes differ from its last logged event."""
    out = []
    for b in seen:
        subjek = b.id_audit or b.file
        peristiwa = chain.BUNDLE_VERIFIED if b.status == "terverifikasi" else chain.BUNDLE_REJECTED
        last = conn.execute(f"SELECT peristiwa, sha256_tagmanifest, sha256_tanda_tangan, "
                            f"sidik_jari_penanda FROM {chain.LOG_TABLE} WHERE subjek = ? "
                            f"AND peristiwa IN (?, ?) ORDER BY rowid DESC LIMIT 1",
                            (subjek, chain.BUNDLE_VERIFIED, chain.BUNDLE_REJECTED)).fetchone()
        now_is = (peristiwa, b.sha256_tagmanifest, b.sha256_tanda_tangan, b.sidik_jari_penanda)
        if last is not None and tuple(last) == now_is:
            continue
        # the log is data: the reason in the canonical (Indonesian) wording, whatever --lang
        why = b.file if b.status == "terverifikasi" else \
            f"{b.file}: langkah {b.langkah}: {str(b.alasan)}"
        out.append(chain.append(conn, now, peristiwa, subjek,
                                sha256_isi=b.sha256_tagmanifest,
                                sha256_tagmanifest=b.sha256_tagmanifest,
                                sha256_tanda_tangan=b.sha256_tanda_tangan,
                                sidik_jari_penanda=b.sidik_jari_penanda, keterangan=why))
    return out
