"""The PAdES baseline level a PDF signature attains (ETSI EN 319 142-1 §6), as verified.

A level is claimed only when it is *verified* against the trust the caller gives, never
read off what the file contains:

* **B-B** — a valid, intact, trusted CAdES-detached signature (SubFilter
  ``ETSI.CAdES.detached``) whose later revisions change nothing but form fields or
  archival data, with the signed attributes PAdES baseline asks for: an ESS
  signing-certificate(-v2) attribute (pyHanko checks that it names the signer's
  certificate when present — so here it must be present) and no CMS signing-time
  attribute (PAdES puts the claimed time in the signature dictionary's ``/M``);
* **B-T** — plus a signature timestamp that verifies against the TSA roots;
* **B-LT** — plus validation data in the DSS from which the signer's chain *and* the
  signature timestamp's chain validate offline (no fetching) with revocation information
  required for every certificate of both paths but the anchors (``revocation_mode=
  "require"``; ``hard-fail`` would skip certificates that name no CRL/OCSP location): a
  DSS that lacks the CRL/OCSP, or holds one from another CA, does not make B-LT. It is
  judged as of the time the signature timestamp proves, so a file verified years later,
  when its CRLs are no longer current, keeps B-LT — as the level promises.
  pyHanko's own ``DocumentSecurityStore.read_dss`` / ``as_validation_context`` build the
  context from the DSS alone;
* **B-LTA** — plus a document timestamp in a later revision that verifies against the
  TSA roots and covers a DSS that by itself already makes B-LT (the DSS as it stood in
  the timestamp's revision, read through pyHanko's historical resolver).

Why not pyHanko's ``ades_lta_validation``: it answers the AdES question "is the signature
valid, possibly at a past time" (an indication), not which PAdES level the file attains,
and it proceeds without the document timestamp chain when that fails (only a log line);
the level needs each step's own yes/no. The steps here use the same pyHanko validators.

Layer: shell (signatures). pyHanko lazily.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spbe_risk.messages import N_

PADES_SUBFILTER = "/ETSI.CAdES.detached"

#: Why a signature stops below the next level (JSON code → words).
SHORTFALL = {
    "tanda-tangan-tidak-sah": N_("tanda tangan tidak sah, tidak utuh atau tidak tepercaya"),
    "bukan-pades": N_("bukan tanda tangan PAdES (SubFilter bukan ETSI.CAdES.detached)"),
    "atribut-cades": N_("atribut bertanda tangan tidak sesuai PAdES baseline (atribut ESS "
                        "signing-certificate wajib ada, atribut signing-time tidak boleh "
                        "ada)"),
    "tanpa-stempel-waktu": N_("tidak ada stempel waktu tanda tangan yang sah dan tepercaya"),
    "tanpa-dss": N_("dokumen tidak memuat DSS (data validasi)"),
    "dss-tidak-cukup": N_("data validasi di DSS tidak cukup untuk memvalidasi rantai "
                          "sertifikat penanda tangan dan stempel waktunya secara luring "
                          "(sertifikat dan CRL/OCSP dari penerbitnya)"),
    "sertifikat-dicabut": N_("data validasi di DSS menyatakan sertifikat penanda tangan "
                             "atau rantainya dicabut sebelum waktu stempel waktunya"),
    "tanpa-stempel-waktu-dokumen": N_("tidak ada stempel waktu dokumen yang sah dan "
                                      "tepercaya atas DSS tersebut"),
}


def utc_text(moment: Any) -> str | None:
    """A moment as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC), as the JSON reports carry times: the
    bundles' one formatter (``evidence.models.rfc3339``)."""
    from spbe_risk.evidence.models import rfc3339

    return rfc3339(moment)


@dataclass(frozen=True)
class PadesLevel:
    """The verified level (``None``: not even B-B), why the next one is not reached
    (a :data:`SHORTFALL` key, ``None`` at B-LTA) and the document timestamp's time that
    made B-LTA."""

    level: str | None
    shortfall: str | None
    archive_time: Any = None


