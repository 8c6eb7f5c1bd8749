"""Issue 10 sections 1 and 6 (evidence parts): text from a bundle or from arguments is
data. It never drives the terminal, never fakes a verdict, never crashes a command;
and ``verify``/``show``/``--trust`` never block on a FIFO."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import KEY_PW, make_folder, pki, read_entries, seal, write_entries

from spbe_risk.cli import main
from spbe_risk.evidence import auditmeta

TOP = "AUD-2026-0007/"
ENV = {"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()}

#: The audit metadata every complete audit states (Permenkominfo 16/2022).
METADATA = ("--tujuan", "Menilai kepatuhan keamanan aplikasi", "--mulai", "2026-08-03",
            "--selesai", "2026-08-14")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env={**ENV, **(env or {})})


def assert_clean(output: str) -> None:
    """No byte that could move the cursor, erase a line or reorder text."""
    for bad in ("\x1b", "\r", "\x07", "\x08", "\u202e", "\u200b"):
        assert bad not in output, repr(bad)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seal(tmp_path_factory.mktemp("text"), {"a.txt": b"alpha\n"})


@pytest.mark.parametrize(("lang", "valid", "invalid"), [
    ("en", "VALID: every file is exactly as sealed", "INVALID:"),
    ("id", "SAH: setiap berkas persis seperti saat disegel", "TIDAK SAH:")])
def test_fake_valid_line_in_entry_name_cannot_fake_the_verdict(tmp_path, good, lang, valid,
                                                               invalid):
    entries = read_entries(good)
    name = TOP + f"data/evidence/x\r\x1b[2K{valid}.txt"
    write_entries(tmp_path / "b.zip", [*entries, (name, b"x")])
    r = run("evidence", "verify", str(tmp_path / "b.zip"), "--trust", str(pki().ca_pem),
            env={"SPBE_RISK_LANG": lang})
    assert r.exit_code == 1
    assert_clean(r.output)
    lines = r.output.rstrip("\n").split("\n")
    assert lines[-1].startswith(invalid), lines[-1]
    assert not any(line.startswith(valid.split(":")[0] + ":") for line in lines)
    assert "␛" in r.output and "␍" in r.output          # shown, not obeyed


def _rewrite_audit(good: Path, out: Path, change) -> None:
    entries = []
    for name, data in read_entries(good):
        if name == TOP + "data/audit.json":
            audit = json.loads(data)
            change(audit)
            data = auditmeta.canonical_bytes(audit)
        entries.append((name, data))
    write_entries(out, entries)


def test_audit_text_is_not_shown_when_the_bundle_failed(tmp_path, good):
    _rewrite_audit(good, tmp_path / "b.zip",
                   lambda a: a.update(ruang_lingkup="MARKER-\u202eGNIRTS\x1b[31m"))
    r = run("evidence", "verify", str(tmp_path / "b.zip"), "--trust", str(pki().ca_pem),
            env={"SPBE_RISK_LANG": "en"})
    assert r.exit_code == 1
    assert_clean(r.output)
    assert "MARKER" not in r.output           # nothing from a failed bundle but the failure
    assert r.output.rstrip("\n").split("\n")[-1].startswith("INVALID:")


def test_show_sanitises_audit_text(tmp_path, good):
    _rewrite_audit(good, tmp_path / "b.zip",
                   lambda a: a.update(ruang_lingkup="MARKER-\u202eGNIRTS\u200b end"))
    r = run("evidence", "show", str(tmp_path / "b.zip"))
    assert r.exit_code == 0, r.output
    assert_clean(r.output)
    assert "MARKER-⟨U+202E⟩GNIRTS⟨U+200B⟩ end" in r.output


@pytest.mark.parametrize("command", ["verify", "show"])
def test_lone_surrogate_in_audit_json_is_no_traceback(tmp_path, good, command):
    entries = []
    for name, data in read_entries(good):
        if name == TOP + "data/audit.json":
            data = data.replace(b'"ruang_lingkup": "', b'"ruang_lingkup": "\\ud800')
        entries.append((name, data))
    write_entries(tmp_path / "b.zip", entries)
    for fmt in ("text", "json"):
        r = run("evidence", command, str(tmp_path / "b.zip"), "--format", fmt)
        assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
        assert r.exit_code in ((1, 2) if command == "verify" else (0, 2)), r.output
        assert "Traceback" not in r.output
        assert_clean(r.output)
        if fmt == "json" and r.exit_code == 1:
            json.loads(r.output)


def test_non_utf8_arguments_are_refused_without_traceback(tmp_path):
    bad = b"Aplikasi \xff".decode("utf-8", "surrogateescape")
    r = run("evidence", "init", str(tmp_path / "AUD-2026-0001"), "--asset", "APL-BANSOS",
            "--kind", "keamanan", "--period", "2026", "--auditor", "Budi",
            "--organisation", "Inspektorat", *METADATA, "--scope", bad)
    assert r.exit_code == 2, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "UTF-8" in r.output
    base = make_folder(tmp_path / "ok", {})
    src = tmp_path / "e.txt"
    src.write_text("x")
    r = run("evidence", "add", str(base), str(src), "--control", "WEB-1.a", "--uraian", bad)
    assert r.exit_code == 2, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert not (base / "data" / "evidence" / "e.txt").exists()


@pytest.mark.parametrize("env,args", [
    ({}, ["--timestamp", "0001-01-01T00:00:00+01:00"]),
    ({}, ["--timestamp", "9999-12-31T23:59:59-01:00"]),
    ({"SOURCE_DATE_EPOCH": "1e20"}, []),
    ({"SOURCE_DATE_EPOCH": "100000000000000000000"}, []),
])
def test_out_of_range_times_are_one_line_errors(tmp_path, env, args):
    base = make_folder(tmp_path, {"a.txt": b"a"})
    r = run("evidence", "seal", str(base), "--key", str(pki().p12), "--out",
            str(tmp_path / "o.zip"), *args, env=env)
    assert r.exit_code == 2, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert not (tmp_path / "o.zip").exists()


def test_bidi_and_invisible_file_names_refused_at_add(tmp_path):
    base = make_folder(tmp_path, {})
    for name in ("laporan\u202efdp.exe", "a\u200bb.txt", "x\u2066y.txt", "soft\u00adhyphen"):
        src = tmp_path / name
        src.write_text("x")
        r = run("evidence", "add", str(base), str(src), "--control", "WEB-1.a")
        assert r.exit_code == 2, (name, r.output)
        assert_clean(r.output)
        assert not (base / "data" / "evidence" / name).exists()


@pytest.mark.parametrize("which", ["verify", "show", "trust"])
def test_fifo_is_refused_not_waited_on(tmp_path, good, which):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    if which == "trust":
        args = ["verify", str(good), "--trust", str(fifo)]
    else:
        args = [which, str(fifo)]
    code = "import sys; from spbe_risk.cli import main; main(sys.argv[1:])"
    # the timeout only keeps a regression from hanging the suite; it asserts nothing
    proc = subprocess.run([sys.executable, "-c", code, "--lang", "en", "evidence", *args],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "is a FIFO, not a regular file" in proc.stderr


def test_certificate_subject_is_sanitised(tmp_path, good):
    import datetime as dt

    from evidence_fixtures.cms import issue, reseal_at

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    signer = issue(not_before=now - dt.timedelta(days=1), not_after=now + dt.timedelta(days=9),
                   name="Budi\r\x1b[2KVALID: fake \u202eeman")
    out = reseal_at(good, tmp_path / "b.zip", signer, now - dt.timedelta(minutes=1))
    r = run("evidence", "verify", str(out), "--trust", str(pki().ca_pem))
    assert_clean(r.output)
    assert "Budi␍␛[2KVALID: fake ⟨U+202E⟩eman" in r.output
    r = run("evidence", "show", str(out))
    assert_clean(r.output)


def test_json_of_a_failed_bundle_carries_no_audit_text(tmp_path, good):
    _rewrite_audit(good, tmp_path / "b.zip", lambda a: a.update(ruang_lingkup="MARKER"))
    r = run("evidence", "verify", str(tmp_path / "b.zip"), "--trust", str(pki().ca_pem),
            "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert doc["valid"] is False and doc["audit"] is None and "MARKER" not in r.output
