"""``spbe-risk db build|verify|metadata``: the SQLite store of one instansi.

Thin click wrappers over ``spbe_risk.store``; imports the store lazily inside commands.
Layer: shell (CLI).
"""

from __future__ import annotations

import sys

import click

from spbe_risk.cli.common import (
    EXIT_FOUND,
    WORKSPACE,
    _,
    handles_input_errors,
    load_workspace_or_exit,
    say,
    say_written,
)

DB = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
                  help="Berkas basis data SQLite.")


@click.group()
def db() -> None:
    """Basis data SQLite: bangun, verifikasi, metadata Datasette."""


@db.command("build")
@WORKSPACE
@DB
@click.option("--snapshot", "label", help="Simpan keadaan yang sudah dinilai dengan label ini "
                                          "(misalnya 2026-Q3).")
@click.option("--replace", is_flag=True, help="Simpan versi baru dari label yang sudah ada "
                                              "(dicatat di log).")
@click.option("--today", help="Tanggal acuan YYYY-MM-DD untuk jadwal audit.")
@click.option("--trust", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="Jangkar kepercayaan tambahan (PEM) untuk bundel di audits/.")
@handles_input_errors
def build_cmd(workspace: str, db_path: str, label: str | None, replace: bool,
              today: str | None, trust: tuple[str, ...]) -> None:
    """Tulis setiap risiko, skor, kontrol, aset dan audit WORKSPACE ke --db, semua atau tidak sama sekali."""
    from spbe_risk.sources.clock import parse_today
    from spbe_risk.store import build_database

    ws = load_workspace_or_exit(workspace)
    if replace and not label:
        raise click.UsageError(_("--replace memerlukan --snapshot LABEL"))
    report = build_database(ws, db_path, parse_today(today, ws.konteks.zona_waktu),
                            snapshot=label, replace=replace, trust=trust)
    n = report.counts
    say(_("%(path)s: %(risiko)d risiko, %(skor)d skor, %(aset)d aset, %(kontrol)d kontrol, "
          "%(jadwal)d jadwal, %(bundel)d bundel")
        % {"path": report.path, "risiko": n["risiko"], "skor": n["skor"], "aset": n["aset"],
           "kontrol": n["kontrol"], "jadwal": n["jadwal_audit"], "bundel": n["bundel"]})
    for ev in report.events:
        say(_("log #%(seq)s: %(peristiwa)s %(subjek)s") % ev)
    say(_("kepala rantai: %(head)s") % {"head": report.head})


@db.command("verify")
@DB
@click.option("--expect-head", help="Gagal kecuali hash kepala log sama dengan ini.")
@handles_input_errors
def verify_cmd(db_path: str, expect_head: str | None) -> None:
    """Hitung ulang rantai hash log dan hash snapshot; keluar dengan kode 1 pada putusan pertama."""
    from spbe_risk.messages import render
    from spbe_risk.store import verify_database

    r = verify_database(db_path, expect_head)
    say(_("%(path)s: %(rows)d baris log, %(snapshots)d snapshot")
        % {"path": r.path, "rows": r.rows, "snapshots": r.snapshots})
    if r.broken_seq is not None:
        say(_("RUSAK: baris log %(seq)d: %(reason)s") % {"seq": r.broken_seq,
                                                          "reason": render(r.reason, _)})
    for p in r.snapshot_problems:
        say(_("RUSAK: %(problem)s") % {"problem": render(p, _)})
    if not r.head_ok:
        say(_("RUSAK: kepala rantai: diharapkan %(expected)s, ditemukan %(found)s")
            % {"expected": expect_head, "found": r.head})
    say(_("kepala rantai: %(head)s") % {"head": r.head})
    say(_("UTUH") if r.ok else _("TIDAK UTUH"))
    if not r.ok:
        sys.exit(EXIT_FOUND)


@db.command("metadata")
@DB
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Tulis ke sini (bawaan: keluaran "
                                                             "standar).")
@handles_input_errors
def metadata_cmd(db_path: str, out: str | None) -> None:
    """Metadata Datasette (judul berbahasa Indonesia) untuk basis data."""
    from pathlib import Path

    from spbe_risk.store.metadata import metadata_json

    text = metadata_json("Manajemen Risiko SPBE", Path(db_path).stem)
    if out:
        from spbe_risk.atomic import write_text

        write_text(out, text)
        say_written(out)
    else:
        click.echo(text, nl=False)
