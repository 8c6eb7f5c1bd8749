"""The reports of a workspace as a list of render jobs, and the writer that renders them
into a generation folder (``build.publish`` calls it with the staging folder).

A job is (relative file name, template, document, kind): ``pdf`` renders PDF/A-3b with the
document attached, ``html`` a self-contained page. Documents are computed first (pure,
fast); the slow part — layout by WeasyPrint — runs in ``write_jobs``, with a progress
callback for the terminal's progress bar.

Layer: shell (report).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from spbe_risk.model import Workspace
from spbe_risk.report.writer import Progress, render_html, render_pdf
from spbe_risk.scoring import HasilRisiko

#: Folder of the generation that holds the reports.
FOLDER = "laporan"


@dataclass(frozen=True)
class Job:
    name: str                   # relative to the output folder, "/"-separated
    template: str
    doc: dict[str, Any]
    kind: str = "pdf"           # "pdf" or "html"
    extra: dict[str, Any] = field(default_factory=dict)   # template variables beyond doc (kop, orientation)


def formulir_jobs(ws: Workspace, results: Sequence[HasilRisiko], today: date,
                  refused: list[str] | None = None) -> list[Job]:
    """Formulir 1.0–5.0 of every UPR: ``laporan/formulir/<upr>/formulir-3.0-penilaian.pdf``,
    each under its UPR's letterhead; the Pakta Integritas (1.0) is a portrait page."""
    from spbe_risk.documents.formulir import FORMS, formulir_documents
    from spbe_risk.report.kop import kop_context

    approved = _approvals(ws)
    units = {u.id: u for u in ws.konteks.upr}
    logos: dict[str, str] = {}
    kops = {uid: kop_context(ws, u, refused, logos) for uid, u in units.items()}
    jobs = []
    for upr, form, doc in formulir_documents(ws, results, today):
        for peran, shown in approved.get((upr, doc.get("periode")), {}).items():
            block = {"pemilik-risiko": "disetujui_oleh",
                     "koordinator-risiko": "disusun_oleh"}[peran]
            signers = doc["penandatangan"]
            signers[block] = {**(signers.get(block) or {}), "persetujuan_elektronik": shown}
        jobs.append(Job(f"{FOLDER}/formulir/{upr}/{FORMS[form][0]}.pdf",
                        f"formulir-{form}.html.j2", doc,
                        extra={"kop": kops.get(upr),
                               **({"orientation": "portrait"} if form == "1.0" else {})}))
    return jobs


def _approvals(ws: Workspace) -> dict[tuple[str, Any], dict[str, dict[str, str]]]:
    """Approvals in ``persetujuan/`` that are valid and still cover their register, per
    (UPR, periode) and role: who (the certificate's name) and when, in the instansi's
    zone — what the Formulir prints as "Disetujui secara elektronik oleh … pada …"."""
    from pathlib import Path

    from spbe_risk.sources import source_path
    from spbe_risk.tanggal import in_zone

    root = Path(source_path(ws.root))
    if not (root / "persetujuan").is_dir():
        return {}
    from spbe_risk.signing.approval import judge

    zona = ws.konteks.zona_waktu
    out: dict[tuple[str, Any], dict[str, dict[str, str]]] = {}
    for s in judge(ws, root):
        if s.sah and s.berlaku:
            when = in_zone(s.waktu, zona)
            out.setdefault((s.upr, s.periode), {})[s.peran] = {
                "nama": s.nama, "tanggal": when.date().isoformat(),
                "jam": f"{when:%H.%M} {zona}"}
    return out


def workspace_jobs(ws: Workspace, results: Sequence[HasilRisiko], jadwal, cakupan: Sequence,
                   today: date, refused: list[str] | None = None) -> list[Job]:
    """Every report of a workspace: the executive summary and the dashboard first (the
    leadership reads them), then the forms of every UPR; all under the letterhead."""
    from dataclasses import replace

    from spbe_risk.report.kop import kop_context

    kop = kop_context(ws, None, refused)
    summary = [replace(j, extra={**j.extra, "kop": kop})
               for j in summary_jobs(ws, results, jadwal, cakupan, today)]
    return summary + formulir_jobs(ws, results, today, refused)


