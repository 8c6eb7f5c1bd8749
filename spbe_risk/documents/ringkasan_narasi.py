"""The executive summary's narrative: its conclusions and the decisions it asks of the
leadership, chosen from the summary's own figures.

Each item is plain data — a ``kode`` naming the sentence and the numbers or ids it
needs; the template (``_ringkasan.html.j2``, macro ``narasi``) holds the sentences, so
they come from the one catalog and read the same in both languages. An item appears only
when its figure calls for it (no "0 bundles rejected" sentence), and the decisions
follow the order of urgency a reader acts in: untreated risks above the appetite, overdue
audits, unmonitored risks, controls, evidence.

Pure: reads the summary document (``ringkasan.ringkasan_document``) only.
"""

from __future__ import annotations

from typing import Any

#: How many risks the conclusions name: the highest besaran now (kondisi terkini) among
#: the top-priority ones, so the names match the current heatmap.
DISEBUT = 3


def narasi(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``{kesimpulan: [...], keputusan: [...]}`` of a summary document."""
    return {"kesimpulan": kesimpulan(doc), "keputusan": keputusan(doc)}


def _tertinggi_terkini(doc: dict[str, Any]) -> tuple[str, int]:
    """The matrix's highest band and how many risks are in it now (kondisi terkini)."""
    top = doc["level_risiko"][-1]["nama"]
    n = next((r["terkini"] for r in doc["per_level"] if r["level"] == top), 0)
    return top, n


def kesimpulan(doc: dict[str, Any]) -> list[dict[str, Any]]:
    a, j = doc["angka"], doc["jadwal"]
    out: list[dict[str, Any]] = [
        {"kode": "risiko", "jumlah": a["jumlah_risiko"], "upr": len(doc["per_upr"]),
         "melampaui": a["perlu_penanganan"]},
        {"kode": "terkini", "melampaui": a["di_atas_selera_terkini"],
         "dipantau": a["dipantau"], "belum_dipantau": a["belum_dipantau"]},
    ]
    now = sorted(doc["teratas"], key=lambda r: (-r["terkini"]["besaran"], r["prioritas"]))
    top = [{"id": r["id"], "nama_upr": r["nama_upr"], "besaran": r["terkini"]["besaran"],
            "level": r["terkini"]["level_risiko"]} for r in now[:DISEBUT]]
    if top:
        out.append({"kode": "tertinggi", "risiko": top})
    out.append({"kode": "tanpa_rencana", "jumlah": a["tanpa_rencana"]})
    out.append({"kode": "audit", "terlambat": a["terlambat"],
                "belum_pernah": a["belum_pernah_diaudit"],
                "nasional": len(j["nasional"]), "pelaksana": j["pelaksana_nasional"]})
    if doc["cakupan"]["aset"]:
        out.append({"kode": "cakupan", "aset_tanpa_kontrol": a["aset_tanpa_kontrol"],
                    "jumlah_aset": len(doc["cakupan"]["aset"])})
    return out


def keputusan(doc: dict[str, Any]) -> list[dict[str, Any]]:
    a = doc["angka"]
    out: list[dict[str, Any]] = []
    if a["tanpa_rencana"]:
        out.append({"kode": "rencana", "jumlah": a["tanpa_rencana"],
                    "risiko": [r["id"] for r in doc["tanpa_rencana"]]})
    top, n_top = _tertinggi_terkini(doc)
    if n_top:
        out.append({"kode": "prioritas", "jumlah": n_top, "level": top})
    if a["terlambat"]:
        out.append({"kode": "audit", "jumlah": a["terlambat"],
                    "belum_pernah": a["belum_pernah_diaudit"]})
    if a["belum_dipantau"]:
        out.append({"kode": "pemantauan", "jumlah": a["belum_dipantau"]})
    if a["aset_tanpa_kontrol"]:
        out.append({"kode": "kontrol", "jumlah": a["aset_tanpa_kontrol"]})
    if a["bukti_ditolak"]:
        out.append({"kode": "bukti", "jumlah": a["bukti_ditolak"]})
    return out
