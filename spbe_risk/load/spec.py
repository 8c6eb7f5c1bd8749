"""The field specification of every file kind: one source of truth for loader and schema.

Each kind is an :class:`Obj` of :class:`Field` s with a type, whether it is required, its
allowed values and a title and description in Bahasa Indonesia and English (naming the
Formulir column where there is one). The loader takes its known-key lists from here
(``keys``), ``spbe_risk.interop.jsonschema`` turns the same objects into JSON Schema for
editors, and the reference in ``docs/`` is generated from it; a property test keeps the
loader and the schema agreeing on generated documents.

Constraints that need another file (a kategori chosen in ``instansi.yaml``, an asset id
from ``assets.yaml``, levels within the chosen matrix) are named by ``ref`` and checked
by the loader only; the schema states the universe (the 16 kategori, levels 1..10).

Layer: core (pure). May import only the vocabulary; no disk, no clock.
"""

from __future__ import annotations

from spbe_risk import vocab
from spbe_risk.load.spec_context import (  # noqa: F401  (the context kind's objects)
    ATURAN_AUDIT,
    CONTEXT,
    JADWAL,
    KOP,
    KRITERIA_DAMPAK,
    KRITERIA_KEMUNGKINAN,
    PEJABAT,
    PEMANGKU,
    PENANDATANGAN,
    PERATURAN,
    SASARAN_SPBE,
    SELERA,
    SELERA_NILAI,
    UPR,
)
from spbe_risk.load.specbase import (  # noqa: F401  (the building blocks, for callers)
    LEVELS_DESC,
    PENILAIAN,
    TYPES,
    F,
    Field,
    Obj,
    When,
    envelope,
)

