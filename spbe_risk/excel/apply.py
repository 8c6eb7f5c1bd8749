"""``excel import`` end to end: workbook → checked records → merged YAML → the loader's
check of the result → atomic writes. Nothing is written unless every cell is good and
the workspace with the new files loads without an error.

Layer: shell (excel). Imports ``load``, ``sources``, ``atomic`` and the ``excel`` modules.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import spbe_risk.excel.diagnostics as dx
from spbe_risk.excel.importer import read_workbook
from spbe_risk.excel.layout import SHEETS
from spbe_risk.excel.merge import merge_risk, new_register, normal
from spbe_risk.excel.yamlio import dumps, read_yaml
from spbe_risk.model import Workspace
from spbe_risk.problems import InputError, Problem


@dataclass(frozen=True)
class ImportReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    risks: int
    notes: tuple[Problem, ...] = ()     # typed computed values the engine overrode


def plan_import(book: str | os.PathLike[str], ws: Workspace, accept_computed: bool = False
                ) -> tuple[dict[str, bytes], int, list[Problem]]:
    """(the new bytes of every register file that changes, risks read, warnings), or
    InputError with every problem."""
    from spbe_risk.sources import display

    shown = display(Path(book))
    records, info, problems = read_workbook(os.fspath(book), ws, shown, accept_computed)
    if problems:
        raise InputError(problems)
    root = Path(ws.root)
    loaded = _loaded(ws)
    covered, risk_file, bad = _targets(info, ws, loaded, root, shown)
    upr_of = {name: c["upr"] for name, c in covered.items()}
    by_upr: dict[str, str] = {}
    for name, c in covered.items():
        by_upr.setdefault(c["upr"], name)
    targets: dict[str, list] = {name: [] for name in covered}
    for rec in records:
        row, upr = rec.pop("_row"), rec.pop("upr", None)
        rid = rec["id"]
        name = risk_file.get(rid)
        if name is not None and upr_of.get(name) != upr:
            bad.append(Problem(shown, 0, 0, dx.located(f"{SHEETS[0].name}!C{row}", dx.UPR_OF_REGISTER(
                upr=upr_of.get(name), name=name, id=rid, found=repr(upr)))))
            continue
        name = name if name is not None else by_upr.get(upr)
        if name is None:
            bad.append(Problem(shown, 0, 0, dx.located(f"{SHEETS[0].name}!C{row}",
                                                       dx.UPR_NOT_IN_BOOK(found=repr(upr)))))
            continue
        targets[name].append(rec)
    if bad:
        raise InputError(bad)
    covered = {str(root / "risks" / name): c for name, c in covered.items()}
    targets = {str(root / "risks" / name): recs for name, recs in targets.items()}
    # Which files change, decided with the loader's fast parser; only those are read
    # again in round-trip mode (ruamel.yaml is pure Python and slow on large files).
    changed = []
    for file in covered:
        path = Path(file)
        now = _fast(path).get("risiko") if path.is_file() else None
        if now is None or normal(list(now)) != normal(targets[file]):
            changed.append(file)
    docs: dict[str, object] = {}
    originals: dict[str, object] = {}
    for file in changed:
        path = Path(file)
        if path.is_file():
            doc = read_yaml(path)
            for risk in doc.get("risiko") or []:
                originals[str(risk.get("id"))] = risk
        else:
            periode = covered[file]["periode"]
            doc = new_register(covered[file]["upr"], periode if isinstance(periode, int)
                               else ws.konteks.periode)
        docs[file] = doc
    out: dict[str, bytes] = {}
    for file, doc in docs.items():
        items = [merge_risk(originals.get(rec["id"]), rec) for rec in targets[file]]
        doc["risiko"] = _sequence(doc.get("risiko"), items)
        out[file] = dumps(doc)
    _check(ws, out)
    return out, len(records), list(info.get("notes", []))


#: A register file name the loader reads (``sources._yaml_files``): not hidden, ``.yaml``/``.yml``.
_REGISTER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml")


def _loaded(ws: Workspace) -> dict[str, object]:
    """The registers the loader read, by file name inside ``risks/``."""
    from spbe_risk.sources import source_path

    return {source_path(reg.file).name: reg for reg in ws.registers}


def _name(value: str) -> str | None:
    """``risks/NAME`` (the workspace-relative form the id sheet stores) → NAME, else None."""
    head, sep, name = value.partition("/")
    return name if head == "risks" and sep and _REGISTER_NAME.fullmatch(name) else None


def _targets(info: dict, ws: Workspace, loaded: dict, root: Path, shown: str
             ) -> tuple[dict[str, dict], dict[str, str], list[Problem]]:
    """(covered register names → upr/periode/new, risk id → register name, problems).

    A file named in the id sheet must be a register the loader read (a regular, not
    hidden ``risks/*.yaml`` that is not a link) whose UPR is the one stated; a register
    row may also name a new file for a UPR (created, never replacing anything). Anything
    else — another folder, a hidden or non-YAML file, a link, a path outside — is refused
    by cell."""
    bad: list[Problem] = []
    units = {u.id for u in ws.konteks.upr}
    covered: dict[str, dict] = {}
    for e in info.get("registers", []):
        name = _name(e["file"])
        reg = loaded.get(name) if name else None
        if reg is not None:
            if reg.upr != e["upr"]:
                bad.append(Problem(shown, 0, 0, dx.located(e["cell"], dx.REGISTER_OF_OTHER_UPR(
                    upr=e["upr"], name=name, other=reg.upr))))
                continue
            covered[name] = {"upr": reg.upr, "periode": reg.periode, "new": False}
        elif name and not os.path.lexists(root / "risks" / name) and e["upr"] in units:
            covered[name] = {"upr": e["upr"], "periode": e["periode"], "new": True}
        else:
            bad.append(Problem(shown, 0, 0, dx.located(e["cell"], dx.NOT_A_REGISTER(
                found=repr(e["file"])))))
    risk_file: dict[str, str] = {}
    for rid, e in info.get("risks", {}).items():
        name = _name(e["file"])
        if name is None or name not in covered:
            bad.append(Problem(shown, 0, 0, dx.located(e["cell"], dx.NOT_A_LISTED_REGISTER(
                found=repr(e["file"])))))
            continue
        risk_file[rid] = name
    return covered, risk_file, bad


def _fast(path: Path) -> dict:
    from spbe_risk.load.yamlsource import parse
    from spbe_risk.sources import read_regular

    data = parse(str(path), read_regular(path)).data
    return data if isinstance(data, dict) else {}


def _sequence(old, items: list):
    """The new risk list, keeping the comments and blank lines that followed each kept risk."""
    from ruamel.yaml.comments import CommentedSeq

    if old is not None and len(old) == len(items) and all(a is b for a, b in zip(old, items,
                                                                                 strict=True)):
        return old
    new = CommentedSeq(items)
    if old is not None and hasattr(old, "ca"):
        where = {id(x): i for i, x in enumerate(old)}
        for j, x in enumerate(items):
            i = where.get(id(x))
            if i is not None and i in old.ca.items:
                new.ca.items[j] = old.ca.items[i]
        new.ca.comment = old.ca.comment
        new.ca.end = old.ca.end         # comments after the last item (flow-style items)
    return new


def _check(ws: Workspace, new: dict[str, bytes]) -> None:
    """Load the workspace with the new files in place; any error stops the import."""
    from dataclasses import replace

    from spbe_risk.load import load_workspace
    from spbe_risk.sources import display, read_sources

    src = read_sources(ws.root)
    registers = dict(src.registers)
    for file, data in new.items():
        registers[display(Path(file))] = data
    result = load_workspace(replace(src, registers=registers))
    if result.workspace is None:
        raise InputError(list(result.errors))


def import_workbook(book: str | os.PathLike[str], ws: Workspace,
                    accept_computed: bool = False) -> ImportReport:
    """Plan the import, then publish every changed file together (or none)."""
    from spbe_risk.journal import publish_together

    out, n, notes = plan_import(book, ws, accept_computed)
    root = Path(ws.root) / "risks"
    new = frozenset(Path(f) for f in out if Path(f).name not in _loaded(ws))
    publish_together({Path(f): data for f, data in out.items()}, new)
    files = {str(root / name) for name in _loaded(ws)}
    return ImportReport(tuple(sorted(out)), tuple(sorted(files - set(out))), n, tuple(notes))
