"""The workspace commands: ``check``, ``score``, ``matrix`` and ``build`` (the main job).

Thin click wrappers over library functions; imports the shell (sources, documents,
formats, build) lazily inside each command so ``check`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from spbe_risk.cli.common import (
    EXIT_INPUT,
    WORKSPACE,
    emit,
    guarded,
    handles_input_errors,
    load_workspace_or_exit,
    print_problems,
)


@click.command()
@WORKSPACE
@click.option("--no-cache", is_flag=True, help="Verify every evidence bundle afresh instead of "
              "reusing a passed verification of the same bytes from WORKSPACE/.spbe-risk-cache/.")
def check(workspace: str, no_cache: bool) -> None:
    """Validate every file of WORKSPACE; one line per problem as FILE:LINE:COL."""
    from spbe_risk.sources import load

    result = guarded(load, workspace)
    print_problems(list(result.problems))
    if result.workspace is None:
        n = len(result.errors)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found", err=True)
        sys.exit(EXIT_INPUT)
    ws = result.workspace
    from spbe_risk.sources.bundles import evidence_warnings

    extra = guarded(evidence_warnings, ws, None, not no_cache)
    print_problems(extra)
    click.echo(f"ok: {ws.konteks.instansi} {ws.konteks.periode} — {len(ws.registers)} register, "
               f"{sum(len(r.risiko) for r in ws.registers)} risiko, {len(ws.aset)} aset, "
               f"{sum(len(k.kontrol) for k in ws.katalog)} kontrol"
               + (f", {len(result.warnings) + len(extra)} warning(s)"
                  if result.warnings or extra else ""))


@click.command()
@WORKSPACE
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--upr", help="Only the risks of this UPR id.")
def score(workspace: str, fmt: str, upr: str | None) -> None:
    """Score every risk: besaran, level, appetite decision, residual, monitoring, priority."""
    from spbe_risk.documents import score_document

    if fmt == "json":         # a clean workspace: loaded, scored and encoded on every core
        from spbe_risk.documents.score import score_text_document
        from spbe_risk.sources.parallel_score import score_json_parallel

        fast = score_json_parallel(workspace, upr)
        if fast is not None:
            print_problems(list(fast.warnings))
            emit(score_text_document(fast.text), fmt)
            return
    ws = load_workspace_or_exit(workspace)
    if upr is not None and upr not in {u.id for u in ws.konteks.upr}:
        raise click.BadParameter(f"expected a UPR id of {ws.konteks.instansi}, found {upr!r}",
                                 param_hint="--upr")
    emit(score_document(ws, upr), fmt)


@click.command()
@WORKSPACE
@click.option("--stage", type=click.Choice(["analisis", "residual", "pemantauan"]),
              default="analisis", show_default=True)
@click.option("--upr", help="Only the risks of this UPR id.")
def matrix(workspace: str, stage: str, upr: str | None) -> None:
    """The 5×5 heatmap (risk count per cell) in the regulation's band colours."""
    from spbe_risk.documents import heatmap_document
    from spbe_risk.scoring import score_workspace

    ws = load_workspace_or_exit(workspace)
    emit(heatmap_document(ws, score_workspace(ws, upr), stage), "heatmap")


@click.command()
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
