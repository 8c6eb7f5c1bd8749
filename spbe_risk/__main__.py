"""Run ``python -m spbe_risk``: the ``spbe-risk`` command line.

May import the CLI only (``__main__``) or nothing (``__init__``).
"""
from spbe_risk.cli import main

main()
