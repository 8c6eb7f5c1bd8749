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

from spbe_risk.audit import diagnostics as D
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
        yield "", D.NOT_AN_OBJECT(found=_kind(a))
        return
    version = a.get("schema_version")
    if "schema_version" in a and version not in SCHEMA_VERSIONS:
        yield "schema_version", D.ONE_OF(allowed=", ".join(map(str, SCHEMA_VERSIONS)),
                                         or_null="", found=_found(version))
        return
    top = TOP_KEYS_V1 if version == 1 else TOP_KEYS_V2
    yield from _keys(a, "", (*top, DRAFT_KEY), top)
    if DRAFT_KEY in a and a[DRAFT_KEY] is not True:
        yield DRAFT_KEY, D.NOT_TRUE(found=_found(a[DRAFT_KEY]))
    if a.get("kind", KIND) != KIND:
        yield "kind", D.ONE_OF(allowed=repr(KIND), or_null="", found=_found(a.get("kind")))
    if "id_audit" in a and not _matches(ID_AUDIT, a["id_audit"]):
        yield "id_audit", _pattern(D.W_ID_AUDIT, a["id_audit"])
    if "aset" in a and not _matches(IDENT, a["aset"]):
        yield "aset", _pattern(D.W_ASSET_ID, a["aset"])
    yield from _enum(a, "jenis_audit", JENIS_AUDIT, "jenis_audit")
    yield from _enum(a, "pelaksana", PELAKSANA, "pelaksana")
    yield from _text(a, "periode", "periode", required=True, limit=64)
    if isinstance(a.get("periode"), str) and a["periode"].strip() and not _matches(
            PERIODE, a["periode"]):
        yield "periode", _pattern(D.W_PERIODE, a["periode"])
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
        yield "auditor", _shape(AUDITOR_KEYS, au)
        return
    yield from _keys(au, "auditor", AUDITOR_KEYS, ("nama", "organisasi"))
    yield from _text(au, "nama", "auditor.nama", required=True, limit=200)
    yield from _text(au, "organisasi", "auditor.organisasi", required=True, limit=200)
    if au.get("nip") is not None and not _matches(NIP, au["nip"]):
        yield "auditor.nip", _pattern(D.W_NIP, au["nip"])


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
            yield "lembaga", _shape(LEMBAGA_KEYS, lb)
        else:
            yield from _keys(lb, "lembaga", LEMBAGA_KEYS, LEMBAGA_KEYS)
            yield from _text(lb, "nama", "lembaga.nama", required=True, limit=200)
            for key in ("nomor_registrasi", "nomor_akreditasi"):
                yield from _text(lb, key, f"lembaga.{key}", nullable=True, limit=200)
    sk = a.get("surat_keterangan")
    if sk is not None:
        if not isinstance(sk, dict):
            yield "surat_keterangan", _shape(SURAT_KEYS, sk, nullable=True)
        else:
            yield from _keys(sk, "surat_keterangan", SURAT_KEYS, SURAT_KEYS)
            yield from _text(sk, "nomor", "surat_keterangan.nomor", required=True, limit=200)
            if "tanggal" in sk and not (isinstance(sk["tanggal"], str)
                                        and _date_ok(sk["tanggal"])):
                yield "surat_keterangan.tanggal", D.DATE(or_null="", found=_found(sk["tanggal"]))
    pn = a.get("penerima")
    if "penerima" in a:
        if not isinstance(pn, list):
            yield "penerima", _pattern(D.W_RECIPIENTS, pn)
        else:
            for i, item in enumerate(pn):
                yield from _text({"p": item}, "p", f"penerima[{i}]", required=True, limit=400)


def _waktu(w: Any) -> Problems:
    if w is None:
        return
    if not isinstance(w, dict):
        yield "waktu_pelaksanaan", _shape(WAKTU_KEYS, w)
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
            yield f"waktu_pelaksanaan.{key}", D.DATE(or_null=D.word(D.OR_NULL),
                                                     found=_found(value))
    if len(days) == 2 and days["selesai"] < days["mulai"]:
        yield "waktu_pelaksanaan.selesai", D.DATE_ORDER(mulai=days["mulai"].isoformat(),
                                                        selesai=days["selesai"].isoformat())