# --------------------------------------------------------------------------- register
_OPSI = tuple(dict.fromkeys(o for opts in vocab.OPSI_PENANGANAN.values() for o in opts))
PENANGANAN = Obj("penanganan", (
    F("opsi", "text", True, ("Opsi penanganan (Formulir 4.0)", "Treatment option"),
      ("Negatif: eskalasi, mitigasi, transfer, penghindaran, penerimaan. Positif: eskalasi, "
       "eksploitasi, peningkatan, pembagian, penerimaan.",
       "Threats: escalate, mitigate, transfer, avoid, accept. Opportunities: escalate, exploit, "
       "enhance, share, accept."), enum=_OPSI, ref="opsi-jenis"),
    F("rencana_aksi", "text", False, ("Rencana aksi penanganan", "Action plan")),
    F("keluaran", "text", False, ("Keluaran", "Output")),
    F("mulai", "date", False, ("Jadwal mulai", "Start date")),
    F("selesai", "date", False, ("Jadwal selesai", "End date"), ("Tidak sebelum 'mulai'.",
                                                                 "Not before 'mulai'.")),
    F("penanggung_jawab", "text", False, ("Penanggung jawab", "Person responsible")),
    F("target", "object", False, ("Risiko residual harapan", "Expected residual risk"),
      obj=PENILAIAN),
))
PEMANTAUAN = Obj("pemantauan", (
    F("periode", "periode-pantau", True, ("Periode pemantauan (Formulir 5.0)", "Monitoring period"),
      ("2026, 2026-03, 2026-Q1 atau 2026-S1, di dalam periode register; sekali per periode.",
       "2026, 2026-03, 2026-Q1 or 2026-S1, inside the register's period; once per period.")),
    F("kemungkinan", "integer", True, ("Level kemungkinan terkini", "Current likelihood level"),
      LEVELS_DESC, minimum=1, maximum=10, ref="matriks"),
    F("dampak", "integer", True, ("Level dampak terkini", "Current impact level"), LEVELS_DESC,
      minimum=1, maximum=10, ref="matriks"),
    F("kondisi", "text", False, ("Kondisi saat ini", "Current condition")),
    F("penanganan_dilakukan", "text", False, ("Penanganan yang telah dilakukan",
                                              "Treatment carried out")),
    F("rekomendasi", "text", False, ("Rekomendasi", "Recommendation")),
    F("rencana_lanjutan", "text", False, ("Rencana penanganan lanjutan", "Further treatment plan")),
    F("waktu_pelaksanaan", "text", False, ("Waktu pelaksanaan rencana lanjutan",
                                           "When the further plan is carried out"),
      ("Mis. 'Triwulan III 2026' atau '2026-09-30'.", "E.g. 'Triwulan III 2026' or '2026-09-30'.")),
    F("penanggung_jawab", "text", False, ("Penanggung jawab rencana lanjutan",
                                          "Person responsible for the further plan")),
    F("tindak_lanjut", "text", False, ("Tindak lanjut", "Follow-up")),
))
TAUTAN_KONTROL = Obj("tautan_kontrol", (
    F("id", "text", True, ("Id kontrol", "Control id"), ("Id dari katalog di controls/.",
                                                         "An id from the catalogs in controls/."),
      ref="kontrol"),
    F("peran", "text", True, ("Peran kontrol", "Control role"),
      ("'ada' (sudah diterapkan) atau 'rencana'.", "'ada' (in place) or 'rencana' (planned)."),
      enum=vocab.PERAN_KONTROL),
))
RISIKO = Obj("risiko", (
    F("id", "id", True, ("Id risiko", "Risk id"), ("Unik di seluruh workspace.",
                                                   "Unique across the workspace.")),
    F("sasaran", "text", True, ("Sasaran UPR (Formulir 3.0)", "Unit objective")),
    F("jenis", "text", True, ("Jenis risiko", "Risk type"),
      ("'negatif' (ancaman) atau 'positif' (peluang).", "'negatif' (threat) or 'positif' "
                                                        "(opportunity)."), enum=vocab.JENIS_RISIKO),
    F("kategori", "text", True, ("Kategori risiko SPBE (Formulir 3.0)", "SPBE risk category"),
      ("Salah satu kategori yang dipilih instansi.yaml.", "A category instansi.yaml chooses."),
      enum=vocab.KATEGORI_RISIKO, ref="kategori-terpilih"),
    F("kejadian", "text", True, ("Kejadian (Formulir 3.0)", "Risk event")),
    F("penyebab", "text", True, ("Penyebab (Formulir 3.0)", "Cause")),
    F("uraian_dampak", "text", True, ("Dampak (Formulir 3.0)", "Impact description")),
    F("area_dampak", "text", True, ("Area dampak (Formulir 3.0)", "Impact area"),
      ("Salah satu area yang dipilih instansi.yaml.", "An area instansi.yaml chooses."),
      enum=vocab.AREA_DAMPAK, ref="area-terpilih"),
    F("indikator_kinerja", "text", False, ("Indikator kinerja (Formulir 3.0)",
                                           "Performance indicator"),
      ("Kosong: dari sasaran_spbe UPR dengan sasaran yang sama.",
       "Empty: from the unit's sasaran_spbe entry with the same sasaran.")),
    F("pengendalian_ada", "text", False, ("Sistem pengendalian yang ada", "Existing controls")),
    F("analisis", "object", True, ("Analisis risiko (Formulir 3.0)", "Risk analysis"),
      ("Besaran dibaca dari matriks, bukan kemungkinan × dampak.",
       "The magnitude is looked up in the matrix, not likelihood × impact."), obj=PENILAIAN),
    F("penanganan", "object", False, ("Rencana penanganan (Formulir 4.0)", "Treatment plan"),
      obj=PENANGANAN),
    F("pemantauan", "list", False, ("Pemantauan (Formulir 5.0)", "Monitoring"),
      items=F("", "object", obj=PEMANTAUAN), nullable=True),
    F("aset", "list", False, ("Aset SPBE terkait", "Linked SPBE assets"),
      ("Id aset dari assets.yaml.", "Asset ids from assets.yaml."),
      items=F("", "text", ref="aset"), nullable=True),
    F("kontrol", "list", False, ("Kontrol terkait", "Linked controls"),
      items=F("", "object", obj=TAUTAN_KONTROL), nullable=True),
    F("prinsip", "list", False, ("Prinsip keamanan SPBE terdampak", "SPBE security principles"),
      items=F("", "text", enum=vocab.PRINSIP), nullable=True),
    F("catatan", "text", False, ("Catatan", "Notes"), nullable=True),
))
REGISTER = Obj("register", envelope("register") + (
    F("upr", "id", True, ("Unit Pemilik Risiko", "Risk-owning unit"),
      ("Id UPR dari instansi.yaml.", "A UPR id from instansi.yaml."), ref="upr"),
    F("periode", "year", True, ("Periode (tahun)", "Period (year)")),
    F("jenis_laporan", "text", False, ("Jenis laporan pemantauan (Formulir 5.0)",
                                       "Monitoring report frequency"),
      ("'triwulanan': check memperingatkan triwulan yang berakhir tanpa pemantauan.",
       "'triwulanan': check warns about an ended quarter without monitoring."),
      enum=vocab.JENIS_LAPORAN),
    F("risiko", "list", False, ("Daftar risiko (Formulir 3.0–5.0)", "Risks"),
      items=F("", "object", obj=RISIKO)),
))

