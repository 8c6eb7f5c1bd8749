"""A workspace as it was at a git revision, read with ``git show`` (no checkout, the
work tree is never touched) into the same ``SourceFiles`` a folder gives.

Only the workspace's own files are read at the revision (``instansi.yaml``,
``assets.yaml``, ``risks/*.yaml``, ``controls/``); the shipped catalogs and matrices are
today's. Problems name files as ``REV:path`` so a broken old revision is found easily.
git runs with a fixed argument list (no shell), ``--`` before paths, and a revision that
looks like an option is refused.

Layer: shell (outside world). May import the core and ``sources``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath

import spbe_risk.sources.diagnostics as D
from spbe_risk.load import SourceFiles
from spbe_risk.messages import Msg
from spbe_risk.problems import InputError, Problem
from spbe_risk.resources import controls_dir

GIT_TIMEOUT = 120


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise InputError([Problem("git", 0, 0, D.NO_GIT())]) from None
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError([Problem("git", 0, 0, D.GIT_FAILED(         # git's stderr: data
            command=" ".join(args[:2]), reason=msg[0] if msg else Msg(D.FAILED)))])
    return done.stdout


def _revision(repo: Path, rev: str) -> str:
    if not rev or rev.startswith("-"):
        raise InputError([Problem("--git", 0, 0, D.BAD_REVISION(rev=repr(rev)))])
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except InputError:
        raise InputError([Problem("--git", 0, 0, D.UNKNOWN_REVISION(
            repo=str(repo), rev=repr(rev)))]) from None


def read_sources_at(workspace: str | os.PathLike[str], rev: str) -> SourceFiles:
    """The workspace's files at ``rev`` (a commit, tag or branch) as SourceFiles."""
    from spbe_risk.sources import _read, _yaml_files

    base = Path(workspace).resolve()
    top = Path(_git(base if base.is_dir() else base.parent, "rev-parse", "--show-toplevel")
               .decode().strip())
    commit = _revision(top, rev)
    rel = PurePosixPath(*base.relative_to(top).parts) if base != top else PurePosixPath()
    prefix = "" if str(rel) == "." else f"{rel}/"
    from spbe_risk.load.yamlsource import MAX_FILE_BYTES

    # ``-l``: every blob's size comes with its name, so an oversized blob (a huge file
    # git stores compressed) is refused before a byte of it is read (issue 23 §8)
    listed = _git(top, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--",
                  prefix or ".") if prefix else _git(top, "ls-tree", "-r", "-z", "-l", commit)
    sizes: dict[str, int] = {}
    for line in listed.split(b"\0"):
        meta, tab, path = line.partition(b"\t")
        if tab:
            size = meta.split()[-1]
            sizes[path.decode("utf-8", "surrogateescape")] = int(size) if size.isdigit() else 0
    names = list(sizes)

    def show(path: str) -> bytes:
        if sizes.get(path, 0) > MAX_FILE_BYTES:
            raise InputError([Problem(label(path), 0, 0, D.FILE_TOO_LARGE(
                limit=MAX_FILE_BYTES, size=sizes[path]))])
        return _git(top, "show", f"{commit}:{path}")

    def label(path: str) -> str:
        return f"{rev}:{path}"

    def under(folder: str) -> dict[str, bytes]:
        want = f"{prefix}{folder}/"
        return {label(n): show(n) for n in sorted(names)
                if n.startswith(want) and "/" not in n[len(want):]
                and n.endswith((".yaml", ".yml")) and not n[len(want):].startswith(".")}

    def one(name: str) -> tuple[str, bytes] | None:
        path = f"{prefix}{name}"
        return (label(path), show(path)) if path in names else None

    shipped = controls_dir()
    return SourceFiles(
        root=label(prefix.rstrip("/") or "."),
        context=one("instansi.yaml"),
        registers=under("risks"),
        inventory=one("assets.yaml"),
        matrices={**_read(_yaml_files(shipped / "matrices")), **under("controls/matrices")},
        catalogs={**_read(_yaml_files(shipped)), **under("controls")},
        audit_rules=_read(_yaml_files(shipped / "audit-rules")),
    )


def state_at(workspace: str | os.PathLike[str], rev: str) -> dict[str, dict]:
    """The scored state (``spbe_risk.diff``) of the workspace at ``rev``."""
    from spbe_risk.diff import state_of
    from spbe_risk.load import load_workspace
    from spbe_risk.scoring import score_workspace

    result = load_workspace(read_sources_at(workspace, rev))
    if result.workspace is None:
        raise InputError(list(result.errors))
    return state_of(score_workspace(result.workspace))


def state_now(workspace: str | os.PathLike[str]) -> dict[str, dict]:
    """The scored state of the workspace folder as it is now (uncommitted edits included)."""
    from spbe_risk.diff import state_of
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load_or_raise

    ws, _warnings = load_or_raise(workspace)
    return state_of(score_workspace(ws))
