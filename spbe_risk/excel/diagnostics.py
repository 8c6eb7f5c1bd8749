"""Every problem ``excel import`` reports about a workbook: one stable code and one catalog
message each (``messages.define``), so a cell's problem reads in the invocation's
language (``--lang``) and machines get the code (issue 20).

A problem is located by ``SHEET!CELL`` (``located``); the column's header is the sheet's
own text, quoted, never translated. Codes ``SPBE-E190``..``SPBE-E219`` and
``SPBE-W190`` belong to the workbook import; a new check takes a new code.

Layer: pure (definitions only). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

from typing import Any

from spbe_risk.messages import N_, Msg, define, msg

# --------------------------------------------------------------------------- fragments
EMPTY_CELL = N_("sel kosong")
A_DATE = N_("tanggal %(value)s")
REGISTER_FILE = N_("berkas register risks/NAMA.yaml")
UPR_ID = N_("id UPR")
NONE = N_("tidak ada")
#: values typed into computed cells that disagree with the engine (``formulas``)
TYPED_BESARAN = N_("besaran %(typed)s diketik, %(computed)s dihitung dari kemungkinan %(k)s, "
                   "dampak %(d)s")
TYPED_LEVEL = N_("level %(typed)s diketik, %(computed)s dihitung dari besaran %(nilai)s "
                 "(kemungkinan %(k)s, dampak %(d)s)")
TYPED_KEPUTUSAN = N_("keputusan penanganan %(typed)s diketik, %(computed)s dihitung dari besaran "
                     "%(nilai)s dan selera risiko %(minimum)s (aturan %(aturan)s)")

# --------------------------------------------------------------------------- the book
BOOK_TOO_LARGE = define("SPBE-E190", N_(
    "diharapkan buku kerja paling banyak %(limit)d bita, ditemukan %(size)d"))
BOOK_UNPACKS_TOO_LARGE = define("SPBE-E191", N_(
    "diharapkan buku kerja yang terurai menjadi paling banyak %(limit)d bita, ditemukan lebih"))
NOT_A_WORKBOOK = define("SPBE-E192", N_(
    "diharapkan buku kerja .xlsx, ditemukan berkas yang tidak dapat dibaca openpyxl (%(error)s)"))
MISSING_SHEET = define("SPBE-E193", N_(
    "diharapkan lembar '%(sheet)s', ditemukan tidak ada (lembar yang ada: %(sheets)s)"))
MISSING_COLUMN = define("SPBE-E194", N_(
    "diharapkan kolom wajib '%(column)s', ditemukan %(found)s dan judul itu tidak ada di "
    "baris %(row)d%(hint)s"))

# --------------------------------------------------------------------------- one cell
FORMULA = define("SPBE-E195", N_(
    "'%(column)s': diharapkan nilai, ditemukan rumus %(formula)s (rumus tidak diterima; "
    "ketik nilainya sendiri)"))
EMPTY = define("SPBE-E196", N_("'%(column)s': diharapkan nilai, ditemukan sel kosong"))
CELL_TOO_LONG = define("SPBE-E197", N_(
    "'%(column)s': diharapkan paling banyak %(limit)d karakter (batas sel Excel), "
    "ditemukan %(n)d"))
CELL_CONTROL_CHARACTER = define("SPBE-E198", N_(
    "'%(column)s': diharapkan teks yang dapat dicetak, ditemukan karakter kendali "
    "U+%(code)s; hapus karakter itu"))
EXPECTED_TEXT = define("SPBE-E199", N_("'%(column)s': diharapkan teks, ditemukan %(found)s"))
ONLY_SPACES = define("SPBE-E200", N_("'%(column)s': diharapkan teks, ditemukan hanya spasi"))
EXPECTED_ID = define("SPBE-E201", N_(
    "'%(column)s': diharapkan id (huruf, angka, . _ -), ditemukan %(found)s"))
EXPECTED_ONE_OF = define("SPBE-E202", N_(
    "'%(column)s': diharapkan salah satu dari %(allowed)s, ditemukan %(found)s%(hint)s"))
EXPECTED_LEVEL = define("SPBE-E203", N_(
    "'%(column)s': diharapkan level 1..%(top)d dari matriks %(matrix)s, ditemukan %(found)s"))
EXPECTED_DATE = define("SPBE-E204", N_(
    "'%(column)s': diharapkan tanggal YYYY-MM-DD, ditemukan %(found)s"))
EXPECTED_PERIOD = define("SPBE-E205", N_(
    "'%(column)s': diharapkan periode pemantauan seperti 2026-03, 2026-Q1 atau 2026-S1, "
    "ditemukan %(found)s"))
UNKNOWN_IDS = define("SPBE-E206", N_(
    "'%(column)s': diharapkan id yang dikenal ruang kerja (%(what)s), ditemukan %(found)s%(hint)s"))
EXPECTED_KONTROL = define("SPBE-E207", N_(
    "'%(column)s': diharapkan ID-KONTROL:ada atau ID-KONTROL:rencana dengan kontrol dari "
    "katalog, ditemukan %(found)s"))

# --------------------------------------------------------------------------- across rows
DUPLICATE_ID = define("SPBE-E208", N_(
    "'%(column)s': diharapkan id yang unik, ditemukan '%(id)s' lagi (pertama di baris %(row)d)"))
NOT_IN_FORM_3 = define("SPBE-E209", N_(
    "'%(column)s': diharapkan id yang tercantum di Formulir 3.0, ditemukan '%(id)s'%(hint)s"))
ONE_PLAN_PER_RISK = define("SPBE-E210", N_(
    "'%(column)s': diharapkan satu rencana penanganan per risiko, ditemukan '%(id)s' lagi"))
OPSI_FOR_JENIS = define("SPBE-E211", N_(
    "'%(column)s': diharapkan salah satu dari %(allowed)s untuk jenis risiko '%(jenis)s', "
    "ditemukan %(found)s"))
COMPUTED_DISAGREES = define("SPBE-E212", N_(
    "%(what)s (kosongkan sel, atau impor dengan --accept-computed untuk mempertahankan nilai "
    "hitungan)"))
COMPUTED_KEPT = define("SPBE-W190", N_("%(what)s; nilai hitungan dipertahankan"))

# --------------------------------------------------------------------------- the id sheet
ID_SHEET_VALUE = define("SPBE-E213", N_("diharapkan %(what)s, ditemukan %(found)s"))
ID_SHEET_RISK = define("SPBE-E214", N_("diharapkan id risiko, ditemukan %(found)s"))
UPR_OF_REGISTER = define("SPBE-E215", N_(
    "UPR: diharapkan '%(upr)s', unit register risks/%(name)s tempat lembar id menyimpan "
    "%(id)s, ditemukan %(found)s (risiko berpindah unit di berkas YAML-nya, bukan lewat buku "
    "kerja)"))
UPR_NOT_IN_BOOK = define("SPBE-E216", N_(
    "UPR: diharapkan UPR yang berkas registernya ada di buku kerja ini, ditemukan %(found)s"))
REGISTER_OF_OTHER_UPR = define("SPBE-E217", N_(
    "diharapkan register UPR '%(upr)s', ditemukan risks/%(name)s milik UPR '%(other)s'"))
NOT_A_REGISTER = define("SPBE-E218", N_(
    "diharapkan register yang dibaca pemuat (risks/NAMA.yaml: di dalam risks/, tidak "
    "tersembunyi, berkas biasa, bukan tautan), ditemukan %(found)s"))
NOT_A_LISTED_REGISTER = define("SPBE-E219", N_(
    "diharapkan register yang dibaca pemuat (risks/NAMA.yaml: di dalam risks/, tidak "
    "tersembunyi, berkas biasa, bukan tautan) dan tercantum di antara register buku kerja, "
    "ditemukan %(found)s"))


def located(where: str, message: Msg) -> Msg:
    """``SHEET!CELL: message`` keeping the message's code (``messages.at`` drops it: it
    serves uncoded fragments); ``where`` is data, never translated."""
    return Msg(N_("%(where)s: %(message)s"), message.code, where=where, message=message)


def found_cell(value: Any) -> str:
    """What a cell held, in the reader's language: an empty cell, a date, the user's own
    text quoted, or the kind of a number (the loader's ``found`` words)."""
    from datetime import date

    from spbe_risk.load.fields import found

    if value is None or value == "":
        return msg(EMPTY_CELL)
    if isinstance(value, date):
        return msg(A_DATE, value=value.isoformat())
    return found(value)
