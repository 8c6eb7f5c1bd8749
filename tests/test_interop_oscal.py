"""OSCAL exports: catalogs and assessment results validate and hold together.

Validation uses compliance-trestle 3.x's OSCAL 1.1.3 models, which are generated from
NIST's official OSCAL JSON schemas (the schema files themselves ship in no package we can
install; see docs/reference on what that leaves unchecked). On top of the models, the
tests check what a schema cannot: unique UUIDs, every internal ``#uuid`` link resolving,
findings targeting statements that exist in our exported catalog, hashes matching the
bundle.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from trestle.oscal import OSCAL_VERSION_REGEX
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog

from conftest import MALINAU
from spbe_risk.cli import main
from spbe_risk.interop.ids import OSCAL_VERSION
from spbe_risk.sources import load_shipped_catalogs

BUNDLE = MALINAU / "audits" / "AUD-2026-0007.zip"
CA = MALINAU / "trust" / "internal" / "ca-inspektorat-malinau.pem"
STAMP = "2026-12-01T00:00:00Z"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def walk(node, key):
    """Every value under ``key`` anywhere in a JSON tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from walk(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item, key)


def assert_links_resolve(doc: dict) -> None:
    uuids = list(walk(doc, "uuid"))
    assert len(uuids) == len(set(uuids)), "duplicate uuid"
    for href in walk(doc, "href"):
        if href.startswith("#"):
            assert href[1:] in uuids, f"dangling link {href}"


def export_catalog(cid: str) -> dict:
    res = run("export", "oscal", "catalog", cid, "--last-modified", STAMP)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_oscal_version_is_one_the_models_accept():
    import re

    assert re.fullmatch(OSCAL_VERSION_REGEX, OSCAL_VERSION)


@pytest.mark.parametrize("cid", [k.id for k in load_shipped_catalogs()])
def test_every_catalog_exports_valid_oscal(cid):
    doc = export_catalog(cid)
    Catalog.parse_obj(doc["catalog"])
    assert_links_resolve(doc)


def test_catalog_structure_groups_props_and_regulation_links():
    doc = export_catalog("bssn-4-2021-web")["catalog"]
    assert doc["metadata"]["oscal-version"] == OSCAL_VERSION
    assert doc["metadata"]["last-modified"] == STAMP
    assert len(doc["groups"]) == 13                 # the 13 ayat of Pasal 27
    controls = [c for g in doc["groups"] for c in g["controls"]]
    assert len(controls) == 75
    first = controls[0]
    assert first["id"] == "WEB-1.a" and doc["groups"][0]["title"] == "Autentikasi"
    props = {(p["name"], p["value"]) for p in first["props"]}
    assert {("prinsip", "kerahasiaan"), ("prinsip", "keaslian"), ("area-audit", "FK"),
            ("owasp-asvs-4.0.3", "V2.1.5"), ("iso-27001-2022-annex-a", "A.5.17")} <= props
    (link,) = first["links"]
    assert link["rel"] == "reference"
    assert link["text"] == "Peraturan BSSN Nomor 4 Tahun 2021 Pasal 27 ayat (1) huruf a"
    titles = {r["uuid"]: r["title"] for r in doc["back-matter"]["resources"]}
    assert titles[link["href"][1:]] == link["text"]
    assert [p["name"] for p in first["parts"]] == ["statement", "assessment-method"]


def test_catalog_export_is_deterministic():
    assert export_catalog("bssn-4-2021-mobile") == export_catalog("bssn-4-2021-mobile")


def test_models_reject_a_broken_catalog():
    """The validation can fail: a control without a title is not OSCAL."""
    doc = export_catalog("draft-pusat-data")
    del doc["catalog"]["groups"][0]["controls"][0]["title"]
    with pytest.raises(Exception, match="title"):
        Catalog.parse_obj(doc["catalog"])


def test_unknown_catalog_is_exit_2():
    res = run("export", "oscal", "catalog", "bssn-4-2021-wb")
    assert res.exit_code == 2 and "did you mean 'bssn-4-2021-web'" in res.output


