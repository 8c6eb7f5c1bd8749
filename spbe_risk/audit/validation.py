"""Form checks of an ``audit.json`` record: every problem as ``(location, message)``.

The executable form of ``evidence/audit.schema.json``; messages say where, what was
expected and what was found. Schema 1 records (one ``auditor``) and schema 2 records
(``tim_auditor``, ``lembaga``, ``surat_keterangan``, …) are both checked, each against
its own keys. Whether a well-formed record *proves* an audit (completeness, who may meet
the duty) is not a form question: see ``evidence.auditcheck`` and ``audit.duties``.

The bag path rules live with the bundle mechanics; a caller passes them in as
``path_problem`` (so this module stays pure and independent of ``evidence``).

Layer: core (pure). May import only the vocabulary and other ``audit`` modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from spbe_risk.audit.jsonform import found as _found
from spbe_risk.audit.jsonform import is_text as _is_text
from spbe_risk.audit.jsonform import kind_of as _kind
from spbe_risk.audit.metadata import (
    ANGGOTA_KEYS,
    AUDITOR_KEYS,
    BUKTI_KEYS,
    DESAIN,
    DRAFT_KEY,
    EFEKTIVITAS,
    EVIDENCE_PREFIX,
    ID_AUDIT,
    IDENT,
    IMPLEMENTASI,
    JENIS_AUDIT,
    KESIMPULAN_KEYS,
    KIND,
    LEMBAGA_KEYS,
    NIP,
    PELAKSANA,
    PERAN,
    PERIODE,
    SCHEMA_VERSIONS,
    SURAT_KEYS,
    TEMUAN_KEYS,
    TINGKAT,
    TOP_KEYS_V1,
    TOP_KEYS_V2,
    WAKTU_KEYS,
)
from spbe_risk.messages import N_, msg

MAX_TEXT = 20_000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

Problems = Iterator[tuple[str, str]]


def validate(audit: Any, complete: bool = True,
             path_problem: Callable[[str], str | None] | None = None) -> list[tuple[str, str]]:
    """Every problem as ``(location, message)``; an empty list means valid.

    ``complete=False`` is the check of a folder being filled in: the scope and the ketua
    tim may still be missing. (Purpose and dates are completeness, not form: a draft may
    be sealed without them; see ``evidence.auditcheck``.) Sealing and
    verifying use ``complete=True``.
    """
    return list(_validate(audit, complete, path_problem))


def _validate(a: Any, complete: bool, path_problem: Callable[[str], str | None] | None
              ) -> Problems:
    if not isinstance(a, dict):
        yield "", f"expected an object, found {_kind(a)}"
        return
    version = a.get("schema_version")
    if "schema_version" in a and version not in SCHEMA_VERSIONS:
        yield "schema_version", (f"expected one of {', '.join(map(str, SCHEMA_VERSIONS))}, "
                                 f"found {_found(version)}")
        return
    top = TOP_KEYS_V1 if version == 1 else TOP_KEYS_V2
    yield from _keys(a, "", (*top, DRAFT_KEY), top)
    if DRAFT_KEY in a and a[DRAFT_KEY] is not True:
        yield DRAFT_KEY, f"expected true (or no key at all), found {_found(a[DRAFT_KEY])}"
    if a.get("kind", KIND) != KIND:
        yield "kind", f"expected {KIND!r}, found {_found(a.get('kind'))}"
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
    if version == 1:
        yield from _auditor_v1(a)
    else:
        yield from _v2(a, complete)
    yield from _kesimpulan(a.get("kesimpulan"), strict_path=version != 1)
    yield from _temuan(a.get("temuan"))
    yield from _bukti(a.get("bukti"), path_problem)


def _auditor_v1(a: dict[str, Any]) -> Problems:
    if "auditor" not in a:
        return
    au = a["auditor"]
    if not isinstance(au, dict):
        yield "auditor", f"expected an object {{nama, nip, organisasi}}, found {_kind(au)}"
        return
    yield from _keys(au, "auditor", AUDITOR_KEYS, ("nama", "organisasi"))
    yield from _text(au, "nama", "auditor.nama", required=True, limit=200)
    yield from _text(au, "organisasi", "auditor.organisasi", required=True, limit=200)
    if au.get("nip") is not None and not _matches(NIP, au["nip"]):
        yield "auditor.nip", f"expected 18 digits (NIP) or null, found {_found(au['nip'])}"


def _v2(a: dict[str, Any], complete: bool) -> Problems:
    yield from _text(a, "tujuan", "tujuan")
    for key in ("pembatasan_distribusi", "batasan_lingkup", "pernyataan_independensi"):
        yield from _text(a, key, key)
    yield from _text(a, "tanggapan_auditan", "tanggapan_auditan", nullable=True)
    yield from _waktu(a.get("waktu_pelaksanaan"))
    yield from _tim(a.get("tim_auditor"), complete)
    lb = a.get("lembaga")
    if "lembaga" in a:
        if not isinstance(lb, dict):
            yield "lembaga", ("expected an object {nama, nomor_registrasi, nomor_akreditasi}, "
                              f"found {_kind(lb)}")
        else:
            yield from _keys(lb, "lembaga", LEMBAGA_KEYS, LEMBAGA_KEYS)
            yield from _text(lb, "nama", "lembaga.nama", required=True, limit=200)
            for key in ("nomor_registrasi", "nomor_akreditasi"):
                yield from _text(lb, key, f"lembaga.{key}", nullable=True, limit=200)
    sk = a.get("surat_keterangan")
    if sk is not None:
        if not isinstance(sk, dict):
            yield "surat_keterangan", ("expected an object {nomor, tanggal} or null, "
                                       f"found {_kind(sk)}")
        else:
            yield from _keys(sk, "surat_keterangan", SURAT_KEYS, SURAT_KEYS)
            yield from _text(sk, "nomor", "surat_keterangan.nomor", required=True, limit=200)
            if "tanggal" in sk and not (isinstance(sk["tanggal"], str)
                                        and _date_ok(sk["tanggal"])):
                yield "surat_keterangan.tanggal", ("expected a date YYYY-MM-DD, found "
                                                   f"{_found(sk['tanggal'])}")
    pn = a.get("penerima")
    if "penerima" in a:
        if not isinstance(pn, list):
            yield "penerima", f"expected a list of recipients, found {_kind(pn)}"
        else:
            for i, item in enumerate(pn):
                yield from _text({"p": item}, "p", f"penerima[{i}]", required=True, limit=400)


def _waktu(w: Any) -> Problems:
    if w is None:
        return
    if not isinstance(w, dict):
        yield "waktu_pelaksanaan", f"expected an object {{mulai, selesai}}, found {_kind(w)}"
        return
    yield from _keys(w, "waktu_pelaksanaan", WAKTU_KEYS, WAKTU_KEYS)
    days: dict[str, date] = {}
    for key in WAKTU_KEYS:
        value = w.get(key)
        if value is None:
            continue
        if isinstance(value, str) and _date_ok(value):
            days[key] = date.fromisoformat(value)
        else:
            yield f"waktu_pelaksanaan.{key}", ("expected a date YYYY-MM-DD or null, "
                                               f"found {_found(value)}")
    if len(days) == 2 and days["selesai"] < days["mulai"]:
        yield "waktu_pelaksanaan.selesai", (f"expected a date on or after mulai "
                                            f"{days['mulai'].isoformat()}, found "
                                            f"{days['selesai'].isoformat()}")


def _tim(value: Any, complete: bool) -> Problems:
    if value is None:
        return
    ketua = 0
    names: set[str] = set()
    members = list(_list_of_objects(value))
    for entry in members:
        if isinstance(entry, str):
            yield "tim_auditor", entry
            continue
        i, m = entry
        w = f"tim_auditor[{i}]"
        yield from _keys(m, w, ANGGOTA_KEYS, ANGGOTA_KEYS)
        yield from _text(m, "nama", f"{w}.nama", required=True, limit=200)
        if isinstance(m.get("nama"), str):
            if m["nama"] in names:
                yield f"{w}.nama", f"{m['nama']!r} is listed twice in the team"
            names.add(m["nama"])
        yield from _enum(m, "peran", PERAN, f"{w}.peran")
        ketua += m.get("peran") == "ketua"
        yield from _text(m, "sertifikat", f"{w}.sertifikat", nullable=True, limit=200)
        yield from _text(m, "jabatan", f"{w}.jabatan", nullable=True, limit=200)
        if "pegawai_tetap" in m and not isinstance(m["pegawai_tetap"], bool):
            yield f"{w}.pegawai_tetap", f"expected true or false, found {_found(m['pegawai_tetap'])}"
        if m.get("nip") is not None and not _matches(NIP, m["nip"]):
            yield f"{w}.nip", f"expected 18 digits (NIP) or null, found {_found(m['nip'])}"
    if ketua > 1:
        yield "tim_auditor", f"expected one ketua tim, found {ketua}"
    elif complete and isinstance(value, list) and ketua == 0:
        yield "tim_auditor", ("expected one member with peran ketua (the ketua tim signs "
                              "the report), found none")


def _keys(obj: dict[str, Any], where: str, allowed: tuple[str, ...],
          required: tuple[str, ...]) -> Problems:
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
          nullable: bool = False) -> Problems:
    if key not in obj or (nullable and obj[key] is None):
        return
    if obj[key] not in allowed:
        extra = " or null" if nullable else ""
        yield where, f"expected one of {', '.join(allowed)}{extra}; found {_found(obj[key])}"


def _text(obj: dict[str, Any], key: str, where: str, required: bool = False,
          nullable: bool = False, limit: int = MAX_TEXT) -> Problems:
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


def _list_of_objects(value: Any) -> Iterator[tuple[int, dict[str, Any]] | str]:
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


def _kesimpulan(value: Any, strict_path: bool = True) -> Problems:
    """Per-control conclusions; ``strict_path``: a schema-2 record must follow K15's path
    (no implementasi after desain tidak-memadai); schema 1 records, sealed before that
    rule, keep it and are read as the matrix's "-" row."""
    seen: set[str] = set()
    for entry in _list_of_objects(value):
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
        from spbe_risk.audit.konklusi import path_problem as konklusi_problem

        problem = konklusi_problem(k.get("desain"), k.get("implementasi"),
                                   k.get("efektivitas"))
        if problem and (strict_path or problem[0] != "@.implementasi"):
            yield problem[0].replace("@", w), problem[1]


def _temuan(value: Any) -> Problems:
    seen: set[str] = set()
    for entry in _list_of_objects(value):
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


def _bukti(value: Any, path_problem: Callable[[str], str | None] | None) -> Problems:
    seen: set[str] = set()
    for entry in _list_of_objects(value):
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
            elif path_problem is not None and (problem := path_problem(path)) is not None:
                yield f"{w}.path", msg(N_("path tidak aman %(path)s: %(problem)s"),
                                       path=_found(path), problem=problem)
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
