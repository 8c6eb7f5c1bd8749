"""``export ciso-assistant``: the library passes the checks CISO Assistant's loader makes.

The checks below restate, in our own code, what the library loader of
intuitem/ciso-assistant-community (``backend/library/utils.py``) requires of a library:
required fields of the library, framework, requirement nodes, reference controls and
risk matrix; known object sections; reference-control ``category`` and ``csf_function``
from its fixed lists; every referenced reference control and parent node present; URNs
unique after lower-casing (it keys objects by lower-cased URN); and a matrix grid whose
dimensions match the probability and impact lists and whose cells index the risk list.
"""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from conftest import MALINAU
from spbe_risk.cli import main

OBJECT_FIELDS = {"ttp_catalogs", "tactics", "techniques", "threats", "reference_controls",
                 "metric_definitions", "risk_matrix", "risk_matrices", "framework",
                 "frameworks", "quick_forms", "requirement_mapping_set",
                 "requirement_mapping_sets", "preset", "workflows"}
CATEGORIES = {"policy", "process", "technical", "physical", "procedure"}
CSF_FUNCTIONS = {"govern", "identify", "protect", "detect", "respond", "recover"}
HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def library_problems(lib: dict) -> list[str]:
    out: list[str] = []

    def need(obj: dict, fields: set[str], what: str) -> None:
        missing = sorted(f for f in fields if obj.get(f) in (None, "", [], {}))
        if missing:
            out.append(f"{what}: missing {', '.join(missing)}")

    need(lib, {"ref_id", "urn", "locale", "objects", "version"}, "library")
    if not isinstance(lib.get("version"), int):
        out.append("library: version must be an integer")
    objects = lib.get("objects") or {}
    out += [f"unknown object section {k}" for k in objects if k not in OBJECT_FIELDS]
    urns: list[str] = [lib.get("urn", "")]
    rcs = objects.get("reference_controls") or []
    for i, rc in enumerate(rcs):
        need(rc, {"ref_id", "urn"}, f"reference_controls[{i}]")
        if rc.get("category") is not None and rc["category"] not in CATEGORIES:
            out.append(f"reference_controls[{i}]: category {rc['category']!r}")
        if rc.get("csf_function") is not None and rc["csf_function"] not in CSF_FUNCTIONS:
            out.append(f"reference_controls[{i}]: csf_function {rc['csf_function']!r}")
        urns.append(rc.get("urn", ""))
    rc_urns = {str(rc.get("urn", "")).lower() for rc in rcs}
    for fi, fw in enumerate(objects.get("frameworks") or []):
        need(fw, {"ref_id", "urn"}, f"frameworks[{fi}]")
        nodes = fw.get("requirement_nodes") or []
        if not nodes:
            out.append(f"frameworks[{fi}]: no requirement nodes")
        urns.append(fw.get("urn", ""))
        seen: set[str] = set()
        for ni, node in enumerate(nodes):
            need(node, {"urn"}, f"frameworks[{fi}].requirement_nodes[{ni}]")
            parent = node.get("parent_urn")
            if parent and parent.lower() not in seen:
                out.append(f"node {node.get('urn')}: parent {parent} not defined before it")
            for ref in node.get("reference_controls") or []:
                if ref.lower() not in rc_urns:
                    out.append(f"node {node.get('urn')}: unknown reference control {ref}")
            seen.add(str(node.get("urn", "")).lower())
            urns.append(node.get("urn", ""))
    for mi, mx in enumerate(objects.get("risk_matrices") or []):
        need(mx, {"ref_id", "urn", "probability", "impact", "risk", "grid"}, f"risk_matrices[{mi}]")
        urns.append(mx.get("urn", ""))
        prob, imp, risk = mx.get("probability", []), mx.get("impact", []), mx.get("risk", [])
        for name, levels in (("probability", prob), ("impact", imp), ("risk", risk)):
            if [lv.get("id") for lv in levels] != list(range(len(levels))):
                out.append(f"risk_matrices[{mi}].{name}: ids must be 0..n-1 in order")
        grid = mx.get("grid", [])
        if len(grid) != len(prob) or any(len(row) != len(imp) for row in grid):
            out.append(f"risk_matrices[{mi}]: grid is not {len(prob)}×{len(imp)}")
        if any(not (isinstance(c, int) and 0 <= c < len(risk)) for row in grid for c in row):
            out.append(f"risk_matrices[{mi}]: a grid cell is not a risk index")
        out += [f"risk {r.get('name')}: hexcolor {r.get('hexcolor')!r}" for r in risk
                if not HEX.fullmatch(str(r.get("hexcolor", "")))]
    lowered = [str(u).lower() for u in urns]
    dupes = sorted({u for u in lowered if lowered.count(u) > 1})
    out += [f"duplicate urn {u}" for u in dupes]
    out += [f"urn {u!r} is not urn:…" for u in lowered if not u.startswith("urn:")]
    return out


