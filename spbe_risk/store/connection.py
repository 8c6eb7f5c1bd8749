"""Opening a store database: by its path (never as a URI), only when it is a regular
file, read-only for every reader, and never opened for writing before it is known to be
ours — so a foreign file, a device or a FIFO is refused exactly as it was found.

Layer: shell (store). Imports the standard library, ``problems`` and ``store.schema``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import spbe_risk.store.chain as chain
import spbe_risk.store.diagnostics as dg
import spbe_risk.store.schema as schema
from spbe_risk.messages import N_, msg
from spbe_risk.problems import InputError, Problem

BUSY_TIMEOUT_MS = 30_000


def regular_file(path: str | os.PathLike[str], must_exist: bool = True) -> str:
    """``path`` as text once it names a regular file (or nothing, when ``must_exist`` is
    false); a device, folder or FIFO is refused before SQLite opens it, so it never
    blocks, never gets a ``-journal`` beside it and never prints a traceback."""
    import stat

    shown = os.fspath(path)
    try:
        mode = os.stat(shown).st_mode
    except FileNotFoundError:
        if must_exist:
            raise InputError([Problem(shown, 0, 0, msg(N_(
                "diharapkan berkas basis data, ditemukan berkas tidak ada")))]) from None
        return shown
    except OSError as exc:
        raise InputError([Problem(shown, 0, 0, dg.CANNOT_READ(reason=exc.strerror))]) from None
    if not stat.S_ISREG(mode):
        raise InputError([Problem(shown, 0, 0, msg(N_(
            "diharapkan berkas basis data biasa, ditemukan perangkat, folder atau pipa")))])
    return shown


def connect(path: str | os.PathLike[str], readonly: bool = False) -> sqlite3.Connection:
    """A connection in WAL mode with a busy timeout (read-only: never creates the file).

    The file is opened by its path: read-only through ``Path.as_uri()`` (which escapes
    ``#``, ``?`` and ``%``, so a name like ``register#2026.db`` is that file and no query
    string can turn read-only mode off), read-write as a plain file name."""
    if readonly:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(os.fspath(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL: a crash or kill never corrupts nor half-applies a transaction;
        # only a power cut may lose the last committed build (fsync at checkpoints).
        conn.execute("PRAGMA synchronous = NORMAL")
        # Foreign keys are declared, and checked once over the whole build before it
        # commits (``_check_keys``): cheaper than a parent lookup per inserted row.
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -131072")
    return conn


def open_ours(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection to an existing spbe-risk database, or a clean InputError
    (missing, not a regular file, not SQLite, someone else's database)."""
    shown = regular_file(path)
    try:
        conn = connect(shown, readonly=True)
    except sqlite3.Error as exc:
        raise InputError([Problem(shown, 0, 0, msg(N_("tidak dapat membuka basis data: %(reason)s"),
                                                   reason=dg.sqlite_reason(exc)))]) from None
    try:
        ours = is_ours(conn)
    except sqlite3.DatabaseError:
        ours = False
    if not ours:
        conn.close()
        raise not_ours(shown)
    try:
        check_version(conn, shown)
    except InputError:
        conn.close()
        raise
    return conn


def refuse_foreign(shown: str) -> None:
    """Look at an existing file read-only before opening it for writing: a file that is
    not ours is refused untouched (opening it read-write would switch it to WAL)."""
    if not os.path.exists(shown) or os.path.getsize(shown) == 0:
        return
    try:
        conn = connect(shown, readonly=True)
    except sqlite3.Error:
        raise not_ours(shown) from None
    try:
        if is_ours(conn) is False:
            raise not_ours(shown)
    except sqlite3.DatabaseError:
        raise not_ours(shown) from None
    finally:
        conn.close()


def is_ours(conn: sqlite3.Connection) -> bool | None:
    """True: a spbe-risk database; None: an empty file; False: someone else's database."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if not names:
        return None
    if "meta" not in names or chain.LOG_TABLE not in names:
        return False
    got = conn.execute("SELECT nilai FROM meta WHERE kunci = 'schema'").fetchone()
    return bool(got and got[0] == schema.SCHEMA_NAME)


def check_version(conn: sqlite3.Connection, shown: str) -> None:
    """Refuse a database a newer spbe-risk wrote (its tables may mean something else);
    an older one is upgraded by the next build (``store.schema``)."""
    got = conn.execute("SELECT nilai FROM meta WHERE kunci = 'schema_version'").fetchone()
    try:
        version = int(got[0]) if got else 1
    except (TypeError, ValueError):
        version = None
    if version is None or version > schema.SCHEMA_VERSION:
        raise InputError([Problem(shown, 0, 0, dg.NEWER_DATABASE(
            version=schema.SCHEMA_VERSION, found=str(got[0]) if got else "?"))])


def not_ours(path: str) -> InputError:
    return InputError([Problem(path, 0, 0, msg(N_(
        "diharapkan basis data spbe-risk (%(schema)s), ditemukan basis data SQLite lain atau "
        "berkas yang bukan basis data"), schema=schema.SCHEMA_NAME))])
