"""Issue 23 Build 1: ``excel import`` publishes every changed register together or none,
even when the process is killed (SIGKILL) between two renames of the publish step.

Each kill is real: a child interpreter runs ``spbe-risk excel import`` with ``os.replace``
(or ``os.fsync``) wrapped so that the process SIGKILLs itself at the chosen moment — no
hook in the product code. Afterwards the workspace, as every command reads it, is all
old or all new, and the next command finishes the job and leaves no hidden file behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import DATA
from spbe_risk.cli import main

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable

#: The child: wrap one ``os`` call so the N-th matching call kills the process after
#: (``replace``) or before (``fsync``) it runs, then run the CLI.
CHILD = textwrap.dedent("""
    import os, signal, sys
    what, nth = sys.argv[1], int(sys.argv[2])
    real = getattr(os, what)
    seen = []

    def wrapped(*args, **kwargs):
        if what == "fsync":
            seen.append(1)
            if len(seen) == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        out = real(*args, **kwargs)
        dst = os.fspath(args[1])
        name = os.path.basename(dst)
        if name.endswith(".yaml") and not name.startswith("."):
            seen.append(dst)
            if len(seen) == nth:
                os.kill(os.getpid(), signal.SIGKILL)
        return out

    setattr(os, what, wrapped)
    from spbe_risk.cli import main
    main(sys.argv[3:], prog_name="spbe-risk")
""")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A copy of mini, a workbook changing one risk of each of its two units, and the
    registers before and after a normal (uninterrupted) import."""
    d = tmp_path_factory.mktemp("journal")
    ws = d / "ws"
    shutil.copytree(DATA / "mini", ws)
    book = d / "b.xlsx"
    r = run("excel", "export", ws, "--out", book)
    assert r.exit_code == 0, r.output
    wb = load_workbook(book)
    f3 = wb["Formulir 3.0"]
    units = set()
    for row in range(3, f3.max_row + 1):
        upr = f3.cell(row, 3).value
        if upr and upr not in units and f3.cell(row, 2).value:
            units.add(upr)
            f3.cell(row, 4).value = f3.cell(row, 4).value + " (diubah)"
    assert len(units) == 2
    wb.save(book)
    before = registers(ws)
    done = d / "done"
    shutil.copytree(ws, done)
    r = run("excel", "import", book, done)
    assert r.exit_code == 0, r.output
    after = registers(done)
    assert len([n for n in after if after[n] != before[n]]) == 2
    return book, before, after


def registers(ws: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ws / "risks").iterdir())
            if p.is_file() and not p.name.startswith(".")}


def hidden(ws: Path) -> list[str]:
    return sorted(p.name for p in (ws / "risks").iterdir() if p.name.startswith("."))


def killed_import(ws: Path, book: Path, what: str, nth: int) -> None:
    proc = subprocess.run([sys.executable, "-c", CHILD, what, str(nth),
                           "excel", "import", str(book), str(ws)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stdout, proc.stderr)


def scores(ws: Path) -> str:
    r = run("score", ws, "--format", "json")
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    dest = tmp_path / "ws"
    shutil.copytree(DATA / "mini", dest)
    return dest


def test_kill_between_two_renames_reads_all_new_and_next_run_completes(ws, edited, tmp_path):
    book, before, after = edited
    assert registers(ws) == before
    killed_import(ws, book, "replace", 1)
    # The kill landed after the first register was renamed into place: on disk one
    # file is new and the other is not yet; what any command reads is all new.
    expected = tmp_path / "expected"
    shutil.copytree(ws, expected)
    for name, data in after.items():
        (expected / "risks" / name).write_bytes(data)
    assert scores(ws) == scores(expected).replace(str(expected), str(ws))
    # The next run (here: the ``score`` above) rolled the import forward.
    assert registers(ws) == after
    assert hidden(ws) == []


def test_kill_while_staging_leaves_all_old_and_next_run_cleans_up(ws, edited, monkeypatch):
    from spbe_risk import portable

    book, before, _after = edited
    killed_import(ws, book, "fsync", 2)
    assert registers(ws) == before
    # Without any lock primitive (tests/portable_env) a staged file counts as a leftover
    # only when older than STALE_AFTER: run the next command "an hour later".
    monkeypatch.setattr(portable, "STALE_AFTER", -1)
    r = run("check", ws)
    assert r.exit_code in (0, 1), r.output
    assert registers(ws) == before
    assert hidden(ws) == []


def test_failed_rename_after_commit_still_reads_all_new(ws, edited, monkeypatch):
    """An error (not a kill) on the second rename: the import reports it, exit 2, and
    what is read stays all new; the next run finishes the renames."""
    book, _before, after = edited
    real = os.replace
    seen = []

    def failing(src, dst, *a, **k):
        name = os.path.basename(os.fspath(dst))
        if name.endswith(".yaml") and not name.startswith("."):
            seen.append(name)
            if len(seen) == 2:
                raise PermissionError(13, "Permission denied", os.fspath(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", failing)
    r = run("excel", "import", book, ws)
    monkeypatch.undo()
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    scores(ws)
    assert registers(ws) == after
    assert hidden(ws) == []


def test_read_only_folder_reads_the_staged_files(ws, edited, tmp_path, monkeypatch):
    """Where the roll-forward cannot rename (a read-only copy), readers still see all
    new: the journal's staged files are read in place of their targets."""
    book, before, after = edited
    killed_import(ws, book, "replace", 1)
    on_disk = registers(ws)
    assert on_disk != after and on_disk != before
    expected = tmp_path / "expected"
    shutil.copytree(ws, expected)
    for name, data in after.items():
        (expected / "risks" / name).write_bytes(data)
    want = scores(expected).replace(str(expected), str(ws))

    def read_only(*_a, **_k):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    assert scores(ws) == want
    monkeypatch.undo()
    assert registers(ws) == on_disk


def test_planted_journal_outside_its_folder_is_left_alone(ws, tmp_path):
    """A journal naming a target with a path, or a staged file of another transaction,
    is not one this tool wrote: nothing is renamed, nothing removed."""
    import json

    from spbe_risk import atomic, journal

    risks = ws / "risks"
    before = registers(ws)
    (tmp_path / "victim.yaml").write_text("x")
    planted = {
        "a" * 12: [{"staged": ".x.spbe-staged." + "a" * 12, "target": "../victim.yaml"}],
        "b" * 12: [{"staged": ".bappeda-2026.yaml.spbe-staged." + "c" * 12,
                    "target": "bappeda-2026.yaml"}],
    }
    for tx, files in planted.items():
        (risks / f".spbe-journal.{tx}.json").write_text(json.dumps(
            {"schema": journal.SCHEMA, "schema_version": 1, "files": files}))
        for f in files:
            (risks / f["staged"]).write_text("kind: planted\n")
    journal.recover(risks)
    assert registers(ws) == before
    assert (tmp_path / "victim.yaml").read_text() == "x"
    assert journal.pending(risks) == {}
    assert atomic.is_partial(".bappeda-2026.yaml.spbe-staged." + "c" * 12)
