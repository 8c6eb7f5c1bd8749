"""The ``spbe-risk`` command line: thin click wrappers over library functions."""

from spbe_risk.cli.main import main

__all__ = ["main"]
# Command groups defined in their own modules register here (one line each).
from spbe_risk.cli.controls import controls, coverage, soa  # noqa: E402
from spbe_risk.cli.evidence import evidence  # noqa: E402
from spbe_risk.cli.keys import keys  # noqa: E402
from spbe_risk.cli.schedule import schedule  # noqa: E402

main.add_command(evidence)
main.add_command(keys)
main.add_command(controls)
main.add_command(coverage)
main.add_command(soa)
main.add_command(schedule)
