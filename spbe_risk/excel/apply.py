"""``excel import`` end to end: workbook → checked records → merged YAML → the loader's
check of the result → atomic writes. Nothing is written unless every cell is good and
the workspace with the new files loads without an error.

Layer: shell (excel). Imports ``load``, ``sources``, ``atomic`` and the ``excel`` modules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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


def plan_import(book: str | os.PathLike[str], ws: Workspace) -> tuple[dict[str, bytes], int]:
    """The new bytes of every register file that changes, or InputError with every problem."""
    from spbe_risk.sources import display

    shown = display(Path(book))
    records, info, problems = read_workbook(os.fspath(book), ws, shown)
    if problems:
        raise InputError(problems)
    root = Path(ws.root)

    def target(file: str) -> str:
        """A register named in the workbook, inside THIS workspace's risks/ folder."""
        return str(root / "risks" / Path(file).name)

    by_upr: dict[str, str] = {}
    for reg in ws.registers:
        by_upr.setdefault(reg.upr, target(reg.file))
    covered = {target(r["file"]): r for r in info.get("registers", [])}
    for file, r in covered.items():
        by_upr.setdefault(r["upr"], file)
    bad: list[Problem] = []
    targets: dict[str, list] = {f: [] for f in covered}
    for rec in records:
        row, upr = rec.pop("_row"), rec.pop("upr", None)
        rid = rec["id"]
        known = info["risks"].get(rid)
        file = target(known["file"]) if known and known["upr"] == upr else by_upr.get(upr)
        if file is None or file not in targets:
            bad.append(Problem(shown, 0, 0, f"{SHEETS[0].name}!C{row}: UPR: expected a UPR whose "
                                            f"register file is in this workbook, found {upr!r}"))
            continue
        targets[file].append(rec)
    if bad:
        raise InputError(bad)
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
            doc = new_register(covered[file]["upr"], covered[file]["periode"] or ws.konteks.periode)
        docs[file] = doc
    out: dict[str, bytes] = {}
    for file, doc in docs.items():
        items = [merge_risk(originals.get(rec["id"]), rec) for rec in targets[file]]
        doc["risiko"] = _sequence(doc.get("risiko"), items)
        out[file] = dumps(doc)
    _check(ws, out)
    return out, len(records)


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


def import_workbook(book: str | os.PathLike[str], ws: Workspace) -> ImportReport:
    from spbe_risk.atomic import write_bytes

    out, n = plan_import(book, ws)
    for file, data in out.items():
        write_bytes(file, data)
    files = {str(Path(ws.root) / "risks" / Path(reg.file).name) for reg in ws.registers}
    return ImportReport(tuple(sorted(out)), tuple(sorted(files - set(out))), n)
