"""Assemble the Laporan Periodik Penyelenggaraan Audit TIK of a workspace: the schedule
as of the period's end (its verified bundles and follow-up), the catalogs' audit areas,
the Koordinator SPBE who signs — handed to the pure ``audit.periodik``.

Layer: shell (outside world). May import the core and, lazily, ``evidence``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spbe_risk.audit.periodik import periodic_report
from spbe_risk.model import Workspace
from spbe_risk.schedule import add_months

#: Pasal 23(1): at least once in 2 years — the default period.
PERIOD_MONTHS = 24
#: Pasal 15(3)(b): the Sekretaris Daerah chairs the Tim Koordinasi SPBE as Koordinator SPBE.
KOORDINATOR_BAWAAN = "Sekretaris Daerah selaku Koordinator SPBE"


def default_since(until: dt.date) -> dt.date:
    """The day after the same date two years earlier (a two-year period ending ``until``)."""
    return add_months(until, -PERIOD_MONTHS) + dt.timedelta(days=1)


def signer(ws: Workspace) -> dict[str, Any]:
    """The Koordinator SPBE (``penandatangan.koordinator_spbe`` of ``instansi.yaml``, else
    the Sekretaris Daerah with blank name and NIP lines) and the place of signing."""
    own = ws.konteks.extra.get("penandatangan", {}).get("*", {})
    who = own.get("koordinator_spbe") or {"jabatan": KOORDINATOR_BAWAAN, "nama": "", "nip": ""}
    return {"koordinator_spbe": dict(who), "tempat": own.get("tempat", "")}


def build_report(ws: Workspace, since: dt.date, until: dt.date, today: dt.date) -> dict[str, Any]:
    from spbe_risk.sources.schedule import build_schedule

    jadwal = build_schedule(ws, until)
    return periodic_report(
        instansi=ws.konteks.instansi, since=since, until=until, today=today,
        audits=jadwal.bukti.temuan, verifikasi=jadwal.bukti.verifikasi,
        ditolak=jadwal.bukti.ditolak, hasil=jadwal.tindak_lanjut, jadwal=jadwal.items,
        area_of={k.id: k.area_audit for kat in ws.katalog for k in kat.kontrol},
        nama_aset={a.id: a.nama for a in ws.aset}, penandatangan=signer(ws))
