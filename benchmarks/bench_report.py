"""Issue 11 benchmark: ``spbe-risk report`` end to end against a bare WeasyPrint render of
the same HTML, in the same run; and ``build`` of the Malinau sample against the bare
render of its reports' HTML. Peak memory of each side.

"Bare render": a fresh Python process that imports WeasyPrint and writes each HTML file
(pre-rendered from the same documents and templates, saved before timing) to a PDF with
default options, one after the other — what a hand-written script would do. The tool's
side does everything else too: load and validate the workspace, score, build the
documents, render the templates, PDF/A-3b with the attached JSON, the atomic publish —
and uses the second core for half of the documents.

Each side runs as a fresh process under /usr/bin/time -v, interleaved, best of --repeat.

Usage: python benchmarks/bench_report.py [--risks 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_store import ENV, run, run_cmd  # noqa: E402

from synthetic import generate  # noqa: E402

TODAY = "2026-11-28"
DUMP = r"""
import sys
from pathlib import Path
from spbe_risk.build import analyse
from spbe_risk.report import paged
from spbe_risk.report.jobs import workspace_jobs
from spbe_risk.report.writer import render_html
from spbe_risk.sources import load
ws = load(sys.argv[1]).workspace
a = analyse(ws, sys.argv[3])
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for i, job in enumerate(workspace_jobs(ws, a.results, a.jadwal, a.cakupan, a.today)):
    if job.kind != "pdf":
        continue
    if paged.applies(job.template, job.doc):      # the tool lays out a large form in parts:
        n, part = paged.part_htmls(job.template, job.doc, "id", **job.extra)
        for k in range(n):                        # the bare side gets the same parts
            (out / f"{i:04d}-{k:03d}.html").write_text(part(k), encoding="utf-8")
        continue
    (out / f"{i:04d}.html").write_text(render_html(job.template, job.doc, "id", **job.extra),
                                          encoding="utf-8")
"""
BARE = r"""
import sys
from pathlib import Path
from weasyprint import HTML
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
for f in sorted(src.glob("*.html")):
    HTML(string=f.read_text(encoding="utf-8")).write_pdf(dst / (f.stem + ".pdf"))
"""


def python(args: list[str]) -> tuple[float, float]:
    return run_cmd([sys.executable, *args])


def compare(label: str, ws: Path, work: Path, tool_args: list[str], repeat: int) -> None:
    html = work / f"{label}-html"
    subprocess.run([sys.executable, "-c", DUMP, str(ws), str(html), TODAY], check=True, env=ENV)
    pdfs = work / f"{label}-bare"
    pdfs.mkdir()
    out = work / f"{label}-out"
    pairs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        pairs.append((python(["-c", BARE, str(html), str(pdfs)]),
                      run([*tool_args, str(ws), "--out", str(out), "--today", TODAY])))
    bare = (min(p[0][0] for p in pairs), max(p[0][1] for p in pairs))
    tool = (min(p[1][0] for p in pairs), max(p[1][1] for p in pairs))
    n = len(list(html.glob("*.html")))
    print(f"{label}: {n} PDF documents; pairs (bare s, tool s): "
          f"{[(round(a[0], 2), round(b[0], 2)) for a, b in pairs]}")
    print(f"  bare WeasyPrint render : {bare[0]:6.2f} s  peak {bare[1]:5.0f} MiB")
    print(f"  spbe-risk {' '.join(tool_args):12s}: {tool[0]:6.2f} s  peak {tool[1]:5.0f} MiB  "
          f"ratio {tool[0] / bare[0]:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--risks", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-report-", dir=HERE))
    try:
        ws = generate(work / "ws", 1, a.risks)
        compare("report-1k", ws, work, ["report"], a.repeat)
        print("  target: <= 1.3x")
        compare("build-malinau", HERE.parent / "registers" / "malinau", work, ["build"], a.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
