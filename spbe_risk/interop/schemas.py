"""JSON Schema (draft 2020-12) for every file kind, generated from ``spbe_risk.load.spec``.

The loader takes its key lists from the same specification, so editors (VS Code with the
YAML extension, via ``# yaml-language-server: $schema=…``) and ``spbe-risk check`` agree
on keys, types, required keys and allowed values. What needs another file (a kategori
chosen in ``instansi.yaml``, an asset id from ``assets.yaml``, levels within the chosen
matrix) only the loader checks.

The generated files ship in the package (``spbe_risk/schemas/<kind>.schema.json``); a test
keeps them equal to what this module generates.

Layer: shell (interop). Pure: imports ``load.spec`` and ``load.fields`` patterns only.
"""

from __future__ import annotations

import json
from typing import Any

from spbe_risk.load.fields import ID_PATTERN
from spbe_risk.load.spec import KINDS, REFS, WHERE, Field, Obj

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://spbe-risk.invalid/schema/"
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
NON_BLANK = r"\S"


def _words(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if f.title_id or f.title_en:
        out["title"] = " — ".join(t for t in (f.title_id, f.title_en) if t)
    desc = [d for d in (f.desc_id, f.desc_en) if d]
    if f.ref:
        ref_id, ref_en = REFS[f.ref]
        desc.append(f"spbe-risk check: {ref_id}. spbe-risk check: {ref_en}.")
    if desc:
        out["description"] = "\n\n".join(desc)
    return out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _loader_nullable(f: Field) -> bool:
    """Where the loader treats null as absent (optional free text and dates, lists of
    text, and fields the specification marks nullable)."""
    if f.required:
        return False
    if f.nullable:
        return True
    if f.type == "text" and f.enum is None:
        return True
    if f.type == "date":
        return True
    return f.type == "list" and f.items is not None and f.items.type == "text"


def field_schema(f: Field, defs: dict[str, Any]) -> dict[str, Any]:
    t = f.type
    s: dict[str, Any]
    if t == "text":
        if f.enum is not None:
            s = {"type": "string", "enum": list(f.enum)}
        else:
            s = {"type": "string"}
            if f.required:
                s["pattern"] = NON_BLANK
    elif t == "id":
        s = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
    elif t == "integer":
        s = {"type": "integer"}
        if f.minimum is not None:
            s["minimum"] = f.minimum
        if f.maximum is not None:
            s["maximum"] = f.maximum
    elif t == "boolean":
        s = {"type": "boolean"}
    elif t == "date":
        s = dict(DATE)
    elif t == "year":
        s = {"anyOf": [{"type": "integer", "minimum": 2000, "maximum": 2100},
                       {"type": "string", "pattern": "^(20[0-9]{2}|2100)$"}]}
    elif t == "periode-pantau":
        s = {"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                       {"type": "string",
                        "pattern": r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-S[12])?$"}]}
    elif t == "list":
        assert f.items is not None
        item = field_schema(f.items, defs)
        s = {"type": "array", "items": item}
        if f.min_items:
            s["minItems"] = f.min_items
        if f.items.type == "text":              # the loader accepts one value for a list
            s = {"anyOf": [s, item]}
    elif t == "object":
        assert f.obj is not None
        s = {"$ref": f"#/$defs/{_define(f.obj, defs)}"}
    elif t == "map":
        assert f.obj is not None
        s = {"type": "object", "propertyNames": {"pattern": f"^{ID_PATTERN.pattern}$"},
             "additionalProperties": {"$ref": f"#/$defs/{_define(f.obj, defs)}"}}
    elif t == "levels":
        s = {"type": "object", "propertyNames": {"pattern": "^([1-9]|10)$"},
             "additionalProperties": {"type": "string"}}
    elif t == "grid":
        s = {"type": "array", "minItems": 1,
             "items": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 1}}}
    elif t == "text-or-object":
        s = {"type": ["string", "object"]}
    elif t == "any":
        s = {}
    else:  # pragma: no cover - the spec's own test lists every type
        raise ValueError(f"unknown field type {t!r}")
    if _loader_nullable(f) and t != "any":
        s = _nullable(s)
    words = _words(f)
    if words and "$ref" in s:
        s = {"allOf": [s], **words}
    else:
        s.update(words)
    return s


def _define(obj: Obj, defs: dict[str, Any]) -> str:
    if obj.name not in defs:
        defs[obj.name] = {}          # reserve (recursion-safe)
        defs[obj.name] = object_schema(obj, defs)
    return obj.name


def object_schema(obj: Obj, defs: dict[str, Any]) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "object",
                         "properties": {f.key: field_schema(f, defs) for f in obj.fields}}
    if obj.required:
        s["required"] = list(obj.required)
    if obj.closed:
        s["additionalProperties"] = False
    conditions = []
    for w in obj.when:
        target = obj[w.required]
        then: dict[str, Any] = {"required": [w.required]}
        if target.type == "list":
            then["properties"] = {w.required: {"anyOf": [{"type": "array", "minItems": 1},
                                                         {"type": "string"}]}}
        elif target.type == "text":
            then["properties"] = {w.required: {"type": "string", "minLength": 1}}
        conditions.append({"if": {"properties": {w.key: {"enum": list(w.values)}},
                                  "required": [w.key]}, "then": then})
    if conditions:
        s["allOf"] = conditions
    return s


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind (``context``, ``register``, …)."""
    obj = KINDS[kind]
    defs: dict[str, Any] = {}
    body = object_schema(obj, defs)
    doc: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"{BASE_ID}{kind}.schema.json",
        "title": f"spbe-risk {kind} ({WHERE[kind]})",
        "description": f"Berkas '{kind}' spbe-risk, schema_version 1. "
                       f"The spbe-risk '{kind}' file, schema_version 1.",
        **body,
    }
    if defs:
        doc["$defs"] = dict(sorted(defs.items()))
    return doc


def schema_text(kind: str) -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


def kinds() -> tuple[str, ...]:
    return tuple(KINDS)
