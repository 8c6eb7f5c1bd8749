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
@click.option("--today", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini di zona waktu "
                              "instansi).")
@click.option("--overdue", "only_overdue", is_flag=True,
              help="Hanya temuan yang melewati batas waktunya (batas_waktu) dan belum tuntas.")
@output_format
@click.option("--fail-on", type=click.Choice(["terlambat", "eskalasi"]),
              help="Keluar dengan kode 1 bila tindak lanjut sebuah temuan terlambat (terlambat) "
                   "atau terlambat melewati jendela eskalasi (eskalasi).")
@handles_input_errors
def findings(workspace: str, today: str | None, only_overdue: bool, fmt: str,
             fail_on: str | None) -> None:
    """Temuan audit dan tindak lanjutnya: batas waktu, unit penanggung jawab, status;
    hanya bundel tindak lanjut terverifikasi dari auditor yang menjadikannya tuntas."""
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
