"""Issue 5 benchmark: the schedule of 10,000 assets with 10 years of audit history.

Measures the pure computation (``compute_schedule``) and, for scale, the same run with the
Indonesian holiday table built by the ``holidays`` package; peak memory is the process's
max RSS after the run (tracemalloc peak of the computation is printed too).
Baseline in the same run: one pass that only sorts every asset's audit list by date
(the least work any schedule must do).

Usage: python benchmarks/bench_schedule.py [--assets 10000] [--years 10]
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc
from datetime import date, timedelta

from spbe_risk import vocab
from spbe_risk.load import read_audit_rules
from spbe_risk.model import Aset
from spbe_risk.resources import controls_dir
from spbe_risk.schedule import AuditSelesai, compute_schedule
from spbe_risk.sources.clock import holiday_dates


def make(n_assets: int, years: int, seed: int = 7):
    rng = random.Random(seed)
    today = date(2026, 11, 27)
    start = today - timedelta(days=365 * years)
    assets, audits = [], []
    for i in range(n_assets):
        jenis = rng.choice(vocab.JENIS_ASET)
        platform = ("web",) if jenis in vocab.JENIS_APLIKASI else ()
        a = Aset(f"aset-{i:05d}", f"Aset {i}", jenis, "u", start + timedelta(days=rng.randint(0, 400)),
                 platform, akses_internet=rng.random() < 0.5)
        assets.append(a)
        for kind in vocab.JENIS_AUDIT:
            day = a.beroperasi_sejak
            while True:
                day += timedelta(days=rng.randint(150, 800))
                if day > today:
                    break
                audits.append(AuditSelesai(a.id, kind, day, rng.choice(vocab.PELAKSANA_AUDIT),
                                           "Inspektorat", "declared"))
    return assets, audits, today


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--assets", type=int, default=10_000)
    ap.add_argument("--years", type=int, default=10)
    args = ap.parse_args()
    rules = read_audit_rules("r", (controls_dir() / "audit-rules" / "perpres-95-2018.yaml")
                             .read_bytes(), [])
    assets, audits, today = make(args.assets, args.years)
    print(f"{len(assets):,} assets, {len(audits):,} completed audits over {args.years} years")

    start = time.perf_counter()
    by_asset: dict[str, list[AuditSelesai]] = {}
    for a in audits:
        by_asset.setdefault(a.aset, []).append(a)
    for v in by_asset.values():
        v.sort(key=lambda x: x.tanggal)
    t_base = time.perf_counter() - start

    start = time.perf_counter()
    hol = holiday_dates(range(today.year - 12, today.year + 13))
    t_hol = time.perf_counter() - start

    start = time.perf_counter()
    items = compute_schedule(assets, rules, audits, today, 90, hol)
    t_sched = time.perf_counter() - start
    tracemalloc.start()         # a second run, traced, for the allocation peak only
    compute_schedule(assets, rules, audits, today, 90, hol)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"baseline (group + sort audits)   {t_base:6.3f} s")
    print(f"holiday table (25 years)         {t_hol:6.3f} s")
    print(f"compute_schedule: {len(items):,} items in {t_sched:6.3f} s "
          f"({t_sched / t_base:.1f}× the baseline; target < 1 s)")
    print(f"memory: tracemalloc peak {peak / 2**20:.0f} MiB, process max RSS {rss:.0f} MiB "
          f"(target < 300 MiB)")


if __name__ == "__main__":
    main()
