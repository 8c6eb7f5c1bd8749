"""``spbe-risk schema KIND``: the JSON Schema of one file kind, for editors and CI.

The same schemas ship in the package (``spbe_risk/schemas/``); ``--write DIR`` writes all
of them (atomically), e.g. into a repository's ``.schemas/`` for
``# yaml-language-server: $schema=…`` lines.

Layer: shell (CLI). Imports the schema generator lazily.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from spbe_risk.cli.common import guarded

KINDS = ("context", "register", "inventory", "catalog", "matrix", "audit-rules")


@click.command()
@click.argument("kind", required=False, type=click.Choice(KINDS))
@click.option("--write", "out_dir", type=click.Path(file_okay=False),
              help="Write every kind (or KIND) as DIR/<kind>.schema.json instead of printing.")
def schema(kind: str | None, out_dir: str | None) -> None:
    """JSON Schema (draft 2020-12) of a file kind: context, register, inventory, catalog,
    matrix, audit-rules."""
    from spbe_risk.interop.schemas import schema_text

    if out_dir:
        from spbe_risk.atomic import write_text

        for k in ([kind] if kind else KINDS):
            path = Path(out_dir) / f"{k}.schema.json"
            guarded(write_text, path, schema_text(k))
            click.echo(f"wrote {path}", err=True)
        return
    if kind is None:
        raise click.UsageError("expected a KIND (" + ", ".join(KINDS) + ") or --write DIR")
    sys.stdout.write(schema_text(kind))
