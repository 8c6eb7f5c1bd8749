"""Files under construction: one mechanism for every file ``evidence`` creates
(copies made by ``add``, bundles made by ``seal``) so an interrupted run leaves the
previous state or the new one, and nothing a later command could mistake for either.

- A file is built under a recognisable hidden name beside its target,
  ``.<target name>.spbe-partial.<random>``, while its builder holds an exclusive
  ``flock`` on it. It is fsynced, then *published*: ``link``-ed to the target name,
  which fails when the target exists (exclusive create with no check-then-rename race:
  of two concurrent seals to the same new ``--out`` exactly one wins), or renamed over
  it when replacing was asked for. The folder is fsynced after.
- SIGTERM and SIGINT (what CI timeouts and Ctrl-C send) raise :class:`Interrupted` in
  the main thread while a file is being built, so the normal clean-up path removes the
  partial file.
- SIGKILL cannot be caught: the next run removes every partial file in the folder whose
  lock no live process holds (:func:`remove_stale`), and ``check``/``seal`` refuse an
  evidence folder that still holds one (:func:`is_partial`).
- Every OS error names the path and the operation (:class:`FileOpError`).

Layer: shell (evidence). Standard library only.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

MARK = ".spbe-partial."
#: Temporary names of the generic atomic writer (``atomic.atomic_output``), which older
#: versions of ``add`` used: a leftover of those is a partial copy too.
_LEGACY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived while a file was being built."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"interrupted by signal {signum}")


class FileOpError(OSError):
    """An OS error with the path and the operation it concerned, for one-line messages."""

    def __init__(self, operation: str, path: str | os.PathLike[str], exc: OSError):
        super().__init__(exc.errno or 0, exc.strerror or str(exc), os.fspath(path))
        self.operation = operation

    def __str__(self) -> str:
        return f"{self.filename}: cannot {self.operation}: {self.strerror}"


@contextlib.contextmanager
def op(operation: str, path: str | os.PathLike[str]) -> Iterator[None]:
    """Turn an OSError inside into a :class:`FileOpError` naming ``path`` (an error that
    names another path, e.g. of a source file being read, passes unchanged)."""
    try:
        yield
    except FileOpError:
        raise
    except OSError as exc:
        if exc.filename is not None and os.fspath(exc.filename) != os.fspath(path):
            raise
        raise FileOpError(operation, path, exc) from None


def is_partial(name: str) -> bool:
    """True for the name of a file left under construction (ours or the legacy form)."""
    return name.startswith(".") and (MARK in name or _LEGACY.fullmatch(name) is not None)


def remove_stale(directory: Path) -> list[Path]:
    """Remove partial files in ``directory`` that no running builder holds; return them."""
    removed: list[Path] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(".") and MARK in name):
            continue
        path = directory / name
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)                 # a live builder holds it
            continue
        try:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """While inside, SIGTERM and SIGINT raise :class:`Interrupted` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@contextlib.contextmanager
def building(target: Path, replace: bool = False, mode: int = 0o644) -> Iterator[int]:
    """Yield a writable descriptor of a new partial file beside ``target``; on success
    fsync and publish it as ``target`` (exclusively unless ``replace``), on any error or
    signal remove it. Raises FileExistsError-based :class:`FileOpError` when ``target``
    exists and ``replace`` is false."""
    directory = target.parent
    with op("create the folder", directory):
        directory.mkdir(parents=True, exist_ok=True)
    remove_stale(directory)
    tmp = directory / f".{target.name}{MARK}{secrets.token_hex(6)}"
    with signals_interrupt():
        with op("create", tmp):
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | getattr(os, "O_CLOEXEC", 0), mode)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with op("write", tmp):
                yield fd
            with op("write", tmp):
                os.fsync(fd)
            publish(tmp, target, replace)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        finally:
            os.close(fd)


def publish(tmp: Path, target: Path, replace: bool) -> None:
    """Give the finished ``tmp`` its final name; it never half-exists under it."""
    if replace:
        with op("replace", target):
            os.replace(tmp, target)
    else:
        try:
            os.link(tmp, target)
        except FileExistsError as exc:
            raise FileOpError("create (it already exists)", target, exc) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
                raise FileOpError("create", target, exc) from None
            _publish_without_link(tmp, target)
            return
        with op("remove the partial file", tmp):
            os.unlink(tmp)
    sync_folder(target.parent)


def _publish_without_link(tmp: Path, target: Path) -> None:
    """Filesystems without hard links: claim the name with O_EXCL, then rename over our
    own claim (the name was exclusively ours from the first step)."""
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError as exc:
        raise FileOpError("create (it already exists)", target, exc) from None
    with op("rename into place", target):
        os.replace(tmp, target)


def sync_folder(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