@pytest.fixture(scope="module")
def library() -> dict:
    res = CliRunner().invoke(main, ["export", "ciso-assistant", str(MALINAU)])
    assert res.exit_code == 0, res.output
    return yaml.safe_load(res.stdout)


def test_library_passes_the_loader_checks(library):
    assert library_problems(library) == []


def test_library_content(library):
    objects = library["objects"]
    assert library["locale"] == "id" and library["provider"] == "spbe-risk"
    from spbe_risk.sources import load_shipped_catalogs

    shipped = sum(len(kat.kontrol) for kat in load_shipped_catalogs())
    assert shipped > 150
    assert len(objects["reference_controls"]) == shipped
    (fw,) = objects["frameworks"]
    assessable = [n for n in fw["requirement_nodes"] if n["assessable"]]
    assert len(assessable) == shipped
    web1a = next(n for n in assessable if n["ref_id"] == "WEB-1.a")
    assert web1a["depth"] == 3 and "kerahasiaan" in web1a["annotation"]
    (mx,) = objects["risk_matrices"]
    assert mx["ref_id"] == "permenpanrb-5-2020"
    assert [r["name"] for r in mx["risk"]] == ["Sangat Rendah", "Rendah", "Sedang", "Tinggi",
                                               "Sangat Tinggi"]
    # besaran 20 (kemungkinan 1, dampak 5) is Tinggi, 9 (5, 1) Sangat Rendah: looked up, not multiplied
    assert mx["grid"][0][4] == 3 and mx["grid"][4][0] == 1
    assert mx["risk"][4]["hexcolor"] == "#FF0000"


@pytest.mark.parametrize("breakage, expected", [
    (lambda lib: lib.pop("version"), "library: missing version"),
    (lambda lib: lib["objects"]["risk_matrices"][0]["grid"].pop(), "grid is not 5×5"),
    (lambda lib: lib["objects"]["risk_matrices"][0]["grid"][0].__setitem__(0, 9),
     "a grid cell is not a risk index"),
    (lambda lib: lib["objects"]["reference_controls"][1].__setitem__(
        "urn", lib["objects"]["reference_controls"][0]["urn"].upper()), "duplicate urn"),
    (lambda lib: lib["objects"]["frameworks"][0]["requirement_nodes"][0].pop("urn"),
     "missing urn"),
    (lambda lib: lib["objects"]["reference_controls"][0].__setitem__("category", "x"),
     "category 'x'"),
])
def test_the_checks_can_fail(library, breakage, expected):
    import copy

    broken = copy.deepcopy(library)
    breakage(broken)
    assert any(expected in p for p in library_problems(broken)), library_problems(broken)


def test_catalog_filter_and_unknown_catalog(tmp_path):
    out = tmp_path / "lib.yaml"
    res = CliRunner().invoke(main, ["export", "ciso-assistant", str(MALINAU), "--catalog",
                                    "bssn-4-2021-mobile", "-o", str(out)])
    assert res.exit_code == 0, res.output
    lib = yaml.safe_load(out.read_text())
    assert library_problems(lib) == []
    assert {rc["ref_id"].split("-")[0] for rc in lib["objects"]["reference_controls"]} == {"MOB"}
    bad = CliRunner().invoke(main, ["export", "ciso-assistant", str(MALINAU), "--catalog", "nope"])
    assert bad.exit_code == 2 and "nope" in bad.output
