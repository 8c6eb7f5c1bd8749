"""The top-level ``spbe-risk`` group. Commands live in one module per group and are
registered in ``cli/__init__.py``; this module holds nothing else.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import click

from spbe_risk import __version__
from spbe_risk.cli.common import LANG
from spbe_risk.cli.language import RootGroup


@click.group(cls=RootGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spbe-risk", message="%(prog)s %(version)s",
                      help="Tampilkan versi lalu keluar.")
@LANG
def main(lang: str | None) -> None:
    """Manajemen risiko SPBE, katalog kontrol BSSN, bundel bukti audit dan jadwal audit TIK."""