# --------------------------------------------------------------------------- inventory
STATUS = Obj("status_kontrol", (
    F("status", "text", True, ("Status penerapan", "Implementation status"),
      enum=vocab.STATUS_KONTROL),
    F("justifikasi", "text", False, ("Justifikasi", "Justification"),
      ("Wajib untuk 'tidak-berlaku' (Statement of Applicability).",
       "Required for 'tidak-berlaku' (Statement of Applicability).")),
), when=(When("status", ("tidak-berlaku",), "justifikasi"),))
RIWAYAT = Obj("riwayat_audit", (
    F("jenis_audit", "text", True, ("Jenis audit TIK", "ICT audit kind"), enum=vocab.JENIS_AUDIT),
    F("tanggal", "date", True, ("Tanggal selesai", "Completion date")),
    F("auditor", "text", True, ("Auditor", "Auditor")),
    F("pelaksana", "text", False, ("Pelaksana", "Internal or external"),
      enum=vocab.PELAKSANA_AUDIT),
    F("hasil", "text", False, ("Hasil", "Outcome")),
    F("bundel", "text", False, ("Bundel bukti", "Evidence bundle"),
      ("Nama berkas bundel di audits/.", "The bundle's file name in audits/.")),
))
_STATUS_MAP = ("Status kontrol per id kontrol", "Control status by control id")
ASET = Obj("aset", (
    F("id", "id", True, ("Id aset", "Asset id")),
    F("nama", "text", True, ("Nama aset", "Asset name")),
    F("jenis", "text", True, ("Jenis aset SPBE", "SPBE asset kind"), enum=vocab.JENIS_ASET),
    F("platform", "list", False, ("Platform", "Platform"),
      ("Wajib untuk aplikasi: web, mobile dan/atau desktop.",
       "Required for applications: web, mobile and/or desktop."),
      items=F("", "text", enum=vocab.PLATFORM)),
    F("upr", "text", True, ("UPR pemilik", "Owning UPR"), ref="upr"),
    F("operator", "text", False, ("Operator", "Operator")),
    F("beroperasi_sejak", "date", True, ("Beroperasi sejak", "In operation since")),
    F("klasifikasi_data", "text", False, ("Klasifikasi data", "Data classification"),
      enum=vocab.KLASIFIKASI_DATA),
    F("akses_internet", "boolean", False, ("Dapat diakses dari internet", "Reachable from the internet")),
    F("uraian", "text", False, ("Uraian", "Description")),
    F("kontrol", "map", False, _STATUS_MAP, obj=STATUS, ref="kontrol"),
    F("riwayat_audit", "list", False, ("Riwayat audit", "Audit history"),
      items=F("", "object", obj=RIWAYAT), nullable=True),
), when=(When("jenis", vocab.JENIS_APLIKASI, "platform"),))
INVENTORY = Obj("inventory", envelope("inventory") + (
    F("kontrol_instansi", "map", False, ("Status kontrol seluruh instansi",
                                         "Agency-wide control statuses"),
      ("Berlaku untuk semua aset kecuali aset menimpanya.", "Hold for every asset unless the "
                                                            "asset overrides them."),
      obj=STATUS, ref="kontrol"),
    F("aset", "list", False, ("Aset SPBE", "SPBE assets"), items=F("", "object", obj=ASET)),
))

