"""Workspace assembly: every file of one instansi → a validated ``Workspace`` and its
problems, with the cross-file checks (unique risk ids, references between files).

Pure: the caller (``spbe_risk.sources``) reads the files; nothing here touches the disk.
All problems of all files are collected before giving up, so one ``check`` run shows a
risk owner everything to fix.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import spbe_risk.load.diagnostics as dg
from spbe_risk.load.audit_rules import merge_rules, read_audit_rules
from spbe_risk.load.catalog import load_catalogs
from spbe_risk.load.context import read_context
from spbe_risk.load.fields import duplicates_across
from spbe_risk.load.inventory import read_inventory
from spbe_risk.load.matrix import read_matrix
from spbe_risk.load.register import Refs, read_register
from spbe_risk.load.tindak_lanjut import read_tindak_lanjut
from spbe_risk.messages import msg
from spbe_risk.model import AturanAudit, Inventaris, Matriks, Workspace
from spbe_risk.problems import Problem, cap_per_file


@dataclass(frozen=True)
class LoadResult:
    """The workspace (None when any error was found) and every problem, errors first."""

    workspace: Workspace | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# --------------------------------------------------------------------------- workspace
@dataclass(frozen=True)
class SourceFiles:
    """The bytes of every file a workspace load reads, keyed by display name.

    ``context``/``inventory`` are single files (None when absent); ``registers`` maps
    each register's name to its bytes; ``matrices`` and ``catalogs`` come from
    ``controls/`` (shipped, or the workspace's own).
    """

    root: str
    context: tuple[str, bytes] | None
    registers: Mapping[str, bytes]
    inventory: tuple[str, bytes] | None = None
    matrices: Mapping[str, bytes] = None  # type: ignore[assignment]
    catalogs: Mapping[str, bytes] = None  # type: ignore[assignment]
    audit_rules: Mapping[str, bytes] = None  # type: ignore[assignment]
    tindak_lanjut: tuple[str, bytes] | None = None





def load_matrices(files: Mapping[str, bytes], problems: list[Problem]) -> dict[str, Matriks]:
    out = {}
    for name in sorted(files):
        mx = read_matrix(name, files[name], problems)
        if mx is not None:
            out[mx.id] = mx
    return out


def load_workspace(src: SourceFiles) -> LoadResult:
    """Validate every file of a workspace; a Workspace only when there is no error."""
    problems: list[Problem] = []
    matrices = load_matrices(src.matrices or {}, problems)
    katalog = load_catalogs(src.catalogs or {}, problems)
    if src.context is None:
        problems.append(Problem(f"{src.root}/instansi.yaml", 0, 0,
                                dg.NO_CONTEXT_FILE()))
        return LoadResult(None, tuple(cap_per_file(problems)))
    ctx = read_context(*src.context, matrices, problems)
    if ctx is None:
        return LoadResult(None, tuple(cap_per_file(problems)))
    konteks, matriks = ctx
    upr_ids = frozenset(u.id for u in konteks.upr)
    kontrol_ids = frozenset(k.id for kat in katalog for k in kat.kontrol)
    inventaris = Inventaris({}, ())
    aset_ids: frozenset[str] | None = None
    if src.inventory is not None:
        inventaris = read_inventory(*src.inventory, upr_ids, kontrol_ids, problems) or inventaris
        aset_ids = frozenset(a.id for a in inventaris.aset)
    refs = Refs(konteks, matriks, upr_ids, aset_ids, kontrol_ids)
    registers = []
    ids: list[tuple[str, int, str]] = []
    for name in sorted(src.registers):
        reg = read_register(name, src.registers[name], refs, problems, ids)
        if reg is not None:
            registers.append(reg)
    _check_unique_risk_ids(src, ids, problems)
    shipped_rules: tuple[AturanAudit, ...] = ()
    for name in sorted(src.audit_rules or {}):
        shipped_rules += read_audit_rules(name, src.audit_rules[name], problems)
    jadwal = konteks.extra.get("jadwal_audit", {})
    rules = merge_rules(shipped_rules, jadwal.get("aturan", ()))
    follow = read_tindak_lanjut(*src.tindak_lanjut, problems) if src.tindak_lanjut else None
    if any(p.severity == "error" for p in problems):
        return LoadResult(None, tuple(cap_per_file(problems)))
    ws = Workspace(src.root, konteks, matriks, tuple(registers), inventaris.aset, katalog,
                   inventaris.kontrol_instansi, rules, jadwal.get("peringatan_hari") or 90,
                   *(follow or ((), None)))
    return LoadResult(ws, tuple(cap_per_file(problems)))


def _check_unique_risk_ids(src: SourceFiles, ids: list[tuple[str, int, str]],
                           problems: list[Problem]) -> None:
    """Risk ids are unique across the workspace, checked on every entry with a text id
    (valid or not); both the repeat and the first occurrence are reported."""
    problems.extend(duplicates_across(((f, ("risiko", i, "id"), rid) for f, i, rid in ids),
                                      src.registers, msg(dg.UNIQUE_RISK_IDS)))
