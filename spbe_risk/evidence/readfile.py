"""Open input files without ever blocking on, or reading from, something that is not a
regular file (a FIFO would make ``open`` wait forever; a device could stream endlessly).

Every file ``evidence`` reads from a user-given path (bundles, trust anchors, CRLs, keys,
``audit.json``) goes through :func:`open_regular`: opened non-blocking, checked with
``fstat`` on the descriptor itself (no check-then-open race), then switched back to
blocking reads.

Layer: shell (evidence). Standard library only.
"""

from __future__ import annotations

import os
import stat


class NotRegularError(OSError):
    """The path names a FIFO, device, socket or directory."""


def open_regular(path: str | os.PathLike[str]) -> int:
    """A read-only descriptor of the regular file at ``path``; OSError otherwise (the
    error names the path and says what was wrong)."""
    from spbe_risk import portable

    fd = portable.open_fd(path, os.O_RDONLY, nonblock=True)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else
                    "a directory" if stat.S_ISDIR(st.st_mode) else
                    "a device or socket")
            raise NotRegularError(0, f"is {kind}, not a regular file", os.fspath(path))
        portable.set_blocking(fd)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | os.PathLike[str], cap: int = 64 << 20) -> bytes:
    """The whole content of a small regular file (at most ``cap`` bytes)."""
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > cap:
            raise OSError(0, f"is {size} bytes, more than the {cap} this file may have",
                          os.fspath(path))
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            if sum(map(len, chunks)) > cap:
                raise OSError(0, f"grew beyond {cap} bytes while being read", os.fspath(path))
        return b"".join(chunks)
    finally:
        os.close(fd)
