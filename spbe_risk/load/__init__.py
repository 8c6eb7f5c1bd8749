"""YAML bytes → a validated ``Workspace`` (pure: no disk, no clock).

One module per file kind (``context``, ``register``, ``inventory``, ``catalog``,
``matrix``, ``audit_rules``), the assembly with its cross-file checks (``workspace``), and
the machinery they share (``yamlsource``: parsing with positions; ``fields``: field checks
by key path). May import only the model, vocabulary and problems.
"""

from spbe_risk.load.audit_rules import read_audit_rules
from spbe_risk.load.catalog import load_catalogs
from spbe_risk.load.matrix import read_matrix
from spbe_risk.load.workspace import LoadResult, SourceFiles, load_matrices, load_workspace

__all__ = ["LoadResult", "SourceFiles", "load_catalogs", "load_matrices", "load_workspace",
           "read_audit_rules", "read_matrix"]
