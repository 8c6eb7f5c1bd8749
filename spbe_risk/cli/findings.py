"""``spbe-risk findings``: every finding of every counted audit and its follow-up.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import sys

import click

from spbe_risk.cli.common import (
    EXIT_FOUND,
    WORKSPACE,
    _,
    emit,
    handles_input_errors,
    load_workspace_or_exit,
    output_format,
)


@click.command()
@WORKSPACE
@click.option("--today", help="Reference date YYYY-MM-DD (default: today in the instansi's "
                              "time zone).")
@click.option("--overdue", "only_overdue", is_flag=True,
              help="Only findings past their deadline (batas_waktu) and not closed.")
@output_format
@click.option("--fail-on", type=click.Choice(["terlambat", "eskalasi"]),
              help="Exit 1 when a finding's follow-up is overdue (terlambat) or overdue past "
                   "the escalation window (eskalasi).")
@handles_input_errors
def findings(workspace: str, today: str | None, only_overdue: bool, fmt: str,
             fail_on: str | None) -> None:
    """Audit findings (temuan) and their follow-up (tindak lanjut): deadline, responsible
    unit, status; only the auditor's verified follow-up bundle makes one tuntas."""
    from spbe_risk.documents.tindak_lanjut import findings_document
    from spbe_risk.sources.bundles import workspace_evidence
    from spbe_risk.sources.clock import parse_today
    from spbe_risk.sources.tindak_lanjut import follow_up

    ws = load_workspace_or_exit(workspace)
    day = parse_today(today, ws.konteks.zona_waktu)
    hasil = follow_up(ws, workspace_evidence(ws), day)
    emit(findings_document(ws.konteks.instansi, hasil, day, only_overdue, _), fmt)
    if fail_on and any(i.eskalasi if fail_on == "eskalasi" else i.terlambat
                       for i in hasil.items):
        sys.exit(EXIT_FOUND)
