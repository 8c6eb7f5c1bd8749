"""Shared fixtures: a small valid workspace that tests copy and break one rule at a time."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from spbe_risk.sources import load

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
MALINAU = REPO / "registers" / "malinau"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of tests/data/mini (2 UPRs, 3 risks) that a test may edit."""
    dest = tmp_path / "ws"
    shutil.copytree(DATA / "mini", dest)
    return dest


@pytest.fixture
def treated(mini: Path) -> Path:
    """mini with a treatment plan for DKI-02 (besaran 21 meets its Selera Risiko 6), so
    ``check`` finds no gap at all (issue 21's ``tanpa-penanganan``)."""
    edit(mini / "risks/diskominfo-2026.yaml", "    analisis: {kemungkinan: 2, dampak: 5}",
         "    analisis: {kemungkinan: 2, dampak: 5}\n    penanganan: {opsi: mitigasi}")
    return mini


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet (asserting it is there, so a test cannot silently pass)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"snippet not unique in {path.name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, snippet: str) -> int:
    """1-based line number of the single line containing ``snippet``."""
    hits = [i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if snippet in ln]
    assert len(hits) == 1, f"{snippet!r} found on lines {hits}"
    return hits[0]


def errors(ws: Path):
    result = load(ws)
    assert result.workspace is None, "expected the workspace to be rejected"
    return result.errors


class _Recording(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self):                 # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def recording_server():
    """A local HTTP server on 127.0.0.1 that records every request path it receives:
    ``(port, hits)``. Reports must never reach it."""
    handler = type("Handler", (_Recording,), {"hits": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], handler.hits
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def http_counter():
    with recording_server() as got:
        yield got
