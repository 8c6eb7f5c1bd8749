"""The signed LHAK agrees with the bundle it is in (issue 23 §5).

``seal --with-report`` embeds the LHAK's source document as ``data.json`` in the PDF
(PDF/A-3 associated file). ``report_disagreement`` reads it back from
``data/report/lhak.pdf`` and compares it with the document this version builds from
the bundle's own ``audit.json`` and manifest digests (``documents.lhak.lhak_document``),
taking from the embedded document only the *names* the workspace supplied when it was
rendered (instansi, the asset's name and kind, control titles, the place of signing).
Every fact that comes from the audit — conclusions, findings, scope, auditor, evidence
and its SHA-256 — must be equal; only the title (its language) may differ.

A PDF whose visible text differs from its own attached data is not detected here (that
needs the renderer); the seal only signs reports it rendered itself.

Layer: shell (evidence). Reads bytes it is given; pyHanko's PDF reader parses.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Mapping
from typing import Any

from spbe_risk.messages import N_, at, msg

#: The attached JSON is a few KiB per control; more than this is not one of ours.
MAX_DATA = 16 << 20
#: Keys that may differ: the title is translated into the report's language.
LANGUAGE_KEYS = frozenset({"judul"})


class ReportDataError(Exception):
    """The report's attached data is missing, unreadable or not an LHAK document;
    ``reason`` is a message the shell renders in the reader's language."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def embedded_data(pdf: bytes, name: str = "data.json") -> dict[str, Any]:
    """The JSON document attached to ``pdf`` as ``name`` (inflated with a size cap)."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        root = PdfFileReader(io.BytesIO(pdf), strict=False).root
        spec = _find(root["/Names"]["/EmbeddedFiles"], name, depth=0)
        stream = spec["/EF"]["/F"]
        raw = _inflate(stream.encoded_data, stream.get("/Filter"))
    except ReportDataError:
        raise
    except Exception as exc:  # noqa: BLE001  hostile or foreign PDF structure
        raise ReportDataError(msg(N_("tidak memuat lampiran %(name)s yang dapat dibaca "
                                    "(%(error)s)"), name=name, error=type(exc).__name__)
                              ) from None
    try:
        doc = json.loads(raw)
    except ValueError:
        raise ReportDataError(msg(N_("lampiran %(name)s-nya bukan JSON"), name=name)) from None
    if not isinstance(doc, dict) or doc.get("schema") != "spbe-risk/lhak":
        raise ReportDataError(msg(N_("lampiran %(name)s-nya bukan dokumen LHAK"), name=name))
    return doc


def _find(tree: Any, name: str, depth: int) -> Any:
    if depth > 8:
        raise ReportDataError(msg(N_("pohon nama lampirannya terlalu dalam")))
    names = tree.get("/Names") if hasattr(tree, "get") else None
    if names is not None:
        for i in range(0, len(names) - 1, 2):
            if str(names[i]) == name:
                return names[i + 1]
    for kid in (tree.get("/Kids") or []) if hasattr(tree, "get") else []:
        try:
            return _find(kid, name, depth + 1)
        except KeyError:
            continue
    raise KeyError(name)


def _inflate(data: bytes, filt: Any) -> bytes:
    filters = [str(f) for f in filt] if isinstance(filt, list) else [str(filt)] if filt else []
    if filters == []:
        out = data
    elif filters == ["/FlateDecode"]:
        d = zlib.decompressobj()
        out = d.decompress(data, MAX_DATA + 1)
    else:
        raise ReportDataError(msg(N_("data lampirannya memakai filter tak terduga %(filters)s"),
                                  filters=filters))
    if len(out) > MAX_DATA:
        raise ReportDataError(msg(N_("data lampirannya lebih besar dari %(n)d bita"),
                                  n=MAX_DATA))
    return out


def report_disagreement(embedded: Mapping[str, Any], audit: Mapping[str, Any],
                        files: list[dict[str, Any]]) -> str | None:
    """Where the embedded LHAK document differs from the one ``audit`` and the evidence
    ``files`` (``{path, bytes, sha256}``) give, as one line; None when they agree."""
    from spbe_risk.audit.konklusi import AREA
    from spbe_risk.documents.lhak import lhak_document

    # the control names and each control's audit area are the workspace's (catalogs),
    # shown in the report as they were when it was rendered
    code_of = {label: code for code, label in AREA.items()}
    area = {e.get("kontrol"): code_of.get(e.get("area"), "")
            for e in _list(_get(embedded, "konklusi", "kontrol")) if isinstance(e, Mapping)}
    names = {k.get("id"): {**k, "area_audit": area.get(k.get("id"), "")}
             for k in _list(_get(embedded, "ruang_lingkup", "kontrol"))
             if isinstance(k, Mapping)}
    aset = embedded.get("aset") if isinstance(embedded.get("aset"), Mapping) else None
    instansi = embedded.get("instansi")
    expected = lhak_document(audit, files, instansi=instansi if isinstance(instansi, str)
                             else None, aset=aset, kontrol=names,
                             tempat=str(embedded.get("tempat") or ""))
    return _first_difference(embedded, expected, "")


def _get(doc: Any, *keys: str) -> Any:
    for k in keys:
        doc = doc.get(k) if isinstance(doc, Mapping) else None
    return doc


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _first_difference(found: Any, expected: Any, where: str) -> str | None:
    if isinstance(expected, Mapping) and isinstance(found, Mapping):
        for key in sorted(set(expected) | set(found)):
            if not where and key in LANGUAGE_KEYS:
                continue
            inner = f"{where}.{key}" if where else key
            if key not in found or key not in expected:
                return at(inner, msg(N_("laporan tidak memuatnya")) if key not in found
                          else msg(N_("laporan menambahkannya")))
            got = _first_difference(found[key], expected[key], inner)
            if got:
                return got
        return None
    if isinstance(expected, list) and isinstance(found, list):
        if len(found) != len(expected):
            return at(where, msg(N_("laporan mencantumkan %(found)d tetapi bundel memberi "
                                    "%(expected)d"), found=len(found), expected=len(expected)))
        for i, (f, e) in enumerate(zip(found, expected, strict=True)):
            got = _first_difference(f, e, f"{where}[{i}]")
            if got:
                return got
        return None
    if found != expected:
        return at(where, msg(N_("laporan menyebut %(found)s tetapi bundel menyebut "
                                "%(expected)s"), found=repr(found), expected=repr(expected)))
    return None
