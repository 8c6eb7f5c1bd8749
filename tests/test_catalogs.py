"""Control catalogs: counts and ids as in BSSN 4/2021, valid fields, loader errors with lines."""

from __future__ import annotations

import re
import string
from collections import Counter

import pytest

from conftest import en
from spbe_risk import vocab
from spbe_risk.load import load_catalogs
from spbe_risk.resources import controls_dir

FILES = {p.name: p.read_bytes() for p in sorted(controls_dir().glob("*.yaml"))}
# Items per ayat of Pasal 27 (spbe-reference.md §2): 13 functions, 75 items.
WEB_ITEMS = {1: 7, 2: 7, 3: 4, 4: 8, 5: 4, 6: 7, 7: 7, 8: 4, 9: 5, 10: 5, 11: 5, 12: 7, 13: 5}


@pytest.fixture(scope="module")
def katalog():
    problems: list = []
    kats = load_catalogs(FILES, problems)
    assert problems == []
    return {k.id: k for k in kats}


def test_web_catalog_has_all_75_items_of_pasal_27(katalog):
    web = katalog["bssn-4-2021-web"]
    assert len(web.kontrol) == 75
    expected = [f"WEB-{ayat}.{string.ascii_lowercase[i]}" for ayat, n in WEB_ITEMS.items()
                for i in range(n)]
    assert [k.id for k in web.kontrol] == expected
    assert len({k.fungsi for k in web.kontrol}) == 13
    # the item texts come from transcriptions, not the regulation's own copy (issue 9 §5)
    assert all(k.confidence == "secondary" and k.platform == ("web",) for k in web.kontrol)
    assert all(k.source["pasal"] == 27 for k in web.kontrol)


def test_k_numbers_skip_the_three_items_the_audit_guide_leaves_out(katalog):
    web = katalog["bssn-4-2021-web"].kontrol
    k_numbers = {k.id: k.references.get("panduan_audit_bssn") for k in web}
    assert [k_numbers[i] for i in ("WEB-4.c", "WEB-7.d", "WEB-12.f")] == [None, None, None]
    numbered = [v for v in k_numbers.values() if v]
    assert numbered == [f"K{i}" for i in range(1, 73)]


def test_mobile_catalog_functions_and_known_items(katalog):
    mob = katalog["bssn-4-2021-mobile"].kontrol
    ids = {k.id for k in mob}
    for known in ("MOB-1.a", "MOB-1.e", "MOB-2.a", "MOB-2.e", "MOB-3.a", "MOB-3.d"):
        assert known in ids
    assert len({k.fungsi for k in mob}) == 7
    assert all(k.confidence == "draft" for k in mob if re.fullmatch(r"MOB-[4-7]", k.id))


def test_every_control_is_well_formed(katalog):
    all_controls = [k for kat in katalog.values() for k in kat.kontrol]
    assert len({k.id for k in all_controls}) == len(all_controls)
    for k in all_controls:
        assert k.prinsip and set(k.prinsip) <= set(vocab.PRINSIP), k.id
        assert k.berlaku_untuk and set(k.berlaku_untuk) <= set(vocab.JENIS_ASET), k.id
        assert k.area_audit in vocab.AREA_AUDIT and k.bukti_umum and k.judul_en, k.id
    for kat in katalog.values():
        if kat.id.startswith("draft-"):
            assert kat.confidence == "draft" and "bukan teks regulasi" in kat.catatan.lower()
            # each draft catalog covers every principle at least once
            assert set(vocab.PRINSIP) <= {p for k in kat.kontrol for p in k.prinsip}, kat.id


def test_duplicate_control_id_across_catalogs_is_an_error():
    web = FILES["bssn-4-2021-web.yaml"].decode()
    copy = "kind: catalog\nschema_version: 1\nkatalog:\n  id: lokal\n  nama: Lokal\n  confidence: draft\n" \
           "kontrol:\n" + web[web.index("  - id: WEB-1.a"):web.index("  - id: WEB-1.b")]
    problems: list = []
    load_catalogs({"a.yaml": FILES["bssn-4-2021-web.yaml"], "b.yaml": copy.encode()}, problems)
    first, again = sorted(problems)          # the first occurrence is named too (issue 9 §3)
    assert again.file == "b.yaml" and again.line == 8
    assert ("expected control ids unique across all catalogs, found 'WEB-1.a' also at "
            f"a.yaml:{first.line}:{first.col}") in en(again.message)
    assert first.file == "a.yaml" and "again at b.yaml:8:" in en(first.message)


@pytest.mark.parametrize("old,new,message", [
    ("prinsip: [kerahasiaan, keaslian]", "prinsip: [kerahasiaan, keasliann]", "did you mean 'keaslian'?"),
    ("area_audit: FK", "area_audit: XK", "area_audit: expected one of TK, MK, FK, found 'XK'"),
    ("confidence: secondary\n    references", "confidence: pasti\n    references",
     "confidence: expected one of regulation, secondary, draft, found 'pasti'"),
])
def test_catalog_field_errors(old, new, message):
    text = FILES["bssn-4-2021-web.yaml"].decode()
    assert old in text
    text = text.replace(old, new, 1)
    line = text[:text.index(new)].count("\n") + 1
    problems: list = []
    load_catalogs({"w.yaml": text.encode()}, problems)
    assert any(message in en(p.message) and p.line == line for p in problems), problems


def test_catalog_counts_per_confidence(katalog):
    counts = Counter(k.confidence for kat in katalog.values() for k in kat.kontrol)
    assert counts["secondary"] >= 75 and counts["regulation"] >= 14
    assert counts["draft"] > 0
