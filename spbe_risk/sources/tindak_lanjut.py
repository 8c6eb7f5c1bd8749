"""The follow-up items of a workspace: findings of the verified bundles in ``audits/``,
the auditee's ``tindak-lanjut.yaml`` and the verified follow-up bundles, handed to the
pure ``audit.tindak_lanjut``.

Layer: shell (outside world). May import the core and, lazily, ``evidence``.
"""

from __future__ import annotations

import datetime as dt

from spbe_risk.audit.tindak_lanjut import HasilTindakLanjut, Pengaturan, compute_items
from spbe_risk.model import Workspace
from spbe_risk.schedule import BuktiAudit


def follow_up(ws: Workspace, bukti: BuktiAudit, today: dt.date) -> HasilTindakLanjut:
    """Every finding of every counted bundle, with its follow-up status as of ``today``
    (the responsible unit defaults to the asset's UPR, by name)."""
    upr = {u.id: u.nama for u in ws.konteks.upr}
    unit = {a.id: upr.get(a.upr, a.upr) for a in ws.aset}
    return compute_items(bukti.temuan, ws.tindak_lanjut, bukti.verifikasi, today, unit,
                         ws.pengaturan_tindak_lanjut or Pengaturan())
