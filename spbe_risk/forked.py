"""One job in a forked worker process, its result bytes returned through a private pipe.

Used where work can overlap with the caller (hashing a bundle's payload while the
signature checker imports; scoring a share of the registers on the second core). The
worker runs only the job and leaves with ``os._exit``; any exception in it becomes a
failed result, and the caller then does the work itself, so failures read as before.

Layer: shell (processes). Standard library only.
"""

from __future__ import annotations

import os
from collections.abc import Callable


def fork_job(job: Callable[[], bytes]) -> tuple[int, int]:
    """Start ``job`` in a child process; return ``(pid, read fd)`` for :func:`collect`."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:                                       # the worker: run, report, leave
        status = 0
        try:
            os.close(r)
            try:
                out = job()
            except BaseException:                      # noqa: BLE001  the caller recomputes
                out, status = b"", 1
            view = memoryview(out)
            while view:
                view = view[os.write(w, view):]
        finally:
            os._exit(status)
    os.close(w)
    return pid, r


def collect(pid: int, fd: int) -> bytes | None:
    """The bytes the worker wrote, or None when it failed (non-zero exit)."""
    with open(fd, "rb", closefd=True) as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    return data if status == 0 else None
