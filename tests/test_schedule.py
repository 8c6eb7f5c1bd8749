"""Audit schedule: rule table, date arithmetic, urgency, evidence, iCalendar, --fail-on."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import read_entries, write_entries
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import edit
from spbe_risk.cli import main
from spbe_risk.load import read_audit_rules
from spbe_risk.model import Aset, AturanAudit
from spbe_risk.resources import controls_dir
from spbe_risk.schedule import (
    AuditSelesai,
    add_months,
    compute_schedule,
    fails,
    practical_deadline,
    rules_for,
    schedule_item,
)

RULES_FILE = controls_dir() / "audit-rules" / "perpres-95-2018.yaml"
D = dt.date


def _rules():
    problems: list = []
    rules = read_audit_rules("r.yaml", RULES_FILE.read_bytes(), problems)
    assert problems == []
    return rules


def test_rule_table_golden():
    got = [(r.id, r.jenis_audit, r.jenis_aset, r.frekuensi_bulan, r.tanggung_jawab,
            r.internal_dulu, r.confidence) for r in _rules()]
    infra = ("pusat-data", "jaringan-intra", "sistem-penghubung-layanan", "infrastruktur-lain")
    assert got == [
        ("keamanan-aplikasi-khusus", "keamanan", ("aplikasi-khusus",), 24, "instansi", True,
         "regulation"),
        ("keamanan-infrastruktur-instansi", "keamanan", infra, 24, "instansi", True, "regulation"),
        ("keamanan-aplikasi-umum", "keamanan", ("aplikasi-umum",), 12, "nasional", False,
         "regulation"),
        ("infrastruktur-instansi", "infrastruktur", infra, 24, "instansi", False, "regulation"),
        ("aplikasi-umum", "aplikasi", ("aplikasi-umum",), 12, "nasional", False, "secondary"),
        ("aplikasi-khusus", "aplikasi", ("aplikasi-khusus",), 24, "instansi", False,
         "regulation"),
    ]


def test_leap_day_and_month_ends():
    assert add_months(D(2024, 2, 29), 24) == D(2026, 2, 28)
    assert add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_practical_deadline_skips_weekends_and_holidays():
    holidays = {D(2026, 8, 17): "Hari Kemerdekaan"}
    assert practical_deadline(D(2026, 8, 17), holidays) == D(2026, 8, 14)   # Monday holiday
    assert practical_deadline(D(2026, 11, 29), {}) == D(2026, 11, 27)       # Sunday
    assert practical_deadline(D(2026, 11, 25), {}) == D(2026, 11, 25)       # Wednesday


dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31))
APP = Aset("app", "Aplikasi", "aplikasi-khusus", "u", D(2020, 1, 1), ("web",))
RULE = AturanAudit("r", "keamanan", ("aplikasi-khusus",), 24, "instansi", "instansi", True)


@settings(max_examples=200)
@given(dates, st.integers(1, 120))
def test_next_due_is_always_after_the_last_audit(last, months):
    due = add_months(last, months)
    assert due > last
    assert (due.year * 12 + due.month) - (last.year * 12 + last.month) == months


@settings(max_examples=200)
@given(st.lists(dates, max_size=5), dates, dates, st.integers(0, 400))
def test_a_later_audit_never_makes_an_item_more_urgent(history, extra, today, within):
    audits = [AuditSelesai("app", "keamanan", d, "internal", "x", "declared") for d in history]
    before = compute_schedule([APP], [RULE], audits, today, within)[0]
    new = AuditSelesai("app", "keamanan", extra, "internal", "x", "declared")
    after = compute_schedule([APP], [RULE], [*audits, new], today, within)[0]
    assert after.sisa_hari >= before.sisa_hari
    if after.terakhir is not None:
        assert after.jatuh_tempo > after.terakhir.tanggal


def test_statuses():
    last = [AuditSelesai("app", "keamanan", D(2024, 5, 14), "internal", "x", "declared")]
    # due 2026-05-14 (Thursday)
    assert schedule_item(APP, RULE, last, D(2026, 1, 1), 90, {}).status == "aman"
    assert schedule_item(APP, RULE, last, D(2026, 3, 1), 90, {}).status == "segera"
    late = schedule_item(APP, RULE, last, D(2026, 5, 15), 90, {})
    assert (late.status, late.sisa_hari) == ("terlambat", -1)
    never = schedule_item(APP, RULE, [], D(2026, 5, 15), 90, {})
    assert (never.status, never.belum_pernah, never.jatuh_tempo) == ("terlambat", True,
                                                                     D(2022, 1, 1))
    assert fails([late, never], "terlambat", 90) == [late, never]


def test_external_audit_without_internal_one_is_flagged():
    audits = [AuditSelesai("app", "keamanan", D(2023, 1, 10), "internal", "x", "declared"),
              AuditSelesai("app", "keamanan", D(2025, 6, 1), "eksternal", "LATIK", "declared")]
    item = schedule_item(APP, RULE, audits, D(2026, 1, 1), 90, {})
    assert item.peringatan == ("audit eksternal 1 Juni 2025 tanpa audit internal dalam 24 bulan "
                               "sebelumnya (Peraturan BSSN 8/2024)",)
    ok = schedule_item(APP, RULE, [*audits, replace(audits[0], tanggal=D(2025, 2, 1))],
                       D(2026, 1, 1), 90, {})
    assert ok.peringatan == ()


def test_strictest_rule_wins_and_internet_condition():
    yearly = AuditSelesai  # noqa: F841  (readability: the rule below is the stricter one)
    strict = AturanAudit("keamanan-internet", "keamanan", ("aplikasi-khusus",), 12, "instansi",
                         "instansi", akses_internet=True)
    assert rules_for(APP, [RULE, strict]) == [RULE]                   # not internet-facing
    online = replace(APP, akses_internet=True)
    assert rules_for(online, [RULE, strict]) == [strict]


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def test_fail_on_exit_codes(mini):
    base = ["schedule", mini, "--format", "json"]
    ok = run(*base, "--today", "2026-01-01", "--fail-on", "terlambat")
    doc = json.loads(ok.stdout)
    item = next(i for i in doc["jadwal"] if i["aset"] == "app-layanan" and
                i["jenis_audit"] == "keamanan")
    assert item["jatuh_tempo"] == "2026-05-14" and item["status"] == "aman"
    # pusat-data was never audited and its first deadline (2022) has passed: terlambat fails
    assert ok.exit_code == 1 and "pusat-data/" in ok.stderr
    edit(mini / "assets.yaml", "    beroperasi_sejak: 2020-01-01",
         "    beroperasi_sejak: 2025-06-01\n    riwayat_audit:\n"
         "      - {jenis_audit: keamanan, tanggal: 2025-10-01, auditor: Inspektorat}\n"
         "      - {jenis_audit: infrastruktur, tanggal: 2025-10-01, auditor: LATIK, "
         "pelaksana: eksternal}")
    edit(mini / "assets.yaml", "      - {jenis_audit: keamanan, tanggal: 2024-05-14, auditor: "
         "LATIK, pelaksana: eksternal}",
         "      - {jenis_audit: keamanan, tanggal: 2024-05-14, auditor: LATIK, pelaksana: "
         "eksternal}\n      - {jenis_audit: aplikasi, tanggal: 2025-05-14, auditor: LATIK, "
         "pelaksana: eksternal}")
    assert run(*base, "--today", "2026-01-01", "--fail-on", "terlambat").exit_code == 0
    assert run(*base, "--today", "2026-01-01", "--fail-on", "segera").exit_code == 0
    assert run(*base, "--today", "2026-03-01", "--fail-on", "segera").exit_code == 1
    assert run(*base, "--today", "2026-03-01", "--fail-on", "terlambat").exit_code == 0
    assert run(*base, "--today", "2026-05-15", "--fail-on", "terlambat").exit_code == 1
    assert run(*base, "--today", "2026-02-30").exit_code == 2


def test_workspace_overrides_rules(mini):
    edit(mini / "instansi.yaml", "kriteria_kemungkinan:",
         "jadwal_audit:\n  peringatan_hari: 30\n  aturan:\n"
         "    - id: keamanan-aplikasi-khusus\n      jenis_audit: keamanan\n"
         "      jenis_aset: [aplikasi-khusus]\n      frekuensi_bulan: 12\n"
         "      pelaksana: Inspektorat\n      tanggung_jawab: instansi\n"
         "kriteria_kemungkinan:")
    doc = json.loads(run("schedule", mini, "--today", "2025-01-01", "--format", "json").stdout)
    item = next(i for i in doc["jadwal"] if i["aset"] == "app-layanan" and
                i["jenis_audit"] == "keamanan")
    assert (item["frekuensi_bulan"], item["jatuh_tempo"]) == (12, "2025-05-14")
    assert doc["peringatan_hari"] == 30


def test_ics_events_alarms_and_stable_uids(mini, tmp_path):
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run("schedule", mini, "--today", "2026-01-01", "--ics", a).exit_code in (0, 1)
    assert run("schedule", mini, "--today", "2026-06-01", "--ics", b).exit_code in (0, 1)
    cal_a = Calendar.from_ical(a.read_bytes())
    cal_b = Calendar.from_ical(b.read_bytes())
    events = {str(e["uid"]): e for e in cal_a.walk("VEVENT")}
    deadlines_b = {str(e["uid"]) for e in cal_b.walk("VEVENT") if ".terlambat@" not in e["uid"]}
    assert {u for u in events if ".terlambat@" not in u} == deadlines_b
    ev = events["app-layanan.keamanan@pemerintah-kabupaten-contoh.spbe-risk"]
    # due Thursday 2026-05-14, Kenaikan Isa Almasih: the practical deadline is the day before
    assert ev["dtstart"].dt == dt.date(2026, 5, 13) and ev["dtend"].dt == dt.date(2026, 5, 14)
    triggers = sorted(al["trigger"].dt for al in ev.walk("VALARM"))
    assert triggers == [dt.timedelta(days=-90), dt.timedelta(days=-30), dt.timedelta(days=-7)]
    assert a.read_bytes() == (tmp_path / "a.ics").read_bytes()
    again = tmp_path / "a2.ics"
    run("schedule", mini, "--today", "2026-01-01", "--ics", again)
    assert again.read_bytes() == a.read_bytes()          # same inputs, same calendar bytes


# --------------------------------------------------------------------------- bundles
@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    from spbe_risk.evidence import keys

    base = tmp_path_factory.mktemp("pki")
    # valid since before the audits below are signed (their signing times are in 2026)
    since = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    keys.init_ca(base / "ca", "CA Kabupaten Contoh", b"ca-password", organisation="Pemkab Contoh",
                 now=since)
    keys.issue_auditor(base / "ca", b"ca-password", name="Siti Auditor", nip="198001012005011001",
                       organisation="Inspektorat Kabupaten Contoh", out=base / "a.p12",
                       password=b"key-password", now=since, days=3650)
    return base


def _bundle(pki: Path, root: Path, bundle_id: str, day: dt.datetime, efektivitas="efektif"):
    from evidence_fixtures.cms import reseal_at

    from spbe_risk.evidence import adding, folder
    from spbe_risk.evidence.seal import seal_folder
    from spbe_risk.evidence.signing import load_signer

    work = root / "work" / bundle_id
    folder.init_folder(work, aset="app-layanan", jenis_audit="keamanan", periode="2026",
                       tim_auditor=[folder.auditmeta.anggota_dict(
                           "Siti Auditor", "ketua", "AUD-TIK-001", True,
                           nip="198001012005011001"),
                           folder.auditmeta.anggota_dict("Rudi Anggota", "anggota", "AUD-TIK-002")],
                       lembaga={"nama": "LATIK Contoh", "nomor_registrasi": "REG-001"},
                       surat_keterangan={"nomor": "SK-001/2026", "tanggal": "2026-01-12"},
                       ruang_lingkup="Autentikasi", tujuan="Uji", mulai="2026-01-05",
                       selesai="2026-01-09",
                       id_audit=bundle_id, pelaksana="eksternal")
    ev = work / "data" / "evidence" / "login.txt"
    ev.write_text("hasil uji login\n")
    adding.add_evidence(work, [ev], ("WEB-1.a",), uraian="uji login")
    folder.conclude(work, "WEB-1.a", "memadai", "sesuai", efektivitas)
    out = root / "audits" / f"{bundle_id}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    signer = load_signer(pki / "a.p12", b"key-password")
    seal_folder(work, signer, out)
    # the signing time is the audit's date: sign again claiming ``day``
    reseal_at(out, out, signer, day)
    shutil.rmtree(root / "work")
    return out


def test_verified_bundle_counts_and_tampered_one_is_rejected(mini, pki):
    (mini / "trust" / "eksternal").mkdir(parents=True)    # the LATIK's CA
    shutil.copy(pki / "ca" / "ca.pem", mini / "trust" / "eksternal" / "ca.pem")
    _bundle(pki, mini, "AUD-2026-0001", dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC))
    bad = _bundle(pki, mini, "AUD-2026-0002", dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC))
    # tamper: change one byte of the evidence file, keeping the ZIP itself canonical
    entries = [(name, data.replace(b"hasil", b"hasiL") if name.endswith("login.txt") else data)
               for name, data in read_entries(bad)]
    write_entries(bad, entries)
    res = run("schedule", mini, "--today", "2026-06-01", "--format", "json")
    doc = json.loads(res.stdout)
    item = next(i for i in doc["jadwal"] if i["aset"] == "app-layanan" and
                i["jenis_audit"] == "keamanan")
    assert item["terakhir"]["tanggal"] == "2026-02-03"
    assert item["terakhir"]["sumber"] == "verified" and item["terakhir"]["bundel"] == "AUD-2026-0001"
    (rejected,) = doc["bukti_ditolak"]
    assert rejected["bundel"].endswith("AUD-2026-0002.zip") and rejected["langkah"] == "payload"
    table = run("schedule", mini, "--today", "2026-06-01")
    assert "evidence rejected" in table.stdout and "AUD-2026-0002.zip" in table.stdout


def test_bundle_without_trust_anchor_does_not_count(mini, pki):
    _bundle(pki, mini, "AUD-2026-0003", dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC))
    doc = json.loads(run("schedule", mini, "--today", "2026-06-01", "--format", "json").stdout)
    item = next(i for i in doc["jadwal"] if i["aset"] == "app-layanan" and
                i["jenis_audit"] == "keamanan")
    assert item["terakhir"]["sumber"] == "declared"
    assert doc["bukti_ditolak"][0]["langkah"] == "signature"


def test_check_warns_when_audit_found_a_linked_control_ineffective(mini, pki):
    (mini / "trust" / "eksternal").mkdir(parents=True)    # the LATIK's CA
    shutil.copy(pki / "ca" / "ca.pem", mini / "trust" / "eksternal" / "ca.pem")
    _bundle(pki, mini, "AUD-2026-0004", dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC),
            efektivitas="belum-efektif")
    reg = mini / "risks" / "diskominfo-2026.yaml"
    edit(reg, "    analisis: {kemungkinan: 2, dampak: 5}",
         "    analisis: {kemungkinan: 2, dampak: 5}\n    aset: [app-layanan]\n"
         "    kontrol:\n      - {id: WEB-1.a, peran: ada}")
    res = run("check", mini)
    assert res.exit_code == 0, res.stderr
    (warning,) = [ln for ln in res.stderr.splitlines() if "warning:" in ln
                  and "[tanpa-penanganan]" not in ln]       # issue 21's gap is another one
    line = reg.read_text().splitlines().index("      - {id: WEB-1.a, peran: ada}") + 1
    assert f"diskominfo-2026.yaml:{line}:" in warning
    assert "AUD-2026-0004" in warning and "effectiveness Not Yet Effective" in warning
    cov = json.loads(run("coverage", mini, "--format", "json").stdout)
    assert cov["kontrol_tidak_efektif"] == [{
        "risiko": "DKI-02", "kontrol": "WEB-1.a", "aset": "app-layanan",
        "id_audit": "AUD-2026-0004", "tanggal": "2026-02-03", "desain": "memadai",
        "efektivitas": "belum-efektif"}]
