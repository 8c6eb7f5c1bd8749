"""Read a workspace folder from disk into ``SourceFiles`` (the shell side of loading).

Only regular ``*.yaml``/``*.yml`` files in the known places are read, never following
links out of the workspace, so a register folder cannot make the tool read elsewhere; a
FIFO, device or socket in their place is refused with a clear problem (``read_regular``),
never waited on. File names are shown as valid text (``display``): bytes that are not
UTF-8 appear as ``\\x`` + 2 hex digits (``\\xff``), so no output (JSON, CSV, terminal) carries invalid UTF-8.

Layer: shell (outside world). May import the core and, lazily, ``evidence``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from spbe_risk import portable
from spbe_risk.load import LoadResult, SourceFiles, load_workspace
from spbe_risk.load.diagnostics import NO_WORKSPACE, NOT_A_FILE
from spbe_risk.messages import N_, msg
from spbe_risk.problems import InputError, Problem
from spbe_risk.resources import controls_dir

#: display name → the path it was read from (names with escaped bytes differ from it)
_READ_FROM: dict[str, Path] = {}


def visible(name: str) -> str:
    """``name`` as valid text: undecodable bytes (surrogate escapes) shown as ``\\xff``-style escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def display(path: Path) -> str:
    """A path as the user will recognise it: relative to the current folder when inside
    it, always valid text (``visible``)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = os.fsdecode(path)
    name = visible(rel if not rel.startswith("..") else os.fsdecode(path))
    _READ_FROM[name] = Path(path)
    return name


def source_path(name: str) -> Path:
    """The file behind a display name from ``display`` (for reading it again)."""
    return _READ_FROM.get(name, Path(name))


_KINDS = ((stat.S_ISFIFO, N_("FIFO (pipa bernama)")), (stat.S_ISCHR, N_("perangkat karakter")),
          (stat.S_ISBLK, N_("perangkat blok")), (stat.S_ISSOCK, N_("soket")),
          (stat.S_ISDIR, N_("folder")))


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file; anything else (FIFO, device, socket, folder) is an
    InputError naming what was found. Opened without blocking, checked on the open
    descriptor (no check-then-open race), so a FIFO never makes the tool wait."""
    from spbe_risk.atomic import doing

    with doing("read", path):
        return _read_regular(path)


def _read_regular(path: Path) -> bytes:
    try:
        fd = portable.open_fd(path, os.O_RDONLY, nonblock=True)
    except IsADirectoryError:
        fd = None
    if fd is None:
        mode = os.stat(path).st_mode
    else:
        mode = os.fstat(fd).st_mode
    if fd is None or not stat.S_ISREG(mode):
        if fd is not None:
            os.close(fd)
        what = next((text for test, text in _KINDS if test(mode)), N_("bukan berkas biasa"))
        raise InputError([Problem(display(path), 0, 0, NOT_A_FILE(found=msg(what)))])
    with os.fdopen(fd, "rb") as f:
        return f.read()


def _yaml_files(folder: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` entry (not hidden, not a link): regular files are read,
    anything else is refused when read."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yaml", ".yml") and not p.is_symlink()
                  and not p.name.startswith("."))


def _read(paths: list[Path]) -> dict[str, bytes]:
    problems: list[Problem] = []
    out = {}
    for p in paths:
        try:
            out[display(p)] = read_regular(p)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return out


def _one(folder: Path, name: str) -> tuple[str, bytes] | None:
    path = folder / name
    if path.exists() and not path.is_symlink():
        return display(path), read_regular(path)
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
        raise InputError([Problem(display(base), 0, 0, NO_WORKSPACE())])
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
        tindak_lanjut=_one(base, "tindak-lanjut.yaml"),
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


def load_unit_or_raise(root: str | os.PathLike[str], upr: str):
    """(Workspace, warnings, problems elsewhere) for the commands scoped to one UPR
    (``--upr``): when the workspace has errors only in other units' register files, the
    workspace is loaded with this unit's registers alone, and the number of those other
    problems is returned (they keep the workspace from a full build). Errors in shared
    files (instansi.yaml, assets.yaml, catalogs), in the unit's own registers, or across
    files involving them (a duplicate id, named in the message) still raise InputError.

    A register is the unit's when its ``upr`` says so; a file too broken to say (a YAML
    syntax error) is the unit's when its name starts with ``UPR-`` (the layout's
    ``risks/<upr>-<periode>.yaml``), so a unit's own broken file always blocks it."""
    from dataclasses import replace

    from spbe_risk.load import load_workspace
    from spbe_risk.load.yamlsource import parse

    src = read_sources(root)
    full = load_workspace(src)
    if full.workspace is not None:
        return full.workspace, full.warnings, 0

    def owner(name: str, raw: bytes) -> str | None:
        data = parse(name, raw).data
        if isinstance(data, dict) and isinstance(data.get("upr"), str):
            return data["upr"]
        return upr if Path(name).name.startswith(f"{upr}-") else None

    own = {name for name, raw in src.registers.items() if owner(name, raw) == upr}
    others = set(src.registers) - own
    blocking = [p for p in full.errors
                if p.file not in others or any(name in p.message for name in own)]
    if blocking or not own:
        raise InputError(blocking or list(full.problems))
    unit = load_workspace(replace(src, registers={k: v for k, v in src.registers.items()
                                                  if k in own}))
    if unit.workspace is None:
        raise InputError(list(unit.problems))
    elsewhere = len([p for p in full.errors if p.file in others])
    return unit.workspace, unit.warnings, elsewhere
