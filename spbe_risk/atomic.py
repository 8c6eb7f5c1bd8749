"""Safe file output: a reader sees the old file or the complete new one, never half.

What ``atomic_output(path)`` does depends on what ``path`` is now:

- a regular file or nothing: write a hidden temporary file in the same folder
  (``.NAME.XXXXXXXX.tmp``), flush and fsync it, then rename it over ``path``; an
  interrupted or failed write removes the temporary file and leaves ``path`` untouched.
  A symlink to a regular file is followed: the file it names is replaced, the link stays.
- ``-``: standard output. A character device, FIFO or socket (``/dev/stdout``,
  ``/dev/null``, a named pipe): written straight through, never replaced by a file.
- a directory (or anything else): refused with ``IsADirectoryError`` naming the path.

Permissions: a new file gets the mode the umask gives (``0666 & ~umask``), a replaced
file keeps its mode, unless ``perms`` asks for a mode (bundles and keys ask for 0600).
``exclusive=True`` creates ``path`` only if it does not exist, atomically (a hard link
of the finished temporary file, so two concurrent writers cannot both win).

Every ``OSError`` raised from here names the path (``filename``) and carries the
operation that failed (``operation``: "create", "write", "rename", ...), which the CLI
prints as ``PATH: cannot OPERATION: reason``.

``cleanup_on_signals()`` turns SIGTERM (what CI timeouts send) and SIGINT into
exceptions while it is active, so ``finally`` blocks and these context managers remove
their temporary files before the process ends.

Layer: shell. Imports the standard library only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

#: Names of the temporary files this module creates (``.scores.json.a1b2c3d4.tmp``); a
#: killed run may leave one, and any tool may recognise it as a partial copy.
TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.tmp$")


def is_temporary(name: str) -> bool:
    """True for a temporary name of this module (a partial file of an interrupted write)."""
    return TEMP_NAME.match(name) is not None


def umask_mode(base: int = 0o666) -> int:
    """``base`` with the process umask applied (what ``open()`` would give a new file)."""
    mask = _umask()
    return base & ~mask


def _umask() -> int:
    try:        # Linux ≥ 4.7 reports it without changing it (thread-safe)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()


@contextlib.contextmanager
def doing(operation: str, path: str | os.PathLike[str] | None = None) -> Iterator[None]:
    """Annotate an ``OSError`` raised inside with ``operation`` and, if missing, ``path``."""
    try:
        yield
    except OSError as exc:
        if getattr(exc, "operation", None) is None:
            exc.operation = operation  # type: ignore[attr-defined]
        if exc.filename is None and path is not None:
            exc.filename = os.fspath(path)
        raise


def output_kind(path: str | os.PathLike[str]) -> str:
    """``"stdout"``, ``"stream"`` (device, FIFO, socket), ``"file"`` (regular or missing),
    or ``"directory"`` / ``"other"`` (refused)."""
    if os.fspath(path) == "-":
        return "stdout"
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "file"
    except NotADirectoryError:
        return "file"           # reported by mkdir/mkstemp with the path
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        return "stream"
    return "directory" if stat.S_ISDIR(st.st_mode) else "other"


def _refuse(path: str | os.PathLike[str], kind: str) -> OSError:
    if kind == "directory":
        exc: OSError = IsADirectoryError(errno.EISDIR, "is a directory, expected a file path",
                                         os.fspath(path))
    else:
        exc = OSError(errno.EINVAL, "not a regular file, device or FIFO", os.fspath(path))
    exc.operation = "write"  # type: ignore[attr-defined]
    return exc


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "wb",
                  encoding: str | None = None, perms: int | None = None,
                  exclusive: bool = False) -> Iterator[IO]:
    """Yield a file to write ``path``'s new content into (see the module docstring)."""
    kind = output_kind(path)
    if kind == "stdout":
        yield from _stdout(mode)
        return
    if kind == "stream":
        with doing("open", path), open(path, mode, encoding=encoding) as fh, \
                doing("write", path):
            yield fh
            fh.flush()
        return
    if kind != "file":
        raise _refuse(path, kind)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    with doing("create folder", target.parent):
        target.parent.mkdir(parents=True, exist_ok=True)
    if exclusive and os.path.lexists(target):
        raise _exists(target)
    with doing("create temporary file in", target.parent):
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, encoding=encoding,
                       newline="" if "b" not in mode else None) as fh, doing("write", target):
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        with doing("set permissions of", target):
            os.chmod(tmp, _final_mode(target, perms))
        if exclusive:
            _link_exclusive(tmp, target)
        else:
            with doing("rename into place", target):
                os.replace(tmp, target)
    except BaseException:
        with deferred_signals(), contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _stdout(mode: str) -> Iterator[IO]:
    stream: IO = sys.stdout.buffer if "b" in mode else sys.stdout
    with doing("write", "-"):
        yield stream
        stream.flush()


