"""``spbe-risk build``: every output of a workspace, written as one generation.

Two phases, so no reader ever sees a mix of old and new files:

1. **compute** (``plan_outputs``): validate the options, score, cover, schedule and
   render every output into memory — a list of ``Output(name, data)``. Nothing is
   written; invalid input leaves the disk as it was. A new output (a PDF report, an
   HTML page) is one more ``Output`` appended in ``plan_outputs`` — or, for a job that
   writes its own files (many PDFs, a folder of SVGs), one more *writer*: a function
   ``writer(folder: Path)`` that ``publish`` calls with the staging folder.
2. **publish** (``publish``): write every output into a hidden sibling folder
   ``.OUT.build-<8 hex digits>`` (then run the writers there), fsync it, then swap it with
   ``OUT`` in one atomic step
   (``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere two renames, with the old
   generation kept aside as ``.OUT.old-<8 hex digits>`` until the new one is in), and remove the
   old generation. A ``build-manifest.json`` written last into each generation lists its
   files with SHA-256 digests.

Interrupted runs: SIGTERM and SIGINT remove the staging folder before the process ends
(``interrupts.cleanup_on_signals``); after SIGKILL, a power cut or a full disk, the next run
recognises ``.OUT.build-*`` and ``.OUT.old-*`` leftovers, restores an old generation
that was set aside if ``OUT`` is missing, and removes the rest. Concurrent builds to the
same ``OUT`` are serialised by a lock on the parent folder.

``OUT`` is replaced only when it is missing, empty, or a generation of ``build`` (it
holds a manifest, or only files ``build`` writes): a folder of the user's own files is
refused, never swapped away.

Layer: shell (orchestration). May import the core, sources, documents and formats.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import spbe_risk.report.diagnostics as rd
from spbe_risk import atomic, interrupts
from spbe_risk.model import Workspace
from spbe_risk.problems import InputError, Problem

MANIFEST = "build-manifest.json"
#: Every name an earlier ``build`` wrote (a folder holding only these is a generation).
KNOWN_OUTPUTS = frozenset({"scores.json", "scores.csv", "coverage.json", "coverage.csv",
                           "schedule.json", "schedule.csv", "audit-schedule.ics", "laporan",
                           "dasbor.html", "tindak-lanjut.json", MANIFEST})


@dataclass(frozen=True)
class Output:
    """One file of a generation: its name inside ``OUT`` and its complete content."""

    name: str
    data: bytes


def render_output(name: str, doc, fmt: str, lang: str = "id") -> Output:
    """A document rendered in one format, as an ``Output``: its messages (notes,
    warnings) in ``lang``, as the same format on the terminal gives them."""
    import io

    from spbe_risk.formats import render
    from spbe_risk.report.i18n import gettext_for

    buf = io.StringIO()
    render(doc, fmt, buf, gettext_for(lang) if lang != "id" else None, lang)
    return Output(name, buf.getvalue().encode("utf-8"))


@dataclass(frozen=True)
class Analysis:
    """What every output is made from: scored risks, the schedule and its reference day."""

    results: list
    jadwal: object
    today: date
    cakupan: list          # coverage per asset (coverage.coverage)


def analyse(ws: Workspace, today: str | None = None) -> Analysis:
    from spbe_risk.coverage import coverage
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources.clock import parse_today
    from spbe_risk.sources.schedule import build_schedule

    day = parse_today(today, ws.konteks.zona_waktu)
    results = score_workspace(ws)
    return Analysis(results, build_schedule(ws, day), day, list(coverage(ws, results)))


def plan_outputs(ws: Workspace, today: str | None = None, excel: bool = False,
                 analysis: Analysis | None = None, lang: str = "id") -> list[Output]:
    """Every machine output of a build, computed in memory (nothing is written here)."""
    from spbe_risk.documents import coverage_document, schedule_document, score_document
    from spbe_risk.signing.approval import approvals_view

    a = analysis or analyse(ws, today)
    csv_fmt = "csv-excel" if excel else "csv"
    per_upr, tanpa_upr = approvals_view(ws)
    scores = score_document(ws, results=a.results, persetujuan=per_upr, tanpa_upr=tanpa_upr)
    cover = coverage_document(ws, results=a.results, kesimpulan=a.jadwal.bukti.kesimpulan)
    plan = schedule_document(ws, a.jadwal)
    from spbe_risk.documents.tindak_lanjut import findings_document

    follow = findings_document(ws.konteks.instansi, a.jadwal.tindak_lanjut, a.jadwal.today)
    return [
        render_output("scores.json", scores, "json", lang),
        render_output("scores.csv", scores, csv_fmt, lang),
        render_output("coverage.json", cover, "json", lang),
        render_output("coverage.csv", cover, csv_fmt, lang),
        render_output("schedule.json", plan, "json", lang),
        render_output("schedule.csv", plan, csv_fmt, lang),
        render_output("audit-schedule.ics", plan, "ics", lang),
        render_output("tindak-lanjut.json", follow, "json", lang),
    ]


#: A job that writes its own files into the generation folder it is given.
Writer = Callable[[Path], object]


def report_writer(ws: Workspace, a: Analysis, lang: str, progress=None,
                  sign: Callable[[bytes], bytes] | None = None) -> Writer:
    """The writer that renders every report (Formulir, summary, dashboard) into the
    generation folder. The documents are computed here, before anything is written."""
    from spbe_risk.report.jobs import workspace_jobs, write_jobs

    jobs = workspace_jobs(ws, a.results, a.jadwal, a.cakupan, a.today)
    return lambda folder: write_jobs(jobs, folder, lang, progress, sign=sign)


def run_build(ws: Workspace, out_dir: Path, today: str | None = None, excel: bool = False,
              lang: str = "id", reports: bool = True, progress=None,
              sign: Callable[[bytes], bytes] | None = None) -> list[Path]:
    """Compute every output, then publish them as one generation in ``out_dir``
    (``sign``: each PDF signed in its signature block before it is written)."""
    check_out_dir(out_dir)
    a = analyse(ws, today)
    outputs = plan_outputs(ws, today, excel, a, lang)
    writers = [report_writer(ws, a, lang, progress, sign)] if reports else []
    return publish(outputs, out_dir, writers)


def run_reports(ws: Workspace, out_dir: Path, today: str | None = None, lang: str = "id",
                progress=None, sign: Callable[[bytes], bytes] | None = None) -> list[Path]:
    """Only the reports (``spbe-risk report``), published the same way as a build."""
    check_out_dir(out_dir)
    a = analyse(ws, today)
    return publish([], out_dir, [report_writer(ws, a, lang, progress, sign)])


# --------------------------------------------------------------------------- validation
def check_out_dir(out_dir: Path) -> None:
    """Refuse an ``--out`` that is a file, or a folder of other files, before any work."""
    problems: list[Problem] = []
    if out_dir.is_symlink():
        problems.append(Problem(str(out_dir), 0, 0, rd.OUT_IS_A_LINK()))
    elif out_dir.exists() and not out_dir.is_dir():
        problems.append(Problem(str(out_dir), 0, 0, rd.OUT_IS_A_FILE()))
    elif out_dir.is_dir():
        with atomic.doing("list", out_dir):
            names = {p.name for p in out_dir.iterdir()}
        foreign = sorted(names - KNOWN_OUTPUTS) if MANIFEST not in names else []
        if foreign:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            problems.append(Problem(str(out_dir), 0, 0, rd.OUT_HOLDS_OTHER_FILES(names=shown)))
    if problems:
        raise InputError(problems)


# --------------------------------------------------------------------------- publishing
def _leftover(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.(build|old)-[0-9a-f]{{8}}$")


def publish(outputs: Sequence[Output], out_dir: Path, writers: Sequence[Writer] = ()
            ) -> list[Path]:
    """Write ``outputs`` (then run ``writers``) in a staging sibling of ``out_dir``, and
    swap it in. Returns every file of the new generation, manifest last."""
    out = Path(os.path.abspath(out_dir))
    parent = out.parent
    names = [o.name for o in outputs]
    if len(set(names)) != len(names) or MANIFEST in names:
        raise ValueError(f"output names must be unique and not {MANIFEST}: {names}")
    with atomic.doing("create folder", parent):
        parent.mkdir(parents=True, exist_ok=True)
    with interrupts.cleanup_on_signals(), _locked(parent):
        recover(out)
        staging = parent / f".{out.name}.build-{secrets.token_hex(4)}"
        try:
            files = _write_generation(staging, outputs, writers)
            _swap_in(staging, out)
        finally:
            # After a successful swap ``staging`` holds the old generation (or is gone).
            with interrupts.deferred_signals():
                _remove_tree(staging)
        _fsync_dir(parent)
    return [Path(out_dir) / n for n in [*files, MANIFEST]]     # as the user named it


def recover(out: Path) -> None:
    """Clean up after a killed run: restore a set-aside generation if ``out`` is missing,
    then remove every staging and set-aside folder of ``out``."""
    parent, pattern = out.parent, _leftover(out.name)
    with atomic.doing("list", parent):
        found = sorted(p for p in parent.iterdir() if pattern.match(p.name))
    aside = [p for p in found if ".old-" in p.name]     # set aside whole, only by _swap_in
    if not os.path.lexists(out) and aside:
        with atomic.doing("restore the previous generation into", out):
            os.rename(aside[0], out)
        found.remove(aside[0])
    for p in found:
        _remove_tree(p)


def _write_generation(staging: Path, outputs: Sequence[Output],
                      writers: Sequence[Writer]) -> list[str]:
    """Fill ``staging``; the names of its files (relative, ``/``-separated), sorted as
    written: outputs first, then what the writers made."""
    with atomic.doing("create folder", staging):
        os.mkdir(staging, 0o777)        # the umask decides, as for any new folder
    entries = []
    for o in outputs:
        atomic.create_new(staging / o.name, o.data)
        entries.append({"name": o.name, "bytes": len(o.data),
                        "sha256": hashlib.sha256(o.data).hexdigest()})
    if writers:
        for write in writers:
            write(staging)
        known = {o.name for o in outputs}
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            rel = path.relative_to(staging).as_posix()
            if rel not in known:
                entries.append(_entry(path, rel))
        _fsync_tree(staging)
    # The manifest goes last: a generation with a manifest is complete.
    manifest = {"schema": "spbe-risk/build", "schema_version": 1, "files": entries}
    atomic.create_new(staging / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1)
                                     + "\n").encode("utf-8"))
    _fsync_dir(staging)
    return [e["name"] for e in entries]


def _entry(path: Path, rel: str) -> dict[str, object]:
    digest = hashlib.sha256()
    with atomic.doing("read back", path), open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
        size = fh.tell()
    return {"name": rel, "bytes": size, "sha256": digest.hexdigest()}


def _fsync_tree(folder: Path) -> None:
    """Flush what the writers wrote (they may not fsync), files and folders."""
    from spbe_risk import portable

    for path in folder.rglob("*"):
        if path.is_file():
            with atomic.doing("flush", path):
                fd = portable.open_fd(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        elif path.is_dir():
            _fsync_dir(path)


def _swap_in(staging: Path, out: Path) -> None:
    if not os.path.lexists(out):
        with atomic.doing("rename into place", out):
            os.rename(staging, out)
        return
    if _exchange(staging, out):
        return
    aside = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
    with atomic.doing("set the previous generation aside from", out):
        os.rename(out, aside)
    try:
        with atomic.doing("rename into place", out):
            os.rename(staging, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rename(aside, out)
        raise
    with atomic.doing("move the previous generation for removal", aside):
        os.rename(aside, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths where the system can (``portable.exchange``); False
    otherwise, so the caller falls back to two renames."""
    from spbe_risk import portable

    return portable.exchange(a, b)


def _remove_tree(path: Path) -> None:
    if os.path.lexists(path):
        with atomic.doing("remove", path):
            shutil.rmtree(path)


def _fsync_dir(path: Path) -> None:
    from spbe_risk import portable

    portable.sync_folder(path)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialise builds into one parent folder (an advisory lock on the folder itself
    where the system has one; elsewhere unlocked, and the swap is still atomic)."""
    from spbe_risk import portable

    with atomic.doing("lock", folder), portable.folder_lock(folder):
        yield
