"""Control catalogs (``controls/*.yaml``) → ``Katalog``; control ids unique across
catalogs.

Pure; imports the model, vocabulary, problems and the field machinery only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import spbe_risk.load.diagnostics as dg
import spbe_risk.load.spec as spec
from spbe_risk import vocab
from spbe_risk.load.fields import FileCheck, document, duplicates_across, found, read_id
from spbe_risk.messages import msg
from spbe_risk.model import Katalog, Kontrol
from spbe_risk.problems import Problem

# --------------------------------------------------------------------------- catalog
# Known keys come from the field specification (spec.py), which the JSON Schema shares.
CATALOG_KEYS = spec.CATALOG.keys
KATALOG_KEYS = spec.KATALOG.keys
KONTROL_KEYS = spec.KONTROL.keys


def read_catalog(name: str, raw: bytes, problems: list[Problem],
                 ids: list[tuple[str, tuple, str]] | None = None) -> Katalog | None:
    """One catalog (None when it has an error); ``ids`` collects ``(file, key path, id)``
    of every control entry with a text id, valid or not."""
    doc, fc = document(name, raw, "catalog", problems)
    if doc is None:
        return None
    fc.known_keys(doc, CATALOG_KEYS, ())
    if "katalog" in doc:
        head = fc.mapping(doc["katalog"], ("katalog",), "katalog") or {}
    else:
        fc.require(doc, "katalog", ())
        head = {}
    q = ("katalog",)
    fc.known_keys(head, KATALOG_KEYS, q)
    kid = read_id(fc, head, "id", q) if head else None
    nama = fc.text(head, "nama", q) if head else None
    dasar = fc.text(head, "dasar_hukum", q, required=False) or ""
    conf = fc.choice(head, "confidence", q, vocab.CONFIDENCE) if head else None
    catatan = fc.text(head, "catatan", q, required=False) or ""
    seq = fc.sequence(fc.require(doc, "kontrol", ()), ("kontrol",), "kontrol") \
        if "kontrol" in doc else None
    items = []
    for i, item in enumerate(seq or []):
        if ids is not None and isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.append((name, ("kontrol", i, "id"), item["id"]))
        k = _read_kontrol(fc, item, ("kontrol", i), kid or "")
        if k is not None:
            items.append(k)
    problems.extend(fc.problems())
    if not fc.ok:
        return None
    return Katalog(kid or "", nama or "", dasar, conf or "", catatan, tuple(items), name)


def _read_kontrol(fc: FileCheck, item: Any, p: tuple, katalog: str) -> Kontrol | None:
    m = fc.mapping(item, p, "kontrol")
    if m is None:
        return None
    before = fc.recorded
    fc.known_keys(m, KONTROL_KEYS, p)
    cid = read_id(fc, m, "id", p)
    texts = {k: fc.text(m, k, p) for k in ("judul", "judul_en", "pernyataan", "fungsi")}
    # judul/pernyataan say what the regulation says; panduan the project's interpretation
    panduan = fc.text(m, "panduan", p, required=False) or ""
    prinsip = fc.text_list(m, "prinsip", p, vocab.PRINSIP, required=True,
                           what=dg.PRINCIPLE)
    if "prinsip" in m and not prinsip and fc.recorded == before:
        fc.error(p + ("prinsip",), dg.NO_PRINCIPLE())
    berlaku = fc.text_list(m, "berlaku_untuk", p, vocab.JENIS_ASET, required=True,
                           what=dg.ASSET_KIND)
    platform = fc.text_list(m, "platform", p, vocab.PLATFORM)
    area = fc.choice(m, "area_audit", p, vocab.AREA_AUDIT)
    bukti = fc.text_list(m, "bukti_umum", p, required=True)
    source = m.get("source")
    if not isinstance(source, dict | str):
        fc.error(p + ("source",) if "source" in m else p,
                 dg.NO_SOURCE(found=found(source) if "source" in m else msg(dg.FOUND_NONE)))
    conf = fc.choice(m, "confidence", p, vocab.CONFIDENCE)
    refs = m.get("references") or {}
    if not isinstance(refs, dict):
        fc.error(p + ("references",), dg.EXPECTED_MAPPING(what="references", found=found(refs)))
    if fc.recorded != before:
        return None
    return Kontrol(id=cid, katalog=katalog, prinsip=prinsip, berlaku_untuk=berlaku,  # type: ignore[arg-type]
                   area_audit=area, bukti_umum=bukti,  # type: ignore[arg-type]
                   source=source if isinstance(source, dict) else {"teks": source},
                   confidence=conf, references=refs, platform=platform, panduan=panduan,
                   **texts)  # type: ignore[arg-type]





def load_catalogs(files: Mapping[str, bytes], problems: list[Problem]) -> tuple[Katalog, ...]:
    """Every catalog, plus a check that control ids are unique across all of them — on
    every entry with a text id, so a catalog with other errors is compared too. A
    catalog repeating an earlier one's id is left out."""
    out = []
    ids: list[tuple[str, tuple, str]] = []
    for name in sorted(files):
        kat = read_catalog(name, files[name], problems, ids)
        if kat is not None:
            out.append(kat)
    dups = duplicates_across(ids, files, msg(dg.UNIQUE_CONTROL_IDS))
    problems.extend(dups)
    bad = {p.file for p in dups if "also at" in p.message}
    return tuple(k for k in out if k.file not in bad)
