"""A very large Formulir in bounded memory: its risk table rendered in parts, then joined.

WeasyPrint keeps the whole box tree of a document until the PDF is written, and one huge
table costs more than its pages (10,000 risks in one UPR: 16 minutes, 5.5 GiB). So above
:data:`BATAS` risks a Formulir whose rows are ``doc["risiko"]`` (3.0, 4.0) is rendered as
parts of about :data:`PER_BAGIAN` risks, one at a time, each laid out, written and dropped
before the next:

* every part repeats the table's header row on every page (``thead``) and the column
  widths of the whole table (``semua_id``: the id column fits the longest id of all);
  in Formulir 5.0, whose rows sit in one table per monitoring report (``laporan``), a
  report continued from the part before keeps its table without repeating its heading;
* the first part carries the letterhead and the UPR header, the last the risk map and the
  signature blocks (kept with the last rows by the stylesheet, as in one piece), and the
  "Dibuat dengan spbe-risk" line; later parts keep the letterhead's words invisibly, so
  the running footer (instansi — title) reads the same on every page;
* "Halaman X dari Y" is drawn once for the whole document: a page-number document of as
  many empty pages is laid out (cheap) and each of its pages is placed on its page of the
  joined file as a form XObject — same page box, font and position as in one piece.

The joined file keeps the first part's catalogue whole: PDF/A-3b output intent and XMP,
the document information (title, author, dates, the signature blocks' rectangles with
their page in the whole document) and ``data.json`` — the entire document, not a part.
Pages of later parts are imported with pyHanko (already a dependency, for signing); its
metadata update is skipped so that the same inputs still give the same bytes.

Layer: shell (report).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from io import BytesIO
from typing import Any

from spbe_risk.report import pdf

#: Above this many rows a Formulir is rendered in parts (below: in one piece, as always).
BATAS = 500
#: Rows per part (parts are balanced: 1,001 rows → 5 parts of 200 or 201).
PER_BAGIAN = 250
#: Templates whose rows are ``doc["risiko"]`` and that know ``bagian``/``semua_id``.
TEMPLATES = frozenset({"formulir-3.0.html.j2", "formulir-4.0.html.j2"})
#: The template whose rows are ``doc["laporan"][i]["risiko"]`` (also ``lanjutan``).
PER_LAPORAN = "formulir-5.0.html.j2"
#: Resource name of the page-number XObject on every joined page.
_NOMOR = "/SpbeHalaman"


def applies(template: str, doc: dict[str, Any], batas: int = BATAS) -> bool:
    """Whether ``doc`` is rendered in parts by ``template``."""
    return template in (*TEMPLATES, PER_LAPORAN) and len(_rows(template, doc)) > batas


def _rows(template: str, doc: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The table rows of ``doc`` in order, each with its monitoring report's index (0 for
    the single table of 3.0 and 4.0)."""
    if template == PER_LAPORAN:
        return [(i, r) for i, lap in enumerate(doc.get("laporan") or ())
                for r in lap.get("risiko") or ()]
    return [(0, r) for r in doc.get("risiko") or ()]


