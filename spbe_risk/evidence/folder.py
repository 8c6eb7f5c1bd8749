"""The auditor's evidence folder, before sealing: ``init``, ``add``, conclusions, findings.

Layout::

    DIR/data/audit.json        the audit record (canonical JSON, rewritten atomically)
    DIR/data/evidence/…        copies of the evidence files
    DIR/data/report/           the rendered LHAK, when there is one

Every change goes through :func:`save_audit`, which validates before writing (form, and
asset and control ids against the workspace or the shipped catalogs: ``KnownIds``), so
the folder never holds an ``audit.json`` that ``seal`` would refuse for its form or ids.
Adding evidence files is ``adding``'s job.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from spbe_risk.atomic import building, doing
from spbe_risk.evidence import auditmeta
from spbe_risk.evidence import diagnostics as D
from spbe_risk.evidence.auditcheck import KnownIds, known_ids, reference_problems
from spbe_risk.evidence.readfile import read_regular
from spbe_risk.messages import at
from spbe_risk.problems import InputError, Problem

AUDIT_REL = Path("data") / "audit.json"

#: The problem of a folder without audit.json (``load_audit``, ``seal``'s plan).


def audit_path(folder: str | os.PathLike[str]) -> Path:
    return Path(folder) / AUDIT_REL


def _problems(file: str, found: list[tuple[str, str]]) -> list[Problem]:
    return [Problem(file, 0, 0, at(where, message)) for where, message in found]


def load_audit(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse and validate ``DIR/data/audit.json``; every problem → InputError."""
    path = audit_path(folder)
    if not path.is_file():
        raise InputError([Problem(str(path), 0, 0, D.AUDIT_JSON_MISSING())])
    try:
        audit = auditmeta.parse(read_regular(path))
    except auditmeta.AuditJsonError as exc:
        raise InputError([Problem(str(path), exc.line, exc.col, exc.message)]) from None
    problems = auditmeta.validate(audit, complete=False)
    if problems:
        raise InputError(_problems(str(path), problems))
    return audit


def audit_problems(audit: dict[str, Any], known: KnownIds | None = None
                   ) -> list[tuple[str, str]]:
    """Form problems of a record being filled in, then unknown asset/control ids."""
    problems = auditmeta.validate(audit, complete=False)
    if not problems:
        problems = reference_problems(audit, known or known_ids())
    return problems


def save_audit(folder: str | os.PathLike[str], audit: dict[str, Any],
               known: KnownIds | None = None) -> None:
    path = audit_path(folder)
    problems = audit_problems(audit, known)
    if problems:
        raise InputError(_problems(str(path), problems))
    write_audit(path, auditmeta.canonical_bytes(audit))


def upgrade(audit: dict[str, Any]) -> dict[str, Any]:
    """A schema-1 record read from an old folder, as schema 2 (``audit.metadata.upgrade``)."""
    from spbe_risk.audit.metadata import upgrade as to_v2

    return to_v2(audit)


def write_audit(path: Path, data: bytes) -> None:
    """Replace ``audit.json`` whole (built beside it, fsynced, renamed)."""
    with building(path) as fd, doing("write", path):
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_audit_id(parent: Path, year: int, *more: Path) -> str:
    """The first ``AUD-<year>-NNNN`` not used in ``parent`` (and the ``more`` folders) by
    a folder or bundle name, an evidence folder's ``audit.json`` or a bundle's top-level
    folder, whatever the folder or file is called."""
    used: set[int] = set()
    pattern = re.compile(rf"AUD-{year}-(\d{{4}})")
    for where in dict.fromkeys([parent, *more]):
        for found in _ids_in(where):
            m = pattern.fullmatch(found)
            if m:
                used.add(int(m.group(1)))
    n = 1
    while n in used:
        n += 1
    if n > 9999:
        raise InputError([Problem(str(parent), 0, 0, D.IDS_USED_UP(year=year))])
    return f"AUD-{year}-{n:04d}"


def _ids_in(folder: Path) -> list[str]:
    return [found for found, _ in _ids_with_paths(folder)]


def _ids_with_paths(folder: Path) -> list[tuple[str, Path]]:
    """Every id a neighbour in ``folder`` uses: its name (without ``.zip``), its
    ``audit.json``'s ``id_audit``, a bundle's top-level folder."""
    from spbe_risk.evidence.zipread import SafeZip

    out: list[tuple[str, Path]] = []
    try:
        children = list(os.scandir(folder))
    except OSError:
        return out
    for child in children:
        where = Path(child.path)
        out.append((child.name.removesuffix(".zip"), where))
        try:
            if child.is_dir(follow_symlinks=False):
                audit = auditmeta.parse(read_regular(where / AUDIT_REL, 1 << 24))
                out.append((str(audit.get("id_audit")), where))
            elif child.name.endswith(".zip") and child.is_file(follow_symlinks=False):
                with SafeZip(child.path) as zf:
                    out.append((zf.top, where))
        except Exception:  # noqa: BLE001  unreadable neighbours use no id
            continue
    return out


