"""The store's verify catches every edit made with the triggers dropped, and the store opens
what it is given as a path, never as a URI (issue 23, seen 6).

Each case was first seen passing ``db verify`` (UTUH) or printing a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MALINAU
from spbe_risk.cli import main

TODAY = "2026-12-01"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Two labels, one of them replaced: log rows 1 (Q2), 2 (Q3 v1), 3 (Q3 v2)."""
    db = tmp_path_factory.mktemp("db") / "malinau.db"
    for label, extra in (("2026-Q2", ()), ("2026-Q3", ()), ("2026-Q3", ("--replace",))):
        r = run("db", "build", MALINAU, "--db", db, "--snapshot", label, "--today", TODAY, *extra)
        assert r.exit_code == 0, r.output
    return db


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "copy.db"
    shutil.copy(built, dest)
    return dest


def tamper(db: Path, *statements: str) -> None:
    with sqlite3.connect(db) as conn:
        for name, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        for sql in statements:
            conn.execute(sql)


def rows(db: Path, sql: str):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def verify_fails(db: Path, *expected: str) -> str:
    r = run("db", "verify", "--db", db)
    assert r.exit_code == 1, r.output
    assert "TIDAK UTUH" in r.output and "Traceback" not in r.output
    for text in expected:
        assert text in r.output, r.output
    return r.output


def test_untouched_database_verifies(db: Path):
    r = run("db", "verify", "--db", db)
    assert r.exit_code == 0, r.output
    assert "UTUH" in r.output and "3 snapshot" in r.output


def test_deleted_snapshot_whose_event_remains(db: Path):
    tamper(db, "DELETE FROM snapshot_risiko WHERE snapshot = (SELECT id FROM snapshot WHERE "
               "label = '2026-Q2')", "DELETE FROM snapshot WHERE label = '2026-Q2'")
    verify_fails(db, "baris log 1", "2026-Q2")


def test_replaced_snapshot_versi_swapped(db: Path):
    # diff --db would now return the superseded version as the latest
    tamper(db, "UPDATE snapshot SET versi = versi + 10 WHERE label = '2026-Q3' AND versi = 1",
           "UPDATE snapshot SET versi = 1 WHERE label = '2026-Q3' AND versi = 2",
           "UPDATE snapshot SET versi = 2 WHERE label = '2026-Q3' AND versi = 11")
    verify_fails(db, "2026-Q3", "versi")


@pytest.mark.parametrize("sql", [
    "UPDATE snapshot SET waktu = '2020-01-01T00:00:00.000000Z' WHERE label = '2026-Q2'",
    "UPDATE snapshot SET jumlah_risiko = 3 WHERE label = '2026-Q2'",
    "UPDATE snapshot SET instansi = 'Pemkab Lain' WHERE label = '2026-Q2'",
    "UPDATE snapshot SET periode = '2019' WHERE label = '2026-Q2'",
    "UPDATE snapshot SET label = '2026-Q1' WHERE label = '2026-Q2'",
    "UPDATE snapshot SET seq_log = 2 WHERE label = '2026-Q2'",
])
def test_snapshot_fields_bound_to_their_event(db: Path, sql: str):
    tamper(db, sql)
    verify_fails(db, "snapshot")


def test_snapshot_without_event(db: Path):
    tamper(db, "INSERT INTO snapshot (label, versi, waktu, instansi, periode, jumlah_risiko, "
               "sha256_isi, seq_log) SELECT '2026-Q4', 1, waktu, instansi, periode, 0, "
               "sha256_isi, 99 FROM snapshot WHERE label = '2026-Q2'")
    verify_fails(db, "2026-Q4")


def test_overwritten_page_found_by_quick_check(db: Path):
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'risiko'").fetchone()[0]
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * page + 8)          # past the b-tree page header's first bytes
        fh.write(b"\xff" * (page - 16))
    out = verify_fails(db, "quick_check")
    assert len(out.splitlines()) < 40


def test_path_is_a_path_not_a_uri(tmp_path: Path, built: Path):
    real = tmp_path / "register#2026.db"
    shutil.copy(built, real)
    decoy = tmp_path / "register"
    decoy.write_bytes(b"")
    r = run("db", "verify", "--db", real)
    assert r.exit_code == 0, r.output
    for name in ("a%41b.db", "q?mode=rw.db"):
        other = tmp_path / name
        shutil.copy(built, other)
        before = other.read_bytes()
        r = run("db", "verify", "--db", other)
        assert r.exit_code == 0, (name, r.output)
        assert other.read_bytes() == before
    names = {p.name for p in tmp_path.iterdir()}
    assert {n for n in names if not n.endswith(("-wal", "-shm"))} == {
        "register#2026.db", "register", "a%41b.db", "q?mode=rw.db"}
    assert decoy.read_bytes() == b"" and "register-wal" not in names


def test_build_never_changes_a_foreign_database(tmp_path: Path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = other.read_bytes()
    r = run("db", "build", MALINAU, "--db", other, "--today", TODAY)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert other.read_bytes() == before            # still in rollback-journal mode, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs a device node (/dev/null)")
def test_device_node_is_refused_cleanly(tmp_path: Path):
    for cmd in (("db", "build", MALINAU, "--db", "/dev/null", "--today", TODAY),
                ("db", "verify", "--db", "/dev/null"),
                ("diff", "--db", "/dev/null", "a", "b")):
        r = run(*cmd)
        assert r.exit_code == 2, (cmd, r.output)
        assert "Traceback" not in r.output and r.exception is None or isinstance(
            r.exception, SystemExit), (cmd, r.output)
    assert not os.path.exists("/dev/null-journal") and not os.path.exists("/dev/null-wal")


def test_diff_db_bad_inputs_are_clean_errors(tmp_path: Path, built: Path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    for args in (("diff", "--db", junk, "a", "b"),
                 ("diff", "--db", built, "2026-Q2", "2026-Q3@99999999999999999999"),
                 ("diff", "--db", built, "2026-Q2", "2026-Q3@-1"),
                 ("diff", "--db", built, "2026-Q2", "2026-Q9")):
        r = run(*args)
        assert r.exit_code == 2, (args, r.output)
        assert isinstance(r.exception, SystemExit), (args, r.output)
    r = run("diff", "--db", built, "2026-Q3@1", "2026-Q3@2")
    assert r.exit_code == 0, r.output


def test_verify_names_the_replaced_versions(db: Path):
    assert rows(db, "SELECT label, versi FROM snapshot ORDER BY id") == [
        ("2026-Q2", 1), ("2026-Q3", 1), ("2026-Q3", 2)]
