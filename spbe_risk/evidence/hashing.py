"""Streaming SHA-256 in 1 MiB chunks, many files at once on a thread pool.

``hashlib`` and ``zlib.crc32`` release the GIL for large buffers, and so do ``readinto``,
``pread`` and ``pwrite``, so plain threads use every core without the cost of shipping
data between processes (measured in ``benchmarks/bench_evidence.py``). Memory is one
1 MiB buffer per thread, whatever the file sizes. Files are started largest first so
one big file does not leave the other cores idle at the end.

``BackgroundHashes`` starts the same work in forked worker processes (where the
system can fork: ``portable.can_fork``) and returns at
once, so ``verify`` hashes the payload on every core while its main process imports and
runs the signature checker (importing pyHanko alone takes ~0.45 s). Any trouble in a
worker makes ``result()`` recompute in-process with ``run_parallel``, so a failure reads
exactly as it always did.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from spbe_risk import portable

CHUNK = 1 << 20

T = TypeVar("T")
R = TypeVar("R")
ProgressFn = Callable[[int], None]


class FileChangedError(Exception):
    """A file's size changed between planning and reading (someone is writing to it)."""

    def __init__(self, path: str, expected: int, found: int | None):
        from spbe_risk.messages import N_, at, msg

        self.path = path
        self.message = msg(N_("berubah saat disegel (diharapkan %(expected)d bita, ditemukan "
                              "%(found)s); tutup program yang menulisnya lalu segel lagi"),
                           expected=expected, found=msg(N_("lebih banyak")) if found is None
                           else msg(N_("hanya %(n)d"), n=found))
        super().__init__(at(path, self.message))


@dataclass(frozen=True)
class Digest:
    sha256: str
    crc32: int
    size: int


def workers() -> int:
    """One thread per core (at least two, so I/O waits overlap with hashing)."""
    return max(2, os.cpu_count() or 1)


def copy_and_hash(source: Path, size: int, out_fd: int, out_offset: int,
                  progress: ProgressFn | None = None) -> Digest:
    """Read ``source`` once: SHA-256 and CRC-32 of exactly the bytes written at
    ``out_offset`` of ``out_fd``. Fails if the file is not exactly ``size`` bytes long."""
    sha = hashlib.sha256()
    crc = 0
    done = 0
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    with open(source, "rb", buffering=0) as fh:
        while done < size:
            n = fh.readinto(view[:min(CHUNK, size - done)])
            if not n:
                raise FileChangedError(str(source), size, done)
            chunk = view[:n]
            sha.update(chunk)
            crc = zlib.crc32(chunk, crc)
            portable.pwrite_all(out_fd, chunk, out_offset + done)
            done += n
            if progress:
                progress(n)
        if fh.read(1):
            raise FileChangedError(str(source), size, None)
    return Digest(sha.hexdigest(), crc, done)


def hash_range(fd: int, offset: int, size: int, progress: ProgressFn | None = None,
               crc_out: list[int] | None = None) -> str:
    """SHA-256 of ``size`` bytes of ``fd`` from ``offset`` (a stored ZIP entry)."""
    sha = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    done = 0
    while done < size:
        want = min(CHUNK, size - done)
        n = portable.preadinto(fd, view[:want], offset + done)
        if not n:
            from spbe_risk.messages import N_, msg

            raise EOFError(msg(N_("data entri berakhir setelah %(done)d dari %(size)d bita"),
                               done=done, size=size))
        sha.update(view[:n])
        if crc_out is not None:
            crc_out[0] = zlib.crc32(view[:n], crc_out[0])
        done += n
        if progress:
            progress(n)
    return sha.hexdigest()


def hash_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a whole file, streamed."""
    sha = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            sha.update(view[:n])
    return sha.hexdigest()


def run_parallel(items: Sequence[T], size_of: Callable[[T], int], func: Callable[[T], R],
                 max_workers: int | None = None) -> list[R]:
    """``[func(item) for item in items]`` on a thread pool, biggest items first.

    The first exception raised by any call is re-raised after the pool stops taking work.
    """
    order = sorted(range(len(items)), key=lambda i: -size_of(items[i]))
    results: list[R | None] = [None] * len(items)
    with ThreadPoolExecutor(max_workers=max_workers or workers(),
                            thread_name_prefix="spbe-hash") as pool:
        futures = {pool.submit(func, items[i]): i for i in order}
        try:
            for fut, i in futures.items():
                results[i] = fut.result()
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise
    return results  # type: ignore[return-value]


#: Below this many bytes forking costs more than it saves.
BACKGROUND_MIN_BYTES = 32 << 20


def _shares(sizes: Sequence[int], n: int) -> list[list[int]]:
    """Item indexes split into ``n`` shares of nearly equal bytes (largest first)."""
    shares: list[list[int]] = [[] for _ in range(n)]
    load = [0] * n
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        w = load.index(min(load))
        shares[w].append(i)
        load[w] += sizes[i]
    return [s for s in shares if s]


class BackgroundHashes:
    """``run_parallel(items, size_of, func)`` in forked processes, collected later.

    Workers only run ``func`` (which must return ``str``) and write their results to a
    pipe; the caller's process keeps working meanwhile. Fork is used only where it is
    safe and worth it (POSIX, a single-threaded caller, at least ``min_bytes`` of work);
    otherwise, and whenever a worker fails, ``result()`` computes in-process.
    """

    def __init__(self, items: Sequence[T], size_of: Callable[[T], int],
                 func: Callable[[T], str], max_workers: int | None = None,
                 min_bytes: int | None = None):
        self.items, self.size_of, self.func = items, size_of, func
        self.max_workers = max_workers
        self._children: list[tuple[int, int, list[int]]] = []     # (pid, read fd, share)
        sizes = [size_of(it) for it in items]
        floor = BACKGROUND_MIN_BYTES if min_bytes is None else min_bytes
        if not portable.can_fork() or sum(sizes) < floor or len(items) < 2:
            return
        for share in _shares(sizes, min(max_workers or workers(), len(items))):
            try:
                self._spawn(share)
            except OSError:
                break

    @property
    def forked(self) -> bool:
        return bool(self._children)

    def _spawn(self, share: list[int]) -> None:
        pid, r = portable.fork_job(lambda: json.dumps([self.func(self.items[i]) for i in share]).encode())
        self._children.append((pid, r, share))

    def result(self, progress: ProgressFn | None = None) -> list[str]:
        """Every digest in item order (recomputed in-process if any worker failed)."""
        results: list[str | None] = [None] * len(self.items)
        ok = bool(self._children)
        for pid, r, share in self._children:
            data = portable.collect(pid, r)
            try:
                got = json.loads(data) if data is not None else None
            except ValueError:
                got = None
            if not isinstance(got, list) or len(got) != len(share) or not all(
                    type(d) is str for d in got):
                ok = False
                continue
            for i, d in zip(share, got, strict=True):
                results[i] = d
            if progress:
                progress(sum(self.size_of(self.items[i]) for i in share))
        self._children = []
        if ok and all(d is not None for d in results):
            return results  # type: ignore[return-value]
        again = run_parallel(self.items, self.size_of, self.func, self.max_workers)
        if progress:
            progress(sum(self.size_of(it) for it in self.items))
        return again

    def close(self) -> None:
        """Stop workers whose results are no longer wanted."""
        for pid, r, _ in self._children:
            portable.stop_worker(pid, r)
        self._children = []
