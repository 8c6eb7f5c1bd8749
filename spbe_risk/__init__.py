"""spbe-risk: SPBE risk registers, control catalogs, evidence bundles and audit schedule.

May import the CLI only (``__main__``) or nothing (``__init__``).
"""

__version__ = "0.1.0"
