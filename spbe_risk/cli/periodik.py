"""``spbe-risk periodic-report``: the Laporan Periodik Penyelenggaraan Audit TIK the
Koordinator SPBE sends the ministry at least once in 2 years (Permenkominfo 16/2022
Pasal 23, Lampiran III).

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import click

from spbe_risk.cli.common import (
    LANG,
    WORKSPACE,
    _,
    current_lang,
    guarded,
    handles_input_errors,
    load_workspace_or_exit,
    say,
)


@click.command("periodic-report")
@WORKSPACE
@click.option("--out", "-o", "out", required=True, type=click.Path(file_okay=False),
              help="Folder untuk PDF surat dan laporan, JSON dan CSV.")
@click.option("--since", default=None, metavar="YYYY-MM-DD",
              help="Hari pertama periode (bawaan: dua tahun sebelum --until).")
@click.option("--until", default=None, metavar="YYYY-MM-DD",
              help="Hari terakhir periode (bawaan: --today).")
@click.option("--today", default=None, help="Tanggal surat YYYY-MM-DD (bawaan: hari ini di "
                                            "zona waktu instansi).")
@click.option("--excel", is_flag=True, help="CSV untuk Excel: UTF-8 dengan BOM, pemisah ';', CRLF.")
@LANG
@handles_input_errors
def periodic_report(workspace: str, out: str, since: str | None, until: str | None,
                    today: str | None, excel: bool, lang: str | None) -> None:
    """Laporan Periodik Penyelenggaraan Audit TIK (Permenkominfo 16/2022 Pasal 23): setiap
    audit yang dilaksanakan dalam periode, temuan dan tindak lanjutnya, kewajiban yang
    terpenuhi atau tidak per aset."""
    from spbe_risk.messages import render
    from spbe_risk.problems import InputError, Problem
    from spbe_risk.report.periodik import render_files, write_files
    from spbe_risk.sources.clock import parse_today
    from spbe_risk.sources.periodik import build_report, default_since
    from spbe_risk.tanggal import date_words

    ws = load_workspace_or_exit(workspace)
    zone = ws.konteks.zona_waktu
    day = parse_today(today, zone)
    end = _date("--until", until, zone) or day
    start = _date("--since", since, zone) or default_since(end)
    if start > end:
        raise InputError([Problem("--since", 0, 0, _(
            "diharapkan tanggal pada atau sebelum --until %(until)s, ditemukan %(found)s")
            % {"until": end.isoformat(), "found": start.isoformat()})])
    doc = build_report(ws, start, end, day)
    files = guarded(render_files, doc, current_lang(), excel)
    for path in guarded(write_files, files, out):
        say(_("ditulis %(path)s") % {"path": path}, err=True)
    r = doc["ringkasan"]
    say(_("laporan periodik %(mulai)s s.d. %(selesai)s: %(audit)d audit, %(temuan)d temuan "
          "(%(terlambat)d lewat batas waktu), %(tidak)d kewajiban tidak terpenuhi")
        % {"mulai": render(date_words(start), _), "selesai": render(date_words(end), _),
           "audit": r["audit"],
           "temuan": r["temuan"], "terlambat": r["temuan_terlambat"],
           "tidak": r["kewajiban_tidak_terpenuhi"]})


def _date(flag: str, value: str | None, zone: str):  # noqa: ANN202
    """``--since``/``--until`` as a date (parsed like ``--today``), or None."""
    if value is None:
        return None
    from spbe_risk.problems import InputError, Problem
    from spbe_risk.sources.clock import parse_today

    try:
        return parse_today(value, zone)
    except InputError as exc:
        raise InputError([Problem(flag, 0, 0, exc.problems[0].message)]) from None
