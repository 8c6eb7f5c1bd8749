"""Issue 12 benchmark: ``db build`` of the 120,000-risk synthetic workspace against
``score --format json`` (scoring alone) in the same run, database size and peak memory;
and ``excel export`` of a 1,000-risk register.

Each side runs in a fresh process under /usr/bin/time -v (wall time, max RSS), score and
build interleaved, best of ``--repeat``.

Usage: python benchmarks/bench_store.py [--registers 600] [--risks 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(args: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one fresh ``spbe-risk`` process (/usr/bin/time -v)."""
    exe = shutil.which("spbe-risk")
    return run_cmd([exe, *args] if exe else [sys.executable, "-m", "spbe_risk", *args])


def run_cmd(cmd: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one fresh process of ``cmd``."""
    timer = shutil.which("time") or "/usr/bin/time"
    start = time.perf_counter()
    done = subprocess.run([timer, "-v", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, env=ENV, check=True)
    elapsed = time.perf_counter() - start
    rss = next(int(x.split(":")[1]) for x in done.stderr.splitlines()
               if "Maximum resident set size" in x)
    return elapsed, rss / 1024


def best(n: int, fn) -> tuple[float, float]:
    got = [fn() for _ in range(n)]
    return min(t for t, _ in got), max(m for _, m in got)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--registers", type=int, default=600)
    ap.add_argument("--risks", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-store-", dir=HERE))
    try:
        ws = generate(work / "ws", a.registers, a.risks)
        db = work / "s.db"
        def build():
            for p in work.glob("s.db*"):
                p.unlink()
            return run(["db", "build", str(ws), "--db", str(db), "--snapshot", "2026-Q1",
                        "--today", "2026-12-01"])

        # interleaved (score, build, score, build, …) so a change in the machine's load
        # during the run hits both sides alike; best of each
        pairs = [(run(["score", str(ws), "--format", "json"]), build()) for _ in range(a.repeat)]
        score = (min(p[0][0] for p in pairs), max(p[0][1] for p in pairs))
        dbb = (min(p[1][0] for p in pairs), max(p[1][1] for p in pairs))
        print("pairs (score s, build s):", [(round(p[0][0], 1), round(p[1][0], 1)) for p in pairs])
        size = db.stat().st_size / 2**20
        print(f"{a.registers * a.risks} risks")
        print(f"score --format json : {score[0]:6.2f} s  peak {score[1]:6.0f} MiB")
        print(f"db build --snapshot : {dbb[0]:6.2f} s  peak {dbb[1]:6.0f} MiB  "
              f"ratio {dbb[0] / score[0]:.2f}x (target <= 1.5x)  db {size:.0f} MiB")
        small = generate(work / "ws1k", 1, 1000)
        load = best(a.repeat, lambda: run(["check", str(small)]))
        xl = best(a.repeat, lambda: run(["excel", "export", str(small), "--out",
                                         str(work / "x.xlsx")]))
        print(f"check (1,000 risks) : {load[0]:6.2f} s")
        print(f"excel export 1,000  : {xl[0]:6.2f} s  peak {xl[1]:6.0f} MiB  "
              f"ratio {xl[0] / load[0]:.2f}x check")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
