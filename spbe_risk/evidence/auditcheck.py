"""Does an ``audit.json`` prove an audit? Completeness, and ids that exist.

``auditmeta.validate`` checks form; this module checks meaning, with the same
``(location, message)`` pairs:

- :func:`completeness_problems` — what ``check``/``seal`` refuse and ``verify`` reports as
  its completeness step: at least one conclusion, every concluded control backed by
  evidence, every finding with a recommendation (a pack sealed with ``--draft`` is
  marked so instead, and never counts for the schedule);
- :func:`reference_problems` — the asset and every control id against the workspace and
  the shipped catalogs (:class:`KnownIds`), with "did you mean".

:func:`known_ids` reads the ids: from ``--workspace``, else from the current folder when
it holds ``instansi.yaml``; with no workspace at all, controls are checked against the
shipped catalogs and the asset id for its form only (there is no inventory to ask).

Layer: shell (evidence). May import the core, ``load``, ``sources`` and ``evidence``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spbe_risk.evidence.auditmeta import DRAFT_KEY
from spbe_risk.messages import N_, msg


@dataclass(frozen=True)
class KnownIds:
    """The ids an audit may name, and where they came from."""

    controls: frozenset[str]
    assets: frozenset[str] | None          # None: no workspace, asset not checked
    zona_waktu: str = "WIB"
    source: str = msg(N_("bawaan"))
    #: The workspace folder the ids came from (None: the shipped catalogs alone).
    root: str | None = None
    #: Control id → its catalog's ``area_audit`` (TK, MK, FK), for the konklusi per area.
    areas: Mapping[str, str] = field(default_factory=dict)


def known_ids(workspace: str | os.PathLike[str] | None = None) -> KnownIds:
    """Ids from ``workspace`` (or the current folder when it holds ``instansi.yaml``),
    else from the shipped catalogs alone. A workspace that does not load → InputError."""
    return ids_and_sources(workspace)[0]


def ids_and_sources(workspace: str | os.PathLike[str] | None = None
                    ) -> tuple[KnownIds, Any, tuple[Any, ...]]:
    """:func:`known_ids`, with what they were read from: ``(ids, Workspace or None,
    catalogs)`` — for a caller that needs names too (the LHAK), without loading twice."""
    if workspace is None and Path("instansi.yaml").is_file():
        workspace = "."
    if workspace is None:
        from spbe_risk.sources import load_shipped_catalogs

        katalog = tuple(load_shipped_catalogs())
        ids = frozenset(k.id for kat in katalog for k in kat.kontrol)
        return KnownIds(ids, None, areas=_areas(katalog)), None, katalog
    from spbe_risk.sources import display, load_or_raise

    ws, _ = load_or_raise(workspace)
    return (KnownIds(frozenset(k.id for kat in ws.katalog for k in kat.kontrol),
                     frozenset(a.id for a in ws.aset), ws.konteks.zona_waktu,
                     msg(N_("ruang kerja %(path)s"), path=display(Path(workspace))), str(workspace),
                     _areas(ws.katalog)), ws, tuple(ws.katalog))


def _areas(katalog: Any) -> dict[str, str]:
    return {k.id: k.area_audit for kat in katalog for k in kat.kontrol}


def is_draft(audit: dict[str, Any]) -> bool:
    return audit.get(DRAFT_KEY) is True


def completeness_problems(audit: dict[str, Any]) -> list[tuple[str, str]]:
    """Why a (form-valid) audit record does not prove a finished audit; [] if it does.

    At least one conclusion; every concluded control backed by evidence and every
    control with evidence concluded, each conclusion reaching a konklusi of the K15
    matrix; every finding with a recommendation; an external audit stating its team,
    lembaga and surat keterangan (``audit.duties``). A follow-up bundle proves a
    verification instead (``audit.verifikasi``)."""
    from spbe_risk.audit import duties, konklusi, verifikasi
    from spbe_risk.audit.metadata import meta_of

    if verifikasi.is_follow_up(audit):
        return verifikasi.completeness(audit)

    out: list[tuple[str, str]] = []
    kesimpulan = [k for k in audit.get("kesimpulan") or [] if isinstance(k, dict)]
    if not kesimpulan:
        out.append(("kesimpulan", msg(N_("belum ada konklusi: audit menyatakan paling sedikit "
                                         "satu (`spbe-risk evidence conclude`), atau disegel "
                                         "dengan --draft"))))
    backed: dict[str, int] = {}
    for i, b in enumerate(audit.get("bukti") or []):
        if isinstance(b, dict):
            for c in b.get("kontrol") or []:
                backed.setdefault(c, i)
    concluded = {k.get("kontrol") for k in kesimpulan}
    for i, k in enumerate(kesimpulan):
        if k.get("kontrol") not in backed:
            out.append((f"kesimpulan[{i}]", msg(N_(
                "kontrol %(kontrol)s disimpulkan tetapi tidak ada berkas bukti yang mendukungnya "
                "(`spbe-risk evidence add DIR FILE --kontrol ID`)"), kontrol=str(k.get("kontrol")))))
        if konklusi.of_entry(k) is None:
            out.append((f"kesimpulan[{i}]", msg(N_(
                "kontrol %(kontrol)s belum punya konklusi: diharapkan desain, implementasi "
                "(kecuali desain Tidak Memadai) dan efektivitas (K15 Bab I.G)"),
                kontrol=str(k.get("kontrol")))))
    for c, i in sorted(backed.items(), key=lambda x: x[1]):
        if c not in concluded:
            out.append((f"bukti[{i}]", msg(N_(
                "kontrol %(kontrol)s punya bukti tetapi belum disimpulkan (`spbe-risk evidence "
                "conclude DIR --kontrol %(kontrol)s …`)"), kontrol=str(c))))
    for i, t in enumerate(audit.get("temuan") or []):
        if isinstance(t, dict) and not str(t.get("rekomendasi") or "").strip():
            out.append((f"temuan[{i}].rekomendasi", msg(N_("temuan %(id)s belum punya "
                                                           "rekomendasi"), id=str(t.get("id")))))
    meta = meta_of(audit)
    if meta.schema_version >= 2:
        if not meta.tujuan.strip():
            out.append(("tujuan", msg(N_("tujuan audit belum dinyatakan (`spbe-risk evidence set "
                                         "DIR --tujuan …`)"))))
        for key, day in (("mulai", meta.mulai), ("selesai", meta.selesai)):
            if day is None:
                out.append((f"waktu_pelaksanaan.{key}", msg(N_(
                    "diharapkan tanggal %(key)s pelaksanaan (`spbe-risk evidence set DIR "
                    "--%(key)s YYYY-MM-DD`), ditemukan tidak ada"), key=key)))
    if meta.eksternal:
        out.extend(duties.external_problems(meta))
    return out


def reference_problems(audit: dict[str, Any], known: KnownIds) -> list[tuple[str, str]]:
    """Asset and control ids that neither the workspace nor the shipped catalogs know."""
    from spbe_risk.load.fields import did_you_mean

    out: list[tuple[str, str]] = []
    aset = audit.get("aset")
    if known.assets is not None and isinstance(aset, str) and aset not in known.assets:
        out.append(("aset", msg(N_("aset tidak dikenal %(aset)s: tidak ada di assets.yaml "
                                   "(%(source)s)%(hint)s"), aset=repr(aset), source=known.source,
                                hint=did_you_mean(aset, sorted(known.assets)))))

    def control(where: str, value: Any) -> None:
        if isinstance(value, str) and value not in known.controls:
            out.append((where, msg(N_("kontrol tidak dikenal %(kontrol)s: tidak ada di katalog "
                                      "(%(source)s)%(hint)s"), kontrol=repr(value),
                                   source=known.source,
                                   hint=did_you_mean(value, sorted(known.controls)))))

    for i, k in enumerate(audit.get("kesimpulan") or []):
        if isinstance(k, dict):
            control(f"kesimpulan[{i}].kontrol", k.get("kontrol"))
    for i, t in enumerate(audit.get("temuan") or []):
        if isinstance(t, dict):
            control(f"temuan[{i}].kontrol", t.get("kontrol"))
    for i, b in enumerate(audit.get("bukti") or []):
        if isinstance(b, dict) and isinstance(b.get("kontrol"), list):
            for c in b["kontrol"]:
                control(f"bukti[{i}].kontrol", c)
    return out
