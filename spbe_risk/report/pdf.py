"""HTML → archival PDF: PDF/A-3b with the source JSON attached, byte-for-byte repeatable.

Every PDF is written by WeasyPrint with ``pdf_variant="pdf/a-3b"``; the JSON document
the page was rendered from is embedded as an associated file (``pdfdetach -list`` shows
it), so a filed PDF still carries machine-readable data. Title, author (the instansi) and
language come from the HTML (``<title>``, ``<meta name=author>``, ``<html lang>``); the
creation date is the document's own date, not the clock, and the file identifier is
derived from the content, so the same inputs give the same bytes.

Resources come only through ``fetcher.make_fetcher`` (template assets; nothing from the
network or the disk outside the templates).

Layer: shell (report).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, date, datetime, time


def html_to_pdf(html: str, source_json: str, dated: date, attachment_name: str = "data.json",
                refused: list[str] | None = None) -> bytes:
    """The PDF/A-3b bytes of ``html`` with ``source_json`` attached as ``attachment_name``."""
    try:
        from weasyprint import HTML, Attachment
    except (ImportError, OSError) as exc:      # OSError: WeasyPrint without Pango
        from spbe_risk.problems import InputError, Problem

        raise InputError([Problem("weasyprint", 0, 0, "PDF reports need WeasyPrint and Pango, "
                                  f"which cannot be loaded here ({exc}); install them (README, "
                                  "'Platforms') or leave the PDFs out (build --no-reports)")]
                         ) from None

    from spbe_risk.report.fetcher import ASSET_SCHEME, make_fetcher

    refused = [] if refused is None else refused
    logging.getLogger("weasyprint").setLevel(logging.ERROR)   # refusals are counted, not logged
    digest = hashlib.sha256(html.encode("utf-8") + b"\0" + source_json.encode("utf-8"))
    stamp = datetime.combine(dated, time(0, 0), tzinfo=UTC)
    attachment = Attachment(string=source_json, name=attachment_name,
                            description="Data sumber dokumen (JSON) / source data",
                            relationship="Source", created=stamp, modified=stamp)
    document = HTML(string=html, base_url=f"{ASSET_SCHEME}:/",
                    url_fetcher=make_fetcher(refused)).render()
    return document.write_pdf(pdf_variant="pdf/a-3b", attachments=[attachment],
                              pdf_identifier=digest.hexdigest()[:32].encode("ascii"),
                              uncompressed_pdf=False)
