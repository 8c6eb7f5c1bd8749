"""``spbe-risk export``: our catalogs, audit results and matrix in other tools' formats.

- ``export oscal catalog CATALOG_ID`` → an OSCAL 1.1 catalog (JSON);
- ``export oscal results BUNDLE.zip`` → OSCAL 1.1 assessment results of a bundle that
  verifies (with the audited asset's scored risks when ``--workspace`` is given);
- ``export ciso-assistant [WORKSPACE]`` → a CISO Assistant library (YAML).

Output goes to standard output or, with ``--out``, atomically to a file. Bad input
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
from spbe_risk.load.diagnostics import CATALOG_ID, UNKNOWN_OPTION_VALUE
from spbe_risk.messages import msg
from spbe_risk.problems import InputError, Problem

OUTPUT = click.option("--out", "-o", "output", type=click.Path(dir_okay=False),
                      help="Tulis ke berkas ini (atomik) alih-alih keluaran standar.")


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
            raise click.BadParameter(_("diharapkan tanggal-waktu ISO seperti 2026-12-01T00:00:00Z, "
                                       "ditemukan %(found)s") % {"found": repr(value)},
                                     param_hint="--last-modified") from None
        if moment.tzinfo is None:
            raise click.BadParameter(_("diharapkan tanggal-waktu dengan zona waktu (Z atau "
                                       "+07:00), ditemukan %(found)s") % {"found": repr(value)},
                                     param_hint="--last-modified")
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
    """JSON OSCAL 1.1 (NIST): katalog, hasil asesmen."""


def _catalogs(workspace: str | None):
    if workspace:
        return load_workspace_or_exit(workspace).katalog
    from spbe_risk.sources import load_shipped_catalogs

    return guarded(load_shipped_catalogs)


@oscal.command("catalog")
@click.argument("catalog_id")
@click.option("--workspace", type=click.Path(file_okay=False),
              help="Pakai katalog ruang kerja ini (termasuk controls/ miliknya) alih-alih "
                   "katalog bawaan.")
@click.option("--last-modified", help="metadata.last-modified (bawaan: SOURCE_DATE_EPOCH atau "
                                      "sekarang).")
@click.option("--doc-version", default="1", show_default=True, help="metadata.version.")
@OUTPUT
def oscal_catalog(catalog_id: str, workspace: str | None, last_modified: str | None,
                  doc_version: str, output: str | None) -> None:
    """Satu katalog kontrol sebagai OSCAL catalog (grup = fungsi)."""
    from spbe_risk.interop.oscal_catalog import catalog

    stamp = _timestamp(last_modified)
    katalog = {k.id: k for k in _catalogs(workspace)}
    if catalog_id not in katalog:
        from spbe_risk.load.fields import did_you_mean

        raise click.BadParameter(_(UNKNOWN_OPTION_VALUE(
            what=msg(CATALOG_ID), listed=f" ({', '.join(sorted(katalog))})",
            found=repr(catalog_id), hint=did_you_mean(catalog_id, katalog))),
            param_hint="CATALOG_ID")
    _write(_json(catalog(katalog[catalog_id], stamp, doc_version)), output)


@oscal.command("results")
@click.argument("bundle", type=click.Path(dir_okay=False))
@click.option("--trust", multiple=True, type=click.Path(dir_okay=False),
              help="Jangkar kepercayaan (PEM); dengan --workspace, jangkar di WORKSPACE/trust/ "
                   "(*.pem, internal/, eksternal/) juga dipakai.")
@click.option("--workspace", type=click.Path(file_okay=False),
              help="Tambahkan risiko aset yang diaudit, beserta skornya, dari ruang kerja ini.")
@click.option("--doc-version", default="1", show_default=True, help="metadata.version.")
@OUTPUT
@handles_input_errors
def oscal_results(bundle: str, trust: tuple[str, ...], workspace: str | None, doc_version: str,
                  output: str | None) -> None:
    """Bundel bukti terverifikasi sebagai OSCAL assessment results."""
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
        from spbe_risk.report.diagnostics import NO_TRUST_ANCHOR

        raise InputError([Problem(bundle, 0, 0, NO_TRUST_ANCHOR())])
    facts = verified_facts(bundle, TrustPolicy.from_pem_files(anchors))
    _write(_json(assessment_results(facts, risks, doc_version)), output)


@export.command("ciso-assistant")
@click.argument("workspace", default=".", type=click.Path(file_okay=False))
@click.option("--katalog", "catalog_ids", multiple=True,
              help="Hanya katalog dengan id ini (boleh diulang; bawaan: semua katalog).")
@click.option("--lib-version", type=click.IntRange(1), default=1, show_default=True,
              help="Versi pustaka (naikkan untuk setiap pembaruan yang Anda terbitkan).")
@OUTPUT
def ciso_assistant(workspace: str, catalog_ids: tuple[str, ...], lib_version: int,
                   output: str | None) -> None:
    """Katalog dan matriks risiko ruang kerja sebagai pustaka CISO Assistant (YAML)."""
    import yaml

    from spbe_risk.interop.ciso_assistant import library

    ws = load_workspace_or_exit(workspace)
    known = {k.id: k for k in ws.katalog}
    unknown = [c for c in catalog_ids if c not in known]
    if unknown:
        raise click.BadParameter(_(UNKNOWN_OPTION_VALUE(
            what=msg(CATALOG_ID), listed=f" ({', '.join(sorted(known))})",
            found=", ".join(map(repr, unknown)), hint="")), param_hint="--katalog")
    chosen = [known[c] for c in catalog_ids] if catalog_ids else list(ws.katalog)
    doc = library(chosen, [ws.matriks], lib_version)
    _write(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100), output)
