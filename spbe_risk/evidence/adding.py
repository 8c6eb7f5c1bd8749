"""``evidence add``: copy evidence files into a folder and index them in ``audit.json``.

Order of work, so a refused or interrupted ``add`` changes nothing it should not:

1. every option and every file is checked, and the new ``audit.json`` is built and
   validated in memory (control ids against the workspace and catalogs, ``--dikumpulkan``,
   ``--uraian``, names) — before any file is touched;
2. each file is copied under a partial name, fsynced and published exclusively
   (``atomic.building``): a killed copy never appears under its final name, and its
   leftover is removed by the next run;
3. ``audit.json`` is replaced last. A run killed between 2 and 3 leaves complete
   copies that are not indexed yet; running the same ``add`` again indexes them (a
   file already in the folder with the same content is taken as it is, not refused).

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spbe_risk.atomic import building, doing, is_partial, umask_mode
from spbe_risk.evidence import auditmeta
from spbe_risk.evidence import diagnostics as D
from spbe_risk.evidence.auditcheck import KnownIds
from spbe_risk.evidence.folder import _problems, audit_path, audit_problems, load_audit, write_audit
from spbe_risk.evidence.hashing import hash_file
from spbe_risk.evidence.paths import collision_key, path_problem
from spbe_risk.evidence.readfile import open_regular
from spbe_risk.formats.safe import visible
from spbe_risk.problems import InputError, Problem

CHUNK = 1 << 20


@dataclass(frozen=True)
class Added:
    path: str        # bag-relative, e.g. data/evidence/screenshots/login.png
    source: str
    copied: bool     # False when the file was already in place and only indexed
    #: The description this add replaced (the path was indexed with another ``uraian``).
    uraian_lama: str | None = None


def _split_ids(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        for part in v.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def _shown(path: Path | str) -> str:
    return visible(str(path))


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_evidence(folder: str | os.PathLike[str], files: Sequence[str | os.PathLike[str]],
                 controls: Iterable[str], uraian: str = "", into: str | None = None,
                 collected: str | None = None, known: KnownIds | None = None) -> list[Added]:
    """Copy files (or folders, recursively) into ``data/evidence/[into/]`` and index them.

    Names are normalised to NFC; a name that is unsafe (control, bidi or invisible
    characters included), collides with an existing file (NFC + case folding), or is a
    symlink or special file is refused — nothing is copied unless every file can be.
    A file already inside ``data/evidence/`` is indexed in place.
    """
    base = Path(folder)
    audit = load_audit(base)
    ids = _split_ids(controls)
    problems: list[Problem] = []
    if not ids:
        problems.append(Problem("--kontrol", 0, 0, D.NO_CONTROL()))
    for c in ids:
        if not auditmeta.IDENT.fullmatch(c):
            problems.append(Problem("--kontrol", 0, 0, D.BAD_CONTROL(found=visible(repr(c)))))
    evidence_root = (base / "data" / "evidence").resolve()
    prefix = "data/evidence/"
    if into:
        into_n = unicodedata.normalize("NFC", into.strip("/"))
        reason = path_problem(into_n)
        if reason:
            problems.append(Problem("--into", 0, 0, D.UNSAFE_INTO(name=_shown(repr(into)),
                                                                  problem=reason)))
        prefix += into_n + "/"
    plan = _plan(files, prefix, evidence_root, base, problems)
    existing = {collision_key(p): p for p in _files_under(base / "data" / "evidence", base)}
    claimed: dict[str, str] = {}
    steps: list[tuple[Path, str, bool]] = []
    for src, rel, in_place in plan:
        reason = path_problem(rel)
        if reason:
            problems.append(Problem(_shown(src), 0, 0, D.UNSAFE_NAME_FOR(
                name=_shown(repr(rel)), problem=reason)))
            continue
        key = collision_key(rel)
        if key in claimed:
            problems.append(Problem(_shown(src), 0, 0, D.ADD_COLLIDES(
                name=_shown(rel), other=_shown(claimed[key]))))
            continue
        claimed[key] = rel
        if not in_place and key in existing:
            if existing[key] == rel and _same_content(src, base / rel):
                in_place = True             # a retry after an interrupted add: index it
            else:
                problems.append(Problem(_shown(src), 0, 0, D.EXISTS_OTHER_CONTENT(
                    name=_shown(existing[key]))))
                continue
        steps.append((src, rel, in_place))
    stamp = collected if collected is not None else _now()
    updated = _indexed(audit, steps, ids, uraian, stamp)
    found = audit_problems(updated, known)
    if found:
        problems.extend(_problems(str(audit_path(base)), _as_option(found, collected)))
    if problems:
        raise InputError(problems)
    before = {b["path"]: b.get("uraian") or "" for b in audit["bukti"]}
    added: list[Added] = []
    for src, rel, in_place in steps:
        if not in_place:
            _copy(src, base / rel)
        old = before.get(rel)
        added.append(Added(rel, str(src), not in_place,
                           old if uraian and old and old != uraian else None))
    write_audit(audit_path(base), auditmeta.canonical_bytes(updated))
    return added


def _as_option(found: list[tuple[str, str]], collected: str | None) -> list[tuple[str, str]]:
    """Name the option a problem came from when it is one (``--dikumpulkan``, ``--uraian``)."""
    out = []
    for where, message in found:
        if where.endswith(".dikumpulkan") and collected is not None:
            where = "--dikumpulkan"
        elif where.endswith(".uraian"):
            where = "--uraian"
        out.append((where, message))
    return out


def _plan(files: Sequence[str | os.PathLike[str]], prefix: str, evidence_root: Path,
          base: Path, problems: list[Problem]) -> list[tuple[Path, str, bool]]:
    plan: list[tuple[Path, str, bool]] = []     # (source, bag path, already in place)
    for f in files:
        src = Path(f)
        if is_partial(src.name):
            problems.append(Problem(_shown(src), 0, 0, D.PARTIAL_NOT_ADDED()))
            continue
        if src.is_symlink():
            problems.append(Problem(_shown(src), 0, 0, D.SYMLINK_ADD_TARGET()))
            continue
        if src.is_dir():
            for child in sorted(src.rglob("*")):
                rel = child.relative_to(src.parent).as_posix()
                if child.is_symlink():
                    problems.append(Problem(_shown(child), 0, 0, D.SYMLINK_REFUSED()))
                elif child.is_file():
                    if not is_partial(child.name):
                        plan.append((child, prefix + unicodedata.normalize("NFC", rel), False))
                elif not child.is_dir():
                    problems.append(Problem(_shown(child), 0, 0, D.NOT_REGULAR()))
            continue
        if not src.exists():
            problems.append(Problem(_shown(src), 0, 0, D.NOT_FOUND()))
            continue
        if not src.is_file():
            problems.append(Problem(_shown(src), 0, 0, D.NOT_REGULAR()))
            continue
        resolved = src.resolve()
        if resolved.is_relative_to(evidence_root):
            plan.append((src, resolved.relative_to(base.resolve()).as_posix(), True))
        else:
            plan.append((src, prefix + unicodedata.normalize("NFC", src.name), False))
    return plan


def _indexed(audit: dict, steps: list[tuple[Path, str, bool]], ids: list[str], uraian: str,
             stamp: str) -> dict:
    updated = copy.deepcopy(audit)
    indexed = {b["path"]: b for b in updated["bukti"]}
    for _src, rel, _in_place in steps:
        entry = indexed.get(rel)
        if entry is None:
            entry = {"path": rel, "kontrol": [], "uraian": uraian, "dikumpulkan": stamp}
            updated["bukti"].append(entry)
            indexed[rel] = entry
        for c in ids:
            if c not in entry["kontrol"]:
                entry["kontrol"].append(c)
        if uraian:
            entry["uraian"] = uraian
    updated["bukti"].sort(key=lambda b: b["path"].encode("utf-8", "surrogatepass"))
    return updated


def _same_content(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and hash_file(a) == hash_file(b)
    except OSError:
        return False


def _copy(src: Path, target: Path) -> None:
    """Copy ``src`` to the new file ``target``: partial name, fsync, exclusive publish."""
    with doing("open", src):
        fin = open_regular(src)
    try:
        # a copy is never more readable than its source (an 0600 file stays 0600)
        with building(target, exclusive=True,
                      perms=stat.S_IMODE(os.fstat(fin).st_mode) & umask_mode()) as fout:
            while True:
                with doing("read", src):
                    chunk = os.read(fin, CHUNK)
                if not chunk:
                    break
                view = memoryview(chunk)
                with doing("write", target):
                    while view:
                        view = view[os.write(fout, view):]
    finally:
        os.close(fin)


def remove_entries(folder: str | os.PathLike[str], paths: Sequence[str]) -> list[str]:
    """Take the entries ``paths`` (bag paths, ``data/evidence/...``) out of ``audit.json``;
    the files stay. Every path must be indexed, or nothing is changed."""
    base = Path(folder)
    audit = load_audit(base)
    wanted = [p.replace("\\", "/") for p in paths]
    have = {b["path"] for b in audit["bukti"]}
    missing = [p for p in wanted if p not in have]
    if missing:
        raise InputError([Problem(_shown(p), 0, 0, D.NOT_IN_INDEX())
                          for p in missing])
    updated = copy.deepcopy(audit)
    updated["bukti"] = [b for b in updated["bukti"] if b["path"] not in set(wanted)]
    write_audit(audit_path(base), auditmeta.canonical_bytes(updated))
    return wanted


def _files_under(root: Path, base: Path) -> list[str]:
    if not root.is_dir():
        return []
    return [p.relative_to(base).as_posix() for p in root.rglob("*")
            if p.is_file() and not is_partial(p.name)]