def init_folder(folder: str | os.PathLike[str], *, aset: str, jenis_audit: str, periode: str,
                tim_auditor: list[dict[str, Any]], lembaga: dict[str, Any],
                id_audit: str | None = None, pelaksana: str = "internal",
                ruang_lingkup: str = "", today: dt.date | None = None,
                known: KnownIds | None = None,
                follow_up: tuple[dict[str, Any], str] | None = None,
                **fields: Any) -> dict[str, Any]:
    """Create the folder layout and a fresh (schema 2) ``audit.json``.

    ``fields`` are the other keys of :func:`spbe_risk.audit.metadata.new_audit`
    (``tujuan``, ``mulai``, ``selesai``, ``surat_keterangan``, ``penerima``, …).
    Without ``id_audit`` the folder's own name is used when it looks like
    ``AUD-YYYY-NNNN`` and no bundle beside it or in ``audits/`` uses it, else the next
    free number of the year among its siblings, the current folder and ``audits/``.
    """
    base = Path(folder)
    path = audit_path(base)
    if path.exists():
        raise InputError([Problem(str(path), 0, 0, D.ALREADY_A_FOLDER())])
    parent = base.resolve().parent
    more = [Path.cwd()] + [d for d in (parent / "audits", Path.cwd() / "audits") if d.is_dir()]
    if known is not None and known.root is not None:
        more.append(Path(known.root) / "audits")
    if id_audit is None:
        name = base.resolve().name
        if auditmeta.ID_AUDIT.fullmatch(name) and not _used_elsewhere(name, base, more):
            id_audit = name
        else:
            year = (today or dt.date.today()).year
            id_audit = next_audit_id(parent, year, *more)
    audit = auditmeta.new_audit(id_audit=id_audit, aset=aset, jenis_audit=jenis_audit,
                                periode=periode, tim_auditor=tim_auditor, lembaga=lembaga,
                                pelaksana=pelaksana, ruang_lingkup=ruang_lingkup, **fields)
    if follow_up is not None:           # a follow-up bundle: ``audit.verifikasi``
        from spbe_risk.audit.verifikasi import follow_up_audit

        audit = follow_up_audit(audit, *follow_up)
    problems = audit_problems(audit, known)
    if problems:
        raise InputError(_problems("evidence init", problems))
    for sub in ("evidence", "report"):
        with doing("create the folder", base / "data" / sub):
            (base / "data" / sub).mkdir(parents=True, exist_ok=True)
    write_audit(path, auditmeta.canonical_bytes(audit))
    return audit


def _used_elsewhere(name: str, base: Path, folders: list[Path]) -> bool:
    """Whether a bundle or another evidence folder in ``folders`` already uses ``name``."""
    me = base.resolve()
    for where in dict.fromkeys(folders):
        for child_id, child in _ids_with_paths(where):
            if child_id == name and child.resolve() != me:
                return True
    return False


def conclude(folder: str | os.PathLike[str], kontrol: str, desain: str,
             implementasi: str | None = None, efektivitas: str | None = None,
             known: KnownIds | None = None) -> dict[str, Any]:
    """Record (or replace) the conclusion for one control."""
    base = Path(folder)
    audit = load_audit(base)
    entry = {"kontrol": kontrol, "desain": desain, "implementasi": implementasi,
             "efektivitas": efektivitas}
    rest = [k for k in audit["kesimpulan"] if k["kontrol"] != kontrol]
    audit["kesimpulan"] = sorted(rest + [entry], key=lambda k: k["kontrol"])
    save_audit(base, audit, known)
    return entry


def record_finding(folder: str | os.PathLike[str], finding: dict[str, Any],
                   known: KnownIds | None = None) -> dict[str, Any]:
    """Record (or replace, by ``id``) one finding in the Indonesian audit-finding form."""
    base = Path(folder)
    audit = load_audit(base)
    rest = [t for t in audit["temuan"] if t["id"] != finding.get("id")]
    audit["temuan"] = sorted(rest + [finding], key=lambda t: str(t["id"]))
    save_audit(base, audit, known)
    return finding


def set_fields(folder: str | os.PathLike[str], **fields: Any) -> dict[str, Any]:
    """Change top-level fields (e.g. ``ruang_lingkup``) and save, validating first."""
    base = Path(folder)
    audit = load_audit(base)
    audit.update({k: v for k, v in fields.items() if v is not None})
    save_audit(base, audit)
    return audit