def _final_mode(target: Path, perms: int | None) -> int:
    if perms is not None:
        return perms
    try:
        return stat.S_IMODE(os.stat(target).st_mode) & 0o777
    except FileNotFoundError:
        return umask_mode()


def _exists(target: Path) -> OSError:
    exc = FileExistsError(errno.EEXIST, "already exists (choose another path or remove it)",
                          str(target))
    exc.operation = "create"  # type: ignore[attr-defined]
    return exc


def _link_exclusive(tmp: str, target: Path) -> None:
    """Publish ``tmp`` as ``target`` only if ``target`` does not exist (race-free)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            exc.operation = "create"  # type: ignore[attr-defined]
            exc.filename = str(target)
            raise
        # No hard links here (some network and FAT file systems): claim the name with
        # O_EXCL, then rename the finished file over our own claim.
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise _exists(target) from None
        with doing("rename into place", target):
            os.replace(tmp, target)
        return
    os.unlink(tmp)


def write_bytes(path: str | os.PathLike[str], data: bytes, perms: int | None = None,
                exclusive: bool = False) -> None:
    with atomic_output(path, "wb", perms=perms, exclusive=exclusive) as fh, doing("write", path):
        fh.write(data)


def write_text(path: str | os.PathLike[str], text: str, perms: int | None = None,
               exclusive: bool = False) -> None:
    write_bytes(path, text.encode("utf-8"), perms=perms, exclusive=exclusive)


def copy_file(src: str | os.PathLike[str], dst: str | os.PathLike[str],
              mode_from_source: bool = True, exclusive: bool = True) -> None:
    """Copy ``src`` to ``dst`` atomically; the copy gets no more permission than the
    source (``source mode & umask mode`` when ``mode_from_source``). ``exclusive``
    (default) refuses an existing ``dst``. Reading refuses anything but a regular file."""
    import shutil

    with doing("open", src):
        fin = open(src, "rb")  # noqa: SIM115 - closed below
    with fin:
        with doing("read", src):
            st = os.fstat(fin.fileno())
        if not stat.S_ISREG(st.st_mode):
            exc = OSError(errno.EINVAL, "not a regular file", os.fspath(src))
            exc.operation = "copy"  # type: ignore[attr-defined]
            raise exc
        perms = (stat.S_IMODE(st.st_mode) & umask_mode()) if mode_from_source else None
        with atomic_output(dst, "wb", perms=perms, exclusive=exclusive) as fout, \
                doing(f"copy {os.fspath(src)} to", dst):
            shutil.copyfileobj(fin, fout, 1 << 20)


class Interrupted(KeyboardInterrupt):
    """Raised in the main thread when SIGTERM/SIGINT arrives under ``cleanup_on_signals``."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def cleanup_on_signals() -> Iterator[None]:
    """While active, SIGTERM and SIGINT raise ``Interrupted`` (a KeyboardInterrupt), so
    every ``finally`` and ``except BaseException`` cleanup runs; the previous handlers
    come back afterwards. Outside the main thread it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_interrupted(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    previous = {s: signal.signal(s, raise_interrupted) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGTERM and SIGINT back while a cleanup runs, so a signal cannot cut the
    cleanup itself short; a held signal is delivered when the block ends."""
    held = {signal.SIGTERM, signal.SIGINT}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):     # no POSIX signal masks here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
