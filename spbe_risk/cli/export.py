"""``spbe-risk export``: our catalogs, audit results and matrix in other tools' formats.

- ``export oscal catalog CATALOG_ID`` → an OSCAL 1.1 catalog (JSON);
- ``export oscal results BUNDLE.zip`` → OSCAL 1.1 assessment results of a bundle that
  verifies (with the audited asset's scored risks when ``--workspace`` is given);
- ``export ciso-assistant [WORKSPACE]`` → a CISO Assistant library (YAML).

Output goes to standard output or, with ``--output``, atomically to a file. Bad input
(unknown catalog, a bundle that does not verify) is one line and exit 2.

Layer: shell (CLI). Imports the interop builders lazily inside each command.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime

import click

from spbe_risk.cli.common import _, guarded, handles_input_errors, load_workspace_or_exit, say
from spbe_risk.problems import InputError, Problem

OUTPUT = click.option("--output", "-o", type=click.Path(dir_okay=False),
                      help="Write to this file (atomically) instead of standard output.")


def _write(text: str, output: str | None) -> None:
    if output:
        from spbe_risk.atomic import write_text

        guarded(write_text, output, text)
        say(_("ditulis %(path)s") % {"path": output}, err=True)
    else:
        sys.stdout.write(text)


def _json(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _timestamp(value: str | None) -> str:
    """--last-modified, else SOURCE_DATE_EPOCH (reproducible builds), else now; UTC."""
    if value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(f"expected an ISO date-time such as 2026-12-01T00:00:00Z, "
                                     f"found {value!r}", param_hint="--last-modified") from None
        if moment.tzinfo is None:
            raise click.BadParameter(f"expected a date-time with a time zone (Z or +07:00), "
                                     f"found {value!r}", param_hint="--last-modified")
    elif os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        moment = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), UTC)
    else:
        moment = datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@click.group()
def export() -> None:
    """Ekspor ke format alat lain: OSCAL 1.1 dan pustaka CISO Assistant."""


@export.group()
def oscal() -> None:
    """OSCAL 1.1 (NIST) JSON: catalog, assessment results."""


def _catalogs(workspace: str | None):
    if workspace:
        return load_workspace_or_exit(workspace).katalog
    from spbe_risk.sources import load_shipped_catalogs

    return guarded(load_shipped_catalogs)


@oscal.command("catalog")
@click.argument("catalog_id")
@click.option("--workspace", type=click.Path(file_okay=False),
              help="Use this workspace's catalogs (its own controls/ too) instead of the "
                   "shipped ones.")
@click.option("--last-modified", help="metadata.last-modified (default: SOURCE_DATE_EPOCH "
                                      "or now).")
@click.option("--doc-version", default="1", show_default=True, help="metadata.version.")
@OUTPUT
def oscal_catalog(catalog_id: str, workspace: str | None, last_modified: str | None,
                  doc_version: str, output: str | None) -> None:
    """One control catalog as an OSCAL catalog (groups = fungsi)."""
    from spbe_risk.interop.oscal_catalog import catalog

    stamp = _timestamp(last_modified)
    katalog = {k.id: k for k in _catalogs(workspace)}
    if catalog_id not in katalog:
        from spbe_risk.load.fields import did_you_mean

        raise click.BadParameter(f"expected a catalog id ({', '.join(sorted(katalog))}), found "
                                 f"{catalog_id!r}{did_you_mean(catalog_id, katalog)}",
                                 param_hint="CATALOG_ID")
    _write(_json(catalog(katalog[catalog_id], stamp, doc_version)), output)


@oscal.command("results")
@click.argument("bundle", type=click.Path(dir_okay=False))
@click.option("--trust", multiple=True, type=click.Path(dir_okay=False),
              help="Trust anchor (PEM); with --workspace, the anchors in WORKSPACE/trust/ "
                   "(*.pem, internal/, eksternal/) are used too.")
@click.option("--workspace", type=click.Path(file_okay=False),
              help="Add the audited asset's scored risks from this workspace.")
@click.option("--doc-version", default="1", show_default=True, help="metadata.version.")
@OUTPUT
@handles_input_errors
def oscal_results(bundle: str, trust: tuple[str, ...], workspace: str | None, doc_version: str,
                  output: str | None) -> None:
    """A verified evidence bundle as OSCAL assessment results."""
    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.interop.bundle_facts import verified_facts
    from spbe_risk.interop.oscal_results import assessment_results

    risks = []
    anchors = list(trust)
    if workspace:
        from spbe_risk.scoring import score_workspace
        from spbe_risk.sources.bundles import trust_files

        ws = load_workspace_or_exit(workspace)
        risks = score_workspace(ws)
        anchors = [str(p) for p in trust_files(workspace, anchors)]
    if not anchors:
        raise InputError([Problem(bundle, 0, 0, "expected a trust anchor (--trust CA.pem or "
                                                "--workspace with trust/*.pem), found none: "
                                                "results are exported only from a bundle whose "
                                                "signer is trusted")])
    facts = verified_facts(bundle, TrustPolicy.from_pem_files(anchors))
    _write(_json(assessment_results(facts, risks, doc_version)), output)


@export.command("ciso-assistant")
@click.argument("workspace", default=".", type=click.Path(file_okay=False))
@click.option("--catalog", "catalog_ids", multiple=True,
              help="Only these catalog ids (repeatable; default: every catalog).")
@click.option("--lib-version", type=click.IntRange(1), default=1, show_default=True,
              help="The library's version (raise it for each update you publish).")
@OUTPUT
def ciso_assistant(workspace: str, catalog_ids: tuple[str, ...], lib_version: int,
                   output: str | None) -> None:
    """The catalogs and the workspace's risk matrix as a CISO Assistant library (YAML)."""
    import yaml

    from spbe_risk.interop.ciso_assistant import library

    ws = load_workspace_or_exit(workspace)
    known = {k.id: k for k in ws.katalog}
    unknown = [c for c in catalog_ids if c not in known]
    if unknown:
        raise click.BadParameter(f"expected catalog ids among {', '.join(sorted(known))}, "
                                 f"found {', '.join(map(repr, unknown))}", param_hint="--catalog")
    chosen = [known[c] for c in catalog_ids] if catalog_ids else list(ws.katalog)
    doc = library(chosen, [ws.matriks], lib_version)
    _write(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100), output)
