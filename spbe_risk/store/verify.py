"""``db verify``: recompute the log's hash chain and every snapshot's content hash.

A database verifies when every log row links to the one before (``store.chain``), every
snapshot's rows hash to the ``sha256_isi`` it recorded, and that hash is the one its log
event carries. The first broken log row is named by its position; the head hash is
always reported so it can be written down elsewhere and checked with ``--expect-head``.

Layer: shell (store). Imports ``diff`` (content bytes) and the other ``store`` modules.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass, field

import spbe_risk.store.chain as chain
from spbe_risk.diff import STATE_TYPES, content_bytes
from spbe_risk.problems import InputError, Problem
from spbe_risk.store.build import connect, is_ours, not_ours


@dataclass(frozen=True)
class VerifyReport:
    path: str
    rows: int
    head: str
    snapshots: int
    broken_seq: int | None = None
    reason: str = ""
    snapshot_problems: tuple[str, ...] = field(default=())
    expected_head: str | None = None

    @property
    def head_ok(self) -> bool:
        return self.expected_head is None or self.expected_head.lower() == self.head

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.snapshot_problems and self.head_ok


def verify_database(path: str | os.PathLike[str], expect_head: str | None = None) -> VerifyReport:
    shown = os.fspath(path)
    if not os.path.isfile(shown):
        raise InputError([Problem(shown, 0, 0, "expected a database file, found no such file")])
    try:
        conn = connect(shown, readonly=True)
    except sqlite3.Error as exc:
        raise InputError([Problem(shown, 0, 0, f"cannot open the database: {exc}")]) from None
    try:
        try:
            if not is_ours(conn):
                raise not_ours(shown)
            check = chain.verify_chain(conn)
            problems = _snapshots(conn)
            n = conn.execute("SELECT COUNT(*) FROM snapshot").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise InputError([Problem(shown, 0, 0, f"cannot read the database: {exc}")]) from None
    finally:
        conn.close()
    return VerifyReport(shown, check.rows, check.head, n, check.broken_seq, check.reason,
                        tuple(problems), expect_head)


def _snapshots(conn: sqlite3.Connection) -> list[str]:
    cols = list(STATE_TYPES)
    out = []
    for sid, label, versi, digest, seq in conn.execute(
            "SELECT id, label, versi, sha256_isi, seq_log FROM snapshot ORDER BY id").fetchall():
        rows = conn.execute(f"SELECT {', '.join(cols)} FROM snapshot_risiko WHERE snapshot = ?",
                            (sid,)).fetchall()
        state = {r[0]: dict(zip(cols, r, strict=True)) for r in rows}
        again = hashlib.sha256(content_bytes(state)).hexdigest()
        name = f"snapshot '{label}' versi {versi}"
        if again != digest:
            out.append(f"{name}: expected content hash {digest}, found {again} (recomputed "
                       f"from snapshot_risiko)")
        ev = conn.execute(f"SELECT peristiwa, subjek, sha256_isi FROM {chain.LOG_TABLE} "
                          f"WHERE seq = ?", (seq,)).fetchone()
        if ev is None or ev[0] not in (chain.SNAPSHOT, chain.SNAPSHOT_REPLACED) \
                or ev[1] != label or ev[2] != digest:
            out.append(f"{name}: expected log row {seq} to record it with hash {digest}, "
                       f"found {ev!r}")
    return out
