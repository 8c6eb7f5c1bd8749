"""What changed between two scored states of a register: risks added, removed, and
changed (old → new besaran and level, direction, treatment and monitoring changes).

A *state* is ``{risk id: row}``, one flat row per risk with the columns of
``STATE_TYPES`` — what a snapshot stores (``store``) and what scoring a workspace read
from a git revision gives (``sources.git``). Treatment (``penanganan``) and monitoring
(``pemantauan``) are canonical JSON text in the row, so a row compares and hashes as is.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules;
no disk, no clock.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spbe_risk.scoring import HasilRisiko, Skor

#: Columns of one risk's state row and their types.
STATE_TYPES: dict[str, type] = {
    "risiko": str, "upr": str, "jenis": str, "kategori": str, "area_dampak": str,
    "kejadian": str, "kemungkinan": int, "dampak": int, "besaran": int, "level_risiko": str,
    "besaran_residual": int, "level_residual": str, "periode_pemantauan": str,
    "besaran_pemantauan": int, "level_pemantauan": str, "selera_risiko": int,
    "perlu_penanganan": int, "penanganan": str, "pemantauan": str,
}
State = Mapping[str, Mapping[str, Any]]


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
#: For objects built here with their keys already in sorted order (same bytes, no sort).
_IN_ORDER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 text (one encoder, built once)."""
    return _CANONICAL.encode(value)


def state_row(h: HasilRisiko) -> dict[str, Any]:
    """The state row of one scored risk."""
    r = h.risiko
    t = r.penanganan
    # keys written in sorted order, so these are canonical JSON without a sort
    penanganan = None if t is None else _IN_ORDER({
        "keluaran": t.keluaran, "mulai": t.mulai.isoformat() if t.mulai else None,
        "opsi": t.opsi, "penanggung_jawab": t.penanggung_jawab,
        "rencana_aksi": t.rencana_aksi,
        "selesai": t.selesai.isoformat() if t.selesai else None,
        "target": ({"dampak": t.target.dampak, "kemungkinan": t.target.kemungkinan}
                   if t.target else None)})
    pemantauan = _IN_ORDER([
        {"dampak": p.dampak, "kemungkinan": p.kemungkinan, "kondisi": p.kondisi,
         "periode": p.periode, "rekomendasi": p.rekomendasi} for p in r.pemantauan])

    def part(s: Skor | None, attr: str) -> Any:
        return getattr(s, attr) if s is not None else None

    return {
        "risiko": r.id, "upr": r.upr, "jenis": r.jenis, "kategori": r.kategori,
        "area_dampak": r.area_dampak, "kejadian": r.kejadian,
        "kemungkinan": h.analisis.kemungkinan, "dampak": h.analisis.dampak,
        "besaran": h.analisis.besaran, "level_risiko": h.analisis.level_risiko,
        "besaran_residual": part(h.residual, "besaran"),
        "level_residual": part(h.residual, "level_risiko"),
        "periode_pemantauan": h.periode_pemantauan,
        "besaran_pemantauan": part(h.pemantauan, "besaran"),
        "level_pemantauan": part(h.pemantauan, "level_risiko"),
        "selera_risiko": h.selera_risiko, "perlu_penanganan": int(h.perlu_penanganan),
        "penanganan": penanganan, "pemantauan": pemantauan,
    }


def state_of(results: Iterable[HasilRisiko]) -> dict[str, dict[str, Any]]:
    return {h.risiko.id: state_row(h) for h in results}


def content_bytes(state: State) -> bytes:
    """Canonical bytes of a whole state (a snapshot's content hash is over these): a JSON
    array, one array per risk in risk-id order, holding the ``STATE_TYPES`` columns in
    that order; no whitespace, UTF-8."""
    cols = tuple(STATE_TYPES)
    return _IN_ORDER([[row.get(c) for c in cols] for row in (state[k] for k in sorted(state))]
                     ).encode("utf-8")


@dataclass(frozen=True)
class Perubahan:
    """One changed risk."""

    risiko: str
    upr: str
    lama: Mapping[str, Any]
    baru: Mapping[str, Any]
    kolom: tuple[tuple[str, Any, Any], ...]            # (column, old, new) outside the two below
    penanganan: tuple[tuple[str, Any, Any], ...]       # (key, old, new)
    pemantauan: tuple[tuple[str, Any, Any], ...]       # (periode, old entry, new entry)

    @property
    def tahap(self) -> str:
        """The stage the direction compares, the same on both sides: ``pemantauan`` when
        both sides have a monitoring entry, else ``analisis``."""
        both = (self.lama.get("besaran_pemantauan") is not None
                and self.baru.get("besaran_pemantauan") is not None)
        return "pemantauan" if both else "analisis"

    @property
    def arah(self) -> str:
        """naik / turun / tetap: the besaran of ``tahap`` on both sides."""
        key = "besaran_pemantauan" if self.tahap == "pemantauan" else "besaran"
        old, new = self.lama[key], self.baru[key]
        return "naik" if new > old else "turun" if new < old else "tetap"


@dataclass(frozen=True)
class Perbedaan:
    dari: str
    ke: str
    ditambah: tuple[Mapping[str, Any], ...] = ()
    dihapus: tuple[Mapping[str, Any], ...] = ()
    berubah: tuple[Perubahan, ...] = field(default=())
    tetap: int = 0

    @property
    def kosong(self) -> bool:
        return not (self.ditambah or self.dihapus or self.berubah)


def terkini(row: Mapping[str, Any]) -> tuple[int, str]:
    """(besaran, level) now: the latest monitoring if any, else the analysis."""
    if row.get("besaran_pemantauan") is not None:
        return row["besaran_pemantauan"], row["level_pemantauan"]
    return row["besaran"], row["level_risiko"]


def _loads(text: Any, default: Any) -> Any:
    return json.loads(text) if isinstance(text, str) and text else default


def _dict_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
                  ) -> tuple[tuple[str, Any, Any], ...]:
    if old == new:
        return ()
    if old is None or new is None:
        return (("*", old, new),)
    keys = sorted(set(old) | set(new))
    return tuple((k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def _pemantauan_changes(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
                        ) -> tuple[tuple[str, Any, Any], ...]:
    a = {e["periode"]: e for e in old}
    b = {e["periode"]: e for e in new}
    return tuple((p, a.get(p), b.get(p)) for p in sorted(set(a) | set(b)) if a.get(p) != b.get(p))


def diff_states(old: State, new: State, dari: str = "", ke: str = "") -> Perbedaan:
    """Risks added, removed and changed from ``old`` to ``new`` (each list by risk id)."""
    added = tuple(new[k] for k in sorted(set(new) - set(old)))
    removed = tuple(old[k] for k in sorted(set(old) - set(new)))
    changed, same = [], 0
    simple = [c for c in STATE_TYPES if c not in ("risiko", "penanganan", "pemantauan")]
    for k in sorted(set(old) & set(new)):
        a, b = old[k], new[k]
        cols = tuple((c, a.get(c), b.get(c)) for c in simple if a.get(c) != b.get(c))
        pen = _dict_changes(_loads(a.get("penanganan"), None), _loads(b.get("penanganan"), None))
        pem = _pemantauan_changes(_loads(a.get("pemantauan"), []), _loads(b.get("pemantauan"), []))
        if cols or pen or pem:
            changed.append(Perubahan(k, b.get("upr") or "", a, b, cols, pen, pem))
        else:
            same += 1
    return Perbedaan(dari, ke, added, removed, tuple(changed), same)
