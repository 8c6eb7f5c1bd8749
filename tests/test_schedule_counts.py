"""Issue 9 §2 and issue 10 §6 (schedule parts): every overdue duty is counted the same way
everywhere, colours follow urgency, the calendar reminds of overdue duties today, and
event identities and versions are what calendar clients need."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import edit
from spbe_risk.cli import main
from spbe_risk.model import Aset, AturanAudit
from spbe_risk.schedule import compute_schedule, fails, schedule_item, status_counts

D = dt.date
APP = Aset("app", "Aplikasi", "aplikasi-khusus", "u", D(2020, 1, 1), ("web",))
RULE = AturanAudit("r", "keamanan", ("aplikasi-khusus",), 24, "instansi", "instansi", True)
NATIONAL = AturanAudit("n", "aplikasi", ("aplikasi-khusus",), 12, "BRIN", "nasional")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_never_audited_past_deadline_is_terlambat_and_flagged():
    never = schedule_item(APP, RULE, [], D(2026, 5, 15), 90, {})
    assert (never.status, never.belum_pernah) == ("terlambat", True)
    soon = schedule_item(APP, RULE, [], D(2021, 12, 1), 90, {})
    assert (soon.status, soon.belum_pernah) == ("segera", True)
    later = schedule_item(APP, RULE, [], D(2020, 6, 1), 90, {})
    assert (later.status, later.belum_pernah) == ("aman", True)


def test_every_count_agrees_with_fail_on(mini):
    res = run("schedule", mini, "--today", "2026-01-01", "--format", "json",
              "--fail-on", "terlambat")
    doc = json.loads(res.stdout)
    own = [i for i in doc["jadwal"] if i["tanggung_jawab"] == "instansi"]
    late = [i for i in own if i["status"] == "terlambat"]
    assert doc["ringkasan"]["terlambat"] == len(late) > 0
    assert doc["ringkasan"]["belum_pernah"] == sum(i["belum_pernah"] for i in own)
    assert all(i["belum_pernah"] for i in late if i["terakhir"] is None)
    assert f"--fail-on terlambat: {len(late)} audit" in res.stderr
    table = run("schedule", mini, "--today", "2026-01-01")
    assert f"{len(late)} terlambat" in table.stdout
    assert "belum-pernah" not in table.stdout


def test_malinau_counts_agree():
    from conftest import MALINAU
    res = run("schedule", MALINAU, "--today", "2026-12-02", "--format", "json",
              "--fail-on", "terlambat")
    doc = json.loads(res.stdout)
    n = doc["ringkasan"]["terlambat"]
    assert f"--fail-on terlambat: {n} audit" in res.stderr
    seg = run("schedule", MALINAU, "--today", "2026-12-02", "--format", "json",
              "--fail-on", "segera")
    assert f"--fail-on segera: {n + doc['ringkasan']['segera']} audit" in seg.stderr


def test_national_duties_listed_after_own_and_dim():
    audits = []
    items = compute_schedule([APP], [RULE, NATIONAL], audits, D(2026, 1, 1), 90)
    assert [i.aturan.id for i in items] == ["r", "n"]      # national later though more overdue
    from spbe_risk.documents.schedule import schedule_rows
    rows = schedule_rows(items)
    assert [r["_warna"] for r in rows] == ["merah", "redup"]
    assert status_counts(items)["terlambat"] == 1
    assert fails(items, "terlambat", 90) == items[:1]


def test_colours_follow_urgency():
    from spbe_risk.documents.schedule import STATUS_WARNA
    from spbe_risk.formats.table import WARNA
    assert STATUS_WARNA == {"terlambat": "merah", "segera": "jingga", "aman": "hijau"}
    assert "red" in WARNA["merah"] and "orange" in WARNA["jingga"]
    assert "green" in WARNA["hijau"] and "dim" in WARNA["redup"]


def _events(path):
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_overdue_duty_gets_an_event_today_with_a_reminder(mini, tmp_path):
    out = tmp_path / "a.ics"
    run("schedule", mini, "--today", "2026-01-03", "--ics", out)   # a Saturday
    events = _events(out)
    reminders = [e for e in events if str(e["uid"]).startswith("pusat-data.")
                 and "terlambat" in str(e["uid"])]
    assert reminders, [str(e["uid"]) for e in events]
    for ev in reminders:
        assert ev["dtstart"].dt == D(2026, 1, 5)          # next working day
    # one alarm that morning for all overdue duties, on the summary event that names them
    (summary,) = [e for e in events if e.walk("VALARM") and e["dtstart"].dt == D(2026, 1, 5)]
    assert str(summary["uid"]).startswith("terlambat@") and "(pusat-data)" in str(
        summary["description"])
    summaries = [str(e["summary"]) for e in events]
    assert any("terlambat" in s and "diskominfo" in s for s in summaries)


def test_summary_has_status_and_upr_and_sequence_follows_content(mini, tmp_path):
    a, b, c = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "c.ics"
    run("schedule", mini, "--today", "2025-01-01", "--ics", a)    # app-layanan keamanan aman
    run("schedule", mini, "--today", "2026-03-01", "--ics", b)    # now segera
    uid = "app-layanan.keamanan@pemerintah-kabupaten-contoh.spbe-risk"

    def ev(path):
        return next(e for e in _events(path) if str(e["uid"]) == uid)

    assert "aman" in str(ev(a)["summary"]) and "diskominfo" in str(ev(a)["summary"])
    assert "segera" in str(ev(b)["summary"])
    assert int(ev(b)["sequence"]) > int(ev(a)["sequence"])
    run("schedule", mini, "--today", "2025-01-02", "--ics", c)    # same content, next day
    assert int(ev(c)["sequence"]) == int(ev(a)["sequence"])
    edit(mini / "assets.yaml", "tanggal: 2024-05-14", "tanggal: 2025-12-01")
    run("schedule", mini, "--today", "2026-03-01", "--ics", c)    # audited again: aman
    assert int(ev(c)["sequence"]) > int(ev(b)["sequence"])


def test_ids_differing_only_in_punctuation_get_distinct_uids(mini, tmp_path):
    text = (mini / "assets.yaml").read_text()
    twin = text[text.index("  - id: pusat-data"):].replace("id: pusat-data", "id: pusat.data")
    (mini / "assets.yaml").write_text(text + twin)
    out = tmp_path / "a.ics"
    res = run("schedule", mini, "--today", "2026-01-01", "--ics", out)
    assert res.exit_code in (0, 1), res.output
    uids = [str(e["uid"]) for e in _events(out)]
    assert len(uids) == len(set(uids))
    assert any(u.startswith("pusat.data.") for u in uids)


# --------------------------------------------------------------------------- issue 9 §5
def test_security_rules_count_external_audits_by_default():
    from spbe_risk.load import read_audit_rules
    from spbe_risk.resources import controls_dir

    raw = (b"kind: audit-rules\nschema_version: 1\naturan:\n"
           b"  - {id: k, jenis_audit: keamanan, jenis_aset: [pusat-data], frekuensi_bulan: 24,"
           b" pelaksana: x, tanggung_jawab: instansi}\n"
           b"  - {id: a, jenis_audit: aplikasi, jenis_aset: [aplikasi-khusus],"
           b" frekuensi_bulan: 24, pelaksana: x, tanggung_jawab: instansi}\n")
    problems: list = []
    k, a = read_audit_rules("r.yaml", raw, problems)
    assert problems == [] and (k.dihitung_dari, a.dihitung_dari) == ("eksternal", "semua")
    shipped = read_audit_rules("s.yaml", (controls_dir() / "audit-rules" /
                                          "perpres-95-2018.yaml").read_bytes(), problems)
    assert {r.dihitung_dari for r in shipped if r.jenis_audit == "keamanan"} == {"eksternal"}


def test_internal_security_audit_alone_does_not_satisfy_the_duty():
    from spbe_risk.schedule import AuditSelesai
    rule = AturanAudit("r", "keamanan", ("aplikasi-khusus",), 24, "instansi", "instansi", True,
                       "eksternal")
    internal = [AuditSelesai("app", "keamanan", D(2025, 5, 14), "internal", "APIP", "declared")]
    item = schedule_item(APP, rule, internal, D(2026, 1, 1), 90, {})
    assert item.terakhir is None and item.status == "terlambat"
    assert any("Pasal 17 ayat (4)" in w and "audit internal 14 Mei 2025" in w
               for w in item.peringatan)
    assert item.audit_internal == internal[0] and not item.belum_pernah


def test_overdue_event_sequence_rises_as_it_moves(mini, tmp_path):
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    run("schedule", mini, "--today", "2026-01-05", "--ics", a)
    run("schedule", mini, "--today", "2026-01-06", "--ics", b)
    uid = "pusat-data.keamanan.terlambat@pemerintah-kabupaten-contoh.spbe-risk"
    ea, eb = (next(e for e in _events(p) if str(e["uid"]) == uid) for p in (a, b))
    assert eb["dtstart"].dt > ea["dtstart"].dt
    assert int(eb["sequence"]) > int(ea["sequence"])


# --------------------------------------------------------------------------- properties
dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.lists(dates, max_size=4), dates, dates, st.integers(0, 400), st.integers(0, 800))
def test_sequence_never_falls_as_time_passes_or_audits_are_added(history, extra, today,
                                                                  within, later):
    from spbe_risk.formats.ics import sequence
    from spbe_risk.schedule import AuditSelesai

    audits = [AuditSelesai("app", "keamanan", d, "eksternal", "x", "declared") for d in history]
    rule = AturanAudit("r", "keamanan", ("aplikasi-khusus",), 24, "instansi", "instansi")
    now = compute_schedule([APP], [rule], audits, today, within)[0]
    tomorrow = compute_schedule([APP], [rule], audits, today + dt.timedelta(days=later),
                                within)[0]
    assert sequence(tomorrow) >= sequence(now)
    new = AuditSelesai("app", "keamanan", extra, "eksternal", "x", "declared")
    more = compute_schedule([APP], [rule], [*audits, new], today, within)[0]
    assert sequence(more) >= sequence(now)
    assert (sequence(more) == sequence(now)) == ((more.jatuh_tempo, more.status)
                                                 == (now.jatuh_tempo, now.status))
