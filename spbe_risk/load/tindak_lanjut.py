"""``tindak-lanjut.yaml`` → the auditee's follow-up entries and the cycle's settings.

The auditee (the unit responsible for a finding, through Diskominfo) records progress here,
in git: ``belum-ditindaklanjuti``, ``dalam-proses``, ``selesai-menurut-auditan``. Writing
``tuntas`` (or ``tidak-dapat-ditindaklanjuti``) is refused at its line: only a verified
follow-up bundle of the auditor closes an item (Permenkominfo 16/2022 Lampiran I P-7 a.2).
Whether the named audit and finding exist is known only after the bundles in ``audits/``
are verified; ``audit.tindak_lanjut`` reports entries that match none.

Pure; imports the model, the field machinery and the audit domain only.
"""

from __future__ import annotations

from dataclasses import replace

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk.audit.tindak_lanjut import SELESAI, CatatanAuditan, Pengaturan
from spbe_risk.load.fields import FileCheck, document, found
from spbe_risk.load.yamlsource import Locator
from spbe_risk.problems import Problem

KIND = "tindak-lanjut"
FILE = "tindak-lanjut.yaml"


def read_tindak_lanjut(name: str, raw: bytes, problems: list[Problem]
                       ) -> tuple[tuple[CatatanAuditan, ...], Pengaturan] | None:
    """The entries and settings of one ``tindak-lanjut.yaml``; None when it has errors."""
    doc, fc = document(name, raw, KIND, problems)
    if doc is None:
        return None
    fc.known_keys(doc, spec.TINDAK_LANJUT.keys, ())
    pengaturan = _settings(fc, doc)
    seq = fc.sequence(doc["tindak_lanjut"], ("tindak_lanjut",), "tindak_lanjut") \
        if doc.get("tindak_lanjut") is not None else []
    entries = [(i, e) for i, item in enumerate(seq or [])
               if (e := _entry(fc, item, ("tindak_lanjut", i))) is not None]
    # every entry's position in one go (one streaming pass for a very large file)
    spots = Locator(fc.source).locate_all([(("tindak_lanjut", i), False) for i, _e in entries])
    out = [replace(e, lokasi=f"{name}:{line}:{col}")
           for (_i, e), (line, col) in zip(entries, spots, strict=True)]
    problems.extend(fc.problems())
    return (tuple(out), pengaturan) if fc.ok else None


def _settings(fc: FileCheck, doc: dict) -> Pengaturan:
    m = fc.mapping(doc["pengaturan"], ("pengaturan",), "pengaturan") \
        if doc.get("pengaturan") is not None else None
    if not m:
        return Pengaturan()
    p = ("pengaturan",)
    fc.known_keys(m, spec.PENGATURAN_TINDAK_LANJUT.keys, p)
    base = Pengaturan()
    hari = fc.integer(m, "batas_waktu_bawaan_hari", p, 1, 3650, required=False)
    eskalasi = fc.integer(m, "eskalasi_hari", p, 0, 3650, required=False)
    return Pengaturan(base.batas_waktu_bawaan_hari if hari is None else hari,
                      base.eskalasi_hari if eskalasi is None else eskalasi)


def _entry(fc: FileCheck, item: object, p: tuple) -> CatatanAuditan | None:
    m = fc.mapping(item, p, "tindak_lanjut")
    if m is None:
        return None
    before = fc.errors
    fc.known_keys(m, spec.CATATAN_TINDAK_LANJUT.keys, p)
    id_audit = fc.text(m, "id_audit", p)
    temuan = fc.text(m, "temuan", p)
    status = m.get("status")
    if status in SELESAI:
        fc.error(p + ("status",), dg.STATUS_IS_AUDITORS(found=found(status)))
        status = None
    else:
        status = fc.choice(m, "status", p, spec.STATUS_TINDAK_LANJUT_AUDITAN)
    tanggal = fc.iso_date(m, "tanggal", p)
    uraian = fc.text(m, "uraian", p, required=False) or ""
    unit = fc.text(m, "penanggung_jawab", p, required=False) or ""
    fc.text_list(m, "bukti", p, required=False)
    if fc.errors != before or None in (id_audit, temuan, status, tanggal):
        return None
    return CatatanAuditan(id_audit, temuan, status, tanggal, uraian, unit,  # type: ignore[arg-type]
                          "")
