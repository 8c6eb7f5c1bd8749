"""The control-catalog document (``controls list``/``show``).

Plain data built from the model; imports the model and ``base``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spbe_risk.documents.base import N_, Document
from spbe_risk.messages import msg
from spbe_risk.model import Katalog, Kontrol

CONTROL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", N_("Kode")), ("katalog", N_("Katalog")), ("judul", N_("Judul")),
    ("fungsi", N_("Fungsi")), ("prinsip", N_("Prinsip")), ("berlaku_untuk", N_("Berlaku untuk")),
    ("area_audit", N_("Area audit")), ("confidence", N_("Keyakinan")),
)


def kontrol_json(k: Kontrol) -> dict:
    return {"id": k.id, "katalog": k.katalog, "judul": k.judul, "judul_en": k.judul_en,
            "pernyataan": k.pernyataan, "panduan": k.panduan or None, "fungsi": k.fungsi,
            "prinsip": list(k.prinsip),
            "berlaku_untuk": list(k.berlaku_untuk), "platform": list(k.platform),
            "area_audit": k.area_audit, "bukti_umum": list(k.bukti_umum),
            "source": dict(k.source), "confidence": k.confidence,
            "references": dict(k.references)}


def controls_document(katalog: Sequence[Katalog], catalog_id: str | None,
                      principle: str | None, kind: str | None) -> Document:
    chosen = [k for kat in katalog if catalog_id in (None, kat.id) for k in kat.kontrol
              if (principle is None or principle in k.prinsip)
              and (kind is None or kind in k.berlaku_untuk)]
    return Document(
        title=N_("Katalog Kontrol Keamanan SPBE"),
        columns=CONTROL_COLUMNS,
        rows=lambda: [{**kontrol_json(k), "prinsip": ", ".join(k.prinsip),
                       "berlaku_untuk": ", ".join(k.berlaku_untuk)} for k in chosen],
        data=lambda: {"schema": "spbe-risk/controls", "schema_version": 1,
                      "katalog": [{"id": kat.id, "nama": kat.nama, "dasar_hukum": kat.dasar_hukum,
                                   "confidence": kat.confidence} for kat in katalog
                                  if catalog_id in (None, kat.id)],
                      "kontrol": [kontrol_json(k) for k in chosen]},
        colour_column="",
        priority=("id", "judul", "prinsip", "fungsi", "berlaku_untuk", "area_audit", "katalog",
                  "confidence"),
        footer=msg(N_("%(n)d kontrol"), n=len(chosen)),
        word_columns=("prinsip", "berlaku_untuk"),
        english_columns={"judul": "judul_en"},
    )
