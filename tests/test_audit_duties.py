"""Who may meet which audit duty (Permenkominfo 16/2022 Pasal 4(3), 16(5), 16(8), 17(4), 20;
issue 18 item 1–2), on a copy of the Malinau sample: the schedule's verdicts for an
internal-only audit, an external one without a proper team, a complete external one, and
an Inspektorat key that writes ``pelaksana: eksternal``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MALINAU
from spbe_risk.audit import duties
from spbe_risk.audit.metadata import anggota_dict, meta_of, new_audit
from spbe_risk.cli import main
from spbe_risk.problems import InputError

ASET = "app-spasial-bansos"          # no security audit declared; due 2027-03-01
TODAY = "2027-06-01"
SIGNED = dt.datetime(2026, 10, 12, 3, tzinfo=dt.UTC)    # before the real clock
PW = b"pw-duties-1"

KETUA = anggota_dict("Ratna Sari", "ketua", "LSP-KS-0311", True, jabatan="Ketua Tim")
ANGGOTA = anggota_dict("Andreas Lahang", "anggota", "LSP-KS-0127")
LATIK = {"nama": "PT Audit TIK Contoh", "nomor_registrasi": "BSSN-LATIK-KS-0042"}
SURAT = {"nomor": "017/SK/2027", "tanggal": "2026-10-12"}


@pytest.fixture(scope="module")
def keys_(tmp_path_factory) -> dict[str, Path]:
    """An Inspektorat CA with its auditor, and a LATIK CA with its auditor."""
    from spbe_risk.evidence import keys

    base = tmp_path_factory.mktemp("duties-pki")
    since = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for who, org in (("inspektorat", "Inspektorat Kabupaten Malinau"), ("latik", LATIK["nama"])):
        keys.init_ca(base / who, f"CA {org}", PW, organisation=org, now=since)
        keys.issue_auditor(base / who, PW, name=f"Auditor {who}", nip="198001012005011001",
                           organisation=org, out=base / f"{who}.p12", password=PW, now=since,
                           days=3650)
    return {"base": base}


@pytest.fixture
def ws(tmp_path: Path, keys_) -> Path:
    """The sample without its own bundles, trusting the Inspektorat CA for internal and the
    LATIK CA for external audits."""
    dest = tmp_path / "malinau"
    shutil.copytree(MALINAU, dest)
    for bundle in (dest / "audits").glob("*.zip"):
        bundle.unlink()
    shutil.rmtree(dest / "trust")
    (dest / "trust" / "internal").mkdir(parents=True)
    (dest / "trust" / "eksternal").mkdir()
    shutil.copy(keys_["base"] / "inspektorat" / "ca.pem", dest / "trust" / "internal" / "i.pem")
    shutil.copy(keys_["base"] / "latik" / "ca.pem", dest / "trust" / "eksternal" / "l.pem")
    return dest


def bundle(ws: Path, keys_, bundle_id: str, *, signer: str, pelaksana: str,
           tim=(KETUA, ANGGOTA), lembaga=LATIK, surat=SURAT, draft: bool = False,
           without_rule: pytest.MonkeyPatch | None = None) -> Path:
    """Seal one security audit of ``ASET`` signed by ``signer`` (inspektorat | latik),
    dated ``SIGNED``. ``without_rule``: seal as an older version of the tool did, before
    an external audit had to name its team, lembaga and surat keterangan."""
    from evidence_fixtures.cms import reseal_at

    from spbe_risk.evidence import adding, folder
    from spbe_risk.evidence.seal import seal_folder
    from spbe_risk.evidence.signing import load_signer

    work = ws.parent / "work" / bundle_id
    folder.init_folder(work, aset=ASET, jenis_audit="keamanan", periode="2027",
                       tim_auditor=list(tim), lembaga=dict(lembaga), id_audit=bundle_id,
                       pelaksana=pelaksana, ruang_lingkup="Autentikasi", tujuan="Audit keamanan",
                       mulai="2026-10-05", selesai="2026-10-09", surat_keterangan=surat)
    ev = work / "data" / "evidence" / "uji.txt"
    ev.write_text("hasil uji\n")
    adding.add_evidence(work, [ev], ("WEB-1.a",), uraian="uji")
    folder.conclude(work, "WEB-1.a", "memadai", "sesuai", "efektif")
    out = ws / "audits" / f"{bundle_id}.zip"
    key = load_signer(keys_["base"] / f"{signer}.p12", PW)
    try:
        if without_rule is not None:
            without_rule.setattr(duties, "external_problems", lambda meta: [])
        seal_folder(work, key, out, draft=draft)
    finally:
        if without_rule is not None:
            without_rule.undo()
        shutil.rmtree(work)
    reseal_at(out, out, key, SIGNED)
    return out


def schedule(ws: Path) -> dict:
    res = CliRunner().invoke(main, ["schedule", str(ws), "--today", TODAY, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def item(doc: dict) -> dict:
    return next(i for i in doc["jadwal"] if i["aset"] == ASET and i["jenis_audit"] == "keamanan")


def table(ws: Path, fmt: str = "table") -> str:
    res = CliRunner().invoke(main, ["schedule", str(ws), "--today", TODAY, "--format", fmt])
    return res.stdout


def test_only_an_internal_audit_leaves_the_duty_unmet_and_shows_it_as_internal(ws, keys_):
    bundle(ws, keys_, "AUD-2027-0001", signer="inspektorat", pelaksana="internal",
           lembaga={"nama": "Inspektorat Kabupaten Malinau"}, surat=None)
    doc = schedule(ws)
    it = item(doc)
    assert it["status"] == "terlambat" and it["terakhir"] is None
    assert it["belum_pernah"] is False
    assert it["audit_internal"]["bundel"] == "AUD-2027-0001"
    assert it["audit_internal"]["tanggal"] == "2026-10-12"
    assert it["audit_internal"]["memenuhi_kewajiban"] is False
    assert "audit internal 12 Oktober 2026, tidak memenuhi kewajiban Pasal 17 ayat (4) " \
           "Permenkominfo 16/2022" in it["peringatan"]
    assert doc["bukti_ditolak"] == []
    row = next(ln for ln in table(ws, "csv").splitlines() if ASET in ln and "keamanan" in ln)
    assert "2026-10-12 (internal)" in row and "belum pernah" not in row


def test_external_with_one_auditor_seals_only_as_a_draft(ws, keys_):
    with pytest.raises(InputError) as err:
        bundle(ws, keys_, "AUD-2027-0002", signer="latik", pelaksana="eksternal", tim=(KETUA,))
    assert "tim_auditor" in str(err.value) and "paling sedikit 2 auditor" in str(err.value)
    bundle(ws, keys_, "AUD-2027-0002", signer="latik", pelaksana="eksternal", tim=(KETUA,),
           draft=True)
    doc = schedule(ws)
    assert item(doc)["status"] == "terlambat"
    (rejected,) = doc["bukti_ditolak"]
    assert rejected["bundel"].endswith("AUD-2027-0002.zip") and "draft" in rejected["alasan"]


def test_older_external_bundle_with_one_auditor_is_rejected_with_the_reason(ws, keys_,
                                                                             monkeypatch):
    bundle(ws, keys_, "AUD-2027-0003", signer="latik", pelaksana="eksternal", tim=(KETUA,),
           surat=None, without_rule=monkeypatch)
    doc = schedule(ws)
    assert item(doc)["status"] == "terlambat" and item(doc)["terakhir"] is None
    (rejected,) = doc["bukti_ditolak"]
    assert rejected["langkah"] == "completeness"
    assert "paling sedikit 2 auditor" in rejected["alasan"]
    assert "bukti ditolak" in table(ws) and "AUD-2027-0003.zip" in table(ws)


def test_complete_external_audit_signed_by_a_latik_meets_the_duty(ws, keys_):
    bundle(ws, keys_, "AUD-2027-0004", signer="latik", pelaksana="eksternal")
    doc = schedule(ws)
    it = item(doc)
    assert doc["bukti_ditolak"] == []
    assert it["status"] == "aman"
    assert it["terakhir"] == {"tanggal": "2026-10-12", "pelaksana": "eksternal",
                              "auditor": LATIK["nama"], "sumber": "verified",
                              "bundel": "AUD-2027-0004"}
    assert it["jatuh_tempo"] == "2028-10-12"


def test_an_inspektorat_key_claiming_eksternal_does_not_count(ws, keys_):
    bundle(ws, keys_, "AUD-2027-0005", signer="inspektorat", pelaksana="eksternal")
    doc = schedule(ws)
    assert item(doc)["status"] == "terlambat" and item(doc)["terakhir"] is None
    (rejected,) = doc["bukti_ditolak"]
    assert rejected["langkah"] == "pelaksana"
    assert "yang menandatangani yang menentukan" in rejected["alasan"]


def test_two_bundles_with_one_id_count_once(ws, keys_):
    first = bundle(ws, keys_, "AUD-2027-0006", signer="latik", pelaksana="eksternal")
    shutil.copy(first, ws / "audits" / "salinan.zip")
    doc = schedule(ws)
    assert item(doc)["status"] == "aman"
    (rejected,) = doc["bukti_ditolak"]
    assert rejected["bundel"].endswith("salinan.zip") and rejected["langkah"] == "id_audit"
    assert "sudah dipakai oleh AUD-2027-0006.zip" in rejected["alasan"]


def _meta(**changes):
    audit = new_audit(id_audit="AUD-2027-0001", aset="a", jenis_audit="keamanan",
                      periode="2027", tim_auditor=[KETUA, ANGGOTA], lembaga=LATIK,
                      pelaksana="eksternal", surat_keterangan=SURAT)
    audit.update(changes)
    return meta_of(audit)


@pytest.mark.parametrize("changes,where", [
    ({"tim_auditor": [KETUA]}, "tim_auditor"),
    ({"tim_auditor": [ANGGOTA, {**ANGGOTA, "nama": "B"}]}, "tim_auditor"),
    ({"lembaga": {"nama": "PT X", "nomor_registrasi": None, "nomor_akreditasi": None}},
     "lembaga"),
    ({"surat_keterangan": None}, "surat_keterangan"),
])
def test_each_missing_external_element_is_named(changes, where):
    assert [w for w, _ in duties.external_problems(_meta(**changes))] == [where]
    assert duties.judge(_meta(**changes), duties.EKSTERNAL).pelaksana is None


def test_judge_by_signer_role():
    assert duties.judge(_meta(), duties.EKSTERNAL).pelaksana == "eksternal"
    assert duties.judge(_meta(), duties.INTERNAL).pelaksana is None
    assert duties.judge(_meta(), None).pelaksana is None
    internal = _meta(pelaksana="internal")
    assert duties.judge(internal, duties.INTERNAL).pelaksana == "internal"
    assert duties.judge(internal, duties.EKSTERNAL).pelaksana == "internal"
