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
from typing import Any


def html_to_pdf(html: str, source_json: str, dated: date, attachment_name: str = "data.json",
                refused: list[str] | None = None) -> bytes:
    """The PDF/A-3b bytes of ``html`` with ``source_json`` attached as ``attachment_name``."""
    digest = hashlib.sha256(html.encode("utf-8") + b"\0" + source_json.encode("utf-8"))
    document = layout(html, refused)
    return write(document, signature_fields(document), digest.hexdigest()[:32],
                 attachment(source_json, dated, attachment_name))


def layout(html: str, refused: list[str] | None = None) -> Any:
    """``html`` laid out in pages by WeasyPrint (a ``weasyprint.Document``); resources only
    through the safe fetcher, refusals appended to ``refused``."""
    HTML = _weasyprint().HTML
    from spbe_risk.report.fetcher import ASSET_SCHEME, make_fetcher

    refused = [] if refused is None else refused
    logging.getLogger("weasyprint").setLevel(logging.ERROR)   # refusals are counted, not logged
    return HTML(string=html, base_url=f"{ASSET_SCHEME}:/",
                url_fetcher=make_fetcher(refused)).render()


def attachment(source_json: str, dated: date, name: str = "data.json") -> Any:
    """The source data as a PDF/A-3 associated file, dated by the document, not the clock."""
    stamp = datetime.combine(dated, time(0, 0), tzinfo=UTC)
    return _weasyprint().Attachment(string=source_json, name=name,
                                    description="Data sumber dokumen (JSON) / source data",
                                    relationship="Source", created=stamp, modified=stamp)


def write(document: Any, fields: dict[str, tuple[int, Rect]], identifier: str,
          attached: Any | None) -> bytes:
    """A laid-out document as PDF/A-3b bytes: ``fields`` (signature blocks) named in the
    document information, ``identifier`` (32 hex digits) as the file identifier."""
    if fields:
        # only our key: WeasyPrint would otherwise copy every custom <meta> (viewport…)
        document.metadata.custom = {FIELDS_KEY: format_fields(fields)}
    return document.write_pdf(pdf_variant="pdf/a-3b",
                              attachments=[attached] if attached is not None else [],
                              pdf_identifier=identifier.encode("ascii"),
                              uncompressed_pdf=False, custom_metadata=bool(fields))


def _weasyprint() -> Any:
    """The ``weasyprint`` module, or a clean input error where it cannot be loaded."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:      # OSError: WeasyPrint without Pango
        from spbe_risk.problems import InputError, Problem
        from spbe_risk.report.diagnostics import NO_WEASYPRINT

        raise InputError([Problem("weasyprint", 0, 0, NO_WEASYPRINT(error=str(exc)))]) from None
    return weasyprint


#: Document-information key naming the signature blocks' rectangles (``sign`` reads it).
FIELDS_KEY = "SPBESignatureFields"
#: Id prefix of a signature block (the templates' contract: ``id="ttd-<peran>"``).
FIELD_PREFIX = "ttd-"

Rect = tuple[float, float, float, float]


def signature_fields(document: object) -> dict[str, tuple[int, Rect]]:
    """Every element whose id starts with ``ttd-``: its page (0-based) and rectangle in
    PDF points from the page's lower-left corner (x1, y1, x2, y2) — read from the laid-out
    box tree, so it holds whatever the templates look like."""
    found: dict[str, tuple[int, Rect]] = {}
    for index, page in enumerate(document.pages):          # type: ignore[attr-defined]
        height = page.height
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if ident and ident.startswith(FIELD_PREFIX) and ident not in found \
                    and getattr(box, "element_tag", None) == element.tag:
                box = _space_inside(box) or box     # the blank space for the signature
                x, y = box.border_box_x(), box.border_box_y()
                w, h = box.border_width(), box.border_height()
                pt = 0.75                                   # CSS px → PDF points
                found[ident] = (index, (round(x * pt, 2), round((height - y - h) * pt, 2),
                                        round((x + w) * pt, 2), round((height - y) * pt, 2)))
            stack.extend(reversed(list(getattr(box, "children", []))))
    return found


def _space_inside(block: object) -> object | None:
    """The block's descendant of class ``ruang-ttd`` (the blank space a signature goes
    in), when the block has one with a size."""
    stack = list(getattr(block, "children", []))
    while stack:
        box = stack.pop(0)
        element = getattr(box, "element", None)
        if element is not None and "ruang-ttd" in (element.get("class") or "").split() \
                and box.border_width() > 0 and box.border_height() > 0:
            return box
        stack.extend(getattr(box, "children", []))
    return None


def format_fields(fields: dict[str, tuple[int, Rect]]) -> str:
    """``id:page:x1,y1,x2,y2`` joined by ``;`` (sorted: the same document, the same bytes)."""
    return ";".join(f"{k}:{p}:{','.join(f'{v:g}' for v in r)}"
                    for k, (p, r) in sorted(fields.items()))


def parse_fields(text: str) -> dict[str, tuple[int, Rect]]:
    """The inverse of :func:`format_fields`; malformed parts are skipped."""
    out: dict[str, tuple[int, Rect]] = {}
    for part in text.split(";"):
        try:
            name, page, rect = part.split(":")
            x1, y1, x2, y2 = (float(v) for v in rect.split(","))
            out[name] = (int(page), (x1, y1, x2, y2))
        except ValueError:
            continue
    return out
