"""``score --format json`` of a large workspace on every core.

The registers are split into shares of nearly equal bytes. Each share is loaded
(``load.register``: parse, validate, model), each risk scored (``scoring.score_risk``
with its rank left open) and encoded (``documents.score.risk_tail_encoder``) by one
process: the caller itself takes the first share, forked workers the others. A worker
sends back text, priority keys and roll-up counters — never model objects, whose
pickling costs more than the parallel work saves. The caller ranks the fragments and
writes the document, byte for byte the one ``score_document`` renders (a test holds them
equal).

Only a clean workspace without approvals (``persetujuan/``: judging them needs every
register) takes this path. ``score_json_parallel`` returns None on any error, duplicate
risk id, unknown ``--upr`` or unreadable folder, and the caller then
takes the ordinary path, which reports the problems exactly as it always has.

Layer: shell (outside world): reads the workspace, forks. May import the core,
``documents`` and ``sources``.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Any

from spbe_risk.problems import InputError, Problem

#: Below this many bytes of registers one process is faster than forking.
PARALLEL_MIN_BYTES = 8 << 20


@dataclass(frozen=True)
class ParallelScore:
    text: str                      # the JSON document, without the trailing newline
    warnings: tuple[Problem, ...]  # every warning a load of the workspace reports


def _shares(names: Sequence[str], sizes: Sequence[int], n: int) -> list[list[str]]:
    shares: list[list[str]] = [[] for _ in range(n)]
    load = [0] * n
    for i in sorted(range(len(names)), key=lambda i: -sizes[i]):
        w = load.index(min(load))
        shares[w].append(names[i])
        load[w] += sizes[i]
    return [s for s in shares if s] or [[]]


def _work(names: list[str], registers: Any, refs: Any, root: str, upr: str | None
          ) -> dict[str, Any]:
    """Load, score and encode ``names``: plain data only (picklable, small)."""
    from spbe_risk.documents.score import risk_tail_encoder, risk_text_parts
    from spbe_risk.load.register import read_register
    from spbe_risk.scoring import cell_table, priority_key, rollup_counts, score_risk

    konteks, matriks = refs.konteks, refs.matriks
    cells = cell_table(matriks)
    key = priority_key(konteks, matriks)
    tail = risk_tail_encoder(root)
    problems: list[Problem] = []
    ids: list[str] = []
    items: list[tuple[Any, str, str]] = []
    counts: list[tuple[str, dict[str, Any]]] = []
    for name in names:
        reg = read_register(name, registers[name], refs, problems)
        if reg is None:
            continue
        ids.extend(r.id for r in reg.risiko)
        if upr is not None and reg.upr != upr:
            continue
        scored = [score_risk(r, konteks, matriks, cells) for r in reg.risiko]
        # the risk's text around its rank (an int: the caller writes it with str())
        items.extend((key(h.risiko), *risk_text_parts(h.risiko.id, tail(h))) for h in scored)
        counts.append((reg.upr, rollup_counts(scored)))
    items.sort(key=itemgetter(0))        # here, in parallel: the caller merges sorted runs
    return {"problems": problems, "ids": ids, "items": items, "counts": counts}


def _fork(job: Callable[[], dict[str, Any]]) -> tuple[int, int]:
    from spbe_risk.portable import fork_job

    return fork_job(lambda: pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL))


def _collect(pid: int, fd: int) -> dict[str, Any] | None:
    from spbe_risk.portable import collect

    data = collect(pid, fd)
    if data is None:
        return None
    try:
        got = pickle.loads(data)    # our own child's bytes, through a private pipe
    except Exception:  # noqa: BLE001
        return None
    return got if isinstance(got, dict) else None


def score_json_parallel(root: str | os.PathLike[str], upr: str | None = None,
                        workers: int | None = None, min_bytes: int | None = None
                        ) -> ParallelScore | None:
    """The score document of the workspace at ``root`` as JSON text, or None when the
    ordinary path must run instead (any error or duplicate id, unknown ``upr``)."""
    import gc
    from pathlib import Path

    from spbe_risk.documents.score import assemble_score_json, score_head
    from spbe_risk.load import load_workspace
    from spbe_risk.load.register import Refs
    from spbe_risk.portable import can_fork
    from spbe_risk.scoring import merge_counts, rollup_from_counts
    from spbe_risk.signing.approval import has_approvals
    from spbe_risk.sources import read_sources

    if has_approvals(Path(root)):     # judging approvals needs the whole workspace
        return None
    try:
        src = read_sources(root)
    except (InputError, OSError):
        return None
    gc_was_enabled = gc.isenabled()
    gc.disable()                     # as ``sources.load``: nothing to collect while loading
    try:
        base = load_workspace(replace(src, registers={}))
        ws = base.workspace
        if ws is None:
            return None
        upr_ids = frozenset(u.id for u in ws.konteks.upr)
        if upr is not None and upr not in upr_ids:
            return None
        refs = Refs(ws.konteks, ws.matriks, upr_ids,
                    frozenset(a.id for a in ws.aset) if src.inventory is not None else None,
                    frozenset(k.id for kat in ws.katalog for k in kat.kontrol))
        names = sorted(src.registers)
        sizes = [len(src.registers[n]) for n in names]
        floor = PARALLEL_MIN_BYTES if min_bytes is None else min_bytes
        n = workers or max(1, os.cpu_count() or 1)
        if not can_fork() or sum(sizes) < floor:
            n = 1
        shares = _shares(names, sizes, min(n, max(1, len(names))))
        children = []
        for share in shares[1:]:
            try:
                children.append(_fork(lambda share=share: _work(share, src.registers, refs,
                                                                ws.root, upr)))
            except OSError:
                for pid, fd in children:
                    _collect(pid, fd)
                return None
        parts = [_work(shares[0], src.registers, refs, ws.root, upr)]
        failed = False
        for pid, fd in children:
            got = _collect(pid, fd)
            failed = failed or got is None
            parts.append(got)                               # type: ignore[arg-type]
        if failed:
            return None
        problems = [*base.problems, *(p for part in parts for p in part["problems"])]
        if any(p.severity == "error" for p in problems):
            return None
        ids = [i for part in parts for i in part["ids"]]
        if len(set(ids)) != len(ids):
            return None
        items = [it for part in parts for it in part["items"]]
        items.sort(key=itemgetter(0))        # timsort: a linear merge of the sorted runs
        texts = [f"{pre}{rank}{post}" for rank, (_, pre, post) in enumerate(items, 1)]
        by_upr: dict[str, list[dict[str, Any]]] = {u.id: [] for u in ws.konteks.upr}
        for part in parts:
            for uid, c in part["counts"]:
                by_upr.setdefault(uid, []).append(c)
        ringkasan = {
            "instansi": rollup_from_counts(merge_counts(c for cs in by_upr.values() for c in cs),
                                           ws.matriks),
            "upr": {uid: rollup_from_counts(merge_counts(cs), ws.matriks)
                    for uid, cs in by_upr.items()},
        }
        none_yet = {u.id: [] for u in ws.konteks.upr if upr is None or u.id == upr}  # none
        text = assemble_score_json(score_head(ws.konteks, ws.matriks), texts, ringkasan,
                                   none_yet)
        return ParallelScore(text, tuple(p for p in problems if p.severity == "warning"))
    finally:
        if gc_was_enabled:
            gc.enable()
