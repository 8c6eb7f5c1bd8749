"""Assemble the schedule for a workspace: declared history + verified bundles + holidays."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spbe_risk.audit_calendar import holiday_dates, today_in
from spbe_risk.audit_evidence import BuktiAudit, scan, trust_files
from spbe_risk.model import Workspace
from spbe_risk.problems import InputError, Problem
from spbe_risk.schedule import ItemJadwal, compute_schedule, declared_audits, merge_audits


@dataclass(frozen=True)
class Jadwal:
    today: dt.date
    within_days: int
    items: list[ItemJadwal]
    bukti: BuktiAudit


def parse_today(value: str | None, zona_waktu: str) -> dt.date:
    if value is None:
        return today_in(zona_waktu)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError([Problem("--today", 0, 0, f"expected a date YYYY-MM-DD, found "
                                                    f"{value!r}")]) from None


def build_schedule(ws: Workspace, today: dt.date, within_days: int | None = None,
                   bundles: str | os.PathLike[str] | None = None,
                   trust: Sequence[str] = ()) -> Jadwal:
    within = ws.peringatan_hari if within_days is None else within_days
    folder = Path(bundles) if bundles is not None else Path(ws.root) / "audits"
    bukti = scan(folder, trust_files(ws.root, trust), [a.id for a in ws.aset])
    audits = merge_audits(declared_audits(ws.aset), bukti.selesai)
    years = range(today.year - 12, today.year + 13)
    items = compute_schedule(ws.aset, ws.aturan_audit, audits, today, within,
                             holiday_dates(years))
    return Jadwal(today, within, items, bukti)
