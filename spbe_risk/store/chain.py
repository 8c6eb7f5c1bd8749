"""The tamper-evident log: an append-only, hash-chained table of events.

Each row records one event — a snapshot stored or replaced, a bundle seen verified or
rejected — with its sequence number, UTC time, event name, subject id, SHA-256 of the
content, and (for bundles) the SHA-256 of the tag manifest and of the signature and the
signer's certificate fingerprint. The chain (``shared/domain/evidence-bundle.md``):

    rantai = SHA-256(previous ‖ canonical row bytes)

- ``previous`` is the 32 raw bytes of the previous row's ``rantai`` (hex-decoded); the
  first row's previous is 32 zero bytes (``GENESIS``, 64 ``0`` in hex);
- the canonical row bytes are the row's columns in ``CANONICAL_COLUMNS`` (every column
  except ``rantai_sebelumnya`` and ``rantai``) as JSON: an object with sorted keys, no
  whitespace, UTF-8 (no ``\\u`` escapes for non-ASCII), NULL as ``null``, integers as
  integers.

Triggers refuse UPDATE and DELETE on the log; ``verify_chain`` recomputes every link and
names the first row that breaks it, so a row edited with the triggers dropped is found.

Layer: shell (store). Imports the standard library only.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import spbe_risk.store.diagnostics as dg
from spbe_risk.messages import msg

LOG_TABLE = "log"
GENESIS = "0" * 64

#: Columns of the log in order; all but the last two enter the canonical row bytes.
LOG_COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "INTEGER NOT NULL UNIQUE"),
    ("waktu", "TEXT NOT NULL"),
    ("peristiwa", "TEXT NOT NULL"),
    ("subjek", "TEXT NOT NULL"),
    ("sha256_isi", "TEXT"),
    ("sha256_tagmanifest", "TEXT"),
    ("sha256_tanda_tangan", "TEXT"),
    ("sidik_jari_penanda", "TEXT"),
    ("keterangan", "TEXT"),
    ("rantai_sebelumnya", "TEXT NOT NULL"),
    ("rantai", "TEXT NOT NULL"),
)
CANONICAL_COLUMNS: tuple[str, ...] = tuple(c for c, _ in LOG_COLUMNS[:-2])

#: Events the store writes.
SNAPSHOT, SNAPSHOT_REPLACED = "snapshot", "snapshot-diganti"
BUNDLE_VERIFIED, BUNDLE_REJECTED = "bundel-terverifikasi", "bundel-ditolak"


def snapshot_binding(versi: int, jumlah_risiko: int, instansi: str, periode: str,
                     sha256_persetujuan: str | None = None) -> str:
    """The ``keterangan`` of a snapshot event: the snapshot row's own fields as canonical
    JSON, so the chain binds them (``waktu`` is bound as the event's own ``waktu``, the
    label as ``subjek``, the content as ``sha256_isi``). ``db verify`` recomputes it from
    the snapshot row; any edit of the row then disagrees with its chained event. Since
    schema version 2 it also binds the digest of the snapshot's approvals
    (``store.approvals.digest``); older snapshots have none and no approval rows."""
    fields: dict[str, object] = {"versi": versi, "jumlah_risiko": jumlah_risiko,
                                 "instansi": instansi, "periode": periode}
    if sha256_persetujuan is not None:
        fields["sha256_persetujuan"] = sha256_persetujuan
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def legacy_snapshot_binding(versi: int, jumlah_risiko: int) -> str:
    """The ``keterangan`` databases written before ``snapshot_binding`` carry (versi and
    the count only; instansi and periode of such snapshots are not bound)."""
    return f"versi {versi}; {jumlah_risiko} risiko"


def canonical_bytes(row: dict[str, Any]) -> bytes:
    """The canonical bytes of a log row (see the module docstring)."""
    return json.dumps({c: row.get(c) for c in CANONICAL_COLUMNS}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def chain_hash(previous: str, row: dict[str, Any]) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + canonical_bytes(row)).hexdigest()


def create_log(conn: sqlite3.Connection) -> None:
    """The log table and the triggers that make it append-only."""
    cols = ", ".join(f"{c} {t}" for c, t in LOG_COLUMNS)
    conn.execute(f"CREATE TABLE IF NOT EXISTS {LOG_TABLE} ({cols})")
    for verb in ("UPDATE", "DELETE"):
        conn.execute(f"CREATE TRIGGER IF NOT EXISTS {LOG_TABLE}_no_{verb.lower()} "
                     f"BEFORE {verb} ON {LOG_TABLE} BEGIN "
                     f"SELECT RAISE(ABORT, 'log hanya boleh ditambah: {verb} ditolak'); END")


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(last sequence number, its chain hash); (0, GENESIS) for an empty log."""
    got = conn.execute(f"SELECT seq, rantai FROM {LOG_TABLE} ORDER BY rowid DESC LIMIT 1").fetchone()
    return (got[0], got[1]) if got else (0, GENESIS)


def append(conn: sqlite3.Connection, waktu: str, peristiwa: str, subjek: str,
           **fields: Any) -> dict[str, Any]:
    """Append one event after the current head (inside the caller's transaction)."""
    seq, previous = head(conn)
    row: dict[str, Any] = {c: None for c in CANONICAL_COLUMNS}
    row.update(fields, seq=seq + 1, waktu=waktu, peristiwa=peristiwa, subjek=subjek)
    unknown = set(row) - set(CANONICAL_COLUMNS)
    if unknown:
        raise ValueError(f"unknown log columns: {sorted(unknown)}")
    row["rantai_sebelumnya"] = previous
    row["rantai"] = chain_hash(previous, row)
    names = [c for c, _ in LOG_COLUMNS]
    conn.execute(f"INSERT INTO {LOG_TABLE} ({', '.join(names)}) VALUES "
                 f"({', '.join('?' * len(names))})", [row[c] for c in names])
    return row


@dataclass(frozen=True)
class ChainCheck:
    """Outcome of ``verify_chain``: rows checked, the head, and the first broken row."""

    rows: int
    head: str
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(conn: sqlite3.Connection) -> ChainCheck:
    """Recompute every link in the order rows were appended (rowid; ``seq`` is a column
    of its own so editing it cannot reorder the log); stop at the first broken row."""
    names = [c for c, _ in LOG_COLUMNS]
    cur = conn.execute(f"SELECT {', '.join(names)} FROM {LOG_TABLE} ORDER BY rowid")
    previous, expected_seq, count = GENESIS, 1, 0
    for values in cur:
        row = dict(zip(names, values, strict=True))
        seq = expected_seq      # rows are named by their position in the log
        count += 1
        if row["seq"] != expected_seq:
            return ChainCheck(count, previous, seq, msg(dg.CHAIN_SEQ, expected=expected_seq,
                                                        found=row["seq"]))
        if row["rantai_sebelumnya"] != previous:
            return ChainCheck(count, previous, seq, msg(dg.CHAIN_PREVIOUS, expected=previous,
                                                        found=row["rantai_sebelumnya"]))
        try:
            again = chain_hash(previous, row)
        except (TypeError, ValueError) as exc:
            return ChainCheck(count, previous, seq, msg(dg.CHAIN_NOT_CANONICAL, error=str(exc)))
        if row["rantai"] != again:
            return ChainCheck(count, previous, seq, msg(dg.CHAIN_HASH, expected=again,
                                                        found=row["rantai"]))
        previous, expected_seq = row["rantai"], expected_seq + 1
    return ChainCheck(count, previous)
