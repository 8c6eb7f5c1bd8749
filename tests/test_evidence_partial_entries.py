"""Issue 23 §11: ``evidence add F F/data/evidence/.x.spbe-partial.*`` indexed the partial
file itself, and no command removed an index entry. Now a partial name is refused by
``add`` and ``evidence remove`` takes an entry out of ``audit.json``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import make_folder

from spbe_risk.cli import main

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def indexed(folder) -> list[str]:
    return [b["path"] for b in json.loads((folder / "data" / "audit.json").read_text())["bukti"]]


def test_add_refuses_a_partial_file_in_place(tmp_path):
    folder = make_folder(tmp_path, {"a.txt": b"a"})
    partial = folder / "data" / "evidence" / ".x.txt.spbe-partial.0123456789ab"
    partial.write_bytes(b"half a copy")
    before = (folder / "data" / "audit.json").read_bytes()
    r = run("evidence", "add", str(folder), str(partial), "--control", "WEB-1.a")
    assert r.exit_code == 2, r.output
    assert ".x.txt.spbe-partial.0123456789ab" in r.output and "Traceback" not in r.output
    assert (folder / "data" / "audit.json").read_bytes() == before


def test_add_refuses_a_partial_file_from_elsewhere(tmp_path):
    folder = make_folder(tmp_path, {"a.txt": b"a"})
    partial = tmp_path / ".y.pdf.spbe-partial.0123456789ab"
    partial.write_bytes(b"half")
    r = run("evidence", "add", str(folder), str(partial), "--control", "WEB-1.a")
    assert r.exit_code == 2, r.output
    assert indexed(folder) == ["data/evidence/a.txt"]


def test_remove_takes_an_entry_out_of_the_index(tmp_path):
    folder = make_folder(tmp_path, {"a.txt": b"a", "b.txt": b"b"})
    # an entry an older version let in: the partial file indexed as evidence
    audit_file = folder / "data" / "audit.json"
    audit = json.loads(audit_file.read_text())
    audit["bukti"].append({**audit["bukti"][0],
                           "path": "data/evidence/.x.txt.spbe-partial.0123456789ab"})
    audit_file.write_text(json.dumps(audit, ensure_ascii=False, indent=2) + "\n")
    r = run("evidence", "remove", str(folder), "data/evidence/.x.txt.spbe-partial.0123456789ab",
            "data/evidence/b.txt")
    assert r.exit_code == 0, r.output
    assert indexed(folder) == ["data/evidence/a.txt"]
    assert (folder / "data" / "evidence" / "b.txt").exists()     # the file itself stays
    r = run("evidence", "remove", str(folder), "data/evidence/zzz.txt")
    assert r.exit_code == 2 and "data/evidence/zzz.txt" in r.output
    assert indexed(folder) == ["data/evidence/a.txt"]
