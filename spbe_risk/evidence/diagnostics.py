"""Coded problems of evidence folders, sealing and PDF signing (``SPBE-E160``…``E189``).

Each problem a person gets from ``evidence init/add/remove/seal`` or ``sign``/
``verify-pdf`` about a file (its name, its kind, its place in the folder) has a stable
code, defined once here with its Indonesian catalog id, so machine output keys on the
code and the terminal shows it in the reader's language (``--lang``). Problems found
deeper — the reasons inside a verification step, a timestamp authority's or a remote
signer's answer — are plain ``messages.msg`` fragments where they are raised.

Layer: shell (evidence). Imports only ``spbe_risk.messages``; listed in
docs/reference.md through ``interop.reference``.
"""

from __future__ import annotations

from spbe_risk.messages import N_, define

# ------------------------------------------------------------------ the evidence folder
AUDIT_JSON_MISSING = define("SPBE-E160", N_(
    "tidak ditemukan; jalankan `spbe-risk evidence init` terlebih dahulu"))
IDS_USED_UP = define("SPBE-E161", N_(
    "setiap id AUD-%(year)d-0001..9999 sudah dipakai; berikan satu dengan --id"))
ALREADY_A_FOLDER = define("SPBE-E162", N_(
    "sudah ada; folder ini sudah menjadi folder bukti"))
NO_CONTROL = define("SPBE-E163", N_("diharapkan paling sedikit satu id kontrol"))
BAD_CONTROL = define("SPBE-E164", N_(
    "diharapkan id kontrol (huruf, angka, '.', '_', '-'), ditemukan %(found)s"))
UNSAFE_INTO = define("SPBE-E165", N_("nama folder tidak aman %(name)s: %(problem)s"))
UNSAFE_NAME_FOR = define("SPBE-E166", N_("nama tidak aman untuk %(name)s: %(problem)s"))
ADD_COLLIDES = define("SPBE-E167", N_(
    "%(name)s bertabrakan dengan %(other)s (nama sama setelah NFC dan penyamaan huruf "
    "besar-kecil)"))
EXISTS_OTHER_CONTENT = define("SPBE-E168", N_(
    "%(name)s sudah ada di folder dengan isi lain (nama dibandingkan setelah NFC dan "
    "penyamaan huruf besar-kecil); ganti nama berkasnya"))
PARTIAL_NOT_ADDED = define("SPBE-E169", N_(
    "berkas setengah jadi sisa proses yang terputus; tidak ditambahkan"))
SYMLINK_ADD_TARGET = define("SPBE-E170", N_(
    "tautan simbolik; tambahkan berkas yang ditunjuknya"))
SYMLINK_REFUSED = define("SPBE-E171", N_("tautan simbolik; ditolak"))
NOT_REGULAR = define("SPBE-E172", N_("bukan berkas biasa"))
NOT_FOUND = define("SPBE-E173", N_("tidak ditemukan"))
NOT_IN_INDEX = define("SPBE-E174", N_("tidak ada di indeks audit.json"))

# ------------------------------------------------------------------ sealing
NOT_ONE_LINE = define("SPBE-E175", N_(
    "%(where)s: harus muat dalam satu baris bag-info.txt tetapi %(problem)s"))
UNEXPECTED_FILE = define("SPBE-E176", N_(
    "berkas tak terduga: data/ hanya memuat audit.json, evidence/ dan report/"))
NOT_INDEXED = define("SPBE-E177", N_(
    "berkas bukti tidak terindeks di bukti audit.json; indeks dengan `spbe-risk evidence add "
    "DIR <berkas ini> --kontrol ID`"))
LISTED_NOT_PRESENT = define("SPBE-E178", N_(
    "bukti mencantumkan %(path)s, tetapi berkas itu tidak ada di folder"))
SEAL_COLLIDES = define("SPBE-E179", N_(
    "bertabrakan dengan %(other)s setelah NFC dan penyamaan huruf besar-kecil"))
PARTIAL_LEFT = define("SPBE-E180", N_(
    "berkas setengah jadi sisa proses yang terputus (`evidence add` atau penulisan audit.json); "
    "hapus, lalu jalankan lagi perintah yang terputus"))
UNSAFE_NAME = define("SPBE-E181", N_("nama tidak aman: %(problem)s"))
SYMLINK = define("SPBE-E182", N_("tautan simbolik; bundel hanya memuat berkas biasa"))
SPECIAL_FILE = define("SPBE-E183", N_(
    "berkas khusus (perangkat, FIFO atau soket); bundel hanya memuat berkas biasa"))
BUNDLE_EXISTS = define("SPBE-E184", N_(
    "sudah ada; bundel tersegel adalah bukti, pakai --force untuk menggantinya"))
INSIDE_DATA = define("SPBE-E185", N_("bundel tidak boleh ditulis di dalam data/ folder itu"))

# ------------------------------------------------------------------ PDF signatures
NOT_A_PDF = define("SPBE-E186", N_(
    "diharapkan PDF, ditemukan sesuatu yang tidak dapat dibaca pyHanko (%(error)s)"))
NO_SIGNATURE_BLOCK = define("SPBE-E187", N_(
    "tidak ada blok tanda tangan (tidak ada blok ttd-… yang tercatat, tidak ada medan tanda "
    "tangan kosong); sebutkan satu dengan --field"))
UNKNOWN_FIELD = define("SPBE-E188", N_(
    "--field %(field)s: diharapkan salah satu blok tanda tangan dokumen (%(known)s)"))
NOT_VALIDATION_DATA = define("SPBE-E189", N_(
    "diharapkan sertifikat, CRL atau respons OCSP (PEM atau DER), ditemukan tidak ada"))
