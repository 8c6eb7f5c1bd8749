"""Every problem of an ``audit.json`` record: one stable code and one catalog message each.

The form checks (``audit.validation``, ``audit.verifikasi``, ``audit.konklusi``'s path
rule), the strict parser (``audit.jsonform``) and the completeness rules
(``evidence.auditcheck``, ``audit.duties``) build their problems from these, so an
auditor reads them in the invocation's language and automation keys on the code.
Message ids are Bahasa Indonesia, ``%(name)s`` parameters, "diharapkan …, ditemukan …";
the English is in the catalog. Codes: ``SPBE-E120``..``SPBE-E159`` errors (a range kept
for the audit record); listed in docs/reference.md by ``interop/reference.py``.

Layer: core (pure). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

from spbe_risk.messages import N_, define, msg

# --------------------------------------------------------------------------- fragments
#: what a JSON value is, for "ditemukan …"
AN_OBJECT = N_("sebuah objek")
A_LIST = N_("sebuah daftar")
A_STRING = N_("sebuah teks")
A_NUMBER = N_("sebuah bilangan")
NONE = N_("tidak ada")
OR_NULL = N_(" atau null")

#: json's own parser reasons (the standard library's English), as catalog fragments
JSON_REASONS = {
    "Expecting value": N_("diharapkan sebuah nilai"),
    "Expecting property name enclosed in double quotes": N_(
        "diharapkan nama properti dalam tanda petik ganda"),
    "Expecting ':' delimiter": N_("diharapkan pemisah ':'"),
    "Expecting ',' delimiter": N_("diharapkan pemisah ','"),
    "Unterminated string starting at": N_("teks yang tidak ditutup"),
    "Invalid control character at": N_("karakter kendali dalam teks"),
    "Invalid \\escape": N_("escape '\\' tidak valid"),
    "Invalid \\uXXXX escape": N_("escape \\uXXXX tidak valid"),
    "Extra data": N_("ada data setelah nilai JSON"),
    # Python 3.13+: a comma before } or ]
    "Illegal trailing comma before end of object": N_("koma berlebih sebelum akhir objek"),
    "Illegal trailing comma before end of array": N_("koma berlebih sebelum akhir larik"),
    "Unexpected UTF-8 BOM": N_("BOM UTF-8 di awal berkas"),
    # int(): "Exceeds the limit (4300 digits) for integer string conversion: value has …"
    "Exceeds the limit": N_("bilangan bulat terlalu panjang untuk dibaca (batas %(limit)s "
                            "digit)"),
}
TOO_DEEP = N_("bersarang terlalu dalam")
JSON_REASON_UNKNOWN = N_("pengurai JSON: %(reason)s")


def word(id: str, **params):
    """A fragment (no code) in the reader's language."""
    return msg(id, **params)


# --------------------------------------------------------------------------- parsing
BOM = define("SPBE-E120", N_(
    "diharapkan UTF-8 biasa, ditemukan penanda urutan bita (BOM) di awal berkas"))
NOT_UTF8 = define("SPBE-E121", N_("diharapkan teks UTF-8, ditemukan bita bukan UTF-8 pada "
                                  "posisi %(offset)d"))
NOT_JSON = define("SPBE-E122", N_("JSON tidak valid: %(reason)s"))
DUPLICATE_KEY = define("SPBE-E123", N_(
    "kunci %(key)s muncul dua kali dalam satu objek: diharapkan setiap kunci sekali"))
FRACTION = define("SPBE-E124", N_(
    "diharapkan bilangan bulat (audit.json tidak memakai pecahan), ditemukan %(number)s"))
NOT_A_JSON_VALUE = N_("diharapkan nilai JSON, ditemukan %(text)s")
NOT_AN_OBJECT = define("SPBE-E126", N_("diharapkan sebuah objek, ditemukan %(found)s"))
SURROGATE = define("SPBE-E127", N_(
    "diharapkan teks Unicode, ditemukan escape surrogate tunggal (seperti \\ud800)"))

# --------------------------------------------------------------------------- keys and values
UNKNOWN_KEY = define("SPBE-E128", N_(
    "kunci tidak dikenal; diharapkan salah satu dari %(allowed)s"))
MISSING_KEY = define("SPBE-E129", N_("diharapkan kunci wajib ini, ditemukan tidak ada"))
ONE_OF = define("SPBE-E130", N_("diharapkan salah satu dari %(allowed)s%(or_null)s, "
                                "ditemukan %(found)s"))
