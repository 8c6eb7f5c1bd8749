"""Canonical paths and tag files, audit.json validation, and the evidence folder's
doors: ``add`` refuses unsafe names, ``seal`` refuses an incomplete folder."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import KEY_PW, make_folder, pki
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import en
from spbe_risk.cli import main
from spbe_risk.evidence import adding, auditmeta
from spbe_risk.evidence.manifest import (
    BagInfo,
    TagFileError,
    decode_path,
    encode_path,
    format_bag_info,
    format_manifest,
    parse_bag_info,
    parse_manifest,
)
from spbe_risk.evidence.paths import find_collisions, path_problem
from spbe_risk.evidence.seal import plan_folder
from spbe_risk.problems import InputError

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable

HEX = "0" * 64


@pytest.mark.parametrize("path", ["data/a.txt", "data/evidence/Berita Acara é.pdf",
                                  "data/evidence/中文/x", "data/.hidden", "data/a..b"])
def test_canonical_paths_accepted(path):
    assert path_problem(path) is None


@pytest.mark.parametrize("path", ["", "/abs", "a//b", "a/./b", "a/../b", "a\\b", "a:b", "a<b",
                                  'a"b', "a|b", "a?b", "a*b", "a\tb", "a\nb", "nul.txt",
                                  "COM1", "lpt9.log", "x.", "x ", " x", "a%b",
                                  unicodedata.normalize("NFD", "é"), "x" * 241])
def test_unsafe_paths_refused(path):
    assert path_problem(path) is not None


def test_collisions():
    assert find_collisions(["a/B.txt", "a/b.txt"]) == [("a/B.txt", "a/b.txt")]
    assert find_collisions(["Straße", "STRASSE"])      # case folding, not just lower()
    assert find_collisions(["a", "b"]) == []


names = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF), min_size=1,
                max_size=20).map(lambda s: "data/" + s).filter(lambda p: path_problem(p) is None)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(names, st.binary(min_size=32, max_size=32).map(bytes.hex), min_size=1,
                       max_size=8))
def test_manifest_round_trip_and_order(digests):
    if find_collisions(digests):
        return
    data = format_manifest(digests)
    assert parse_manifest(data, prefix="data/") == dict(
        sorted(digests.items(), key=lambda kv: kv[0].encode()))
    assert data.endswith(b"\n") and b"\r" not in data
    lines = data.splitlines()
    assert all(len(line) > 66 and line[64:66] == b"  " for line in lines)


@pytest.mark.parametrize("data, phrase", [
    (b"", "empty"),
    (f"{HEX}  data/a\n".encode().replace(b"\n", b""), "line feed"),
    (b"\xef\xbb\xbf" + f"{HEX}  data/a\n".encode(), "byte-order mark"),
    (f"{HEX.upper()[:-1]}A  data/a\n".encode(), "64 lowercase hex"),
    (f"{HEX} data/a\n".encode(), "two spaces"),
    (f"{HEX}  data/b\n{HEX}  data/a\n".encode(), "out of order"),
    (f"{HEX}  data/a\n{HEX}  data/a\n".encode(), "listed twice"),
    (f"{HEX}  data/a\r\n".encode(), "64 lowercase hex"),
    (f"{HEX}  other/a\n".encode(), "expected it under data/"),
    (f"{HEX}  data/../a\n".encode(), "'..' segment"),
    (f"{HEX}  data/A\n{HEX}  data/a\n".encode(), "collide"),
])
def test_manifest_parse_is_strict(data, phrase):
    with pytest.raises(TagFileError) as caught:
        parse_manifest(data, prefix="data/")
    assert phrase in english(caught.value.message)


def english(message: str) -> str:
    """A message (``messages.Msg``) as an English reader sees it (``--lang en``)."""
    from spbe_risk.messages import render
    from spbe_risk.report.i18n import gettext_for

    return render(message, gettext_for("en"))


def english_problems(error: InputError) -> str:
    """Every problem line of ``error`` as ``--lang en`` prints it."""
    from spbe_risk.report.i18n import gettext_for

    return "\n".join(p.format(gettext_for("en")) for p in error.problems)


def test_percent_encoding():
    assert encode_path("a%b\r\n") == "a%25b%0D%0A"
    assert decode_path("a%25b%0D%0A") == "a%b\r\n"
    with pytest.raises(ValueError):
        decode_path("a%41")


INFO = BagInfo("Inspektorat", "AUD-2026-0001", "2026-07-01", "2026-07-01T09:00:00Z", "10.2",
               "spbe-risk-evidence-bundle/1.0", "keamanan", "APL-1", "2026", "Budi")


def test_bag_info_round_trip_and_strictness():
    data = format_bag_info(INFO)
    assert parse_bag_info(data) == INFO
    lines = data.decode().splitlines()
    swapped = "\n".join([lines[1], lines[0], *lines[2:]]) + "\n"
    for bad, phrase in ((swapped.encode(), "expected label"),
                        (data.replace(b"10.2", b"10"), "Payload-Oxum"),
                        (data.replace(b"09:00:00Z", b"09:00:00+07:00"), "Bagging-Timestamp")):
        with pytest.raises(TagFileError) as caught:
            parse_bag_info(bad)
        assert phrase in english(caught.value.message)
    with pytest.raises(ValueError):
        format_bag_info(BagInfo(*[*INFO.values()[:9], "Budi\nEvil: x"]))


def test_audit_json_strict_parse():
    good = auditmeta.canonical_bytes({"a": 1})
    assert auditmeta.parse(good) == {"a": 1}
    for bad, phrase in ((b'{"a": 1, "a": 2}', "twice"), (b'{"a": 1.5}', "expected an integer"),
                        (b'{"a": NaN}', "found NaN"), (b"[1]", "expected an object"),
                        (b'{"a": }', "not valid JSON"), (b"\xef\xbb\xbf{}", "byte-order"),
                        (b'{"a": "\xff"}', "UTF-8")):
        with pytest.raises(auditmeta.AuditJsonError) as err:
            auditmeta.parse(bad)
        assert phrase in en(err.value.message)


def test_audit_validation_messages():
    a = auditmeta.new_audit(id_audit="AUD-2026-1", aset="APL 1", jenis_audit="audit",
                            periode="2026", lembaga={"nama": "Insp"}, ruang_lingkup="x",
                            tim_auditor=[auditmeta.anggota_dict("", "ketua", nip="12")])
    a["kesimpulan"] = [{"kontrol": "WEB-1.a", "desain": "Memadai", "implementasi": None,
                        "efektivitas": "efektif"}]
    a["temuan"] = [{"id": "T-1", "kontrol": "WEB-1.a", "tingkat": "parah"}]
    a["bukti"] = [{"path": "data/evidence/../x", "kontrol": [], "uraian": "",
                   "dikumpulkan": "kemarin"}]
    a["extra"] = 1
    found = {where: en(message) for where, message in auditmeta.validate(a)}
    assert "AUD-YYYY-NNNN" in found["id_audit"]
    assert "asset id" in found["aset"]
    assert "keamanan, aplikasi, infrastruktur" in found["jenis_audit"]
    assert "non-empty" in found["tim_auditor[0].nama"]
    assert "18 digits" in found["tim_auditor[0].nip"]
    assert "memadai, perlu-peningkatan, tidak-memadai" in found["kesimpulan[0].desain"]
    assert "expected implementasi, found null" in found["kesimpulan[0].efektivitas"]
    assert "kritis, tinggi, sedang, rendah" in found["temuan[0].tingkat"]
    assert found["temuan[0].kondisi"] == "expected this required key, found none"
    assert "expected a safe path" in found["bukti[0].path"]
    assert "non-empty list" in found["bukti[0].kontrol"]
    assert "YYYY-MM-DD" in found["bukti[0].dikumpulkan"]
    assert "unknown key" in found["extra"]


def test_schema_file_lists_the_same_keys():
    schema = json.loads((Path(auditmeta.__file__).parent / "audit.schema.json").read_text())
    from spbe_risk.audit import verifikasi

    assert tuple(sorted(schema["properties"])) == tuple(sorted({*auditmeta.TOP_KEYS,
                                                               *auditmeta.TOP_KEYS_V1,
                                                               auditmeta.DRAFT_KEY,
                                                               *verifikasi.KEYS}))
    assert "draft" not in schema["required"]
    props = schema["properties"]
    assert props["kesimpulan"]["items"]["properties"]["desain"]["enum"] == list(auditmeta.DESAIN)
    assert set(props["temuan"]["items"]["required"]) == set(auditmeta.TEMUAN_KEYS)
    assert set(props["bukti"]["items"]["required"]) == set(auditmeta.BUKTI_KEYS)


def test_add_refuses_unsafe_and_colliding_names(tmp_path):
    base = make_folder(tmp_path, {"Report.txt": b"r"})
    src = tmp_path / "src"
    src.mkdir()
    for name in ("CON.txt", "a:b.txt", "trailing.", "50%.txt"):
        (src / name).write_bytes(b"x")
        with pytest.raises(InputError) as exc:
            adding.add_evidence(base, [src / name], ["WEB-1.a"])
        assert "unsafe name" in english_problems(exc.value)
    (src / "report.TXT").write_bytes(b"x")
    with pytest.raises(InputError) as exc:
        adding.add_evidence(base, [src / "report.TXT"], ["WEB-1.a"])
    assert "already exists" in english_problems(exc.value)
    os.symlink(src / "CON.txt", src / "link.txt")
    with pytest.raises(InputError) as exc:
        adding.add_evidence(base, [src / "link.txt"], ["WEB-1.a"])
    assert "symbolic link" in english_problems(exc.value)
    with pytest.raises(InputError) as exc:
        adding.add_evidence(base, [src / "report.TXT"], ["bad id!"])
    assert "control id" in english_problems(exc.value)
    assert sorted(p.name for p in (base / "data" / "evidence").iterdir()) == ["Report.txt"]


def test_add_normalises_to_nfc(tmp_path):
    base = make_folder(tmp_path, {})
    nfd = unicodedata.normalize("NFD", "café.txt")
    (tmp_path / nfd).write_bytes(b"x")
    added = adding.add_evidence(base, [tmp_path / nfd], ["WEB-1.a"])
    assert added[0].path == "data/evidence/café.txt"
    (tmp_path / "café.txt").write_bytes(b"y")              # the NFC twin now collides
    with pytest.raises(InputError) as exc:
        adding.add_evidence(base, [tmp_path / "café.txt"], ["WEB-1.a"])
    assert "already exists" in english_problems(exc.value)


def test_seal_refuses_incomplete_folder(tmp_path):
    base = make_folder(tmp_path, {"a.txt": b"a"})
    (base / "data" / "evidence" / "stray.txt").write_bytes(b"not indexed")
    (base / "data" / "notes.txt").write_bytes(b"?")
    os.symlink("/etc/passwd", base / "data" / "evidence" / "link")
    audit = json.loads((base / "data" / "audit.json").read_text())
    audit["bukti"].append({"path": "data/evidence/gone.txt", "kontrol": ["WEB-1.a"], "uraian": "",
                           "dikumpulkan": "2026-07-01"})
    (base / "data" / "audit.json").write_text(json.dumps(audit))
    with pytest.raises(InputError) as exc:
        plan_folder(base)
    text = english_problems(exc.value)
    assert "stray.txt: evidence file not indexed" in text
    assert "notes.txt: unexpected file" in text
    assert "link: symbolic link" in text
    assert "bukti lists data/evidence/gone.txt" in text


def test_seal_reports_audit_json_problems_via_cli(tmp_path):
    base = make_folder(tmp_path, {"a.txt": b"a"})
    text = (base / "data" / "audit.json").read_text().replace('"memadai"', '"Memadai"')
    (base / "data" / "audit.json").write_text(text)
    r = CliRunner().invoke(main, ["evidence", "seal", str(base), "--key", str(pki().p12),
                                  "--out", str(tmp_path / "x.zip")],
                           env={"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()})
    assert r.exit_code == 2
    assert "audit.json: kesimpulan[0].desain: diharapkan salah satu dari memadai" in r.output
    assert "ditemukan 'Memadai'" in r.output and "Traceback" not in r.output
    (base / "data" / "audit.json").write_text("{broken")
    r = CliRunner().invoke(main, ["evidence", "check", str(base)])
    assert r.exit_code == 2 and "audit.json:1:2: JSON tidak valid" in r.output
