"""Issue 23 §9 benchmark: ``spbe-risk report`` of ONE UPR with many risks (a province with
large OPDs): wall time per PDF page and peak memory per process, for each size asked
(default 1,000 and 10,000 risks). Ratios are printed against the first size of the same
run, so "time linear in pages" reads as a seconds-per-page ratio near 1.

Then, as a same-run baseline for the rendering in parts (``report/paged.py``), the
Formulir 3.0 of each size up to ``--one-piece-up-to`` risks is rendered alone twice, in
fresh processes: in one piece (the old way) and in parts; the parts' seconds per page and
peak memory are printed as ratios of the one piece's.

Usage: python benchmarks/bench_report_upr.py [--risks 1000 10000] [--one-piece-up-to 2000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_store import run, run_cmd  # noqa: E402

from synthetic import generate  # noqa: E402

TODAY = "2026-11-28"


def pages(folder: Path) -> dict[str, int]:
    out = {}
    for pdf in sorted(folder.rglob("*.pdf")):
        out[pdf.name] = pdf_pages(pdf)
    return out


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(int(x.split()[-1]) for x in info.stdout.splitlines() if x.startswith("Pages:"))


def render_one(ws: str, mode: str, out: str) -> None:
    """(In a child process.) Formulir 3.0 of the workspace's one UPR, in one piece or in
    parts, written to ``out``."""
    from datetime import date

    from spbe_risk.report import paged
    from spbe_risk.report.jobs import formulir_jobs
    from spbe_risk.report.writer import render_pdf
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    workspace = load(ws).workspace
    (job,) = [j for j in formulir_jobs(workspace, score_workspace(workspace),
                                       date.fromisoformat(TODAY)) if "formulir-3.0" in j.name]
    if mode == "satu":
        paged.BATAS = 10**9                 # never in parts: the rendering before issue 23
    Path(out).write_bytes(render_pdf(job.template, job.doc, "id", **job.extra))


def compare(ws: Path, tmp: Path, n: int) -> None:
    got = {}
    for mode in ("satu", "bagian"):
        pdf = tmp / f"{mode}.pdf"
        secs, mib = run_cmd([sys.executable, __file__, "--render", str(ws), mode, str(pdf)])
        got[mode] = (secs / pdf_pages(pdf), mib, pdf_pages(pdf))
    one, parts = got["satu"], got["bagian"]
    print(f"        Formulir 3.0 alone, {n} risks: one piece {one[2]} pages {one[0]:.3f} s/page "
          f"{one[1]:.0f} MiB; in parts {parts[2]} pages {parts[0]:.3f} s/page {parts[1]:.0f} "
          f"MiB; ratio parts/one piece: s/page {parts[0] / one[0]:.2f}, MiB "
          f"{parts[1] / one[1]:.2f}")


def main() -> None:
    if sys.argv[1:2] == ["--render"]:
        render_one(*sys.argv[2:5])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--risks", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--one-piece-up-to", type=int, default=2000,
                    help="render Formulir 3.0 in one piece too (the baseline) up to this size")
    args = ap.parse_args()
    base: tuple[float, float] | None = None
    print(f"{'risks':>7} {'pages':>6} {'seconds':>8} {'s/page':>7} {'peak MiB':>9} "
          f"{'s/page ratio':>12} {'MiB ratio':>9}")
    for n in args.risks:
        with tempfile.TemporaryDirectory() as tmp:
            ws = generate(Path(tmp) / "ws", 1, n)
            out = Path(tmp) / "out"
            secs, mib = run(["report", str(ws), "--out", str(out), "--today", TODAY])
            got = pages(out)
            total = sum(got.values())
            per = secs / total
            base = base or (per, mib)
            print(f"{n:>7} {total:>6} {secs:>8.1f} {per:>7.3f} {mib:>9.0f} "
                  f"{per / base[0]:>12.2f} {mib / base[1]:>9.2f}")
            biggest = max(got, key=got.get)
            print(f"        largest: {biggest} ({got[biggest]} pages)")
            if n <= args.one_piece_up_to:
                compare(ws, Path(tmp), n)


if __name__ == "__main__":
    main()
