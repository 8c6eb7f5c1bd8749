"""spbe-risk: SPBE risk registers, control catalogs, evidence bundles and audit schedule."""

__version__ = "0.1.0"
