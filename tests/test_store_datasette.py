"""Datasette (test extra) serves a built database on 127.0.0.1 with the Indonesian
metadata; the overdue-audits view comes back as JSON."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MALINAU
from spbe_risk.cli import main


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("datasette") is None, reason="datasette (test extra) not installed")
def test_datasette_serves_overdue_audits_view(tmp_path: Path):
    db = tmp_path / "malinau.db"
    meta = tmp_path / "metadata.json"
    runner = CliRunner()
    assert runner.invoke(main, ["db", "build", str(MALINAU), "--db", str(db),
                                "--today", "2026-12-01"]).exit_code == 0
    assert runner.invoke(main, ["db", "metadata", "--db", str(db), "--out", str(meta)]).exit_code == 0
    assert json.loads(meta.read_text())["databases"]["malinau"]["tables"]["audit_terlambat"][
        "title"] == "Audit terlambat"
    port = free_port()
    proc = subprocess.Popen(["datasette", "serve", str(db), "-h", "127.0.0.1", "-p", str(port),
                             "-m", str(meta)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/malinau/audit_terlambat.json?_shape=array"
        body = None
        deadline = time.monotonic() + 60
        while body is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    body = json.loads(resp.read())
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "datasette did not answer within 60 s"
                time.sleep(0.3)
        assert body and {"aset", "jenis_audit", "hari_terlambat"} <= set(body[0])
        assert all(row["hari_terlambat"] > 0 for row in body)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/malinau/audit_terlambat",
                                    timeout=5) as resp:
            assert "Audit terlambat" in resp.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
