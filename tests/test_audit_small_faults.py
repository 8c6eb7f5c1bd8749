"""Smaller faults seen by a new user (issue 18 item 7): ids, descriptions, a renamed
unzipped bundle, VERIFY.txt's count, the calendar's alarms and cuti bersama."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner

from conftest import DATA, MALINAU
from spbe_risk.cli import main

ENV = {"SPBE_RISK_LANG": "id"}
LEGACY = DATA / "legacy"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env=ENV)


def init(folder: Path, *extra):
    return run("evidence", "init", folder, "--aset", "app-perencanaan", "--jenis-audit",
               "keamanan", "--periode", "2026", "--ketua-tim", "Budi", "--lembaga",
               "Inspektorat", "--ruang-lingkup", "Autentikasi", *extra)


def test_init_without_id_skips_ids_used_beside_it_and_in_audits(tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    shutil.copytree(MALINAU, ws)
    year = dt.date.today().year
    shutil.copy(ws / "audits" / "AUD-2026-0007.zip", ws / "audits" / f"AUD-{year}-0001.zip")
    monkeypatch.chdir(tmp_path)
    work = tmp_path / "kerja"
    work.mkdir()
    (work / f"AUD-{year}-0002.zip").write_bytes(b"")              # a neighbour's name
    r = init(work / "baru", "--workspace", ws)
    assert r.exit_code == 0, r.output
    got = json.loads((work / "baru" / "data" / "audit.json").read_text())["id_audit"]
    assert got not in {f"AUD-{year}-0001", f"AUD-{year}-0002", "AUD-2026-0007", "AUD-2026-0008"}
    # a folder named after a bundle that already exists in audits/ gets another id, said so
    r = init(work / "AUD-2026-0007", "--workspace", ws)
    assert r.exit_code == 0, r.output
    got = json.loads((work / "AUD-2026-0007" / "data" / "audit.json").read_text())["id_audit"]
    assert got != "AUD-2026-0007" and "AUD-2026-0007 sudah dipakai" in r.output


def test_add_of_an_indexed_path_with_a_new_description_says_so(tmp_path):
    f = tmp_path / "AUD-2026-0001"
    assert init(f).exit_code == 0
    src = tmp_path / "log.txt"
    src.write_text("log\n")
    assert run("evidence", "add", f, src, "--control", "WEB-1.a", "--uraian",
               "Log Oktober").exit_code == 0
    r = run("evidence", "add", f, f / "data" / "evidence" / "log.txt", "--control", "WEB-1.d",
            "--uraian", "Log November")
    assert r.exit_code == 0, r.output
    assert "sudah diindeks; uraiannya diganti (sebelumnya: Log Oktober)" in r.output
    (entry,) = json.loads((f / "data" / "audit.json").read_text())["bukti"]
    assert entry["uraian"] == "Log November" and entry["kontrol"] == ["WEB-1.a", "WEB-1.d"]
    r = run("evidence", "add", f, f / "data" / "evidence" / "log.txt", "--control", "WEB-1.d",
            "--uraian", "Log November")
    assert "diganti" not in r.output                          # same text: nothing to say


def test_renamed_unzipped_bundle_reports_every_step(tmp_path):
    with zipfile.ZipFile(MALINAU / "audits" / "AUD-2026-0007.zip") as zf:
        zf.extractall(tmp_path)
    (tmp_path / "AUD-2026-0007").rename(tmp_path / "bundel-lama")
    r = run("evidence", "verify", tmp_path / "bundel-lama", "--trust",
            MALINAU / "trust" / "internal" / "ca-inspektorat-malinau.pem", "--format", "json")
    assert r.exit_code == 1
    steps = {s["step"]: s["status"] for s in json.loads(r.stdout)["steps"]}
    assert steps == {"container": "passed", "declaration": "failed", "signature": "passed",
                     "tag-manifest": "passed", "payload": "passed", "content": "passed",
                     "completeness": "passed"}
    # a changed file in a renamed folder is still caught by the payload step
    ev = next((tmp_path / "bundel-lama" / "data" / "evidence").rglob("*.txt"))
    ev.write_bytes(ev.read_bytes() + b"x")
    r = run("evidence", "verify", tmp_path / "bundel-lama", "--format", "json")
    steps = {s["step"]: s["status"] for s in json.loads(r.stdout)["steps"]}
    assert steps["payload"] == "failed"


def test_verify_txt_counts_seven_checks_and_old_wording_still_verifies(tmp_path):
    with zipfile.ZipFile(MALINAU / "audits" / "AUD-2026-0008.zip") as zf:
        text = zf.read("AUD-2026-0008/signatures/VERIFY.txt").decode()
    assert "all seven checks" in text and "six" not in text
    # a bundle sealed by the previous version (schema 1, "six checks") stays readable
    old = LEGACY / "AUD-2026-0007-schema1.zip"
    with zipfile.ZipFile(old) as zf:
        assert b"all six checks" in zf.read("AUD-2026-0007/signatures/VERIFY.txt")
        assert json.loads(zf.read("AUD-2026-0007/data/audit.json"))["schema_version"] == 1
    r = run("evidence", "verify", old, "--trust", LEGACY / "ca-inspektorat-schema1.pem")
    assert r.exit_code == 0, r.output
    shown = json.loads(run("evidence", "show", old, "--format", "json").stdout)
    assert shown["konklusi"]["kontrol"][0] == {
        "kontrol": "DAT-5", "area": "manajemen-keamanan-informasi", "desain": "tidak-memadai",
        "implementasi": "tidak-sesuai", "efektivitas": "belum-efektif",
        "konklusi": "tidak-memadai"}


def test_calendar_has_one_alarm_for_all_overdue_duties(tmp_path):
    from icalendar import Calendar

    out = tmp_path / "jadwal.ics"
    r = run("schedule", MALINAU, "--today", "2026-12-01", "--ics", out)
    assert r.exit_code == 0, r.output
    cal = Calendar.from_ical(out.read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    late = [e for e in events if str(e["uid"]).split("@")[0].endswith(".terlambat")]
    assert len(late) >= 20                                       # the sample's overdue duties
    alarms_that_morning = [(e, a) for e in events for a in e.walk("VALARM")
                           if e.decoded("dtstart") == dt.date(2026, 12, 1)]
    (summary, alarm), = alarms_that_morning
    assert str(summary["summary"]).startswith(f"[terlambat] {len(late)} audit TIK")
    listed = str(summary["description"])
    for e in late:              # every overdue duty is named: "(<asset id>)"
        asset = str(e["uid"]).split("@")[0].rsplit(".", 2)[0]
        assert f"({asset})" in listed, asset
    assert str(alarm["trigger"].to_ical().decode()) == "PT8H"


def test_working_day_deadlines_skip_cuti_bersama():
    from spbe_risk.schedule import practical_deadline
    from spbe_risk.sources.clock import holiday_dates

    days = holiday_dates([2026])
    assert "Cuti Bersama" in days[dt.date(2026, 12, 24)]
    # 24 Dec 2026 (Thursday) is cuti bersama: the practical deadline is the day before
    assert practical_deadline(dt.date(2026, 12, 24), days) == dt.date(2026, 12, 23)
    # 25 Dec is Christmas, 26–27 the weekend: back to 23 Dec as well
    assert practical_deadline(dt.date(2026, 12, 27), days) == dt.date(2026, 12, 23)
