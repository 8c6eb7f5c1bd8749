"""Safe file output, one mechanism for every file the tool writes (issue 10 §2, §3): a
reader sees the old file or the complete new one, never half, and an interrupted run
leaves the previous state or the new one.

What ``atomic_output(path)`` (a file object) and ``building(path)`` (a descriptor, for
writers that need random access, e.g. a bundle ZIP) do depends on what ``path`` is now:

- a regular file or nothing: the content is built in a hidden *partial file* beside it,
  ``.NAME.spbe-partial.<random>``, while the builder holds an exclusive lock
  (``portable.lock``) on it — or, on Linux, a nameless ``O_TMPFILE`` file, so a kill
  leaves nothing; fsynced, then *published*: renamed over ``path``, or with ``exclusive=True``
  hard-linked to it, which fails when ``path`` exists (of two concurrent writers of one
  new file exactly one wins); the folder is fsynced after. A failed or interrupted write
  removes the partial file and leaves ``path`` untouched. A symlink to a regular file is
  followed when replacing: the file it names is replaced, the link stays.
- ``-``: standard output; a character device, FIFO or socket (``/dev/stdout``,
  ``/dev/null``, a named pipe): written straight through by ``atomic_output``, never
  replaced by a file (``building`` refuses them: it needs a regular file).
- a directory (or anything else): refused with an error naming the path.

Permissions: a new file gets the umask's mode (``0666 & ~umask``), a replaced file keeps
its mode, unless ``perms`` asks for one (bundles and keys ask for 0600). The partial
file is 0600 until it is published.

Every ``OSError`` raised from here names the path (``filename``) and carries the
operation that failed (``operation``), which the CLI prints as
``PATH: cannot OPERATION: reason``; ``doing(operation, path)`` adds both to an error
about ``path`` raised inside it.

Interruptions: while a file is being built, SIGTERM (what CI timeouts send) and SIGINT
raise ``interrupts.Interrupted`` in the main thread (``cleanup_on_signals``), so the
partial file is removed before the process ends. SIGKILL cannot be caught: the next write
into the folder removes every partial file no live builder holds a lock on
(``remove_stale``), and ``is_partial`` recognises partial names (also the staged files of
``journal`` and the ``.NAME.<8 hex digits>.tmp`` names older versions used) so evidence
commands refuse them. Several files published as one step: ``journal.publish_together``.

Layer: shell. Imports the standard library, ``portable`` and ``interrupts`` only.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import re
import secrets
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from spbe_risk import portable
from spbe_risk.interrupts import cleanup_on_signals, deferred_signals

#: The mark in every partial file's name: ``.scores.json.spbe-partial.1a2b3c4d5e6f``.
MARK = ".spbe-partial."
#: The mark of a file staged by ``journal.publish_together``: ``.x.yaml.spbe-staged.<tx>``.
STAGED = ".spbe-staged."
#: Partial names of older versions (``.scores.json.a1b2c3d4.tmp``): still recognised
#: as leftovers, though without a lock they cannot be told from a live writer's.
_LEGACY = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.tmp$")

PathLike = str | os.PathLike[str]


def is_partial(name: str) -> bool:
    """True for the name of a file under construction or left by an interrupted write."""
    return name.startswith(".") and (MARK in name or STAGED in name
                                     or _LEGACY.match(name) is not None)


def umask_mode(base: int = 0o666) -> int:
    """``base`` with the process umask applied (what ``open()`` would give a new file)."""
    return base & ~_umask()


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


# ------------------------------------------------------------------- naming errors
@contextlib.contextmanager
def doing(operation: str, path: PathLike | None = None) -> Iterator[None]:
    """Annotate an ``OSError`` about ``path`` raised inside with ``operation`` (unless an
    inner ``doing`` already did) and, if it names no file, with ``path``. An error that
    names another file (a source being read, say) passes unchanged."""
    try:
        yield
    except OSError as exc:
        if path is None or _about(exc, os.fspath(path)):
            if getattr(exc, "operation", None) is None:
                exc.operation = operation  # type: ignore[attr-defined]
            if exc.filename is None and path is not None:
                exc.filename = os.fspath(path)
        raise


def _about(exc: OSError, path: str) -> bool:
    if exc.filename is None:
        return True
    names = (exc.filename, getattr(exc, "filename2", None))
    return any(n is not None and os.fsdecode(n) == path for n in names)


def named_error(exc: OSError, operation: str, path: PathLike) -> OSError:
    exc.filename = os.fspath(path)
    exc.operation = operation  # type: ignore[attr-defined]
    return exc


def exists_error(target: PathLike) -> OSError:
    return named_error(FileExistsError(errno.EEXIST, "already exists (choose another path or "
                                                "remove it)"), "create", target)


# ------------------------------------------------------------------- what a path is
def output_kind(path: PathLike) -> str:
    """``"stdout"``, ``"stream"`` (device, FIFO, socket), ``"file"`` (regular or missing),
    or ``"directory"`` / ``"other"`` (refused)."""
    if os.fspath(path) == "-":
        return "stdout"
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "file"           # NotADirectoryError: reported by mkdir with the path
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        return "stream"
    return "directory" if stat.S_ISDIR(st.st_mode) else "other"


def refused(path: PathLike, kind: str) -> OSError:
    if kind == "directory":
        exc: OSError = IsADirectoryError(errno.EISDIR, "is a directory, expected a file path")
    elif kind in ("stdout", "stream"):
        exc = OSError(errno.EINVAL, "is a device, FIFO or socket, expected a regular file")
    else:
        exc = OSError(errno.EINVAL, "not a regular file, device or FIFO")
    return named_error(exc, "write", path)


# ------------------------------------------------------------------- partial files
def remove_stale(directory: Path) -> list[Path]:
    """Remove the partial files in ``directory`` that no running builder holds (leftovers
    of killed runs); return them."""
    removed: list[Path] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        if name.startswith(".") and MARK in name and remove_unheld(Path(directory) / name):
            removed.append(Path(directory) / name)
    return removed


def remove_unheld(path: Path) -> bool:
    """Remove the leftover ``path`` unless a live run still holds it (its lock); whether
    it was removed. Shared by the partial files here and the journal's staged files."""
    try:
        fd = portable.open_fd(path, os.O_RDONLY, nofollow=True, nonblock=True)
    except OSError:
        return False
    try:
        if not portable.unheld_leftover(fd):
            return False                 # a live run holds it
        with contextlib.suppress(FileNotFoundError):
            try:
                os.unlink(path)
            except PermissionError:      # Windows: an open file cannot be removed
                os.close(fd)
                fd = -1
                os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        if fd >= 0:
            os.close(fd)


