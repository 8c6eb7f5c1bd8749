"""The asset inventory ``assets.yaml`` → ``Inventaris`` (assets, control statuses,
audit history).

Pure; imports the model, vocabulary, problems and the field machinery only.
"""

from __future__ import annotations

from typing import Any

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk import vocab
from spbe_risk.load.fields import FileCheck, did_you_mean, document, found, read_id, repeat
from spbe_risk.messages import msg
from spbe_risk.model import (
    Aset,
    Inventaris,
    RiwayatAudit,
    StatusKontrol,
)
from spbe_risk.problems import Problem

# --------------------------------------------------------------------------- inventory
# Known keys come from the field specification (spec.py), which the JSON Schema shares.
INVENTORY_KEYS = spec.INVENTORY.keys
ASET_KEYS = spec.ASET.keys
AUDIT_KEYS = spec.RIWAYAT.keys


def read_inventory(name: str, raw: bytes, upr_ids: frozenset[str], kontrol_ids: frozenset[str],
                   problems: list[Problem]) -> Inventaris | None:
    doc, fc = document(name, raw, "inventory", problems)
    if doc is None:
        return None
    fc.known_keys(doc, INVENTORY_KEYS, ())
    instansi_wide = _read_statuses(fc, doc, "kontrol_instansi", (), kontrol_ids)
    seq = fc.sequence(fc.require(doc, "aset", ()), ("aset",), "aset") if "aset" in doc else None
    out: list[Aset] = []
    seen: dict = {}
    for i, item in enumerate(seq or []):
        a = _read_aset(fc, item, ("aset", i), upr_ids, kontrol_ids)
        # checked on the raw id, so an asset with other errors is still compared
        raw_id = item.get("id") if isinstance(item, dict) else None
        if repeat(fc, raw_id, ("aset", i, "id"), seen, msg(dg.EACH_ASSET_ID_ONCE)) or a is None:
            continue
        out.append(a)
    problems.extend(fc.problems())
    return Inventaris(instansi_wide, tuple(out)) if fc.ok else None


def _read_statuses(fc: FileCheck, m: dict, key: str, p: tuple,
                   kontrol_ids: frozenset[str]) -> dict[str, StatusKontrol]:
    """A ``{control id: {status, justifikasi}}`` mapping (per asset or instansi-wide)."""
    out: dict[str, StatusKontrol] = {}
    ctl = fc.mapping(m[key], p + (key,), key) if m.get(key) else {}
    for cid, st in (ctl or {}).items():
        q = p + (key, cid)
        if cid not in kontrol_ids:
            fc.error(q, dg.UNKNOWN_CONTROL(key=key, found=found(cid),
                                          hint=did_you_mean(cid, kontrol_ids)), on_key=True)
            continue
        e = fc.mapping(st, q, f"{key} {cid}")
        if e is None:
            continue
        fc.known_keys(e, spec.STATUS.keys, q)
        status = fc.choice(e, "status", q, vocab.STATUS_KONTROL)
        just = fc.text(e, "justifikasi", q, required=False) or ""
        if status == "tidak-berlaku" and not just:
            fc.error(q, dg.NO_JUSTIFIKASI(key=key, id=cid))
        if status:
            out[cid] = StatusKontrol(status, just)
    return out


def _read_aset(fc: FileCheck, item: Any, p: tuple, upr_ids: frozenset[str],
               kontrol_ids: frozenset[str]) -> Aset | None:
    m = fc.mapping(item, p, "aset")
    if m is None:
        return None
    before = fc.errors
    fc.known_keys(m, ASET_KEYS, p)
    aid = read_id(fc, m, "id", p)
    nama = fc.text(m, "nama", p)
    jenis = fc.choice(m, "jenis", p, vocab.JENIS_ASET)
    upr = fc.text(m, "upr", p)
    if upr is not None and upr not in upr_ids:
        fc.error(p + ("upr",), dg.ASSET_UPR_NOT_LISTED(found=found(upr),
                                                      hint=did_you_mean(upr, upr_ids)))
    sejak = fc.iso_date(m, "beroperasi_sejak", p)
    platform = fc.text_list(m, "platform", p, vocab.PLATFORM)
    if jenis in vocab.JENIS_APLIKASI and not platform:
        fc.error(p, dg.MISSING_PLATFORM())
    klas = fc.choice(m, "klasifikasi_data", p, vocab.KLASIFIKASI_DATA, required=False) or ""
    kontrol = _read_statuses(fc, m, "kontrol", p, kontrol_ids)
    riwayat = []
    hist = fc.sequence(m["riwayat_audit"], p + ("riwayat_audit",), "riwayat_audit") \
        if m.get("riwayat_audit") is not None and "riwayat_audit" in m else []
    for j, h in enumerate(hist or []):
        q = p + ("riwayat_audit", j)
        e = fc.mapping(h, q, "riwayat_audit")
        if e is None:
            continue
        fc.known_keys(e, AUDIT_KEYS, q)
        ja = fc.choice(e, "jenis_audit", q, vocab.JENIS_AUDIT)
        tgl = fc.iso_date(e, "tanggal", q)
        auditor = fc.text(e, "auditor", q)
        pel = fc.choice(e, "pelaksana", q, vocab.PELAKSANA_AUDIT, required=False) or "internal"
        hasil = fc.text(e, "hasil", q, required=False) or ""
        bundel = fc.text(e, "bundel", q, required=False) or ""
        if sejak and tgl and tgl < sejak:
            fc.warning(q + ("tanggal",), dg.AUDIT_BEFORE_OPERATION(sejak=sejak, tanggal=tgl))
        if ja and tgl and auditor:
            riwayat.append(RiwayatAudit(ja, tgl, auditor, pel, hasil, bundel))
    if fc.errors != before or None in (aid, nama, jenis, sejak):
        return None
    return Aset(id=aid, nama=nama, jenis=jenis, upr=upr or "", beroperasi_sejak=sejak,  # type: ignore[arg-type]
                platform=platform, operator=fc.text(m, "operator", p, required=False) or "",
                klasifikasi_data=klas, akses_internet=fc.boolean(m, "akses_internet", p),
                uraian=fc.text(m, "uraian", p, required=False) or "", kontrol=kontrol,
                riwayat_audit=tuple(sorted(riwayat, key=lambda r: r.tanggal)))
