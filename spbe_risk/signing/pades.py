"""PAdES signatures on our PDFs (pyHanko), and their verification.

Signing is an incremental update (the rendered PDF/A-3 bytes stay as they are, so the
file still declares PDF/A-3 and a plain signature covers the whole file), SubFilter
``ETSI.CAdES.detached`` (PAdES, not the ``adbe.pkcs7.detached`` default), SHA-256: B-B,
or B-T with an RFC 3161 TSA. The visible field sits in the document's own signature
block: the rendering pipeline (``report.pdf``) records every ``ttd-<peran>`` block's page
and rectangle in the document information; ``--field`` picks one, the default is the
approving role's block. Signing goes through the :class:`~spbe_risk.signing.signer.Signer`
interface (pyHanko only ever asks for a signature over a digest).

Layer: shell (signatures). pyHanko lazily.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spbe_risk.evidence import diagnostics as D
from spbe_risk.evidence.keys import name_text
from spbe_risk.messages import N_, msg, reason
from spbe_risk.problems import InputError, Problem
from spbe_risk.signing.pades_level import utc_text as _z
from spbe_risk.signing.signer import Signer

#: Which block an unnamed signature goes to, best first (the approver signs the document).
#: Where DejaVu Sans is (Debian/Ubuntu fonts-dejavu-core first): the stamp's font is
#: embedded (as a subset), as PDF/A-3 requires of every font.
FONT_CANDIDATES = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                   Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
                   Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
                   Path("/usr/local/share/fonts/DejaVuSans.ttf"))


class StampFontMissing(RuntimeError):
    """No DejaVu Sans: the stamp would fall back to a standard (not embedded) font."""


def stamp_style() -> Any:
    """pyHanko's text stamp in DejaVu Sans, embedded as a subset (``signing.stamp_font``:
    pyHanko's glyph accumulator without re-decoding the tables its subset drops)."""
    import logging

    # fontTools' subsetter logs each table it drops ("FFTM NOT subset") as a warning
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    from spbe_risk.signing.stamp_font import font_engine_factory

    font = next((f for f in FONT_CANDIDATES if f.is_file()), None)
    if font is None:
        raise StampFontMissing(msg(N_("DejaVu Sans tidak ditemukan (pasang fonts-dejavu-core; "
                                      "dicari di %(places)s)"),
                                   places=[str(f) for f in FONT_CANDIDATES]))
    return TextStampStyle(stamp_text="%(signer)s\n%(ts)s",
                          text_box_style=TextBoxStyle(font=font_engine_factory(str(font))))


def _stamp_or_default() -> Any:
    """The embedded-font stamp, or — said on stderr, once per signature — pyHanko's
    default stamp (standard font, not embedded: the file is then not strict PDF/A)."""
    import sys

    try:
        return stamp_style()
    except StampFontMissing as exc:
        from spbe_risk.cli.common import _  # the invocation's language

        sys.stderr.write(_(msg(N_("peringatan: %(problem)s; cap tanda tangan memakai fon standar "
                                  "yang tidak disematkan, sehingga PDF tidak lagi PDF/A-3 "
                                  "yang ketat"), problem=reason(exc))) + "\n")
        return None


DEFAULT_FIELDS = ("ttd-pemilik-risiko", "ttd-koordinator-spbe", "ttd-ketua-tim",
                  "ttd-koordinator-risiko")


def _hanko_signer(signer: Signer) -> Any:
    """A pyHanko signer that delegates the signature value to ``signer``."""
    from asn1crypto import algos
    from asn1crypto import x509 as a509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from spbe_risk.signing.local import der

    cert = a509.Certificate.load(der(signer.certificate))
    chain = [a509.Certificate.load(der(c)) for c in signer.chain]
    mechanism = algos.SignedDigestAlgorithm(
        {"algorithm": "sha256_rsa" if signer.key_algorithm == "rsa" else "sha256_ecdsa"})
    size = (signer.certificate.public_key().key_size + 7) // 8

    class Delegating(signers.Signer):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str,
                                 dry_run: bool = False) -> bytes:
            if dry_run:                         # size estimate: never bother the key
                return bytes(size if signer.key_algorithm == "rsa" else 2 * size + 9)
            return signer.sign_digest(hashlib.new(digest_algorithm, data).digest(),
                                      digest_algorithm)

    return Delegating(signing_cert=cert, cert_registry=SimpleCertificateStore.from_certs(
        [cert, *chain]), signature_mechanism=mechanism)


def _hanko_timestamper(url: str) -> Any:
    """pyHanko's timestamper interface over our RFC 3161 client (``signing.tsa``)."""
    import asyncio

    from asn1crypto import tsp
    from pyhanko.sign.timestamps import TimeStamper

    from spbe_risk.signing.tsa import post_request

    class Ours(TimeStamper):
        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            body = await asyncio.get_running_loop().run_in_executor(
                None, post_request, url, req.dump())
            return tsp.TimeStampResp.load(body)

    return Ours()


