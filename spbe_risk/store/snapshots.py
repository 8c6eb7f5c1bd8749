"""Read snapshots back from a database: the labels stored, and one label's state (the
latest version unless a version is named as ``LABEL@VERSI``) for ``diff --db``.

Layer: shell (store). Imports ``diff`` (state columns) and ``store.build`` (connections).
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

import spbe_risk.store.diagnostics as dg
from spbe_risk.diff import STATE_TYPES
from spbe_risk.messages import msg
from spbe_risk.problems import InputError, Problem
from spbe_risk.store.connection import open_ours


def labels(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return [tuple(r) for r in conn.execute("SELECT label, MAX(versi) FROM snapshot "
                                           "GROUP BY label ORDER BY MIN(id)")]


#: A version number longer than this cannot be one SQLite stores (64-bit integers).
MAX_VERSI_DIGITS = 18


def read_state(path: str | os.PathLike[str], label: str) -> dict[str, dict[str, Any]]:
    conn = open_ours(path)
    shown = os.fspath(path)
    try:
        name, at, ver = label.partition("@")
        if at and not (ver.isascii() and ver.isdigit() and len(ver) <= MAX_VERSI_DIGITS):
            raise InputError([Problem(shown, 0, 0, dg.BAD_LABEL(label=label))])
        try:
            return _state(conn, shown, label, name, int(ver) if at else None)
        except sqlite3.DatabaseError as exc:
            raise InputError([Problem(shown, 0, 0, dg.CANNOT_READ(reason=dg.sqlite_reason(exc)))]) from None
    finally:
        conn.close()


def _state(conn: sqlite3.Connection, shown: str, label: str, name: str,
           versi: int | None) -> dict[str, dict[str, Any]]:
    if versi is not None:
        got = conn.execute("SELECT id FROM snapshot WHERE label = ? AND versi = ?",
                           (name, versi)).fetchone()
    else:
        got = conn.execute("SELECT id FROM snapshot WHERE label = ? ORDER BY versi DESC "
                           "LIMIT 1", (name,)).fetchone()
    if got is None:
        have = tuple(msg(dg.LABEL_VERSION, label=lb, versi=v) for lb, v in labels(conn))
        raise InputError([Problem(shown, 0, 0, dg.UNKNOWN_LABEL(
            have=have or msg(dg.NONE), label=label))])
    cols = list(STATE_TYPES)
    rows = conn.execute(f"SELECT {', '.join(cols)} FROM snapshot_risiko WHERE snapshot = ?",
                        (got[0],)).fetchall()
    return {r[0]: dict(zip(cols, r, strict=True)) for r in rows}