# --------------------------------------------------------------------------- catalog
KATALOG = Obj("katalog", (
    F("id", "id", True, ("Id katalog", "Catalog id")),
    F("nama", "text", True, ("Nama standar", "Standard name")),
    F("dasar_hukum", "text", False, ("Dasar hukum", "Legal basis")),
    F("confidence", "text", True, ("Tingkat keyakinan", "Confidence"),
      ("regulation: teks regulasi; secondary: sumber sekunder; draft: rancangan proyek.",
       "regulation: regulation text; secondary: a secondary source; draft: the project's draft."),
      enum=vocab.CONFIDENCE),
    F("catatan", "text", False, ("Catatan", "Notes")),
))
KONTROL = Obj("kontrol", (
    F("id", "id", True, ("Id kontrol", "Control id"), ("Unik di semua katalog.",
                                                       "Unique across all catalogs.")),
    F("judul", "text", True, ("Judul", "Title (Indonesian)")),
    F("judul_en", "text", True, ("Judul (Inggris)", "Title (English)")),
    F("pernyataan", "text", True, ("Pernyataan kontrol", "Control statement")),
    F("panduan", "text", False, ("Panduan penerapan", "Implementation guidance"),
      ("Tafsiran proyek (ASVS, versi TLS, contoh), bukan teks regulasi.",
       "The project's interpretation (ASVS ids, TLS versions, examples), not regulation text.")),
    F("fungsi", "text", True, ("Fungsi (ayat)", "Function")),
    F("prinsip", "list", True, ("Prinsip keamanan SPBE", "SPBE security principles"),
      ("Pemetaan proyek, bukan regulasi.", "The project's mapping, not the regulation's."),
      items=F("", "text", enum=vocab.PRINSIP), min_items=1),
    F("berlaku_untuk", "list", True, ("Berlaku untuk jenis aset", "Applies to asset kinds"),
      items=F("", "text", enum=vocab.JENIS_ASET)),
    F("platform", "list", False, ("Platform", "Platform"), items=F("", "text", enum=vocab.PLATFORM)),
    F("area_audit", "text", True, ("Area audit", "Audit area"),
      ("TK tata kelola, MK manajemen keamanan, FK fungsionalitas keamanan.",
       "TK governance, MK security management, FK security functionality."),
      enum=vocab.AREA_AUDIT),
    F("bukti_umum", "list", True, ("Bukti yang umum dikumpulkan", "Typical evidence"),
      items=F("", "text")),
    F("source", "text-or-object", True, ("Sumber regulasi", "Regulation reference"),
      ("{regulasi, pasal, ayat, huruf} atau teks.", "{regulasi, pasal, ayat, huruf} or text.")),
    F("confidence", "text", True, ("Tingkat keyakinan", "Confidence"), enum=vocab.CONFIDENCE),
    F("references", "any", False, ("Rujukan lain", "Other references"),
      ("OWASP ASVS, ISO/IEC 27001:2022, panduan audit BSSN.",
       "OWASP ASVS, ISO/IEC 27001:2022, BSSN audit guide."), nullable=True),
))
CATALOG = Obj("catalog", envelope("catalog") + (
    F("katalog", "object", True, ("Identitas katalog", "Catalog header"), obj=KATALOG),
    F("kontrol", "list", False, ("Kontrol", "Controls"), items=F("", "object", obj=KONTROL)),
))

# --------------------------------------------------------------------------- matrix
MATRIX_LEVEL = Obj("level", (
    F("level", "integer", True, ("Level", "Level"), ("1, 2, 3, … berurutan.", "1, 2, 3, … in order."),
      minimum=1, maximum=10),
    F("nama", "text", True, ("Nama level", "Level name")),
), closed=False)
BAND = Obj("level_risiko", (
    F("nama", "text", True, ("Nama level risiko", "Risk level name")),
    F("min", "integer", True, ("Besaran terendah", "Lowest magnitude"), minimum=1, maximum=10_000),
    F("max", "integer", True, ("Besaran tertinggi", "Highest magnitude"), minimum=1, maximum=10_000),
    F("warna", "text", True, ("Warna", "Colour"), ("mis. biru, hijau, kuning, jingga, merah.",
                                                   "e.g. biru, hijau, kuning, jingga, merah.")),
), closed=False)
MATRIX = Obj("matrix", envelope("matrix") + (
    F("id", "id", True, ("Id matriks", "Matrix id")),
    F("nama", "text", True, ("Nama matriks", "Matrix name")),
    F("source", "any", False, ("Sumber", "Source")),
    F("confidence", "any", False, ("Tingkat keyakinan", "Confidence")),
    F("catatan", "any", False, ("Catatan", "Notes")),
    F("kemungkinan", "list", True, ("Level kemungkinan", "Likelihood levels"),
      items=F("", "object", obj=MATRIX_LEVEL)),
    F("dampak", "list", True, ("Level dampak", "Impact levels"),
      items=F("", "object", obj=MATRIX_LEVEL)),
    F("besaran", "grid", True, ("Besaran risiko", "Risk magnitudes"),
      ("Baris per kemungkinan, kolom per dampak; tidak menurun di kedua sumbu.",
       "Rows by likelihood, columns by impact; non-decreasing along both.")),
    F("level_risiko", "list", True, ("Level risiko", "Risk levels"),
      ("Rentang besaran tanpa celah atau tumpang tindih.", "Magnitude bands with no gap or overlap."),
      items=F("", "object", obj=BAND)),
))

# --------------------------------------------------------------------------- audit rules
AUDIT_RULES = Obj("audit-rules", envelope("audit-rules") + (
    F("nama", "text", False, ("Nama", "Name")),
    F("catatan", "text", False, ("Catatan", "Notes")),
    F("aturan", "list", False, ("Aturan audit", "Audit rules"), items=F("", "object", obj=ATURAN_AUDIT)),
))

