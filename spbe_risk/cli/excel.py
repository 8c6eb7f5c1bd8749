"""``spbe-risk excel export|import``: the registers as a Formulir workbook and back.

Thin click wrappers over ``spbe_risk.excel``; openpyxl is imported inside the commands.
Layer: shell (CLI).
"""

from __future__ import annotations

import click

from spbe_risk.cli.common import WORKSPACE, _, handles_input_errors, load_workspace_or_exit, say


@click.group()
def excel() -> None:
    """Excel dalam tata letak Formulir PermenPANRB 5/2020: ekspor dan impor."""


@excel.command("export")
@WORKSPACE
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Berkas .xlsx.")
@click.option("--upr", help="Hanya register UPR dengan id ini.")
@handles_input_errors
def export_cmd(workspace: str, out: str, upr: str | None) -> None:
    """Tulis register WORKSPACE ke buku kerja (Formulir 2.x, 3.0, 4.0, 5.0)."""
    from spbe_risk.excel.export import export_workbook

    ws = load_workspace_or_exit(workspace)
    if upr is not None and upr not in {u.id for u in ws.konteks.upr}:
        raise click.BadParameter(_("diharapkan id UPR %(instansi)s, ditemukan %(found)s")
                                 % {"instansi": ws.konteks.instansi, "found": repr(upr)},
                                 param_hint="--upr")
    counts = export_workbook(ws, out, upr)
    say(_("ditulis %(path)s: %(counts)s") % {"path": out, "counts": ", ".join(
        _("%(sheet)s %(n)d baris") % {"sheet": k, "n": v} for k, v in counts.items())})


@excel.command("import")
@click.argument("book", type=click.Path(dir_okay=False, exists=True))
@WORKSPACE
@click.option("--accept-computed", is_flag=True,
              help="Nilai yang diketik ke sel hitungan (Besaran, Level, Keputusan Penanganan) "
                   "yang tidak sesuai dengan matriks menjadi peringatan dan nilai hitungan "
                   "dipertahankan, alih-alih menolak impor.")
@handles_input_errors
def import_cmd(book: str, workspace: str, accept_computed: bool) -> None:
    """Baca BOOK kembali ke berkas register WORKSPACE (tidak ada yang ditulis bila ada sel yang salah)."""
    from spbe_risk.cli.common import print_problems
    from spbe_risk.excel.apply import import_workbook

    ws = load_workspace_or_exit(workspace)
    report = import_workbook(book, ws, accept_computed)
    print_problems(list(report.notes))
    for f in report.written:
        say(_("ditulis %(path)s") % {"path": f})
    say(_("%(risiko)d risiko; %(changed)d berkas diubah, %(same)d tidak berubah")
        % {"risiko": report.risks, "changed": len(report.written),
           "same": len(report.unchanged)})
