"""Issue 2 benchmark: loading and scoring a 600 × 200 workspace (120,000 risks, ~56 MB).

Measured in one run, on this machine:
  (a) the bare parse of every register with libyaml's CSafeLoader and with yaml-rs;
  (b) ``spbe-risk score --format json`` end to end (a fresh process, output to a file);
  (c) ``spbe-risk check`` end to end;
and the ratio of (b) and (c) to the faster bare parse, plus peak memory of (b) and (c).
Also ``spbe-risk check registers/malinau`` against ``python -c "import yaml"``.

Peak RSS is the largest single process (``score`` forks one worker per further core;
a worker shares the parent's pages copy-on-write and holds only its share of the
registers).

Usage: python benchmarks/bench_load.py [--registers 600] [--risks 200] [--repeat 3]
       [--no-csafe]   (skip the slow CSafeLoader parse, ~25 s; it is not the baseline)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402


def bare_parse(files: list[Path], which: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of parsing every file in this process."""
    import yaml
    import yaml_rs

    cpu = time.process_time()
    start = time.perf_counter()
    for f in files:
        raw = f.read_bytes()
        if which == "yaml-rs":
            yaml_rs.loads(raw.decode("utf-8"), parse_datetime=False)
        else:
            yaml.load(raw, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, time.process_time() - cpu


# An installed wheel has compiled bytecode; measure that, not a recompile on every start.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_cli(args: list[str], stdout_path: Path | None = None) -> tuple[float, float, float]:
    """Wall time, peak RSS (MiB) and CPU seconds (user + system, workers included) of one
    fresh ``spbe-risk`` process."""
    exe = shutil.which("spbe-risk") or sys.executable
    cmd = [exe, *args] if exe.endswith("spbe-risk") else [exe, "-m", "spbe_risk", *args]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    with open(stdout_path or "/dev/null", "wb") as out:
        subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=True, env=ENV)
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (elapsed, max(usage.ru_maxrss, before) / 1024,
            usage.ru_utime + usage.ru_stime - cpu)


def best(fn, repeat: int):
    results = [fn() for _ in range(repeat)]
    return min(results, key=lambda r: r[0] if isinstance(r, tuple) else r)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--registers", type=int, default=600)
    ap.add_argument("--risks", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-csafe", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="spbe-bench-") as tmp:
        ws = generate(Path(tmp) / "ws", args.registers, args.risks)
        files = sorted((ws / "risks").glob("*.yaml"))
        size = sum(f.stat().st_size for f in files) / 2**20
        print(f"workspace: {len(files)} registers × {args.risks} risks = "
              f"{len(files) * args.risks:,} risks, {size:.1f} MiB of YAML")

        t_rs, cpu_rs = best(lambda: bare_parse(files, "yaml-rs"), args.repeat)
        floor = t_rs
        if args.no_csafe:
            print(f"(a) bare parse  yaml-rs {t_rs:7.2f} s (CPU {cpu_rs:.2f} s)")
        else:
            t_c, _ = bare_parse(files, "csafe")            # once: it is the slow one
            floor = min(t_rs, t_c)
            print(f"(a) bare parse  CSafeLoader {t_c:7.2f} s   yaml-rs {t_rs:7.2f} s   "
                  f"(yaml-rs is {t_c / t_rs:.1f}× faster)")

        out = Path(tmp) / "scores.json"
        t_score, mem_score, cpu_score = best(
            lambda: run_cli(["score", str(ws), "--format", "json"], out), args.repeat)
        print(f"(b) score --format json  {t_score:7.2f} s  = {t_score / floor:.2f}× the faster "
              f"bare parse (target ≤ 2×); peak RSS {mem_score:.0f} MiB (target ≤ 500); "
              f"CPU {cpu_score:.2f} s = {cpu_score / cpu_rs:.2f}× the parse's CPU")
        t_check, mem_check, _ = best(lambda: run_cli(["check", str(ws)]), args.repeat)
        print(f"(c) check                {t_check:7.2f} s  = {t_check / floor:.2f}× the faster "
              f"bare parse; peak RSS {mem_check:.0f} MiB")

    repo = HERE.parent
    malinau = repo / "registers" / "malinau"
    if malinau.is_dir():
        def import_yaml():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import yaml"], check=True, env=ENV)
            return time.perf_counter() - start

        run_cli(["check", str(malinau)])          # warm: bytecode and verification cache
        t_imp = best(import_yaml, 5)
        t_mal, *_ = best(lambda: run_cli(["check", str(malinau)]), 5)
        try:
            t_nc, *_ = best(lambda: run_cli(["check", str(malinau), "--no-cache"]), 3)
        except subprocess.CalledProcessError:       # a version without --no-cache
            t_nc = float("nan")
        print(f"check registers/malinau  {t_mal * 1000:7.0f} ms vs python -c 'import yaml' "
              f"{t_imp * 1000:.0f} ms = {t_mal / t_imp:.1f}× (target ≤ 3×); --no-cache "
              f"{t_nc * 1000:.0f} ms = {t_nc / t_imp:.1f}×")


if __name__ == "__main__":
    main()
