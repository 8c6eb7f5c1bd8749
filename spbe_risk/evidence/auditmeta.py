"""``audit.json`` as the bundle mechanics use it: the audit domain's model and form checks
(``spbe_risk.audit``) with the bag's canonical path rules plugged in.

The domain — keys, typed metadata, schema versions, form validation, konklusi — lives in
the pure package ``spbe_risk.audit``; this module binds it to ``evidence.paths`` (evidence
paths must be canonical bag paths) and keeps the names every ``evidence`` module and
older callers import. The JSON Schema ``audit.schema.json`` beside it documents every key.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

from typing import Any

from spbe_risk.audit.jsonform import AuditJsonError, canonical_bytes, parse
from spbe_risk.audit.metadata import (
    ANGGOTA_KEYS,
    AUDITOR_KEYS,
    BUKTI_KEYS,
    DESAIN,
    DRAFT_KEY,
    EFEKTIVITAS,
    EVIDENCE_PREFIX,
    ID_AUDIT,
    IDENT,
    IMPLEMENTASI,
    JENIS_AUDIT,
    KESIMPULAN_KEYS,
    KIND,
    PELAKSANA,
    PERIODE,
    SCHEMA_VERSION,
    TEMUAN_KEYS,
    TINGKAT,
    TOP_KEYS_V1,
    TOP_KEYS_V2,
    anggota_dict,
    evidence_paths,
    ketua_nama,
    lembaga_nama,
    meta_of,
    new_audit,
)
from spbe_risk.audit.validation import MAX_TEXT
from spbe_risk.audit.validation import validate as _validate
from spbe_risk.evidence.paths import path_problem

#: The keys of the current schema (2).
TOP_KEYS = TOP_KEYS_V2

__all__ = ["ANGGOTA_KEYS", "AUDITOR_KEYS", "BUKTI_KEYS", "DESAIN", "DRAFT_KEY", "EFEKTIVITAS",
           "EVIDENCE_PREFIX", "ID_AUDIT", "IDENT", "IMPLEMENTASI", "JENIS_AUDIT",
           "KESIMPULAN_KEYS", "KIND", "MAX_TEXT", "PELAKSANA", "PERIODE", "SCHEMA_VERSION",
           "TEMUAN_KEYS", "TINGKAT", "TOP_KEYS", "TOP_KEYS_V1", "TOP_KEYS_V2", "AuditJsonError",
           "anggota_dict", "canonical_bytes", "evidence_paths", "ketua_nama", "lembaga_nama",
           "meta_of", "new_audit", "parse", "validate"]


def validate(audit: Any, complete: bool = True) -> list[tuple[str, str]]:
    """Every form problem as ``(location, message)``, evidence paths checked against the
    bag's canonical path rules; [] means valid. A follow-up bundle's two extra keys
    (``audit.verifikasi``) are checked by their own rules."""
    from spbe_risk.audit import verifikasi

    if not isinstance(audit, dict):
        return _validate(audit, complete, path_problem)
    return (_validate(verifikasi.without_keys(audit), complete, path_problem)
            + list(verifikasi.validate(audit)))
