"""The letterhead (kop surat) a report's base layout prints: the instansi's ``kop``
with a UPR's overrides, its emblem read through the safe fetcher as a ``data:`` URL.

Given to templates as the ``kop`` variable (not part of the attached JSON document: the
emblem's bytes are not data). A missing or refused emblem leaves the letterhead without
it and is recorded in ``refused``, as any other refused resource of a report.

Layer: shell (report).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from spbe_risk.model import Upr, Workspace


def kop_context(ws: Workspace, upr: Upr | None = None, refused: list[str] | None = None,
                logos: dict[str, str] | None = None) -> dict[str, Any] | None:
    """The letterhead for the instansi's documents (``upr`` None) or for one UPR's forms
    (its own keys first; the perangkat daerah defaults to the UPR's name); None when the
    workspace has no ``kop``. ``logos`` caches data URLs by path across calls."""
    from spbe_risk.report.fetcher import Refused, workspace_image

    base = ws.konteks.kop
    if base is None and (upr is None or upr.kop is None):
        return None
    kop = asdict(base) if base is not None else {}
    if upr is not None:
        kop["perangkat_daerah"] = upr.nama
        if upr.kop is not None:
            kop.update({k: v for k, v in asdict(upr.kop).items() if v})
    path = kop.get("logo", "")
    kop["logo"] = ""
    if path:
        cache = {} if logos is None else logos
        if path not in cache:
            try:
                cache[path] = workspace_image(ws.root, path)
            except Refused as exc:
                cache[path] = ""
                if refused is not None:
                    refused.append(str(exc))
        kop["logo"] = cache[path]
    return kop
