"""Approvals (persetujuan) in the store: the current table, their log events, their rows
in a snapshot, and the checks ``db verify`` makes of them.

The records are ``signing.approval.Status.to_dict`` — the judgement ``check`` makes —
judged by the caller. The chain covers them three ways:

- every change of an approval's record (a new approval, one gone stale or untrusted, a
  new signature, one removed) appends a log event ``persetujuan-<keadaan>`` (or
  ``persetujuan-dihapus``) whose ``keterangan`` is the record's canonical JSON
  (:func:`binding`) and whose hashes are the statement's and the signature's SHA-256 and
  the signer's certificate fingerprint;
- ``db verify`` holds every row of the current ``persetujuan`` table to the last event
  of its file, so a row edited or deleted by hand is found;
- a snapshot stores its approvals in ``snapshot_persetujuan`` (append-only) and its log
  event binds their digest (``chain.snapshot_binding``'s ``sha256_persetujuan``).

Layer: shell (store). Imports the standard library and ``store.chain``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import spbe_risk.store.chain as chain
import spbe_risk.store.diagnostics as dg
from spbe_risk.messages import msg

T, N = str, int
#: Columns of ``persetujuan`` (and, after ``snapshot``, of ``snapshot_persetujuan``).
COLUMNS: dict[str, Any] = {
    "file": T, "upr": T, "periode": N, "peran": T, "nama": T, "penanda_tangan": T,
    "waktu": T, "waktu_terbukti": T, "sumber_waktu": T, "tsa": T, "keadaan": T,
    "berubah": T, "masalah": T, "sidik_jari_penanda": T, "sha256_pernyataan": T,
    "sha256_tanda_tangan": T}
PREFIX = "persetujuan-"
REMOVED = "persetujuan-dihapus"
TABLE, SNAPSHOT_TABLE = "persetujuan", "snapshot_persetujuan"


def rows(records: Iterable[dict[str, Any]]) -> list[tuple]:
    """One tuple per approval record, in ``COLUMNS`` order, sorted by file."""
    out = []
    for r in records:
        row = {**r, "penanda_tangan": r.get("penanda_tangan"), "sidik_jari_penanda":
               r.get("sidik_jari"), "berubah": ", ".join(r.get("berubah") or ()),
               "periode": r.get("periode") if isinstance(r.get("periode"), int) else None}
        out.append(tuple(row.get(c) for c in COLUMNS))
    return sorted(out, key=lambda t: t[0])


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def binding(row: Sequence[Any]) -> str:
    """The ``keterangan`` of an approval's event: the row's fields as canonical JSON."""
    return _canonical(dict(zip(COLUMNS, row, strict=True)))


def digest(rows_: Iterable[Sequence[Any]]) -> str:
    """SHA-256 of a set of approval rows (a snapshot's), independent of their order."""
    ordered = sorted((dict(zip(COLUMNS, r, strict=True)) for r in rows_),
                     key=lambda d: str(d["file"]))
    return hashlib.sha256(_canonical(ordered).encode("utf-8")).hexdigest()


def _last(conn: sqlite3.Connection, subjek: str) -> tuple | None:
    return conn.execute(f"SELECT peristiwa, keterangan FROM {chain.LOG_TABLE} WHERE subjek = ? "
                        f"AND peristiwa LIKE '{PREFIX}%' ORDER BY rowid DESC LIMIT 1",
                        (subjek,)).fetchone()


def events(conn: sqlite3.Connection, rows_: Sequence[Sequence[Any]], now: str) -> list[dict]:
    """Append an event for every approval whose record differs from its last logged one,
    and for every logged approval that is gone; the events appended."""
    out = []
    current = {str(r[0]) for r in rows_}
    for row in rows_:
        record = dict(zip(COLUMNS, row, strict=True))
        peristiwa = PREFIX + str(record["keadaan"])
        if _last(conn, str(record["file"])) == (peristiwa, binding(row)):
            continue
        out.append(chain.append(conn, now, peristiwa, str(record["file"]),
                                sha256_isi=record["sha256_pernyataan"],
                                sha256_tanda_tangan=record["sha256_tanda_tangan"],
                                sidik_jari_penanda=record["sidik_jari_penanda"],
                                keterangan=binding(row)))
    logged = [s for (s,) in conn.execute(f"SELECT DISTINCT subjek FROM {chain.LOG_TABLE} WHERE "
                                         f"peristiwa LIKE '{PREFIX}%' ORDER BY subjek")]
    for subjek in logged:
        last = _last(conn, subjek)
        if subjek not in current and last is not None and last[0] != REMOVED:
            out.append(chain.append(conn, now, REMOVED, subjek))
    return out


def store_snapshot(conn: sqlite3.Connection, snapshot_id: int,
                   rows_: Sequence[Sequence[Any]]) -> None:
    cols = ["snapshot", *COLUMNS]
    conn.executemany(f"INSERT INTO {SNAPSHOT_TABLE} ({', '.join(cols)}) VALUES "
                     f"({', '.join('?' * len(cols))})", ((snapshot_id, *r) for r in rows_))


def _has(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)).fetchone() is not None


def snapshot_rows(conn: sqlite3.Connection, snapshot_id: int) -> list[tuple]:
    """A snapshot's approval rows (none in a database from before schema version 2)."""
    if not _has(conn, SNAPSHOT_TABLE):
        return []
    return conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {SNAPSHOT_TABLE} WHERE snapshot = ?",
                        (snapshot_id,)).fetchall()


def current_problems(conn: sqlite3.Connection) -> list[str]:
    """Every row of the current ``persetujuan`` table agrees with its file's last event,
    and every approval the log still holds has its row."""
    if not _has(conn, TABLE):
        return []
    out = []
    seen = set()
    for row in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY file"):
        seen.add(row[0])
        last = _last(conn, str(row[0]))
        expected = (PREFIX + str(row[COLUMNS_INDEX["keadaan"]]), binding(row))
        if last != expected:
            found = msg(dg.NO_EVENT) if last is None else f"{last[0]} {last[1]}"
            out.append(msg(dg.APPROVAL_LAST_EVENT, file=str(row[0]),
                           expected=f"{expected[0]} {expected[1]}", found=found))
    for (subjek,) in conn.execute(f"SELECT DISTINCT subjek FROM {chain.LOG_TABLE} WHERE "
                                  f"peristiwa LIKE '{PREFIX}%' ORDER BY subjek").fetchall():
        last = _last(conn, subjek)
        if subjek not in seen and last is not None and last[0] != REMOVED:
            out.append(msg(dg.APPROVAL_ROW_MISSING, file=subjek, table=TABLE, event=last[0]))
    return out


COLUMNS_INDEX = {c: i for i, c in enumerate(COLUMNS)}
