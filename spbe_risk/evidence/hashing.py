"""Streaming SHA-256 in 1 MiB chunks, many files at once on a thread pool.

``hashlib`` and ``zlib.crc32`` release the GIL for large buffers, and so do ``readinto``,
``pread`` and ``pwrite``, so plain threads use every core without the cost of shipping
data between processes (measured in ``benchmarks/bench_evidence.py``). Memory is one
1 MiB buffer per thread, whatever the file sizes. Files are started largest first so
one big file does not leave the other cores idle at the end.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

CHUNK = 1 << 20

T = TypeVar("T")
R = TypeVar("R")
ProgressFn = Callable[[int], None]


class FileChangedError(Exception):
    """A file's size changed between planning and reading (someone is writing to it)."""

    def __init__(self, path: str, expected: int, found: str):
        self.path = path
        super().__init__(f"{path}: changed while being sealed (expected {expected} bytes, "
                         f"found {found}); close the program writing it and seal again")


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
                raise FileChangedError(str(source), size, f"only {done}")
            chunk = view[:n]
            sha.update(chunk)
            crc = zlib.crc32(chunk, crc)
            pos = 0
            while pos < n:
                pos += os.pwrite(out_fd, chunk[pos:], out_offset + done + pos)
            done += n
            if progress:
                progress(n)
        if fh.read(1):
            raise FileChangedError(str(source), size, "more")
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
        n = os.preadv(fd, [view[:want]], offset + done)
        if not n:
            raise EOFError(f"entry data ends after {done} of {size} bytes")
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
