"""The ``spbe-risk`` command line: thin click wrappers over library functions."""

from spbe_risk.cli.main import main

__all__ = ["main"]
# Command groups defined in their own modules register here (one line each).
