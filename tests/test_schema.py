"""The published JSON Schemas: generated from the spec, shipped unchanged, valid, and every
sample file validates against the schema its ``yaml-language-server`` line names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import DATA, REPO
from spbe_risk.cli import main
from spbe_risk.interop.schemas import schema, schema_text
from spbe_risk.load import audit_rules, catalog, context, inventory, matrix, register
from spbe_risk.load import spec as S
from spbe_risk.load.yamlsource import parse

SHIPPED = REPO / "spbe_risk" / "schemas"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)
SAMPLES = sorted([*(REPO / "registers").rglob("*.yaml"), *(REPO / "controls").rglob("*.yaml")])


def as_json(path: Path):
    """The file as the loader parses it, then as JSON sees it (mapping keys become text)."""
    return json.loads(json.dumps(parse(str(path), path.read_bytes()).data))


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("kind", list(S.KINDS))
def test_shipped_schema_equals_generated_and_is_valid(kind):
    path = SHIPPED / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(kind), \
        f"regenerate with: spbe-risk schema --write spbe_risk/schemas ({kind} drifted)"
    jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_sample_names_its_schema_and_validates(path):
    text = path.read_text(encoding="utf-8")
    (ref,) = MODELINE.findall(text)
    target = (path.parent / ref).resolve()
    assert target.is_file() and target.parent == SHIPPED.resolve()
    kind = as_json(path)["kind"]
    assert target.name == f"{kind}.schema.json"
    errors = list(validator(kind).iter_errors(as_json(path)))
    assert not errors, [(list(e.path), e.message) for e in errors[:3]]


@pytest.mark.parametrize("path", [*(DATA / "mini").rglob("*.yaml")], ids=lambda p: p.name)
def test_test_workspace_validates(path):
    doc = as_json(path)
    assert validator(doc["kind"]).is_valid(doc)


def test_schema_rejects_what_check_rejects():
    doc = as_json(REPO / "registers/malinau/risks/dinsos-2026.yaml")
    doc["risiko"][0]["kategori"] = "Kemanan SPBE"
    (err,) = validator("register").iter_errors(doc)
    assert list(err.path) == ["risiko", 0, "kategori"]


def test_loader_key_lists_are_the_spec():
    assert register.RISK_KEYS == S.RISIKO.keys and register.REGISTER_KEYS == S.REGISTER.keys
    assert inventory.ASET_KEYS == S.ASET.keys and context.CONTEXT_KEYS == S.CONTEXT.keys
    assert catalog.KONTROL_KEYS == S.KONTROL.keys and matrix.MATRIX_KEYS == S.MATRIX.keys
    assert audit_rules.RULE_KEYS == S.ATURAN_AUDIT.keys


def test_every_field_is_typed_and_titled_in_both_languages():
    def walk(obj: S.Obj):
        for f in obj.fields:
            yield f
            if f.obj is not None:
                yield from walk(f.obj)
            if f.items is not None and f.items.obj is not None:
                yield from walk(f.items.obj)

    for kind, obj in S.KINDS.items():
        for f in walk(obj):
            assert f.type in S.TYPES, (kind, f.key)
            assert f.title_id and f.title_en, (kind, f.key)
            assert not f.ref or f.ref in S.REFS, (kind, f.key)


def test_schema_command(tmp_path):
    res = CliRunner().invoke(main, ["schema", "register"])
    assert res.exit_code == 0 and json.loads(res.stdout)["$id"].endswith("register.schema.json")
    res = CliRunner().invoke(main, ["schema", "--write", str(tmp_path)])
    assert res.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{k}.schema.json" for k in S.KINDS)
    assert CliRunner().invoke(main, ["schema"]).exit_code == 2
    assert CliRunner().invoke(main, ["schema", "registr"]).exit_code == 2