#: Where the executive summary and the dashboard go inside the output folder.
RINGKASAN_PDF = f"{FOLDER}/ringkasan-eksekutif.pdf"
DASBOR_HTML = "dasbor.html"


def summary_jobs(ws: Workspace, results: Sequence[HasilRisiko], jadwal, cakupan: Sequence,
                 today: date) -> list[Job]:
    """The executive summary (PDF) and the dashboard (one self-contained HTML file)."""
    from spbe_risk.documents.ringkasan import dashboard_from, ringkasan_document
    from spbe_risk.signing.approval import approvals_view

    summary = ringkasan_document(ws, results, jadwal, cakupan, today)
    per_upr, tanpa_upr = approvals_view(ws)
    return [Job(RINGKASAN_PDF, "ringkasan.html.j2", summary),
            Job(DASBOR_HTML, "dashboard.html.j2",
                dashboard_from(summary, ws, results, per_upr, tanpa_upr), kind="html")]


def render_job(job: Job, lang: str, refused: list[str] | None = None) -> bytes:
    if job.kind == "html":
        return render_html(job.template, job.doc, lang, **job.extra).encode("utf-8")
    return render_pdf(job.template, job.doc, lang, refused=refused, **job.extra)


def write_jobs(jobs: Sequence[Job], folder: Path, lang: str, progress: Progress | None = None,
               refused: list[str] | None = None, workers: int | None = None,
               sign: Callable[[bytes], bytes] | None = None) -> list[Path]:
    """Render every job into ``folder`` (a fresh staging folder: files are created, never
    replaced; the caller publishes the folder as a whole).

    Layout is CPU-bound and each document independent, so on a machine with a second
    core half of the work (balanced by document size) is rendered in a forked worker
    (``portable.fork_job``, where the system can fork) while this process renders the
    rest; a failed worker's share is rendered here, so the result never depends on the
    worker. ``sign`` (``build --sign-with``) turns each rendered PDF into its signed copy
    before it is written."""
    from spbe_risk import atomic

    refused = [] if refused is None else refused
    rendered = _render_all(list(jobs), lang, refused, progress, workers)
    written = []
    for job, data in zip(jobs, rendered, strict=True):
        path = folder / job.name
        with atomic.doing("create folder", path.parent):
            path.parent.mkdir(parents=True, exist_ok=True)
        if sign is not None and path.suffix == ".pdf":
            data = sign(data)
        atomic.create_new(path, data, fsync=False)     # the publisher fsyncs the tree
        written.append(path)
    return written


def _render_all(jobs: list[Job], lang: str, refused: list[str], progress: Progress | None,
                workers: int | None) -> list[bytes]:
    import json
    import pickle

    from spbe_risk.portable import can_fork, collect, cpu_count, fork_job

    n = len(jobs)
    cores = workers if workers is not None else min(2, cpu_count())
    if n < 2 or cores < 2 or not can_fork():
        return [_one(j, lang, refused, progress, i, n) for i, j in enumerate(jobs, 1)]
    cost = [len(json.dumps(j.doc, ensure_ascii=False)) for j in jobs]
    mine: list[int] = []
    theirs: list[int] = []
    load = [0, 0]
    for i in sorted(range(n), key=lambda i: -cost[i]):        # greedy balance by size
        side = 0 if load[0] <= load[1] else 1
        (mine if side == 0 else theirs).append(i)
        load[side] += cost[i]

    def share() -> bytes:
        got: list[str] = []
        return pickle.dumps(([render_job(jobs[i], lang, got) for i in theirs], got))

    pid, fd = fork_job(share)
    out: dict[int, bytes] = {}
    for done, i in enumerate(sorted(mine), 1):
        out[i] = _one(jobs[i], lang, refused, progress, done, n)
    data = collect(pid, fd)
    if data is None:                       # the worker failed: render its share here
        for i in theirs:
            out[i] = render_job(jobs[i], lang, refused)
    else:
        pdfs, their_refused = pickle.loads(data)     # our own child's bytes, not input
        out.update(zip(theirs, pdfs, strict=True))
        refused.extend(their_refused)
    if progress:
        progress(n, n, "")
    return [out[i] for i in range(n)]


def _one(job: Job, lang: str, refused: list[str], progress: Progress | None, i: int,
         n: int) -> bytes:
    data = render_job(job, lang, refused)
    if progress:
        progress(i, n, job.name)
    return data
