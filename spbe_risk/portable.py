"""Every operating-system-specific call of the tool, each with a portable path chosen at
run time (issue 23 §10): the rest of the package calls these and never ``fcntl``,
``msvcrt``, ``os.pwrite``/``os.pread``/``os.preadv``, ``os.fork``, ``signal.pthread_sigmask``,
``os.O_NOFOLLOW`` or libc itself (``tests/test_portable.py`` reads the source to hold that).

Why each fallback is safe:

- **Locks** (``lock``): ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows (a byte
  lock on the open file, released when it closes — exactly what the partial-file
  protocol needs; the ``filelock`` package only offers *separate* lock files, which
  cannot mark the partial file itself as live, so it would not be better here). With
  neither, ``lock`` reports ``None`` and callers treat every partial file younger than
  ``STALE_AFTER`` seconds as live.
- **Positional I/O** (``pwrite_all``, ``pread``, ``preadinto``): ``os.pwrite``/``os.pread``/
  ``os.preadv`` where they exist; otherwise ``lseek`` + ``read``/``write`` under one lock
  per process, so threads writing different offsets of one descriptor stay correct.
- **Parallel work** (``can_fork``, ``fork_job``, ``collect``): a forked worker only where
  ``os.fork`` exists; elsewhere callers do the work in one process (their jobs are
  closures over large in-memory state, which a spawned process would have to re-create,
  costing more than it saves on the machines that lack ``fork``).
- **Signals** (``blocked_signals``): ``signal.pthread_sigmask`` where it exists; otherwise
  nothing is held back (Windows delivers console interrupts to the main thread only).
- **Directory swap** (``exchange``): Linux ``renameat2(RENAME_EXCHANGE)`` through libc;
  ``False`` elsewhere, and ``build`` then uses two renames, recovering the set-aside
  generation on the next run as after a kill.
- **Not following links** (``open_fd(nofollow=True)``): ``O_NOFOLLOW`` where it exists;
  otherwise an ``lstat`` refusal of links before opening and an identity check
  (device + inode) of the opened file against that ``lstat`` after.
- **Anonymous partial files** (``anonymous_file``/``link_anonymous``): Linux ``O_TMPFILE``
  + ``linkat`` through ``/proc/self/fd``, so a SIGKILL leaves no hidden file at all;
  ``None`` elsewhere (the caller uses a named, locked partial file).
- **Binary descriptors**: Windows opens descriptors in text mode unless ``O_BINARY`` is
  given; ``open_fd`` always adds it (0 elsewhere).

Layer: shell (the outside world). Standard library only; every platform module is
imported inside the function that needs it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

#: Without any lock primitive, a partial file this old (seconds) counts as left over.
STALE_AFTER = 3600

_BINARY = getattr(os, "O_BINARY", 0)
_NOINHERIT = getattr(os, "O_CLOEXEC", 0) or getattr(os, "O_NOINHERIT", 0)
_IO_LOCK = threading.Lock()
#: Whether an open file may be renamed or removed (not on Windows, where the writer
#: closes its partial file before publishing it).
RENAME_OPEN_FILES = os.name != "nt"


# ------------------------------------------------------------------- opening
def open_fd(path: str | os.PathLike[str], flags: int, mode: int = 0o777,
            nofollow: bool = False, nonblock: bool = False) -> int:
    """``os.open`` in binary, non-inherited mode; ``nofollow`` refuses a symlink at
    ``path`` (ELOOP), ``nonblock`` opens without waiting (a FIFO never blocks; a terminal
    never becomes the controlling one)."""
    flags |= _BINARY | _NOINHERIT
    if nonblock:
        flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    no_follow = getattr(os, "O_NOFOLLOW", None)
    if not nofollow or no_follow is not None:
        return _open_dir_aware(path, flags | (no_follow or 0) if nofollow else flags, mode)
    before = _lstat_not_link(path, flags)
    fd = _open_dir_aware(path, flags, mode)
    try:
        st = os.fstat(fd)
        if before is not None and (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino):
            raise OSError(errno.ELOOP, "replaced by a link while being opened", os.fspath(path))
        if before is None and os.path.islink(path):
            raise OSError(errno.ELOOP, "is a symbolic link", os.fspath(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def _lstat_not_link(path: str | os.PathLike[str], flags: int) -> os.stat_result | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if flags & os.O_CREAT:
            return None
        raise
    if stat.S_ISLNK(st.st_mode):
        raise OSError(errno.ELOOP, "is a symbolic link", os.fspath(path))
    return st


def _open_dir_aware(path: str | os.PathLike[str], flags: int, mode: int) -> int:
    try:
        return os.open(path, flags, mode)
    except PermissionError:
        if os.path.isdir(path):     # Windows: a folder cannot be opened as a file
            raise IsADirectoryError(errno.EISDIR, "is a directory", os.fspath(path)) from None
        raise


def set_blocking(fd: int) -> None:
    """Back to blocking reads after a non-blocking open (a no-op where that flag is absent)."""
    if getattr(os, "O_NONBLOCK", 0):
        os.set_blocking(fd, True)


def fchmod(fd: int, path: str | os.PathLike[str] | None, mode: int) -> None:
    """Set the permissions of the open file ``fd`` (by ``path`` where ``fchmod`` is missing)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    elif path is not None:
        os.chmod(path, mode)