def _contexts(handler: Any, anchors: list, ts_anchors: list,
              moment: Any) -> tuple[Any, Any] | None:
    """Signer and TSA validation contexts holding exactly the DSS of ``handler`` (a
    reader or a historical revision): offline, revocation information required, at
    ``moment`` — the time the signature timestamp proves (what B-LT is for: validating
    later, as of signing, with the data kept in the file; CRLs/OCSP issued after that
    moment count, ``retroactive_revinfo``)."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(handler)
    except NoDSSFoundError:
        return None
    common = {"allow_fetching": False, "revocation_mode": "require", "moment": moment,
              "retroactive_revinfo": True}
    return (dss.as_validation_context({**common, "trust_roots": anchors}),
            dss.as_validation_context({**common, "trust_roots": ts_anchors}))


def _offline_from_dss(sig: Any, handler: Any, anchors: list, ts_anchors: list,
                      moment: Any) -> str | None:
    """``None`` when the DSS of ``handler`` validates the signature and its timestamp
    offline with revocation information for every certificate; otherwise the shortfall."""
    from pyhanko.sign.validation import validate_pdf_signature

    contexts = _contexts(handler, anchors, ts_anchors, moment)
    if contexts is None:
        return "tanpa-dss"
    try:
        status = validate_pdf_signature(sig, signer_validation_context=contexts[0],
                                        ts_validation_context=contexts[1], skip_diff=True)
    except Exception:  # noqa: BLE001  any failure of the offline validation: not B-LT
        return "dss-tidak-cukup"
    if status.revoked:          # the file's own validation data says: revoked by then
        return "sertifikat-dicabut"
    ts = status.timestamp_validity
    ok = (status.intact and status.valid and status.trusted and ts is not None
          and ts.intact and ts.valid and ts.trusted)
    return None if ok else "dss-tidak-cukup"


def _stamp_status(stamp: Any, ts_anchors: list) -> Any:
    """pyHanko's status of a document timestamp against the TSA roots (offline);
    ``None`` when it cannot even be read."""
    from pyhanko.sign.validation import validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=ts_anchors, allow_fetching=False,
                                revocation_mode="soft-fail")
    try:
        return validate_pdf_timestamp(stamp, validation_context=context)
    except Exception:  # noqa: BLE001  a damaged timestamp proves nothing
        return None


def _stamp_holds(status: Any) -> bool:
    level = None if status is None else status.modification_level
    return bool(status is not None and status.intact and status.valid and status.trusted
                and level is not None and level.name in ("NONE", "LTA_UPDATES"))


@dataclass(frozen=True)
class DocumentTimestampReport:
    """One document timestamp (``/DocTimeStamp``), as ``verify-pdf`` lists it."""

    field: str
    timestamp: str | None     # the time it proves (``None``: unreadable)
    intact: bool              # the token's signature and imprint hold
    trusted: bool             # its TSA chains to a --tsa-trust root
    modifications: str        # after it: NONE / LTA_UPDATES / …

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def document_timestamps(reader: Any, ts_anchors: list) -> list[DocumentTimestampReport]:
    """Every document timestamp of the file, validated offline."""
    out = []
    for stamp in reader.embedded_timestamp_signatures:
        status = _stamp_status(stamp, ts_anchors)
        if status is None:
            out.append(DocumentTimestampReport(stamp.field_name, None, False, False,
                                               "UNKNOWN"))
            continue
        level = status.modification_level
        out.append(DocumentTimestampReport(
            stamp.field_name, utc_text(status.timestamp), bool(status.intact and status.valid),
            bool(status.trusted), level.name if level is not None else "UNKNOWN"))
    return out


def _document_timestamp(sig: Any, reader: Any, anchors: list, ts_anchors: list,
                        moment: Any) -> Any:
    """The time of the first valid, trusted document timestamp after ``sig`` whose
    revision's DSS already makes B-LT; ``None`` if there is none."""
    for stamp in reader.embedded_timestamp_signatures:
        if stamp.signed_revision <= sig.signed_revision:
            continue
        status = _stamp_status(stamp, ts_anchors)
        if not _stamp_holds(status):
            continue
        if _offline_from_dss(sig, reader.get_historical_resolver(stamp.signed_revision),
                             anchors, ts_anchors, moment) is None:
            return status.timestamp
    return None


def pades_level(sig: Any, status: Any, ok: bool, anchors: list,
                ts_anchors: list) -> PadesLevel:
    """The level ``sig`` (an embedded ``/Sig`` signature whose ordinary validation gave
    ``status``, judged ``ok``) attains against ``anchors`` and ``ts_anchors``."""
    if str(sig.sig_object.get("/SubFilter", "")) != PADES_SUBFILTER:
        return PadesLevel(None, "bukan-pades")
    if not ok:
        return PadesLevel(None, "tanda-tangan-tidak-sah")
    names = {a["type"].native for a in sig.signer_info["signed_attrs"]}
    if "signing_time" in names or not names & {"signing_certificate_v2",
                                               "signing_certificate"}:
        return PadesLevel(None, "atribut-cades")
    ts = status.timestamp_validity
    if not (ts is not None and ts.intact and ts.valid and ts.trusted):
        return PadesLevel("B-B", "tanpa-stempel-waktu")
    shortfall = _offline_from_dss(sig, sig.reader, anchors, ts_anchors, ts.timestamp)
    if shortfall == "sertifikat-dicabut":       # no level at all: the signature fails
        return PadesLevel(None, shortfall)
    if shortfall is not None:
        return PadesLevel("B-T", shortfall)
    moment = _document_timestamp(sig, sig.reader, anchors, ts_anchors, ts.timestamp)
    if moment is None:
        return PadesLevel("B-LT", "tanpa-stempel-waktu-dokumen")
    return PadesLevel("B-LTA", None, moment)
