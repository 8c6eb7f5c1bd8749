"""Renewing a B-LTA file's archive timestamp (ETSI EN 319 142-1: the LTA level is kept
alive by adding, before the previous document timestamp's algorithms or certificates
weaken, the validation data of that timestamp and a new document timestamp over it all).

Both go in as further incremental revisions — the earlier revisions stay a byte prefix
of the result, so every signature and timestamp before still covers exactly what it did
and the file still declares PDF/A-3. Offline: the validation data comes from files
(``--validation-data``), plus the certificates the previous timestamp token carries.

Layer: shell (signatures). pyHanko lazily.
"""

from __future__ import annotations

import io
from typing import Any

from spbe_risk.evidence import diagnostics as D
from spbe_risk.messages import N_, msg
from spbe_risk.problems import InputError, Problem


def _token_certificates(stamp: Any) -> list:
    """The certificates a document timestamp's token carries (its TSA's, as requested)."""
    found = stamp.signed_data["certificates"]
    return [c.chosen for c in found] if found else []


def renew_timestamp(data: bytes, files: list[tuple[str, bytes]], tsa_url: str,
                    where: str = "PDF") -> tuple[bytes, str, str]:
    """``data`` (holding a document timestamp) with a DSS revision carrying the latest
    document timestamp's validation data and then a new document timestamp from
    ``tsa_url``; returns the bytes, the new timestamp's field name and the renewed one's."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    from spbe_risk.evidence.cms_validator import _quiet_pyhanko
    from spbe_risk.signing.pades import _hanko_timestamper, _validation_objects

    _quiet_pyhanko()
    try:
        stamps = PdfFileReader(io.BytesIO(data), strict=False).embedded_timestamp_signatures
    except Exception as exc:  # noqa: BLE001  pyHanko raises many types on broken PDFs
        raise InputError([Problem(where, 0, 0, D.NOT_A_PDF(error=type(exc).__name__))]) from None
    if not stamps:
        raise InputError([Problem(where, 0, 0, msg(N_(
            "tidak ada stempel waktu dokumen untuk diperbarui (PAdES B-LTA dibuat dengan "
            "sign --lta)")))])
    certs, crls, ocsps = _validation_objects(files)
    buf = io.BytesIO(data)
    DocumentSecurityStore.add_dss(buf, None, certs=certs + _token_certificates(stamps[-1]),
                                  crls=crls or None, ocsps=ocsps or None, force_write=True,
                                  strict=False)
    out = io.BytesIO()
    PdfTimeStamper(_hanko_timestamper(tsa_url)).timestamp_pdf(
        IncrementalPdfFileWriter(io.BytesIO(buf.getvalue()), strict=False), "sha256",
        output=out)
    renewed = out.getvalue()
    latest = PdfFileReader(io.BytesIO(renewed), strict=False).embedded_timestamp_signatures
    return renewed, latest[-1].field_name, stamps[-1].field_name


def covered_offline(data: bytes, field: str, ts_anchors: list) -> bool:
    """Whether the file's (latest) DSS validates the document timestamp in ``field``
    offline against ``ts_anchors``, revocation information required for every
    certificate of its chain but the anchor — what renewing it is for."""
    from asn1crypto import x509 as a509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    from spbe_risk.signing.local import der

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    stamp = next(s for s in reader.embedded_timestamp_signatures if s.field_name == field)
    context = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {"allow_fetching": False, "revocation_mode": "require", "retroactive_revinfo": True,
         "trust_roots": [a509.Certificate.load(der(c)) for c in ts_anchors]})
    try:
        status = validate_pdf_timestamp(stamp, validation_context=context)
    except Exception:  # noqa: BLE001  any failure of the offline validation: not covered
        return False
    return bool(status.intact and status.valid and status.trusted)
