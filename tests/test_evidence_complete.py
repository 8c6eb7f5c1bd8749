"""Issue 9 section 1: a signed bundle counts only when it proves an audit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import KEY_PW, NIP, pki, read_entries

from conftest import en
from spbe_risk.cli import main
from spbe_risk.evidence.policy import TrustPolicy
from spbe_risk.evidence.verify import verify_bundle

ENV = {"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()}
MALINAU = Path(__file__).resolve().parent.parent / "registers" / "malinau"

#: The audit metadata every complete audit states (Permenkominfo 16/2022).
METADATA = ("--tujuan", "Menilai kepatuhan keamanan aplikasi", "--mulai", "2026-08-03",
            "--selesai", "2026-08-14")


def run(*args: str):
    return CliRunner().invoke(main, list(args), env=ENV)


def init(folder: Path, *extra: str, asset: str = "APL-BANSOS", period: str = "2026"):
    return run("evidence", "init", str(folder), "--asset", asset, "--kind", "keamanan",
               "--period", period, "--auditor", "Budi Santoso", "--nip", NIP,
               "--organisation", "Inspektorat", *METADATA, "--scope", "Aplikasi bansos", *extra)


def seal(folder: Path, out: Path, *extra: str):
    return run("evidence", "seal", str(folder), "--key", str(pki().p12), "--out", str(out),
               *extra)


def test_empty_folder_is_refused_by_check_and_seal(tmp_path):
    f = tmp_path / "AUD-2026-0001"
    assert init(f).exit_code == 0
    r = run("evidence", "check", str(f))
    assert r.exit_code == 2 and "expected at least one conclusion" in r.output
    r = seal(f, tmp_path / "b.zip")
    assert r.exit_code == 2 and "expected at least one conclusion" in r.output
    assert not (tmp_path / "b.zip").exists()


def test_concluded_control_without_evidence_is_refused(tmp_path):
    f = tmp_path / "AUD-2026-0001"
    assert init(f).exit_code == 0
    assert run("evidence", "conclude", str(f), "--control", "WEB-1.a", "--desain",
               "memadai").exit_code == 0
    r = run("evidence", "check", str(f))
    assert r.exit_code == 2 and "WEB-1.a is concluded but no evidence" in r.output


def test_finding_without_recommendation_is_refused(tmp_path):
    f = tmp_path / "AUD-2026-0001"
    assert init(f).exit_code == 0
    r = run("evidence", "finding", str(f), "--id", "T-01", "--control", "WEB-1.a",
            "--tingkat", "sedang", "--kondisi", "k", "--kriteria", "k", "--sebab", "s",
            "--akibat", "a", "--rekomendasi", "  ")
    assert r.exit_code == 2 and "rekomendasi" in r.output


@pytest.mark.parametrize("period", ["kemarin", "2026-13", "26", "2026-S3"])
def test_invalid_period_is_refused(tmp_path, period):
    r = init(tmp_path / "AUD-2026-0001", period=period)
    assert r.exit_code == 2 and "periode" in r.output
    assert not (tmp_path / "AUD-2026-0001").exists()


@pytest.mark.parametrize("period", ["2026", "2026-07", "2026-S1", "2026-TW3"])
def test_valid_periods(tmp_path, period):
    assert init(tmp_path / "AUD-2026-0001", period=period).exit_code == 0


def test_unknown_control_is_refused_with_did_you_mean(tmp_path):
    f = tmp_path / "AUD-2026-0001"
    assert init(f).exit_code == 0
    r = run("evidence", "conclude", str(f), "--control", "WEB-99.z", "--desain", "memadai")
    assert r.exit_code == 2 and "unknown control 'WEB-99.z'" in r.output
    r = run("evidence", "conclude", str(f), "--control", "web-1.a", "--desain", "memadai")
    assert r.exit_code == 2 and "did you mean 'WEB-1.a'" in r.output
    src = tmp_path / "e.txt"
    src.write_text("x")
    r = run("evidence", "add", str(f), str(src), "--control", "WEB-99.z")
    assert r.exit_code == 2 and "unknown control" in r.output
    assert not (f / "data" / "evidence" / "e.txt").exists()


def test_unknown_asset_is_refused_against_the_workspace(tmp_path):
    r = init(tmp_path / "AUD-2026-0001", "--workspace", str(MALINAU), asset="app-seleksi-bansoz")
    assert r.exit_code == 2
    assert "unknown asset 'app-seleksi-bansoz'" in r.output
    assert "did you mean 'app-seleksi-bansos'" in r.output
    r = init(tmp_path / "AUD-2026-0002", "--workspace", str(MALINAU), asset="app-seleksi-bansos")
    assert r.exit_code == 0, r.output


def test_default_workspace_is_the_current_folder(tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    shutil.copytree(MALINAU, ws)
    monkeypatch.chdir(ws)
    r = init(tmp_path / "AUD-2026-0001", asset="APL-BANSOS")
    assert r.exit_code == 2 and "unknown asset" in r.output


def test_ids_without_id_are_unique(tmp_path):
    for name in ("satu", "dua", "tiga"):
        assert init(tmp_path / name).exit_code == 0
    ids = {json.loads((tmp_path / n / "data" / "audit.json").read_text())["id_audit"]
           for n in ("satu", "dua", "tiga")}
    assert len(ids) == 3


def test_next_id_skips_ids_of_bundles_with_other_names(tmp_path):
    f = _complete(tmp_path / "kerja")
    assert seal(f, tmp_path / "bundel-lama.zip").exit_code == 0
    shutil.rmtree(f)
    assert init(tmp_path / "baru").exit_code == 0
    new = json.loads((tmp_path / "baru" / "data" / "audit.json").read_text())["id_audit"]
    first = json.loads(dict(read_entries(tmp_path / "bundel-lama.zip"))[
        next(n for n in dict(read_entries(tmp_path / "bundel-lama.zip"))
             if n.endswith("audit.json"))])["id_audit"]
    assert new != first


def _complete(folder: Path) -> Path:
    assert init(folder).exit_code == 0
    src = folder.parent / f"{folder.name}-bukti.txt"
    src.write_text("bukti\n")
    assert run("evidence", "add", str(folder), str(src), "--control", "WEB-1.a").exit_code == 0
    assert run("evidence", "conclude", str(folder), "--control", "WEB-1.a", "--desain",
               "memadai", "--implementasi", "sesuai", "--efektivitas", "efektif").exit_code == 0
    return folder


def test_draft_seals_an_incomplete_pack_marked_as_draft(tmp_path):
    f = tmp_path / "AUD-2026-0001"
    assert init(f).exit_code == 0
    r = seal(f, tmp_path / "d.zip", "--draft")
    assert r.exit_code == 0, r.output
    entries = dict(read_entries(tmp_path / "d.zip"))
    assert b"Audit-Status: draft\n" in entries["AUD-2026-0001/bag-info.txt"]
    assert json.loads(entries["AUD-2026-0001/data/audit.json"])["draft"] is True
    result = verify_bundle(tmp_path / "d.zip", TrustPolicy.from_pem_files([pki().ca_pem]))
    assert result.ok and result.draft and not result.counts
    r = run("evidence", "verify", str(tmp_path / "d.zip"), "--trust", str(pki().ca_pem))
    assert "[7/7] completeness" in r.output
    assert r.output.rstrip().split("\n")[-1].startswith("VALID DRAFT:")   # SPBE_RISK_LANG=en here


def test_verify_reports_an_incomplete_bundle_at_the_completeness_step(tmp_path):
    f = tmp_path / "AUD-2026-0001"
    assert init(f).exit_code == 0
    assert seal(f, tmp_path / "d.zip", "--draft").exit_code == 0
    # strip the draft marks and re-sign: an incomplete bundle that claims to be complete
    import datetime as dt

    from evidence_fixtures.cms import reseal_at
    from evidence_fixtures.helpers import write_entries

    from spbe_risk.evidence import auditmeta

    entries = dict(read_entries(tmp_path / "d.zip"))
    audit = json.loads(entries["AUD-2026-0001/data/audit.json"])
    del audit["draft"]
    data = auditmeta.canonical_bytes(audit)
    entries["AUD-2026-0001/data/audit.json"] = data
    import hashlib
    man = entries["AUD-2026-0001/manifest-sha256.txt"].decode().splitlines()
    man = [f"{hashlib.sha256(data).hexdigest()}  data/audit.json" if ln.endswith("audit.json")
           else ln for ln in man]
    entries["AUD-2026-0001/manifest-sha256.txt"] = ("\n".join(man) + "\n").encode()
    info = entries["AUD-2026-0001/bag-info.txt"].decode().replace("Audit-Status: draft\n", "")
    octets = sum(len(v) for k, v in entries.items() if "/data/" in k)
    info = "\n".join(f"Payload-Oxum: {octets}.1" if ln.startswith("Payload-Oxum") else ln
                     for ln in info.splitlines()) + "\n"
    entries["AUD-2026-0001/bag-info.txt"] = info.encode()
    write_entries(tmp_path / "c.zip", sorted(entries.items()))
    reseal_at(tmp_path / "c.zip", tmp_path / "c.zip", pki().signer,
              dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1))
    result = verify_bundle(tmp_path / "c.zip", TrustPolicy.from_pem_files([pki().ca_pem]))
    assert not result.ok
    assert result.failure.step == "completeness", result.failure
    assert "expected at least one conclusion" in en(result.failure.reason)


def _sealed_at(tmp_path: Path, when, draft: bool = False) -> Path:
    import datetime as dt

    from evidence_fixtures.cms import issue, reseal_at

    f = _complete(tmp_path / "kerja") if not draft else tmp_path / "kerja"
    if draft:
        assert init(f).exit_code == 0
    audits = tmp_path / "audits"
    audits.mkdir(exist_ok=True)
    out = audits / "b.zip"
    assert seal(f, out, *(["--draft"] if draft else [])).exit_code == 0
    signer = issue(not_before=when - dt.timedelta(days=30),
                   not_after=dt.datetime.now(dt.UTC) + dt.timedelta(days=300))
    return reseal_at(out, out, signer, when)


@pytest.mark.parametrize("utc,expected", [("2026-11-01T17:30:00", "2026-11-02"),
                                          ("2026-11-01T15:59:00", "2026-11-01")])
def test_schedule_dates_an_audit_by_its_signing_time_in_the_instansi_zone(tmp_path, utc,
                                                                         expected):
    import datetime as dt

    from spbe_risk.sources.bundles import scan

    when = dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC)
    _sealed_at(tmp_path, when)
    bukti = scan(tmp_path / "audits", [pki().ca_pem], ["APL-BANSOS"], "WITA")
    assert bukti.ditolak == (), bukti.ditolak
    (done,) = bukti.selesai
    assert done.tanggal.isoformat() == expected


def test_schedule_rejects_a_draft_with_the_reason(tmp_path):
    import datetime as dt

    from spbe_risk.sources.bundles import scan

    _sealed_at(tmp_path, dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC), draft=True)
    bukti = scan(tmp_path / "audits", [pki().ca_pem], ["APL-BANSOS"], "WITA")
    assert bukti.selesai == ()
    (rejected,) = bukti.ditolak
    assert rejected["langkah"] == "completeness" and "draft" in rejected["alasan"]