def sync_folder(directory: str | os.PathLike[str]) -> None:
    """fsync a folder so a rename in it survives a power cut (best effort; Windows cannot
    open folders and commits renames itself)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def cpu_count() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def user_cache_dir(app: str) -> Path | None:
    """The user's own cache folder for ``app``: ``%LOCALAPPDATA%\\app\\Cache`` on Windows,
    ``~/Library/Caches/app`` on macOS, ``$XDG_CACHE_HOME/app`` (default ``~/.cache/app``)
    elsewhere; None when the system names no home."""
    import sys

    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / app / "Cache" if base else None
    home = os.path.expanduser("~")
    if home == "~":
        return None
    if sys.platform == "darwin":
        return Path(home) / "Library" / "Caches" / app
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path(home) / ".cache") / app


# ------------------------------------------------------------------- locks
def lock(fd: int, blocking: bool = True) -> bool | None:
    """Take an exclusive lock on the open file ``fd``: True when held, False when another
    process holds it (only when not ``blocking``), None when this system has no locks."""
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        return True
    try:
        import msvcrt
    except ImportError:
        return None
    import time

    while True:                     # a byte lock at the start of the file
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)   # type: ignore[attr-defined]
            return True
        except OSError:
            if not blocking:
                return False
            time.sleep(0.05)


def unheld_leftover(fd: int) -> bool:
    """Whether the partial file open as ``fd`` belongs to no live writer: its lock can be
    taken, or (no locks here) it has not been touched for ``STALE_AFTER`` seconds."""
    got = lock(fd, blocking=False)
    if got is not None:
        return got
    import time

    return time.time() - os.fstat(fd).st_mtime > STALE_AFTER


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` itself while the block runs (POSIX); without
    folder descriptors or locks the block runs unlocked (the swap stays atomic)."""
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is None or not hasattr(os, "O_DIRECTORY"):
        yield
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# ------------------------------------------------------------------- positional I/O
def pwrite_all(fd: int, data: bytes | memoryview, offset: int) -> None:
    """Write all of ``data`` at ``offset`` without moving a shared file position."""
    view = memoryview(data)
    if hasattr(os, "pwrite"):
        while view:
            written = os.pwrite(fd, view, offset)
            view = view[written:]
            offset += written
        return
    with _IO_LOCK:
        os.lseek(fd, offset, os.SEEK_SET)
        while view:
            view = view[os.write(fd, view):]


def pread(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes at ``offset`` (fewer only at the end of the file)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    with _IO_LOCK:
        os.lseek(fd, offset, os.SEEK_SET)
        parts, got = [], 0
        while got < size:
            chunk = os.read(fd, size - got)
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)


def preadinto(fd: int, view: memoryview, offset: int) -> int:
    """Read into ``view`` from ``offset``; the number of bytes read (0 at the end)."""
    if hasattr(os, "preadv"):
        return os.preadv(fd, [view], offset)
    data = pread(fd, len(view), offset)
    view[:len(data)] = data
    return len(data)


# ------------------------------------------------------------------- signals
@contextlib.contextmanager
def blocked_signals(signums: set[int]) -> Iterator[None]:
    """Hold ``signums`` back while the block runs (delivered when it ends); where signal
    masks do not exist, the block runs unprotected."""
    import signal

    mask = getattr(signal, "pthread_sigmask", None)
    try:
        previous = mask(signal.SIG_BLOCK, signums) if mask else None
    except (OSError, ValueError):
        previous = None
    if previous is None:
        yield
        return
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)


# ------------------------------------------------------------------- directory swap
def exchange(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False when the
    system, its C library or the file system cannot, so the caller uses two renames."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, ImportError, TypeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    exc = OSError(err, os.strerror(err), os.fspath(b), None, os.fspath(a))
    exc.operation = "swap the new generation into"  # type: ignore[attr-defined]
    raise exc


# ------------------------------------------------------------------- anonymous files
def anonymous_file(directory: str | os.PathLike[str], mode: int = 0o600) -> int | None:
    """A new file in ``directory`` with no name yet (Linux ``O_TMPFILE``), or None where
    the system or file system has none; give it a name with ``link_anonymous``."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(directory, flag | os.O_RDWR | _NOINHERIT, mode)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None
        raise


def link_anonymous(fd: int, target: str | os.PathLike[str]) -> None:
    """Give the anonymous file ``fd`` the name ``target`` (FileExistsError if taken)."""
    # ``os.link`` calls plain ``link()`` (which never follows the magic link) unless a
    # folder descriptor is given, so name ``/proc/self/fd`` as one: ``linkat(...,
    # AT_SYMLINK_FOLLOW)`` then links the open file itself (no privilege needed).
    procfd = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(str(fd), target, src_dir_fd=procfd, follow_symlinks=True)
    finally:
        os.close(procfd)


# ------------------------------------------------------------------- parallel work
def can_fork() -> bool:
    """Whether a forked worker can share this process's memory (POSIX, one thread)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def fork_job(job: Callable[[], bytes]) -> tuple[int, int]:
    """Start ``job`` in a forked worker; ``(pid, read fd)`` for :func:`collect`. Only
    where :func:`can_fork`; the worker runs only the job and leaves with ``os._exit``,
    any exception in it becoming a failed result (the caller then does the work)."""
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


def stop_worker(pid: int, fd: int) -> None:
    """End a worker whose result is no longer wanted and reap it."""
    import signal

    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    os.close(fd)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
