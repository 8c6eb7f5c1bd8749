"""The ``spbe-risk`` command line: thin click wrappers over library functions.

One module per command group; helpers they share live in ``common`` only. Every group is
registered here, one line each. May import the whole package (lazily, inside commands).
"""

from spbe_risk.cli.controls import controls, coverage, soa
from spbe_risk.cli.db import db
from spbe_risk.cli.diff import diff
from spbe_risk.cli.evidence import evidence
from spbe_risk.cli.evidence_meta import init as _evidence_init  # noqa: F401  registers init, set
from spbe_risk.cli.excel import excel
from spbe_risk.cli.export import export
from spbe_risk.cli.keys import keys
from spbe_risk.cli.main import main
from spbe_risk.cli.schedule import schedule
from spbe_risk.cli.schema import reference, schema
from spbe_risk.cli.workspace import build, check, matrix, report, score

for _command in (check, score, matrix, build, report, controls, coverage, soa, schedule, keys, evidence,
                 export, schema, reference):
    main.add_command(_command)
main.add_command(db)
main.add_command(diff)
main.add_command(excel)

__all__ = ["main"]
