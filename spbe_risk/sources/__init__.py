"""Read a workspace folder from disk into ``SourceFiles`` (the shell side of loading).

Only regular ``*.yaml``/``*.yml`` files in the known places are read, never following
links out of the workspace, so a register folder cannot make the tool read elsewhere.

Layer: shell (outside world). May import the core and, lazily, ``evidence``.
"""

from __future__ import annotations

import os
from pathlib import Path

from spbe_risk.load import LoadResult, SourceFiles, load_workspace
from spbe_risk.problems import InputError, Problem
from spbe_risk.resources import controls_dir


def display(path: Path) -> str:
    """A path as the user will recognise it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yaml", ".yml") and p.is_file() and not p.is_symlink()
                  and not p.name.startswith("."))


def _read_bytes(path: Path) -> bytes:
    from spbe_risk.atomic import doing

    with doing("read", path):
        return path.read_bytes()


def _read(paths: list[Path]) -> dict[str, bytes]:
    return {display(p): _read_bytes(p) for p in paths}


def _one(folder: Path, name: str) -> tuple[str, bytes] | None:
    path = folder / name
    if path.is_file():
        return display(path), _read_bytes(path)
    return None


def load_shipped_catalogs():
    """The shipped control catalogs alone (for ``controls list/show`` outside a workspace)."""
    from spbe_risk.load import load_catalogs

    problems: list[Problem] = []
    katalog = load_catalogs(_read(_yaml_files(controls_dir())), problems)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return katalog


def read_sources(root: str | os.PathLike[str]) -> SourceFiles:
    """Every file a workspace load needs: the workspace's own and the shipped catalogs."""
    base = Path(root)
    if not base.is_dir():
        raise InputError([Problem(display(base), 0, 0,
                                  "expected a workspace folder holding instansi.yaml, "
                                  "found no such folder")])
    shipped = controls_dir()
    own = base / "controls"
    matrices = _read(_yaml_files(shipped / "matrices") + _yaml_files(own / "matrices"))
    catalogs = _read(_yaml_files(shipped) + _yaml_files(own))
    return SourceFiles(
        root=display(base),
        context=_one(base, "instansi.yaml"),
        registers=_read(_yaml_files(base / "risks")),
        inventory=_one(base, "assets.yaml"),
        matrices=matrices,
        catalogs=catalogs,
        audit_rules=_read(_yaml_files(shipped / "audit-rules")),
    )


def load(root: str | os.PathLike[str]) -> LoadResult:
    """Read and validate a workspace folder."""
    import gc

    src = read_sources(root)
    # The model is built once and then only read: generational GC passes over the
    # hundreds of thousands of new objects cost a quarter of the load time and free
    # nothing, so collection is paused while loading and the result is frozen after.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = load_workspace(src)
    finally:
        if gc_was_enabled:
            gc.enable()
    gc.freeze()
    return result


def load_or_raise(root: str | os.PathLike[str]):
    """The validated Workspace, or InputError carrying every problem."""
    result = load(root)
    if result.workspace is None:
        raise InputError(list(result.problems))
    return result.workspace, result.warnings
