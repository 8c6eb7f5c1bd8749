"""Render the audit report (LHAK, Laporan Hasil Audit TIK or Laporan Pelaksanaan Audit
Internal, by who audited) of an evidence folder: workspace context → document → PDF/A-3b bytes.

The document itself is built by ``documents.lhak`` (pure); this module only gathers what
the workspace knows (instansi, the asset's name, control titles, the place of signing)
and renders ``lhak.html.j2`` in portrait through ``writer.render_pdf``. With no
workspace the control titles come from the shipped catalogs and the instansi defaults to
the auditing organisation.

The title is translated into the report's language here, so the PDF's header, its
metadata title and the attached JSON agree.

Layer: shell (report).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

TEMPLATE = "lhak.html.j2"


@dataclass(frozen=True)
class LhakContext:
    """What the workspace (or the shipped catalogs) say about an audit's names."""

    instansi: str | None = None
    aset: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    kontrol: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    tempat: str = ""


def context_from(ws=None, katalog=None) -> LhakContext:  # noqa: ANN001
    """Names from a loaded ``Workspace`` (``ws``), else from catalogs alone (``katalog``,
    default the shipped ones)."""
    if ws is None:
        if katalog is None:
            from spbe_risk.sources import load_shipped_catalogs

            katalog = load_shipped_catalogs()
        return LhakContext(kontrol=_kontrol(katalog))
    signers = ws.konteks.extra.get("penandatangan", {}).get("*", {})
    return LhakContext(instansi=ws.konteks.instansi,
                       aset={a.id: {"id": a.id, "nama": a.nama, "jenis": a.jenis}
                             for a in ws.aset},
                       kontrol=_kontrol(ws.katalog),
                       tempat=str(signers.get("tempat") or ""))


def _kontrol(katalog) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {k.id: {"judul": k.judul, "judul_en": k.judul_en, "katalog": kat.id,
                   "area_audit": k.area_audit, "confidence": k.confidence or kat.confidence}
            for kat in katalog for k in kat.kontrol}


def lhak_for(audit: Mapping[str, Any], bukti_files: Sequence[Mapping[str, Any]], lang: str,
             ctx: LhakContext, draft: bool | None = None) -> dict[str, Any]:
    """The LHAK document of ``audit`` in ``lang`` (only the title depends on it)."""
    from spbe_risk.documents.lhak import lhak_document
    from spbe_risk.report.i18n import gettext_for

    _ = gettext_for(lang)
    doc = lhak_document(audit, bukti_files, instansi=ctx.instansi,
                        aset=ctx.aset.get(str(audit.get("aset"))), kontrol=ctx.kontrol,
                        tempat=ctx.tempat, draft=draft)
    doc["judul"] = _(doc["judul"])          # one of documents.lhak's titles, by who audited
    return doc


def render_lhak(audit: Mapping[str, Any], bukti_files: Sequence[Mapping[str, Any]], lang: str,
                ctx: LhakContext, draft: bool | None = None,
                refused: list[str] | None = None) -> tuple[dict[str, Any], bytes]:
    """``(document, PDF bytes)``; the same inputs give the same bytes."""
    from spbe_risk.report.writer import render_pdf

    doc = lhak_for(audit, bukti_files, lang, ctx, draft)
    return doc, render_pdf(TEMPLATE, doc, lang, refused=refused, orientation="portrait")