def _tim(value: Any, complete: bool) -> Problems:
    if value is None:
        return
    ketua = 0
    names: set[str] = set()
    members = list(_list_of_objects(value))
    for entry in members:
        if not isinstance(entry[1], dict):
            yield f"tim_auditor{entry[0]}", entry[1]
            continue
        i, m = entry
        w = f"tim_auditor[{i}]"
        yield from _keys(m, w, ANGGOTA_KEYS, ANGGOTA_KEYS)
        yield from _text(m, "nama", f"{w}.nama", required=True, limit=200)
        if isinstance(m.get("nama"), str):
            if m["nama"] in names:
                yield f"{w}.nama", D.USED_TWICE(what=D.word(D.T_NAME), id=repr(m["nama"]))
            names.add(m["nama"])
        yield from _enum(m, "peran", PERAN, f"{w}.peran")
        ketua += m.get("peran") == "ketua"
        yield from _text(m, "sertifikat", f"{w}.sertifikat", nullable=True, limit=200)
        yield from _text(m, "jabatan", f"{w}.jabatan", nullable=True, limit=200)
        if "pegawai_tetap" in m and not isinstance(m["pegawai_tetap"], bool):
            yield f"{w}.pegawai_tetap", D.NOT_BOOLEAN(found=_found(m["pegawai_tetap"]))
        if m.get("nip") is not None and not _matches(NIP, m["nip"]):
            yield f"{w}.nip", _pattern(D.W_NIP, m["nip"])
    if ketua > 1:
        yield "tim_auditor", D.KETUA_COUNT(n=ketua)
    elif complete and isinstance(value, list) and ketua == 0:
        yield "tim_auditor", D.NO_KETUA()


def _keys(obj: dict[str, Any], where: str, allowed: tuple[str, ...],
          required: tuple[str, ...]) -> Problems:
    prefix = f"{where}." if where else ""
    for key in obj:
        if key not in allowed:
            yield f"{prefix}{key}", D.UNKNOWN_KEY(allowed=", ".join(allowed))
    for key in required:
        if key not in obj:
            yield f"{prefix}{key}", D.MISSING_KEY()


