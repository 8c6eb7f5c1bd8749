"""The auditor's evidence folder, before sealing: ``init``, ``add``, conclusions, findings.

Layout::

    DIR/data/audit.json        the audit record (canonical JSON, rewritten atomically)
    DIR/data/evidence/…        copies of the evidence files
    DIR/data/report/           the rendered LHAK, when there is one

Every change goes through :func:`save_audit`, which validates before writing, so the
folder never holds an ``audit.json`` that ``seal`` would refuse for its form.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spbe_risk.atomic import atomic_output, write_bytes
from spbe_risk.evidence import auditmeta
from spbe_risk.evidence.paths import collision_key, path_problem
from spbe_risk.problems import InputError, Problem

AUDIT_REL = Path("data") / "audit.json"


def audit_path(folder: str | os.PathLike[str]) -> Path:
    return Path(folder) / AUDIT_REL


def _problems(file: str, found: list[tuple[str, str]]) -> list[Problem]:
    return [Problem(file, 0, 0, f"{where}: {msg}" if where else msg) for where, msg in found]


def load_audit(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse and validate ``DIR/data/audit.json``; every problem → InputError."""
    path = audit_path(folder)
    if not path.is_file():
        raise InputError([Problem(str(path), 0, 0, "not found; run `spbe-risk evidence init` "
                                                   "first")])
    try:
        audit = auditmeta.parse(path.read_bytes())
    except auditmeta.AuditJsonError as exc:
        raise InputError([Problem(str(path), exc.line, exc.col, exc.message)]) from None
    problems = auditmeta.validate(audit, complete=False)
    if problems:
        raise InputError(_problems(str(path), problems))
    return audit


def save_audit(folder: str | os.PathLike[str], audit: dict[str, Any]) -> None:
    path = audit_path(folder)
    problems = auditmeta.validate(audit, complete=False)
    if problems:
        raise InputError(_problems(str(path), problems))
    write_bytes(path, auditmeta.canonical_bytes(audit))


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_audit_id(parent: Path, year: int) -> str:
    """The first ``AUD-<year>-NNNN`` not used by a folder or bundle beside ``parent``."""
    used = set()
    pattern = re.compile(rf"AUD-{year}-(\d{{4}})(\.zip)?")
    if parent.is_dir():
        for child in parent.iterdir():
            m = pattern.fullmatch(child.name)
            if m:
                used.add(int(m.group(1)))
    n = 1
    while n in used:
        n += 1
    return f"AUD-{year}-{n:04d}"


def init_folder(folder: str | os.PathLike[str], *, aset: str, jenis_audit: str, periode: str,
                auditor: str, organisasi: str, nip: str | None = None,
                id_audit: str | None = None, pelaksana: str = "internal",
                ruang_lingkup: str = "", today: dt.date | None = None) -> dict[str, Any]:
    """Create the folder layout and a fresh ``audit.json``.

    Without ``id_audit`` the folder's own name is used when it looks like
    ``AUD-YYYY-NNNN``, else the next free number of the year among its siblings.
    """
    base = Path(folder)
    path = audit_path(base)
    if path.exists():
        raise InputError([Problem(str(path), 0, 0, "already exists; this folder is already "
                                                   "an evidence folder")])
    if id_audit is None:
        if auditmeta.ID_AUDIT.fullmatch(base.resolve().name):
            id_audit = base.resolve().name
        else:
            year = (today or dt.date.today()).year
            id_audit = next_audit_id(base.resolve().parent, year)
    audit = auditmeta.new_audit(id_audit=id_audit, aset=aset, jenis_audit=jenis_audit,
                                periode=periode, auditor_nama=auditor, auditor_nip=nip,
                                organisasi=organisasi, pelaksana=pelaksana,
                                ruang_lingkup=ruang_lingkup)
    problems = auditmeta.validate(audit, complete=False)
    if problems:
        raise InputError(_problems("evidence init", problems))
    (base / "data" / "evidence").mkdir(parents=True, exist_ok=True)
    (base / "data" / "report").mkdir(parents=True, exist_ok=True)
    write_bytes(path, auditmeta.canonical_bytes(audit))
    return audit


