"""The field specification of ``instansi.yaml`` (kind ``context``): the instansi, its
officials, Formulir 2.0's sections (2.1–2.10: UPR with tugas/fungsi and period, sasaran,
pemangku kepentingan, peraturan), the kop surat, the Selera Risiko, the criteria, the
audit rules and schedule. Split from ``load.spec`` (one module per concept, ~400 lines).

Layer: core (pure). May import only the vocabulary; no disk, no clock.
"""

from __future__ import annotations

from spbe_risk import vocab
from spbe_risk.load.specbase import LEVELS_DESC, F, Obj, envelope  # noqa: F401

# --------------------------------------------------------------------------- context
PEJABAT = Obj("pejabat", (
    F("jabatan", "text", True, ("Jabatan", "Position"), ("Nama jabatan penanda tangan.",
                                                         "The signer's position.")),
    F("nama", "text", False, ("Nama", "Name"), ("Kosong: baris nama diisi tangan.",
                                                 "Empty: the name line is filled in by hand.")),
    F("nip", "text", False, ("NIP", "Civil-servant number (NIP)"),
      ("18 angka (spasi boleh), mis. '19800101 200501 1 001'.",
       "18 digits (spaces allowed), e.g. '19800101 200501 1 001'.")),
))
PENANDATANGAN = Obj("penandatangan", (
    F("disusun_oleh", "object", False, ("Disusun oleh", "Prepared by"),
      ("Bawaan: koordinator risiko UPR.", "Default: the UPR's risk coordinator."), obj=PEJABAT),
    F("disetujui_oleh", "object", False, ("Disetujui oleh", "Approved by"),
      ("Bawaan: pemilik risiko UPR.", "Default: the UPR's risk owner."), obj=PEJABAT),
    F("koordinator_spbe", "object", False, ("Koordinator SPBE", "SPBE coordinator"),
      ("Penanda tangan laporan periodik Audit TIK (Permenkominfo 16/2022 Pasal 23); bawaan: "
       "Sekretaris Daerah (Pasal 15 ayat (3)).", "Signs the periodic ICT-audit report "
       "(Permenkominfo 16/2022 Pasal 23); default: the Sekretaris Daerah (Pasal 15(3))."),
      obj=PEJABAT),
    F("tempat", "text", False, ("Tempat penandatanganan", "Place of signing"),
      ("Mis. 'Malinau'.", "E.g. 'Malinau'.")),
))
# Formulir 2.1–2.5 follow the field lists of a PermenPANRB 5/2020 application
# (elisaimania/manajemen-risiko-spbe, manrisk.sql: informasi_umum, sasaran_spbe,
# pemangku_kepentingan, peraturan_perundangan) — a secondary source, the Lampiran not seen.
SASARAN_SPBE = Obj("sasaran_spbe", (
    F("sasaran", "text", True, ("Sasaran SPBE (Formulir 2.2)", "SPBE objective (Form 2.2)"),
      ("Teks yang sama dengan 'sasaran' risiko yang mengacu padanya.",
       "The same text as the 'sasaran' of the risks that refer to it.")),
    F("indikator_kinerja", "text", False, ("Indikator kinerja SPBE", "SPBE performance indicator")),
    F("target", "text", False, ("Target kinerja", "Performance target"),
      ("Mis. '99% per tahun'.", "E.g. '99% a year'.")),
))
PEMANGKU = Obj("pemangku_kepentingan", (
    F("nama", "text", True, ("Nama unit/pihak (Formulir 2.4)", "Unit or party (Form 2.4)")),
    F("hubungan", "text", False, ("Hubungan dengan UPR", "Relation to the unit")),
))
PERATURAN = Obj("peraturan_perundangan", (
    F("nama", "text", True, ("Peraturan perundang-undangan (Formulir 2.5)",
                             "Law or regulation (Form 2.5)")),
    F("amanat", "text", False, ("Amanat", "What it mandates")),
))
KOP = Obj("kop", (
    F("pemerintah_daerah", "text", False, ("Nama pemerintah daerah", "Local government"),
      ("Baris pertama kop surat, mis. 'Pemerintah Kabupaten Malinau'.",
       "First letterhead line, e.g. 'Pemerintah Kabupaten Malinau'.")),
    F("perangkat_daerah", "text", False, ("Nama perangkat daerah", "Agency unit"),
      ("Bawaan di formulir UPR: nama UPR.", "Default on a unit's forms: the unit's name.")),
    F("alamat", "text", False, ("Alamat", "Address")),
    F("telepon", "text", False, ("Telepon", "Telephone")),
    F("laman", "text", False, ("Laman", "Website"), ("Ditulis saja, tidak pernah dibuka.",
                                                     "Printed only, never opened.")),
    F("surel", "text", False, ("Surel", "E-mail")),
    F("logo", "text", False, ("Lambang", "Emblem"),
      ("Berkas PNG atau SVG di dalam workspace (jalur relatif, paling besar 256 KiB); "
       "bukan URL.", "A PNG or SVG file inside the workspace (relative path, at most "
                     "256 KiB); never a URL.")),
))
UPR = Obj("upr", (
    F("id", "id", True, ("Id UPR", "UPR id"), ("Dirujuk oleh register dan aset.",
                                                "Referred to by registers and assets.")),
    F("nama", "text", True, ("Nama Unit Pemilik Risiko", "Risk-owning unit name")),
    F("pemilik_risiko", "text", True, ("Pemilik risiko (Formulir 2.3)", "Risk owner")),
    F("koordinator_risiko", "text", True, ("Koordinator risiko (Formulir 2.3)", "Risk coordinator")),
    F("pengelola_risiko", "text", False, ("Pengelola risiko (Formulir 2.3)", "Risk manager")),
    F("penandatangan", "object", False, ("Penanda tangan formulir UPR ini",
                                         "Signers of this UPR's forms"), obj=PENANDATANGAN),
    F("tugas", "text", False, ("Tugas UPR (Formulir 2.1)", "The unit's duties (Form 2.1)")),
    F("fungsi", "text", False, ("Fungsi UPR (Formulir 2.1)", "The unit's functions (Form 2.1)")),
    F("periode_mulai", "date", False, ("Periode penerapan mulai (Formulir 2.1)",
                                       "Period start (Form 2.1)")),
    F("periode_selesai", "date", False, ("Periode penerapan selesai (Formulir 2.1)",
                                         "Period end (Form 2.1)"),
      ("Tidak sebelum 'periode_mulai'.", "Not before 'periode_mulai'.")),
    F("sasaran_spbe", "list", False, ("Sasaran SPBE (Formulir 2.2)", "SPBE objectives (Form 2.2)"),
      items=F("", "object", obj=SASARAN_SPBE)),
    F("pemangku_kepentingan", "list", False, ("Pemangku kepentingan (Formulir 2.4)",
                                              "Stakeholders (Form 2.4)"),
      items=F("", "object", obj=PEMANGKU)),
    F("peraturan_perundangan", "list", False, ("Peraturan perundang-undangan khusus UPR ini "
                                               "(Formulir 2.5)", "This unit's own regulations"),
      ("Ditambahkan pada daftar instansi.", "Added to the agency's list."),
      items=F("", "object", obj=PERATURAN)),
    F("kop", "object", False, ("Kop surat UPR ini", "This unit's letterhead"),
      ("Menimpa kop instansi per kunci.", "Overrides the agency's letterhead key by key."),
      obj=KOP),
))
SELERA_NILAI = Obj("selera_nilai", (
    F("kategori", "text", True, ("Kategori risiko SPBE", "SPBE risk category"),
      ("Salah satu kategori yang dipilih di 'kategori'.", "One of the categories chosen in 'kategori'."),
      enum=vocab.KATEGORI_RISIKO, ref="kategori-terpilih"),
    F("jenis", "text", True, ("Jenis risiko", "Risk type"), enum=vocab.JENIS_RISIKO),
    F("besaran_minimum", "integer", True, ("Besaran risiko minimum", "Minimum risk magnitude"),
      ("Risiko dengan besaran ini (atau lebih, menurut 'aturan') perlu penanganan.",
       "Risks at this magnitude (or above, per 'aturan') need treatment."), minimum=1, maximum=10_000),
))
SELERA = Obj("selera_risiko", (
    F("aturan", "text", False, ("Aturan perbandingan", "Comparison rule"),
      ("'>=' (bawaan) atau '>'.", "'>=' (default) or '>'."), enum=vocab.ATURAN_SELERA),
    F("nilai", "list", True, ("Selera risiko per kategori × jenis (Formulir 2.10)",
                              "Risk appetite per category × type (Form 2.10)"),
      items=F("", "object", obj=SELERA_NILAI)),
))
KRITERIA_KEMUNGKINAN = Obj("kriteria_kemungkinan", (
    F("kategori", "text", True, ("Kategori ('*' untuk semua)", "Category ('*' for all)"),
      enum=("*",) + vocab.KATEGORI_RISIKO, ref="kategori-terpilih"),
    F("level", "levels", True, ("Kriteria per level", "Criteria per level"),
      ("Pemetaan 'LEVEL: teks', LEVEL 1..10.", "A 'LEVEL: text' mapping, LEVEL 1..10.")),
))
KRITERIA_DAMPAK = Obj("kriteria_dampak", (
    F("area_dampak", "text", True, ("Area dampak", "Impact area"), enum=vocab.AREA_DAMPAK,
      ref="area-terpilih"),
    F("jenis", "text", True, ("Jenis risiko", "Risk type"), enum=vocab.JENIS_RISIKO),
    F("level", "levels", True, ("Kriteria per level", "Criteria per level"),
      ("Pemetaan 'LEVEL: teks', LEVEL 1..10.", "A 'LEVEL: text' mapping, LEVEL 1..10.")),
))
ATURAN_AUDIT = Obj("aturan_audit", (
    F("id", "id", True, ("Id aturan", "Rule id"), ("Id yang sama dengan aturan bawaan "
                                                    "menggantikannya.", "The same id as a shipped "
                                                    "rule replaces it.")),
    F("jenis_audit", "text", True, ("Jenis audit TIK", "ICT audit kind"), enum=vocab.JENIS_AUDIT),
    F("jenis_aset", "list", True, ("Jenis aset", "Asset kinds"),
      items=F("", "text", enum=vocab.JENIS_ASET)),
    F("frekuensi_bulan", "integer", True, ("Frekuensi (bulan)", "Frequency (months)"),
      minimum=1, maximum=120),
    F("pelaksana", "text", True, ("Pelaksana audit", "Who audits")),
    F("tanggung_jawab", "text", True, ("Penanggung jawab", "Responsibility"),
      ("'instansi' (kewajiban pemda) atau 'nasional' (BSSN/BRIN).",
       "'instansi' (the agency's duty) or 'nasional' (BSSN/BRIN)."), enum=("instansi", "nasional")),
    F("internal_dulu", "boolean", False, ("Audit internal dahulu", "Internal audit first"),
      ("Peraturan BSSN 8/2024: audit internal mendahului audit eksternal.",
       "BSSN Regulation 8/2024: an internal audit precedes the external one.")),
    F("dihitung_dari", "text", False, ("Audit yang dihitung", "Audits that count"),
      enum=("semua", "eksternal")),
    F("akses_internet", "boolean", False, ("Hanya aset dengan akses internet ini",
                                           "Only assets with this internet access"), nullable=True),
    F("dasar_hukum", "text", False, ("Dasar hukum", "Legal basis")),
    F("confidence", "text", False, ("Tingkat keyakinan", "Confidence"), enum=vocab.CONFIDENCE),
))
JADWAL = Obj("jadwal_audit", (
    F("peringatan_hari", "integer", False, ("Jendela peringatan (hari)", "Warning window (days)"),
      minimum=1, maximum=3650),
    F("aturan", "list", False, ("Aturan audit instansi", "The agency's audit rules"),
      items=F("", "object", obj=ATURAN_AUDIT)),
))
CONTEXT = Obj("context", envelope("context") + (
    F("instansi", "text", True, ("Nama instansi (Formulir 2.1)", "Agency name (Form 2.1)")),
    F("periode", "year", True, ("Periode (tahun)", "Period (year)")),
    F("zona_waktu", "text", True, ("Zona waktu", "Time zone"), enum=tuple(vocab.ZONA_WAKTU)),
    F("matriks", "id", True, ("Matriks analisis risiko (Formulir 2.9)", "Risk analysis matrix"),
      ("Id matriks di controls/matrices/, mis. permenpanrb-5-2020.",
       "Id of a matrix in controls/matrices/, e.g. permenpanrb-5-2020."), ref="matriks-id"),
    F("upr", "list", True, ("Unit Pemilik Risiko (Formulir 2.3)", "Risk-owning units"),
      items=F("", "object", obj=UPR), min_items=1),
    F("kategori", "list", True, ("Kategori risiko SPBE yang dipilih (Formulir 2.6)",
                                 "Chosen SPBE risk categories (Form 2.6)"),
      items=F("", "text", enum=vocab.KATEGORI_RISIKO)),
    F("area_dampak", "list", True, ("Area dampak yang dipilih, menurut prioritas (Formulir 2.7)",
                                    "Chosen impact areas, in priority order (Form 2.7)"),
      items=F("", "text", enum=vocab.AREA_DAMPAK)),
    F("selera_risiko", "object", False, ("Selera risiko (Formulir 2.10)", "Risk appetite"),
      obj=SELERA),
    F("kriteria_kemungkinan", "list", False, ("Kriteria kemungkinan (Formulir 2.8)",
                                              "Likelihood criteria"),
      items=F("", "object", obj=KRITERIA_KEMUNGKINAN)),
    F("kriteria_dampak", "list", False, ("Kriteria dampak (Formulir 2.8)", "Impact criteria"),
      items=F("", "object", obj=KRITERIA_DAMPAK)),
    F("jadwal_audit", "object", False, ("Jadwal audit TIK", "ICT audit schedule"), obj=JADWAL),
    F("penandatangan", "object", False, ("Penanda tangan formulir (blok tanda tangan)",
                                         "Signers of the forms (signature block)"),
      ("Berlaku untuk semua UPR kecuali UPR itu menyebut penanda tangannya sendiri.",
       "Applies to every UPR unless the UPR names its own signers."), obj=PENANDATANGAN),
    F("kop", "object", False, ("Kop surat", "Letterhead"),
      ("Lambang, nama pemerintah daerah dan perangkat daerah, alamat, telepon, laman, surel.",
       "Emblem, government and agency names, address, telephone, website, e-mail."), obj=KOP),
    F("peraturan_perundangan", "list", False, ("Peraturan perundang-undangan (Formulir 2.5)",
                                               "Laws and regulations (Form 2.5)"),
      ("Berlaku untuk semua UPR.", "Applies to every unit."),
      items=F("", "object", obj=PERATURAN)),
))
