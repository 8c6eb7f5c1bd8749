"""``audit.json``: the audit's metadata, validated strictly and written canonically.

Keys follow DESIGN.md's vocabulary (the regulation's Indonesian words). The JSON Schema
``audit.schema.json`` beside this module documents every key in English; this module is
the executable form of the same rules, with messages that say where, what was expected
and what was found. Conclusion values are BSSN 8/2024's scales in kebab form
(``perlu-peningkatan``), the spelling every other closed vocabulary in the project uses.

Canonical bytes (sorted keys, UTF-8, two-space indent, LF, final newline) are what a
bundle hashes; the verifier never re-serialises them.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from spbe_risk import vocab
from spbe_risk.evidence.paths import path_problem

SCHEMA_VERSION = 1
KIND = "audit"

JENIS_AUDIT: tuple[str, ...] = ("keamanan", "aplikasi", "infrastruktur")
PELAKSANA: tuple[str, ...] = ("internal", "eksternal")
DESAIN: tuple[str, ...] = ("memadai", "perlu-peningkatan", "tidak-memadai")
IMPLEMENTASI: tuple[str, ...] = ("sesuai", "tidak-sesuai")
EFEKTIVITAS: tuple[str, ...] = ("efektif", "perlu-peningkatan", "belum-efektif")
TINGKAT: tuple[str, ...] = vocab.TINGKAT_TEMUAN

ID_AUDIT = re.compile(r"AUD-\d{4}-\d{4}")
IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

TOP_KEYS = ("kind", "schema_version", "id_audit", "aset", "jenis_audit", "periode", "auditor",
            "pelaksana", "ruang_lingkup", "kesimpulan", "temuan", "bukti")
#: Optional top-level key: ``"draft": true`` on a pack sealed incomplete (``seal --draft``).
DRAFT_KEY = "draft"
#: Audit periods: a year, a month, a semester or a quarter (triwulan) of 2000..2100.
PERIODE = re.compile(r"(20\d\d|2100)(-(0[1-9]|1[0-2])|-S[12]|-TW[1-4]|-Q[1-4])?")
AUDITOR_KEYS = ("nama", "nip", "organisasi")
KESIMPULAN_KEYS = ("kontrol", "desain", "implementasi", "efektivitas")
TEMUAN_KEYS = ("id", "kontrol", "tingkat", "kondisi", "kriteria", "sebab", "akibat",
               "rekomendasi", "tanggapan_manajemen", "batas_waktu")
BUKTI_KEYS = ("path", "kontrol", "uraian", "dikumpulkan")
EVIDENCE_PREFIX = "data/evidence/"

MAX_TEXT = 20_000


class AuditJsonError(ValueError):
    """audit.json is not JSON at all (line and column are 1-based)."""

    def __init__(self, line: int, col: int, message: str):
        self.line, self.col, self.message = line, col, message
        super().__init__(f"{line}:{col}: {message}")


def new_audit(*, id_audit: str, aset: str, jenis_audit: str, periode: str,
              auditor_nama: str, auditor_nip: str | None, organisasi: str,
              pelaksana: str = "internal", ruang_lingkup: str = "") -> dict[str, Any]:
    """A fresh audit record with empty conclusions, findings and evidence index."""
    return {
        "kind": KIND,
        "schema_version": SCHEMA_VERSION,
        "id_audit": id_audit,
        "aset": aset,
        "jenis_audit": jenis_audit,
        "periode": periode,
        "auditor": {"nama": auditor_nama, "nip": auditor_nip, "organisasi": organisasi},
        "pelaksana": pelaksana,
        "ruang_lingkup": ruang_lingkup,
        "kesimpulan": [],
        "temuan": [],
        "bukti": [],
    }


def canonical_bytes(audit: dict[str, Any]) -> bytes:
    """Deterministic serialisation: sorted keys, UTF-8 (no escaping), indent 2, final LF."""
    return (json.dumps(audit, ensure_ascii=False, sort_keys=True, indent=2,
                       allow_nan=False) + "\n").encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_float(text: str) -> Any:
    raise ValueError(f"number {text} is not an integer; audit.json uses no fractions")


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


def parse(data: bytes) -> dict[str, Any]:
    """Strict JSON: UTF-8 without BOM, no duplicate keys, no floats, no NaN/Infinity."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise AuditJsonError(1, 1, "starts with a byte-order mark; expected plain UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuditJsonError(1, 1, f"not valid UTF-8 at byte {exc.start}") from None
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_no_float,
                         parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise AuditJsonError(exc.lineno, exc.colno, f"not valid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise AuditJsonError(1, 1, str(exc)) from None
    if not isinstance(obj, dict):
        raise AuditJsonError(1, 1, f"expected a JSON object, found {_kind(obj)}")
    if _has_surrogate(obj):
        raise AuditJsonError(1, 1, "a string holds a lone surrogate escape (such as \\ud800),"
                                   " which is not Unicode text")
    return obj


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return not _is_text(value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _is_text(value: str) -> bool:
    """True when ``value`` can be written as UTF-8: no lone surrogates (which is how a
    non-UTF-8 byte of a command-line argument arrives: ``\\udcff``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number"}.get(
        type(value), type(value).__name__)


def _found(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return _kind(value)


def validate(audit: Any, complete: bool = True) -> list[tuple[str, str]]:
    """Every problem as ``(location, message)``; an empty list means valid.

    ``complete=False`` is the draft check of a folder being filled in: the scope
    (``ruang_lingkup``) may still be empty. Sealing and verifying use ``complete=True``.
    """
    return list(_validate(audit, complete))


def _validate(a: Any, complete: bool) -> Iterator[tuple[str, str]]:
    if not isinstance(a, dict):
        yield "", f"expected an object, found {_kind(a)}"
        return
    from spbe_risk.audit import verifikasi

    yield from _keys(a, "", (*TOP_KEYS, DRAFT_KEY, *verifikasi.KEYS), TOP_KEYS)
    yield from verifikasi.validate(a)
    if DRAFT_KEY in a and a[DRAFT_KEY] is not True:
        yield DRAFT_KEY, f"expected true (or no key at all), found {_found(a[DRAFT_KEY])}"
    if a.get("kind", KIND) != KIND:
        yield "kind", f"expected {KIND!r}, found {_found(a.get('kind'))}"
    if "schema_version" in a and a["schema_version"] != SCHEMA_VERSION:
        yield "schema_version", (f"expected {SCHEMA_VERSION}, found "
                                 f"{_found(a['schema_version'])}")
    if "id_audit" in a and not _matches(ID_AUDIT, a["id_audit"]):
        yield "id_audit", f"expected AUD-YYYY-NNNN, found {_found(a['id_audit'])}"
    if "aset" in a and not _matches(IDENT, a["aset"]):
        yield "aset", ("expected an asset id (letters, digits, '.', '_', '-'), "
                       f"found {_found(a['aset'])}")
    yield from _enum(a, "jenis_audit", JENIS_AUDIT, "jenis_audit")
    yield from _enum(a, "pelaksana", PELAKSANA, "pelaksana")
    yield from _text(a, "periode", "periode", required=True, limit=64)
    if isinstance(a.get("periode"), str) and a["periode"].strip() and not _matches(
            PERIODE, a["periode"]):
        yield "periode", ("expected a year 2000..2100, optionally with a month, semester or "
                          "quarter (2026, 2026-07, 2026-S1, 2026-TW3), found "
                          f"{_found(a['periode'])}")
    yield from _text(a, "ruang_lingkup", "ruang_lingkup", required=complete)
    if "auditor" in a:
        au = a["auditor"]
        if not isinstance(au, dict):
            yield "auditor", f"expected an object {{nama, nip, organisasi}}, found {_kind(au)}"
        else:
            yield from _keys(au, "auditor", AUDITOR_KEYS, ("nama", "organisasi"))
            yield from _text(au, "nama", "auditor.nama", required=True, limit=200)
            yield from _text(au, "organisasi", "auditor.organisasi", required=True, limit=200)
            if au.get("nip") is not None and not (
                    isinstance(au["nip"], str) and re.fullmatch(r"[0-9]{18}", au["nip"])):
                yield "auditor.nip", ("expected 18 digits (NIP) or null, "
                                      f"found {_found(au['nip'])}")
    yield from _kesimpulan(a.get("kesimpulan"))
    yield from _temuan(a.get("temuan"))
    yield from _bukti(a.get("bukti"))


def _keys(obj: dict[str, Any], where: str, allowed: tuple[str, ...],
          required: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    prefix = f"{where}." if where else ""
    for key in obj:
        if key not in allowed:
            yield f"{prefix}{key}", f"unknown key; expected one of {', '.join(allowed)}"
    for key in required:
        if key not in obj:
            yield f"{prefix}{key}", "missing required key"


def _matches(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _enum(obj: dict[str, Any], key: str, allowed: tuple[str, ...], where: str,
          nullable: bool = False) -> Iterator[tuple[str, str]]:
    if key not in obj or (nullable and obj[key] is None):
        return
    if obj[key] not in allowed:
        extra = " or null" if nullable else ""
        yield where, f"expected one of {', '.join(allowed)}{extra}; found {_found(obj[key])}"


def _text(obj: dict[str, Any], key: str, where: str, required: bool = False,
          nullable: bool = False, limit: int = MAX_TEXT) -> Iterator[tuple[str, str]]:
    if key not in obj:
        return
    value = obj[key]
    if nullable and value is None:
        return
    if not isinstance(value, str):
        yield where, f"expected a string, found {_kind(value)}"
    elif not _is_text(value):
        yield where, ("not valid UTF-8 text (a byte that is not UTF-8, e.g. from a "
                      "command-line argument in another encoding)")
    elif required and not value.strip():
        yield where, "expected a non-empty text, found an empty string"
    elif len(value) > limit:
        yield where, f"longer than {limit} characters"
    elif any(ord(c) < 0x20 and c not in "\n\t" for c in value):
        yield where, "contains a control character"


def _date_ok(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _timestamp_ok(value: str) -> bool:
    if not _TIMESTAMP.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _list_of_objects(value: Any, where: str) -> Iterator[tuple[int, dict[str, Any]] | str]:
    if value is None:
        return
    if not isinstance(value, list):
        yield f"expected a list, found {_kind(value)}"
        return
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            yield f"[{i}]: expected an object, found {_kind(item)}"
        else:
            yield i, item


def _kesimpulan(value: Any) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for entry in _list_of_objects(value, "kesimpulan"):
        if isinstance(entry, str):
            yield "kesimpulan", entry
            continue
        i, k = entry
        w = f"kesimpulan[{i}]"
        yield from _keys(k, w, KESIMPULAN_KEYS, KESIMPULAN_KEYS)
        if "kontrol" in k:
            if not _matches(IDENT, k["kontrol"]):
                yield f"{w}.kontrol", f"expected a control id, found {_found(k['kontrol'])}"
            elif k["kontrol"] in seen:
                yield f"{w}.kontrol", f"control {k['kontrol']} already has a conclusion"
            else:
                seen.add(k["kontrol"])
        yield from _enum(k, "desain", DESAIN, f"{w}.desain")
        yield from _enum(k, "implementasi", IMPLEMENTASI, f"{w}.implementasi", nullable=True)
        yield from _enum(k, "efektivitas", EFEKTIVITAS, f"{w}.efektivitas", nullable=True)
        if k.get("implementasi") is None and k.get("efektivitas") is not None:
            yield f"{w}.efektivitas", ("effectiveness is evaluated after implementation; "
                                       "implementasi is null")


def _temuan(value: Any) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for entry in _list_of_objects(value, "temuan"):
        if isinstance(entry, str):
            yield "temuan", entry
            continue
        i, t = entry
        w = f"temuan[{i}]"
        yield from _keys(t, w, TEMUAN_KEYS, TEMUAN_KEYS)
        if "id" in t:
            if not _matches(IDENT, t["id"]):
                yield f"{w}.id", f"expected a finding id, found {_found(t['id'])}"
            elif t["id"] in seen:
                yield f"{w}.id", f"finding id {t['id']} used twice"
            else:
                seen.add(t["id"])
        if "kontrol" in t and not _matches(IDENT, t["kontrol"]):
            yield f"{w}.kontrol", f"expected a control id, found {_found(t['kontrol'])}"
        yield from _enum(t, "tingkat", TINGKAT, f"{w}.tingkat")
        for key in ("kondisi", "kriteria", "sebab", "akibat", "rekomendasi"):
            yield from _text(t, key, f"{w}.{key}", required=True)
        yield from _text(t, "tanggapan_manajemen", f"{w}.tanggapan_manajemen", nullable=True)
        bw = t.get("batas_waktu")
        if bw is not None and not (isinstance(bw, str) and _date_ok(bw)):
            yield f"{w}.batas_waktu", f"expected a date YYYY-MM-DD or null, found {_found(bw)}"


def _bukti(value: Any) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for entry in _list_of_objects(value, "bukti"):
        if isinstance(entry, str):
            yield "bukti", entry
            continue
        i, b = entry
        w = f"bukti[{i}]"
        yield from _keys(b, w, BUKTI_KEYS, BUKTI_KEYS)
        path = b.get("path")
        if "path" in b:
            if not isinstance(path, str):
                yield f"{w}.path", f"expected a string, found {_kind(path)}"
            elif not path.startswith(EVIDENCE_PREFIX):
                yield f"{w}.path", f"expected a path under {EVIDENCE_PREFIX}, found {_found(path)}"
            elif (problem := path_problem(path)) is not None:
                yield f"{w}.path", f"unsafe path {_found(path)}: {problem}"
            elif path in seen:
                yield f"{w}.path", f"{path} indexed twice"
            else:
                seen.add(path)
        if "kontrol" in b:
            ids = b["kontrol"]
            if not isinstance(ids, list) or not ids or not all(_matches(IDENT, c) for c in ids):
                yield f"{w}.kontrol", ("expected a non-empty list of control ids, "
                                       f"found {_found(ids)}")
            elif len(set(ids)) != len(ids):
                yield f"{w}.kontrol", "a control id is listed twice"
        yield from _text(b, "uraian", f"{w}.uraian")
        dk = b.get("dikumpulkan")
        if "dikumpulkan" in b and not (isinstance(dk, str) and (_date_ok(dk) or _timestamp_ok(dk))):
            yield f"{w}.dikumpulkan", ("expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
                                       f"found {_found(dk)}")


def evidence_paths(audit: dict[str, Any]) -> list[str]:
    """The ``bukti[].path`` values of a (validated) audit record."""
    return [b["path"] for b in audit.get("bukti") or [] if isinstance(b, dict)
            and isinstance(b.get("path"), str)]
