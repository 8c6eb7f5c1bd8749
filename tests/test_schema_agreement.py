"""Schema and loader agree: generated valid documents pass both, mutated ones fail both.

Documents are generated from the field specification (``spbe_risk.load.spec``) inside the
mini workspace's context (its UPRs, chosen kategori and areas, its assets, the shipped
catalogs), serialised as JSON (which is YAML 1.2) and given to both the JSON Schema
(``jsonschema``) and the loader. One mutation — a required key dropped, an unknown key
added, a value outside its enumeration, range, date or id form, a required text emptied —
must then make both reject the document.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spbe_risk import vocab
from spbe_risk.interop.schemas import schema
from spbe_risk.load import SourceFiles, load_workspace
from spbe_risk.load import spec as S
from spbe_risk.resources import controls_dir
from spbe_risk.sources import load

MINI = Path(__file__).parent / "data" / "mini"
WS = load(MINI).workspace
assert WS is not None
MATRICES = {p.name: p.read_bytes() for p in (controls_dir() / "matrices").glob("*.yaml")}
# The two catalogs the mini workspace links (fewer controls keep each load fast).
CATALOGS = {n: (controls_dir() / n).read_bytes() for n in ("bssn-4-2021-web.yaml",
                                                          "bssn-4-2021-manajemen.yaml")}
CTX = (MINI / "instansi.yaml").read_bytes()
ASSETS = (MINI / "assets.yaml").read_bytes()
PAIRS = sorted(WS.konteks.selera_risiko.nilai)            # (kategori, jenis) with an appetite
UPR_IDS = [u.id for u in WS.konteks.upr]
ASET_IDS = [a.id for a in WS.aset]
KONTROL_IDS = sorted(k for k in WS.kontrol_by_id() if k.startswith(("WEB-1", "WEB-2", "MNJ-")))
VALIDATORS = {k: jsonschema.Draft202012Validator(schema(k), format_checker=jsonschema.FormatChecker())
              for k in S.KINDS}

words = st.from_regex(r"[A-Za-z][A-Za-z ,.()-]{0,24}[A-Za-z]", fullmatch=True)
day = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
level = st.integers(1, 5)


@st.composite
def penilaian(draw) -> dict:
    return {"kemungkinan": draw(level), "dampak": draw(level)}


@st.composite
def risiko(draw, rid: str) -> dict:
    kategori, jenis = draw(st.sampled_from(PAIRS))
    r: dict[str, Any] = {"id": rid, "sasaran": draw(words), "jenis": jenis, "kategori": kategori,
                         "kejadian": draw(words), "penyebab": draw(words),
                         "uraian_dampak": draw(words),
                         "area_dampak": draw(st.sampled_from(WS.konteks.area_dampak)),
                         "analisis": draw(penilaian())}
    if draw(st.booleans()):
        r["pengendalian_ada"] = draw(words)
    if draw(st.booleans()):
        t: dict[str, Any] = {"opsi": draw(st.sampled_from(vocab.OPSI_PENANGANAN[jenis]))}
        if draw(st.booleans()):
            a, b = sorted([draw(day), draw(day)])
            t["mulai"], t["selesai"] = a.isoformat(), b.isoformat()
        if draw(st.booleans()):
            t["rencana_aksi"] = draw(words)
        if draw(st.booleans()):
            t["target"] = draw(penilaian())
        r["penanganan"] = t
    if draw(st.booleans()):
        periods = draw(st.lists(st.sampled_from(["2026-Q1", "2026-Q2", "2026-S2", "2026-07", "2026"]),
                                min_size=1, max_size=3, unique=True))
        r["pemantauan"] = [{"periode": p, **draw(penilaian()),
                            **({"kondisi": draw(words)} if draw(st.booleans()) else {})}
                           for p in periods]
    if draw(st.booleans()):
        r["aset"] = draw(st.lists(st.sampled_from(ASET_IDS), min_size=1, max_size=2, unique=True))
    if draw(st.booleans()):
        r["kontrol"] = [{"id": c, "peran": draw(st.sampled_from(vocab.PERAN_KONTROL))}
                        for c in draw(st.lists(st.sampled_from(KONTROL_IDS), min_size=1,
                                               max_size=3, unique=True))]
    if draw(st.booleans()):
        r["prinsip"] = draw(st.lists(st.sampled_from(vocab.PRINSIP), min_size=1, max_size=2,
                                     unique=True))
    return r


@st.composite
def register(draw) -> dict:
    n = draw(st.integers(1, 3))
    return {"kind": "register", "schema_version": 1, "upr": draw(st.sampled_from(UPR_IDS)),
            "periode": 2026, "risiko": [draw(risiko(f"GEN-{i + 1}")) for i in range(n)]}


@st.composite
def status(draw) -> dict:
    s = {"status": draw(st.sampled_from(vocab.STATUS_KONTROL))}
    if s["status"] == "tidak-berlaku" or draw(st.booleans()):
        s["justifikasi"] = draw(words)
    return s


@st.composite
def aset(draw, aid: str) -> dict:
    jenis = draw(st.sampled_from(vocab.JENIS_ASET))
    a: dict[str, Any] = {"id": aid, "nama": draw(words), "jenis": jenis,
                         "upr": draw(st.sampled_from(UPR_IDS)),
                         "beroperasi_sejak": draw(day).isoformat()}
    if jenis in vocab.JENIS_APLIKASI or draw(st.booleans()):
        a["platform"] = draw(st.lists(st.sampled_from(vocab.PLATFORM), min_size=1, unique=True))
    if draw(st.booleans()):
        a["klasifikasi_data"] = draw(st.sampled_from(vocab.KLASIFIKASI_DATA))
    if draw(st.booleans()):
        a["akses_internet"] = draw(st.booleans())
    if draw(st.booleans()):
        a["kontrol"] = {c: draw(status()) for c in draw(st.lists(st.sampled_from(KONTROL_IDS),
                                                                  min_size=1, max_size=3, unique=True))}
    if draw(st.booleans()):
        a["riwayat_audit"] = [{"jenis_audit": draw(st.sampled_from(vocab.JENIS_AUDIT)),
                               "tanggal": "2031-01-15", "auditor": draw(words),
                               "pelaksana": draw(st.sampled_from(vocab.PELAKSANA_AUDIT))}]
    return a


@st.composite
def inventory(draw) -> dict:
    n = draw(st.integers(1, 3))
    doc: dict[str, Any] = {"kind": "inventory", "schema_version": 1,
                           "aset": [draw(aset(f"gen-aset-{i + 1}")) for i in range(n)]}
    if draw(st.booleans()):
        doc["kontrol_instansi"] = {c: draw(status()) for c in draw(
            st.lists(st.sampled_from(KONTROL_IDS), min_size=1, max_size=2, unique=True))}
    return doc


def loader_accepts(kind: str, doc: dict) -> bool:
    raw = json.dumps(doc, ensure_ascii=False).encode()
    if kind == "register":
        src = SourceFiles(root="ws", context=("ws/instansi.yaml", CTX),
                          registers={"ws/risks/gen.yaml": raw},
                          inventory=("ws/assets.yaml", ASSETS), matrices=MATRICES,
                          catalogs=CATALOGS)
    else:
        src = SourceFiles(root="ws", context=("ws/instansi.yaml", CTX), registers={},
                          inventory=("ws/assets.yaml", raw), matrices=MATRICES, catalogs=CATALOGS)
    result = load_workspace(src)
    return result.workspace is not None


def schema_accepts(kind: str, doc: dict) -> bool:
    return VALIDATORS[kind].is_valid(doc)


# --------------------------------------------------------------------------- mutations
def slots(obj: S.Obj, value: dict, path: tuple = ()):
    """(path, field, owning object spec) for every key present in ``value``, recursively."""
    for f in obj.fields:
        if f.key not in value:
            continue
        v = value[f.key]
        yield path + (f.key,), f, obj
        if f.type == "object" and isinstance(v, dict):
            yield from slots(f.obj, v, path + (f.key,))
        elif f.type == "list" and isinstance(v, list) and f.items.type == "object":
            for i, item in enumerate(v):
                yield from slots(f.items.obj, item, path + (f.key, i))
        elif f.type == "map" and isinstance(v, dict):
            for k, item in v.items():
                yield from slots(f.obj, item, path + (f.key, k))


def get(doc: Any, path: tuple) -> Any:
    for k in path:
        doc = doc[k]
    return doc


def mutations(kind: str, doc: dict) -> list[tuple[str, tuple, Any]]:
    """Every applicable single mutation: (what, path, new value or a marker)."""
    out: list[tuple[str, tuple, Any]] = []
    owners: dict[tuple, S.Obj] = {(): S.KINDS[kind]}
    for path, f, owner in slots(S.KINDS[kind], doc):
        owners[path[:-1]] = owner
        v = get(doc, path)
        if f.required:
            out.append(("drop", path, None))
        if f.enum is not None and f.type == "text":
            out.append(("set", path, "bukan-nilai-yang-sah"))
        if f.type == "integer" and f.minimum is not None:
            out.append(("set", path, f.minimum - 1))
            out.append(("set", path, "x"))
        if f.type == "date" and v is not None:
            out.append(("set", path, "31/12/2026"))
        if f.type == "id":
            out.append(("set", path, "bukan id!"))
        if f.type == "text" and f.required and f.enum is None:
            out.append(("set", path, ""))
        if f.type == "object":
            out.append(("set", path, ["bukan", "pemetaan"]))
        if f.type == "list" and f.items.type == "object":
            out.append(("set", path, "bukan daftar"))
    for path, owner in owners.items():
        if owner.closed and isinstance(get(doc, path), dict):
            out.append(("add", path + ("kunci_tak_dikenal",), "x"))
    return out


def apply(doc: dict, mutation: tuple[str, tuple, Any]) -> dict:
    what, path, value = mutation
    out = copy.deepcopy(doc)
    parent = get(out, path[:-1])
    if what == "drop":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return out


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(doc=register(), data=st.data())
def test_register_valid_and_mutated_agree(doc, data):
    assert schema_accepts("register", doc), list(VALIDATORS["register"].iter_errors(doc))[0]
    assert loader_accepts("register", doc)
    m = data.draw(st.sampled_from(mutations("register", doc)))
    bad = apply(doc, m)
    assert not schema_accepts("register", bad), m
    assert not loader_accepts("register", bad), m


@SETTINGS
@given(doc=inventory(), data=st.data())
def test_inventory_valid_and_mutated_agree(doc, data):
    assert schema_accepts("inventory", doc), list(VALIDATORS["inventory"].iter_errors(doc))[0]
    assert loader_accepts("inventory", doc)
    m = data.draw(st.sampled_from(mutations("inventory", doc)))
    bad = apply(doc, m)
    assert not schema_accepts("inventory", bad), m
    assert not loader_accepts("inventory", bad), m


def test_every_mutation_of_one_register_is_rejected_by_both():
    """Exhaustive over one rich document, so no kind of mutation hides behind sampling."""
    from spbe_risk.load.yamlsource import parse

    doc = parse("r.yaml", (MINI / "risks" / "diskominfo-2026.yaml").read_bytes()).data
    doc = json.loads(json.dumps(doc))
    assert schema_accepts("register", doc) and loader_accepts("register", doc)
    muts = mutations("register", doc)
    assert len(muts) > 50
    for m in muts:
        bad = apply(doc, m)
        assert not schema_accepts("register", bad), m
        assert not loader_accepts("register", bad), m


def _dump(doc: dict) -> bytes:
    """YAML (not JSON) so integer mapping keys (kriteria levels) survive."""
    import yaml

    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def _context_ok(doc: dict) -> bool:
    src = SourceFiles(root="ws", context=("ws/instansi.yaml", _dump(doc)), registers={},
                      matrices=MATRICES, catalogs=CATALOGS)
    return load_workspace(src).workspace is not None


def _catalog_ok(doc: dict) -> bool:
    from spbe_risk.load import load_catalogs

    problems: list = []
    return bool(load_catalogs({"c.yaml": _dump(doc)}, problems)) and not problems


def _matrix_ok(doc: dict) -> bool:
    from spbe_risk.load import read_matrix

    problems: list = []
    return read_matrix("m.yaml", _dump(doc), problems) is not None and not problems


def _rules_ok(doc: dict) -> bool:
    from spbe_risk.load import read_audit_rules

    problems: list = []
    read_audit_rules("r.yaml", _dump(doc), problems)
    return not problems


@pytest.mark.parametrize("kind, path, accepts", [
    ("context", MINI / "instansi.yaml", _context_ok),
    ("catalog", controls_dir() / "draft-pusat-data.yaml", _catalog_ok),
    ("matrix", controls_dir() / "matrices" / "permenpanrb-5-2020.yaml", _matrix_ok),
    ("audit-rules", controls_dir() / "audit-rules" / "perpres-95-2018.yaml", _rules_ok),
])
def test_every_mutation_of_the_other_kinds_is_rejected_by_both(kind, path, accepts):
    from spbe_risk.load.yamlsource import parse

    doc = parse(str(path), path.read_bytes()).data
    if kind == "catalog":
        doc["kontrol"] = doc["kontrol"][:3]         # three controls show every field
    as_json = json.loads(json.dumps(doc))           # JSON Schema sees text mapping keys
    assert schema_accepts(kind, as_json) and accepts(doc)
    muts = mutations(kind, as_json)
    assert len(muts) > 30
    for m in muts:
        if any(isinstance(k, str) and k.isdigit() for k in m[1]):
            continue                                # a kriteria level key: text in JSON only
        bad = apply(doc, m)
        assert not schema_accepts(kind, json.loads(json.dumps(bad))), m
        assert not accepts(bad), m


def test_conditional_requirements_agree():
    """An application without platform, and tidak-berlaku without justifikasi, fail both."""
    base = {"kind": "inventory", "schema_version": 1, "aset": [
        {"id": "app-x", "nama": "Aplikasi X", "jenis": "aplikasi-umum", "upr": UPR_IDS[0],
         "beroperasi_sejak": "2020-01-01", "platform": ["web"],
         "kontrol": {KONTROL_IDS[0]: {"status": "tidak-berlaku", "justifikasi": "Tidak ada"}}}]}
    assert schema_accepts("inventory", base) and loader_accepts("inventory", base)
    no_platform = copy.deepcopy(base)
    del no_platform["aset"][0]["platform"]
    empty_platform = copy.deepcopy(base)
    empty_platform["aset"][0]["platform"] = []
    no_reason = copy.deepcopy(base)
    del no_reason["aset"][0]["kontrol"][KONTROL_IDS[0]]["justifikasi"]
    blank_reason = copy.deepcopy(base)
    blank_reason["aset"][0]["kontrol"][KONTROL_IDS[0]]["justifikasi"] = ""
    for bad in (no_platform, empty_platform, no_reason, blank_reason):
        assert not schema_accepts("inventory", bad)
        assert not loader_accepts("inventory", bad)
    infra = copy.deepcopy(no_platform)
    infra["aset"][0]["jenis"] = "pusat-data"          # platform is optional for infrastructure
    assert schema_accepts("inventory", infra) and loader_accepts("inventory", infra)
