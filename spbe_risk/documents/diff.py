"""The diff document (``spbe-risk diff``): risks added, removed and changed between two
states, one row each, with old → new besaran and level, direction, treatment and
monitoring changes; the JSON form is the documented ``spbe-risk/diff`` schema.

Plain data built from ``spbe_risk.diff``; imports the core and ``base`` only.
"""

from __future__ import annotations

from typing import Any

from spbe_risk.diff import Perbedaan, Perubahan, terkini
from spbe_risk.documents.base import N_, Document
from spbe_risk.messages import msg

DIFF_COLUMNS: tuple[tuple[str, str], ...] = (
    ("perubahan", N_("Perubahan")), ("id", N_("Kode Risiko")), ("upr", "UPR"),
    ("besaran", N_("Besaran Risiko")), ("level_risiko", N_("Level Risiko")),
    ("terkini", N_("Terkini")), ("arah", N_("Arah")), ("penanganan", N_("Penanganan")),
    ("pemantauan", N_("Pemantauan")), ("lainnya", N_("Lainnya")),
)
_OWN = {"besaran", "level_risiko", "besaran_pemantauan", "level_pemantauan", "upr"}


def _arrow(old: Any, new: Any) -> str:
    return f"{old} → {new}" if old != new else f"{new}"


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('kemungkinan')}/{value.get('dampak')}" if "kemungkinan" in value \
            else ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    return "–" if value is None else str(value)


def _joined(items: list) -> Any:
    """"a; b" as one ``Msg`` (translated on the terminal, Indonesian in CSV)."""
    out: Any = items[0] if items else ""
    for item in items[1:]:
        out = msg(N_("%(a)s; %(b)s"), a=out, b=item)
    return out


def _row(kind: str, r: dict) -> dict[str, Any]:
    b, lv = r["besaran"], r["level_risiko"]
    now = terkini(r)
    out = {"perubahan": kind, "id": r["risiko"], "upr": r.get("upr") or "", "besaran": str(b),
           "level_risiko": lv, "terkini": f"{now[0]} {now[1]}", "arah": "", "penanganan": "",
           "pemantauan": "", "lainnya": ""}
    return out


def _changed_row(p: Perubahan) -> dict[str, Any]:
    a, b = p.lama, p.baru
    ta, tb = terkini(a), terkini(b)
    pen = "; ".join(f"{'penanganan' if k == '*' else k}: {_short(x)} → {_short(y)}"
                    for k, x, y in p.penanganan)
    pem = _joined([msg(N_("%(periode)s: %(change)s"), periode=per,
                       change=msg(N_("baru %(value)s"), value=_short(y)) if x is None
                       else msg(N_("dihapus")) if y is None else f"{_short(x)} → {_short(y)}")
                   for per, x, y in p.pemantauan])
    other = "; ".join(f"{c}: {_short(x)} → {_short(y)}" for c, x, y in p.kolom if c not in _OWN)
    return {"perubahan": "berubah", "id": p.risiko, "upr": _arrow(a.get("upr"), b.get("upr")),
            "besaran": _arrow(a["besaran"], b["besaran"]),
            "level_risiko": _arrow(a["level_risiko"], b["level_risiko"]),
            "terkini": _arrow(f"{ta[0]} {ta[1]}", f"{tb[0]} {tb[1]}"),
            "arah": f"{p.arah} ({p.tahap})",
            "penanganan": pen, "pemantauan": pem, "lainnya": other,
            "_warna": ""}


def diff_rows(d: Perbedaan) -> list[dict[str, Any]]:
    return ([_row("ditambah", r) for r in d.ditambah] + [_row("dihapus", r) for r in d.dihapus]
            + [_changed_row(p) for p in d.berubah])


def _side(row: dict) -> dict[str, Any]:
    now = terkini(row)
    return {"besaran": row["besaran"], "level_risiko": row["level_risiko"],
            "besaran_terkini": now[0], "level_terkini": now[1]}


def diff_json(d: Perbedaan) -> dict[str, Any]:
    def brief(r: dict) -> dict[str, Any]:
        return {"id": r["risiko"], "upr": r.get("upr"), "kategori": r.get("kategori"),
                "kejadian": r.get("kejadian"), **_side(r)}

    return {
        "schema": "spbe-risk/diff", "schema_version": 1, "dari": d.dari, "ke": d.ke,
        "ringkasan": {"ditambah": len(d.ditambah), "dihapus": len(d.dihapus),
                      "berubah": len(d.berubah), "tetap": d.tetap,
                      "naik": sum(p.arah == "naik" for p in d.berubah),
                      "turun": sum(p.arah == "turun" for p in d.berubah)},
        "ditambah": [brief(r) for r in d.ditambah],
        "dihapus": [brief(r) for r in d.dihapus],
        "berubah": [{
            "id": p.risiko, "upr": p.upr, "lama": _side(p.lama), "baru": _side(p.baru),
            "arah": p.arah, "arah_tahap": p.tahap,
            "kolom": [{"kolom": c, "lama": x, "baru": y} for c, x, y in p.kolom],
            "penanganan": [{"kunci": k, "lama": x, "baru": y} for k, x, y in p.penanganan],
            "pemantauan": [{"periode": per, "lama": x, "baru": y} for per, x, y in p.pemantauan],
        } for p in d.berubah],
    }


def diff_document(d: Perbedaan) -> Document:
    up = sum(p.arah == "naik" for p in d.berubah)
    down = sum(p.arah == "turun" for p in d.berubah)
    return Document(
        title=msg(N_("Perubahan risiko SPBE: %(dari)s → %(ke)s"), dari=d.dari, ke=d.ke),
        columns=DIFF_COLUMNS,
        rows=lambda: diff_rows(d),
        data=lambda: diff_json(d),
        colour_column="",
        footer=msg(N_("%(ditambah)d ditambah, %(dihapus)d dihapus, %(berubah)d berubah "
                      "(%(naik)d naik, %(turun)d turun: besaran pemantauan bila kedua sisi "
                      "memilikinya, selain itu besaran analisis), %(tetap)d tetap"),
                   ditambah=len(d.ditambah), dihapus=len(d.dihapus), berubah=len(d.berubah),
                   naik=up, turun=down, tetap=d.tetap),
        word_columns=("perubahan", "level_risiko", "terkini", "arah"),
    )
