"""Several files of one folder replaced as one step (``excel import``): every reader sees
all of them old or all of them new, even after a SIGKILL or a power cut between two
renames (issue 23, Build 1).

The protocol is a redo journal, the file-level twin of ``build``'s generation swap:

1. **stage**: each new content is written, fsynced and given its final mode as a hidden
   *staged file* ``.NAME.spbe-staged.<tx>`` beside its target, locked while this run
   lives (``portable.lock``). Nothing a reader looks at has changed.
2. **commit**: the journal ``.spbe-journal.<tx>.json`` listing every staged → target
   pair is written atomically (``atomic.write_bytes``: partial file, fsync, rename). Its
   appearance is the one instant at which the import happens.
3. **apply**: each staged file is renamed over its target; then the journal is removed.

A run that stops before the commit (error, signal, kill, full disk) leaves the targets
as they were: its staged files are removed at once, or — after a SIGKILL — by the next
``recover`` of the folder, which removes staged files that have no journal and that no
live run holds. A run that stops after the commit is *rolled forward* by ``recover``:
every rename is repeated where its staged file is still there (renaming is idempotent:
a staged file that is gone was already moved), then the journal is removed. Every
command that reads a workspace calls ``recover`` on its ``risks/`` folder first
(``sources.read_sources``), so no command ever reads a half-applied import; where the
folder cannot be written (a read-only copy), ``pending`` tells the reader which staged
file stands for which target.

Portable by construction: only named files, ``os.replace`` and JSON (no ``O_TMPFILE``,
no ``renameat2``); where open files cannot be renamed (Windows) the staged files are
closed after the commit, which is when the journal takes over protecting them.

Targets: all in one folder, each a regular file or missing and never followed through a
symbolic link (the link itself is refused). ``new`` targets must not exist when the
journal is committed (checked under ``portable.folder_lock``, so two imports cannot both
create one file); a file someone creates by hand between that check and the rename is
replaced.

Layer: shell. Imports the standard library, ``portable``, ``interrupts`` and ``atomic``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
from pathlib import Path

from spbe_risk import atomic, portable
from spbe_risk.interrupts import cleanup_on_signals, deferred_signals

SCHEMA = "spbe-risk/publish-journal"
_JOURNAL = re.compile(r"^\.spbe-journal\.([0-9a-f]{12})\.json$")
_STAGED = re.compile(r"^\.(.+)" + re.escape(atomic.STAGED) + r"([0-9a-f]{12})$")


def journal_name(tx: str) -> str:
    return f".spbe-journal.{tx}.json"


def staged_name(target: str, tx: str) -> str:
    return f".{target}{atomic.STAGED}{tx}"


def publish_together(files: dict[Path, bytes], new: frozenset[Path] = frozenset()) -> None:
    """Replace (or create, for ``new``) every file of ``files`` with its bytes, as one
    step (see the module docstring). Raises ``OSError`` naming the file on failure:
    before the commit nothing changed; after it, the rest is completed by the next run."""
    if not files:
        return
    targets = [Path(t) for t in files]
    folder = targets[0].parent
    if any(t.parent != folder for t in targets):
        raise ValueError("publish_together: every target must be in one folder")
    with atomic.doing("create the folder", folder):
        folder.mkdir(parents=True, exist_ok=True)
    tx = secrets.token_hex(6)
    with cleanup_on_signals(), portable.folder_lock(folder):
        recover(folder)
        entries = _stage_and_commit(folder, tx, files, new)
        with deferred_signals():
            _apply(folder, journal_name(tx), entries)


def _stage_and_commit(folder: Path, tx: str, files: dict[Path, bytes],
                      new: frozenset[Path]) -> list[tuple[str, str]]:
    """Stage every file and write the journal; on any failure before the journal exists,
    remove what was staged and re-raise (the targets are untouched)."""
    staged: list[tuple[Path, int]] = []
    try:
        for target, data in files.items():
            target = Path(target)
            _check_target(target, target in new)
            tmp = folder / staged_name(target.name, tx)
            with deferred_signals():           # created and registered as one step
                with atomic.doing("create", target):
                    fd = portable.open_fd(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600,
                                          nofollow=True)
                staged.append((tmp, fd))
            portable.lock(fd)
            with atomic.doing("write", target):
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            with atomic.doing("set permissions of", target):
                portable.fchmod(fd, tmp, atomic.final_mode(target, None))
        for target in new:
            _check_target(Path(target), True)
        entries = [(tmp.name, Path(t).name) for (tmp, _fd), t in zip(staged, files, strict=True)]
        body = {"schema": SCHEMA, "schema_version": 1,
                "files": [{"staged": s, "target": t} for s, t in entries]}
        atomic.sync_folder(folder)
        with deferred_signals():               # the commit: the journal appears whole
            atomic.write_bytes(folder / journal_name(tx),
                               (json.dumps(body, ensure_ascii=False, indent=1) + "\n")
                               .encode("utf-8"), perms=0o600)
    except BaseException:
        with deferred_signals():
            for tmp, _fd in staged:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        raise
    finally:
        for _tmp, fd in staged:
            os.close(fd)
    return entries


def _check_target(target: Path, must_be_new: bool) -> None:
    if os.path.islink(target):
        raise atomic.named_error(OSError(errno.ELOOP, "is a symbolic link, expected a regular "
                                                      "file (never written through)"),
                                 "write", target)
    kind = atomic.output_kind(target)
    if kind != "file":
        raise atomic.refused(target, kind)
    if must_be_new and os.path.lexists(target):
        raise atomic.exists_error(target)


def _apply(folder: Path, journal: str, entries: list[tuple[str, str]]) -> None:
    """Rename every staged file still present over its target, then drop the journal.
    Safe to repeat, and to run in two processes at once."""
    for staged, target in entries:
        try:
            with atomic.doing("rename into place", folder / target):
                os.replace(folder / staged, folder / target)
        except FileNotFoundError:
            if os.path.lexists(folder / staged):
                raise
    atomic.sync_folder(folder)
    with contextlib.suppress(FileNotFoundError), atomic.doing("remove", folder / journal):
        os.unlink(folder / journal)
    atomic.sync_folder(folder)


def _read_journal(folder: Path, name: str) -> list[tuple[str, str]] | None:
    """The staged → target pairs of the journal ``name``, or None when it is not one this
    tool wrote (wrong shape, or a name outside the folder): such a file is left alone."""
    m = _JOURNAL.match(name)
    if m is None:
        return None
    try:
        fd = portable.open_fd(folder / name, os.O_RDONLY, nofollow=True, nonblock=True)
        with os.fdopen(fd, "rb") as fh:
            body = json.loads(fh.read(1 << 20))
        items = body["files"] if body.get("schema") == SCHEMA else None
        pairs = [(str(i["staged"]), str(i["target"])) for i in items]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    for staged, target in pairs:
        if (not target or target.startswith(".") or "/" in target or "\\" in target
                or staged != staged_name(target, m.group(1))):
            return None
    return pairs


def recover(folder: Path) -> None:
    """Finish what killed runs left in ``folder``: roll every committed journal forward,
    remove staged files that no journal lists and no live run holds. Raises ``OSError``
    when the folder cannot be changed (see ``pending``)."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    listed: set[str] = set()
    for name in sorted(names):
        pairs = _read_journal(folder, name)
        if pairs is None:
            continue
        listed.update(s for s, _t in pairs)
        if os.path.lexists(folder / name):
            _apply(folder, name, pairs)
    for name in names:
        if name in listed or _STAGED.match(name) is None:
            continue
        atomic.remove_unheld(folder / name)


def pending(folder: Path) -> dict[str, Path]:
    """Target name → staged file, for every committed journal still in ``folder`` (what
    a reader must read instead of the target when ``recover`` could not run)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    out: dict[str, Path] = {}
    for name in names:
        for staged, target in _read_journal(folder, name) or ():
            if os.path.lexists(folder / staged):
                out[target] = folder / staged
    return out
