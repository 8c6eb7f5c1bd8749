"""What a bundle says about itself — audit summary and signer — without judging it.

``evidence show`` is for reading a bundle before (or instead of) verifying it: the
container is still opened with every safety rule, but nothing is hashed and the
signer is reported as the signature names it, not as trusted.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from spbe_risk.evidence import AUDIT_JSON, BAG_INFO_TXT, SIGNATURE, auditmeta
from spbe_risk.evidence.keys import name_text
from spbe_risk.evidence.manifest import TagFileError, parse_bag_info
from spbe_risk.evidence.models import rfc3339
from spbe_risk.evidence.zipread import ContainerError, Limits, SafeZip, UnreadableError
from spbe_risk.messages import N_, at, msg, reason
from spbe_risk.problems import InputError, Problem


@dataclass(frozen=True)
class BundleSummary:
    bundle: str
    top: str
    files: int
    payload_bytes: int
    bag_info: dict[str, str] | None
    audit: dict[str, Any] | None
    signer: dict[str, Any] | None
    notes: tuple[str, ...]
    #: K15 konklusi per control and per area (``audit.konklusi.summary``), None without
    #: a readable audit.json.
    konklusi: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"bundle": self.bundle, "folder": self.top, "files": self.files,
                "payload_bytes": self.payload_bytes, "bag_info": self.bag_info,
                "audit": self.audit, "signer": self.signer, "notes": list(self.notes),
                "konklusi": self.konklusi}


def read_summary(path: str | os.PathLike[str], limits: Limits | None = None,
                 area_of: dict[str, str] | None = None) -> BundleSummary:
    """Read bag-info, audit.json and the embedded signer certificate of a bundle, with the
    K15 konklusi of its conclusions (``area_of``: control id → ``area_audit``)."""
    from spbe_risk.evidence.keys import fingerprint
    from spbe_risk.evidence.signing import claimed_signing_time, embedded_signer

    shown = os.fspath(path)
    try:
        if os.path.isdir(path):
            from spbe_risk.evidence.folderread import FolderBag

            zf = FolderBag(path, limits)
        else:
            zf = SafeZip(path, limits)
    except (UnreadableError, ContainerError) as exc:
        raise InputError([Problem(shown, 0, 0, msg(N_("bundel tidak dapat dibaca: %(reason)s"),
                                                   reason=reason(exc)))]) from None
    notes: list[str] = []
    with zf:
        payload = [e for e in zf.entries if e.path.startswith("data/")]

        def read(rel: str) -> bytes | None:
            entry = zf.by_path.get(rel)
            if entry is None:
                notes.append(at(rel, msg(N_("tidak ada di bundel"))))
                return None
            try:
                return zf.read_bytes(entry, 1 << 20 if rel == SIGNATURE else None)
            except ContainerError as exc:
                notes.append(at(rel, exc.message))
                return None

        bag_info = None
        if (raw := read(BAG_INFO_TXT)) is not None:
            try:
                bag_info = parse_bag_info(raw).as_dict()
            except TagFileError as exc:
                notes.append(at(BAG_INFO_TXT, reason(exc)))
        audit = None
        if (raw := read(AUDIT_JSON)) is not None:
            try:
                audit = auditmeta.parse(raw)
            except auditmeta.AuditJsonError as exc:
                notes.append(at(AUDIT_JSON, msg(N_("baris %(line)d, kolom %(col)d: %(message)s"),
                                                line=exc.line, col=exc.col, message=exc.message)))
        signer = None
        if (raw := read(SIGNATURE)) is not None:
            cert = embedded_signer(raw)
            if cert is None:
                notes.append(msg(N_("tanda tangan tidak memuat sertifikat penanda tangan")))
            else:
                when: dt.datetime | None = claimed_signing_time(raw)
                signer = {"subject": name_text(cert.subject),
                          "issuer": name_text(cert.issuer),
                          "serial": format(cert.serial_number, "X"),
                          "fingerprint_sha256": fingerprint(cert),
                          "signing_time": rfc3339(when), "signing_time_source": "claimed"}
        konklusi = None
        if audit is not None and isinstance(audit.get("kesimpulan"), list):
            from spbe_risk.audit.konklusi import summary

            konklusi = summary(audit["kesimpulan"], area_of or {})
        return BundleSummary(shown, zf.top, len(payload), sum(e.size for e in payload),
                             bag_info, audit, signer, tuple(notes), konklusi)
