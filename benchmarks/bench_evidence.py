"""Benchmark: sealing and verifying 1 GiB of evidence (1,000 files of mixed sizes).

Measured in one run, on the same bytes, warm page cache:

- ``spbe-risk evidence seal``   vs  ``bagit.py --processes 2 --sha256`` making a bag
- ``spbe-risk evidence verify`` vs  ``bagit.py --validate --processes 2``
- the floor: ``hashlib.sha256`` over the same files, 1 MiB reads, 2 processes
- seal's floor: copying the payload once into one file (``copy_file_range``, in the
  kernel, no hashing) with one ``fsync`` — bagit-python writes no copy, so it is not
  seal's baseline

Every tool runs as a child process; peak memory is that child's max RSS (``wait4``).
Before each timed run, ``sync`` flushes what earlier runs wrote (untimed): on this class
of VM, writeback of a previous 1 GiB bundle otherwise throttles the next run's writes
and makes timings depend on the order of runs.
Seal does strictly more than bagit here: it also writes (and fsyncs) the 1 GiB ZIP,
computes the ZIP CRC-32 and signs; bagit renames the files into data/ in place.

Usage: ``python benchmarks/bench_evidence.py [--gib 1.0] [--files 1000] [--repeat 3]``
Work files live in ``benchmarks/_work/`` (git-ignored) and are removed at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

WORK = Path(__file__).resolve().parent / "_work"
CHUNK = 1 << 20
CA_PW, KEY_PW = "bench-ca-password", "bench-key-password"


def sizes(total: int, count: int, seed: int = 4) -> list[int]:
    """Mixed sizes: many small (screenshots, configs), some large (logs, exports)."""
    rng = random.Random(seed)
    raw = [rng.lognormvariate(0, 1.6) for _ in range(count)]
    scale = total / sum(raw)
    out = [max(1, int(r * scale)) for r in raw]
    out[out.index(max(out))] += total - sum(out)
    return out


def generate(root: Path, total: int, count: int) -> list[Path]:
    block = os.urandom(8 * CHUNK)
    paths = []
    for i, size in enumerate(sizes(total, count)):
        sub = root / f"set{i % 10:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"bukti-{i:04d}.bin"
        with open(p, "wb") as fh:
            header = hashlib.sha256(str(i).encode()).digest()       # every file distinct
            fh.write(header)
            left = size - len(header)
            pos = i * 4099 % len(block)
            while left > 0:
                piece = block[pos:pos + left]
                fh.write(piece)
                left -= len(piece)
                pos = 0
        paths.append(p)
    return paths


def _hash_one(path: str) -> str:
    sha = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            sha.update(view[:n])
    return sha.hexdigest()


def hashlib_floor(paths: list[Path]) -> float:
    ordered = sorted(paths, key=lambda p: -p.stat().st_size)
    with Pool(2) as pool:
        pool.map(_hash_one, [str(ordered[-1])])                    # workers started
        start = time.perf_counter()
        pool.map(_hash_one, [str(p) for p in ordered], chunksize=1)
        return time.perf_counter() - start


def copy_floor(paths: list[Path], dest: Path) -> float:
    """Seconds to copy every file once into ``dest`` and fsync it (the I/O floor of seal)."""
    os.sync()
    start = time.perf_counter()
    with open(dest, "wb") as out:
        fd = out.fileno()
        for p in paths:
            with open(p, "rb") as src:
                left = os.fstat(src.fileno()).st_size
                while left > 0:
                    try:
                        n = os.copy_file_range(src.fileno(), fd, left)
                    except OSError:
                        n = 0
                    if n <= 0:                      # no copy_file_range here: plain copy
                        shutil.copyfileobj(src, out, CHUNK)
                        out.flush()
                        break
                    left -= n
        os.fsync(fd)
    elapsed = time.perf_counter() - start
    dest.unlink()
    return elapsed


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, exit code) of one child process."""
    log = WORK / "child-stderr.log"                    # a file: bagit logs every file
    os.sync()           # earlier runs' dirty pages must not throttle this one's writes
    with open(log, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err,
                                env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-500:]
        print(f"  ! {' '.join(cmd[:4])}… exited {proc.returncode}: {tail}")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def best(cmds: int, fn) -> tuple[float, float]:
    results = [fn() for _ in range(cmds)]
    return min(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep benchmarks/_work")
    args = parser.parse_args()
    total = int(args.gib * (1 << 30))
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    try:
        _bench(total, args.files, args.repeat)
    finally:
        if not args.keep:
            shutil.rmtree(WORK, ignore_errors=True)


def _bench(total: int, count: int, repeat: int) -> None:
    from spbe_risk.evidence import adding, folder, keys

    cli = [sys.executable, "-m", "spbe_risk"]
    env = {"SPBE_RISK_KEY_PASSWORD": KEY_PW}
    print(f"evidence: {total / (1 << 30):.2f} GiB in {count} files; {os.cpu_count()} cores; "
          f"Python {sys.version.split()[0]}")
    t = time.perf_counter()
    keys.init_ca(WORK / "ca", "Bench CA", CA_PW.encode())
    keys.issue_auditor(WORK / "ca", CA_PW.encode(), name="Bench Auditor",
                       nip="198001012005011001", organisation="Inspektorat",
                       out=WORK / "auditor.p12", password=KEY_PW.encode())
    ev = WORK / "AUD-2026-0001"
    folder.init_folder(ev, aset="APL-BENCH", jenis_audit="keamanan", periode="2026",
                       auditor="Bench Auditor", organisasi="Inspektorat",
                       ruang_lingkup="benchmark")
    paths = generate(ev / "data" / "evidence", total, count)
    adding.add_evidence(ev, paths, ["WEB-1.a"], uraian="bench", collected="2026-07-01")
    folder.conclude(ev, "WEB-1.a", "memadai")         # seal refuses an audit without one
    bag = WORK / "bag"
    subprocess.run(["cp", "-al", str(ev / "data" / "evidence"), str(bag)], check=True)
    for p in paths:                                   # warm the page cache
        _hash_one(str(p))
    print(f"setup {time.perf_counter() - t:.1f}s\n")

    floor = min(hashlib_floor(paths) for _ in range(repeat))
    copy = min(copy_floor(paths, WORK / "copy-floor.bin") for _ in range(repeat))
    out = WORK / "AUD-2026-0001.zip"
    seal_t, seal_m = best(repeat, lambda: run(
        [*cli, "evidence", "seal", str(ev), "--key", str(WORK / "auditor.p12"), "--out",
         str(out), "--force"], env))

    def bagit_make() -> tuple[float, float, int]:
        if (bag / "data").exists():                   # undo the previous run (not timed)
            shutil.rmtree(bag)
            subprocess.run(["cp", "-al", str(ev / "data" / "evidence"), str(bag)], check=True)
        return run([sys.executable, "-m", "bagit", "--processes", "2", "--sha256", str(bag)])

    bag_t, bag_m = best(repeat, bagit_make)
    verify_t, verify_m = best(repeat, lambda: run(
        [*cli, "evidence", "verify", str(out), "--trust", str(WORK / "ca" / "ca.pem")]))
    bval_t, bval_m = best(repeat, lambda: run(
        [sys.executable, "-m", "bagit", "--validate", "--processes", "2", str(bag)]))

    gib = total / (1 << 30)
    rows = [("hashlib floor (2 processes)", floor, None, None, None),
            ("copy floor (1 file, 1 fsync)", copy, None, None, None),
            ("spbe-risk evidence seal", seal_t, seal_m, None, copy),
            ("bagit.py --processes 2 --sha256", bag_t, bag_m, None, None),
            ("spbe-risk evidence verify", verify_t, verify_m, bval_t, floor),
            ("bagit.py --validate --processes 2", bval_t, bval_m, None, None)]
    print(f"{'':36} {'seconds':>8} {'GiB/s':>6} {'peak MiB':>9} {'vs bagit':>9} {'vs floor':>9}"
          "   (seal: vs the copy floor; verify: vs the hashlib floor)")
    for name, secs, mem, vs_bag, vs_floor in rows:
        print(f"{name:36} {secs:8.2f} {gib / secs:6.2f} "
              f"{'' if mem is None else f'{mem:9.0f}':>9} "
              f"{'' if vs_bag is None else f'{secs / vs_bag:8.2f}x':>9} "
              f"{'' if vs_floor is None else f'{secs / vs_floor:8.2f}x':>9}")
    print(f"\nverify: {verify_t / bval_t:.2f}x bagit --validate (target <= 1.00x), "
          f"{verify_t / floor:.2f}x the hashlib floor (target <= 1.30x)")
    print(f"seal:   {seal_t / copy:.2f}x the copy floor (target <= 1.30x); "
          f"{seal_t / bag_t:.2f}x bagit making a bag in place (for reference)")
    print(f"peak memory <= 200 MiB (best of {repeat} runs; memory is the max)")


if __name__ == "__main__":
    main()
