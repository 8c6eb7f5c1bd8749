"""Follow-up of audit findings (tindak lanjut): Permenkominfo 16/2022 Lampiran I P-7.

A planted overdue finding must show in ``findings --overdue``, ``schedule`` (its own
section, JSON, ``--fail-on``) and the calendar; the auditee's YAML alone never closes an
item; a follow-up bundle counts only when it verifies against the workspace's anchors and
names the original bundle's hash.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import read_entries, write_entries

from spbe_risk.audit.metadata import anggota_dict
from spbe_risk.audit.tindak_lanjut import (
    AuditBertemuan,
    CatatanAuditan,
    Pengaturan,
    VerifikasiBundel,
    compute_items,
)
from spbe_risk.cli import main

D = dt.date
AUDIT_DAY = dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --------------------------------------------------------------------------- pure rules
def _audit(temuan=({"id": "T-01", "batas_waktu": "2026-03-01", "tingkat": "tinggi"},),
           pelaksana="eksternal", sha="a" * 64) -> AuditBertemuan:
    return AuditBertemuan("AUD-2026-0001", "app", "keamanan", pelaksana, D(2026, 2, 3),
                          "AUD-2026-0001.zip", sha, tuple(temuan))


VERDICT_DAY, NOTE_DAY = D(2026, 3, 10), D(2026, 2, 20)


def _verdict(status, day=VERDICT_DAY, sha="a" * 64, pelaksana="eksternal", temuan="T-01"):
    return VerifikasiBundel("AUD-2026-0002", "AUD-2026-0001", sha, pelaksana, day,
                            "AUD-2026-0002.zip", "CN=Auditor",
                            ({"temuan": temuan, "status": status, "catatan": "diuji ulang"},))


def _note(status, day=NOTE_DAY):
    return CatatanAuditan("AUD-2026-0001", "T-01", status, day, "diperbaiki", "", "f:1:1")


def test_unfollowed_finding_becomes_overdue_then_escalated():
    (item,) = compute_items([_audit()], [], [], D(2026, 3, 1)).items
    assert (item.status, item.terlambat, item.eskalasi) == ("belum-ditindaklanjuti", False, False)
    (item,) = compute_items([_audit()], [], [], D(2026, 3, 2)).items
    assert (item.hari_terlambat, item.eskalasi) == (1, False)
    (item,) = compute_items([_audit()], [], [], D(2026, 4, 1)).items
    assert (item.hari_terlambat, item.eskalasi) == (31, True)
    (item,) = compute_items([_audit()], [], [], D(2026, 4, 1), pengaturan=Pengaturan(60, 40)).items
    assert item.eskalasi is False


def test_the_auditees_claim_never_closes_an_item():
    (item,) = compute_items([_audit()], [_note("selesai-menurut-auditan")], [],
                            D(2026, 5, 1)).items
    assert item.status == "selesai-menurut-auditan" and item.terlambat and not item.selesai


def test_the_auditors_verdict_closes_and_later_claims_do_not_reopen():
    res = compute_items([_audit()], [_note("selesai-menurut-auditan"),
                                     _note("dalam-proses", D(2026, 4, 1))],
                        [_verdict("tuntas")], D(2026, 5, 1))
    (item,) = res.items
    assert (item.status, item.terlambat, item.diverifikasi_oleh) == ("tuntas", False,
                                                                     "AUD-2026-0002")
    assert item.catatan and "tidak mengubah status" in item.catatan[0]


def test_belum_tuntas_sends_the_item_back_to_dalam_proses():
    (item,) = compute_items([_audit()], [_note("selesai-menurut-auditan")],
                            [_verdict("belum-tuntas")], D(2026, 5, 1)).items
    assert item.status == "dalam-proses" and item.terlambat


@pytest.mark.parametrize("verdict, why", [
    (_verdict("tuntas", sha="b" * 64), "hash tag manifest"),
    (_verdict("tuntas", pelaksana="internal"), "auditor internal"),
])
def test_a_verdict_on_another_bundle_or_by_another_kind_of_auditor_does_not_count(verdict, why):
    res = compute_items([_audit()], [], [verdict], D(2026, 5, 1))
    assert res.items[0].status == "belum-ditindaklanjuti"
    assert why in res.verifikasi_ditolak[0]["alasan"]


def test_default_deadline_and_unmatched_notes():
    res = compute_items([_audit(({"id": "T-09"},))], [_note("dalam-proses")], [],
                        D(2026, 2, 4))
    (item,) = res.items
    assert item.batas_waktu == D(2026, 4, 4) and item.batas_waktu_bawaan
    assert "T-01" in res.peringatan[0] and res.peringatan[0].startswith("f:1:1")


# --------------------------------------------------------------------------- bundles
@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    from spbe_risk.evidence import keys

    base = tmp_path_factory.mktemp("pki")
    since = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for who in ("lembaga", "liar"):
        keys.init_ca(base / who, f"CA {who}", b"ca-password", organisation=f"Org {who}", now=since)
        keys.issue_auditor(base / who, b"ca-password", name=f"Auditor {who}",
                           nip="198001012005011001", organisation=f"LATIK {who}",
                           out=base / f"{who}.p12", password=b"key-password", now=since,
                           days=3650)
    return base


def _signer(pki: Path, who: str = "lembaga"):
    from spbe_risk.evidence.signing import load_signer

    return load_signer(pki / f"{who}.p12", b"key-password")


def _seal(work: Path, out: Path, signer, day: dt.datetime) -> Path:
    from evidence_fixtures.cms import reseal_at

    from spbe_risk.evidence.seal import seal_folder

    out.parent.mkdir(parents=True, exist_ok=True)
    seal_folder(work, signer, out)
    reseal_at(out, out, signer, day)
    shutil.rmtree(work)
    return out


def audit_bundle(pki: Path, ws: Path, bundle_id="AUD-2026-0001") -> Path:
    """An external audit of app-layanan with finding T-01 due 2026-03-01."""
    from spbe_risk.evidence import adding, folder

    work = ws.parent / "work" / bundle_id
    folder.init_folder(work, aset="app-layanan", jenis_audit="keamanan", periode="2026",
                       tim_auditor=[anggota_dict("Auditor lembaga", "ketua", "AUD-TIK-001",
                                                 True),
                                    anggota_dict("Rudi Anggota", "anggota", "AUD-TIK-002")],
                       lembaga={"nama": "LATIK lembaga", "nomor_registrasi": "REG-001"},
                       surat_keterangan={"nomor": "SK-001/2026", "tanggal": "2026-02-02"},
                       tujuan="Uji", mulai="2026-01-26", selesai="2026-01-30",
                       ruang_lingkup="Autentikasi", id_audit=bundle_id, pelaksana="eksternal")
    ev = work / "data" / "evidence" / "login.txt"
    ev.write_text("hasil uji login\n")
    adding.add_evidence(work, [ev], ("WEB-1.a",), uraian="uji login")
    folder.conclude(work, "WEB-1.a", "memadai", "sesuai", "perlu-peningkatan")
    folder.record_finding(work, {"id": "T-01", "kontrol": "WEB-1.a", "tingkat": "tinggi",
                                 "kondisi": "Kata sandi lemah diterima", "kriteria": "Pasal 27",
                                 "sebab": "Tanpa kebijakan", "akibat": "Akun diambil alih",
                                 "rekomendasi": "Terapkan kebijakan kata sandi",
                                 "tanggapan_manajemen": None, "batas_waktu": "2026-03-01"})
    return _seal(work, ws / "audits" / f"{bundle_id}.zip", _signer(pki), AUDIT_DAY)


def follow_up_bundle(pki: Path, ws: Path, original: Path, status="tuntas", who="lembaga",
                     bundle_id="AUD-2026-0002") -> Path:
    from spbe_risk.evidence import folder
    from spbe_risk.evidence.followup import bundle_facts, record_verdict

    work = ws.parent / "work" / bundle_id
    folder.init_folder(work, aset="app-layanan", jenis_audit="keamanan", periode="2026",
                       tim_auditor=[anggota_dict(f"Auditor {who}", "ketua", "AUD-TIK-001",
                                                 True)],
                       lembaga={"nama": f"LATIK {who}"}, ruang_lingkup="Verifikasi",
                       id_audit=bundle_id, pelaksana="eksternal",
                       follow_up=bundle_facts(original))
    record_verdict(work, "T-01", status, "Uji ulang: kata sandi lemah ditolak")
    return _seal(work, ws / "audits" / f"{bundle_id}.zip", _signer(pki, who),
                 dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC))


@pytest.fixture
def planted(mini, pki):
    """The mini workspace with a trusted external audit whose finding T-01 is overdue."""
    (mini / "trust" / "eksternal").mkdir(parents=True)     # the LATIK's anchor (external)
    shutil.copy(pki / "lembaga" / "ca.pem", mini / "trust" / "eksternal" / "ca.pem")
    audit_bundle(pki, mini)
    return mini


def findings_json(ws: Path, *extra) -> dict:
    res = run("findings", ws, "--today", "2026-05-01", "--format", "json", *extra)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_planted_overdue_finding_in_findings_schedule_and_calendar(planted, tmp_path):
    doc = findings_json(planted, "--overdue")
    (item,) = doc["temuan"]
    assert (item["id_audit"], item["temuan"], item["hari_terlambat"], item["eskalasi"]) == \
        ("AUD-2026-0001", "T-01", 61, True)
    assert item["penanggung_jawab"] == "Dinas Komunikasi dan Informatika"
    table = run("findings", planted, "--today", "2026-05-01", "--overdue")
    assert "T-01" in table.stdout and "Belum Ditindaklanjuti" in table.stdout
    assert run("findings", planted, "--today", "2026-05-01", "--fail-on",
               "eskalasi").exit_code == 1
    csv = run("findings", planted, "--today", "2026-05-01", "--format", "csv").stdout
    assert "AUD-2026-0001" in csv and "T-01" in csv

    ics = tmp_path / "jadwal.ics"
    sched = run("schedule", planted, "--today", "2026-05-01", "--format", "json",
                "--fail-on", "terlambat", "--ics", ics)
    assert sched.exit_code == 1
    assert "1 tindak lanjut temuan — AUD-2026-0001/T-01" in sched.stderr
    data = json.loads(sched.stdout)
    assert [(t["id_audit"], t["temuan"]) for t in data["tindak_lanjut_terlambat"]] == \
        [("AUD-2026-0001", "T-01")]
    section = run("schedule", planted, "--today", "2026-05-01").stdout
    assert "Tindak Lanjut Temuan Audit TIK" in section and "T-01" in section

    from icalendar import Calendar

    cal = Calendar.from_ical(ics.read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    due = events["AUD-2026-0001.T-01.tindak-lanjut@pemerintah-kabupaten-contoh.spbe-risk"]
    assert due.decoded("dtstart") == D(2026, 3, 1)
    late = events["AUD-2026-0001.T-01.tindak-lanjut-terlambat@pemerintah-kabupaten-contoh"
                  ".spbe-risk"]
    assert late.decoded("dtstart") == D(2026, 5, 1)
    assert "ESKALASI" in str(late["summary"]) and "61 hari" in str(late["summary"])


def test_auditee_yaml_cannot_make_an_item_tuntas(planted):
    yaml = planted / "tindak-lanjut.yaml"
    yaml.write_text("kind: tindak-lanjut\nschema_version: 1\ntindak_lanjut:\n"
                    "  - id_audit: AUD-2026-0001\n    temuan: T-01\n    status: tuntas\n"
                    "    tanggal: 2026-03-15\n", encoding="utf-8")
    res = run("check", planted)
    assert res.exit_code == 2
    assert "tindak-lanjut.yaml:6:13: status: 'tuntas' is the auditor's verdict" in res.output
    yaml.write_text(yaml.read_text().replace("status: tuntas", "status: selesai-menurut-auditan"))
    (item,) = findings_json(planted)["temuan"]
    assert item["status"] == "selesai-menurut-auditan" and item["terlambat"]


def test_trusted_follow_up_bundle_closes_the_item(planted, pki):
    follow_up_bundle(pki, planted, planted / "audits" / "AUD-2026-0001.zip")
    doc = findings_json(planted)
    (item,) = doc["temuan"]
    assert (item["status"], item["terlambat"], item["diverifikasi_oleh"]) == \
        ("tuntas", False, "AUD-2026-0002")
    assert findings_json(planted, "--overdue")["temuan"] == []
    # a follow-up bundle is not an audit: the schedule counts only AUD-2026-0001
    sched = json.loads(run("schedule", planted, "--today", "2026-05-01", "--format",
                           "json").stdout)
    item = next(i for i in sched["jadwal"] if i["aset"] == "app-layanan"
                and i["jenis_audit"] == "keamanan")
    assert item["terakhir"]["bundel"] == "AUD-2026-0001"


def test_follow_up_signed_by_an_untrusted_key_does_not_count(planted, pki):
    follow_up_bundle(pki, planted, planted / "audits" / "AUD-2026-0001.zip", who="liar")
    (item,) = findings_json(planted)["temuan"]
    assert item["status"] == "belum-ditindaklanjuti" and item["terlambat"]
    sched = json.loads(run("schedule", planted, "--today", "2026-05-01", "--format",
                           "json").stdout)
    (rejected,) = sched["bukti_ditolak"]
    assert rejected["bundel"].endswith("AUD-2026-0002.zip") and rejected["langkah"] == "signature"


def test_tampered_follow_up_bundle_does_not_count(planted, pki):
    bad = follow_up_bundle(pki, planted, planted / "audits" / "AUD-2026-0001.zip")
    entries = [(n, d.replace(b'"tuntas"', b'"tuntaS"') if n.endswith("audit.json") else d)
               for n, d in read_entries(bad)]
    write_entries(bad, entries)
    (item,) = findings_json(planted)["temuan"]
    assert item["status"] == "belum-ditindaklanjuti"


def test_follow_up_of_a_resealed_original_does_not_count(planted, pki):
    """The verdict names the original's tag-manifest hash: a new version of the
    original (sealed again) is another bundle, and the old verdict does not move to it."""
    original = planted / "audits" / "AUD-2026-0001.zip"
    follow_up_bundle(pki, planted, original)
    from evidence_fixtures.cms import reseal_at

    reseal_at(original, original, _signer(pki), AUDIT_DAY + dt.timedelta(hours=1))
    doc = findings_json(planted)
    assert doc["temuan"][0]["status"] == "belum-ditindaklanjuti"
    assert "hash tag manifest" in doc["verifikasi_ditolak"][0]["alasan"]


def test_cli_follow_up_init_and_verdict(planted, pki, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "tl"
    res = run("evidence", "init", folder, "--workspace", planted, "--follow-up-of",
              "AUD-2026-0001", "--periode", "2026", "--ketua-tim", "Auditor lembaga",
              "--lembaga", "LATIK lembaga", "--pelaksana", "eksternal", "--id",
              "AUD-2026-0003")
    assert res.exit_code == 0, res.output
    audit = json.loads((folder / "data" / "audit.json").read_text())
    assert audit["aset"] == "app-layanan" and audit["jenis_audit"] == "keamanan"
    from spbe_risk.evidence.followup import bundle_facts

    assert audit["tindak_lanjut_dari"] == {
        "id_audit": "AUD-2026-0001",
        "sha256_tagmanifest": bundle_facts(planted / "audits" / "AUD-2026-0001.zip")[1]}
    not_ready = run("evidence", "check", folder, "--workspace", planted)
    assert not_ready.exit_code != 0 and "verifikasi_tindak_lanjut" in not_ready.output
    res = run("evidence", "verdict", folder, "--temuan", "T-01", "--status", "tuntas",
              "--catatan", "Uji ulang berhasil", "--workspace", planted)
    assert res.exit_code == 0, res.output
    assert "Tuntas (diverifikasi auditor)" in res.output
    assert run("evidence", "check", folder, "--workspace", planted).exit_code == 0
    missing = run("evidence", "init", tmp_path / "x", "--workspace", planted,
                  "--follow-up-of", "AUD-2026-0099", "--periode", "2026", "--ketua-tim", "A",
                  "--lembaga", "B")
    assert missing.exit_code == 2 and "AUD-2026-0099.zip" in missing.output
    plain = run("evidence", "init", tmp_path / "y", "--periode", "2026", "--ketua-tim", "A",
                "--lembaga", "B")
    assert plain.exit_code == 2 and "--aset, --jenis-audit, --ruang-lingkup" in plain.output


def test_planted_overdue_finding_in_the_database(planted, tmp_path):
    import sqlite3

    db = tmp_path / "w.db"
    res = run("db", "build", planted, "--db", db, "--today", "2026-05-01")
    assert res.exit_code == 0, res.output
    with sqlite3.connect(db) as conn:
        late = conn.execute("SELECT id_audit, temuan, nama_aset, hari_terlambat, eskalasi "
                            "FROM tindak_lanjut_terlambat").fetchall()
        every = conn.execute("SELECT status, batas_waktu FROM tindak_lanjut").fetchall()
    assert late == [("AUD-2026-0001", "T-01", "Aplikasi Layanan Publik", 61, 1)]
    assert every == [("belum-ditindaklanjuti", "2026-03-01")]


def test_planted_overdue_finding_in_the_summary_pdf_and_dashboard(planted, tmp_path):
    import subprocess

    out = tmp_path / "laporan-out"
    res = run("report", planted, "--out", out, "--today", "2026-05-01")
    assert res.exit_code == 0, res.output
    text = subprocess.run(["pdftotext", "-layout", str(out / "laporan" /
                                                       "ringkasan-eksekutif.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    block = text[text.index("Tindak lanjut temuan audit yang lewat batas waktu"):]
    assert "AUD-2026-0001" in block and "T-01" in block and "61" in block
    assert "1 perlu eskalasi" in block
    html = (out / "dasbor.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="tindak-lanjut">'):]
    section = section[:section.index("</section>")]
    assert "AUD-2026-0001" in section and "T-01" in section and "Terapkan kebijakan" in section


def test_check_warns_at_an_entry_for_a_finding_no_bundle_holds(planted):
    (planted / "tindak-lanjut.yaml").write_text(
        "kind: tindak-lanjut\nschema_version: 1\ntindak_lanjut:\n"
        "  - id_audit: AUD-2026-0001\n    temuan: T-01\n    status: dalam-proses\n"
        "    tanggal: 2026-02-10\n"
        "  - id_audit: AUD-2026-0009\n    temuan: T-01\n    status: dalam-proses\n"
        "    tanggal: 2026-02-10\n", encoding="utf-8")
    res = run("check", planted)
    assert res.exit_code == 0, res.output
    assert ("tindak-lanjut.yaml:8:5: peringatan: temuan: diharapkan temuan dari bundel "
            "terverifikasi di audits/, ditemukan T-01 dari AUD-2026-0009") in res.output
    assert "tindak-lanjut.yaml:4:" not in res.output
    (item,) = findings_json(planted)["temuan"]
    assert item["status"] == "dalam-proses"


def test_follow_up_by_an_internal_key_claiming_eksternal_does_not_close(planted, pki):
    """Who signed decides: an Inspektorat key (an internal anchor) writing pelaksana
    eksternal in a follow-up of a LATIK audit closes nothing."""
    (planted / "trust" / "internal").mkdir()
    shutil.copy(pki / "liar" / "ca.pem", planted / "trust" / "internal" / "ca.pem")
    follow_up_bundle(pki, planted, planted / "audits" / "AUD-2026-0001.zip", who="liar")
    doc = findings_json(planted)
    assert doc["temuan"][0]["status"] == "belum-ditindaklanjuti"
    assert "diverifikasi oleh auditor internal" in doc["verifikasi_ditolak"][0]["alasan"]