NOT_TRUE = define("SPBE-E131", N_("diharapkan true (atau tanpa kunci ini), ditemukan %(found)s"))
PATTERN = define("SPBE-E132", N_("diharapkan %(what)s, ditemukan %(found)s"))
SHAPE = define("SPBE-E133", N_("diharapkan objek %(shape)s%(or_null)s, ditemukan %(found)s"))
NOT_BOOLEAN = define("SPBE-E135", N_("diharapkan true atau false, ditemukan %(found)s"))
DATE = define("SPBE-E136", N_("diharapkan tanggal YYYY-MM-DD%(or_null)s, ditemukan %(found)s"))
DATE_ORDER = define("SPBE-E137", N_(
    "diharapkan tanggal pada atau setelah mulai %(mulai)s, ditemukan %(selesai)s"))

#: what a pattern check expects (PATTERN's ``what``)
W_ID_AUDIT = N_("AUD-YYYY-NNNN")
W_ASSET_ID = N_("id aset (huruf, angka, '.', '_', '-')")
W_PERIODE = N_("tahun 2000..2100, boleh dengan bulan, semester atau triwulan (2026, 2026-07, "
               "2026-S1, 2026-TW3)")
W_NIP = N_("18 digit (NIP) atau null")
W_CONTROL_ID = N_("id kontrol")
W_FINDING_ID = N_("id temuan")
W_EVIDENCE_PATH = N_("path di bawah %(prefix)s")
W_CONTROL_IDS = N_("daftar id kontrol yang tidak kosong")
W_COLLECTED = N_("YYYY-MM-DD atau YYYY-MM-DDTHH:MM:SSZ")
W_SHA256 = N_("64 digit heksadesimal huruf kecil")
W_LIST = N_("sebuah daftar")
W_RECIPIENTS = N_("daftar penerima")

# --------------------------------------------------------------------------- text
NOT_TEXT = define("SPBE-E138", N_("diharapkan sebuah teks, ditemukan %(found)s"))
NOT_UTF8_TEXT = define("SPBE-E139", N_(
    "diharapkan teks UTF-8, ditemukan bita yang bukan UTF-8 (misalnya dari argumen baris "
    "perintah dalam pengodean lain)"))
EMPTY_TEXT = define("SPBE-E140", N_("diharapkan teks yang tidak kosong, ditemukan teks kosong"))
TOO_LONG = define("SPBE-E141", N_(
    "diharapkan paling banyak %(limit)d karakter, ditemukan %(length)d"))
CONTROL_CHARACTER = define("SPBE-E142", N_(
    "diharapkan teks yang dapat dicetak, ditemukan karakter kendali"))

# --------------------------------------------------------------------------- team
KETUA_COUNT = define("SPBE-E144", N_("diharapkan satu ketua tim, ditemukan %(n)d"))
NO_KETUA = define("SPBE-E145", N_(
    "diharapkan satu anggota dengan peran ketua (ketua tim menandatangani laporan), "
    "ditemukan tidak ada"))

# --------------------------------------------------------------------------- lists of ids
USED_TWICE = define("SPBE-E146", N_("diharapkan setiap %(what)s sekali, ditemukan %(id)s dua kali"))
UNSAFE_PATH = define("SPBE-E147", N_("diharapkan path yang aman, ditemukan %(found)s: %(problem)s"))
#: what USED_TWICE counts
T_NAME = N_("nama dalam tim")
T_CONCLUSION = N_("kontrol dalam kesimpulan")
T_FINDING = N_("id temuan")
T_EVIDENCE = N_("path bukti")
T_CONTROL = N_("id kontrol dalam daftar ini")
T_VERDICT = N_("temuan dalam verdik")

# --------------------------------------------------------------------------- konklusi (K15)
NOT_EVALUATED = define("SPBE-E148", N_(
    "desain tidak memadai: implementasi tidak dievaluasi (K15 Bab I.G); diharapkan null, "
    "ditemukan %(found)s"))
EFFECTIVENESS_FIRST = define("SPBE-E149", N_(
    "efektivitas dievaluasi setelah implementasi; diharapkan implementasi, ditemukan null"))

# --------------------------------------------------------------------------- follow-up
VERDICT_WITHOUT_AUDIT = define("SPBE-E150", N_(
    "diharapkan %(key)s (audit yang ditindaklanjuti) bersama verdik, ditemukan tidak ada"))
