"""Read snapshots back from a database: the labels stored, and one label's state (the
latest version unless a version is named as ``LABEL@VERSI``) for ``diff --db``.

Layer: shell (store). Imports ``diff`` (state columns) and ``store.build`` (connections).
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from spbe_risk.diff import STATE_TYPES
from spbe_risk.problems import InputError, Problem
from spbe_risk.store.build import connect, is_ours, not_ours


def labels(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return [tuple(r) for r in conn.execute("SELECT label, MAX(versi) FROM snapshot "
                                           "GROUP BY label ORDER BY MIN(id)")]


def read_state(path: str | os.PathLike[str], label: str) -> dict[str, dict[str, Any]]:
    shown = os.fspath(path)
    if not os.path.isfile(shown):
        raise InputError([Problem(shown, 0, 0, "expected a database file, found no such file")])
    conn = connect(shown, readonly=True)
    try:
        if not is_ours(conn):
            raise not_ours(shown)
        name, _, ver = label.partition("@")
        if ver:
            got = conn.execute("SELECT id FROM snapshot WHERE label = ? AND versi = ?",
                               (name, int(ver) if ver.isdigit() else -1)).fetchone()
        else:
            got = conn.execute("SELECT id FROM snapshot WHERE label = ? ORDER BY versi DESC "
                               "LIMIT 1", (name,)).fetchone()
        if got is None:
            have = ", ".join(f"{lb} (versi {v})" for lb, v in labels(conn)) or "none"
            raise InputError([Problem(shown, 0, 0, f"expected a snapshot label stored in the "
                                                   f"database ({have}), found '{label}'")])
        cols = list(STATE_TYPES)
        rows = conn.execute(f"SELECT {', '.join(cols)} FROM snapshot_risiko WHERE snapshot = ?",
                            (got[0],)).fetchall()
        return {r[0]: dict(zip(cols, r, strict=True)) for r in rows}
    finally:
        conn.close()
