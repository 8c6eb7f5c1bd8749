"""The reports of a workspace as a list of render jobs, and the writer that renders them
into a generation folder (``build.publish`` calls it with the staging folder).

A job is (relative file name, template, document, kind): ``pdf`` renders PDF/A-3b with the
document attached, ``html`` a self-contained page. Documents are computed first (pure,
fast); the slow part — layout by WeasyPrint — runs in ``write_jobs``, with a progress
callback for the terminal's progress bar.

Layer: shell (report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


def formulir_jobs(ws: Workspace, results: Sequence[HasilRisiko], today: date) -> list[Job]:
    """Formulir 2.0–5.0 of every UPR: ``laporan/formulir/<upr>/formulir-3.0-penilaian.pdf``."""
    from spbe_risk.documents.formulir import FORMS, formulir_documents

    return [Job(f"{FOLDER}/formulir/{upr}/{FORMS[form][0]}.pdf", f"formulir-{form}.html.j2", doc)
            for upr, form, doc in formulir_documents(ws, results, today)]


def workspace_jobs(ws: Workspace, results: Sequence[HasilRisiko], jadwal, today: date
                   ) -> list[Job]:
    """Every report of a workspace: the forms, and (when present) the executive summary
    and the dashboard."""
    jobs = formulir_jobs(ws, results, today)
    jobs.extend(summary_jobs(ws, results, jadwal, today))
    return jobs


def summary_jobs(ws: Workspace, results: Sequence[HasilRisiko], jadwal, today: date) -> list[Job]:
    """The executive summary (PDF) and the dashboard (HTML) of the whole instansi."""
    return []


def render_job(job: Job, lang: str, refused: list[str] | None = None) -> bytes:
    if job.kind == "html":
        return render_html(job.template, job.doc, lang).encode("utf-8")
    orientation = job.doc.get("orientasi", "landscape")
    return render_pdf(job.template, job.doc, lang, refused=refused, orientation=orientation)


def write_jobs(jobs: Sequence[Job], folder: Path, lang: str, progress: Progress | None = None,
               refused: list[str] | None = None) -> list[Path]:
    """Render every job into ``folder`` (a fresh staging folder: files are created, never
    replaced; the caller publishes the folder as a whole)."""
    from spbe_risk import atomic

    written = []
    for i, job in enumerate(jobs, 1):
        data = render_job(job, lang, refused)
        path = folder / job.name
        with atomic.doing("create folder", path.parent):
            path.parent.mkdir(parents=True, exist_ok=True)
        atomic.create_new(path, data, fsync=False)     # the publisher fsyncs the tree
        written.append(path)
        if progress:
            progress(i, len(jobs), job.name)
    return written