def _split_ids(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        for part in v.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


@dataclass(frozen=True)
class Added:
    path: str        # bag-relative, e.g. data/evidence/screenshots/login.png
    source: str
    copied: bool     # False when the file was already in place and only indexed


def add_evidence(folder: str | os.PathLike[str], files: Sequence[str | os.PathLike[str]],
                 controls: Iterable[str], uraian: str = "", into: str | None = None,
                 collected: str | None = None) -> list[Added]:
    """Copy files (or folders, recursively) into ``data/evidence/[into/]`` and index them.

    Names are normalised to NFC; a name that is unsafe, collides with an existing file
    (NFC + case folding), or is a symlink or special file is refused — nothing is copied
    unless every file can be. A file already inside ``data/evidence/`` is indexed in place.
    """
    base = Path(folder)
    audit = load_audit(base)
    ids = _split_ids(controls)
    problems: list[Problem] = []
    if not ids:
        problems.append(Problem("--control", 0, 0, "expected at least one control id"))
    for c in ids:
        if not auditmeta.IDENT.fullmatch(c):
            problems.append(Problem("--control", 0, 0, f"expected a control id (letters, "
                                                       f"digits, '.', '_', '-'), found {c!r}"))
    evidence_root = (base / "data" / "evidence").resolve()
    prefix = "data/evidence/"
    if into:
        into_n = unicodedata.normalize("NFC", into.strip("/"))
        reason = path_problem(into_n)
        if reason:
            problems.append(Problem("--into", 0, 0, f"unsafe folder name {into!r}: {reason}"))
        prefix += into_n + "/"
    plan: list[tuple[Path, str, bool]] = []     # (source, bag path, already in place)
    for f in files:
        src = Path(f)
        if src.is_symlink():
            problems.append(Problem(str(src), 0, 0, "is a symbolic link; add the file it "
                                                    "points to instead"))
            continue
        if src.is_dir():
            for child in sorted(src.rglob("*")):
                rel = child.relative_to(src.parent).as_posix()
                if child.is_symlink():
                    problems.append(Problem(str(child), 0, 0, "is a symbolic link; refused"))
                elif child.is_file():
                    plan.append((child, prefix + unicodedata.normalize("NFC", rel), False))
                elif not child.is_dir():
                    problems.append(Problem(str(child), 0, 0, "is not a regular file"))
            continue
        if not src.exists():
            problems.append(Problem(str(src), 0, 0, "not found"))
            continue
        if not src.is_file():
            problems.append(Problem(str(src), 0, 0, "is not a regular file"))
            continue
        resolved = src.resolve()
        if resolved.is_relative_to(evidence_root):
            rel = resolved.relative_to(base.resolve()).as_posix()
            plan.append((src, rel, True))
        else:
            plan.append((src, prefix + unicodedata.normalize("NFC", src.name), False))
    indexed = {b["path"]: b for b in audit["bukti"]}
    existing = {collision_key(p): p for p in _files_under(base / "data" / "evidence", base)}
    claimed: dict[str, str] = {}
    for src, rel, in_place in plan:
        reason = path_problem(rel)
        if reason:
            problems.append(Problem(str(src), 0, 0, f"unsafe name for {rel!r}: {reason}"))
            continue
        key = collision_key(rel)
        if key in claimed:
            problems.append(Problem(str(src), 0, 0, f"{rel} collides with {claimed[key]} "
                                                    "(same name after NFC and case folding)"))
            continue
        claimed[key] = rel
        if not in_place and key in existing:
            problems.append(Problem(str(src), 0, 0, f"{existing[key]} already exists in the "
                                                    "folder (names compared after NFC and "
                                                    "case folding); rename the file"))
    if problems:
        raise InputError(problems)
    stamp = collected or _now()
    added: list[Added] = []
    for src, rel, in_place in plan:
        if not in_place:
            target = base / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(src, "rb") as fin, atomic_output(target) as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
        entry = indexed.get(rel)
        if entry is None:
            entry = {"path": rel, "kontrol": [], "uraian": uraian, "dikumpulkan": stamp}
            audit["bukti"].append(entry)
            indexed[rel] = entry
        for c in ids:
            if c not in entry["kontrol"]:
                entry["kontrol"].append(c)
        if uraian:
            entry["uraian"] = uraian
        added.append(Added(rel, str(src), not in_place))
    audit["bukti"].sort(key=lambda b: b["path"].encode("utf-8"))
    save_audit(base, audit)
    return added


def _files_under(root: Path, base: Path) -> list[str]:
    if not root.is_dir():
        return []
    return [p.relative_to(base).as_posix() for p in root.rglob("*") if p.is_file()]


def conclude(folder: str | os.PathLike[str], kontrol: str, desain: str,
             implementasi: str | None = None, efektivitas: str | None = None) -> dict[str, Any]:
    """Record (or replace) the conclusion for one control."""
    base = Path(folder)
    audit = load_audit(base)
    entry = {"kontrol": kontrol, "desain": desain, "implementasi": implementasi,
             "efektivitas": efektivitas}
    rest = [k for k in audit["kesimpulan"] if k["kontrol"] != kontrol]
    audit["kesimpulan"] = sorted(rest + [entry], key=lambda k: k["kontrol"])
    save_audit(base, audit)
    return entry


def record_finding(folder: str | os.PathLike[str], finding: dict[str, Any]) -> dict[str, Any]:
    """Record (or replace, by ``id``) one finding in the Indonesian audit-finding form."""
    base = Path(folder)
    audit = load_audit(base)
    rest = [t for t in audit["temuan"] if t["id"] != finding.get("id")]
    audit["temuan"] = sorted(rest + [finding], key=lambda t: str(t["id"]))
    save_audit(base, audit)
    return finding


def set_fields(folder: str | os.PathLike[str], **fields: Any) -> dict[str, Any]:
    """Change top-level fields (e.g. ``ruang_lingkup``) and save, validating first."""
    base = Path(folder)
    audit = load_audit(base)
    audit.update({k: v for k, v in fields.items() if v is not None})
    save_audit(base, audit)
    return audit
