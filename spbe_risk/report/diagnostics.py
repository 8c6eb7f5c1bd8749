"""The problems ``build``, ``report`` and ``export`` refuse their work with, as coded
catalog messages (``SPBE-E224``..``SPBE-E228``), so they read in the invocation's language
and machines get the code (issue 20). Paths and library errors inside are data.

Layer: pure (definitions only). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

from spbe_risk.messages import N_, define

OUT_IS_A_LINK = define("SPBE-E224", N_(
    "--out: diharapkan jalur folder, ditemukan tautan simbolik (berikan folder yang "
    "sebenarnya)"))
OUT_IS_A_FILE = define("SPBE-E225", N_("--out: diharapkan folder, ditemukan berkas"))
OUT_HOLDS_OTHER_FILES = define("SPBE-E226", N_(
    "--out: diharapkan folder build yang baru, kosong atau yang sebelumnya (build menggantinya "
    "utuh), ditemukan berkas lain: %(names)s"))
NO_WEASYPRINT = define("SPBE-E227", N_(
    "laporan PDF memerlukan WeasyPrint dan Pango, yang tidak dapat dimuat di sini "
    "(%(error)s); pasang keduanya (README, 'Platforms') atau buat tanpa PDF "
    "(build --no-reports)"))
NO_TRUST_ANCHOR = define("SPBE-E228", N_(
    "diharapkan jangkar kepercayaan (--trust CA.pem atau --workspace dengan trust/*.pem), "
    "ditemukan tidak ada: hasil hanya diekspor dari bundel yang penandatangannya dipercaya"))
