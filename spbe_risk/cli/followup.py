"""``spbe-risk evidence init --tindak-lanjut-dari`` and ``evidence verdict``: the auditor's side
of the follow-up (tindak lanjut) cycle; see ``evidence.followup``.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import click

from spbe_risk.cli.common import _, handles_input_errors, say
from spbe_risk.cli.evidence import _known, names_paths, workspace_option
from spbe_risk.documents.base import N_


@click.command("verdict")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--temuan", required=True, metavar="ID", help="Id temuan pada audit asal.")
@click.option("--status", required=True,
              type=click.Choice(["tuntas", "belum-tuntas", "tidak-dapat-ditindaklanjuti"]),
              help="Penilaian auditor atas tindak lanjut temuan itu.")
@click.option("--catatan", required=True, help="Dasar penilaian (apa yang diperiksa).")
@workspace_option
@handles_input_errors
@names_paths
def verdict(folder: str, temuan: str, status: str, catatan: str, workspace: str | None) -> None:
    """Catat penilaian auditor atas satu temuan di folder tindak lanjut (Permenkominfo
    16/2022 Lampiran I P-7); mengganti penilaian sebelumnya atas temuan yang sama."""
    from spbe_risk.evidence.followup import record_verdict

    record_verdict(folder, temuan, status, catatan, known=_known(workspace))
    say(_("temuan %(temuan)s: %(status)s") % {"temuan": temuan, "status": _(_VERDIK[status])})


_VERDIK = {"tuntas": N_("Tuntas (diverifikasi auditor)"), "belum-tuntas": N_("Belum Tuntas"),
           "tidak-dapat-ditindaklanjuti": N_("Tidak Dapat Ditindaklanjuti")}
