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


#: Modules whose tests check the English wording of diagnostics and steps (written before
#: the messages became Indonesian by default): they run with SPBE_RISK_LANG=en.
#: tests/test_one_language.py checks every screen in both languages.
ENGLISH_MODULES = frozenset({
    "test_atomic", "test_coverage", "test_fuzz_loader", "test_interop_oscal",
    "test_interop_precommit", "test_load_all_problems", "test_parallel_score",
    "test_verify_cache", "test_evidence_roundtrip",
    "test_evidence_signing_time", "test_evidence_complete", "test_evidence_interrupt",
    "test_evidence_container", "test_evidence_background_hash", "test_lhak",
    "test_excel", "test_schedule", "test_regulation_words", "test_check_formats",
    "test_evidence_hostile"})


@pytest.fixture(autouse=True)
def _english_for_english_tests(request, monkeypatch):
    if request.module.__name__.rsplit(".", 1)[-1] in ENGLISH_MODULES:
        monkeypatch.setenv("SPBE_RISK_LANG", "en")
@pytest.fixture(autouse=True, scope="session")
def _user_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """``check``'s verification cache lives in the user's cache folder: keep the tests'
    entries out of the real one (child processes inherit the variable)."""
    import os

    os.environ.setdefault("SPBE_RISK_CACHE_DIR", str(tmp_path_factory.mktemp("user-cache")))


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


def en(message) -> str:
    """A message (``messages.Msg`` from the core, or catalog text) in English: the tests
    below check the English wording; tests/test_one_language.py checks both languages."""
    from spbe_risk.messages import render
    from spbe_risk.report.i18n import gettext_for

    return render(message, gettext_for("en"))


def english(problems):
    """Problems with their messages rendered in English (file, line, col, code kept)."""
    import dataclasses

    return [dataclasses.replace(p, message=en(p.message)) for p in problems]


def errors(ws: Path):
    result = load(ws)
    assert result.workspace is None, "expected the workspace to be rejected"
    return english(result.errors)


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
