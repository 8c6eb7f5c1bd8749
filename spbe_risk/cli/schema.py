"""``spbe-risk schema KIND``: the JSON Schema of one file kind, for editors and CI.

The same schemas ship in the package (``spbe_risk/schemas/``); ``--out DIR`` writes all
of them (atomically), e.g. into a repository's ``.schemas/`` for
``# yaml-language-server: $schema=…`` lines.

Layer: shell (CLI). Imports the schema generator lazily.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from spbe_risk.cli.common import _, guarded, say

KINDS = ("context", "register", "inventory", "catalog", "matrix", "audit-rules", "tindak-lanjut")


@click.command()
@click.argument("kind", required=False, type=click.Choice(KINDS))
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False),
              help="Tulis setiap jenis (atau KIND) sebagai DIR/<kind>.schema.json alih-alih "
                   "mencetaknya.")
def schema(kind: str | None, out_dir: str | None) -> None:
    """JSON Schema (draft 2020-12) satu jenis berkas: context, register, inventory, catalog,
    matrix, audit-rules, tindak-lanjut."""
    from spbe_risk.interop.schemas import schema_text

    if out_dir:
        from spbe_risk.atomic import write_text

        for k in ([kind] if kind else KINDS):
            path = Path(out_dir) / f"{k}.schema.json"
            guarded(write_text, path, schema_text(k))
            say(_("ditulis %(path)s") % {"path": path}, err=True)
        return
    if kind is None:
        raise click.UsageError(_("diharapkan KIND (%(kinds)s) atau --out DIR")
                               % {"kinds": ", ".join(KINDS)})
    sys.stdout.write(schema_text(kind))


def _shipped_data():
    """The shipped catalogs, matrices and audit rules (for the legal-basis table)."""
    from spbe_risk.load import load_matrices, read_audit_rules
    from spbe_risk.problems import InputError, Problem
    from spbe_risk.resources import controls_dir
    from spbe_risk.sources import load_shipped_catalogs

    base = controls_dir()
    problems: list[Problem] = []
    matrices = load_matrices({p.name: p.read_bytes() for p in sorted((base / "matrices").glob("*.yaml"))},
                             problems)
    rules = []
    for p in sorted((base / "audit-rules").glob("*.yaml")):
        rules += read_audit_rules(p.name, p.read_bytes(), problems)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return load_shipped_catalogs(), [matrices[k] for k in sorted(matrices)], rules


def reference_text() -> str:
    from spbe_risk.cli.main import main
    from spbe_risk.interop.reference import reference as build

    katalog, matrices, rules = _shipped_data()
    return build(main, katalog, matrices, rules)


@click.command(hidden=True)
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False),
              help="Tulis referensi ke berkas ini (atomik).")
def reference(out: str | None) -> None:
    """Hasilkan docs/reference.md dari spesifikasi berkas, CLI dan data bawaan."""
    text = guarded(reference_text)
    if out:
        from spbe_risk.atomic import write_text

        guarded(write_text, out, text)
        say(_("ditulis %(path)s") % {"path": out}, err=True)
    else:
        sys.stdout.write(text)
