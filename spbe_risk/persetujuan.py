"""Approval (persetujuan) of a UPR's register: the statement a key signs, and whether an
approval still covers the register (pure: data in, data out; no clock, no files).

The statement names what was approved so that any later change is visible: instansi,
UPR, periode, the register file and the SHA-256 of its canonical content (the parsed
register as canonical JSON, so re-formatting the YAML does not matter, any change of a
value does), every risk with its besaran and level at each stage, the role (peran), the
signer and the time. Its bytes are canonical JSON (sorted keys, UTF-8, no spaces), which
is exactly what the detached CMS signature covers.

Layer: core. Imports the model and the standard library only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

#: Roles that approve a register (PermenPANRB 5/2020: the UPR's Pemilik Risiko approves;
#: its Koordinator Risiko prepares).
PERAN = ("pemilik-risiko", "koordinator-risiko")
#: Warning codes of ``check`` (``--fail-on`` takes them).
CODE_STALE = "persetujuan-usang"
CODE_INVALID = "persetujuan-tidak-sah"
KIND = "persetujuan"
SCHEMA_VERSION = 1
STAGES = ("analisis", "residual", "pemantauan")


def canonical(data: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, UTF-8, no insignificant whitespace."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str).encode("utf-8")


def _content(item: Any) -> dict[str, Any]:
    """A register's or risk's values without where it was read from (``file``: an
    absolute path), so moving or cloning the workspace leaves an approval valid."""
    content = dataclasses.asdict(item)
    content.pop("file", None)
    for risk in content.get("risiko") or ():
        risk.pop("file", None)
    return content


def register_digest(register: Any) -> str:
    """SHA-256 of the register's canonical content (its values, not its formatting)."""
    return hashlib.sha256(canonical(_content(register))).hexdigest()


def risk_rows(hasil: Iterable[Any]) -> list[dict[str, Any]]:
    """Per risk id, its besaran and level at each scored stage (sorted by id)."""
    rows = []
    for h in hasil:
        row: dict[str, Any] = {"id": h.risiko.id}
        for stage in STAGES:
            skor = getattr(h, stage)
            row[stage] = None if skor is None else {"besaran": skor.besaran,
                                                    "level_risiko": skor.level_risiko}
        rows.append(row)
    return sorted(rows, key=lambda r: r["id"])


def statement(*, instansi: str, register: Any, register_path: str, hasil: Sequence[Any],
              peran: str, penanda_tangan: dict[str, str], waktu: str) -> dict[str, Any]:
    """The approval statement of ``register`` (scored as ``hasil``) by ``peran``."""
    return {"kind": KIND, "schema_version": SCHEMA_VERSION, "instansi": instansi,
            "upr": register.upr, "periode": register.periode,
            "register": {"path": register_path, "sha256": register_digest(register)},
            "risiko": risk_rows(hasil), "isi_risiko": risk_digests(register), "peran": peran,
            "penanda_tangan": dict(penanda_tangan), "waktu": waktu}


#: An approval's state as ``score``, the store and the dashboard show it.
BERLAKU, USANG, TIDAK_SAH = "berlaku", "usang", "tidak-sah"


def keadaan(sah: bool, berlaku: bool) -> str:
    """Whether an approval still holds: ``berlaku`` (valid, still covers the register),
    ``usang`` (valid, but the register changed since) or ``tidak-sah`` (untrusted signer,
    altered statement, wrong person for the role…)."""
    return TIDAK_SAH if not sah else (BERLAKU if berlaku else USANG)


def per_upr(records: Iterable[dict[str, Any]], upr_ids: Iterable[str]) -> dict[str, list]:
    """Approval records (``Status.to_dict``) grouped per UPR id: every UPR listed (an
    empty list when none approved), in the order given; within a UPR by periode, role."""
    out: dict[str, list] = {u: [] for u in upr_ids}
    for rec in sorted(records, key=lambda r: (str(r.get("periode")), str(r.get("peran")),
                                              str(r.get("file")))):
        if rec.get("upr") in out:
            out[rec["upr"]].append(rec)
    return out


def tanpa_upr(records: Iterable[dict[str, Any]], upr_ids: Iterable[str]) -> list[dict]:
    """Approval records that name no UPR of instansi.yaml (an unreadable statement, or
    a UPR id that does not exist): :func:`per_upr` has no place for them, yet ``check``
    reports them — so ``score`` and the dashboard list them on their own."""
    known = set(upr_ids)
    return sorted((r for r in records if r.get("upr") not in known),
                  key=lambda r: str(r.get("file")))


def file_stem(upr: str, periode: int | str, peran: str) -> str:
    """``persetujuan/<stem>.json``: one approval per UPR, period and role."""
    return f"{upr}-{periode}-{peran}"


@dataclasses.dataclass(frozen=True)
class Perubahan:
    """How the register differs from what was approved."""

    ditambah: tuple[str, ...]
    diubah: tuple[str, ...]
    dihapus: tuple[str, ...]
    isi_berubah: bool          # the canonical content differs (even if no level moved)

    @property
    def usang(self) -> bool:
        return self.isi_berubah or bool(self.ditambah or self.diubah or self.dihapus)

    def risks(self) -> tuple[str, ...]:
        return (*self.ditambah, *self.diubah, *self.dihapus)


def compare(approved: dict[str, Any], register: Any, hasil: Sequence[Any]) -> Perubahan:
    """What changed in ``register`` since the approval ``approved`` was signed."""
    then = {r["id"]: r for r in approved.get("risiko", []) if isinstance(r, dict)}
    now = {r["id"]: r for r in risk_rows(hasil)}
    text_changed = approved.get("register", {}).get("sha256") != register_digest(register)
    changed = sorted(i for i in now.keys() & then.keys() if now[i] != then[i])
    if text_changed and not changed:
        # a value other than a level changed: name the risks whose content differs
        old = approved.get("isi_risiko") or {}
        changed = sorted(i for i in now.keys() & then.keys()
                         if old and old.get(i) != risk_digest(register, i))
    return Perubahan(tuple(sorted(now.keys() - then.keys())), tuple(changed),
                     tuple(sorted(then.keys() - now.keys())), text_changed)


def risk_digest(register: Any, risk_id: str) -> str | None:
    """SHA-256 of one risk's canonical content (to name a risk whose text changed)."""
    for r in register.risiko:
        if r.id == risk_id:
            return hashlib.sha256(canonical(_content(r))).hexdigest()
    return None


def risk_digests(register: Any) -> dict[str, str]:
    return {r.id: hashlib.sha256(canonical(_content(r))).hexdigest() for r in register.risiko}
