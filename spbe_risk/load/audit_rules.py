"""Audit-cadence rules (``controls/audit-rules/*.yaml`` and ``instansi.yaml``
``jadwal_audit``) → ``AturanAudit`` tuples.

Pure; imports the model, vocabulary, problems and the field machinery only.
"""

from __future__ import annotations

from typing import Any

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk import vocab
from spbe_risk.load.fields import FileCheck, document, entries, found, unique_id
from spbe_risk.messages import msg
from spbe_risk.model import AturanAudit
from spbe_risk.problems import Problem

# --------------------------------------------------------------------------- audit rules
# Known keys come from the field specification (spec.py), which the JSON Schema shares.
RULE_KEYS = spec.ATURAN_AUDIT.keys


def _read_rules(fc: FileCheck, seq: Any, path: tuple) -> tuple[AturanAudit, ...]:
    items = fc.sequence(seq, path, "aturan")
    out = []
    seen: dict = {}
    for q, m in entries(fc, items, path, "aturan"):
        fc.known_keys(m, RULE_KEYS, q)
        rid = unique_id(fc, m, q, seen, msg(dg.A_RULE))
        jenis = fc.choice(m, "jenis_audit", q, vocab.JENIS_AUDIT)
        aset = fc.text_list(m, "jenis_aset", q, vocab.JENIS_ASET, required=True, what=dg.ASSET_KIND)
        freq = fc.integer(m, "frekuensi_bulan", q, 1, 120, what=dg.MONTHS)
        pelaksana = fc.text(m, "pelaksana", q)
        tj = fc.choice(m, "tanggung_jawab", q, ("instansi", "nasional"))
        # BSSN 8/2024 Pasal 26(3): the internal security audit does not remove the duty of
        # the external one, so by default only external audits count for keamanan.
        dihitung = fc.choice(m, "dihitung_dari", q, ("semua", "eksternal"), required=False) \
            or ("eksternal" if jenis == "keamanan" else "semua")
        akses = m.get("akses_internet")
        if akses is not None and not isinstance(akses, bool):
            fc.error(q + ("akses_internet",), dg.EXPECTED_BOOLEAN(key="akses_internet", found=found(akses)))
            akses = None
        conf = fc.choice(m, "confidence", q, vocab.CONFIDENCE, required=False) or ""
        if None not in (rid, jenis, freq, pelaksana, tj) and aset:
            out.append(AturanAudit(rid, jenis, aset, freq, pelaksana, tj,  # type: ignore[arg-type]
                                   fc.boolean(m, "internal_dulu", q), dihitung, akses,
                                   fc.text(m, "dasar_hukum", q, required=False) or "", conf))
    return tuple(out)


def read_audit_rules(name: str, raw: bytes, problems: list[Problem]) -> tuple[AturanAudit, ...]:
    doc, fc = document(name, raw, "audit-rules", problems)
    if doc is None:
        return ()
    fc.known_keys(doc, spec.AUDIT_RULES.keys, ())
    rules = _read_rules(fc, fc.require(doc, "aturan", ()), ("aturan",)) if "aturan" in doc else ()
    problems.extend(fc.problems())
    return rules if fc.ok else ()


def read_jadwal(fc: FileCheck, doc: dict) -> dict[str, Any]:
    """instansi.yaml ``jadwal_audit``: warning window and rules that replace or add."""
    p = ("jadwal_audit",)
    m = fc.mapping(doc["jadwal_audit"], p, "jadwal_audit") or {}
    fc.known_keys(m, spec.JADWAL.keys, p)
    out: dict[str, Any] = {}
    if "peringatan_hari" in m:
        out["peringatan_hari"] = fc.integer(m, "peringatan_hari", p, 1, 3650, what=dg.DAYS)
    if "aturan" in m:
        out["aturan"] = _read_rules(fc, m["aturan"], p + ("aturan",))
    return out


def merge_rules(shipped: tuple[AturanAudit, ...], own: tuple[AturanAudit, ...]
                ) -> tuple[AturanAudit, ...]:
    """Workspace rules replace shipped rules with the same id and add the others."""
    mine = {r.id: r for r in own}
    return tuple(mine.pop(r.id, r) for r in shipped) + tuple(mine.values())
