"""The top-level ``spbe-risk`` group and the workspace commands (check, score, matrix, build)."""

from __future__ import annotations

import click

from spbe_risk import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spbe-risk")
def main() -> None:
    """Manajemen risiko SPBE, katalog kontrol BSSN, bundel bukti audit dan jadwal audit TIK."""