def _matches(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _enum(obj: dict[str, Any], key: str, allowed: tuple[str, ...], where: str,
          nullable: bool = False) -> Problems:
    if key not in obj or (nullable and obj[key] is None):
        return
    if obj[key] not in allowed:
        yield where, D.ONE_OF(allowed=", ".join(allowed),
                              or_null=D.word(D.OR_NULL) if nullable else "",
                              found=_found(obj[key]))


def _text(obj: dict[str, Any], key: str, where: str, required: bool = False,
          nullable: bool = False, limit: int = MAX_TEXT) -> Problems:
    if key not in obj:
        return
    value = obj[key]
    if nullable and value is None:
        return
    if not isinstance(value, str):
        yield where, D.NOT_TEXT(found=_kind(value))
    elif not _is_text(value):
        yield where, D.NOT_UTF8_TEXT()
    elif required and not value.strip():
        yield where, D.EMPTY_TEXT()
    elif len(value) > limit:
        yield where, D.TOO_LONG(limit=limit, length=len(value))
    elif any(ord(c) < 0x20 and c not in "\n\t" for c in value):
        yield where, D.CONTROL_CHARACTER()


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


def _list_of_objects(value: Any) -> Iterator[tuple[int, dict[str, Any]] | tuple[str, str]]:
    """``(i, item)`` per object of a list; ``(suffix, problem)`` for what is not one
    (suffix ``""`` for the list itself, ``"[i]"`` for an item)."""
    if value is None:
        return
    if not isinstance(value, list):
        yield "", _pattern(D.W_LIST, value)
        return
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            yield f"[{i}]", D.NOT_AN_OBJECT(found=_kind(item))
        else:
            yield i, item


def _pattern(what: str, value: Any) -> str:
    """"diharapkan WHAT, ditemukan VALUE" (WHAT a catalog fragment)."""
    return D.PATTERN(what=D.word(what), found=_found(value))


def _shape(keys: tuple[str, ...], value: Any, nullable: bool = False) -> str:
    """"diharapkan objek {k1, k2}, ditemukan …" (the keys are data, never translated)."""
    return D.SHAPE(shape="{" + ", ".join(keys) + "}",
                   or_null=D.word(D.OR_NULL) if nullable else "", found=_kind(value))


def _kesimpulan(value: Any, strict_path: bool = True) -> Problems:
    """Per-control conclusions; ``strict_path``: a schema-2 record must follow K15's path
    (no implementasi after desain tidak-memadai); schema 1 records, sealed before that
    rule, keep it and are read as the matrix's "-" row."""
    seen: set[str] = set()
    for entry in _list_of_objects(value):
        if not isinstance(entry[1], dict):
            yield f"kesimpulan{entry[0]}", entry[1]
            continue
        i, k = entry
        w = f"kesimpulan[{i}]"
        yield from _keys(k, w, KESIMPULAN_KEYS, KESIMPULAN_KEYS)
        if "kontrol" in k:
            if not _matches(IDENT, k["kontrol"]):
                yield f"{w}.kontrol", _pattern(D.W_CONTROL_ID, k["kontrol"])
            elif k["kontrol"] in seen:
                yield f"{w}.kontrol", D.USED_TWICE(what=D.word(D.T_CONCLUSION), id=k["kontrol"])
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
        if not isinstance(entry[1], dict):
            yield f"temuan{entry[0]}", entry[1]
            continue
        i, t = entry
        w = f"temuan[{i}]"
        yield from _keys(t, w, TEMUAN_KEYS, TEMUAN_KEYS)
        if "id" in t:
            if not _matches(IDENT, t["id"]):
                yield f"{w}.id", _pattern(D.W_FINDING_ID, t["id"])
            elif t["id"] in seen:
                yield f"{w}.id", D.USED_TWICE(what=D.word(D.T_FINDING), id=t["id"])
            else:
                seen.add(t["id"])
        if "kontrol" in t and not _matches(IDENT, t["kontrol"]):
            yield f"{w}.kontrol", _pattern(D.W_CONTROL_ID, t["kontrol"])
        yield from _enum(t, "tingkat", TINGKAT, f"{w}.tingkat")
        for key in ("kondisi", "kriteria", "sebab", "akibat", "rekomendasi"):
            yield from _text(t, key, f"{w}.{key}", required=True)
        yield from _text(t, "tanggapan_manajemen", f"{w}.tanggapan_manajemen", nullable=True)
        bw = t.get("batas_waktu")
        if bw is not None and not (isinstance(bw, str) and _date_ok(bw)):
            yield f"{w}.batas_waktu", D.DATE(or_null=D.word(D.OR_NULL), found=_found(bw))


def _bukti(value: Any, path_problem: Callable[[str], str | None] | None) -> Problems:
    seen: set[str] = set()
    for entry in _list_of_objects(value):
        if not isinstance(entry[1], dict):
            yield f"bukti{entry[0]}", entry[1]
            continue
        i, b = entry
        w = f"bukti[{i}]"
        yield from _keys(b, w, BUKTI_KEYS, BUKTI_KEYS)
        path = b.get("path")
        if "path" in b:
            if not isinstance(path, str):
                yield f"{w}.path", D.NOT_TEXT(found=_kind(path))
            elif not path.startswith(EVIDENCE_PREFIX):
                yield f"{w}.path", D.PATTERN(what=D.word(D.W_EVIDENCE_PATH,
                                                         prefix=EVIDENCE_PREFIX),
                                             found=_found(path))
            elif path_problem is not None and (problem := path_problem(path)) is not None:
                yield f"{w}.path", D.UNSAFE_PATH(found=_found(path), problem=problem)
            elif path in seen:
                yield f"{w}.path", D.USED_TWICE(what=D.word(D.T_EVIDENCE), id=path)
            else:
                seen.add(path)
        if "kontrol" in b:
            ids = b["kontrol"]
            if not isinstance(ids, list) or not ids or not all(_matches(IDENT, c) for c in ids):
                yield f"{w}.kontrol", _pattern(D.W_CONTROL_IDS, ids)
            elif len(set(ids)) != len(ids):
                twice = next(c for c in ids if ids.count(c) > 1)
                yield f"{w}.kontrol", D.USED_TWICE(what=D.word(D.T_CONTROL), id=twice)
        yield from _text(b, "uraian", f"{w}.uraian")
        dk = b.get("dikumpulkan")
        if "dikumpulkan" in b and not (isinstance(dk, str) and (_date_ok(dk) or _timestamp_ok(dk))):
            yield f"{w}.dikumpulkan", _pattern(D.W_COLLECTED, dk)
