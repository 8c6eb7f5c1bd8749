"""The audit domain (pure): what an audit record says and what it means under the
regulations, apart from how a bundle packs and signs it (``evidence/``).

- ``jsonform``   strict JSON parsing and canonical bytes of ``audit.json``
- ``metadata``   the typed audit metadata (tim auditor, lembaga, surat keterangan, …),
                 read from schema 1 (one ``auditor``) and schema 2 records alike
- ``validation`` form checks of ``audit.json`` as ``(location, message)`` pairs
- ``konklusi``   the Matriks Konklusi of Peraturan Kepala BSSN 15/2024 Bab I.G
- ``duties``     who may meet which audit duty (Permenkominfo 16/2022 Pasal 4, 16, 17, 20)
- ``tindak_lanjut`` findings and their follow-up (Lampiran I P-7; BSSN 8/2024 Pasal 25(2)(d))
- ``verifikasi`` the follow-up bundle's keys: the auditor's verdict per finding
- ``periodik``   the Laporan Periodik Penyelenggaraan Audit TIK (Pasal 23, Lampiran III)

Layer: core (pure). May import only the model, vocabulary, problems and other core
modules; no disk, no clock.
"""