def _partial_name(target: Path) -> Path:
    return target.parent / f".{target.name}{MARK}{secrets.token_hex(6)}"


def create_locked(target: Path) -> tuple[Path | None, int]:
    """A new, locked, empty partial file beside ``target``: nameless where the system
    allows (``portable.anonymous_file``: a kill leaves nothing behind, ``None`` is
    returned as its name), else a hidden partial name (retried in the rare case that
    another run's ``remove_stale`` took it between its creation and our lock)."""
    try:
        fd = portable.anonymous_file(target.parent)
    except OSError as exc:
        raise named_error(exc, "create", target) from None
    if fd is not None:
        portable.lock(fd)
        return None, fd
    for _ in range(8):
        tmp = _partial_name(target)
        try:
            fd = portable.open_fd(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600, nofollow=True)
        except OSError as exc:
            raise named_error(exc, "create", target) from None
        try:
            portable.lock(fd)
            if os.stat(tmp, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                return tmp, fd
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        os.close(fd)
    raise named_error(OSError(errno.EAGAIN, "partial file removed while being created"),
                 "create", target)


@contextlib.contextmanager
def building(path: PathLike, exclusive: bool = False, perms: int | None = None
             ) -> Iterator[int]:
    """Yield a writable descriptor of a new partial file for ``path``; when the block
    ends, fsync it and publish it as ``path`` (only if ``path`` does not exist when
    ``exclusive``); on any error or signal remove it. ``path`` must be a regular file or
    missing (see the module docstring)."""
    kind = output_kind(path)
    if kind != "file":
        raise refused(path, kind)
    if exclusive:
        if os.path.lexists(path):
            raise exists_error(path)
        target = Path(path)
    else:
        target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    with doing("create the folder", target.parent):
        target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent)
    tmp: Path | None = None
    with cleanup_on_signals():
        try:
            with deferred_signals():    # created and registered as one step, never half
                tmp, fd = create_locked(target)
                if tmp is not None:
                    _LIVE.add(tmp)
            try:
                with doing("write", target):
                    yield fd
                    os.fsync(fd)
                with doing("set permissions of", target):
                    portable.fchmod(fd, tmp, final_mode(target, perms))
                if tmp is None:
                    _publish_anonymous(fd, target, exclusive)
                else:
                    if not portable.RENAME_OPEN_FILES:
                        os.close(fd)
                        fd = -1
                    _publish(tmp, target, exclusive)
            finally:
                if fd >= 0:
                    os.close(fd)
        except BaseException:
            if tmp is not None:
                with deferred_signals(), contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise
        finally:
            _LIVE.discard(tmp)
    sync_folder(target.parent)