def _part(template: str, doc: dict[str, Any], rows: list[tuple[int, dict[str, Any]]],
          a: int, b: int, ids: dict[int, list[str]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document of rows ``[a, b)`` and the template variables beyond it."""
    if template != PER_LAPORAN:
        return {**doc, "risiko": [r for _, r in rows[a:b]]}, {"semua_id": ids[0]}
    laporan = []
    for i, lap in enumerate(doc["laporan"]):
        mine = [r for j, r in rows[a:b] if j == i]
        if not mine:
            continue
        part = {**lap, "risiko": mine, "semua_id": ids[i]}
        if a > 0 and rows[a - 1][0] == i and mine[0] is rows[a][1]:
            part["lanjutan"] = True                 # its heading is in the part before
        laporan.append(part)
    return {**doc, "laporan": laporan}, {}


def bounds(n: int, per: int) -> list[tuple[int, int]]:
    """``[start, end)`` of each part of ``n`` rows, parts of at most ``per``, balanced."""
    k = max(1, -(-n // per))
    return [(n * i // k, n * (i + 1) // k) for i in range(k)]


def part_htmls(template: str, doc: dict[str, Any], lang: str, per: int = PER_BAGIAN,
               **extra: Any) -> tuple[int, Callable[[int], str]]:
    """How many parts ``doc`` has and the HTML of part ``i`` — what ``render_pdf_parts``
    lays out (also what a benchmark's bare render must be given to compare like with like)."""
    from spbe_risk.report.templates import render

    rows = _rows(template, doc)
    parts = bounds(len(rows), per)
    ids: dict[int, list[str]] = {}
    for i, r in rows:
        ids.setdefault(i, []).append(r["id"])

    def html(i: int) -> str:
        part, more = _part(template, doc, rows, *parts[i], ids)
        return render(template, lang, doc=part,
                      bagian={"pertama": i == 0, "terakhir": i == len(parts) - 1},
                      **more, **extra)

    return len(parts), html


def render_pdf_parts(template: str, doc: dict[str, Any], lang: str, source_json: str,
                     refused: list[str] | None = None, per: int = PER_BAGIAN,
                     **extra: Any) -> bytes:
    """``doc`` by ``template`` as one PDF/A-3b file, rendered in parts of ``per`` rows,
    with ``source_json`` (the whole document) attached."""
    digest = hashlib.sha256(source_json.encode("utf-8"))
    count, part_html = part_htmls(template, doc, lang, per, **extra)
    parts = range(count)

    def html(i: int) -> str:
        text = part_html(i)
        digest.update(b"\0" + text.encode("utf-8"))
        return text

    # Later parts first: the first part is written last, once the page of every
    # signature block in the whole document is known (its information dictionary names it).
    later: list[bytes] = []
    fields: dict[str, tuple[int, pdf.Rect]] = {}
    offset = 0                                      # pages of later parts so far
    for i in range(1, len(parts)):
        document = pdf.layout(html(i), refused)
        for key, (page, rect) in pdf.signature_fields(document).items():
            fields.setdefault(key, (offset + page, rect))
        offset += len(document.pages)
        later.append(pdf.write(document, {}, "0" * 32, None))
        del document                                # the layout goes before the next part
    document = pdf.layout(html(0), refused)
    first_pages = len(document.pages)
    whole = {k: (first_pages + p, r) for k, (p, r) in fields.items()}
    whole.update(pdf.signature_fields(document))
    identifier = digest.hexdigest()[:32]
    first = pdf.write(document, whole, identifier,
                      pdf.attachment(source_json, date.fromisoformat(doc["tanggal_dokumen"])))
    del document
    total = first_pages + offset
    numbers = pdf.write(pdf.layout(_numbers_html(total, lang, extra.get("orientation")),
                                   refused), {}, "0" * 32, None)
    return join(first, later, numbers, identifier)


def _numbers_html(total: int, lang: str, orientation: str | None) -> str:
    """``total`` empty pages with the reports' page box and only "Halaman X dari Y"."""
    from spbe_risk.report.templates import environment

    source = ('{% from "_halaman.html.j2" import aturan_halaman %}<!DOCTYPE html>'
              '<html lang="{{ lang }}"><head><meta charset="utf-8"><title>-</title><style>'
              '{{ stylesheet() }}{{ aturan_halaman(orientation, kiri=False) }}'
              ' .hlm + .hlm { break-before: page; }</style></head><body>'
              '{% for _i in range(total) %}<div class="hlm"></div>{% endfor %}</body></html>')
    return environment(lang).from_string(source).render(
        total=total, orientation=orientation or "landscape")


def join(first: bytes, later: list[bytes], numbers: bytes, identifier: str) -> bytes:
    """``first`` with the pages of every ``later`` file appended and page ``i`` of
    ``numbers`` drawn over page ``i`` — the catalogue, metadata and attachments of
    ``first`` kept as they are; ``identifier`` the file identifier."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(BytesIO(first)))
    # pyHanko would stamp ModDate "now" and rewrite the XMP; PDF/A wants the XMP and the
    # information dictionary to agree, and the same inputs must give the same bytes.
    writer._update_meta = lambda: None                  # type: ignore[method-assign]
    ident = generic.ByteStringObject(identifier.encode("ascii"))
    writer._document_id = generic.ArrayObject([ident, ident])
    tree_ref = writer.root.raw_get("/Pages")
    tree = tree_ref.get_object()
    kids = tree["/Kids"]
    for data in later:
        for page_ref in _import_pages(writer, PdfFileReader(BytesIO(data))):
            page_ref.get_object()[generic.NameObject("/Parent")] = tree_ref
            kids.append(page_ref)
    tree[generic.NameObject("/Count")] = generic.NumberObject(len(kids))
    stamps = _import_pages(writer, PdfFileReader(BytesIO(numbers)))
    if len(stamps) != len(kids):
        raise AssertionError(f"page numbers for {len(stamps)} pages, document has {len(kids)}")
    head = writer.add_object(generic.StreamObject(stream_data=b"q\n"))
    tail = writer.add_object(generic.StreamObject(
        stream_data=f"\nQ q {_NOMOR} Do Q\n".encode("ascii")))
    for page_ref, stamp_ref in zip(kids, stamps, strict=True):
        _stamp(writer, page_ref.get_object(), stamp_ref.get_object(), head, tail)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _import_pages(writer: Any, reader: Any) -> list[Any]:
    """The pages of ``reader`` copied into ``writer`` in one import (resources and fonts
    shared between its pages are copied once), without their parent in ``reader``."""
    from pyhanko.pdf_utils import generic

    kids = reader.root["/Pages"]["/Kids"]
    for ref in kids:
        page = ref.get_object()
        if "/Kids" in page:                   # WeasyPrint writes a flat page tree
            raise ValueError("nested page tree")
        del page["/Parent"]
    imported = writer.import_object(kids)
    return [ref for ref in imported if isinstance(ref, generic.IndirectObject)]


def _stamp(writer: Any, page: Any, stamp: Any, head: Any, tail: Any) -> None:
    """Draw ``stamp`` (a page of the page-number document) over ``page`` as a form
    XObject; the page's own drawing is wrapped in q/Q so that it cannot move the stamp."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    content = stamp["/Contents"]
    if isinstance(content, generic.ArrayObject):
        data = b"".join(part.get_object().data for part in content)
    else:
        data = content.data
    form = generic.StreamObject({name("/Type"): name("/XObject"),
                                 name("/Subtype"): name("/Form"),
                                 name("/BBox"): stamp["/MediaBox"],
                                 name("/Resources"): stamp.raw_get("/Resources")},
                                stream_data=data)
    form.compress()
    resources = generic.DictionaryObject(page["/Resources"])
    xobjects = generic.DictionaryObject(resources.get("/XObject", {}))
    xobjects[name(_NOMOR)] = writer.add_object(form)
    resources[name("/XObject")] = xobjects
    page[name("/Resources")] = resources
    own = page.raw_get("/Contents")
    own = list(own) if isinstance(own, generic.ArrayObject) else [own]
    page[name("/Contents")] = generic.ArrayObject([head, *own, tail])
