"""``spbe-risk diff``: what changed between two snapshots of a database (``--db FILE
FROM TO``) or two git revisions of a workspace (``--git REV1 REV2 [WORKSPACE]``).

Thin click wrapper over ``spbe_risk.diff`` with ``store.snapshots`` or ``sources.git``
as the source of each state. Layer: shell (CLI).
"""

from __future__ import annotations

from pathlib import Path

import click

from spbe_risk.cli.common import emit, handles_input_errors


@click.command()
@click.argument("args", nargs=-1)
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Compare two snapshot labels (FROM TO) of this database.")
@click.option("--git", "use_git", is_flag=True,
              help="Compare two git revisions: REV1 REV2 [WORKSPACE]; or one revision with "
                   "the working tree: REV [WORKSPACE] (uncommitted edits included).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown", "csv"]),
              default="table", show_default=True)
@handles_input_errors
def diff(args: tuple[str, ...], db_path: str | None, use_git: bool, fmt: str) -> None:
    """Risks added, removed and changed (besaran and level old → new, treatment, monitoring)."""
    from spbe_risk.diff import diff_states
    from spbe_risk.documents.diff import diff_document

    if (db_path is None) == (not use_git):
        raise click.UsageError("give either --db FILE FROM TO or --git REV1 REV2 [WORKSPACE]")
    if db_path is not None:
        if len(args) != 2:
            raise click.UsageError("--db needs two snapshot labels: FROM TO")
        from spbe_risk.store.snapshots import read_state

        old, new = read_state(db_path, args[0]), read_state(db_path, args[1])
    else:
        if len(args) not in (1, 2, 3):
            raise click.UsageError("--git needs REV1 REV2 [WORKSPACE], or REV [WORKSPACE] to "
                                   "compare REV with the working tree")
        from spbe_risk.sources.git import state_at, state_now

        # REV WORKSPACE: the second argument is an existing folder, not a revision
        against_tree = len(args) == 1 or (len(args) == 2 and Path(args[1]).is_dir())
        if against_tree:
            workspace = args[1] if len(args) == 2 else "."
            old, new = state_at(workspace, args[0]), state_now(workspace)
            args = (args[0], "pohon kerja")
        else:
            workspace = args[2] if len(args) == 3 else "."
            old, new = state_at(workspace, args[0]), state_at(workspace, args[1])
    emit(diff_document(diff_states(old, new, args[0], args[1])), fmt)
