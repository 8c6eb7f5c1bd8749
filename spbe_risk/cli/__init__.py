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
from spbe_risk.cli.findings import findings
from spbe_risk.cli.followup import verdict
from spbe_risk.cli.keys import keys
from spbe_risk.cli.language import localise, route_click_messages
from spbe_risk.cli.main import main
from spbe_risk.cli.periodik import periodic_report
from spbe_risk.cli.schedule import schedule
from spbe_risk.cli.schema import reference, schema
from spbe_risk.cli.sign import approve, sign, verify_pdf
from spbe_risk.cli.workspace import build, check, matrix, report, score

for _command in (check, score, matrix, build, report, controls, coverage, soa, schedule, keys, evidence,
                 export, schema, reference, findings, periodic_report):
    main.add_command(_command)
evidence.add_command(verdict)
main.add_command(db)
main.add_command(diff)
main.add_command(excel)
main.add_command(sign)
main.add_command(approve)
main.add_command(verify_pdf)
localise(main)              # every command's help in the invocation's language
route_click_messages()      # click's own messages ("Usage:", "No such option") too

__all__ = ["main"]
