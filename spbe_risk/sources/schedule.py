"""Assemble the schedule of a workspace: declared history + verified bundles on disk +
holidays, handed to the pure ``spbe_risk.schedule``. Shell: reads bundles and the calendar.

Layer: shell (outside world). May import the core and, lazily, ``evidence``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spbe_risk.model import Workspace
from spbe_risk.schedule import BuktiAudit, ItemJadwal, compute_schedule, declared_audits, merge_audits
from spbe_risk.sources import source_path
from spbe_risk.sources.bundles import require_trusted_time, scan, trust_files, tsa_trust_files
from spbe_risk.sources.clock import holiday_dates


@dataclass(frozen=True)
class Jadwal:
    today: dt.date
    within_days: int
    items: list[ItemJadwal]
    bukti: BuktiAudit
    #: findings and their follow-up (``audit.tindak_lanjut.HasilTindakLanjut``)
    tindak_lanjut: Any = None


def build_schedule(ws: Workspace, today: dt.date, within_days: int | None = None,
                   bundles: str | os.PathLike[str] | None = None,
                   trust: Sequence[str] = (), trust_eksternal: Sequence[str] = ()) -> Jadwal:
    within = ws.peringatan_hari if within_days is None else within_days
    root = source_path(ws.root)          # the folder on disk behind the display name
    folder = Path(bundles) if bundles is not None else root / "audits"
    bukti = scan(folder, trust_files(root, trust), [a.id for a in ws.aset],
                 ws.konteks.zona_waktu, extra_eksternal=trust_eksternal,
                 tsa_trust=tsa_trust_files(root), trusted_time=require_trusted_time(root))
    audits = merge_audits(declared_audits(ws.aset), bukti.selesai)
    years = range(today.year - 12, today.year + 13)
    items = compute_schedule(ws.aset, ws.aturan_audit, audits, today, within,
                             holiday_dates(years))
    from spbe_risk.sources.tindak_lanjut import follow_up

    return Jadwal(today, within, items, bukti, follow_up(ws, bukti, today))
