"""Issue 9 §3 and issue 10 §6 (loader parts): every problem in one run, bounded; dates in
a sane range; unreadable kinds of files refused; names that are not UTF-8 shown safely."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MALINAU, edit, errors
from spbe_risk.cli import main

REG = "risks/diskominfo-2026.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _messages(ws: Path) -> list[str]:
    return [p.format() for p in errors(ws)]


def test_duplicate_risk_id_reported_beside_other_errors_with_first_occurrence(mini):
    reg = mini / REG
    edit(reg, "  - id: DKI-02", "  - id: DKI-01")
    edit(reg, "    sasaran: Data warga terlindungi", "    sasaran: Data warga terlindungi\n"
              "    foo: 1")
    msgs = _messages(mini)
    lines = reg.read_text().splitlines()
    again = [i for i, ln in enumerate(lines, 1) if ln == "  - id: DKI-01"][1]
    first = [i for i, ln in enumerate(lines, 1) if ln == "  - id: DKI-01"][0]
    name = next(m.split(":")[0] for m in msgs if "foo" in m)
    dup = [m for m in msgs if "DKI-01" in m]
    assert any(m.startswith(f"{name}:{again}:") and f"{name}:{first}:" in m for m in dup), msgs
    assert any(m.startswith(f"{name}:{first}:") and f"{name}:{again}:" in m for m in dup), msgs
    assert any("foo" in m for m in msgs)


def test_duplicate_risk_id_across_files_when_one_has_errors(mini):
    edit(mini / "risks/bappeda-2026.yaml", "  - id: BPD-01", "  - id: DKI-02")
    edit(mini / REG, "kemungkinan: 2, dampak: 5", "kemungkinan: 9, dampak: 5")
    msgs = _messages(mini)
    assert any("DKI-02" in m and "bappeda-2026.yaml:" in m and "diskominfo-2026.yaml:" in m
               for m in msgs), msgs
    assert any("kemungkinan" in m for m in msgs)


def test_opsi_checked_even_when_jenis_is_wrong(mini):
    edit(mini / REG, "      opsi: mitigasi", "      opsi: mitigate")
    edit(mini / REG, "    jenis: negatif\n    kategori: Infrastruktur SPBE",
         "    jenis: Negative\n    kategori: Infrastruktur SPBE")
    msgs = _messages(mini)
    assert any("opsi" in m and "mitigate" in m for m in msgs), msgs
    assert any("jenis" in m for m in msgs)


def test_duplicate_asset_id_reported_even_when_the_asset_has_errors(mini):
    inv = mini / "assets.yaml"
    text = inv.read_text()
    inv.write_text(text + "  - id: pusat-data\n    nama: Pusat Data Dua\n    jenis: pusat-dta\n"
                          "    upr: diskominfo\n    beroperasi_sejak: 2021-01-01\n")
    msgs = _messages(mini)
    lines = inv.read_text().splitlines()
    first, again = [i for i, ln in enumerate(lines, 1) if ln == "  - id: pusat-data"]
    (dup,) = [m for m in msgs if "pusat-data" in m and "again" in m]
    assert f"assets.yaml:{again}:" in dup and f"assets.yaml:{first}:" in dup.split(": ", 1)[1]


def test_build_prints_the_warnings_check_prints(mini, tmp_path):
    edit(mini / REG, "      target: {kemungkinan: 2, dampak: 3}",
         "      target: {kemungkinan: 5, dampak: 5}")
    chk = run("check", mini)
    warnings = [ln for ln in chk.stderr.splitlines() if "warning:" in ln]
    assert warnings
    res = run("build", mini, "--out", tmp_path / "out", "--today", "2026-01-01")
    assert res.exit_code == 0, res.output
    for w in warnings:
        assert w in res.stderr


def test_build_prints_evidence_warnings_too(monkeypatch, mini, tmp_path):
    from spbe_risk.problems import Problem
    from spbe_risk.sources import bundles

    monkeypatch.setattr(bundles, "evidence_warnings",
                        lambda ws, *_: [Problem("x.yaml", 3, 4, "kontrol lemah", "warning")])
    res = run("build", mini, "--out", tmp_path / "out", "--today", "2026-01-01")
    assert "x.yaml:3:4: warning: kontrol lemah" in res.stderr
    chk = run("check", mini)
    assert "x.yaml:3:4: warning: kontrol lemah" in chk.stderr


@pytest.mark.parametrize("cmd", [["matrix"], ["score"], ["score", "--format", "json"]])
def test_unknown_upr_exits_2_with_did_you_mean(mini, cmd):
    res = run(*cmd, mini, "--upr", "diskominf")
    assert res.exit_code == 2, res.output
    assert "diskominf" in res.stderr and "did you mean 'diskominfo'" in res.stderr
    assert run(cmd[0], mini, "--upr", "nope").exit_code == 2


@pytest.mark.parametrize("cmd", ["coverage", "soa"])
def test_unknown_asset_did_you_mean(mini, cmd):
    res = run(cmd, mini, "--asset", "app-layana")
    assert res.exit_code == 2 and "did you mean 'app-layanan'" in res.stderr


def test_coverage_counts_distinct_open_risks():
    doc = json.loads(run("coverage", MALINAU, "--format", "json").stdout)
    ring = doc["ringkasan"]
    distinct = {r["risiko"] for a in doc["aset"] for r in a["risiko_terbuka"]}
    pairs = sum(len(a["risiko_terbuka"]) for a in doc["aset"])
    assert ring["risiko_terbuka"] == len(distinct) == 22
    assert ring["tautan_risiko_terbuka"] == pairs


# --------------------------------------------------------------------------- issue 10 §6
@pytest.mark.parametrize("field,old,new", [
    ("assets.yaml", "beroperasi_sejak: 2022-03-01", "beroperasi_sejak: 9999-06-01"),
    ("assets.yaml", "tanggal: 2024-05-14", "tanggal: 1900-05-14"),
    (REG, "selesai: 2026-06-30", "selesai: 2201-01-01"),
])
def test_dates_outside_1945_2200_are_errors(mini, field, old, new):
    edit(mini / field, old, new)
    res = run("check", mini)
    assert res.exit_code == 2, res.output
    assert "1945" in res.stderr and "2200" in res.stderr
    sched = run("schedule", mini, "--today", "2026-01-01")
    assert sched.exit_code == 2 and "Traceback" not in sched.output


def test_problems_per_file_are_capped(mini):
    reg = mini / REG
    body = "".join(f"  - {{id: X-{i}}}\n" for i in range(3000))
    reg.write_text(reg.read_text() + body)
    msgs = [p for p in errors(mini) if p.file.endswith("diskominfo-2026.yaml")]
    assert len(msgs) == 201
    assert msgs[-1].format().endswith("(at most 200 are listed)")
    assert "… and " in msgs[-1].message and "more problem" in msgs[-1].message
    res = run("check", mini)
    assert res.stderr.count("\n") < 260


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
@pytest.mark.parametrize("target", ["instansi.yaml", "risks/x-2026.yaml"])
def test_fifo_in_workspace_is_refused_not_waited_on(mini, target):
    path = mini / target
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    proc = subprocess.run([sys.executable, "-m", "spbe_risk", "check", str(mini)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "expected a regular file" in proc.stderr and "FIFO" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_register_name_with_invalid_utf8_byte(mini, tmp_path):
    src = os.fsencode(mini / REG)
    os.rename(src, src.replace(b"diskominfo-2026", b"disk\xffominfo-2026"))
    proc = subprocess.run([sys.executable, "-m", "spbe_risk", "score", str(mini), "--format",
                           "json"], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))          # strict: valid UTF-8
    assert any("disk\\xffominfo" in r["file"] for r in doc["risiko"])
    out = subprocess.run([sys.executable, "-m", "spbe_risk", "build", str(mini), "--out",
                          str(tmp_path / "o"), "--today", "2026-01-01"], capture_output=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    (tmp_path / "o" / "scores.csv").read_bytes().decode("utf-8")


@pytest.mark.parametrize("value", ["2026-W01-1", "20260101", "2026-1-1", " 2026-01-01",
                                   "2026-01-01T00:00", "1900-01-01", "9999-12-31"])
def test_today_takes_yyyy_mm_dd_only(mini, value):
    res = run("schedule", mini, "--today", value)
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.stderr, res.output
    assert "Traceback" not in res.output


def test_workspace_folder_with_invalid_utf8_byte_still_finds_its_bundles(mini, tmp_path):
    odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/w\xffs"))
    mini.rename(odd)
    (odd / "audits").mkdir()
    (odd / "audits" / "x.zip").write_bytes(b"not a zip")
    proc = subprocess.run([sys.executable, "-m", "spbe_risk", "schedule", os.fsencode(odd),
                           "--format", "json", "--today", "2026-01-01"], capture_output=True,
                          timeout=60)
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert [Path(r["bundel"]).name for r in doc["bukti_ditolak"]] == ["x.zip"]


def test_duplicate_control_id_reported_even_in_a_catalog_with_errors():
    from spbe_risk.load import load_catalogs
    from spbe_risk.resources import controls_dir

    web = (controls_dir() / "bssn-4-2021-web.yaml").read_bytes()
    local = (b"kind: catalog\nschema_version: 1\nkatalog: {id: lokal, nama: Lokal, "
             b"confidence: draft}\nkontrol:\n  - {id: WEB-1.a, judul: x}\n")
    problems: list = []
    load_catalogs({"web.yaml": web, "zz-lokal.yaml": local}, problems)
    dup = [p for p in problems if "WEB-1.a" in p.message]
    assert any(p.file == "zz-lokal.yaml" and p.line == 5 and "web.yaml:" in p.message
               for p in dup), problems
    assert any(p.file == "web.yaml" and "zz-lokal.yaml:5:" in p.message for p in dup)