def export_results(*extra) -> dict:
    res = run("export", "oscal", "results", BUNDLE, *extra)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_assessment_results_validate_and_resolve():
    doc = export_results("--workspace", MALINAU)
    AssessmentResults.parse_obj(doc["assessment-results"])
    assert_links_resolve(doc)


def test_results_carry_evidence_hashes_conclusions_and_risks():
    ar = export_results("--workspace", MALINAU)["assessment-results"]
    (result,) = ar["results"]
    with zipfile.ZipFile(BUNDLE) as zf:
        top = zf.namelist()[0].split("/")[0]
        info = zf.read(f"{top}/bag-info.txt").decode()
    stamp = next(ln.split(": ", 1)[1] for ln in info.splitlines()
                 if ln.startswith("Bagging-Timestamp:"))
    assert ar["metadata"]["last-modified"] == stamp          # the bundle's own time
    with zipfile.ZipFile(BUNDLE) as zf:
        digests = {n[len(top) + 1:]: hashlib.sha256(zf.read(n)).hexdigest()
                   for n in zf.namelist() if n.startswith(f"{top}/data/evidence/")}
    resources = {r["uuid"]: r for r in ar["back-matter"]["resources"]}
    assert len(result["observations"]) == len(digests) == 4
    for obs in result["observations"]:
        (ev,) = obs["relevant-evidence"]
        (rlink,) = resources[ev["href"][1:]]["rlinks"]
        assert rlink["hashes"] == [{"algorithm": "SHA-256", "value": digests[rlink["href"]]}]
    states = {f["target"]["target-id"]: f["target"]["status"]["state"] for f in result["findings"]}
    assert states == {"DAT-5_smt": "not-satisfied", "WEB-1.d_smt": "satisfied",
                      "WEB-4.g_smt": "not-satisfied", "WEB-8.a_smt": "satisfied",
                      "WEB-8.c_smt": "satisfied"}
    risks = {r["uuid"]: r for r in result["risks"]}
    temuan = [r for r in risks.values() if r["title"].startswith("Temuan ")]
    assert len(temuan) == 2 and all(r["status"] == "open" for r in temuan)
    scored = [r for r in risks.values() if not r["title"].startswith("Temuan ")]
    assert scored and all(any(p["name"] == "besaran" for p in r["props"]) for r in scored)
    dat5 = next(f for f in result["findings"] if f["target"]["target-id"] == "DAT-5_smt")
    linked = {risks[r["risk-uuid"]]["title"].split(":")[0] for r in dat5["related-risks"]}
    assert "Temuan T-01" in linked and len(linked) >= 2    # the temuan and a register risk


def test_findings_target_statements_of_the_exported_catalogs():
    ar = export_results("--trust", CA)["assessment-results"]
    statements = set()
    for cid in ("bssn-4-2021-web", "draft-data-informasi"):
        statements |= {p["id"] for p in walk(export_catalog(cid), "parts") for p in p
                       if p.get("name") == "statement"}
    targets = {f["target"]["target-id"] for f in ar["results"][0]["findings"]}
    assert targets <= statements


def test_results_export_is_deterministic_and_needs_a_trusted_bundle(tmp_path):
    assert export_results("--trust", CA) == export_results("--trust", CA)
    res = run("export", "oscal", "results", BUNDLE)
    assert res.exit_code == 2 and "trust anchor" in res.output


def test_tampered_bundle_is_refused(tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(BUNDLE) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("uji-xss.txt"):
                data = data.replace(b"a", b"b", 1)
            dst.writestr(info, data)
    res = run("export", "oscal", "results", bad, "--trust", CA, "-o", tmp_path / "out.json")
    assert res.exit_code == 2 and "expected a bundle that verifies" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "out.json").exists()


def test_output_file_is_written(tmp_path):
    out = tmp_path / "sub" / "ar.json"
    shutil.rmtree(out.parent, ignore_errors=True)
    res = run("export", "oscal", "results", BUNDLE, "--trust", CA, "-o", out)
    assert res.exit_code == 0 and json.loads(Path(out).read_text())["assessment-results"]
