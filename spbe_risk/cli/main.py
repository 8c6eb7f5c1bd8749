"""The top-level ``spbe-risk`` group and the workspace commands (check, score, matrix, build)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from spbe_risk import __version__
from spbe_risk.cli.common import EXIT_INPUT, handles_input_errors, print_problems


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spbe-risk")
def main() -> None:
    """Manajemen risiko SPBE, katalog kontrol BSSN, bundel bukti audit dan jadwal audit TIK."""

WORKSPACE = click.argument("workspace", default=".", type=click.Path(file_okay=False))


@main.command()
@WORKSPACE
def check(workspace: str) -> None:
    """Validate every file of WORKSPACE; one line per problem as FILE:LINE:COL."""
    from spbe_risk.sources import load

    result = _guarded(load, workspace)
    print_problems(list(result.problems))
    if result.workspace is None:
        n = len(result.errors)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found", err=True)
        sys.exit(EXIT_INPUT)
    ws = result.workspace
    from spbe_risk.crosscheck import crosscheck_warnings

    extra = _guarded(crosscheck_warnings, ws)
    print_problems(extra)
    click.echo(f"ok: {ws.konteks.instansi} {ws.konteks.periode} — {len(ws.registers)} register, "
               f"{sum(len(r.risiko) for r in ws.registers)} risiko, {len(ws.aset)} aset, "
               f"{sum(len(k.kontrol) for k in ws.katalog)} kontrol"
               + (f", {len(result.warnings) + len(extra)} warning(s)"
                  if result.warnings or extra else ""))


def _guarded(func, *args):
    """Run a loader, turning InputError/OSError into exit 2 like every command does."""
    return handles_input_errors(func)(*args)


@main.command()
@WORKSPACE
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--upr", help="Only the risks of this UPR id.")
def score(workspace: str, fmt: str, upr: str | None) -> None:
    """Score every risk: besaran, level, appetite decision, residual, monitoring, priority."""
    from spbe_risk.report_docs import score_document

    ws = load_workspace_or_exit(workspace)
    if upr is not None and upr not in {u.id for u in ws.konteks.upr}:
        raise click.BadParameter(f"expected a UPR id of {ws.konteks.instansi}, found {upr!r}",
                                 param_hint="--upr")
    emit(score_document(ws, upr), fmt)


@main.command()
@WORKSPACE
@click.option("--stage", type=click.Choice(["analisis", "residual", "pemantauan"]),
              default="analisis", show_default=True)
@click.option("--upr", help="Only the risks of this UPR id.")
def matrix(workspace: str, stage: str, upr: str | None) -> None:
    """The 5×5 heatmap (risk count per cell) in the regulation's band colours."""
    from spbe_risk.heatmap_view import print_heatmap
    from spbe_risk.scoring import heatmap, score_workspace

    ws = load_workspace_or_exit(workspace)
    results = score_workspace(ws, upr)
    print_heatmap(ws.matriks, heatmap(results, ws.matriks, stage), stage, ws.konteks)


@main.command()
@WORKSPACE
@click.option("--out", "out_dir", default="reports", show_default=True,
              type=click.Path(file_okay=False), help="Output folder.")
@click.option("--today", help="Reference date YYYY-MM-DD for the schedule (default: today "
                              "in the instansi's time zone).")
def build(workspace: str, out_dir: str, today: str | None) -> None:
    """The main job: check, then write every output into --out."""
    from spbe_risk.build import run_build

    ws = load_workspace_or_exit(workspace)
    written = handles_input_errors(run_build)(ws, Path(out_dir), today)
    for path in written:
        click.echo(f"wrote {path}")


def load_workspace_or_exit(workspace: str):
    from spbe_risk.sources import load_or_raise

    ws, warnings = _guarded(load_or_raise, workspace)
    print_problems(warnings)
    return ws


def emit(doc, fmt: str) -> None:
    from spbe_risk.formats import render

    render(doc, fmt, sys.stdout)