FOLLOWS_ITSELF = define("SPBE-E151", N_(
    "diharapkan id audit lain, ditemukan id bundel ini sendiri (bundel tidak dapat "
    "menindaklanjuti dirinya sendiri)"))
NO_BASIS = define("SPBE-E152", N_(
    "diharapkan dasar verdik (teks yang tidak kosong), ditemukan %(found)s"))

# --------------------------------------------------------------------------- completeness
NO_CONCLUSION = define("SPBE-E153", N_(
    "diharapkan paling sedikit satu kesimpulan (`spbe-risk evidence conclude`), ditemukan "
    "tidak ada; atau segel dengan --draft"))
NO_VERDICT = define("SPBE-E154", N_(
    "diharapkan paling sedikit satu verdik dalam bundel tindak lanjut (`spbe-risk evidence "
    "verdict`), ditemukan tidak ada; atau segel dengan --draft"))
CONCLUDED_WITHOUT_EVIDENCE = define("SPBE-E155", N_(
    "kontrol %(kontrol)s disimpulkan tetapi tidak ada berkas bukti yang mendukungnya: "
    "diharapkan bukti (`spbe-risk evidence add DIR FILE --kontrol ID`)"))
NO_KONKLUSI = define("SPBE-E156", N_(
    "kontrol %(kontrol)s belum punya konklusi: diharapkan desain, implementasi (kecuali desain "
    "tidak memadai) dan efektivitas (K15 Bab I.G)"))
EVIDENCE_WITHOUT_CONCLUSION = define("SPBE-E157", N_(
    "kontrol %(kontrol)s punya bukti tetapi belum punya kesimpulan: diharapkan `spbe-risk "
    "evidence conclude DIR --kontrol %(kontrol)s …`"))
NO_RECOMMENDATION = define("SPBE-E158", N_(
    "temuan %(id)s: diharapkan rekomendasi, ditemukan tidak ada"))
NOT_STATED = define("SPBE-E159", N_(
    "diharapkan %(what)s (`spbe-risk evidence set DIR %(option)s …`), ditemukan tidak ada"))
#: what NOT_STATED asks for
S_PURPOSE = N_("tujuan audit")
S_MULAI = N_("tanggal mulai pelaksanaan")
S_SELESAI = N_("tanggal selesai pelaksanaan")

# --------------------------------------------------------------------------- external audits
#: Permenkominfo 16/2022: what makes an external record prove an external audit
EXTERNAL_TEAM = define("SPBE-E125", N_(
    "diharapkan tim audit eksternal paling sedikit 2 auditor dengan satu ketua tim "
    "(Permenkominfo 16/2022 Pasal 20 ayat (2)), ditemukan %(n)d"))
EXTERNAL_LEMBAGA = define("SPBE-E134", N_(
    "diharapkan Lembaga Pelaksana Audit TIK dengan nomor registrasi atau akreditasinya "
    "(Pasal 16 ayat (5)), ditemukan %(found)s"))
EXTERNAL_SURAT = define("SPBE-E143", N_(
    "diharapkan surat keterangan LATIK dengan nomor dan tanggal (Pasal 14, Lampiran II), "
    "ditemukan tidak ada"))
LEMBAGA_WITHOUT_NUMBER = N_("%(nama)s tanpa nomor")

#: what a verified record proves (``duties.judge``) and what it should state
NOT_EXTERNAL_SIGNER = define("SPBE-W120", N_(
    "catatan menyebut pelaksana eksternal, tetapi penandatangannya tidak berantai ke jangkar "
    "kepercayaan auditor eksternal (LATIK, BSSN, BRIN): yang menandatangani yang menentukan, "
    "bukan isi bundel"))
COUNTED_INTERNAL = define("SPBE-W121", N_(
    "ditandatangani di bawah jangkar eksternal tetapi dicatat sebagai audit internal; "
    "dihitung sebagai internal"))
NO_CERTIFICATE = define("SPBE-W122", N_(
    "auditor %(nama)s tanpa nomor sertifikat kompetensi (Pasal 21)"))
KETUA_NOT_PERMANENT = define("SPBE-W123", N_(
    "ketua tim %(nama)s tidak tercatat sebagai pegawai tetap lembaga (Pasal 20 ayat (3))"))