#: Partial files this process is building. An interrupt that lands where no ``except``
#: can see it (between a context manager's ``__enter__`` and its block, say) still ends
#: the process through the interpreter's exit, which removes what is left here. Forked
#: workers leave with ``os._exit`` and never run this.
_LIVE: set[Path] = set()


@atexit.register
def _remove_live_partials() -> None:
    for tmp in list(_LIVE):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _LIVE.clear()


def final_mode(target: Path, perms: int | None) -> int:
    if perms is not None:
        return perms
    try:
        return stat.S_IMODE(os.stat(target).st_mode) & 0o777
    except FileNotFoundError:
        return umask_mode()


def _publish_anonymous(fd: int, target: Path, exclusive: bool) -> None:
    """Name the finished nameless file: linked straight to ``target`` when exclusive
    (fails if it exists), else linked under a partial name (still locked: the lock is on
    the file) and renamed over ``target``."""
    if exclusive:
        try:
            portable.link_anonymous(fd, target)
        except FileExistsError:
            raise exists_error(target) from None
        except OSError as exc:
            raise named_error(exc, "create", target) from None
        return
    tmp = _partial_name(target)
    with deferred_signals():
        with doing("create", target):
            portable.link_anonymous(fd, tmp)
        _LIVE.add(tmp)
    try:
        with doing("rename into place", target):
            os.replace(tmp, target)
    except BaseException:
        with deferred_signals(), contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        _LIVE.discard(tmp)


def _publish(tmp: Path, target: Path, exclusive: bool) -> None:
    """Give the finished ``tmp`` its final name; it never half-exists under it."""
    if not exclusive:
        with doing("rename into place", target):
            os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise exists_error(target) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise named_error(exc, "create", target) from None
        # No hard links here (some network and FAT file systems): claim the name with
        # O_EXCL, then rename the finished file over our own claim.
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise exists_error(target) from None
        with doing("rename into place", target):
            os.replace(tmp, target)
        return
    with doing("remove the partial file", tmp):
        os.unlink(tmp)


def sync_folder(directory: Path) -> None:
    """fsync a folder (so a rename in it survives a power cut); best effort."""
    portable.sync_folder(directory)


# ------------------------------------------------------------------- file objects
@contextlib.contextmanager
def atomic_output(path: PathLike, mode: str = "wb", encoding: str | None = None,
                  perms: int | None = None, exclusive: bool = False) -> Iterator[IO]:
    """Yield a file to write ``path``'s new content into (see the module docstring)."""
    kind = output_kind(path)
    if kind == "stdout":
        stream: IO = sys.stdout.buffer if "b" in mode else sys.stdout
        with doing("write", "-"):
            yield stream
            stream.flush()
        return
    if kind == "stream":
        with doing("open", path), open(path, mode, encoding=encoding) as fh, \
                doing("write", path):
            yield fh
            fh.flush()
        return
    with building(path, exclusive=exclusive, perms=perms) as fd, \
            os.fdopen(fd, mode, encoding=encoding, closefd=False,
                      newline="" if "b" not in mode else None) as fh, doing("write", path):
        yield fh
        fh.flush()


def write_bytes(path: PathLike, data: bytes, perms: int | None = None,
                exclusive: bool = False) -> None:
    with atomic_output(path, "wb", perms=perms, exclusive=exclusive) as fh, doing("write", path):
        fh.write(data)


def create_new(path: PathLike, data: bytes, fsync: bool = True) -> None:
    """Write ``data`` to a file that must not exist yet (``O_EXCL``), mode from the umask.

    For files inside a fresh staging folder that is published as a whole (``build``):
    no temporary name is needed, the folder itself is the unit that appears atomically."""
    with doing("create", path):
        fd = portable.open_fd(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, umask_mode())
    try:
        with doing("write", path):
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if fsync:
                os.fsync(fd)
    finally:
        os.close(fd)


def write_text(path: PathLike, text: str, perms: int | None = None,
               exclusive: bool = False) -> None:
    write_bytes(path, text.encode("utf-8"), perms=perms, exclusive=exclusive)


def copy_file(src: PathLike, dst: PathLike, mode_from_source: bool = True,
              exclusive: bool = True) -> None:
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
            raise named_error(OSError(errno.EINVAL, "not a regular file"), "copy", src)
        perms = (stat.S_IMODE(st.st_mode) & umask_mode()) if mode_from_source else None
        with atomic_output(dst, "wb", perms=perms, exclusive=exclusive) as fout, \
                doing(f"copy {os.fspath(src)} to", dst):
            shutil.copyfileobj(fin, fout, 1 << 20)