def field_rectangles(reader: Any) -> dict[str, tuple[int, tuple[float, ...]]]:
    """The signature blocks the rendering pipeline recorded (``report.pdf``)."""
    from spbe_risk.report.pdf import FIELDS_KEY, parse_fields

    try:
        raw = reader.trailer["/Info"].get("/" + FIELDS_KEY)
    except (KeyError, AttributeError, TypeError):
        raw = None
    return parse_fields(str(raw)) if raw is not None else {}


def sign_pdf(data: bytes, signer: Signer, *, field: str | None = None,
             tsa_url: str | None = None, where: str = "PDF") -> tuple[bytes, str]:
    """``data`` with one more PAdES signature (incremental update); returns the bytes and
    the field signed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigFieldSpec

    from spbe_risk.evidence.cms_validator import _quiet_pyhanko

    _quiet_pyhanko()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except Exception as exc:  # noqa: BLE001  pyHanko raises many types on broken PDFs
        raise InputError([Problem(where, 0, 0, D.NOT_A_PDF(error=type(exc).__name__))]) from None
    blocks = field_rectangles(writer.prev)
    existing = {name for name, value, _ in fields.enumerate_sig_fields(writer.prev)
                if value is None}
    if field is None:
        field = next((f for f in DEFAULT_FIELDS if f in blocks or f in existing), None) or (
            sorted(blocks)[0] if blocks else sorted(existing)[0] if existing else None)
        if field is None:
            raise InputError([Problem(where, 0, 0, D.NO_SIGNATURE_BLOCK())]) from None
    elif field not in blocks and field not in existing:
        known = sorted(set(blocks) | existing) or msg(N_("tidak ada"))
        raise InputError([Problem(where, 0, 0, D.UNKNOWN_FIELD(field=field, known=known))])
    if field not in existing:
        page, box = blocks[field]
        fields.append_signature_field(writer, SigFieldSpec(
            sig_field_name=field, on_page=page, box=tuple(box)))
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=_hanko_signer(signer),
                      timestamper=_hanko_timestamper(tsa_url) if tsa_url else None,
                      stamp_style=_stamp_or_default()).sign_pdf(writer, output=out)
    return out.getvalue(), field


def sign_rendered(data: bytes, signer: Signer, tsa_url: str | None = None) -> bytes:
    """A freshly rendered PDF signed in its own approval block (``build --sign-with``);
    a PDF without a recorded signature block (e.g. the dashboard's) is left as it is."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not field_rectangles(PdfFileReader(io.BytesIO(data), strict=False)):
        return data
    return sign_pdf(data, signer, tsa_url=tsa_url)[0]


@dataclass(frozen=True)
class PdfSignatureReport:
    """One signature of a PDF, as ``verify-pdf`` reports it."""

    field: str
    signer: str
    signing_time: str | None          # claimed by the signer
    timestamp: str | None             # proven by a verified RFC 3161 token
    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool                  # covers every byte of the file
    coverage: str
    modifications: str                # after signing: none / form filling / annotations / other
    subfilter: str
    tingkat_pades: str | None = None          # verified PAdES level (``signing.pades_level``)
    kendala_tingkat: str | None = "tanda-tangan-tidak-sah"   # why not the next level
    stempel_waktu_dokumen: str | None = None  # the document timestamp that made B-LTA
    revoked: bool = False             # the DSS proves the chain revoked by the timestamp's time

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.revoked and \
            self.modifications in (
            "NONE", "LTA_UPDATES", "FORM_FILLING")

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "ok": self.ok}


