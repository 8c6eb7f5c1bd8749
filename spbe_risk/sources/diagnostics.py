"""Problems of the workspace's sources outside the YAML loader — ``check --git REV``
(reading a workspace from a git revision) and ``trust/policy.yaml`` — as coded catalog
messages (``SPBE-E230``..``SPBE-E236``), so they read in the invocation's language
(issue 20) and machine formats carry a stable code. Revisions, paths and values are
data, never translated.

Layer: pure (definitions only). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

from spbe_risk.messages import N_, define

NO_GIT = define("SPBE-E230", N_("diharapkan program git, ditemukan tidak ada di PATH"))
GIT_FAILED = define("SPBE-E231", N_("git %(command)s: %(reason)s"))
BAD_REVISION = define("SPBE-E232", N_("diharapkan revisi git, ditemukan %(rev)s"))
UNKNOWN_REVISION = define("SPBE-E233", N_(
    "diharapkan revisi git (commit, tag atau cabang) dari %(repo)s, ditemukan %(rev)s, yang "
    "tidak dapat diurai git menjadi commit"))
FILE_TOO_LARGE = define("SPBE-E234", N_(
    "berkas terlalu besar: diharapkan paling banyak %(limit)d bita, ditemukan %(size)d"))
POLICY_VALUE = define("SPBE-E235", N_("diharapkan %(key)s: %(value)s, ditemukan %(found)s"))
POLICY_KEY = define("SPBE-E236", N_(
    "kunci tidak dikenal %(key)s: diharapkan kind, schema_version, require_trusted_time"))
#: git's stderr was empty
FAILED = N_("gagal")
