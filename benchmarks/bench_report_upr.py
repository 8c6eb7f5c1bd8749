"""Issue 23 §9 benchmark: ``spbe-risk report`` of ONE UPR with many risks (a province with
large OPDs): wall time per PDF page and peak memory per process, for each size asked
(default 1,000 and 10,000 risks). Ratios are printed against the first size of the same
run, so "time linear in pages" reads as a seconds-per-page ratio near 1.

Usage: python benchmarks/bench_report_upr.py [--risks 1000 10000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_store import run  # noqa: E402

from synthetic import generate  # noqa: E402

TODAY = "2026-11-28"


def pages(folder: Path) -> dict[str, int]:
    out = {}
    for pdf in sorted(folder.rglob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        out[pdf.name] = next(int(x.split()[-1]) for x in info.stdout.splitlines()
                             if x.startswith("Pages:"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--risks", type=int, nargs="+", default=[1000, 10000])
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
        print(f"{n:>7} {total:>6} {secs:>8.1f} {per:>7.3f} {mib:>9.0f} {per / base[0]:>12.2f} "
              f"{mib / base[1]:>9.2f}")
        biggest = max(got, key=got.get)
        print(f"        largest: {biggest} ({got[biggest]} pages)")


if __name__ == "__main__":
    main()
