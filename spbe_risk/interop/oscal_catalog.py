"""A control catalog (``controls/*.yaml``) as an OSCAL 1.1 catalog (JSON).

Groups are the catalog's functions (``fungsi``, e.g. the ayat of Pasal 27), in catalog
order; each control carries its statement as a ``statement`` part, its typical evidence
as an ``assessment-method`` part, props in our namespace for the principles (``prinsip``),
asset kinds, platform, audit area, confidence and cross-references (OWASP ASVS, ISO/IEC
27001), and a ``reference`` link to the regulation (a back-matter resource citing the
Pasal/ayat/huruf). Identifiers are uuid5 of stable names: the same catalog exports to
the same bytes for the same ``last_modified``.

Layer: shell (interop). Pure: imports the model and ``interop.ids`` only.
"""

from __future__ import annotations

from typing import Any

from spbe_risk.interop.ids import NS, OSCAL_VERSION, prop, token, uid
from spbe_risk.model import Katalog, Kontrol

#: Our reference keys → a readable OSCAL prop name.
REFERENCE_PROPS = {
    "owasp_asvs_4_0_3": "owasp-asvs-4.0.3",
    "owasp_masvs_2": "owasp-masvs-2",
    "iso_27001_2022": "iso-27001-2022-annex-a",
    "iso_27001_2022_klausul": "iso-27001-2022-clause",
    "panduan_audit_bssn": "panduan-audit-bssn",
}


def citation(source: Any) -> str:
    """``{regulasi, pasal, ayat, huruf}`` → "Peraturan … Pasal 27 ayat (1) huruf a"."""
    if not isinstance(source, dict):
        return str(source or "").strip()
    text = str(source.get("regulasi") or "").strip()
    if source.get("pasal") is not None:
        text += f" Pasal {source['pasal']}"
    if source.get("ayat") is not None:
        text += f" ayat ({source['ayat']})"
    if source.get("huruf") is not None:
        text += f" huruf {source['huruf']}"
    return text.strip()


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)] if str(value).strip() else []


class _Resources:
    """Back-matter resources, one per distinct citation, in first-use order."""

    def __init__(self, katalog_id: str):
        self.katalog_id = katalog_id
        self.by_text: dict[str, str] = {}

    def ref(self, text: str) -> str:
        if text not in self.by_text:
            self.by_text[text] = uid("resource", self.katalog_id, text)
        return self.by_text[text]

    def back_matter(self) -> dict[str, Any]:
        return {"resources": [{"uuid": u, "title": t, "citation": {"text": t},
                               "props": [prop("jenis", "regulasi")]}
                              for t, u in self.by_text.items()]}


def control(k: Kontrol, res: _Resources) -> dict[str, Any]:
    props = [prop("label", k.id, ns=None)]
    props += [prop("prinsip", p) for p in k.prinsip]
    props += [prop("berlaku-untuk", j) for j in k.berlaku_untuk]
    props += [prop("platform", p) for p in k.platform]
    if k.area_audit:
        props.append(prop("area-audit", k.area_audit))
    if k.confidence:
        props.append(prop("confidence", k.confidence))
    if k.judul_en.strip():
        props.append(prop("judul-en", k.judul_en))
    for key, value in (k.references or {}).items():
        for v in _values(value):
            props.append(prop(REFERENCE_PROPS.get(key, token(key)), v))
    out: dict[str, Any] = {"id": token(k.id, "k"), "class": "spbe-kontrol",
                           "title": " ".join(k.judul.split()), "props": props}
    cite = citation(k.source)
    if cite:
        out["links"] = [{"href": f"#{res.ref(cite)}", "rel": "reference", "text": cite}]
    parts: list[dict[str, Any]] = []
    if k.pernyataan.strip():
        parts.append({"id": token(f"{k.id}_smt", "k"), "name": "statement",
                      "prose": k.pernyataan.strip()})
    if k.bukti_umum:
        parts.append({"id": token(f"{k.id}_asm-examine", "k"), "name": "assessment-method",
                      "props": [prop("method", "EXAMINE", ns=None)],
                      "parts": [{"name": "assessment-objects",
                                 "prose": "\n".join(f"- {b}" for b in k.bukti_umum)}]})
    if parts:
        out["parts"] = parts
    return out


def catalog(kat: Katalog, last_modified: str, version: str) -> dict[str, Any]:
    """The OSCAL document ``{"catalog": …}`` for one catalog.

    ``last_modified`` is an RFC 3339 date-time with offset (the caller's clock or a fixed
    value for reproducible output); ``version`` the document version (ours).
    """
    res = _Resources(kat.id)
    groups: dict[str, list[Kontrol]] = {}
    for k in kat.kontrol:
        groups.setdefault(k.fungsi or "Lainnya", []).append(k)
    metadata: dict[str, Any] = {
        "title": " ".join(kat.nama.split()),
        "last-modified": last_modified,
        "version": version,
        "oscal-version": OSCAL_VERSION,
        "props": [prop("katalog-id", kat.id), prop("confidence", kat.confidence or "unknown")],
    }
    if kat.dasar_hukum.strip():
        metadata["links"] = [{"href": f"#{res.ref(kat.dasar_hukum.strip())}", "rel": "reference",
                              "text": " ".join(kat.dasar_hukum.split())}]
    if kat.catatan.strip():
        metadata["remarks"] = kat.catatan.strip()
    doc: dict[str, Any] = {
        "uuid": uid("catalog", kat.id, version),
        "metadata": metadata,
        "groups": [{"id": token(f"fungsi-{i}", "g"), "class": "fungsi", "title": name,
                    "props": [prop("fungsi", name)],
                    "controls": [control(k, res) for k in items]}
                   for i, (name, items) in enumerate(groups.items(), 1)],
    }
    if res.by_text:
        doc["back-matter"] = res.back_matter()
    return {"catalog": doc}


__all__ = ["NS", "catalog", "citation", "control"]
