"""The SQLite store: one database per instansi with the scored workspace, append-only
snapshots per monitoring period and a hash-chained log (``db build|verify``).

Modules: ``schema`` (tables, indexes, full-text search, views), ``rows`` (rows from the
core's results), ``chain`` (the tamper-evident log), ``bundles`` (bundles seen),
``build``, ``verify``, ``snapshots`` (reading a stored state back) and ``metadata``
(Datasette titles). Layer: shell; sqlite-utils is imported only inside ``build``.
"""

from spbe_risk.store.build import BuildReport, build_database
from spbe_risk.store.verify import VerifyReport, verify_database

__all__ = ["BuildReport", "VerifyReport", "build_database", "verify_database"]
