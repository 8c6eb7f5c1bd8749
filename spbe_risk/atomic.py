"""Atomic file output: a reader sees the old file or the complete new one, never half.

Every output file of spbe-risk is written to a temporary file in the target folder,
flushed to disk, then renamed over the target; an interrupted run leaves nothing new.

Layer: shell. Imports the standard library only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "wb",
                  encoding: str | None = None, perms: int = 0o644) -> Iterator[IO]:
    """Yield a temporary file; on success rename it to ``path``, on error remove it."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline="" if "b" not in mode else None) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, perms)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes, perms: int = 0o644) -> None:
    with atomic_output(path, "wb", perms=perms) as fh:
        fh.write(data)


def write_text(path: str | os.PathLike[str], text: str, perms: int = 0o644) -> None:
    write_bytes(path, text.encode("utf-8"), perms=perms)
