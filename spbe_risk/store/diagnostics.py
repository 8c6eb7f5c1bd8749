"""The store's problems and ``db verify``'s findings as catalog messages: a coded problem
(``SPBE-E220``..``SPBE-E223``, ``SPBE-E229``) where a command refuses a database or a label, and uncoded
fragments for the verdict lines ``db verify`` prints, so both read in the invocation's
language (issue 20). Ids and hashes inside them are data, never translated.

Layer: pure (definitions only). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

from spbe_risk.messages import N_, define, msg

NEWER_DATABASE = define("SPBE-E220", N_(
    "diharapkan basis data schema_version %(version)d atau lebih lama (spbe-risk ini), "
    "ditemukan %(found)s: ditulis oleh spbe-risk yang lebih baru; gunakan versi itu, atau "
    "berkas --db baru"))
BAD_LABEL = define("SPBE-E221", N_(
    "diharapkan LABEL atau LABEL@VERSI dengan VERSI bilangan bulat, ditemukan '%(label)s'"))
CANNOT_READ = define("SPBE-E222", N_("tidak dapat membaca basis data: %(reason)s"))
CANNOT_WRITE = define("SPBE-E229", N_(
    "tidak dapat menulis basis data: %(reason)s; tidak ada yang diubah"))
UNKNOWN_LABEL = define("SPBE-E223", N_(
    "diharapkan label snapshot yang tersimpan di basis data (%(have)s), ditemukan '%(label)s'"))

#: fragments
NONE = N_("tidak ada")
LABEL_VERSION = N_("%(label)s (versi %(versi)s)")
#: ``db verify``: why a log row breaks the chain
CHAIN_SEQ = N_("seq: diharapkan %(expected)s, ditemukan %(found)s")
CHAIN_PREVIOUS = N_("rantai_sebelumnya: diharapkan %(expected)s, ditemukan %(found)s")
CHAIN_NOT_CANONICAL = N_("baris tidak dapat dibuat kanonis: %(error)s")
CHAIN_HASH = N_("rantai: diharapkan %(expected)s (dihitung ulang), ditemukan %(found)s")
#: ``db verify``: an approval row that disagrees with the log
NO_EVENT = N_("tidak ada peristiwa")
APPROVAL_LAST_EVENT = N_(
    "persetujuan '%(file)s': diharapkan peristiwa log terakhirnya %(expected)s, ditemukan "
    "%(found)s")
APPROVAL_ROW_MISSING = N_(
    "persetujuan '%(file)s': diharapkan satu baris di %(table)s (peristiwa log terakhirnya "
    "%(event)s), ditemukan tidak ada")


#: SQLite's own error texts (``sqlite3.Error`` str, lower case; the start of the text)
#: → catalog fragment, as ``cli.oserrors.REASONS`` does for ``errno``: SQLite speaks
#: English, and its sentence would otherwise sit inside an Indonesian line.
SQLITE_REASONS: dict[str, str] = {
    "file is not a database": N_("berkas bukan basis data SQLite"),
    "database is locked": N_("basis data sedang dikunci oleh proses lain"),
    "disk i/o error": N_("kesalahan I/O disk"),
    "database disk image is malformed": N_("berkas basis data rusak (citra disk cacat)"),
    "attempt to write a readonly database": N_("basis data hanya-baca, tidak dapat ditulis"),
    "unable to open database file": N_("berkas basis data tidak dapat dibuka"),
    "database or disk is full": N_("basis data atau disk penuh"),
    "no such table": N_("tabel yang diharapkan tidak ada"),
}


def sqlite_reason(exc: BaseException) -> str:
    """Why SQLite refused, in catalog words when its text is a common one; SQLite's own
    text (data, kept as it is) otherwise."""
    text = str(exc)
    for start, words in SQLITE_REASONS.items():
        if text.lower().startswith(start):
            return msg(words)
    return text