# --------------------------------------------------------------------------- follow-up
#: What the auditee may record (``audit.tindak_lanjut.STATUS_AUDITAN``); only a verified
#: follow-up bundle makes an item tuntas or tidak dapat ditindaklanjuti.
STATUS_TINDAK_LANJUT_AUDITAN = ("belum-ditindaklanjuti", "dalam-proses", "selesai-menurut-auditan")
CATATAN_TINDAK_LANJUT = Obj("catatan_tindak_lanjut", (
    F("id_audit", "text", True, ("Id audit", "Audit id"),
      ("Id bundel audit di audits/ (AUD-YYYY-NNNN).", "The audit bundle's id in audits/.")),
    F("temuan", "id", True, ("Id temuan", "Finding id"), ("Id temuan di bundel itu.",
                                                          "The finding's id in that bundle.")),
    F("status", "text", True, ("Status tindak lanjut", "Follow-up status"),
      ("Hanya auditor yang menyatakan tuntas (bundel tindak lanjut).",
       "Only the auditor declares an item tuntas (a follow-up bundle)."),
      enum=STATUS_TINDAK_LANJUT_AUDITAN),
    F("tanggal", "date", True, ("Tanggal", "Date")),
    F("uraian", "text", False, ("Uraian tindak lanjut", "What was done")),
    F("penanggung_jawab", "text", False, ("Satuan kerja penanggung jawab", "Responsible unit"),
      ("Bawaan: UPR pemilik aset.", "Default: the asset's owning UPR.")),
    F("bukti", "list", False, ("Bukti tindak lanjut", "Evidence of the follow-up"),
      items=F("", "text")),
))
PENGATURAN_TINDAK_LANJUT = Obj("pengaturan_tindak_lanjut", (
    F("batas_waktu_bawaan_hari", "integer", False, ("Batas waktu bawaan (hari)",
                                                   "Default deadline (days)"),
      ("Untuk temuan tanpa batas_waktu, dihitung dari tanggal audit; bawaan 60.",
       "For findings without batas_waktu, counted from the audit date; default 60."),
      minimum=1, maximum=3650),
    F("eskalasi_hari", "integer", False, ("Jendela eskalasi (hari)", "Escalation window (days)"),
      ("Lewat batas waktu lebih dari ini: ditandai untuk eskalasi; bawaan 30.",
       "Overdue by more than this: marked for escalation; default 30."),
      minimum=0, maximum=3650),
))
TINDAK_LANJUT = Obj("tindak-lanjut", envelope("tindak-lanjut") + (
    F("pengaturan", "object", False, ("Pengaturan", "Settings"), obj=PENGATURAN_TINDAK_LANJUT),
    F("tindak_lanjut", "list", False, ("Catatan tindak lanjut", "Follow-up entries"),
      items=F("", "object", obj=CATATAN_TINDAK_LANJUT), nullable=True),
))

#: What each ``ref`` means, for the schema's descriptions and the reference (id, en).
REFS: dict[str, tuple[str, str]] = {
    "upr": ("harus id UPR yang tercantum di instansi.yaml", "must be a UPR id listed in instansi.yaml"),
    "kategori-terpilih": ("harus kategori yang dipilih di instansi.yaml",
                          "must be a category chosen in instansi.yaml"),
    "area-terpilih": ("harus area dampak yang dipilih di instansi.yaml",
                      "must be an impact area chosen in instansi.yaml"),
    "matriks": ("harus level pada matriks instansi", "must be a level of the agency's matrix"),
    "matriks-id": ("harus id matriks yang ada", "must be the id of an existing matrix"),
    "kontrol": ("harus id kontrol dari katalog", "must be a control id from the catalogs"),
    "aset": ("harus id aset dari assets.yaml", "must be an asset id from assets.yaml"),
    "opsi-jenis": ("harus opsi yang sah untuk jenis risikonya",
                   "must be an option valid for the risk's jenis"),
}

#: Every file kind, by its ``kind`` value, with where such files live.
KINDS: dict[str, Obj] = {"context": CONTEXT, "register": REGISTER, "inventory": INVENTORY,
                         "catalog": CATALOG, "matrix": MATRIX, "audit-rules": AUDIT_RULES,
                         "tindak-lanjut": TINDAK_LANJUT}
WHERE = {"context": "instansi.yaml", "register": "risks/*.yaml", "inventory": "assets.yaml",
         "catalog": "controls/*.yaml", "matrix": "controls/matrices/*.yaml",
         "audit-rules": "controls/audit-rules/*.yaml", "tindak-lanjut": "tindak-lanjut.yaml"}
