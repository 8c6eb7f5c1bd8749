"""Our catalogs and risk matrix as a CISO Assistant library (YAML object tree).

The library follows the format of CISO Assistant's shipped libraries
(``backend/library/libraries/*.yaml`` in intuitem/ciso-assistant-community): top-level
``urn``, ``locale``, ``ref_id``, ``name``, ``description``, ``copyright``, ``version``,
``provider``, ``packager`` and ``objects`` holding

- ``reference_controls``: one per control (``category`` from the BSSN audit area: TK tata
  kelola → policy, MK manajemen keamanan → process, FK fungsionalitas keamanan →
  technical), with the typical evidence;
- ``frameworks``: one framework whose requirement nodes are catalog → fungsi → control
  (only controls are assessable), each control linked to its reference control;
- ``risk_matrices``: the workspace's matrix with ``probability``, ``impact`` and ``risk``
  lists, the ``grid`` (rows by probability, columns by impact, cells = risk index) and
  hex colours for the bands.

URNs are lower-case and unique (the loader lower-cases them and keys objects by them).

Layer: shell (interop). Pure: imports the model only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from spbe_risk.model import Katalog, Matriks

PROVIDER = "spbe-risk"
CATEGORY = {"TK": "policy", "MK": "process", "FK": "technical"}
#: The regulation's band colour names → hex (the usual office-suite shades).
HEX = {"biru": "#0070C0", "hijau": "#00B050", "kuning": "#FFFF00", "jingga": "#FFC000",
       "merah": "#FF0000"}
_URN_BAD = re.compile(r"[^a-z0-9._\-]+")


def urn_part(text: str) -> str:
    return _URN_BAD.sub("-", text.lower()).strip("-") or "x"


def urn(kind: str, *parts: str) -> str:
    return ":".join(["urn", PROVIDER, "risk", kind, *(urn_part(p) for p in parts)])


def _clean(text: str) -> str:
    return " ".join(str(text or "").split())


def reference_controls(katalog: Sequence[Katalog]) -> list[dict[str, Any]]:
    out = []
    for kat in katalog:
        for k in kat.kontrol:
            rc: dict[str, Any] = {"urn": urn("function", kat.id, k.id), "ref_id": k.id,
                                  "name": _clean(k.judul), "description": _clean(k.pernyataan)}
            if k.area_audit in CATEGORY:
                rc["category"] = CATEGORY[k.area_audit]
            if k.bukti_umum:
                rc["typical_evidence"] = "\n".join(f"- {b}" for b in k.bukti_umum)
            if k.judul_en.strip():
                rc["translations"] = {"en": {"name": _clean(k.judul_en)}}
            out.append(rc)
    return out


def framework(katalog: Sequence[Katalog], ref_id: str, name: str) -> dict[str, Any]:
    fw_urn = urn("framework", ref_id)
    nodes: list[dict[str, Any]] = []

    def node_urn(*parts: str) -> str:
        return urn("req_node", ref_id, *parts)

    for kat in katalog:
        kat_urn = node_urn(kat.id)
        nodes.append({"urn": kat_urn, "assessable": False, "depth": 1, "ref_id": kat.id,
                      "name": _clean(kat.nama),
                      "description": _clean(f"{kat.dasar_hukum}. Confidence: {kat.confidence}.")})
        fungsi: dict[str, str] = {}
        for k in kat.kontrol:
            f = k.fungsi or "Lainnya"
            if f not in fungsi:
                fungsi[f] = node_urn(kat.id, f"fungsi-{len(fungsi) + 1}")
                nodes.append({"urn": fungsi[f], "assessable": False, "depth": 2,
                              "parent_urn": kat_urn, "name": _clean(f)})
            n: dict[str, Any] = {"urn": node_urn(kat.id, k.id), "assessable": True, "depth": 3,
                                 "parent_urn": fungsi[f], "ref_id": k.id, "name": _clean(k.judul),
                                 "description": _clean(k.pernyataan),
                                 "reference_controls": [urn("function", kat.id, k.id)]}
            if k.prinsip:
                n["annotation"] = "Prinsip: " + ", ".join(k.prinsip)
            if k.bukti_umum:
                n["typical_evidence"] = "\n".join(f"- {b}" for b in k.bukti_umum)
            nodes.append(n)
    return {"urn": fw_urn, "ref_id": ref_id, "name": name,
            "description": "Kontrol keamanan SPBE: " + "; ".join(_clean(k.nama) for k in katalog),
            "requirement_nodes": nodes}


def _band_index(mx: Matriks, value: int) -> int:
    for i, band in enumerate(mx.level_risiko):
        if band.min <= value <= band.max:
            return i
    raise ValueError(f"besaran {value} is in no level band of {mx.id}")


def risk_matrix(mx: Matriks) -> dict[str, Any]:
    def levels(names: Sequence[str]) -> list[dict[str, Any]]:
        return [{"id": i, "abbreviation": str(i + 1), "name": f"{i + 1} - {n}",
                 "description": n} for i, n in enumerate(names)]

    return {
        "urn": urn("matrix", mx.id), "ref_id": mx.id, "name": _clean(mx.nama),
        "description": _clean(mx.source) or _clean(mx.nama),
        "probability": levels(mx.kemungkinan),
        "impact": levels(mx.dampak),
        "risk": [{"id": i, "abbreviation": str(i + 1), "name": b.nama,
                  "description": f"Besaran {b.min}–{b.max}", "hexcolor": HEX.get(b.warna, "#808080")}
                 for i, b in enumerate(mx.level_risiko)],
        "grid": [[_band_index(mx, v) for v in row] for row in mx.besaran],
    }


def library(katalog: Sequence[Katalog], matrices: Sequence[Matriks], version: int,
            ref_id: str = "spbe-risk-kontrol-keamanan") -> dict[str, Any]:
    """The whole library document (dump it with ``yaml.safe_dump``)."""
    name = "Kontrol keamanan SPBE dan matriks risiko (spbe-risk)"
    return {
        "urn": urn("library", ref_id),
        "locale": "id",
        "ref_id": ref_id,
        "name": name,
        "description": "Katalog kontrol Peraturan BSSN 4/2021 (dan katalog draf) serta matriks "
                       "analisis risiko PermenPANRB 5/2020, diekspor oleh spbe-risk. Pemetaan "
                       "prinsip adalah pemetaan proyek, bukan regulasi.",
        "copyright": "Teks kontrol dirumuskan ulang oleh proyek spbe-risk; regulasi © Pemerintah "
                     "Republik Indonesia.",
        "version": version,
        "provider": PROVIDER,
        "packager": PROVIDER,
        "translations": {"en": {"name": "SPBE security controls and risk matrix (spbe-risk)",
                                "description": "BSSN Regulation 4/2021 control catalogs (and "
                                               "draft catalogs) and the PermenPANRB 5/2020 risk "
                                               "matrix, exported by spbe-risk."}},
        "objects": {
            "reference_controls": reference_controls(katalog),
            "frameworks": [framework(katalog, ref_id, name)],
            "risk_matrices": [risk_matrix(m) for m in matrices],
        },
    }
