"""``spbe-risk diff``: what changed between two snapshots of a database (``--db FILE
FROM TO``) or two git revisions of a workspace (``--git REV1 REV2 [WORKSPACE]``).

Thin click wrapper over ``spbe_risk.diff`` with ``store.snapshots`` or ``sources.git``
as the source of each state. Layer: shell (CLI).
"""

from __future__ import annotations

from pathlib import Path

import click

from spbe_risk.cli.common import _, emit, handles_input_errors


@click.command()
@click.argument("args", nargs=-1)
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Bandingkan dua label snapshot (FROM TO) dari basis data ini.")
@click.option("--git", "use_git", is_flag=True,
              help="Bandingkan dua revisi git: REV1 REV2 [WORKSPACE]; atau satu revisi dengan "
                   "pohon kerja: REV [WORKSPACE] (termasuk suntingan yang belum di-commit).")
@click.option("--format", "fmt", help="Format keluaran.",
              type=click.Choice(["table", "json", "markdown", "csv"]),
              default="table", show_default=True)
@handles_input_errors
def diff(args: tuple[str, ...], db_path: str | None, use_git: bool, fmt: str) -> None:
    """Risiko yang ditambah, dihapus dan berubah (besaran dan level lama → baru, penanganan, pemantauan)."""
    from spbe_risk.diff import diff_states
    from spbe_risk.documents.diff import diff_document

    if (db_path is None) == (not use_git):
        raise click.UsageError(_("berikan --db FILE FROM TO atau --git REV1 REV2 [WORKSPACE]"))
    if db_path is not None:
        if len(args) != 2:
            raise click.UsageError(_("--db memerlukan dua label snapshot: FROM TO"))
        from spbe_risk.store.snapshots import read_state

        old, new = read_state(db_path, args[0]), read_state(db_path, args[1])
    else:
        if len(args) not in (1, 2, 3):
            raise click.UsageError(_("--git memerlukan REV1 REV2 [WORKSPACE], atau REV [WORKSPACE] "
                                     "untuk membandingkan REV dengan pohon kerja"))
        from spbe_risk.sources.git import state_at, state_now

        # REV WORKSPACE: the second argument is an existing folder, not a revision
        against_tree = len(args) == 1 or (len(args) == 2 and Path(args[1]).is_dir())
        if against_tree:
            workspace = args[1] if len(args) == 2 else "."
            old, new = state_at(workspace, args[0]), state_now(workspace)
            args = (args[0], _("pohon kerja"))
        else:
            workspace = args[2] if len(args) == 3 else "."
            old, new = state_at(workspace, args[0]), state_at(workspace, args[1])
    emit(diff_document(diff_states(old, new, args[0], args[1])), fmt)
