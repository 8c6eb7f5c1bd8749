"""``spbe-risk schedule``: audits due or overdue per asset, iCalendar export, CI gate.

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
    say,
)


@click.command()
@WORKSPACE
@click.option("--today", help="Reference date YYYY-MM-DD (default: today in the instansi's "
                              "time zone).")
@click.option("--within", "within_days", type=click.IntRange(0, 3650),
              help="Warning window in days (default: jadwal_audit.peringatan_hari, else 90).")
@output_format
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False),
              help="Also write the deadlines as an iCalendar file.")
@click.option("--fail-on", type=click.Choice(["terlambat", "segera"]),
              help="Exit 1 when any of the instansi's audits is overdue (terlambat) or due "
                   "within the window (segera).")
@click.option("--bundles", type=click.Path(file_okay=False),
              help="Folder of sealed bundles (default: WORKSPACE/audits).")
@click.option("--trust", multiple=True, type=click.Path(dir_okay=False),
              help="Extra trust anchor for internal audits (PEM); WORKSPACE/trust/*.pem and "
                   "trust/internal/*.pem are always used.")
@click.option("--trust-eksternal", "trust_eksternal", multiple=True,
              type=click.Path(dir_okay=False),
              help="Extra trust anchor of external auditors (a LATIK's, BSSN's or BRIN's CA, "
                   "PEM); WORKSPACE/trust/eksternal/*.pem are always used. Only a signer "
                   "chaining to one of these can prove an external audit.")
@handles_input_errors
def schedule(workspace: str, today: str | None, within_days: int | None, fmt: str,
             ics_path: str | None, fail_on: str | None, bundles: str | None,
             trust: tuple[str, ...], trust_eksternal: tuple[str, ...]) -> None:
    """Which asset owes which audit (keamanan, aplikasi, infrastruktur), when."""
    from spbe_risk import atomic
    from spbe_risk.documents import schedule_document
    from spbe_risk.formats import writer
    from spbe_risk.schedule import fails
    from spbe_risk.sources.clock import parse_today
    from spbe_risk.sources.schedule import build_schedule

    ws = load_workspace_or_exit(workspace)
    jadwal = build_schedule(ws, parse_today(today, ws.konteks.zona_waktu), within_days,
                            bundles, trust, trust_eksternal)
    doc = schedule_document(ws, jadwal)
    if ics_path != "-":             # `--ics -`: standard output carries the calendar alone
        emit(doc, fmt)
    if ics_path:
        with atomic.atomic_output(ics_path, "w", encoding="utf-8") as out:
            writer("ics")(doc, out)
        say(_("ditulis %(path)s") % {"path": ics_path}, err=True)
    failing = fails(jadwal.items, fail_on, jadwal.within_days)
    if failing:
        say(_("--fail-on %(status)s: %(n)d audit — %(list)s")
            % {"status": fail_on, "n": len(failing),
               "list": ", ".join(f"{i.aset.id}/{i.aturan.jenis_audit}" for i in failing[:10])
               + (" …" if len(failing) > 10 else "")}, err=True)
        sys.exit(EXIT_FOUND)