def verify_pdf(data: bytes, roots: tuple[Any, ...], tsa_roots: tuple[Any, ...] = (),
               where: str = "PDF", stamps: list | None = None) -> list[PdfSignatureReport]:
    """Every signature of the PDF, validated offline against the pinned ``roots``.
    Document timestamps count towards a signature's PAdES level; they are no signatures
    of their own — given a list ``stamps``, their reports are appended to it."""
    from asn1crypto import x509 as a509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from spbe_risk.evidence.cms_validator import _quiet_pyhanko
    from spbe_risk.signing.local import der
    from spbe_risk.signing.pades_level import pades_level

    _quiet_pyhanko()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception as exc:  # noqa: BLE001
        raise InputError([Problem(where, 0, 0, D.NOT_A_PDF(error=type(exc).__name__))]) from None
    anchors = [a509.Certificate.load(der(c)) for c in roots]
    ts_anchors = [a509.Certificate.load(der(c)) for c in tsa_roots] or anchors
    out = []
    for sig in signatures:
        context = ValidationContext(trust_roots=anchors, allow_fetching=False,
                                    revocation_mode="soft-fail")
        ts_context = ValidationContext(trust_roots=ts_anchors, allow_fetching=False,
                                       revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context,
                                            ts_validation_context=ts_context)
        except Exception as exc:  # noqa: BLE001  a damaged signature is a failed one
            out.append(PdfSignatureReport(sig.field_name, "?", None, None, False, False, False,
                                          False, "NONE", f"unreadable ({type(exc).__name__})",
                                          str(sig.sig_object.get("/SubFilter", "?"))))
            continue
        ts = status.timestamp_validity
        report = PdfSignatureReport(
            field=sig.field_name,
            signer=_subject(status.signing_cert),
            signing_time=_z(status.signer_reported_dt),
            timestamp=_z(ts.timestamp) if ts is not None and ts.intact and ts.valid
            and ts.trusted else None,
            intact=bool(status.intact), valid=bool(status.valid),
            trusted=bool(status.trusted),
            whole_file=status.coverage.name == "ENTIRE_FILE",
            coverage=status.coverage.name,
            modifications=status.modification_level.name if status.modification_level
            is not None else "UNKNOWN",
            subfilter=str(sig.sig_object.get("/SubFilter", "?")))
        level = pades_level(sig, status, report.ok, anchors, ts_anchors)
        out.append(dataclasses.replace(report, tingkat_pades=level.level,
                                       kendala_tingkat=level.shortfall,
                                       stempel_waktu_dokumen=_z(level.archive_time),
                                       revoked=level.shortfall == "sertifikat-dicabut"))
    if stamps is not None:
        from spbe_risk.signing.pades_level import document_timestamps

        stamps.extend(document_timestamps(reader, ts_anchors))
    return out


def level_produced(data: bytes, field: str, roots: tuple[Any, ...],
                   tsa_roots: tuple[Any, ...] = ()) -> PdfSignatureReport:
    """The report (with its PAdES level) of the signature in ``field``, judged exactly as
    ``verify-pdf`` judges it — what ``sign`` says it produced."""
    return next(s for s in verify_pdf(data, roots, tsa_roots) if s.field == field)


def _subject(cert: Any) -> str:
    """The signer's subject as RFC 4514 text (``CN=…,O=…``): no language in its labels,
    the same form ``approve`` and the evidence bundles show."""
    from cryptography import x509

    return name_text(x509.load_der_x509_certificate(cert.dump()).subject)


def _validation_objects(files: list[tuple[str, bytes]]) -> tuple[list, list, list]:
    """Certificates, CRLs and OCSP responses from files (PEM or DER), for the DSS."""
    from asn1crypto import crl as acrl
    from asn1crypto import ocsp as aocsp
    from asn1crypto import pem as apem
    from asn1crypto import x509 as a509

    certs: list = []
    crls: list = []
    ocsps: list = []
    for name, data in files:
        blobs = ([(kind, der) for kind, _h, der in apem.unarmor(data, multiple=True)]
                 if apem.detect(data) else [(None, data)])
        for kind, der in blobs:
            for load, bucket, want in ((a509.Certificate.load, certs, "CERTIFICATE"),
                                       (acrl.CertificateList.load, crls, "X509 CRL"),
                                       (aocsp.OCSPResponse.load, ocsps, None)):
                if kind is not None and kind != want:
                    continue
                try:
                    obj = load(der)
                    obj.native  # noqa: B018  (force a full parse)
                except Exception:  # noqa: BLE001,S112  not this kind: try the next
                    continue
                bucket.append(obj)
                break
            else:
                raise InputError([Problem(name, 0, 0, D.NOT_VALIDATION_DATA())])
    return certs, crls, ocsps


def add_validation_data(data: bytes, files: list[tuple[str, bytes]],
                        lta_tsa_url: str | None = None, where: str = "PDF") -> bytes:
    """PAdES B-LT: a later revision with a DSS holding the given validation data (offline,
    from files); with ``lta_tsa_url`` B-LTA: then a document timestamp over it all."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    certs, crls, ocsps = _validation_objects(files)
    buf = io.BytesIO(data)
    DocumentSecurityStore.add_dss(buf, None, certs=certs, crls=crls or None,
                                  ocsps=ocsps or None, force_write=True, strict=False)
    if lta_tsa_url is None:
        return buf.getvalue()
    out = io.BytesIO()
    PdfTimeStamper(_hanko_timestamper(lta_tsa_url)).timestamp_pdf(
        IncrementalPdfFileWriter(io.BytesIO(buf.getvalue()), strict=False), "sha256",
        output=out)
    return out.getvalue()
