"""``controls list|show``, ``coverage`` and ``soa``: the catalogs and how well assets meet them.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import sys

import click

from spbe_risk import vocab
from spbe_risk.cli.common import (
    WORKSPACE,
    _,
    emit,
    handles_input_errors,
    load_workspace_or_exit,
    output_format,
    require_known,
    say,
)
from spbe_risk.load.diagnostics import ASSET_ID, CATALOG_ID, CONTROL_ID
from spbe_risk.messages import N_

FORMAT = output_format


@click.group()
def controls() -> None:
    """Katalog kontrol: BSSN 4/2021 (web, mobile, manajemen) dan katalog rancangan."""


@controls.command("list")
@click.option("--katalog", "catalog_id", help="Hanya katalog dengan id ini (misalnya "
                                              "bssn-4-2021-web).")
@click.option("--prinsip", "principle", type=click.Choice(vocab.PRINSIP), help="Hanya kontrol untuk prinsip "
                                                                    "ini.")
@click.option("--jenis-aset", "kind", type=click.Choice(vocab.JENIS_ASET), help="Hanya kontrol untuk jenis "
                                                                  "aset ini.")
@FORMAT
@handles_input_errors
def list_controls(catalog_id: str | None, principle: str | None, kind: str | None, fmt: str) -> None:
    """Daftar kontrol katalog."""
    from spbe_risk.documents import controls_document
    from spbe_risk.sources import load_shipped_catalogs

    katalog = load_shipped_catalogs()
    require_known(catalog_id, [k.id for k in katalog], CATALOG_ID, "--katalog")
    emit(controls_document(katalog, catalog_id, principle, kind), fmt)


@controls.command("show")
@click.argument("control_id")
@click.option("--format", "fmt", help="Format keluaran.", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handles_input_errors
def show_control(control_id: str, fmt: str) -> None:
    """Semua yang dikatakan katalog tentang satu kontrol."""
    from spbe_risk.documents import kontrol_json
    from spbe_risk.formats.json import dumps
    from spbe_risk.sources import load_shipped_catalogs

    by_id = {k.id: k for kat in load_shipped_catalogs() for k in kat.kontrol}
    require_known(control_id, by_id, CONTROL_ID, "CONTROL_ID")
    k = by_id[control_id]
    data = kontrol_json(k)
    if fmt == "json":
        sys.stdout.write(dumps(data))
        return
    labels = {k: _(v) for k, v in SHOW_LABELS.items()}
    width = max(len(v) for v in labels.values())
    for key, value in data.items():
        if value is None or value == [] or value == {}:      # e.g. no panduan
            continue
        if key in ("prinsip", "berlaku_untuk"):
            value = [_(v) for v in value]
        say(f"{labels.get(key, key):>{width}}: {_prose(value)}")


def _prose(value) -> str:  # noqa: ANN001
    """A catalog value as a person reads it: lists as "a; b", mappings as "k: v, w"."""
    if isinstance(value, list | tuple):
        return "; ".join(_prose(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_prose(v)}" for k, v in value.items())
    return str(value)


SHOW_LABELS = {
    "id": N_("Kode"), "katalog": N_("Katalog"), "judul": N_("Judul"),
    "judul_en": N_("Judul (Inggris)"), "pernyataan": N_("Pernyataan"), "panduan": N_("Panduan"),
    "fungsi": N_("Fungsi"), "prinsip": N_("Prinsip"), "berlaku_untuk": N_("Berlaku untuk"),
    "platform": N_("Platform"), "area_audit": N_("Area audit"), "bukti_umum": N_("Bukti umum"),
    "source": N_("Sumber"), "confidence": N_("Keyakinan"), "references": N_("Rujukan"),
}


@click.command()
@WORKSPACE
@click.option("--aset", "aset_id", help="Hanya aset dengan id ini.")
@FORMAT
def coverage(workspace: str, aset_id: str | None, fmt: str) -> None:
    """Per aset: kontrol yang berlaku, status, cakupan per prinsip, risiko yang belum tertangani."""
    from spbe_risk.documents import coverage_document
    from spbe_risk.sources.bundles import workspace_evidence

    ws = load_workspace_or_exit(workspace)
    _known_asset(ws, aset_id)
    emit(coverage_document(ws, aset_id, kesimpulan=workspace_evidence(ws).kesimpulan), fmt)


@click.command()
@WORKSPACE
@click.option("--aset", "aset_id", required=True, help="Id aset.")
@FORMAT
def soa(workspace: str, aset_id: str, fmt: str) -> None:
    """Pernyataan Keberlakuan (SoA) satu aset: setiap kontrol yang berlaku dan statusnya."""
    from spbe_risk.documents import soa_document

    ws = load_workspace_or_exit(workspace)
    _known_asset(ws, aset_id)
    emit(soa_document(ws, aset_id), fmt)


def _known_asset(ws, aset_id: str | None) -> None:
    require_known(aset_id, [a.id for a in ws.aset], ASSET_ID, "--aset")
