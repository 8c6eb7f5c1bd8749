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

import spbe_risk.store.approvals as approvals
import spbe_risk.store.chain as chain
import spbe_risk.store.diagnostics as dg
from spbe_risk.diff import STATE_TYPES, content_bytes
from spbe_risk.messages import N_, at, msg
from spbe_risk.problems import InputError, Problem
from spbe_risk.store.connection import open_ours


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


#: Lines of ``PRAGMA quick_check`` reported at most (a damaged file can give thousands).
MAX_INTEGRITY_LINES = 5


def verify_database(path: str | os.PathLike[str], expect_head: str | None = None) -> VerifyReport:
    conn = open_ours(path)
    shown = os.fspath(path)
    try:
        damage = _quick_check(conn)
        if damage:           # a damaged file is reported as such, not read further
            return VerifyReport(shown, 0, chain.GENESIS, 0, None, "", tuple(damage), expect_head)
        try:
            check = chain.verify_chain(conn)
            problems = (_snapshots(conn) + _events_without_snapshot(conn)
                        + approvals.current_problems(conn))
            n = conn.execute("SELECT COUNT(*) FROM snapshot").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise InputError([Problem(shown, 0, 0, dg.CANNOT_READ(
                reason=dg.sqlite_reason(exc)))]) from None
    finally:
        conn.close()
    return VerifyReport(shown, check.rows, check.head, n, check.broken_seq, check.reason,
                        tuple(problems), expect_head)


def _quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own page-level check: an overwritten page, a broken index or b-tree."""
    try:
        got = [r[0] for r in conn.execute(f"PRAGMA quick_check({MAX_INTEGRITY_LINES})")]
    except sqlite3.DatabaseError as exc:
        return [at("quick_check", dg.sqlite_reason(exc))]
    return [] if got == ["ok"] else [f"quick_check: {line}" for line in got]


def _snapshots(conn: sqlite3.Connection) -> list[str]:
    """Every snapshot row agrees with its content and with the chained event that stored
    it: label (``subjek``), content hash, time, and versi, count, instansi, periode and
    the digest of its approvals (``keterangan``, see ``chain.snapshot_binding``)."""
    cols = list(STATE_TYPES)
    out = []
    for sid, label, versi, waktu, instansi, periode, jumlah, digest, seq in conn.execute(
            "SELECT id, label, versi, waktu, instansi, periode, jumlah_risiko, sha256_isi, seq_log "
            "FROM snapshot ORDER BY id").fetchall():
        rows = conn.execute(f"SELECT {', '.join(cols)} FROM snapshot_risiko WHERE snapshot = ?",
                            (sid,)).fetchall()
        state = {r[0]: dict(zip(cols, r, strict=True)) for r in rows}
        again = hashlib.sha256(content_bytes(state)).hexdigest()
        name = f"snapshot '{label}' versi {versi}"
        if again != digest:
            out.append(msg(N_("%(name)s: diharapkan hash isi %(expected)s, ditemukan %(found)s "
                              "(dihitung ulang dari snapshot_risiko)"),
                           name=name, expected=digest, found=again))
        if jumlah != len(state):
            out.append(msg(N_("%(name)s: diharapkan jumlah_risiko %(expected)d (baris di "
                              "snapshot_risiko), ditemukan %(found)s"),
                           name=name, expected=len(state), found=jumlah))
        ev = conn.execute(f"SELECT peristiwa, subjek, sha256_isi, waktu, keterangan FROM "
                          f"{chain.LOG_TABLE} WHERE seq = ?", (seq,)).fetchone()
        approved = approvals.snapshot_rows(conn, sid)
        # since schema version 2 the event binds the snapshot's approvals; an older
        # event binds none, and then the snapshot must have no approval rows
        bound = (chain.snapshot_binding(versi, jumlah, instansi, periode,
                                        approvals.digest(approved)),) + (() if approved else (
            chain.snapshot_binding(versi, jumlah, instansi, periode),
            chain.legacy_snapshot_binding(versi, jumlah)))
        if ev is None or ev[0] not in (chain.SNAPSHOT, chain.SNAPSHOT_REPLACED) \
                or ev[1] != label or ev[2] != digest or ev[3] != waktu or ev[4] not in bound:
            found = msg(N_("baris itu tidak ada")) if ev is None else msg(
                N_("%(peristiwa)s '%(subjek)s' pada %(waktu)s dengan hash %(hash)s dan "
                   "%(keterangan)s"), peristiwa=ev[0], subjek=ev[1], waktu=ev[3], hash=ev[2],
                keterangan=ev[4])
            out.append(msg(N_("%(name)s: diharapkan baris log %(seq)s mencatatnya (hash "
                              "%(hash)s, waktu %(waktu)s, %(keterangan)s), ditemukan %(found)s"),
                           name=name, seq=seq, hash=digest, waktu=waktu, keterangan=bound[0],
                           found=found))
    return out


def _events_without_snapshot(conn: sqlite3.Connection) -> list[str]:
    """Every snapshot event of the log still has the one snapshot row it stored."""
    out = []
    for seq, subjek in conn.execute(
            f"SELECT seq, subjek FROM {chain.LOG_TABLE} WHERE peristiwa IN (?, ?) ORDER BY rowid",
            (chain.SNAPSHOT, chain.SNAPSHOT_REPLACED)).fetchall():
        n = conn.execute("SELECT COUNT(*) FROM snapshot WHERE seq_log = ?", (seq,)).fetchone()[0]
        if n != 1:
            out.append(msg(N_("baris log %(seq)s: diharapkan satu snapshot '%(subjek)s' yang "
                              "disimpannya, ditemukan %(n)s"), seq=seq, subjek=subjek, n=n))
    return out
