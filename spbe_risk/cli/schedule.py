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
    current_lang,
    emit,
    handles_input_errors,
    load_workspace_or_exit,
    output_format,
    say,
)


@click.command()
@WORKSPACE
@click.option("--today", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini di zona waktu "
                              "instansi).")
@click.option("--within", "within_days", type=click.IntRange(0, 3650),
              help="Jendela peringatan dalam hari (bawaan: jadwal_audit.peringatan_hari, jika "
                   "tidak ada: 90).")
@output_format
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False),
              help="Tulis juga batas waktu sebagai berkas iCalendar.")
@click.option("--fail-on", type=click.Choice(["terlambat", "segera"]),
              help="Keluar dengan kode 1 bila ada audit instansi yang terlambat, atau jatuh "
                   "tempo dalam jendela peringatan (segera), atau tindak lanjut temuan yang "
                   "terlambat.")
@click.option("--bundles", type=click.Path(file_okay=False),
              help="Folder bundel tersegel (bawaan: WORKSPACE/audits).")
@click.option("--trust", multiple=True, type=click.Path(dir_okay=False),
              help="Jangkar kepercayaan tambahan untuk audit internal (PEM); "
                   "WORKSPACE/trust/*.pem dan trust/internal/*.pem selalu dipakai.")
@click.option("--trust-eksternal", "trust_eksternal", multiple=True,
              type=click.Path(dir_okay=False),
              help="Jangkar kepercayaan tambahan auditor eksternal (CA milik LATIK, BSSN atau "
                   "BRIN, PEM); WORKSPACE/trust/eksternal/*.pem selalu dipakai. Hanya "
                   "penanda tangan yang berantai ke salah satunya yang dapat membuktikan "
                   "audit eksternal.")
@handles_input_errors
def schedule(workspace: str, today: str | None, within_days: int | None, fmt: str,
             ics_path: str | None, fail_on: str | None, bundles: str | None,
             trust: tuple[str, ...], trust_eksternal: tuple[str, ...]) -> None:
    """Aset mana wajib menjalani audit apa (keamanan, aplikasi, infrastruktur), kapan."""
    from spbe_risk import atomic
    from spbe_risk.documents import schedule_document
    from spbe_risk.formats import render
    from spbe_risk.schedule import fails
    from spbe_risk.sources.clock import parse_today
    from spbe_risk.sources.schedule import build_schedule

    ws = load_workspace_or_exit(workspace)
    jadwal = build_schedule(ws, parse_today(today, ws.konteks.zona_waktu), within_days,
                            bundles, trust, trust_eksternal)
    doc = schedule_document(ws, jadwal)
    if ics_path != "-":             # `--ics -`: standard output carries the calendar alone
        emit(doc, fmt)
        if fmt == "table" and jadwal.tindak_lanjut.terlambat:   # its own section
            from spbe_risk.documents.tindak_lanjut import findings_document

            emit(findings_document(ws.konteks.instansi, jadwal.tindak_lanjut, jadwal.today,
                                   True, _), fmt)
    if ics_path:
        with atomic.atomic_output(ics_path, "w", encoding="utf-8") as out:
            render(doc, "ics", out, _, current_lang())      # events in the run's language
        say(_("ditulis %(path)s") % {"path": ics_path}, err=True)
    failing = fails(jadwal.items, fail_on, jadwal.within_days)
    if failing:
        say(_("--fail-on %(status)s: %(n)d audit — %(list)s")
            % {"status": fail_on, "n": len(failing),
               "list": ", ".join(f"{i.aset.id}/{i.aturan.jenis_audit}" for i in failing[:10])
               + (" …" if len(failing) > 10 else "")}, err=True)
    late = jadwal.tindak_lanjut.terlambat if fail_on else ()
    if late:                        # an overdue follow-up is overdue like an audit
        say(_("--fail-on %(status)s: %(n)d tindak lanjut temuan — %(list)s")
            % {"status": fail_on, "n": len(late),
               "list": ", ".join(f"{i.id_audit}/{i.temuan}" for i in late[:10])
               + (" …" if len(late) > 10 else "")}, err=True)
    if failing or late:
        sys.exit(EXIT_FOUND)
